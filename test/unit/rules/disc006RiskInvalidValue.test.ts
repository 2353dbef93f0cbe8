import assert from 'node:assert/strict';
import { closestStatus } from '../../../src/core/rules/disc006RiskInvalidValue';
import { applyChecked, fixture, lint, lintFixture, ofRule, preferred, replacedTexts } from './support';

describe('DISC006 risk-invalid-value', () => {
  it('reports nothing for valid values', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC006'), []);
  });

  it('reports out-of-range and unknown values as errors at the value, but not TBD', () => {
    const found = ofRule(lintFixture('disc006-invalid.discovery.md').findings, 'DISC006');
    const summary = found.map((f) => `${f.range.start.line + 1}:${f.message.match(/: (\w+) "([^"]+)"/u)?.slice(1).join('=')}`);
    assert.deepEqual(summary, ['31:likelihood=7', '34:status=mitigatng', '35:due=next week', '37:impact=huge', '37:status=blocked']);
    assert.ok(found.every((f) => f.severity === 'error'));
    assert.match(found[0].message, /use 1 to 5 or rare, unlikely, possible, likely, almost certain/u);
  });

  it('fixes a status typo and leaves values it cannot guess', () => {
    const text = fixture('disc006-invalid.discovery.md');
    const found = ofRule(lint(text).findings, 'DISC006');
    const status = found.find((f) => f.message.includes('mitigatng'));
    assert.ok(status);
    assert.deepEqual(replacedTexts(text, preferred(status).edits), ['mitigatng']);
    const fixed = applyChecked(text, preferred(status).edits);
    assert.ok(fixed.includes('  - status: mitigating\n'));
    assert.ok(!ofRule(lint(fixed).findings, 'DISC006').some((f) => f.message.includes('status')  && f.range.start.line === 33));
    for (const f of found.filter((x) => x !== status)) assert.deepEqual(f.fixes, [], f.message);
  });

  it('finds the closest status', () => {
    assert.equal(closestStatus('mitigatng'), 'mitigating');
    assert.equal(closestStatus('Close'), 'closed');
    assert.equal(closestStatus('monitor'), 'monitoring');
    assert.equal(closestStatus('blocked'), null);
  });
});
