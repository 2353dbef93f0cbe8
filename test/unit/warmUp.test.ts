import assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { checkNote } from '../../src/core/lint';
import { parseNote } from '../../src/core/parse/index';
import { WARM_UP_PARTS, warmedUp, warmUp, warmUpSteps } from '../../src/core/warmUp';

/**
 * The warm-up (src/core/warmUp.ts) swallows a failing step, since it is only an optimisation; these tests make
 * sure it still does its job: every step runs, and its sample note reaches what real notes reach, through the
 * scanner (a note handed to remark would compile remark instead).
 */
describe('warm-up', () => {
  it('runs every step without an error', () => {
    const steps = warmUpSteps(DEFAULT_CONFIG);
    assert.ok(steps.length >= 10);
    steps.forEach((step, i) => assert.doesNotThrow(step, `step ${i}`));
  });

  it('parses every prefix of its sample with the scanner, each adding what the ones before it lacked', () => {
    const notes = WARM_UP_PARTS.map((_, k) => {
      const parsed = parseNote(WARM_UP_PARTS.slice(0, k + 1).flat().join('\n'));
      assert.equal(parsed.parser, 'scanner', `prefix ${k + 1}`);
      return analyze(parsed, DEFAULT_CONFIG, 'sample/warm-up/x.discovery.md');
    });
    const [first, second, third, fourth, whole] = notes;
    assert.equal(notes.length, 5);
    assert.equal(first.meta.client, 'Sample Client');
    assert.equal(first.meta.engagement, 'Warm-up');
    assert.equal(first.sections.length, 0);
    assert.ok(second.parsed.sections.some((s) => s.items.some((i) => i.children.length > 0)), 'nested list items');
    assert.ok(third.parsed.sections.some((s) => s.tables.length > 0), 'tables');
    assert.deepEqual(
      third.risks.map((r) => [r.id, r.form]),
      [
        ['R-1', 'table'],
        ['R-2', 'table'],
      ],
    );
    assert.deepEqual(
      fourth.risks.map((r) => [r.id, r.form, r.isOpen]),
      [
        ['R-3', 'list', true],
        ['R-4', 'list', false],
        ['R-1', 'table', true],
        ['R-2', 'table', true],
      ],
    );
    assert.equal(whole.commitments.length, 2);
    assert.equal(whole.questions.length, 2);
    assert.deepEqual(
      whole.references.map((r) => r.id),
      ['R-1'],
    );
    // The rules find something to say (an overdue commitment and risk), so their reporting paths run too.
    const rules = new Set(checkNote(whole, { config: DEFAULT_CONFIG, today: '2026-01-15' }).map((f) => f.rule));
    assert.ok(rules.has('DISC008'), [...rules].join(', '));
  });

  it('runs its steps in slices, once per process', () => {
    assert.equal(warmedUp(), false);
    let calls = 1;
    // One step per call: the caller's slice is always used up.
    while (!warmUp(() => true)) calls++;
    assert.equal(calls, warmUpSteps(DEFAULT_CONFIG).length);
    assert.equal(warmedUp(), true);
    assert.equal(warmUp(() => true), true);
  });
});
