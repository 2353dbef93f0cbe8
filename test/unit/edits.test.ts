import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { applyEdits, positionAtEnd } from '../../src/core/edits';
import type { Range, TextEdit } from '../../src/core/model';
import { parseNote } from '../../src/core/parse';

const at = (line: number, character: number) => ({ line, character });
const range = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: at(l1, c1), end: at(l2, c2) });
const edit = (r: Range, newText: string): TextEdit => ({ range: r, newText });

describe('edits', () => {
  describe('applyEdits', () => {
    it('replaces and inserts in any order', () => {
      const text = '## Risks\n- [ ] R-1: x\n';
      const out = applyEdits(text, [edit(range(1, 3, 1, 4), 'x'), edit(range(0, 3, 0, 8), 'Risk register'), edit(range(2, 0, 2, 0), '- [ ] R-2: y\n')]);
      assert.equal(out, '## Risk register\n- [x] R-1: x\n- [ ] R-2: y\n');
    });

    it('returns the text unchanged for no edits', () => {
      assert.equal(applyEdits('\uFEFFa\r\n', []), '\uFEFFa\r\n');
    });

    it('keeps insertions at the same point in their given order, before a replacement starting there', () => {
      const out = applyEdits('abcdef', [edit(range(0, 2, 0, 4), 'XY'), edit(range(0, 2, 0, 2), '1'), edit(range(0, 2, 0, 2), '2')]);
      assert.equal(out, 'ab12XYef');
    });

    it('accepts edits that touch without overlapping', () => {
      assert.equal(applyEdits('abcdef', [edit(range(0, 0, 0, 3), 'X'), edit(range(0, 3, 0, 6), 'Y')]), 'XY');
    });

    it('rejects overlapping edits with the ranges in the message', () => {
      assert.throws(
        () => applyEdits('line one\nline two\n', [edit(range(0, 0, 1, 2), 'a'), edit(range(1, 0, 1, 4), 'b')]),
        /Overlapping edits: 1:1-2:3 and 2:1-2:5/,
      );
      assert.throws(() => applyEdits('abcdef', [edit(range(0, 1, 0, 4), ''), edit(range(0, 2, 0, 2), 'x')]), /Overlapping/);
    });

    it('rejects a reversed range', () => {
      assert.throws(() => applyEdits('abc', [edit(range(0, 2, 0, 1), 'x')]), /ends before it starts/);
    });

    it('uses BOM-less positions and keeps the BOM', () => {
      const out = applyEdits('\uFEFF## Risks\n', [edit(range(0, 0, 0, 2), '#')]);
      assert.equal(out, '\uFEFF# Risks\n');
      assert.equal(applyEdits('\uFEFF', [edit(range(0, 0, 0, 0), 'x')]), '\uFEFFx');
    });

    it('keeps CRLF: positions never split a line break', () => {
      const text = 'a\r\nb\r\n';
      // A character past the end of line 0 is clamped before the CR.
      assert.equal(applyEdits(text, [edit(range(0, 5, 0, 5), '!')]), 'a!\r\nb\r\n');
      assert.equal(applyEdits(text, [edit(range(1, 0, 1, 1), 'B')]), 'a\r\nB\r\n');
    });

    it('appends at the end of a parsed note', () => {
      const text = readFileSync(join(__dirname, '..', 'fixtures', 'parse', 'list-risks.discovery.md'), 'utf8');
      for (const variant of [text, '\uFEFF' + text.replace(/\n/g, '\r\n'), text.trimEnd()]) {
        const end = positionAtEnd(parseNote(variant));
        assert.equal(applyEdits(variant, [edit({ start: end, end }, 'END')]), variant + 'END');
      }
      assert.deepEqual(positionAtEnd(parseNote('')), at(0, 0));
      assert.deepEqual(positionAtEnd(parseNote('a\r\nbc')), at(1, 2));
    });

    it('equals splicing the edits into the text by hand, and keeps everything outside them', () => {
      const line = fc.string({ unit: fc.constantFrom('a', 'b', '😀', ' '), maxLength: 8 });
      const arb = fc
        .tuple(fc.array(line, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
        .chain(([lines, eol, bom]) => {
          const body = lines.join(eol);
          // Cut points in increasing order give non-overlapping spans; texts may be empty (pure deletion never
          // happens in the product, but the mechanics must still be right).
          return fc
            .uniqueArray(fc.integer({ min: 0, max: body.length }), { maxLength: 6 })
            .map((cuts) => cuts.sort((a, b) => a - b))
            .chain((cuts) =>
              fc.tuple(fc.constant({ body, bom }), fc.constant(cuts), fc.array(fc.string({ maxLength: 3 }), { minLength: 3, maxLength: 3 })),
            );
        });
      fc.assert(
        fc.property(arb, ([{ body, bom }, cuts, texts]) => {
          const pos = (o: number) => {
            const before = body.slice(0, o).split(/\r\n|\r|\n/);
            return at(before.length - 1, before[before.length - 1].length);
          };
          // Never cut inside a CRLF pair or a surrogate pair: positions cannot express those.
          const ok = (o: number) => !(body[o - 1] === '\r' && body[o] === '\n') && !/[\uD800-\uDBFF]/.test(body[o - 1] ?? '');
          const points = cuts.filter(ok);
          const edits: TextEdit[] = [];
          let expected = '';
          let last = 0;
          for (let k = 0; k + 1 < points.length; k += 2) {
            const newText = texts[(k / 2) % 3];
            edits.push(edit({ start: pos(points[k]), end: pos(points[k + 1]) }, newText));
            expected += body.slice(last, points[k]) + newText;
            last = points[k + 1];
          }
          expected += body.slice(last);
          const prefix = bom ? '\uFEFF' : '';
          assert.equal(applyEdits(prefix + body, [...edits].reverse()), prefix + expected);
        }),
        { numRuns: 300 },
      );
    });
  });
});
