import { describe, expect, it } from 'vitest';
import { operationOnly } from '../../../src/hizir/hizir-areas';
import { homeAuthorityFor, loadHomeAuthorities } from '../../../src/hizir/hizir-authorities';
import { tokenize } from '../../../src/hizir/turkish-text';

const CONFIG = `${__dirname}/../../../config`;

/**
 * Work that belongs to the rule lists, not to each answer, is done once per list: reading every
 * operation phrase, or every home-authority rule, for each message had made an answer cost about
 * 2.5 times what it did (README, Hızır speed). The answers themselves are guarded by
 * hizir-snapshot.spec.ts and the rules' own specs.
 */
describe('Hızır rule lists read once, not per message', () => {
  it('operationOnly does not read the phrase list again for a second message', () => {
    let reads = 0;
    const phrases = // Folded, as the engine passes them.
      ['ilk pasaport', 'pasaport yenileme', 'kimlik karti', 'vize basvurusu'].map((p, i) => ({
        entry: i,
        get phrase(): string {
          reads += 1;
          return p;
        },
      }));
    expect(operationOnly('pasaport yenileme nasıl yapılır', phrases)).toBe(1);
    reads = 0;
    expect(operationOnly('kimlik kartı hakkında bilgi', phrases)).toBe(2);
    expect(operationOnly('ilk pasaport nasıl alınır', phrases)).toBe(0);
    expect(reads).toBe(0);
  });

  it('homeAuthorityFor reads no rule whose first words the message lacks', () => {
    const rules = loadHomeAuthorities(CONFIG);
    expect(homeAuthorityFor('E-Devlet parolamı sıfırlamak istiyorum', rules)?.id).toBe(
      'e-devlet-password',
    );
    let reads = 0;
    for (const rule of rules) {
      const terms = rule.whenTerms;
      Object.defineProperty(rule, 'whenTerms', {
        get: () => {
          reads += 1;
          return terms;
        },
      });
    }
    expect(homeAuthorityFor('merhaba nasılsınız', rules)).toBeNull();
    expect(reads).toBe(0);
    expect(homeAuthorityFor('yuksek lisans diplomamin denkligini nasil alirim', rules)?.id).toBe(
      'yok-equivalence',
    );
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThan(rules.length);
  });

  it('tokenize gives each caller its own list of the words it remembers', () => {
    const first = tokenize('Pasaportumu kaybettim');
    first.push('x');
    expect(tokenize('Pasaportumu kaybettim')).toEqual(['pasaportumu', 'kaybettim']);
  });
});
