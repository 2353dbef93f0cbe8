import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNote, parseWithRemark } from '../../src/core/parse/index';
import { inlinePlainText } from '../../src/core/parse/inline';
import { scanNote, scanNoteWithReason } from '../../src/core/parse/scanner';
import { collapseWhitespace } from '../../src/core/text';

const examples = join(__dirname, '..', '..', 'examples');

/** The scanner's result must be remark's, apart from `parser`. */
function assertSame(text: string): void {
  const scanned = scanNote(text);
  assert.ok(scanned, `scanner declined: ${scanNoteWithReason(text).reason}`);
  assert.deepEqual({ ...scanned, parser: 'remark' }, parseWithRemark(text));
}

describe('block scanner', () => {
  it('reads a note with front matter, nested task risks, a risk table and code identically to remark', () => {
    const text = [
      '---',
      'client: Acme Logistics',
      'engagement: Customer portal',
      '---',
      '# Portal discovery',
      '',
      '## Integration mismatches',
      '',
      '```yaml',
      '## not a heading',
      '```',
      '',
      '    ## not a heading either',
      '',
      'Orders',
      '------',
      '',
      '## Risks',
      '',
      '- [ ] **R-1** Vendor API rate limits — likelihood: 4; impact: 5',
      '  - owner: Dana Whitfield',
      '  - mitigation: cache the *catalogue* (see [runbook](https://wiki.example.com/runbook))',
      '- [x] R-2: `SSO` cut-over',
      '',
      '| ID | Risk | Owner |',
      '| --- | --- | --- |',
      '| R-3 | Data \\| quality | Sam |',
      '',
    ].join('\n');
    assertSame(text);
    const parsed = scanNote(text)!;
    assert.equal(parsed.parser, 'scanner');
    assert.deepEqual(
      parsed.headings.map((h) => [h.depth, h.text]),
      [
        [1, 'Portal discovery'],
        [2, 'Integration mismatches'],
        [2, 'Orders'],
        [2, 'Risks'],
      ],
    );
    const risks = parsed.sections[2];
    assert.equal(risks.items[0].checked, false);
    assert.equal(risks.items[0].children[1].text, 'mitigation: cache the *catalogue* (see [runbook](https://wiki.example.com/runbook))');
    assert.equal(risks.tables[0].rows[0].cells[1].text, 'Data \\| quality');
    assert.equal(risks.hasContent, true);
  });

  it('reads every example note identically to remark, in LF, CRLF and with a BOM', () => {
    const note = readFileSync(join(examples, 'harrowfield-nhs', 'patient-portal', '2026-11-17-epr-integration.discovery.md'), 'utf8');
    assertSame(note);
    assertSame(note.replace(/\n/g, '\r\n'));
    assertSame(`\uFEFF${note}`);
  });

  it('reads root-level block quotes of paragraphs identically to remark', () => {
    for (const text of [
      '## Stakeholders\n\n- Aiko Tanaka — Product owner\n\n> Vendor capacity *timeline* (see [the ticket](https://jira.example.com/DISC-71)).\n> Compliance `latency` review.\n\n## Risks\n\n- R-1: x\n',
      '## Risks\n\nA paragraph\n> interrupted by a quote\n>\n> with a second paragraph\n\nafter\n',
      '## Risks\n\n- item\n\n>quote without a space\n>   indented continuation\n',
      '## Risks\n\n   > indented quote\n> 2026 budget, not a list\n',
    ]) {
      assertSame(text);
      assertSame(text.replace(/\n/g, '\r\n'));
    }
  });

  for (const [what, text] of [
    ['a list inside a block quote', '## Risks\n\n> - quoted item\n'],
    ['a lazy line after a block quote', '## Risks\n\n> quoted\nlazily continued\n'],
    ['a lazy continuation line', '## Risks\n\n- item\ncontinued lazily\n'],
    ['a tab in list indentation', '## Risks\n\n-\titem\n'],
    ['a link reference definition', '## Risks\n\n[ref]: https://example.com\n'],
    ['a table inside a list', '## Risks\n\n- item\n\n  | a | b |\n  | - | - |\n'],
    ['raw inline HTML in a block that starts with a placeholder', '## Risks\n\nTBD <span>html</span>\n'],
    ['raw inline HTML at the start of a block', '## Risks\n\n<span>TBD</span> or not\n'],
    ['an ordered item that cannot interrupt a paragraph', '## Risks\n\ntext\n2. two\n'],
  ] as const) {
    it(`leaves a note with ${what} to remark`, () => {
      assert.equal(scanNote(text), null);
      assert.equal(parseNote(text).parser, 'remark');
    });
  }

  it('reads a block that starts with a word as content, whatever markup follows, as remark does', () => {
    for (const text of [
      '## Risks\n\nsome <span>html</span>\n',
      '## Risks\n\nDana [^1] <b>x</b> &unknown; www.example.com\n\n## Open questions\n\n- TBD\n',
      '## Risks\n\n### Vendor <!-- TBD -->\n',
      '## Risks\n\n  2026 budget *freeze* <span>\n  continued `code\n  span`\n',
    ]) {
      assertSame(text);
      assert.equal(scanNote(text)!.sections[0].hasContent, true, text);
    }
    // A block that starts with a placeholder's letter, or with markup, is read to its end.
    assert.equal(scanNote('## Risks\n\nto do *TBD*\n')!.sections[0].hasContent, false);
    assert.equal(scanNote('## Risks\n\n**TBD**\n')!.sections[0].hasContent, false);
  });

  it('does not hang or overflow on a 1,000-deep list, a 2 MB line or 50,000 brackets', () => {
    const deep = Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i * 2)}- level ${i}`).join('\n');
    const huge = `## Risks\n\n${'word *a* [b](c) `d` '.repeat(100_000)}\n`;
    const brackets = `## Risks\n\n${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    for (const text of [deep, huge, brackets]) {
      const start = performance.now();
      const r = scanNoteWithReason(text);
      assert.ok(performance.now() - start < 5000, 'linear time');
      if (r.note) assert.equal(r.note.parser, 'scanner');
    }
    assert.equal(scanNote(deep), null, 'deeper than the parsers follow');
  });

  it('reads a note the same whatever notes, longer or shorter, it scanned before (its line arrays are shared)', function () {
    this.timeout(30_000);
    const short = ['## Risks', '', '- R-1: Late data — likelihood: 3', '', '> A quote.', '', 'Text.', ''].join('\n');
    const long = Array.from({ length: 9_000 }, (_, i) => (i % 3 === 0 ? `## Section ${i}` : i % 3 === 1 ? '' : `- item ${i}`)).join('\r\n');
    const alone = parseWithRemark(short);
    assertSame(long);
    assert.deepEqual({ ...scanNote(short), parser: 'remark' }, alone, 'after a note of 9,000 lines (CRLF), more than the arrays first hold');
    assertSame(`${short}\n${short}`);
    assert.deepEqual({ ...scanNote(short), parser: 'remark' }, alone, 'after a longer note');
  });
});

