import assert from 'node:assert/strict';
import { isEmptySection } from '../../../src/core/rules/disc002EmptySection';
import { isPlaceholder } from '../../../src/core/rules/helpers';
import { lintFixture, ofRule } from './support';

describe('DISC002 empty-section', () => {
  it('reports nothing when every section has content', () => {
    assert.deepEqual(ofRule(lintFixture('clean.discovery.md').findings, 'DISC002'), []);
  });

  it('reports empty and placeholder-only sections on their heading, and never offers to delete them', () => {
    const found = ofRule(lintFixture('disc002-empty.discovery.md').findings, 'DISC002');
    assert.deepEqual(
      found.map((f) => f.message.match(/"([^"]+)"/u)?.[1]),
      ['Business objectives', 'Integration mismatches', 'Backlog fit', 'Skills gaps', 'Technology options', 'Commitments', 'Risks'],
    );
    assert.ok(found.every((f) => f.severity === 'warning' && f.fixes.length === 0));
    assert.equal(found[0].range.start.line, 11);
    assert.match(found[0].message, /is empty: write what was found/u);
  });

  it('treats placeholders case-insensitively, in any combination', () => {
    for (const text of ['', 'TBD', 'tbd', 'TODO', 'To do', 'N/A', 'n/a', '-', '?', 'TBC', 'TBD - TODO', '- ? -']) {
      assert.equal(isPlaceholder(text), true, text);
    }
    for (const text of ['TBD: the SAP interface', 'None identified', 'No gaps: the team ran Kafka for 3 years', 'todos app']) {
      assert.equal(isPlaceholder(text), false, text);
    }
  });

  it('counts a risk table with rows as content, and one without rows as empty', () => {
    const { note } = lintFixture('clean.discovery.md');
    const risks = note.sections.find((s) => s.id === 'risks');
    assert.ok(risks);
    assert.equal(isEmptySection(risks.parsed), false);
  });
});
