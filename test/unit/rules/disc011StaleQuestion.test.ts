import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, mergeConfig } from '../../../src/core/config';
import { lintFixture, ofRule } from './support';

describe('DISC011 stale-question', () => {
  it('reports nothing for recent or answered questions', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC011'), []);
  });

  it('reports open questions asked more than 14 days ago as information', () => {
    const found = ofRule(lintFixture('disc011-stale.discovery.md').findings, 'DISC011');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'information');
    assert.match(found[0].message, /^Question "Can the theatre system push updates\?" has been open for 33 days \(asked 2026-10-20, limit 14\): follow it up with Mark Ellison/u);
    assert.equal(found[0].range.start.line + 1, 30);
  });

  it('uses the configured number of days', () => {
    const config = mergeConfig(DEFAULT_CONFIG, { staleQuestionDays: 5 });
    const found = ofRule(lintFixture('disc011-stale.discovery.md', undefined, config).findings, 'DISC011');
    assert.deepEqual(found.map((f) => f.message.match(/open for (\d+) days/u)?.[1]), ['33', '7', '14']);
  });
});
