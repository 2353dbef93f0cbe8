import assert from 'node:assert/strict';
import { closestStage } from '../../../src/core/rules/disc004FrontMatterField';
import { applyChecked, fixture, lint, lintFixture, ofRule, preferred, replacedTexts, toCrlf, withBom } from './support';

const FOLDER_PATH = 'kestrel-freight/customs-gateway/2026-11-20-review.discovery.md';

describe('DISC004 front-matter-field', () => {
  it('reports nothing for complete front matter', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC004'), []);
  });

  it('reports missing client and engagement with the folder fallback, a malformed date and an unknown stage', () => {
    const found = ofRule(lint(fixture('disc004-fields.discovery.md'), FOLDER_PATH).findings, 'DISC004');
    const messages = found.map((f) => f.message);
    assert.equal(found.length, 4, messages.join('\n'));
    assert.ok(messages.some((m) => /no "client": the folder name "kestrel-freight" is used/u.test(m)));
    assert.ok(messages.some((m) => /no "engagement": the folder name "customs-gateway" is used/u.test(m)));
    assert.ok(messages.some((m) => /date "2026-13-40" is not a valid date/u.test(m)));
    assert.ok(messages.some((m) => /Unknown stage "propsal".*probably "proposal"/u.test(m)));
    const date = found.find((f) => f.message.includes('date'));
    assert.equal(date?.range.start.line, 2);
  });

  it('says when no folder can stand in', () => {
    const found = ofRule(lint(fixture('disc004-fields.discovery.md'), 'review.discovery.md').findings, 'DISC004');
    const client = found.find((f) => f.message.includes('"client"'));
    assert.match(client?.message ?? '', /none can be taken from the folder/u);
    assert.deepEqual(client?.fixes, []);
  });

  it('adds the missing keys before the closing fence and fixes the stage; applying again changes nothing', () => {
    const text = fixture('disc004-fields.discovery.md');
    const { findings } = lint(text, FOLDER_PATH);
    let fixed = text;
    for (const f of ofRule(findings, 'DISC004').filter((f) => !f.message.includes('date'))) {
      const result = lint(fixed, FOLDER_PATH);
      const same = ofRule(result.findings, 'DISC004').find((g) => g.message === f.message);
      assert.ok(same);
      fixed = applyChecked(fixed, preferred(same).edits);
    }
    assert.ok(fixed.startsWith('---\nlead: Sam Okafor\ndate: 2026-13-40\nstage: proposal\nclient: kestrel-freight\nengagement: customs-gateway\n---\n'), fixed);
    const after = ofRule(lint(fixed, FOLDER_PATH).findings, 'DISC004');
    assert.deepEqual(after.map((f) => f.message.slice(0, 22)), ['Front matter date "202']);
  });

  it('replaces only the stage value', () => {
    const text = fixture('disc004-fields.discovery.md');
    const stage = ofRule(lint(text, FOLDER_PATH).findings, 'DISC004').find((f) => f.message.startsWith('Unknown stage'));
    assert.ok(stage);
    assert.deepEqual(replacedTexts(text, preferred(stage).edits), ['propsal']);
  });

  it('creates a front matter block when there is none, with both keys from one edit, in CRLF with a BOM', () => {
    const text = withBom(toCrlf(fixture('disc004-no-front-matter.discovery.md')));
    const path = 'kestrel-freight/warehouse-telematics/site-visit.discovery.md';
    const found = ofRule(lint(text, path).findings, 'DISC004');
    assert.equal(found.length, 2);
    assert.deepEqual(preferred(found[0]).edits, preferred(found[1]).edits);
    const fixed = applyChecked(text, preferred(found[0]).edits);
    assert.ok(fixed.startsWith('\uFEFF---\r\nclient: kestrel-freight\r\nengagement: warehouse-telematics\r\n---\r\n\r\n# Warehouse'));
    assert.deepEqual(ofRule(lint(fixed, path).findings, 'DISC004'), []);
  });

  it('quotes folder names YAML would misread', () => {
    const text = fixture('disc004-no-front-matter.discovery.md');
    const found = ofRule(lint(text, 'acme: corp/2026/site-visit.discovery.md').findings, 'DISC004');
    const fixed = applyChecked(text, preferred(found[0]).edits);
    assert.ok(fixed.startsWith('---\nclient: "acme: corp"\nengagement: "2026"\n---\n'), fixed);
    assert.deepEqual(ofRule(lint(fixed, 'acme: corp/2026/site-visit.discovery.md').findings, 'DISC004'), []);
  });

  it('suggests the closest stage', () => {
    assert.equal(closestStage('propsal'), 'proposal');
    assert.equal(closestStage('contract'), 'contracted');
    assert.equal(closestStage('Delivry'), 'delivery');
    assert.equal(closestStage('pipeline'), null);
  });
});
