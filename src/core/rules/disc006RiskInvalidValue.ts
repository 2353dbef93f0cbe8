/**
 * DISC006 risk-invalid-value: a risk field that is written but not understood: likelihood or impact outside
 * 1–5 or not a known word, a due date that is not `YYYY-MM-DD`, an unknown status. A placeholder (`TBD`) is not
 * invalid: DISC005 reports it as missing.
 * A lead cares because a value the tool cannot read silently drops the risk out of the scores and the roll-up.
 * Fix: an unknown status close to a known one (`mitigatng`, `close`) is replaced by it.
 */
import type { RiskStatus, ValueProblem } from '../model';
import { levenshtein } from '../sections';
import { findingOf, fixesIf, isPlaceholder, riskLabel } from './helpers';
import type { RuleDefinition } from './types';

export const RISK_STATUSES: readonly RiskStatus[] = ['open', 'mitigating', 'monitoring', 'accepted', 'occurred', 'closed'];

/** The known status an unknown one most probably means (a typo or a truncation), or `null`. */
export function closestStatus(raw: string): RiskStatus | null {
  const value = raw.trim().toLowerCase();
  if (value.length < 3) return null;
  let best: { status: RiskStatus; distance: number } | null = null;
  for (const status of RISK_STATUSES) {
    if (status.startsWith(value)) return status;
    const distance = levenshtein(value, status, 2);
    if (distance <= 2 && (!best || distance < best.distance)) best = { status, distance };
  }
  return best?.status ?? null;
}

// "1 to 5", not "1–5": with the en dash, these were the only characters beyond ASCII in the benchmark's JSON report,
// whose readers then decode it on their slower non-ASCII path (docs/performance.md). DISC005 says the same.
function advice(problem: ValueProblem): string {
  switch (problem.field) {
    case 'likelihood':
      return 'use 1 to 5 or rare, unlikely, possible, likely, almost certain';
    case 'impact':
      return 'use 1 to 5 or negligible, minor, moderate, major, severe';
    case 'due':
      return 'write the date as YYYY-MM-DD';
    case 'status':
      return `use one of ${RISK_STATUSES.join(', ')}`;
    case 'id':
      return 'write the ID like R-12';
    default:
      return 'correct the value';
  }
}

export const disc006: RuleDefinition = {
  code: 'DISC006',
  name: 'risk-invalid-value',
  defaultSeverity: 'error',
  summary: 'A risk has a likelihood, impact, due date or status that cannot be understood.',
  scope: 'note',
  check(note, ctx) {
    const findings = [];
    for (let riskIndex = 0; riskIndex < note.risks.length; riskIndex++) {
      const risk = note.risks[riskIndex];
      for (let problemIndex = 0; problemIndex < risk.problems.length; problemIndex++) {
        const problem = risk.problems[problemIndex];
        if (isPlaceholder(problem.raw)) continue;
        const reason = problem.reason.replace(/[.\s]+$/u, '');
        const message = `${riskLabel(risk)}: ${problem.field} "${problem.raw}" is not understood (${reason}): ${advice(problem)}.`;
        const suggestion = problem.field === 'status' ? closestStatus(problem.raw) : null;
        const fixes = fixesIf(ctx, () => [
          suggestion ? { title: `Change status to "${suggestion}"`, edits: [{ range: problem.range, newText: suggestion }], preferred: true } : null,
        ]);
        findings.push(findingOf(disc006, note, problem.range, message, fixes));
      }
    }
    return findings;
  },
};
