import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { applyEdits } from '../../src/core/edits';
import { fixAll, markRiskClosedFix, nextRiskId } from '../../src/core/fixes';
import type { Finding } from '../../src/core/model';
import { applyChecked, FIXTURES, fixture, lint, replacedTexts, shiftedLine, toCrlf, withBom } from './rules/support';

const FIXTURE_NAMES = readdirSync(FIXTURES).filter((n) => n.endsWith('.discovery.md'));
const FOLDER = 'acme-logistics/yard-management';
const VARIANTS: Array<[string, (t: string) => string]> = [
  ['LF', (t) => t],
  ['CRLF', toCrlf],
  ['BOM+CRLF', (t) => withBom(toCrlf(t))],
  ['BOM', withBom],
];

describe('fixes', () => {
  it('every fix of every finding keeps the text outside its spans, the line endings and the BOM, and is not offered again', function () {
    this.timeout(300_000);
    let checked = 0;
    for (const name of FIXTURE_NAMES) {
      for (const [variant, make] of VARIANTS) {
        const text = make(fixture(name));
        const path = `${FOLDER}/${name}`;
        const { findings } = lint(text, path);
        for (const finding of findings) {
          for (const fix of finding.fixes) {
            const fixed = applyChecked(text, fix.edits);
            const line = shiftedLine(finding.range.start.line, fix.edits);
            const again = lint(fixed, path).findings.filter((f) => f.rule === finding.rule && f.range.start.line === line);
            const repeated = again.flatMap((f) => f.fixes).filter((f) => f.title === fix.title);
            assert.deepEqual(repeated, [], `${name} (${variant}) ${finding.rule}: "${fix.title}" offered again after applying it`);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 100, `only ${checked} fixes checked`);
  });

  it('fix-all combines preferred fixes without overlaps, deterministically, and is idempotent', function () {
    this.timeout(120_000);
    for (const name of FIXTURE_NAMES) {
      for (const [variant, make] of VARIANTS) {
        const text = make(fixture(name));
        const path = `${FOLDER}/${name}`;
        const { findings } = lint(text, path);
        const edits = fixAll(text, findings);
        assert.deepEqual(fixAll(text, findings), edits, 'deterministic');
        const fixed = applyChecked(text, edits);
        const second = fixAll(fixed, lint(fixed, path).findings);
        assert.deepEqual(second, [], `${name} (${variant}): fix-all on its own output still edits: ${JSON.stringify(second)}`);
      }
    }
  });

  it('fix-all applies identical edits once and joins inserts at one point in finding order', () => {
    const text = fixture('disc004-no-front-matter.discovery.md');
    const { findings } = lint(text, 'kestrel-freight/warehouse-telematics/site-visit.discovery.md');
    const edits = fixAll(text, findings);
    const fixed = applyEdits(text, edits);
    assert.equal(fixed.match(/^---$/gmu)?.length, 2, 'one front matter block');
    const missing = lint(fixture('disc001-missing.discovery.md')).findings;
    const inserted = applyEdits(fixture('disc001-missing.discovery.md'), fixAll(fixture('disc001-missing.discovery.md'), missing));
    assert.deepEqual(
      [...inserted.matchAll(/^## (.+)$/gmu)].map((m) => m[1]).slice(0, 4),
      ['Stakeholders', 'Business objectives', 'Integration mismatches', 'Backlog fit'],
    );
  });

  it('fix-all skips a fix that overlaps one already taken, and edits outside the text', () => {
    const text = 'line one\nline two\n';
    const mk = (rule: Finding['rule'], line: number, from: number, to: number, newText: string): Finding => ({
      rule,
      name: 'x',
      severity: 'warning',
      message: 'm',
      path: 'p',
      range: { start: { line, character: from }, end: { line, character: to } },
      fixes: [{ title: newText, preferred: true, edits: [{ range: { start: { line, character: from }, end: { line, character: to } }, newText }] }],
    });
    const edits = fixAll(text, [mk('DISC012', 0, 0, 4, 'LINE'), mk('DISC012', 0, 2, 6, 'xx'), mk('DISC012', 5, 0, 0, 'far')]);
    assert.deepEqual(edits.map((e) => e.newText), ['LINE']);
  });

  it('marks a task-list risk closed by ticking its box, and a plain item or table row by its status', () => {
    const text = fixture('disc008-overdue.discovery.md');
    const { note } = lint(text);
    const r1 = note.risks.find((r) => r.id === 'R-1');
    const r5 = note.risks.find((r) => r.id === 'R-5');
    assert.ok(r1 && r5);
    const fix1 = markRiskClosedFix(note, r1);
    assert.deepEqual(replacedTexts(text, fix1.edits), ['[ ]']);
    const closed = applyChecked(text, fix1.edits);
    const again = lint(closed).note.risks.find((r) => r.id === 'R-1');
    assert.ok(again && again.status === 'closed');
    assert.deepEqual(markRiskClosedFix(lint(closed).note, again).edits, [], 'closing twice changes nothing');
    assert.deepEqual(replacedTexts(text, markRiskClosedFix(note, r5).edits), ['monitoring']);

    const tableText = toCrlf(fixture('clean.discovery.md'));
    const table = lint(tableText);
    const r3 = table.note.risks.find((r) => r.id === 'R-3');
    assert.ok(r3 && r3.form === 'table');
    const fixed = applyChecked(tableText, markRiskClosedFix(table.note, r3).edits);
    assert.equal(lint(fixed).note.risks.find((r) => r.id === 'R-3')?.status, 'closed');

    const noStatus = fixture('disc007-unmitigated.discovery.md');
    const n = lint(noStatus);
    const r1b = n.note.risks.find((r) => r.id === 'R-1');
    assert.ok(r1b);
    assert.deepEqual(replacedTexts(noStatus, markRiskClosedFix(n.note, r1b).edits), ['[ ]']);
  });

  it('nests stubs under an item whose fields are indented with a tab', () => {
    const text = '## Commitments\n\n- [ ] Send the spec\n\t- note: from the workshop\n';
    const { findings } = lint(text);
    const fix = findings.find((f) => f.rule === 'DISC013')?.fixes[0];
    assert.ok(fix);
    const fixed = applyChecked(text, fix.edits);
    const again = lint(fixed).findings.filter((f) => f.rule === 'DISC013');
    assert.equal(again.length, 1);
    assert.deepEqual(again[0].fixes, [], "the stubs are read as the commitment's fields");
  });

  it('adds status: closed to a plain item without one', () => {
    const text = '## Risks\n\n- R-1: Vendor lock-in\n  - likelihood: likely\n  - impact: major\n';
    const { note } = lint(text);
    const fix = markRiskClosedFix(note, note.risks[0]);
    const fixed = applyChecked(text, fix.edits);
    assert.equal(fixed, '## Risks\n\n- R-1: Vendor lock-in\n  - likelihood: likely\n  - impact: major\n  - status: closed\n');
    assert.equal(lint(fixed).note.risks[0].status, 'closed');
  });

  it('gives the next free risk ID across notes, counting references', () => {
    const a = lint(fixture('disc005-incomplete.discovery.md')).note;
    const b = lint(fixture('disc010-references.discovery.md')).note;
    assert.equal(nextRiskId([a]), 'R-10');
    assert.equal(nextRiskId([b]), 'R-7');
    assert.equal(nextRiskId([a, b]), 'R-10');
    assert.equal(nextRiskId([]), 'R-1');
  });
});
