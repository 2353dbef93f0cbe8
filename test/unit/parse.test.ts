import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { ParsedListItem, ParsedNote, Position, Range } from '../../src/core/model';
import { parseWithRemark } from '../../src/core/parse/remark';
import { createLineIndex, MAX_NESTING_DEPTH } from '../../src/core/text';

// These tests pin the reference parser; the fast path behind parseNote is held to its output by a differential test.
const parseNote = parseWithRemark;
const FIXTURES = join(__dirname, '..', 'fixtures', 'parse');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const FIXTURE_NAMES = ['list-risks.discovery.md', 'table-risks.discovery.md', 'headings-edge.discovery.md'];

const toCrlf = (t: string): string => t.replace(/\r?\n/g, '\r\n');
const toCr = (t: string): string => t.replace(/\r?\n/g, '\r');
const withBom = (t: string): string => '\uFEFF' + t;

let sliced: { text: string; body: string; index: ReturnType<typeof createLineIndex> } | null = null;

/** The source text (BOM removed) covered by `range`. */
function slice(text: string, range: Range): string {
  if (sliced?.text !== text) {
    const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
    sliced = { text, body, index: createLineIndex(body) };
  }
  const { body, index } = sliced;
  return body.slice(index.offsetAt(range.start), index.offsetAt(range.end));
}

const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
const contains = (outer: Range, inner: Range): boolean => before(outer.start, inner.start) && before(inner.end, outer.end);

function allItems(items: ParsedListItem[]): ParsedListItem[] {
  const out: ParsedListItem[] = [];
  const stack = [...items].reverse();
  while (stack.length > 0) {
    const item = stack.pop()!;
    out.push(item);
    for (let k = item.children.length - 1; k >= 0; k--) stack.push(item.children[k]);
  }
  return out;
}

/**
 * Checks what must hold for any text: every range lies in the document and is ordered, every `text` is exactly the
 * source slice at its `textRange`, items sit inside their section and their children inside them one level deeper.
 */
function assertWellFormed(text: string, parsed: ParsedNote): void {
  const end: Position = { line: parsed.lineCount - 1, character: parsed.lastLineLength };
  const doc: Range = { start: { line: 0, character: 0 }, end };
  const inDoc = (r: Range, what: string): void => {
    assert.ok(before(r.start, r.end), `${what}: range is reversed ${JSON.stringify(r)}`);
    assert.ok(contains(doc, r), `${what}: range ${JSON.stringify(r)} outside document ending ${JSON.stringify(end)}`);
  };
  if (parsed.frontMatter) inDoc(parsed.frontMatter.range, 'front matter');
  for (const h of parsed.headings) {
    inDoc(h.range, 'heading');
    assert.ok(contains(h.range, h.textRange), 'heading text inside heading');
    // Only a multi-line setext heading differs from its slice: its lines are joined by one space.
    assert.equal(slice(text, h.textRange).replace(/[ \t]*(\r\n|\r|\n)[ \t]*/g, ' '), h.text);
    assert.equal(h.text, h.text.trim());
  }
  for (const s of parsed.sections) {
    inDoc(s.range, 'section');
    assert.equal(s.heading.depth, 2);
    assert.ok(parsed.headings.includes(s.heading), 'section heading is one of the headings');
    assert.equal(typeof s.hasContent, 'boolean');
    const check = (item: ParsedListItem, depth: number, parent: Range): void => {
      inDoc(item.range, 'item');
      assert.ok(contains(parent, item.range), `item ${JSON.stringify(item.text)} inside its parent`);
      assert.ok(contains(item.range, item.textRange), 'item text inside item');
      assert.equal(item.depth, depth);
      assert.equal(slice(text, item.textRange), item.text);
      assert.equal(item.checkboxRange === null, item.checked === null);
      if (item.checkboxRange) assert.match(slice(text, item.checkboxRange), /^\[[ xX]\]$/);
      for (const c of item.children) check(c, depth + 1, item.range);
    };
    for (const item of s.items) check(item, 0, s.range);
    for (const t of s.tables) {
      inDoc(t.range, 'table');
      assert.ok(contains(s.range, t.range), 'table inside section');
      for (const row of [t.header, ...t.rows]) {
        assert.ok(contains(t.range, row.range), 'row inside table');
        for (const cell of row.cells) {
          assert.ok(contains(row.range, cell.range), 'cell inside row');
          assert.equal(slice(text, cell.range), cell.text);
        }
      }
    }
  }
}

