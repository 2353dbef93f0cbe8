import assert from 'node:assert/strict';
import { applyChecked, fixture, lint, lintFixture, ofRule, replacedTexts } from './support';

describe('DISC008 overdue', () => {
  it('reports nothing when every due date is today or later', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC008'), []);
  });

  it('reports open risks and open commitments past their due date, not closed or done ones, nor today', () => {
    const found = ofRule(lintFixture('disc008-overdue.discovery.md').findings, 'DISC008');
    assert.deepEqual(
      found.map((f) => f.message.replace(/ was due.*$/u, '')),
      [
        'Commitment "Send the FHIR mapping workbook" (Anna Reyes)',
        'Commitment "Agree the test patients" (Dev Patel)',
        'Risk R-1',
        'Risk R-5',
      ],
    );
    assert.match(found[0].message, /was due 2026-11-15 \(7 days ago\)/u);
    assert.match(found[1].message, /\(1 day ago\)/u);
    assert.match(found[3].message, /is still monitoring/u);
    assert.ok(found.every((f) => f.severity === 'warning'));
  });

  it('offers closing as a fix but never as the preferred one', () => {
    const text = fixture('disc008-overdue.discovery.md');
    const found = ofRule(lint(text).findings, 'DISC008');
    assert.ok(found.every((f) => f.fixes.length === 1 && !f.fixes[0].preferred));
    const [commitment, , r1, r5] = found;
    assert.deepEqual(replacedTexts(text, commitment.fixes[0].edits), ['[ ]']);
    const closed = applyChecked(text, r1.fixes[0].edits);
    assert.ok(closed.includes('- [x] R-1: The EPR supplier'));
    assert.deepEqual(replacedTexts(text, r5.fixes[0].edits), ['monitoring']);
    const after = ofRule(lint(closed).findings, 'DISC008');
    assert.equal(after.length, 3);
  });
});
