import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isKeyChar, KEY_VALUE, keyAt, matchKeyValue as matchAt, normalizeKey, STRONG_KEYS, WEAK_KEYS } from '../../src/core/fieldKey';

/** The key's text and the match's end, as the tests compare them. */
function matchKeyValue(text: string, index: number): { key: string; end: number } | null {
  const m = matchAt(text, index);
  return m === null ? null : { key: text.slice(m.keyStart, m.keyEnd), end: m.end };
}

/** What the regular expression itself answers at `index`. */
function expected(text: string, index: number): { key: string; end: number } | null {
  KEY_VALUE.lastIndex = index;
  const m = KEY_VALUE.exec(text);
  return m === null ? null : { key: m[1], end: index + m[0].length };
}

describe('field keys (matchKeyValue)', () => {
  it('reads the usual shapes', () => {
    assert.deepEqual(matchKeyValue('likelihood: 4', 0), { key: 'likelihood', end: 12 });
    assert.deepEqual(matchKeyValue('**Owner:** Dana', 0), { key: 'Owner', end: 11 });
    assert.deepEqual(matchKeyValue('__risk owner__ :\tx', 0), { key: 'risk owner', end: 17 });
    assert.deepEqual(matchKeyValue('R-3 — due: 2026-01-02', 6), { key: 'due', end: 11 });
    assert.deepEqual(matchKeyValue('Échéance: demain', 0), { key: 'Échéance', end: 10 });
    assert.equal(matchKeyValue('Dana Whitfield (CIO)', 0), null);
    assert.equal(matchKeyValue('a'.repeat(26) + ':', 0), null);
    assert.deepEqual(matchKeyValue('a'.repeat(25) + ':', 0), { key: 'a'.repeat(25), end: 26 });
  });

  it('answers as the regular expression at every offset of random lines', () => {
    const piece = fc.constantFrom('a', 'Z', 'key', ' ', '  ', '\t', '*', '**', '_', '__', ':', '1', '-', 'é', 'Ä', '𝒜', '😀', '\u0301', '(', 'x'.repeat(24));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const text = pieces.join('');
        for (let i = 0; i <= text.length; i++) assert.deepEqual(matchKeyValue(text, i), expected(text, i), `${JSON.stringify(text)} at ${i}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('names the same field as the normalised key looked up in the tables', () => {
    // The reference: the expression, the normalised key, then the strong keys and (where allowed) the weak ones.
    const strong: Record<string, string> = STRONG_KEYS;
    const weak: Record<string, string> = WEAK_KEYS;
    const reference = (text: string, index: number, allowWeak: boolean): { name: string; valueStart: number } | null => {
      if (text.indexOf(':', index) < 0) return null;
      const m = expected(text, index);
      if (m === null) return null;
      const key = normalizeKey(m.key);
      const name = Object.hasOwn(strong, key) ? strong[key] : allowWeak && Object.hasOwn(weak, key) ? weak[key] : null;
      return name === null ? null : { name, valueStart: m.end };
    };
    const piece = fc.constantFrom('likelihood', 'LikeliHood', 'risk', 'Risk', 'owner', 'due', 'date', 'mitigation', 'plan', 'asked', 'on', 'by', 'who', 'ID', ' ', '  ', '**', '__', ':', ': ', '\t', 'é', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.boolean(), (pieces, allowWeak) => {
        const text = pieces.join('');
        for (let i = 0; i <= text.length; i++) {
          assert.deepEqual(keyAt(text, i, allowWeak), reference(text, i, allowWeak), `${JSON.stringify(text)} at ${i}`);
        }
      }),
      { numRuns: 3000 },
    );
    assert.deepEqual(keyAt('**Risk  Owner**: Dana', 0, false), { name: 'owner', valueStart: 17 });
    assert.deepEqual(keyAt('Risk owner :x', 0, false), { name: 'owner', valueStart: 12 });
    assert.equal(keyAt('by: Friday', 0, false), null);
    assert.deepEqual(keyAt('by: Friday', 0, true), { name: 'due', valueStart: 4 });
  });

  it('tells the characters a key can hold as the expression does, for every UTF-16 unit', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const surrogate = c >= 0xd800 && c <= 0xdfff;
      const expected = surrogate || /^[\p{L} \t*_]$/u.test(ch);
      assert.equal(isKeyChar(c), expected, `U+${c.toString(16)}`);
    }
  });
});
