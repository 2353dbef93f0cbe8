import assert from 'node:assert/strict';
import { applyChecked, fixture, lint, lintFixture, ofRule, preferred, toCrlf } from './support';

describe('DISC005 risk-incomplete', () => {
  it('reports nothing for complete risks in both forms', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC005'), []);
  });

  it('reports each incomplete risk with what is missing, TBD counting as missing', () => {
    const found = ofRule(lintFixture('disc005-incomplete.discovery.md').findings, 'DISC005');
    assert.deepEqual(
      found.map((f) => [f.range.start.line + 1, f.message.replace(/:.*$/u, '')]),
      [
        [35, 'Risk "Vendor licence for the API gateway is not budgeted" has no ID and owner'],
        [38, 'Risk R-8 has no owner and likelihood'],
        [39, 'Risk "Mainframe team unavailable during the PI" has no ID, likelihood and impact'],
        [43, 'Risk R-9 has no owner and impact'],
        [44, 'Risk "Data migration reconciliation fails" has no ID'],
      ],
    );
    assert.ok(found.every((f) => f.severity === 'warning'));
    // What to write for a missing level, in ASCII (docs/performance.md: a report's readers decode ASCII faster).
    assert.match(found[1].message, /: fill in owner, likelihood \(1 to 5 or a word such as likely, major\)\.$/u);
    assert.ok(found.every((f) => /^[\x20-\x7e]*$/u.test(f.message)));
  });

  it('assigns IDs after the highest one in use, one counter for the whole note', () => {
    const found = ofRule(lintFixture('disc005-incomplete.discovery.md').findings, 'DISC005');
    assert.match(found[0].message, /R-10 is free/u);
    assert.match(found[2].message, /R-11 is free/u);
    assert.match(found[4].message, /R-12 is free/u);
  });

  it('adds stubs as nested fields, the ID before the title, and fills empty table cells', () => {
    const text = fixture('disc005-incomplete.discovery.md');
    const found = ofRule(lint(text).findings, 'DISC005');
    const list = applyChecked(text, preferred(found[0]).edits);
    assert.ok(
      list.includes('- [ ] R-10: Vendor licence for the API gateway is not budgeted\n  - likelihood: possible\n  - impact: moderate\n  - owner: TBD\n'),
      list,
    );
    const inline = applyChecked(text, preferred(found[2]).edits);
    assert.ok(inline.includes('- [ ] R-11: Mainframe team unavailable during the PI — owner: Helen Marsh\n  - likelihood: TBD\n  - impact: TBD\n'), inline);
    const table = applyChecked(text, preferred(found[3]).edits);
    assert.match(table, /\| R-9 \| Penetration test findings delay go-live \| possible \|\s*TBD\s*\|\s*TBD\s*\| open \|/u);
    const tableId = applyChecked(text, preferred(found[4]).edits);
    assert.match(tableId, /\|\s*R-12\s*\| Data migration reconciliation fails \|/u);
  });

  it('does not offer a stub for a field already written as TBD, so fixing twice changes nothing', () => {
    const text = fixture('disc005-incomplete.discovery.md');
    const r8 = ofRule(lint(text).findings, 'DISC005')[1];
    // likelihood: TBD and owner: TBD are both written inline: nothing to add.
    assert.equal(r8.fixes.length, 0);
    let fixed = text;
    for (let i = 0; i < 5; i++) {
      const next = ofRule(lint(fixed).findings, 'DISC005').find((f) => f.fixes.some((x) => x.preferred));
      if (!next) break;
      fixed = applyChecked(fixed, preferred(next).edits);
    }
    const final = ofRule(lint(fixed).findings, 'DISC005');
    assert.ok(final.every((f) => f.fixes.length === 0), 'nothing left to stub');
    // Every risk now has an ID (the one that only lacked an ID is complete); stubs are reported until filled in.
    assert.equal(final.length, 4, 'stubs are still reported until filled in');
    assert.ok(final.every((f) => !/has no ID/u.test(f.message)));
    assert.ok(final.some((f) => f.message.startsWith('Risk R-10 has no owner')));
  });

  it('keeps CRLF in inserted stubs', () => {
    const text = toCrlf(fixture('disc005-incomplete.discovery.md'));
    const found = ofRule(lint(text).findings, 'DISC005');
    const fixed = applyChecked(text, preferred(found[0]).edits);
    assert.ok(fixed.includes('  - impact: moderate\r\n  - owner: TBD\r\n'));
  });
});
