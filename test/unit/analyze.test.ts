import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as nodePath from 'node:path';
import { RISK_ID_PATTERN, analyze, isIsoDate, riskColumnOf } from '../../src/core/analyze';
import { DEFAULT_CONFIG, mergeConfig } from '../../src/core/config';
import type { Note, ParsedListItem, ParsedNote, ParsedSection, ParsedTable, ParsedTableRow, Range, Risk } from '../../src/core/model';
import { parseNote } from '../../src/core/parse/index';

// ---------------------------------------------------------------------------------------------------------------
// A minimal structure builder for notes made of level-2 sections with lists and pipe tables, so the meaning
// layer is tested on its own, whatever parser produced the structure.
// ---------------------------------------------------------------------------------------------------------------

const ITEM = /^( *)([-*+]|\d+[.)])( +)(?:(\[[ xX]\])( +))?(.*)$/u;

function r(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

function structureOf(markdown: string): ParsedNote {
  const lines = markdown.split('\n');
  const sections: ParsedSection[] = [];
  let current: ParsedSection | null = null;
  const stack: Array<{ item: ParsedListItem; column: number }> = [];
  let table: ParsedTable | null = null;
  const cellsOf = (line: string, n: number): ParsedTableRow => {
    const cells = [];
    let i = line.indexOf('|') + 1;
    while (i < line.length) {
      const next = line.indexOf('|', i);
      const end = next < 0 ? line.length : next;
      const raw = line.slice(i, end);
      const lead = raw.length - raw.trimStart().length;
      const text = raw.trim();
      cells.push({ text, range: r(n, i + lead, n, i + lead + text.length) });
      if (next < 0) break;
      i = next + 1;
      if (i >= line.trimEnd().length) break;
    }
    return { cells, range: r(n, 0, n, line.length) };
  };
  const extend = (n: number, length: number) => {
    for (const s of stack) s.item.range.end = { line: n, character: length };
  };
  lines.forEach((line, n) => {
    if (line.startsWith('## ')) {
      current = {
        heading: { depth: 2, text: line.slice(3).trim(), range: r(n, 0, n, line.length), textRange: r(n, 3, n, line.length) },
        range: r(n, 0, n, line.length), items: [], tables: [], hasContent: false,
      };
      sections.push(current);
      stack.length = 0;
      table = null;
      return;
    }
    if (!current) return;
    const section: ParsedSection = current;
    if (line.trim() !== '') section.range.end = { line: n, character: line.length };
    if (line.trimStart().startsWith('|')) {
      if (!table) {
        table = { header: cellsOf(line, n), rows: [], range: r(n, 0, n, line.length) };
        section.tables.push(table);
      } else if (!/^\s*\|[\s:|-]+\|?\s*$/u.test(line)) {
        table.rows.push(cellsOf(line, n));
      }
      table.range.end = { line: n, character: line.length };
      return;
    }
    table = null;
    const m = ITEM.exec(line.trimEnd());
    if (!m) {
      if (line.trim() !== '' && stack.length > 0 && line.length - line.trimStart().length > stack[0].column) extend(n, line.length);
      else if (line.trim() !== '') stack.length = 0;
      return;
    }
    const column = m[1].length;
    while (stack.length > 0 && stack[stack.length - 1].column >= column) stack.pop();
    const boxStart = column + m[2].length + m[3].length;
    const textStart = m[4] ? boxStart + m[4].length + m[5].length : boxStart;
    const item: ParsedListItem = {
      checked: m[4] ? m[4] !== '[ ]' : null,
      text: m[6],
      textRange: r(n, textStart, n, textStart + m[6].length),
      range: r(n, column, n, line.trimEnd().length),
      checkboxRange: m[4] ? r(n, boxStart, n, boxStart + 3) : null,
      children: [],
      depth: stack.length,
    };
    if (stack.length > 0) stack[stack.length - 1].item.children.push(item);
    else section.items.push(item);
    extend(n, line.trimEnd().length);
    stack.push({ item, column });
  });
  return {
    bom: false, eol: '\n', lineCount: lines.length, lastLineLength: lines[lines.length - 1].length,
    frontMatter: null, headings: sections.map((s) => s.heading), sections, parser: 'remark',
  };
}

const analyzeMd = (md: string, path = 'acme/crm/kickoff.discovery.md', config = DEFAULT_CONFIG) => analyze(structureOf(md), config, path);

/** The meaning of a risk without its positions, for comparing the two forms. */
function valuesOf(risk: Risk) {
  const { id, title, likelihood, impact, score, band, owner, status, isOpen, due, mitigation } = risk;
  return { id, title, likelihood, impact, score, band, owner, status, isOpen, due, mitigation, problems: risk.problems.map((p) => [p.field, p.raw]), fields: Object.keys(risk.fields).sort() };
}

/** The text a range covers in `md`. */
function textAt(md: string, range: Range): string {
  const lines = md.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [lines[range.start.line].slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), lines[range.end.line].slice(0, range.end.character)].join('\n');
}

