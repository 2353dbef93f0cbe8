/**
 * DISC009 duplicate-risk-id: the same risk ID twice in a note, or in two notes of the same engagement (reported
 * on the later occurrence: later in the note, or in the note whose path sorts later).
 * A lead cares because commitments, questions and status reports point at risks by ID; two risks with one ID
 * make every such reference ambiguous.
 * Fix: renumber the later occurrence to the next ID free across the engagement.
 */
import type { Finding, Note, Risk } from '../model';
import { allocateRiskIds, engagementOf, findingOf, fixesIf, notesInOrder, quoted, riskAnchor, riskIdKey } from './helpers';
import type { RuleContext, RuleDefinition } from './types';

function renumberFix(risk: Risk, newId: string | undefined) {
  const idRange = risk.fields.id?.range;
  if (!newId || !idRange) return null;
  return { title: `Renumber to ${newId}`, edits: [{ range: idRange, newText: newId }], preferred: true };
}

export const disc009: RuleDefinition = {
  code: 'DISC009',
  name: 'duplicate-risk-id',
  defaultSeverity: 'error',
  summary: 'The same risk ID is used twice in a note or in two notes of one engagement.',
  scope: 'note',
  check(note, ctx) {
    const first = new Map<string, Risk>();
    const findings: Finding[] = [];
    for (let riskIndex = 0; riskIndex < note.risks.length; riskIndex++) {
      const risk = note.risks[riskIndex];
      if (!risk.id) continue;
      const key = riskIdKey(risk.id);
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, risk);
        continue;
      }
      const newId = allocateRiskIds(engagementOf(note, ctx.engagementNotes)).get(risk);
      findings.push(
        findingOf(
          disc009,
          note,
          riskAnchor(risk),
          `Risk ID ${risk.id} is already used on line ${earlier.range.start.line + 1} (${quoted(earlier.title)}): give this risk its own ID${newId ? ` (${newId} is free)` : ''}.`,
          fixesIf(ctx, () => [renumberFix(risk, newId)]),
        ),
      );
    }
    return findings;
  },
};

/**
 * DISC009 across the notes of one engagement: an ID defined in an earlier note (by path) and again in a later
 * one is reported on the later note. Duplicates inside one note are left to {@link disc009}'s `check`. `ctxFor`
 * gives the `fixes` option of the note reported on (as for the rules: `false` leaves its findings without fixes).
 */
export function duplicateIdsAcrossNotes(engagementNotes: Note[], ctxFor: (path: string) => Pick<RuleContext, 'fixes'> = () => ({})): Finding[] {
  const firstByKey = new Map<string, { note: Note; risk: Risk }>();
  const findings: Finding[] = [];
  const allocation = allocateRiskIds(engagementNotes);
  for (const note of notesInOrder(engagementNotes)) {
    const inThisNote = new Set<string>();
    for (let riskIndex = 0; riskIndex < note.risks.length; riskIndex++) {
      const risk = note.risks[riskIndex];
      if (!risk.id) continue;
      const key = riskIdKey(risk.id);
      const earlier = firstByKey.get(key);
      if (!earlier) {
        firstByKey.set(key, { note, risk });
        inThisNote.add(key);
        continue;
      }
      if (earlier.note === note || inThisNote.has(key)) continue;
      inThisNote.add(key);
      const newId = allocation.get(risk);
      findings.push(
        findingOf(
          disc009,
          note,
          riskAnchor(risk),
          `Risk ID ${risk.id} is already used in ${earlier.note.path} line ${earlier.risk.range.start.line + 1} (${quoted(earlier.risk.title)}), in the same engagement: give this risk its own ID${newId ? ` (${newId} is free)` : ''}.`,
          fixesIf(ctxFor(note.path), () => [renumberFix(risk, newId)]),
        ),
      );
    }
  }
  return findings;
}