describe('inline plain text', () => {
  for (const [md, text] of [
    ['plain words', 'plain words'],
    ['**R-3** rate *limits*', 'R-3 rate limits'],
    ['a `code *span*` b', 'a code *span* b'],
    ['[the runbook](https://x.example/a_b "t") here', 'the runbook here'],
    ['![diagram](d.png) and [ref] left', 'diagram and [ref] left'],
    ['\\*not emphasis\\* &amp; &#65;', '*not emphasis* & A'],
    ['*a **b** c*', 'a b c'],
    ['foo*bar*baz __x__', 'foobarbaz x'],
    ['~5 days', '~5 days'],
    ['un*closed', 'un*closed'],
  ] as const) {
    it(`${JSON.stringify(md)} -> ${JSON.stringify(text)}`, () => assert.equal(inlinePlainText(md), text));
  }

  it('declines what it cannot be sure of', () => {
    for (const md of ['<b>x</b>', '<https://x.example>', 'a [^1] note', '&unknownentity;', '~~a~~ ~b~', '*é*', 'see https://x.example/*a*'])
      assert.equal(inlinePlainText(md), null, md);
  });

  it('collapses whitespace runs exactly as replacing every \\s+ with one space', () => {
    const pieces = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', 'a', 'word', 'é', '—', ':'];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const cases = ['', ' ', 'a b', ' a  b ', 'a\nb', 'a \n b'];
    for (let k = 0; k < 3000; k++) {
      let text = '';
      for (let len = next() % 12; len > 0; len--) text += pieces[next() % pieces.length];
      cases.push(text);
    }
    for (const text of cases) assert.equal(collapseWhitespace(text), text.replace(/\s+/g, ' '), JSON.stringify(text));
  });
});
