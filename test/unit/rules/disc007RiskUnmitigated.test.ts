import assert from 'node:assert/strict';
import { applyChecked, fixture, lint, lintFixture, ofRule, preferred } from './support';

describe('DISC007 risk-unmitigated', () => {
  it('reports nothing when high risks have mitigations', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC007'), []);
  });

  it('reports open high and critical risks without a real mitigation, not closed, accepted or low ones', () => {
    const found = ofRule(lintFixture('disc007-unmitigated.discovery.md').findings, 'DISC007');
    assert.deepEqual(
      found.map((f) => f.message.replace(/ \(score.*$/u, '')),
      ['Risk R-1 is critical', 'Risk R-2 is high', 'Risk R-6 is critical'],
    );
    assert.match(found[0].message, /write how it will be reduced, or accept it explicitly/u);
  });

  it('adds a mitigation stub once; a TBD mitigation is still reported but not stubbed again', () => {
    const text = fixture('disc007-unmitigated.discovery.md');
    const [r1, r2, r6] = ofRule(lint(text).findings, 'DISC007');
    assert.deepEqual(r2.fixes, []);
    const fixed = applyChecked(text, preferred(r1).edits);
    assert.ok(fixed.includes('  - owner: Ruth Adeyemi\n  - mitigation: TBD\n- [ ] R-2'), fixed);
    const again = ofRule(lint(fixed).findings, 'DISC007');
    assert.equal(again.length, 3);
    assert.deepEqual(again[0].fixes, []);
    const table = applyChecked(text, preferred(r6).edits);
    assert.match(table, /\| Ruth Adeyemi \| open \| ?TBD ?\|/u);
  });
});
