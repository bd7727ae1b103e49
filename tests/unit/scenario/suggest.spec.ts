import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../../src/scenario/suggest';

describe('did you mean', () => {
  it('counts insertions, deletions, substitutions and swaps as one edit each', () => {
    expect(editDistance('desk', 'desk')).toBe(0);
    expect(editDistance('dsk', 'desk')).toBe(1);
    expect(editDistance('desks', 'desk')).toBe(1);
    expect(editDistance('dusk', 'desk')).toBe(1);
    expect(editDistance('dekს', 'desk')).toBe(2);
    expect(editDistance('servres', 'servers')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the closest known name when it is a plausible typo, nothing otherwise', () => {
    expect(closest('dsk', ['desk', 'cashier'])).toBe('desk');
    expect(closest('citzen', ['citizen', 'visitor'])).toBe('citizen');
    expect(closest('deflectin', ['deflection', 'officers', 'questionsPerDay'])).toBe('deflection');
    expect(closest('xyz', ['desk', 'cashier'])).toBeUndefined();
    // Letters dropped from a short name: a third of the longer name's length, not the typed one's.
    expect(closest('sever', ['servers', 'schedule', 'label'])).toBe('servers');
    expect(closest('anything', [])).toBeUndefined();
    expect(didYouMean('dsk', ['desk'])).toBe(" (did you mean 'desk'?)");
    expect(didYouMean('zzzz', ['desk'])).toBe('');
  });
});
