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
    assert.match(found[0].message, /^Front matter is not valid YAML/u);
    // The risk below still gets its own finding (likelihood 7 is out of range)...
    assert.equal(ofRule(findings, 'DISC006').length, 1);
    // ...and no guesses about the fields of YAML that could not be read.
    assert.deepEqual(ofRule(findings, 'DISC004'), []);
  });

  it('reports the same line for CRLF text', () => {
    const lf = ofRule(lintFixture('disc003-invalid-yaml.discovery.md').findings, 'DISC003');
    const crlf = ofRule(lint(toCrlf(fixture('disc003-invalid-yaml.discovery.md')), 'fixtures/disc003-invalid-yaml.discovery.md').findings, 'DISC003');
    assert.deepEqual(crlf.map((f) => f.range), lf.map((f) => f.range));
  });
});
