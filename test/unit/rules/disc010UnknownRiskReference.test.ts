import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { lintNotes, lintText } from '../../../src/core/lint';
import { FIXTURES, lintFixture, ofRule, TODAY } from './support';

describe('DISC010 unknown-risk-reference', () => {
  it('reports nothing when every reference is defined', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC010'), []);
  });

  it('checks a note on its own against its own risks', () => {
    const found = ofRule(lintFixture('disc010-references.discovery.md').findings, 'DISC010');
    assert.deepEqual(found.map((f) => f.message), [
      'R-4 is not defined in this note: add it under "## Risks" or correct the ID.',
      'R-6 is not defined in this note: add it under "## Risks" or correct the ID.',
    ]);
    assert.equal(found[0].range.start.line + 1, 31);
    assert.equal(found[0].severity, 'warning');
  });

  it('is left to the engagement check when lintText is not standalone', () => {
    const text = readFileSync(join(FIXTURES, 'disc010-references.discovery.md'), 'utf8');
    assert.deepEqual(ofRule(lintText('x.discovery.md', text, DEFAULT_CONFIG, TODAY).findings, 'DISC010'), []);
  });

  it('resolves references against every note of the engagement, and only that engagement', () => {
    const root = join(FIXTURES, 'engagement', 'northmoor-bank');
    const paths = [
      'core-banking-api/2026-10-14-workshop.discovery.md',
      'core-banking-api/2026-11-20-follow-up.discovery.md',
      'open-banking-portal/2026-11-03-scoping.discovery.md',
    ];
    const sources = paths.map((p) => ({ path: `northmoor-bank/${p}`, text: readFileSync(join(root, p), 'utf8'), config: DEFAULT_CONFIG }));
    const { findings } = lintNotes(sources, TODAY);
    const followUp = ofRule(findings[`northmoor-bank/${paths[1]}`], 'DISC010');
    // R-1 is defined in the workshop note of the same engagement; R-12 nowhere.
    assert.deepEqual(followUp.map((f) => f.message.slice(0, 63)), ['R-12 is not defined in any note of Northmoor Regional Bank / Co']);
    const scoping = ofRule(findings[`northmoor-bank/${paths[2]}`], 'DISC010');
    // R-3 exists, but in another engagement of the same client.
    assert.deepEqual(scoping.map((f) => f.message.slice(0, 4)), ['R-3 ']);
  });
});
