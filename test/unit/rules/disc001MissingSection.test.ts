import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, mergeConfig } from '../../../src/core/config';
import { insertMissingSectionsFix } from '../../../src/core/fixes';
import { applyChecked, fixture, lint, lintFixture, ofRule, preferred, toCrlf, withBom } from './support';

describe('DISC001 missing-section', () => {
  it('reports nothing for a note with every section', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC001'), []);
  });

  it('reports missing required sections as warnings and recommended ones as information, in canonical order', () => {
    const found = ofRule(lintFixture('disc001-missing.discovery.md').findings, 'DISC001');
    assert.deepEqual(
      found.map((f) => [f.message.match(/"([^"]+)"/u)?.[1], f.severity]),
      [
        ['Business objectives', 'information'],
        ['Backlog fit', 'warning'],
        ['Technology options', 'information'],
        ['Open questions', 'information'],
      ],
    );
    assert.match(found[1].message, /Missing required section "Backlog fit": add a "## Backlog fit" section/u);
    // Shown on the title heading, line 9.
    assert.equal(found[0].range.start.line, 8);
  });

  it('counts a heading with a typo as present (DISC012 reports it instead)', () => {
    const { findings } = lintFixture('disc001-typo.discovery.md');
    assert.deepEqual(ofRule(findings, 'DISC001'), []);
    assert.equal(ofRule(findings, 'DISC012').length, 4);
  });

  it('inserts a section after the nearest preceding canonical section', () => {
    const { text, findings } = lintFixture('disc001-missing.discovery.md');
    const backlog = ofRule(findings, 'DISC001').find((f) => f.message.includes('"Backlog fit"'));
    assert.ok(backlog);
    const fixed = applyChecked(text, preferred(backlog).edits);
    assert.ok(
      fixed.includes(
        '- The EDI hub speaks EDIFACT CUSCAR only; the new HMRC service expects JSON over REST.\n\n## Backlog fit\n\n<!-- Where the work lands in the client\'s backlog, capacity and governance. -->\nTBD\n\n## Skills gaps\n',
      ),
      fixed,
    );
    const again = lint(fixed, 'fixtures/disc001-missing.discovery.md');
    assert.equal(ofRule(again.findings, 'DISC001').filter((f) => f.message.includes('"Backlog fit"')).length, 0);
    // The inserted skeleton is still an empty section to fill in.
    assert.ok(ofRule(again.findings, 'DISC002').some((f) => f.message.includes('"Backlog fit"')));
  });

  it('inserts before the next canonical section when none precedes it', () => {
    const text = fixture('disc001-missing.discovery.md').replace(/## Stakeholders\n\n[^#]*/u, '');
    const { findings } = lint(text);
    const stakeholders = ofRule(findings, 'DISC001').find((f) => f.message.includes('"Stakeholders"'));
    assert.ok(stakeholders);
    const fixed = applyChecked(text, preferred(stakeholders).edits);
    assert.match(fixed, /# Customs gateway: kickoff\n\n## Stakeholders\n\n<!--[^\n]*-->\nTBD\n\n## Integration mismatches\n/u);
  });

  it('inserts every section at the end, in canonical order, when the note has none', () => {
    const { text, note, findings } = lintFixture('disc001-none.discovery.md');
    assert.equal(ofRule(findings, 'DISC001').length, 10);
    const fix = insertMissingSectionsFix(note, DEFAULT_CONFIG);
    assert.ok(fix);
    const fixed = applyChecked(text, fix.edits);
    const headings = [...fixed.matchAll(/^## (.+)$/gmu)].map((m) => m[1]);
    assert.deepEqual(headings, DEFAULT_CONFIG.sections.map((s) => s.name));
    assert.ok(fixed.startsWith(text), 'the original text is kept as is, sections are appended');
    assert.ok(fixed.endsWith('| --- | --- | --- | --- | --- | --- | --- | --- |\n'));
    assert.ok(!/\n\n\n/u.test(fixed), 'no double blank lines');
    assert.deepEqual(ofRule(lint(fixed).findings, 'DISC001'), []);
    assert.equal(insertMissingSectionsFix(lint(fixed).note, DEFAULT_CONFIG), null);
  });

  it('offers "Insert all missing sections", which places each in canonical position', () => {
    const { text, note, findings } = lintFixture('disc001-missing.discovery.md');
    const all = ofRule(findings, 'DISC001')[0].fixes.find((f) => f.title === 'Insert all missing sections');
    assert.ok(all && !all.preferred);
    assert.deepEqual(all, insertMissingSectionsFix(note, DEFAULT_CONFIG));
    const fixed = applyChecked(text, all.edits);
    const headings = [...fixed.matchAll(/^## (.+)$/gmu)].map((m) => m[1]);
    assert.deepEqual(headings, [
      'Stakeholders',
      'Business objectives',
      'Integration mismatches',
      'Backlog fit',
      'Skills gaps',
      'Technology options',
      'Success criteria',
      'Commitments',
      'Open questions',
      'Risks',
    ]);
  });

  it('keeps CRLF and a BOM', () => {
    const text = withBom(toCrlf(fixture('disc001-missing.discovery.md')));
    const { note } = lint(text);
    const fix = insertMissingSectionsFix(note, DEFAULT_CONFIG);
    assert.ok(fix);
    const fixed = applyChecked(text, fix.edits);
    assert.ok(fixed.startsWith('\uFEFF---\r\n'));
    assert.ok(!/[^\r]\n/u.test(fixed), 'every line break is CRLF');
  });

  it('follows the configured levels and severities', () => {
    const config = mergeConfig(DEFAULT_CONFIG, { rules: { DISC001: 'error' } });
    const found = ofRule(lintFixture('disc001-missing.discovery.md', undefined, config).findings, 'DISC001');
    assert.ok(found.length === 4 && found.every((f) => f.severity === 'error'));
    const off = mergeConfig(DEFAULT_CONFIG, { rules: { DISC001: 'off' } });
    assert.deepEqual(ofRule(lintFixture('disc001-missing.discovery.md', undefined, off).findings, 'DISC001'), []);
    const optional = mergeConfig(DEFAULT_CONFIG, {
      sections: DEFAULT_CONFIG.sections.map((s) => (s.id === 'backlog-fit' ? { ...s, level: 'optional' as const } : s)),
    });
    const withOptional = ofRule(lintFixture('disc001-missing.discovery.md', undefined, optional).findings, 'DISC001');
    assert.ok(!withOptional.some((f) => f.message.includes('Backlog fit')));
  });
});
