import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPlaceholder } from '../../src/core/rules/helpers';

/** The definition the fast path must agree with: placeholder words removed, only filler left. */
function reference(text: string): boolean {
  const stripped = text.toLowerCase().replace(/\b(?:tbd|tbc|tba|todo|to do|n\/a)\b/gu, ' ');
  return /^[\s\-–—?.:;,!*_…/|()[\]]*$/u.test(stripped);
}

const PIECES = ['TBD', 'tbc', 'TBA', 'todo', 'To do', 'N/A', 'n/a', 'None', 'tbdx', 'Tom', 'nothing', '?', '-', '–', '—', '…', '.', ':', '(', ')', '[', ']', '|', '/', '*', '_', ' ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\ufeff', 'é', 'İ', 'K', 'Ω', '😀', '\ud800', '0', '7', 'x', 'Priya', '<!-- -->'];

describe('isPlaceholder', () => {
  it('agrees with its definition on texts made of placeholders, filler, letters and odd characters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        assert.equal(isPlaceholder(text), reference(text), JSON.stringify(text));
      }),
      { numRuns: 20000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (text) => assert.equal(isPlaceholder(text), reference(text))), { numRuns: 5000 });
  });

  it('reads the usual cases', () => {
    for (const t of ['', 'TBD', ' - TBD, TODO; n/a ', 'to do?', '\u2014', null, undefined]) assert.equal(isPlaceholder(t), true, String(t));
    for (const t of ['Priya Raman', 'None identified', 'TBD: the data owner', 'tbdx', '5', 'Éric']) assert.equal(isPlaceholder(t), false, t);
  });
});
