import assert from 'node:assert/strict';
import { isIsoDate as isCalendarDate } from '../../../src/core/analyze';
import { dayNumber, isIsoDate } from '../../../src/core/rules/helpers';
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

  it('counts the days of every year as written, 0000-0099 included, and takes the dates the analysis takes', () => {
    assert.equal(dayNumber('1970-01-01'), 0);
    assert.equal(dayNumber('2026-11-22'), 20779);
    assert.equal(dayNumber('2000-03-01')! - dayNumber('2000-02-28')!, 2);
    // 0000 is a leap year of the proleptic Gregorian calendar, as the analysis counts it; 1900 was not.
    assert.equal(dayNumber('0000-03-01')! - dayNumber('0000-02-28')!, 2);
    assert.equal(dayNumber('0000-01-01'), -719528);
    assert.equal(dayNumber(' 2026-11-22 '), 20779);
    for (let y = 0; y <= 120; y++) {
      for (const md of ['01-01', '02-29', '12-31']) {
        const text = `${String(y).padStart(4, '0')}-${md}`;
        assert.equal(isIsoDate(text), isCalendarDate(text), text);
      }
    }
    for (const t of ['', '2026-02-30', '2026-1-01', '2026/11/22', '20２6-11-22']) assert.equal(dayNumber(t), null, t);
    const text = ['## Risks', '', '- [ ] R-1: Legacy data — likelihood: 4; impact: 4; owner: Sam; due: 0050-01-01; mitigation: migrate it', ''].join('\n');
    assert.match(ofRule(lint(text).findings, 'DISC008')[0]?.message ?? '', /was due 0050-01-01/u);
  });
});