describe('parseNote (remark)', () => {
  describe('list-form risks (list-risks.discovery.md)', () => {
    const text = fixture('list-risks.discovery.md');
    const parsed = parseNote(text);
    const section = (name: string) => {
      const s = parsed.sections.find((x) => x.heading.text === name);
      assert.ok(s, `section ${name}`);
      return s;
    };

    it('is well formed', () => assertWellFormed(text, parsed));

    it('reads the document shape', () => {
      assert.equal(parsed.parser, 'remark');
      assert.equal(parsed.bom, false);
      assert.equal(parsed.eol, '\n');
      assert.equal(parsed.lineCount, text.split('\n').length);
      assert.equal(parsed.lastLineLength, 0);
    });

    it('keeps the front matter YAML as written, with the range of the whole block', () => {
      const fm = parsed.frontMatter;
      assert.ok(fm);
      assert.equal(fm.raw, text.split('\n').slice(1, 7).join('\n'));
      assert.ok(fm.raw.startsWith('client: Northwind Freight\n'));
      assert.ok(fm.raw.endsWith('tags: [logistics, integration]'));
      assert.deepEqual(fm.range, { start: { line: 0, character: 0 }, end: { line: 7, character: 3 } });
      assert.equal(fm.contentStartLine, 1);
    });

    it('lists every heading with its source text', () => {
      assert.deepEqual(
        parsed.headings.map((h) => [h.depth, h.text]),
        [
          [1, 'Northwind Freight — carrier portal discovery'],
          [2, 'Stakeholders'],
          [2, 'Integration mismatches'],
          [3, 'SAP TM'],
          [3, 'Identity'],
          [2, 'Risks'],
          [2, 'Commitments'],
          [2, 'Open questions'],
        ],
      );
      const risks = parsed.headings[5];
      assert.deepEqual(risks.range, { start: { line: 32, character: 0 }, end: { line: 32, character: 8 } });
      assert.deepEqual(risks.textRange, { start: { line: 32, character: 3 }, end: { line: 32, character: 8 } });
    });

    it('ends each section at its last non-blank line', () => {
      assert.deepEqual(
        parsed.sections.map((s) => [s.heading.text, s.range.start.line, s.range.end.line]),
        [
          ['Stakeholders', 13, 17],
          ['Integration mismatches', 19, 30],
          ['Risks', 32, 51],
          ['Commitments', 53, 56],
          ['Open questions', 58, 62],
        ],
      );
      const stakeholders = section('Stakeholders');
      assert.equal(stakeholders.range.end.character, '- Carrier relations: two coordinators, weekly call'.length);
    });

    it('keeps raw Markdown in item text, after the marker and the checkbox', () => {
      const items = section('Stakeholders').items;
      assert.deepEqual(
        items.map((i) => [i.checked, i.text]),
        [
          [null, '**Sponsor:** Marta Okafor, VP Operations'],
          [null, '**IT lead:** Jonas Whitfield — owns the SAP landscape'],
          [null, 'Carrier relations: two coordinators, weekly call'],
        ],
      );
      assert.deepEqual(items[0].textRange, { start: { line: 15, character: 2 }, end: { line: 15, character: 42 } });
      assert.equal(items[0].checkboxRange, null);
    });

    it('collects items of every list in the section, including those under level-3 headings', () => {
      const items = section('Integration mismatches').items;
      assert.deepEqual(
        items.map((i) => i.text),
        [
          'Their SAP TM is on 9.5; our connector targets S/4HANA 2022.',
          'Rate cards live in spreadsheets on a shared drive.',
          'Carriers log in with shared accounts today.',
          'Azure AD B2C is licensed but not configured.',
        ],
      );
      assert.deepEqual(items[0].children.map((c) => [c.depth, c.text]), [[1, 'IDoc shipment messages only, no OData.']]);
      // The ordered list's text starts after `1. `.
      assert.equal(items[2].textRange.start.character, 3);
    });

    it('reads task-list risks with nested field items and inline fields', () => {
      const items = section('Risks').items;
      assert.equal(items.length, 5, 'five risks across -, * and + lists');
      const [r1, r2, r3, r4, r5] = items;

      assert.equal(r1.checked, false);
      assert.equal(r1.text, '**R-1** Carrier API rate limits — likelihood: 4; impact: 5; owner: Jonas');
      assert.deepEqual(r1.checkboxRange, { start: { line: 34, character: 2 }, end: { line: 34, character: 5 } });
      assert.deepEqual(r1.textRange.start, { line: 34, character: 6 });
      assert.deepEqual(r1.range, { start: { line: 34, character: 0 }, end: { line: 36, character: 19 } });
      assert.deepEqual(
        r1.children.map((c) => [c.depth, c.checked, c.text]),
        [
          [1, null, 'mitigation: batch tracking calls and cache per shipment'],
          [1, null, 'due: 2026-12-15'],
        ],
      );

      assert.equal(r2.checked, true);
      assert.equal(r2.text, 'R-2: Legacy EDI gateway decommissioned early');
      assert.deepEqual(
        r2.children.map((c) => c.text),
        ['likelihood: unlikely', 'impact: major', 'owner: Marta', 'status: closed'],
      );

      const notes = r3.children[2];
      assert.equal(notes.text, 'notes:');
      assert.deepEqual(
        notes.children.map((c) => [c.depth, c.checked, c.text]),
        [
          [2, null, 'raised by security in workshop 2'],
          [2, false, 'confirm with their DPO'],
        ],
      );
      assert.deepEqual(notes.children[1].checkboxRange, { start: { line: 47, character: 6 }, end: { line: 47, character: 9 } });

      assert.equal(r4.checked, true, '[X] counts as checked');
      assert.equal(r4.text, 'R-4: Rate-card spreadsheet formats vary by region');

      // Only the first line is the item's text; the continuation line belongs to the item's range.
      assert.equal(r5.text, '**R-5**');
      assert.deepEqual(r5.range, { start: { line: 49, character: 0 }, end: { line: 51, character: 16 } });
      assert.deepEqual(r5.children.map((c) => c.text), ['owner: Jonas']);
    });

    it('finds the checkbox of an item that starts with a blank line', () => {
      const q = section('Open questions').items[1];
      assert.equal(q.checked, false);
      assert.equal(q.text, 'Who signs off the data-processing agreement? asked: 2026-11-10');
      assert.deepEqual(q.checkboxRange, { start: { line: 62, character: 2 }, end: { line: 62, character: 5 } });
      assert.deepEqual(q.range.start, { line: 61, character: 0 });
    });

    it('tells the sections that say something', () => {
      for (const name of ['Stakeholders', 'Risks', 'Integration mismatches']) assert.equal(section(name).hasContent, true, name);
    });
  });

  describe('table-form risks (table-risks.discovery.md)', () => {
    const text = fixture('table-risks.discovery.md');
    const parsed = parseNote(text);
    const risks = parsed.sections.find((s) => s.heading.text === 'Risks')!;

    it('is well formed', () => assertWellFormed(text, parsed));

    it('reads header and body rows without the delimiter row', () => {
      assert.equal(risks.tables.length, 1);
      const table = risks.tables[0];
      assert.deepEqual(
        table.header.cells.map((c) => c.text),
        ['ID', 'Risk', 'Likelihood', 'Impact', 'Owner', 'Status', 'Due', 'Mitigation'],
      );
      assert.deepEqual(table.rows.map((r) => r.cells[0].text), ['R-7', 'R-8', 'R-9', 'R-10']);
      assert.deepEqual(table.range, { start: { line: 18, character: 0 }, end: { line: 23, character: 72 } });
      assert.deepEqual(table.rows[0].range.start, { line: 20, character: 0 });
    });

    it('keeps cell source as written, an escaped pipe included', () => {
      const r7 = risks.tables[0].rows[0].cells;
      assert.equal(r7[1].text, 'Workforce data split across `HRIS` \\| spreadsheets');
      assert.equal(r7[7].text, 'Single import job, owned by Helios HR');
      assert.deepEqual(r7[0].range, { start: { line: 20, character: 2 }, end: { line: 20, character: 5 } });
    });

    it('gives empty cells an empty range just after their pipe', () => {
      const r8 = risks.tables[0].rows[1].cells;
      assert.deepEqual(
        r8.map((c) => c.text),
        ['R-8', 'Mobile devices on Android 9', '3', 'major', '', 'mitigating', '', ''],
      );
      const line = text.split('\n')[21];
      const ownerPipe = line.indexOf('| |');
      assert.deepEqual(r8[4].range, { start: { line: 21, character: ownerPipe + 1 }, end: { line: 21, character: ownerPipe + 1 } });
    });

    it('reads rows without outer pipes and rows with fewer cells', () => {
      const [, , r9, r10] = risks.tables[0].rows;
      assert.deepEqual(r9.cells.map((c) => c.text).slice(0, 3), ['R-9', 'No test tenant for the routing engine', '2']);
      assert.deepEqual(r9.cells[0].range, { start: { line: 22, character: 1 }, end: { line: 22, character: 4 } });
      assert.deepEqual(r10.cells.map((c) => c.text), ['R-10', 'Union agreement limits shift changes', 'possible', 'severe', 'Aiko']);
    });

    it('keeps list items of the same section next to its table', () => {
      assert.deepEqual(risks.items.map((i) => i.text), ['R-11: Scheduling rules undocumented — likelihood: 4; impact: 3']);
      const success = parsed.sections.find((s) => s.heading.text === 'Success criteria')!;
      assert.deepEqual(success.tables[0].rows.map((r) => r.cells.map((c) => c.text)), [
        ['Jobs scheduled automatically', '80 %'],
        ['Dispatcher overrides', '< 10 / day'],
      ]);
    });

    it('counts a table with rows as content', () => {
      assert.equal(risks.hasContent, true);
    });
  });

  describe('heading edge cases (headings-edge.discovery.md)', () => {
    const text = fixture('headings-edge.discovery.md');
    const parsed = parseNote(text);
    const section = (name: string) => parsed.sections.find((x) => x.heading.text === name)!;

    it('is well formed', () => assertWellFormed(text, parsed));

    it('ignores headings in fenced, tilde-fenced and indented code, HTML blocks and block quotes', () => {
      assert.deepEqual(
        parsed.headings.map((h) => [h.depth, h.text]),
        [
          [1, 'Northwind Freight — scratch discovery'],
          [2, '1. Stakeholders 👥'],
          [2, 'Integration mismatches'],
          [3, 'Sub-heading inside the section'],
          [2, 'Backlog fit'],
          [2, 'Skills gaps'],
          [2, '🚩 Risks 🚩'],
          [2, 'C# and .NET options'],
          [2, 'Empty trailing section'],
        ],
      );
      assert.equal(parsed.frontMatter, null);
    });

    it('reads setext headings over two lines with the text on the first', () => {
      const [title] = parsed.headings;
      assert.deepEqual(title.range, { start: { line: 0, character: 0 }, end: { line: 1, character: 37 } });
      assert.deepEqual(title.textRange, { start: { line: 0, character: 0 }, end: { line: 0, character: 37 } });
      const backlog = section('Backlog fit');
      assert.deepEqual(backlog.heading.range, { start: { line: 31, character: 0 }, end: { line: 32, character: 11 } });
      assert.deepEqual(backlog.items.map((i) => i.text), ['Their backlog is planned in quarterly PI planning.']);
    });

    it('drops closing hashes but keeps numbering, emoji and inner hashes', () => {
      const mismatches = section('Integration mismatches').heading;
      assert.deepEqual(mismatches.textRange, { start: { line: 9, character: 3 }, end: { line: 9, character: 25 } });
      const stakeholders = section('1. Stakeholders 👥').heading;
      // 👥 is two UTF-16 units.
      assert.deepEqual(stakeholders.textRange.end, { line: 5, character: 21 });
      assert.ok(section('C# and .NET options'));
    });

    it('treats code, HTML and quotes as content of the section, not as sections or items', () => {
      const s = section('Integration mismatches');
      assert.deepEqual(s.items.map((i) => i.text), ['Mainframe batch window 01:00–04:00']);
      assert.deepEqual([s.range.start.line, s.range.end.line], [9, 29]);
      assert.equal(s.hasContent, true);
    });

    it('gives empty sections empty content and a range of just the heading', () => {
      for (const name of ['Skills gaps', 'C# and .NET options', 'Empty trailing section']) {
        const s = section(name);
        assert.equal(s.hasContent, false, name);
        assert.deepEqual(s.range, s.heading.range, name);
        assert.deepEqual(s.items, []);
        assert.deepEqual(s.tables, []);
      }
    });

    it('reads a section of only a placeholder as without content', () => {
      assert.equal(section('1. Stakeholders 👥').hasContent, false);
    });

    it('keeps an indented list in the section', () => {
      const s = section('🚩 Risks 🚩');
      assert.deepEqual(s.items.map((i) => [i.checked, i.text]), [[false, 'R-20: Indented list still belongs to the section']]);
      assert.deepEqual(s.items[0].checkboxRange!.start, { line: 40, character: 4 });
    });
  });

  describe('line endings and BOM', () => {
    const strip = (p: ParsedNote) => ({ ...p, eol: '\n', bom: false });
    for (const name of FIXTURE_NAMES) {
      const text = fixture(name);
      const base = parseNote(text);
      for (const [variant, make, eol, bom] of [
        ['CRLF', toCrlf, '\r\n', false],
        ['CR', toCr, '\r', false],
        ['BOM', withBom, '\n', true],
        ['BOM+CRLF', (t: string) => withBom(toCrlf(t)), '\r\n', true],
      ] as const) {
        it(`${name}: ${variant} gives the same structure`, () => {
          const variantText = make(text);
          const parsed = parseNote(variantText);
          assert.equal(parsed.eol, eol);
          assert.equal(parsed.bom, bom);
          if (base.frontMatter) {
            // The raw YAML keeps the file's own line breaks; everything else is identical.
            assert.equal(parsed.frontMatter!.raw.replace(/\r\n?/g, '\n'), base.frontMatter.raw);
            parsed.frontMatter!.raw = base.frontMatter.raw;
          }
          assert.deepEqual(strip(parsed), strip(base));
          assertWellFormed(variantText, parsed);
        });
      }
    }

    it('reports the first line break and counts lines of every kind', () => {
      const p = parseNote('## A\r\nx\ny\rz');
      assert.equal(p.eol, '\r\n');
      assert.equal(p.lineCount, 4);
      assert.equal(p.lastLineLength, 1);
    });

    it('joins the lines of a multi-line setext heading with one space', () => {
      for (const eol of ['\n', '\r\n', '\r']) {
        const p = parseNote(['Backlog  ', '  and governance', '---', '- a'].join(eol));
        assert.equal(p.headings[0].text, 'Backlog and governance');
        assert.deepEqual(p.headings[0].textRange, { start: { line: 0, character: 0 }, end: { line: 1, character: 16 } });
        assert.deepEqual(p.sections[0].items.map((i) => i.text), ['a']);
      }
    });

    it('handles an empty text and a text without a line break', () => {
      const empty = parseNote('');
      assert.deepEqual([empty.lineCount, empty.lastLineLength, empty.eol, empty.headings, empty.sections, empty.frontMatter], [1, 0, '\n', [], [], null]);
      const bomOnly = parseNote('\uFEFF');
      assert.deepEqual([bomOnly.bom, bomOnly.lineCount, bomOnly.lastLineLength], [true, 1, 0]);
      const one = parseNote('## Risks');
      assert.deepEqual([one.lineCount, one.lastLineLength, one.sections.length, one.sections[0].hasContent], [1, 8, 1, false]);
    });
  });

  describe('front matter', () => {
    it('reads an empty block', () => {
      const p = parseNote('---\n---\n## Risks\n');
      assert.deepEqual(p.frontMatter, {
        raw: '',
        range: { start: { line: 0, character: 0 }, end: { line: 1, character: 3 } },
        contentStartLine: 1,
      });
    });

    it('is only front matter at the very top', () => {
      assert.equal(parseNote('\n---\nclient: x\n---\n').frontMatter, null);
      assert.equal(parseNote('# Title\n\n---\nclient: x\n---\n').frontMatter, null);
    });

    it('is not front matter when the block is never closed', () => {
      const p = parseNote('---\nclient: Acme\n\n## Risks\n\n- [ ] R-1: x\n');
      assert.equal(p.frontMatter, null);
      assert.deepEqual(p.sections.map((s) => s.heading.text), ['Risks']);
    });

    it('keeps invalid YAML as raw text for the front-matter reader to report', () => {
      const p = parseNote('---\nclient: [unclosed\nstage: discovery\n---\n## Risks\n');
      assert.equal(p.frontMatter!.raw, 'client: [unclosed\nstage: discovery');
      assert.equal(p.sections.length, 1);
    });

    it('is read after a BOM, with BOM-less positions', () => {
      const p = parseNote('\uFEFF---\r\nclient: Acme\r\n---\r\n## Risks\r\n');
      assert.equal(p.frontMatter!.raw, 'client: Acme');
      assert.deepEqual(p.frontMatter!.range.end, { line: 2, character: 3 });
      assert.deepEqual(p.sections[0].heading.textRange, { start: { line: 3, character: 3 }, end: { line: 3, character: 8 } });
    });
  });

  describe('sections', () => {
    it('end a level-2 section at a level-1 heading, not at a level-3 one', () => {
      const p = parseNote('## Risks\n\n- a\n\n### Detail\n\n- b\n\n\n# Appendix\n\n- c\n\n## Questions\n- d\n');
      assert.deepEqual(p.sections.map((s) => [s.heading.text, s.range.end.line, s.items.map((i) => i.text)]), [
        ['Risks', 6, ['a', 'b']],
        ['Questions', 14, ['d']],
      ]);
    });

    it('ignore lists before the first level-2 heading and inside block quotes', () => {
      const p = parseNote('# Title\n- intro\n\n## Risks\n> - quoted\n\n- real\n');
      assert.deepEqual(p.sections[0].items.map((i) => i.text), ['real']);
    });

    it('strip inline markup from the content text', () => {
      const p = parseNote(
        '## Technology options\n\n' +
          'Option *A*: use **[Kafka](https://kafka.apache.org)** with `exactly-once`  \nsemantics ~~maybe~~.\n\n' +
          '![architecture diagram](diagram.png) <!-- fill in later --> <b>bold</b>\n\n' +
          '```yaml\nreplicas: 3\n```\n\n---\n\n[ref]: https://example.com\n',
      );
      assert.equal(p.sections[0].hasContent, true);
    });

    it('count an HTML comment or a thematic break alone as no content', () => {
      assert.equal(parseNote('## Risks\n\n<!-- to do -->\n\n***\n').sections[0].hasContent, false);
    });

    it('read the words of each block without its markup to tell a placeholder', () => {
      const blocks = [
        ['_TBD_', false],
        ['**TBD** — see [notes](x.md)', true],
        ['[TBD](x.md)', false],
        ['![TBD](x.png)', false],
        ['`TBD`', false],
        ['<b>TBD</b> <!-- the owner -->', false],
        ['```\nTBD\n```', false],
        ['    TODO', false],
        ['to\ndo', false],
        ['to\n\ndo', true],
        ['- TBD\n  - n/a', false],
        ['- TBD\n  - the data owner', true],
        ['> TBD', false],
        ['### TBD', false],
        ['### Owner', true],
        ['| ID | Risk |\n| --- | --- |', false],
        ['| ID | Risk |\n| --- | --- |\n| TBD | TBD |', true],
        ['TBD &amp; n/a', true],
        ['TBD \\- n/a', false],
      ] as const;
      for (const [body, content] of blocks) {
        const text = `## Risks\n\n${body}\n\n## Questions\n\nWho signs?\n`;
        assert.equal(parseNote(text).sections[0].hasContent, content, body);
        assert.equal(parseWithRemark(text).sections[0].hasContent, content, `remark: ${body}`);
      }
    });

    it('use the first paragraph line for an item that starts with a blank line', () => {
      const p = parseNote('## Risks\n\n-\n  R-1: data migration\n  second line\n- \n');
      assert.equal(p.sections[0].items[0].text, 'R-1: data migration');
      assert.deepEqual(p.sections[0].items[0].textRange, { start: { line: 3, character: 2 }, end: { line: 3, character: 21 } });
      const emptyItem = p.sections[0].items[1];
      assert.equal(emptyItem.text, '');
      assert.deepEqual(emptyItem.textRange.start, emptyItem.textRange.end);
    });

    it('treat placeholder-only content as no content', () => {
      const p = parseNote('## A\n\n_TBD_\n\n## B\n\n- TODO\n\n## C\n\n> N/A\n\n## D\n\n-\n\n## E\n\n**TBD** — see [notes](x.md)\n');
      assert.deepEqual(p.sections.map((s) => s.hasContent), [false, false, false, false, true]);
    });

    it('give an item that starts with a nested list an empty text and its children', () => {
      const item = parseNote('## Risks\n-\n  - child one\n  - child two\n').sections[0].items[0];
      assert.equal(item.text, '');
      assert.deepEqual(item.textRange, { start: { line: 1, character: 1 }, end: { line: 1, character: 1 } });
      assert.deepEqual(item.children.map((c) => [c.depth, c.text]), [[1, 'child one'], [1, 'child two']]);
    });

    it('do not take headings inside list items, and read empty headings', () => {
      const p = parseNote('## Risks\n- ## not a section\n\n##\n\n### ###\n');
      assert.deepEqual(p.headings.map((h) => [h.depth, h.text]), [[2, 'Risks'], [2, ''], [3, '']]);
      assert.equal(p.sections.length, 2);
      assert.deepEqual(p.headings[1].textRange, { start: { line: 3, character: 2 }, end: { line: 3, character: 2 } });
      assert.equal(p.sections[0].items[0].text, '## not a section');
    });

    it('treat `[ ]` without text as plain text, as GFM does', () => {
      const item = parseNote('## Risks\n- [ ]\n').sections[0].items[0];
      assert.deepEqual([item.checked, item.text, item.checkboxRange], [null, '[ ]', null]);
    });

    it('read ordered items with `)` and long numbers', () => {
      const p = parseNote('## Commitments\n123456789) Send the spec\n');
      assert.equal(p.sections[0].items[0].text, 'Send the spec');
      assert.equal(p.sections[0].items[0].textRange.start.character, 11);
    });
  });

  describe('bad input', () => {
    function nested(depth: number): string {
      let text = '## Risks\n\n';
      for (let i = 0; i < depth; i++) text += `${'  '.repeat(i)}- [ ] level ${i}\n`;
      return text + '\n## Open questions\n\n- [ ] still parsed?\n';
    }
    const deepest = (items: ParsedListItem[]): number => Math.max(-1, ...allItems(items).map((i) => i.depth));

    it('keeps ordinary nesting complete', () => {
      const p = parseNote(nested(12));
      assert.equal(deepest(p.sections[0].items), 11);
      assertWellFormed(nested(12), p);
    });

    it('survives a 1,000-deep nested list quickly and still reads the rest of the note', function () {
      this.timeout(60_000);
      const text = nested(1000);
      const started = Date.now();
      const p = parseNote(text);
      const elapsed = Date.now() - started;
      // Unguarded, remark needs minutes for this shape; guarded it takes about a second on an idle machine.
      assert.ok(elapsed < 20_000, `took ${elapsed} ms`);
      const depth = deepest(p.sections[0].items);
      assert.ok(depth >= 30 && depth <= MAX_NESTING_DEPTH, `depth ${depth}`);
      assert.deepEqual(p.sections.map((s) => s.heading.text), ['Risks', 'Open questions']);
      assert.deepEqual(p.sections[1].items.map((i) => i.text), ['still parsed?']);
      assert.equal(p.sections[0].range.end.line, 1001);
      assertWellFormed(text, p);
    });

    it('survives 100,000 list markers on one line and 1,000 nested block quotes', function () {
      this.timeout(60_000);
      const markers = '## Risks\n' + '- '.repeat(100_000) + 'deep\n## Next\n';
      const p = parseNote(markers);
      assert.deepEqual(p.sections.map((s) => s.heading.text), ['Risks', 'Next']);
      const quotes = '## Risks\n' + Array.from({ length: 1000 }, (_, i) => '>'.repeat(i + 1) + ' - q').join('\n') + '\n## Next\n';
      assert.deepEqual(parseNote(quotes).sections.map((s) => s.heading.text), ['Risks', 'Next']);
    });

    it('parses a note with 1,000 risks', function () {
      this.timeout(120_000);
      let text = '---\nclient: Acme\nengagement: ERP\n---\n\n## Risks\n\n';
      for (let i = 1; i <= 1000; i++) text += `- [ ] R-${i}: Risk number ${i} — likelihood: ${(i % 5) + 1}\n  - owner: Dana\n`;
      const p = parseNote(text);
      assert.equal(p.sections[0].items.length, 1000);
      assert.equal(p.sections[0].items[999].text, 'R-1000: Risk number 1000 — likelihood: 1');
      assert.equal(p.sections[0].items[999].children[0].text, 'owner: Dana');
    });

    it('parses very long lines and unbalanced markup', function () {
      this.timeout(60_000);
      for (const body of ['x'.repeat(200_000), '['.repeat(5_000), '*a '.repeat(3_000), '<'.repeat(20_000), 'x ' + '`'.repeat(20_000)]) {
        const text = `## Risks\n${body}\n## Next\n`;
        const p = parseNote(text);
        assert.deepEqual(p.sections.map((s) => s.heading.text), ['Risks', 'Next']);
      }
    });
  });

  describe('properties', () => {
    const fragment = fc.constantFrom(
      '## Risks', '## 2. Open questions ❓', '# Title', '### Sub', 'Setext', '===', '---', '***', '```', '~~~', '    code',
      '- [ ] R-1: Title — likelihood: 4', '- [x] done', '  - owner: Dana', '    - nested', '1. first', '* star', '+ plus',
      '| ID | Risk |', '|---|---|', '| R-2 | x \\| y |', 'a | b', '> quote', '> ## quoted', '<div>', '</div>', '<!-- c -->',
      'TBD', '', '', '  ', '\t- tab', 'client: Acme', '😀 emoji **bold** _em_ `code` [link](x)', '-', '[ ]', '\\',
    );
    const note = fc.array(fragment, { maxLength: 40 }).map((lines) => lines.join('\n'));
    const noted = fc.tuple(fc.boolean(), note).map(([fm, body]) => (fm ? '---\nclient: Acme\n---\n' : '') + body);

    it('never throws and every range is in the document', () => {
      fc.assert(
        fc.property(noted, (text) => {
          assertWellFormed(text, parseNote(text));
        }),
        { numRuns: 300 },
      );
    });

    it('is the same for LF, CRLF, CR and with a BOM, and deterministic', () => {
      fc.assert(
        fc.property(noted, fc.constantFrom('\r\n', '\r'), fc.boolean(), (text, eol, bom) => {
          const base = parseWithRemark(text);
          assert.deepEqual(parseWithRemark(text), base);
          const variant = parseWithRemark((bom ? '\uFEFF' : '') + text.replace(/\n/g, eol));
          if (variant.frontMatter) variant.frontMatter.raw = variant.frontMatter.raw.split(eol).join('\n');
          assert.deepEqual({ ...variant, eol: base.eol, bom: false }, base);
        }),
        { numRuns: 200 },
      );
    });

    it('never throws on arbitrary text', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
          assertWellFormed(text, parseNote(text));
        }),
        { numRuns: 150 },
      );
    });
  });
});
