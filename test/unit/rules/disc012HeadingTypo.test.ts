import assert from 'node:assert/strict';
import { applyChecked, fixture, lint, lintFixture, ofRule, preferred, replacedTexts, toCrlf, withBom } from './support';

describe('DISC012 heading-typo', () => {
  it('reports nothing for exact names, aliases and unrelated headings', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC012'), []);
    const { findings } = lintFixture('disc001-typo.discovery.md');
    assert.ok(!ofRule(findings, 'DISC012').some((f) => f.message.includes('Timeline')));
  });

  it('names the section a misspelt heading probably means', () => {
    const found = ofRule(lintFixture('disc001-typo.discovery.md').findings, 'DISC012');
    assert.deepEqual(
      found.map((f) => f.message.match(/probably means "([^"]+)"/u)?.[1]),
      ['Stakeholders', 'Skills gaps', 'Success criteria', 'Risks'],
    );
    assert.match(found[0].message, /^Heading "1\. Stakehodlers 👥" matches no section/u);
    assert.equal(found[0].severity, 'warning');
  });

  it('renames only the words, keeping numbering and emoji', () => {
    const text = fixture('disc001-typo.discovery.md');
    const found = ofRule(lint(text).findings, 'DISC012');
    assert.deepEqual(replacedTexts(text, preferred(found[0]).edits), ['Stakehodlers']);
    const fixed = applyChecked(text, preferred(found[0]).edits);
    assert.ok(fixed.includes('## 1. Stakeholders 👥\n'));
  });

  it('renames every typo, after which no finding and no missing section remains (CRLF and BOM kept)', () => {
    const text = withBom(toCrlf(fixture('disc001-typo.discovery.md')));
    const found = ofRule(lint(text).findings, 'DISC012');
    const fixed = applyChecked(text, found.flatMap((f) => preferred(f).edits));
    assert.ok(fixed.includes('## Skills gaps\r\n') && fixed.includes('## Success criteria\r\n') && fixed.includes('## Risks\r\n'));
    const after = lint(fixed);
    assert.deepEqual(ofRule(after.findings, 'DISC012'), []);
    assert.deepEqual(ofRule(after.findings, 'DISC001'), []);
  });
});
