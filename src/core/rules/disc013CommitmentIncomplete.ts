/**
 * DISC013 commitment-incomplete: an open commitment without an owner or a due date (`TBD` counts as missing;
 * a due date that is not `YYYY-MM-DD` is reported too, since no reminder can be set from it).
 * A lead cares because "we'll send the API spec" with no name and no date is the promise that gets forgotten.
 * Fix: add `owner: TBD` / `due: TBD` stubs to fill in; they are still reported until filled in.
 */
import { canStub, fieldEdits, findingOf, fixesIf, quoted, STUB } from './helpers';
import type { RuleDefinition } from './types';

export const disc013: RuleDefinition = {
  code: 'DISC013',
  name: 'commitment-incomplete',
  defaultSeverity: 'warning',
  summary: 'An open commitment has no owner or no due date.',
  scope: 'note',
  check(note, ctx) {
    const findings = [];
    for (let cIndex = 0; cIndex < note.commitments.length; cIndex++) {
      const c = note.commitments[cIndex];
      if (c.done) continue;
      const label = `Commitment ${quoted(c.text)}`;
      // A due date written but not understood is reported below, not as missing.
      const missing = (['owner', 'due'] as const).filter((f) => c[f] === null && !c.problems.some((p) => p.field === f));
      if (missing.length > 0) {
        const fixes = fixesIf(ctx, () => {
          const stubbable = missing.filter((f) => canStub(c, f));
          const edits = fieldEdits(note, c, stubbable.map((f) => [f, STUB]));
          return [edits.length > 0 ? { title: `Add ${stubbable.map((f) => `${f}: ${STUB}`).join(', ')}`, edits, preferred: true } : null];
        });
        findings.push(
          findingOf(
            disc013,
            note,
            c.textRange,
            `${label} has no ${missing.join(' and no ')}: say who delivers it and by when (due: YYYY-MM-DD).`,
            fixes,
          ),
        );
      }
      for (let problemIndex = 0; problemIndex < c.problems.length; problemIndex++) {
        const problem = c.problems[problemIndex];
        findings.push(
          findingOf(
            disc013,
            note,
            problem.range,
            `${label}: ${problem.field} "${problem.raw}" is not understood (${problem.reason.replace(/[.\s]+$/u, '')}): write the date as YYYY-MM-DD.`,
          ),
        );
      }
    }
    return findings;
  },
};
