import * as assert from 'node:assert/strict';
import { BANDS, DEFAULT_BANDS, DEFAULT_IMPACT_WORDS, DEFAULT_LIKELIHOOD_WORDS, bandOf, bandRank, parseLevel, scoreOf } from '../../src/core/scale';

describe('scale', () => {
  describe('parseLevel', () => {
    it('reads digits 1..5 and n/5', () => {
      for (const n of [1, 2, 3, 4, 5]) {
        assert.equal(parseLevel(String(n), DEFAULT_LIKELIHOOD_WORDS), n);
        assert.equal(parseLevel(` ${n}/5 `, DEFAULT_IMPACT_WORDS), n);
      }
      assert.equal(parseLevel('4 / 5', DEFAULT_IMPACT_WORDS), 4);
      assert.equal(parseLevel('3 of 5', DEFAULT_IMPACT_WORDS), 3);
      assert.equal(parseLevel('**4**', DEFAULT_IMPACT_WORDS), 4);
    });

    it('rejects out-of-range and non-integer numbers', () => {
      for (const raw of ['0', '6', '10', '-1', '4.5', '3/4', '4/10', '05x']) {
        assert.equal(parseLevel(raw, DEFAULT_LIKELIHOOD_WORDS), null, raw);
      }
    });

    it('reads the likelihood words', () => {
      const expected: Record<string, number> = { rare: 1, unlikely: 2, possible: 3, likely: 4, 'almost certain': 5, low: 2, medium: 3, high: 4, 'very low': 1, 'very high': 5 };
      for (const [word, n] of Object.entries(expected)) {
        assert.equal(parseLevel(word, DEFAULT_LIKELIHOOD_WORDS), n, word);
        assert.equal(parseLevel(word.toUpperCase(), DEFAULT_LIKELIHOOD_WORDS), n, word);
      }
      assert.equal(parseLevel('Almost   Certain', DEFAULT_LIKELIHOOD_WORDS), 5);
      assert.equal(parseLevel('almost-certain', DEFAULT_LIKELIHOOD_WORDS), 5);
      assert.equal(parseLevel('Likely.', DEFAULT_LIKELIHOOD_WORDS), 4);
    });

    it('reads the impact words', () => {
      const expected: Record<string, number> = { negligible: 1, minor: 2, moderate: 3, major: 4, severe: 5, low: 2, medium: 3, high: 4, 'very low': 1, 'very high': 5, critical: 5 };
      for (const [word, n] of Object.entries(expected)) assert.equal(parseLevel(word, DEFAULT_IMPACT_WORDS), n, word);
    });

    it('does not mix the two vocabularies', () => {
      assert.equal(parseLevel('severe', DEFAULT_LIKELIHOOD_WORDS), null);
      assert.equal(parseLevel('likely', DEFAULT_IMPACT_WORDS), null);
      assert.equal(parseLevel('critical', DEFAULT_LIKELIHOOD_WORDS), null);
    });

    it('accepts a parenthetical only when both halves agree', () => {
      assert.equal(parseLevel('likely (4)', DEFAULT_LIKELIHOOD_WORDS), 4);
      assert.equal(parseLevel('4 (Likely)', DEFAULT_LIKELIHOOD_WORDS), 4);
      assert.equal(parseLevel('likely (5)', DEFAULT_LIKELIHOOD_WORDS), null);
      assert.equal(parseLevel('likely (ish)', DEFAULT_LIKELIHOOD_WORDS), null);
    });

    it('rejects anything else', () => {
      for (const raw of ['', '  ', 'TBD', '?', 'maybe', 'high-ish', 'constructor', 'toString', '__proto__']) {
        assert.equal(parseLevel(raw, DEFAULT_LIKELIHOOD_WORDS), null, raw);
      }
    });

    it('uses the words it is given, ignoring invalid levels', () => {
      const words = { ...DEFAULT_LIKELIHOOD_WORDS, 'sehr wahrscheinlich': 5, bogus: 9 };
      assert.equal(parseLevel('Sehr wahrscheinlich', words), 5);
      assert.equal(parseLevel('bogus', words), null);
    });
  });

  describe('bands', () => {
    it('scores likelihood × impact', () => {
      assert.equal(scoreOf(4, 5), 20);
      assert.equal(scoreOf(null, 5), null);
      assert.equal(scoreOf(3, null), null);
    });

    it('bands the default thresholds 1-4 low, 5-9 medium, 10-15 high, 16-25 critical', () => {
      const expect = (s: number) => (s >= 16 ? 'critical' : s >= 10 ? 'high' : s >= 5 ? 'medium' : 'low');
      for (let s = 1; s <= 25; s++) assert.equal(bandOf(s, DEFAULT_BANDS), expect(s), String(s));
    });

    it('uses configured thresholds', () => {
      const bands = { medium: 3, high: 8, critical: 20 };
      assert.equal(bandOf(2, bands), 'low');
      assert.equal(bandOf(3, bands), 'medium');
      assert.equal(bandOf(8, bands), 'high');
      assert.equal(bandOf(16, bands), 'high');
      assert.equal(bandOf(20, bands), 'critical');
    });

    it('reads a value by the words of each list, whichever list was read first (copies share what they read)', () => {
      const base = { likely: 4, 'almost certain': 5 };
      assert.equal(parseLevel('**Likely**', base), 4);
      assert.equal(parseLevel('**Likely**', { ...base }), 4);
      assert.equal(parseLevel('Almost-certain', { ...base }), 5);
      // Same words, other numbers; more words: each list reads as written.
      assert.equal(parseLevel('**Likely**', { likely: 2, 'almost certain': 5 }), 2);
      assert.equal(parseLevel('probable', { ...base, probable: 3 }), 3);
      assert.equal(parseLevel('probable', { ...base }), null);
    });

    it('ranks the bands', () => {
      assert.deepEqual([...BANDS], ['low', 'medium', 'high', 'critical']);
      assert.deepEqual(BANDS.map(bandRank), [0, 1, 2, 3]);
    });
  });
});
