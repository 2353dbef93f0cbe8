import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLineIndex, decodeNoteBytes, detectEol, isJsWhitespace, limitNesting, MAX_NESTING_DEPTH, stripBom } from '../../src/core/text';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('text', () => {
  describe('decodeNoteBytes', () => {
    it('decodes UTF-8 and keeps a BOM for the parser to report', () => {
      assert.deepEqual(decodeNoteBytes(utf8('## Risks — ✅\n')), { ok: true, text: '## Risks — ✅\n' });
      assert.deepEqual(decodeNoteBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x23])), { ok: true, text: '\uFEFF#' });
      assert.deepEqual(decodeNoteBytes(new Uint8Array()), { ok: true, text: '' });
    });

    it('refuses binary content with a reason', () => {
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
      const r = decodeNoteBytes(png);
      assert.equal(r.ok, false);
      assert.match((r as { reason: string }).reason, /binary/);
    });

    it('names UTF-16 instead of calling it binary', () => {
      const r = decodeNoteBytes(new Uint8Array([0xff, 0xfe, 0x23, 0x00, 0x20, 0x00]));
      assert.deepEqual(r, { ok: false, reason: 'the file is UTF-16; save it as UTF-8' });
      assert.equal(decodeNoteBytes(new Uint8Array([0xfe, 0xff, 0x00, 0x23])).ok, false);
    });

    it('refuses invalid UTF-8 with a reason', () => {
      // Latin-1 "café" and a truncated multi-byte sequence.
      for (const bytes of [new Uint8Array([0x63, 0x61, 0x66, 0xe9]), new Uint8Array([0x23, 0xe2, 0x82])]) {
        const r = decodeNoteBytes(bytes);
        assert.equal(r.ok, false);
        assert.match((r as { reason: string }).reason, /UTF-8/);
      }
    });
  });

  describe('stripBom', () => {
    it('removes only a leading BOM', () => {
      assert.deepEqual(stripBom('\uFEFF# A'), { text: '# A', bom: true });
      assert.deepEqual(stripBom('# A\uFEFF'), { text: '# A\uFEFF', bom: false });
      assert.deepEqual(stripBom('\uFEFF\uFEFFx'), { text: '\uFEFFx', bom: true });
    });
  });

  describe('detectEol', () => {
    it('reports the first line break', () => {
      assert.equal(detectEol('a\nb\r\n'), '\n');
      assert.equal(detectEol('a\r\nb\n'), '\r\n');
      assert.equal(detectEol('a\rb\n'), '\r');
      assert.equal(detectEol('no break'), '\n');
      assert.equal(detectEol('ends with cr\r'), '\r');
    });
  });

  describe('createLineIndex', () => {
    const text = 'ab\r\ncd\ne\rf😀g\n';
    const index = createLineIndex(text);

    it('splits lines at LF, CRLF and CR', () => {
      assert.equal(index.lineCount, 5);
      assert.deepEqual([0, 1, 2, 3, 4].map((n) => index.lineAt(n)), ['ab', 'cd', 'e', 'f😀g', '']);
      assert.equal(index.lineAt(9), '');
      assert.equal(createLineIndex('').lineCount, 1);
    });

    it('converts offsets to positions in UTF-16 units', () => {
      assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
      assert.deepEqual(index.positionAt(2), { line: 0, character: 2 });
      assert.deepEqual(index.positionAt(4), { line: 1, character: 0 });
      assert.deepEqual(index.positionAt(9), { line: 3, character: 0 });
      assert.deepEqual(index.positionAt(12), { line: 3, character: 3 }, 'the emoji is two units');
      assert.deepEqual(index.positionAt(text.length), { line: 4, character: 0 });
    });

    it('puts an offset between CR and LF at the end of the line', () => {
      assert.deepEqual(index.positionAt(3), { line: 0, character: 2 });
    });

    it('clamps out-of-range offsets and positions', () => {
      assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
      assert.deepEqual(index.positionAt(999), { line: 4, character: 0 });
      assert.equal(index.offsetAt({ line: 0, character: 99 }), 2);
      assert.equal(index.offsetAt({ line: -1, character: 3 }), 0);
      assert.equal(index.offsetAt({ line: 99, character: 0 }), text.length);
      assert.equal(index.offsetAt({ line: 1, character: -3 }), 4);
    });

    it('gives line starts and ends', () => {
      assert.deepEqual([index.lineStart(1), index.lineEnd(1)], [4, 6]);
      assert.deepEqual([index.lineStart(0), index.lineEnd(0)], [0, 2]);
    });

    it('round-trips every offset that is not inside a CRLF pair', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '😀', '\n', '\r', '\r\n', ' '), maxLength: 60 }), (s) => {
          const idx = createLineIndex(s);
          for (let o = 0; o <= s.length; o++) {
            if (s[o - 1] === '\r' && s[o] === '\n') continue;
            assert.equal(idx.offsetAt(idx.positionAt(o)), o);
          }
          assert.equal(idx.lineCount, s.split(/\r\n|\r|\n/).length);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('limitNesting', () => {
    it('leaves ordinary notes untouched (the same string)', () => {
      const text = '## Risks\n\n- [ ] R-1: x\n  - owner: Dana\n    - note\n> quoted\n1. one\n' + '  '.repeat(30) + '- deep but fine\n';
      assert.equal(limitNesting(text), text);
    });

    it('replaces over-deep lines by a thematic break of the same length, keeping line breaks', () => {
      const deep = '  '.repeat(MAX_NESTING_DEPTH + 1) + '- too deep';
      const text = `## A\r\n${deep}\r\n- fine\n${'> '.repeat(MAX_NESTING_DEPTH + 1)}q\r`;
      const out = limitNesting(text);
      assert.equal(out.length, text.length);
      const lines = out.split(/(\r\n|\r|\n)/);
      assert.deepEqual(lines.filter((_, k) => k % 2 === 1), ['\r\n', '\r\n', '\n', '\r']);
      assert.equal(lines[2], '***' + ' '.repeat(deep.length - 3));
      assert.equal(lines[4], '- fine');
      assert.match(lines[6], /^\*\*\* +$/);
    });

    it('counts markers on one line and tabs as indentation', () => {
      assert.notEqual(limitNesting('- '.repeat(MAX_NESTING_DEPTH + 1) + 'x'), '- '.repeat(MAX_NESTING_DEPTH + 1) + 'x');
      assert.notEqual(limitNesting('\t'.repeat(MAX_NESTING_DEPTH) + '- x'), '\t'.repeat(MAX_NESTING_DEPTH) + '- x');
      const prose = '-'.repeat(500) + ' a dash rule is not nesting';
      assert.equal(limitNesting(prose), prose);
      assert.equal(limitNesting('3', 0), '3');
    });
  });
});

describe('isJsWhitespace', () => {
  it('is what /\\s/u matches, for every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) assert.equal(isJsWhitespace(c), /\s/u.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
  });
});
