import assert from 'node:assert/strict';
import { fixture, lint, lintFixture, ofRule, toCrlf } from './support';

describe('DISC003 front-matter-invalid', () => {
  it('reports nothing for valid front matter', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC003'), []);
  });

  it('reports invalid YAML as an error at the offending line and still checks the rest of the note', () => {
    const { findings } = lintFixture('disc003-invalid-yaml.discovery.md');
    const found = ofRule(findings, 'DISC003');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'error');
    assert.ok(found[0].range.start.line >= 3 && found[0].range.start.line <= 5, `line ${found[0].range.start.line}`);
    assert.match(found[0].message, /^Front matter is not valid YAML \([^(]/u);
    assert.ok(!/valid YAML.*valid YAML/u.test(found[0].message), found[0].message);
    // The risk below still gets its own finding (likelihood 7 is out of range)...
    assert.equal(ofRule(findings, 'DISC006').length, 1);
  });

  it('says that the folder stands in for fields it cannot read, without a fix', () => {
    const { text } = lintFixture('disc003-invalid-yaml.discovery.md');
    const found = ofRule(lint(text, 'northmoor-bank/open-banking-portal/scoping.discovery.md').findings, 'DISC004');
    assert.deepEqual(found.map((f) => f.message), [
      '"client" cannot be read from the front matter (its YAML is invalid): the folder name "northmoor-bank" is used until the YAML is fixed.',
      '"engagement" cannot be read from the front matter (its YAML is invalid): the folder name "open-banking-portal" is used until the YAML is fixed.',
    ]);
    assert.ok(found.every((f) => f.fixes.length === 0));
  });

  it('reports the same line for CRLF text', () => {
    const lf = ofRule(lintFixture('disc003-invalid-yaml.discovery.md').findings, 'DISC003');
    const crlf = ofRule(lint(toCrlf(fixture('disc003-invalid-yaml.discovery.md')), 'fixtures/disc003-invalid-yaml.discovery.md').findings, 'DISC003');
    assert.deepEqual(crlf.map((f) => f.range), lf.map((f) => f.range));
  });
});