describe('analyze (structure builder)', () => {
  describe('risks in list form', () => {
    const md = [
      '## Risks',                                                                                                   // 0
      '',                                                                                                           // 1
      '- [ ] R-1: CoreLedger SOAP services cannot sustain the onboarding peak',                                     // 2
      '  - likelihood: possible',                                                                                   // 3
      '  - Impact: **major**',                                                                                      // 4
      '  - owner: Gareth Lloyd',                                                                                    // 5
      '  - status: mitigating',                                                                                     // 6
      '  - due: 2026-12-12',                                                                                        // 7
      '  - mitigation: Load-test the sandbox at 3x forecast peak; cache product look-ups.',                         // 8
      '- [x] **R-2** WSDLs late — likelihood: 3; impact: minor; owner: @gareth; due: 2026-10-21',                    // 9
      '- [ ] [R-3] Data leaves the UK | probability: unlikely | consequence: severe | assignee: Priya | status: open', // 10
      '- R-4 — ESB team not released; likelihood: likely; impact: 3; who: Helen; state: monitoring; plan: ask in PI planning', // 11
      '- [ ] Vendor SLA unclear',                                                                                   // 12
      '- A plain note about R-1, not a risk',                                                                       // 13
    ].join('\n');
    const note = analyzeMd(md);

    it('finds every risk, with and without an ID', () => {
      assert.deepEqual(note.risks.map((x) => x.id), ['R-1', 'R-2', 'R-3', 'R-4', null]);
      assert.deepEqual(note.risks.map((x) => x.title), [
        'CoreLedger SOAP services cannot sustain the onboarding peak', 'WSDLs late', 'Data leaves the UK', 'ESB team not released', 'Vendor SLA unclear',
      ]);
      assert.ok(note.risks.every((x) => x.form === 'list'));
    });

    it('reads nested fields', () => {
      const [r1] = note.risks;
      assert.deepEqual(valuesOf(r1), {
        id: 'R-1', title: 'CoreLedger SOAP services cannot sustain the onboarding peak', likelihood: 3, impact: 4, score: 12, band: 'high',
        owner: 'Gareth Lloyd', status: 'mitigating', isOpen: true, due: '2026-12-12',
        mitigation: 'Load-test the sandbox at 3x forecast peak; cache product look-ups', problems: [],
        fields: ['due', 'id', 'impact', 'likelihood', 'mitigation', 'owner', 'status', 'title'],
      });
      assert.equal(textAt(md, r1.fields.impact!.range), '**major**');
      assert.equal(textAt(md, r1.fields.due!.range), '2026-12-12');
      assert.equal(textAt(md, r1.fields.id!.range), 'R-1');
      assert.equal(textAt(md, r1.fields.title!.range), r1.title);
      assert.deepEqual(r1.range, r(2, 0, 8, md.split('\n')[8].length));
      assert.deepEqual(r1.insertFieldAt, r1.range.end);
      assert.equal(r1.fieldIndent, '  ');
    });

    it('reads inline fields after each separator style, and a checked box closes the risk', () => {
      const [, r2, r3, r4] = note.risks;
      assert.deepEqual([r2.likelihood, r2.impact, r2.owner, r2.status, r2.isOpen, r2.due], [3, 2, 'gareth', 'closed', false, '2026-10-21']);
      assert.equal(textAt(md, r2.fields.owner!.range), '@gareth');
      assert.deepEqual(r2.checkboxRange, r(9, 2, 9, 5));
      assert.equal(r2.fieldIndent, '  ');
      assert.deepEqual([r3.likelihood, r3.impact, r3.score, r3.band, r3.owner, r3.status], [2, 5, 10, 'high', 'Priya', 'open']);
      assert.equal(textAt(md, r3.fields.status!.range), 'open');
      assert.deepEqual([r4.likelihood, r4.impact, r4.owner, r4.status, r4.mitigation, r4.checkboxRange], [4, 3, 'Helen', 'monitoring', 'ask in PI planning', null]);
    });

    it('a task item without ID is a risk with no fields but its title', () => {
      const r5 = note.risks[4];
      assert.deepEqual([r5.id, r5.likelihood, r5.status, r5.isOpen, r5.score, r5.band], [null, null, 'open', true, null, null]);
      assert.deepEqual(Object.keys(r5.fields), ['title']);
      assert.equal(r5.fieldIndent, '  ');
    });

    it('counts mentions in plain items as references, not definitions', () => {
      assert.deepEqual(note.references.map((x) => [x.id, textAt(md, x.range)]), [['R-1', 'R-1']]);
      assert.equal(note.references[0].range.start.line, 13);
    });
  });

  describe('value problems', () => {
    const md = [
      '## Risks',
      '- [ ] R-7: Bad values',
      '    - likelihood: 7',
      '    - impact: catastrophic',
      '    - status: parked',
      '    - due: 2026-02-30',
      '    - owner: TBD',
      '- [ ] R-8: More bad values — likelihood: sometimes; impact: 0; due: next week; status: ?; mitigation: n/a',
      '- [ ] R-9: Placeholders are missing, not wrong — likelihood: TBD; impact: ; owner:',
    ].join('\n');
    const note = analyzeMd(md);

    it('reports values that are written but not understood', () => {
      const [r7, r8] = note.risks;
      assert.deepEqual(r7.problems.map((p) => [p.field, p.raw, textAt(md, p.range)]), [
        ['likelihood', '7', '7'], ['impact', 'catastrophic', 'catastrophic'], ['status', 'parked', 'parked'], ['due', '2026-02-30', '2026-02-30'],
      ]);
      assert.match(r7.problems[0].reason, /1 to 5/u);
      assert.match(r7.problems[3].reason, /calendar/u);
      assert.deepEqual([r7.likelihood, r7.impact, r7.score, r7.status, r7.due, r7.owner], [null, null, null, 'open', null, null]);
      assert.equal(r7.fieldIndent, '    ');
      assert.deepEqual(r8.problems.map((p) => [p.field, p.raw]), [['likelihood', 'sometimes'], ['impact', '0'], ['due', 'next week']]);
      assert.equal(r8.mitigation, null);
      assert.equal(r8.status, 'open');
    });

    it('treats placeholders and empty values as missing, keeping the field and its position', () => {
      const r9 = note.risks[2];
      assert.deepEqual(r9.problems, []);
      assert.deepEqual([r9.likelihood, r9.impact, r9.owner], [null, null, null]);
      assert.equal(r9.fields.likelihood?.raw, 'TBD');
      assert.equal(r9.fields.impact?.raw, '');
      assert.equal(r9.fields.owner?.raw, '');
      const ownerAt = r9.fields.owner!.range;
      assert.deepEqual(ownerAt.start, ownerAt.end);
      assert.equal(ownerAt.start.character, md.split('\n')[8].length);
    });

    it('uses the configured scale words and bands', () => {
      const config = mergeConfig(DEFAULT_CONFIG, { impactWords: { catastrophic: 5 }, bands: { medium: 2, high: 3, critical: 4 } });
      const r7 = analyze(structureOf(md), config, 'x.discovery.md').risks[0];
      assert.equal(r7.impact, 5);
      const simple = analyze(structureOf('## Risks\n- [ ] R-1: A — likelihood: 1; impact: 2'), config, 'x.discovery.md').risks[0];
      assert.equal(simple.band, 'medium');
    });
  });

  describe('risks in table form', () => {
    const md = [
      '## Risk register',
      '',
      '| ID | Risk | L | Impact | Owner | Status | Due | Mitigation |',
      '|----|------|---|--------|-------|--------|-----|------------|',
      '| R-1 | CoreLedger SOAP services cannot sustain the onboarding peak | possible | major | Gareth Lloyd | mitigating | 2026-12-12 | Load-test the sandbox at 3x forecast peak; cache product look-ups. |',
      '| **R-2** | WSDLs late | 3 | minor | @gareth | closed | 2026-10-21 | |',
      '| 3 | Row with a bad ID | likely | severe | | sideways | 12/01/2026 | |',
      '|  |  |  |  |  |  |  |  |',
    ].join('\n');
    const note = analyzeMd(md);

    it('reads rows by header name and skips empty rows', () => {
      assert.equal(note.risks.length, 3);
      assert.ok(note.risks.every((x) => x.form === 'table' && x.checkboxRange === null && x.fieldIndent === ''));
      const [r1, r2] = note.risks;
      assert.deepEqual([r1.id, r1.likelihood, r1.impact, r1.score, r1.band, r1.owner, r1.status, r1.due], ['R-1', 3, 4, 12, 'high', 'Gareth Lloyd', 'mitigating', '2026-12-12']);
      assert.equal(textAt(md, r1.fields.mitigation!.range), 'Load-test the sandbox at 3x forecast peak; cache product look-ups.');
      assert.deepEqual(r1.insertFieldAt, r1.range.end);
      assert.deepEqual([r2.id, r2.owner, r2.status, r2.isOpen, r2.mitigation], ['R-2', 'gareth', 'closed', false, null]);
      assert.equal(r2.fields.mitigation?.raw, '');
    });

    it('reports a malformed ID, status and date', () => {
      const r3 = note.risks[2];
      assert.equal(r3.id, null);
      assert.deepEqual(r3.problems.map((p) => [p.field, p.raw]), [['id', '3'], ['status', 'sideways'], ['due', '12/01/2026']]);
    });

    it('takes the ID from the title cell when there is no ID column', () => {
      const t = analyzeMd('## Risks\n| Risk | Likelihood | Impact |\n|---|---|---|\n| R-5: Vendor API limits | 2 | 2 |\n| No ID here | 1 | 1 |');
      assert.deepEqual(t.risks.map((x) => [x.id, x.title, x.score]), [['R-5', 'Vendor API limits', 4], [null, 'No ID here', 1]]);
      const md2 = '## Risks\n| Risk | Likelihood | Impact |\n|---|---|---|\n| R-5: Vendor API limits | 2 | 2 |';
      const r5 = analyzeMd(md2).risks[0];
      assert.equal(textAt(md2, r5.fields.id!.range), 'R-5');
      assert.equal(textAt(md2, r5.fields.title!.range), 'Vendor API limits');
    });

    it('treats other tables as text that may reference risks', () => {
      const t = analyzeMd('## Risks\n| Date | Note |\n|---|---|\n| 2026-11-01 | R-2 escalated |\n\n## Technology options\n| Option | Risk |\n|---|---|\n| A | see R-1 |');
      assert.equal(t.risks.length, 0);
      assert.deepEqual(t.references.map((x) => x.id), ['R-2', 'R-1']);
    });
  });

  it('parses the same risk identically in list form and in table form', () => {
    const list = analyzeMd([
      '## Risks',
      '- [ ] R-3: Customer PII leaves the UK through our log pipeline',
      '  - likelihood: unlikely',
      '  - impact: severe',
      '  - owner: Priya Raman',
      '  - status: open',
      '  - due: 2026-11-13',
      '  - mitigation: Route logs to UK South and mask PII at source.',
    ].join('\n')).risks[0];
    const table = analyzeMd([
      '## Risks',
      '| ID | Title | Probability | Impact | Owner | Status | Due date | Mitigation |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      '| R-3 | Customer PII leaves the UK through our log pipeline | unlikely | severe | Priya Raman | open | 2026-11-13 | Route logs to UK South and mask PII at source. |',
    ].join('\n')).risks[0];
    const inline = analyzeMd('## Risks\n- [ ] **R-3** Customer PII leaves the UK through our log pipeline — likelihood: unlikely; impact: severe; owner: Priya Raman; status: open; due: 2026-11-13; mitigation: Route logs to UK South and mask PII at source.').risks[0];
    assert.deepEqual(valuesOf(table), valuesOf(list));
    assert.deepEqual(valuesOf(inline), valuesOf(list));
    assert.equal(list.score, 10);
    assert.equal(list.band, 'high');
  });

  describe('titles and inline fields', () => {
    const titleOf = (line: string) => analyzeMd(`## Risks\n${line}`).risks[0];
    it('keeps separators and everyday words that are not fields in the title', () => {
      assert.equal(titleOf('- [ ] R-1: ADFS — the OIDC endpoint is disabled').title, 'ADFS — the OIDC endpoint is disabled');
      assert.equal(titleOf('- [ ] R-1: Vendor plan: unclear').title, 'Vendor plan: unclear');
      assert.equal(titleOf('- [ ] R-1: Nobody knows who: to ask').title, 'Nobody knows who: to ask');
      assert.equal(titleOf('- [ ] R-1 Title likelihood: 2; impact: 2').title, 'Title');
      assert.equal(titleOf('- [ ] R-1: Title -- owner: Dana; plan: escalate').mitigation, 'escalate');
      assert.equal(titleOf('- [ ] **R-12:** Title').id, 'R-12');
      assert.equal(titleOf('- [ ] `R-12` Title').title, 'Title');
      assert.equal(titleOf('- [ ] R-12').title, '');
    });

    it('does not take an ID that is only a prefix of a word', () => {
      const risk = titleOf('- [ ] R-1x is not an ID');
      assert.equal(risk.id, null);
      assert.equal(risk.title, 'R-1x is not an ID');
    });

    it('reads `**key:**` and `**Key**:` nested fields', () => {
      const risk = analyzeMd('## Risks\n- [ ] R-1: A\n  - **Owner:** Dana\n  - **Due date**: 2026-12-01\n  - Deadline: 2027-01-01').risks[0];
      assert.deepEqual([risk.owner, risk.due], ['Dana', '2026-12-01']);
    });

    it('stays fast on a pathological line', () => {
      const started = Date.now();
      const long = `- [ ] R-1: ${'a '.repeat(50_000)}${' '.repeat(50_000)}(${'-'.repeat(20_000)}; ${'.'.repeat(20_000)}`;
      const note = analyzeMd(`## ${'('.repeat(20_000)}Risks\n## Risks\n${long}\n  - mitigation: ${'.'.repeat(50_000)}x`);
      assert.equal(note.risks.length, 1);
      assert.ok(Date.now() - started < 1500, `${Date.now() - started} ms`);
    });
  });

  describe('commitments and questions', () => {
    const md = [
      '## Action items',
      '- [x] Share the CoreLedger WSDLs — owner: Gareth Lloyd; due: 2026-10-21',
      '- [ ] Send the draft outline to @priya by 2026-11-14',
      '- [ ] Agree the fallback for R-4 with the ESB team',
      '  - owner: Priya Raman',
      '  - due: 2026-13-01',
      '- Our side:',
      '  - [ ] Book the security review',
      '- Not a commitment',
      '',
      '## Open questions',
      '- [ ] Can ADFS expose OIDC? — asked: 2026-10-14; owner: Tom Hale',
      '- [x] Is there a non-production CoreLedger? — asked: 2026-10-14',
      '- [ ] Who owns the product-code spreadsheet (R-9)? — asked: last week',
      '- Plain bullet',
    ].join('\n');
    const note = analyzeMd(md);

    it('reads commitments with owners and due dates in every form', () => {
      assert.deepEqual(note.commitments.map((c) => [c.text, c.done, c.owner, c.due]), [
        ['Share the CoreLedger WSDLs', true, 'Gareth Lloyd', '2026-10-21'],
        ['Send the draft outline to @priya by 2026-11-14', false, 'priya', '2026-11-14'],
        ['Agree the fallback for R-4 with the ESB team', false, 'Priya Raman', null],
        ['Book the security review', false, null, null],
      ]);
      const [c1, c2, c3, c4] = note.commitments;
      assert.equal(textAt(md, c1.textRange), 'Share the CoreLedger WSDLs');
      assert.equal(textAt(md, c2.fields.owner!.range), '@priya');
      assert.equal(textAt(md, c2.fields.due!.range), '2026-11-14');
      assert.deepEqual(c3.problems.map((p) => [p.field, p.raw]), [['due', '2026-13-01']]);
      assert.equal(c3.fieldIndent, '  ');
      assert.deepEqual(c3.insertFieldAt, { line: 5, character: 19 });
      assert.equal(c4.fieldIndent, '    ');
    });

    it('reads questions with asked dates and owners', () => {
      assert.deepEqual(note.questions.map((q) => [q.text, q.answered, q.asked, q.owner]), [
        ['Can ADFS expose OIDC?', false, '2026-10-14', 'Tom Hale'],
        ['Is there a non-production CoreLedger?', true, '2026-10-14', null],
        ['Who owns the product-code spreadsheet (R-9)?', false, null, null],
      ]);
      assert.equal(note.questions[2].fields.asked?.raw, 'last week');
    });

    it('collects references from commitments and questions', () => {
      assert.deepEqual(note.references.map((x) => [x.id, x.range.start.line]), [['R-4', 3], ['R-9', 13]]);
    });
  });

  describe('sections and meta', () => {
    it('matches sections by the configured definitions', () => {
      const note = analyzeMd('## 1. Stakeholders\n## Backgrund\n## RAID log\n## Threats');
      assert.deepEqual(note.sections.map((s) => s.id), ['stakeholders', null, 'risks', null]);
      const config = mergeConfig(DEFAULT_CONFIG, { sectionAdjustments: [{ name: 'Risks', aliases: ['Threats'] }] });
      assert.deepEqual(analyzeMd('## Threats\n- [ ] R-1: A', 'x.discovery.md', config).sections.map((s) => s.id), ['risks']);
      assert.equal(analyzeMd('## Threats\n- [ ] R-1: A', 'x.discovery.md', config).risks.length, 1);
    });

    it('derives meta from the path when there is no front matter', () => {
      const note = analyzeMd('## Risks', 'acme/crm-replatform/kickoff.discovery.md');
      assert.deepEqual([note.meta.client, note.meta.engagement, note.meta.clientSource], ['acme', 'crm-replatform', 'folder']);
      assert.equal(note.path, 'acme/crm-replatform/kickoff.discovery.md');
      assert.equal(note.frontMatter.range, null);
    });
  });

  it('exports the helpers rules rely on', () => {
    assert.ok(RISK_ID_PATTERN.test('see R-12 for details'));
    assert.ok(!RISK_ID_PATTERN.test('AR-12x'));
    assert.ok(isIsoDate('2028-02-29'));
    assert.ok(!isIsoDate('2027-02-29'));
    assert.ok(!isIsoDate('2026-1-01'));
    assert.equal(riskColumnOf('**Probability**'), 'likelihood');
    assert.equal(riskColumnOf('#'), 'id');
    assert.equal(riskColumnOf('Score'), null);
  });

  it('tells a real YYYY-MM-DD date as the calendar does: every month 0-13 and day 0-32 of eleven years (leap rules included), and near-misses', () => {
    // The calendar's own answer, from Date: a date is real when it reads back as written.
    const real = (t: string) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(t);
      if (!m) return false;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const back = new Date(Date.UTC(2000, mo - 1, d));
      back.setUTCFullYear(y, mo - 1, d);
      return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
    };
    const texts: string[] = [];
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    for (const y of [0, 4, 100, 1900, 1999, 2000, 2024, 2026, 2100, 2400, 9999]) {
      for (let mo = 0; mo <= 13; mo++) for (let d = 0; d <= 32; d++) texts.push(`${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`);
    }
    texts.push('', '2026-11-2', '2026-11-222', ' 2026-11-22', '2026-11-22 ', '2026-11-22\n', '2026/11/22', '2026-1a-22', '20２6-11-22', '2026-11-2:', '2026-11-2/');
    let real_ = 0;
    for (const t of texts) {
      assert.equal(isIsoDate(t), real(t), t);
      if (real(t)) real_++;
    }
    assert.ok(real_ > 3000, `${real_} real dates among ${texts.length}`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Realistic notes through the real parser
// ---------------------------------------------------------------------------------------------------------------

const FIXTURES = nodePath.join(__dirname, '..', 'fixtures', 'analyze');
const readFixture = (name: string): string => readFileSync(nodePath.join(FIXTURES, name), 'utf8');
const analyzeFixture = (name: string, text = readFixture(name), path = `harrowfield/patient-portal/${name}`) => analyze(parseNote(text), DEFAULT_CONFIG, path);

/** Everything of a risk except ranges and which fields were written. */
function meaningOf(risk: Risk) {
  const { id, title, form: _form, likelihood, impact, score, band, owner, status, isOpen, due, mitigation } = risk;
  return { id, title, likelihood, impact, score, band, owner, status, isOpen, due, mitigation, problems: risk.problems.map((p) => [p.field, p.raw, p.reason]) };
}

/** A note's model with the parser-specific parts left out, for comparing variants of one note. */
function modelOf(note: Note) {
  return {
    meta: note.meta,
    frontMatter: { ...note.frontMatter, range: note.frontMatter.range },
    sections: note.sections.map((s) => [s.id, s.parsed.heading.text]),
    risks: note.risks.map(({ ...risk }) => risk),
    commitments: note.commitments,
    questions: note.questions,
    references: note.references,
  };
}

describe('analyze (real notes)', () => {
  it('reads a full note with list-form risks', () => {
    const text = readFixture('list-form.discovery.md');
    const note = analyzeFixture('list-form.discovery.md', text);
    assert.deepEqual(note.meta, {
      client: 'Harrowfield NHS Trust', engagement: 'Patient portal', clientSource: 'front-matter', engagementSource: 'front-matter',
      lead: 'Sam Okafor', date: '2026-11-17', stage: 'discovery', tags: ['nhs', 'epr', 'fhir'],
    });
    assert.deepEqual(note.sections.map((s) => s.id), ['stakeholders', 'integration-mismatches', 'backlog-fit', 'skills-gaps', 'success-criteria', 'commitments', 'open-questions', 'risks']);
    assert.deepEqual(note.risks.map((r) => [r.id, r.score, r.band, r.status, r.isOpen]), [
      ['R-1', 16, 'critical', 'mitigating', true],
      ['R-2', 15, 'high', 'monitoring', true],
      ['R-3', 15, 'high', 'closed', false],
      ['R-4', 8, 'medium', 'accepted', false],
    ]);
    assert.ok(note.risks.every((r) => r.problems.length === 0));
    const lines = text.split('\n');
    for (const risk of note.risks) {
      for (const [name, field] of Object.entries(risk.fields)) {
        assert.equal(lines[field.range.start.line].slice(field.range.start.character, field.range.end.character), field.raw, `${risk.id}.${name}`);
      }
    }
    const r1 = note.risks[0];
    assert.equal(lines[r1.insertFieldAt.line].slice(0, r1.insertFieldAt.character), '  - mitigation: Reuse the regional FHIR facade\'s ADT mappings; spike in sprint 1.');
    assert.equal(r1.fieldIndent, '  ');
    assert.deepEqual(note.commitments.map((c) => [c.text, c.done, c.owner, c.due]), [
      ['Send the interface specification for the ADT feed', false, 'Liam Chen', '2026-11-28'],
      ['Share the portal\'s FHIR capability statement @sam by 2026-11-20', true, 'sam', '2026-11-20'],
      ['Agree how R-3 is escalated to the CCIO', false, 'Sam Okafor', null],
    ]);
    assert.deepEqual(note.questions.map((q) => [q.answered, q.asked, q.owner]), [[false, '2026-11-17', 'Liam Chen'], [true, '2026-11-03', null]]);
    assert.deepEqual(note.references.map((r) => [r.id, r.range.start.line]), [['R-1', 20], ['R-2', 25], ['R-3', 39]]);
    for (const ref of note.references) assert.equal(lines[ref.range.start.line].slice(ref.range.start.character, ref.range.end.character), ref.id);
  });

  it('reads the same risks from the table form', () => {
    const list = analyzeFixture('list-form.discovery.md');
    const table = analyzeFixture('table-form.discovery.md');
    assert.ok(table.risks.every((r) => r.form === 'table'));
    assert.deepEqual(table.risks.map(meaningOf), list.risks.map(meaningOf));
    assert.deepEqual(table.commitments, list.commitments);
  });

  it('gives identical models for CRLF, CR and BOM variants', () => {
    const lf = readFixture('list-form.discovery.md');
    const base = modelOf(analyzeFixture('list-form.discovery.md', lf));
    for (const [label, text] of [
      ['CRLF', lf.replace(/\n/gu, '\r\n')],
      ['BOM', `\uFEFF${lf}`],
      ['BOM+CRLF', `\uFEFF${lf.replace(/\n/gu, '\r\n')}`],
      ['CR', lf.replace(/\n/gu, '\r')],
    ]) {
      assert.deepEqual(modelOf(analyzeFixture('list-form.discovery.md', text)), base, label);
    }
    const table = readFixture('table-form.discovery.md');
    assert.deepEqual(modelOf(analyzeFixture('table-form.discovery.md', `\uFEFF${table.replace(/\n/gu, '\r\n')}`)), modelOf(analyzeFixture('table-form.discovery.md', table)));
  });

  it('reports every kind of value problem with its position', () => {
    const text = readFixture('problems.discovery.md');
    const note = analyzeFixture('problems.discovery.md', text, 'kestrel/customs/problems.discovery.md');
    const lines = text.split('\n');
    const where = (range: Range) => lines[range.start.line].slice(range.start.character, range.end.character);
    assert.deepEqual(note.risks.map((r) => [r.id, r.form, r.problems.map((p) => `${p.field}=${where(p.range)}`)]), [
      ['R-1', 'list', ['likelihood=very likely', 'impact=6', 'status=escalated', 'due=2026-02-29']],
      ['R-2', 'list', []],
      [null, 'list', []],
      ['R-3', 'list', ['due=2027/01/15']],
      [null, 'table', ['id=RISK-4', 'impact=catastrophic', 'status=parked']],
    ]);
    const r2 = note.risks[1];
    assert.deepEqual([r2.likelihood, r2.impact, r2.owner, r2.mitigation], [null, 4, null, null]);
    assert.deepEqual(note.commitments.map((c) => [c.owner, c.due, c.problems.map((p) => `${p.field}=${where(p.range)}`)]), [
      ['Marta Ruiz', null, ['due=2026-11-31']],
      [null, null, ['due=next Friday']],
      [null, null, []],
    ]);
    assert.deepEqual(note.questions.map((q) => [q.asked, q.fields.asked?.raw ?? null, q.owner]), [[null, '12 Nov', null], ['2026-11-12', '2026-11-12', 'marta']]);
    assert.deepEqual(note.references.map((r) => r.id), ['R-2', 'R-7']);
  });

  it('keeps going after invalid front matter', () => {
    const text = readFixture('list-form.discovery.md').replace('tags: nhs, epr, fhir', 'tags: [nhs, epr');
    const note = analyzeFixture('list-form.discovery.md', text);
    assert.ok(note.frontMatter.error);
    assert.equal(note.frontMatter.error.range.start.line >= 6, true);
    assert.deepEqual([note.meta.client, note.meta.clientSource], ['harrowfield', 'folder']);
    assert.equal(note.risks.length, 4);
  });

  it('analyses every example note without throwing, finding their risks', () => {
    const root = nodePath.join(__dirname, '..', '..', 'examples');
    const notes: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(nodePath.join(dir, entry.name));
        else if (entry.name.endsWith('.discovery.md')) notes.push(nodePath.join(dir, entry.name));
      }
    };
    walk(root);
    assert.ok(notes.length >= 3);
    let risks = 0;
    for (const file of notes) {
      const note = analyze(parseNote(readFileSync(file, 'utf8')), DEFAULT_CONFIG, nodePath.relative(root, file).split(nodePath.sep).join('/'));
      risks += note.risks.length;
      for (const risk of note.risks) if (risk.id) assert.match(risk.id, /^R-\d+$/u);
    }
    assert.ok(risks >= 10, `${risks} risks`);
  });
});
