/**
 * DISC008 overdue: an open risk, or an open commitment, whose due date is before today.
 * A lead cares because a missed commitment made before the contract is what the client remembers, and an
 * overdue risk action means the risk is no longer being managed.
 * Fixes (never preferred, so fix-all leaves them alone): close the risk / tick the commitment, when that is
 * what actually happened. Moving the date is the lead's call.
 */
import { closeRiskEdits, completeCommitmentEdits, dayNumber, findingOf, fixesIf, fixOf, quoted, riskAnchor, riskLabel } from './helpers';
import type { RuleDefinition } from './types';

function daysLate(due: string, today: string): number | null {
  const d = dayNumber(due);
  const t = dayNumber(today);
  return d === null || t === null || d >= t ? null : t - d;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const disc008: RuleDefinition = {
  code: 'DISC008',
  name: 'overdue',
  defaultSeverity: 'warning',
  summary: 'An open risk or commitment is past its due date.',
  scope: 'note',
  check(note, ctx) {
    const findings = [];
    for (let riskIndex = 0; riskIndex < note.risks.length; riskIndex++) {
      const risk = note.risks[riskIndex];
      if (!risk.isOpen || !risk.due) continue;
      const late = daysLate(risk.due, ctx.today);
      if (late === null) continue;
      findings.push(
        findingOf(
          disc008,
          note,
          risk.fields.due?.range ?? riskAnchor(risk),
          `${riskLabel(risk)} was due ${risk.due} (${plural(late, 'day')} ago) and is still ${risk.status}: act on it, set a new due date, or close it.`,
          fixesIf(ctx, () => [fixOf(`Mark ${risk.id ?? 'the risk'} closed`, closeRiskEdits(note, risk))]),
        ),
      );
    }
    for (let commitmentIndex = 0; commitmentIndex < note.commitments.length; commitmentIndex++) {
      const commitment = note.commitments[commitmentIndex];
      if (commitment.done || !commitment.due) continue;
      const late = daysLate(commitment.due, ctx.today);
      if (late === null) continue;
      const who = commitment.owner ? ` (${commitment.owner})` : '';
      findings.push(
        findingOf(
          disc008,
          note,
          commitment.fields.due?.range ?? commitment.textRange,
          `Commitment ${quoted(commitment.text)}${who} was due ${commitment.due} (${plural(late, 'day')} ago): deliver it, agree a new date with the client, or tick it if done.`,
          fixesIf(ctx, () => [fixOf('Mark the commitment done', completeCommitmentEdits(note, commitment))]),
        ),
      );
    }
    return findings;
  },
};
