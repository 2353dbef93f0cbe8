import * as assert from 'node:assert/strict';
import { deriveMeta, offsetMapper, readFrontMatter } from '../../src/core/frontMatter';
import type { FrontMatterInfo, ParsedNote } from '../../src/core/model';

/** A parsed note holding only a front matter block whose YAML is `raw` (fence on line 0). */
function noteWithFrontMatter(raw: string): ParsedNote {
  const lines = raw.split(/\r\n|\r|\n/u);
  const closingLine = lines.length; // raw ends with a line break, so its last "line" is the closing fence
  return {
    bom: false,
    eol: raw.includes('\r\n') ? '\r\n' : '\n',
    lineCount: closingLine + 1,
    lastLineLength: 3,
    frontMatter: { raw, range: { start: { line: 0, character: 0 }, end: { line: closingLine, character: 3 } }, contentStartLine: 1 },
    headings: [],
    sections: [],
    parser: 'remark',
  };
}

const noFm: FrontMatterInfo = { range: null, data: null, error: null, fieldRanges: {} };

describe('frontMatter', () => {
  describe('readFrontMatter', () => {
    it('is empty for a note without front matter', () => {
      const parsed = { ...noteWithFrontMatter(''), frontMatter: null };
      assert.deepEqual(readFrontMatter(parsed), noFm);
    });

    it('reads a mapping and the value range of each top-level key in note coordinates', () => {
      const fm = readFrontMatter(noteWithFrontMatter('client: Northmoor Regional Bank\nengagement: Core banking API\ndate: 2026-10-14\ntags: [banking, soap]\nempty:\n'));
      assert.equal(fm.error, null);
      assert.deepEqual(fm.data, { client: 'Northmoor Regional Bank', engagement: 'Core banking API', date: '2026-10-14', tags: ['banking', 'soap'], empty: null });
      assert.deepEqual(fm.fieldRanges.client, { start: { line: 1, character: 8 }, end: { line: 1, character: 31 } });
      assert.deepEqual(fm.fieldRanges.date, { start: { line: 3, character: 6 }, end: { line: 3, character: 16 } });
      assert.deepEqual(fm.fieldRanges.tags, { start: { line: 4, character: 6 }, end: { line: 4, character: 21 } });
      assert.equal(fm.fieldRanges.empty.start.line, 5);
    });

    it('keeps dates as the text written (YAML 1.2 has no timestamps)', () => {
      const fm = readFrontMatter(noteWithFrontMatter('date: 2026-10-14\n'));
      assert.equal(fm.data?.date, '2026-10-14');
    });

    it('gives the same data and ranges for CRLF and CR front matter', () => {
      const lf = readFrontMatter(noteWithFrontMatter('client: Acme\nengagement: CRM\n'));
      const crlf = readFrontMatter(noteWithFrontMatter('client: Acme\r\nengagement: CRM\r\n'));
      const cr = readFrontMatter(noteWithFrontMatter('client: Acme\rengagement: CRM\r'));
      assert.deepEqual(crlf, { ...lf, range: crlf.range });
      assert.deepEqual(cr, { ...lf, range: cr.range });
      assert.deepEqual(lf.data, { client: 'Acme', engagement: 'CRM' });
    });

    it('reports a syntax error at the offending line of the note', () => {
      const fm = readFrontMatter(noteWithFrontMatter('client: Acme\nengagement: CRM\ntags: [a, b\nlead: Dana\n'));
      assert.equal(fm.data, null);
      assert.ok(fm.error);
      assert.match(fm.error.message, /^Front matter is not valid YAML: /u);
      assert.doesNotMatch(fm.error.message, /at line/u);
      assert.ok(fm.error.range.start.line >= 3 && fm.error.range.start.line <= 4, JSON.stringify(fm.error.range));
    });

    it('reports a mapping error on its line, with a visible range', () => {
      const fm = readFrontMatter(noteWithFrontMatter('client: Acme\nengagement: a: b\n'));
      assert.ok(fm.error);
      assert.equal(fm.error.range.start.line, 2);
      assert.ok(fm.error.range.end.character > fm.error.range.start.character);
    });

    it('reports duplicate keys', () => {
      const fm = readFrontMatter(noteWithFrontMatter('client: Acme\nclient: Beta\n'));
      assert.ok(fm.error);
      assert.match(fm.error.message, /unique/u);
      assert.equal(fm.error.range.start.line, 2);
    });

    it('rejects a list or a scalar instead of a mapping', () => {
      for (const raw of ['- client: Acme\n- engagement: CRM\n', 'just some words\n', '42\n']) {
        const fm = readFrontMatter(noteWithFrontMatter(raw));
        assert.equal(fm.data, null, raw);
        assert.ok(fm.error, raw);
        assert.match(fm.error.message, /mapping/u);
        assert.equal(fm.error.range.start.line, 1);
      }
    });

    it('treats an empty block as an empty mapping', () => {
      for (const raw of ['', '\n', '# only a comment\n']) {
        const fm = readFrontMatter(noteWithFrontMatter(raw));
        assert.deepEqual(fm.data, {}, JSON.stringify(raw));
        assert.equal(fm.error, null);
      }
    });

    it('refuses an alias bomb quickly without expanding it', () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      const names = 'abcdefghijklmnop';
      for (let i = 1; i < names.length; i++) {
        const prev = names[i - 1];
        levels.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      const started = Date.now();
      const fm = readFrontMatter(noteWithFrontMatter(`client: Acme\n${levels.join('\n')}\n`));
      assert.ok(Date.now() - started < 2000);
      assert.equal(fm.data, null);
      assert.ok(fm.error);
      assert.match(fm.error.message, /alias/iu);
    });

    it('refuses a small but exponential alias chain', () => {
      const raw = [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
        'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
      ].join('\n');
      const fm = readFrontMatter(noteWithFrontMatter(`${raw}\n`));
      assert.equal(fm.data, null);
      assert.match(fm.error?.message ?? '', /alias|resource/iu);
    });

    it('accepts a few harmless aliases', () => {
      const fm = readFrontMatter(noteWithFrontMatter('lead: &lead Dana Okafor\nowner: *lead\n'));
      assert.equal(fm.error, null);
      assert.equal(fm.data?.owner, 'Dana Okafor');
    });
  });

  describe('deriveMeta', () => {
    const withData = (data: Record<string, unknown>): FrontMatterInfo => ({ ...noFm, range: null, data });

    it('prefers the front matter', () => {
      const meta = deriveMeta(withData({ client: 'Northmoor Bank', engagement: 'Core API', lead: 'Priya', date: '2026-10-14', stage: 'discovery', tags: ['a', 'b'] }), 'x/y/z.discovery.md');
      assert.deepEqual(meta, {
        client: 'Northmoor Bank', engagement: 'Core API', clientSource: 'front-matter', engagementSource: 'front-matter',
        lead: 'Priya', date: '2026-10-14', stage: 'discovery', tags: ['a', 'b'],
      });
    });

    it('falls back to parent (engagement) and grandparent (client) folders', () => {
      const meta = deriveMeta(noFm, 'notes/acme/crm-replatform/kickoff.discovery.md');
      assert.equal(meta.client, 'acme');
      assert.equal(meta.engagement, 'crm-replatform');
      assert.equal(meta.clientSource, 'folder');
      assert.equal(meta.engagementSource, 'folder');
    });

    it('uses the one folder as client and the file stem as engagement', () => {
      const meta = deriveMeta(noFm, 'acme/crm-kickoff.discovery.md');
      assert.deepEqual([meta.client, meta.engagement], ['acme', 'crm-kickoff']);
      assert.deepEqual([meta.clientSource, meta.engagementSource], ['folder', 'folder']);
    });

    it('has neither for a note at the root', () => {
      const meta = deriveMeta(noFm, 'kickoff.discovery.md');
      assert.deepEqual([meta.client, meta.engagement, meta.clientSource, meta.engagementSource], [null, null, 'none', 'none']);
      assert.deepEqual(meta.tags, []);
      assert.equal(meta.lead, null);
    });

    it('falls back field by field', () => {
      const meta = deriveMeta(withData({ client: 'Acme Corp' }), 'acme/crm/kickoff.discovery.md');
      assert.deepEqual([meta.client, meta.clientSource, meta.engagement, meta.engagementSource], ['Acme Corp', 'front-matter', 'crm', 'folder']);
      const blank = deriveMeta(withData({ client: '  ', engagement: ['not', 'text'] }), 'acme/crm/kickoff.discovery.md');
      assert.deepEqual([blank.client, blank.clientSource, blank.engagement, blank.engagementSource], ['acme', 'folder', 'crm', 'folder']);
    });

    it('reads scalars as text and tags as a list or a comma-separated string', () => {
      const meta = deriveMeta(withData({ engagement: 2027, date: 20261014, stage: 'Pitch', tags: 'banking, soap ,, adfs' }), 'a.discovery.md');
      assert.equal(meta.engagement, '2027');
      assert.equal(meta.date, '20261014');
      assert.equal(meta.stage, 'Pitch');
      assert.deepEqual(meta.tags, ['banking', 'soap', 'adfs']);
      assert.deepEqual(deriveMeta(withData({ tags: ['x', 3, null, { y: 1 }] }), 'a.discovery.md').tags, ['x', '3']);
      assert.deepEqual(deriveMeta(withData({ tags: 5 }), 'a.discovery.md').tags, []);
    });
  });

  describe('offsetMapper', () => {
    it('maps offsets across all three line-break styles', () => {
      const m = offsetMapper('ab\r\ncd\ref\ngh', 10);
      assert.deepEqual(m.position(0), { line: 10, character: 0 });
      assert.deepEqual(m.position(4), { line: 11, character: 0 });
      assert.deepEqual(m.position(7), { line: 12, character: 0 });
      assert.deepEqual(m.position(11), { line: 13, character: 1 });
      assert.deepEqual(m.position(99), { line: 13, character: 2 });
      assert.deepEqual(m.lineEnd(1), { line: 10, character: 2 });
      assert.deepEqual(m.lineEnd(5), { line: 11, character: 2 });
    });
  });
});
