import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { lintNotes } from '../../../src/core/lint';
import { applyChecked, FIXTURES, fixture, lint, lintFixture, ofRule, preferred, replacedTexts, TODAY } from './support';

function engagementSources() {
  const root = join(FIXTURES, 'engagement');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  return walk(root)
    .sort()
    .map((p) => ({ path: relative(root, p).split('\\').join('/'), text: readFileSync(p, 'utf8'), config: DEFAULT_CONFIG }));
}

describe('DISC009 duplicate-risk-id', () => {
  it('reports nothing for distinct IDs', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC009'), []);
  });

  it('reports a second use of an ID in a note on the later risk, naming the first', () => {
    const found = ofRule(lintFixture('disc009-duplicate.discovery.md').findings, 'DISC009');
    assert.equal(found.length, 2);
    assert.deepEqual(found.map((f) => f.range.start.line + 1), [32, 33]);
    assert.match(found[0].message, /^Risk ID R-1 is already used on line 30 \("Consent revocation lags by up to 24 hours"\)/u);
    assert.ok(found.every((f) => f.severity === 'error'));
  });

  it('renumbers the later risk to a free ID, one counter for all fixes', () => {
    const text = fixture('disc009-duplicate.discovery.md');
    const found = ofRule(lint(text).findings, 'DISC009');
    assert.deepEqual(found.map((f) => preferred(f).edits[0].newText), ['R-3', 'R-4']);
    assert.deepEqual(replacedTexts(text, preferred(found[1]).edits), ['R-2']);
    let fixed = applyChecked(text, preferred(found[0]).edits);
    fixed = applyChecked(fixed, preferred(ofRule(lint(fixed).findings, 'DISC009')[0]).edits);
    assert.ok(fixed.includes('- [ ] **R-4** Conformance suite'));
    assert.deepEqual(ofRule(lint(fixed).findings, 'DISC009'), []);
  });

  it('reports an ID defined in two notes of one engagement on the later note, not across engagements', () => {
    const { findings } = lintNotes(engagementSources(), TODAY);
    const followUp = 'northmoor-bank/core-banking-api/2026-11-20-follow-up.discovery.md';
    const workshop = 'northmoor-bank/core-banking-api/2026-10-14-workshop.discovery.md';
    const scoping = 'northmoor-bank/open-banking-portal/2026-11-03-scoping.discovery.md';
    assert.deepEqual(ofRule(findings[workshop], 'DISC009'), []);
    assert.deepEqual(ofRule(findings[scoping], 'DISC009'), []);
    const dup = ofRule(findings[followUp], 'DISC009');
    assert.equal(dup.length, 1);
    assert.match(dup[0].message, new RegExp(`R-2 is already used in ${workshop} line 31`, 'u'));
    // Free across the engagement: R-1..R-3 are defined and R-12 is referenced. One counter in document
    // order: the duplicate comes first in the note, the risk without an ID after it.
    const noId = ofRule(findings[followUp], 'DISC005').find((f) => f.message.includes('has no ID'));
    assert.match(noId?.message ?? '', /R-14 is free/u);
    assert.equal(preferred(dup[0]).edits[0].newText, 'R-13');
  });
});
