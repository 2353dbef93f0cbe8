import assert from 'node:assert/strict';
import { applyChecked, fixture, lint, lintFixture, ofRule, preferred } from './support';

describe('DISC013 commitment-incomplete', () => {
  it('reports nothing for commitments with owner and due date', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC013'), []);
  });

  it('reports open commitments without owner or due date, and a due date that is not a date', () => {
    const found = ofRule(lintFixture('disc013-commitments.discovery.md').findings, 'DISC013');
    assert.deepEqual(
      found.map((f) => `${f.range.start.line + 1} ${f.message.replace(/:.*$/u, '')}`),
      [
        '31 Commitment "Share the HMRC onboarding checklist" has no owner and no due',
        '32 Commitment "Draft the broker sizing" has no due',
        '33 Commitment "Book the architecture review" has no owner',
        '35 Commitment "Confirm the budget line" has no owner',
        '35 Commitment "Confirm the budget line"',
      ],
    );
    const budget = ofRule(lintFixture('disc013-commitments.discovery.md').findings, 'DISC013')[4];
    assert.match(budget.message, /due "end of month" is not understood .*: write the date as YYYY-MM-DD\.$/u);
  });

  it('adds owner and due stubs as nested fields; applied twice changes nothing', () => {
    const text = fixture('disc013-commitments.discovery.md');
    const [first, , third] = ofRule(lint(text).findings, 'DISC013');
    const fixed = applyChecked(text, preferred(first).edits);
    assert.ok(fixed.includes('- [ ] Share the HMRC onboarding checklist\n  - owner: TBD\n  - due: TBD\n- [ ] Draft'), fixed);
    const again = ofRule(lint(fixed).findings, 'DISC013').find((f) => f.message.includes('HMRC onboarding'));
    assert.ok(again, 'the stubs are still reported until filled in');
    assert.deepEqual(again.fixes, []);
    const nested = applyChecked(text, preferred(third).edits);
    assert.ok(nested.includes('- [ ] Book the architecture review\n  - due: 2026-12-09\n  - owner: TBD\n'), nested);
  });
});
