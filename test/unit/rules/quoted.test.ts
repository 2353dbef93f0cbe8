import assert from 'node:assert/strict';
import fc from 'fast-check';
import { quoted } from '../../../src/core/rules/helpers';
import { lint, ofRule } from './support';

describe('quoting note text in messages', () => {
  it('quotes short text whole, and cuts long text after its last whole word that fits', () => {
    assert.equal(quoted(''), '""');
    assert.equal(quoted('Send the FHIR mapping workbook'), '"Send the FHIR mapping workbook"');
    const sixty = 'x'.repeat(60);
    assert.equal(quoted(sixty), `"${sixty}"`);
    const long = 'Support budget dependency audit budget (see the ticket), using v2/claims for the pilot.';
    assert.equal(quoted(long), '"Support budget dependency audit budget (see the ticket),..."');
    assert.equal(quoted('y'.repeat(80)), `"${'y'.repeat(57)}..."`);
    // A word that starts in the first half is cut, not dropped whole.
    assert.equal(quoted(`ab ${'z'.repeat(80)}`), `"ab ${'z'.repeat(54)}..."`);
  });

  it('never exceeds 60 characters, never splits a character of two UTF-16 units, and keeps what it shows', () => {
    const unit = fc.constantFrom('a', 'B', ' ', '😀', '—', 'é', '\t');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 140 }), (text) => {
        const q = quoted(text);
        assert.ok(q.startsWith('"') && q.endsWith('"'));
        const inner = q.slice(1, -1);
        if (text.length <= 60) return assert.equal(inner, text);
        assert.ok(inner.endsWith('...'), inner);
        const kept = inner.slice(0, -3);
        assert.ok(inner.length <= 60, `${inner.length}`);
        assert.ok(text.startsWith(kept));
        assert.ok(!/[\ud800-\udbff]$/u.test(kept) && !/\s$/u.test(kept), JSON.stringify(kept));
        assert.ok(kept.length >= 29, `${kept.length}: ${JSON.stringify(text)}`);
        assert.ok(!/[^\x20-\x7e]/u.test(q.slice(-4)), 'the cut is marked in ASCII');
      }),
      { numRuns: 3000 },
    );
  });

  it('is how DISC008, DISC011 and DISC013 name a long commitment or question', () => {
    const commitment = 'Deliver the integration test plan for the claims API and the legacy Oracle 11g database';
    const question = 'Can the client run the nightly batch from their own scheduler, or does it stay on the mainframe?';
    const text = [
      '## Commitments',
      '',
      `- [ ] ${commitment} — owner: Sam Okafor; due: 2026-01-05`,
      `- [ ] ${commitment} again — owner: TBD; due: next week`,
      '',
      '## Questions',
      '',
      `- [ ] ${question} — asked: 2026-01-02; who: Dana`,
      '',
    ].join('\n');
    const messages = lint(text).findings.filter((f) => ['DISC008', 'DISC011', 'DISC013'].includes(f.rule)).map((f) => f.message);
    assert.ok(messages.length >= 3, messages.join('\n'));
    for (const m of messages) assert.ok(!m.includes(commitment) && !m.includes(question), m);
    assert.ok(messages.some((m) => m.startsWith(`Commitment ${quoted(commitment)}`)), messages.join('\n'));
    const stale = ofRule(lint(text).findings, 'DISC011');
    assert.equal(stale.length, 1);
    assert.ok(stale[0].message.startsWith(`Question ${quoted(question)} has been open`), stale[0].message);
    assert.equal(ofRule(lint(text).findings, 'DISC008').length, 1);
    assert.ok(ofRule(lint(text).findings, 'DISC013').length >= 1);
  });
});
