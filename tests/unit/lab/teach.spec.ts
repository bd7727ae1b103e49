import { describe, expect, it } from 'vitest';
import { setLang } from '../../../lab/src/i18n';
import { ratesFrom, scatterStoppedText, stoppedText } from '../../../lab/src/teach';

/**
 * The lesson's and the station's sliders: λ from 0.5 to 40 in steps of 0.5, μ from 0.1 to 5 in
 * steps of 0.1, c from 1 to 40. A link's rates are used as the sliders show them.
 */
describe("the teaching views' rates from a link", () => {
  const rates = (query: string) => ratesFrom(new URLSearchParams(query));

  it('keeps a value a slider can show', () => {
    expect(rates('lambda=9&mu=1&c=10')).toEqual({ lambda: 9, mu: 1, c: 10 });
    expect(rates('lambda=12.5&mu=0.3&c=40')).toEqual({ lambda: 12.5, mu: 0.3, c: 40 });
  });

  it("snaps a value between two steps to the slider's nearest step", () => {
    expect(rates('lambda=9.3').lambda).toBe(9.5);
    expect(rates('lambda=9.2').lambda).toBe(9);
    expect(rates('mu=0.77').mu).toBe(0.8);
    expect(rates('c=2.6').c).toBe(3);
  });

  it("clamps a value outside a slider's range to its end", () => {
    expect(rates('mu=8').mu).toBe(5);
    expect(rates('lambda=0.1').lambda).toBe(0.5);
    expect(rates('lambda=1000').lambda).toBe(40);
    expect(rates('c=0').c).toBe(1);
    expect(rates('c=-3').c).toBe(1);
  });

  it('starts a slider at its default for a missing or unreadable value', () => {
    expect(rates('')).toEqual({ lambda: 9, mu: 1, c: 10 });
    expect(rates('lambda=abc&mu=&c=Infinity')).toEqual({ lambda: 9, mu: 1, c: 10 });
  });
});

describe("the lesson's line when its simulation is stopped", () => {
  it('counts the points finished, or says none were, in both languages', () => {
    setLang('en');
    expect(stoppedText(3, 9, 5, 100000)).toBe(
      'Stopped: 3 of 9 points were finished (5 × 100,000 customers each) and are drawn.',
    );
    expect(stoppedText(0, 9, 5, 100000)).toBe(
      'Stopped before any point was finished: no simulated point is drawn.',
    );
    setLang('tr');
    expect(stoppedText(3, 9, 5, 100000)).toBe(
      'Durduruldu: 9 noktanın 3 tanesi bitti (her biri 5 × 100.000 vatandaş) ve çizildi.',
    );
    expect(stoppedText(0, 9, 5, 100000)).toBe(
      'Hiçbir nokta bitmeden durduruldu: benzetim noktası çizilmedi.',
    );
    setLang('en');
  });
});

describe("the lesson's line when its scatter table is stopped", () => {
  it('counts the rows finished, or says none were, in both languages', () => {
    setLang('en');
    expect(scatterStoppedText(2, 3)).toBe('Stopped: 2 of 3 rows were finished and are shown.');
    expect(scatterStoppedText(0, 3)).toBe('Stopped before any row was finished: no row is shown.');
    setLang('tr');
    expect(scatterStoppedText(2, 3)).toBe('Durduruldu: 3 satırın 2 tanesi bitti ve gösteriliyor.');
    expect(scatterStoppedText(0, 3)).toBe('Hiçbir satır bitmeden durduruldu: satır gösterilmiyor.');
    setLang('en');
  });
});
