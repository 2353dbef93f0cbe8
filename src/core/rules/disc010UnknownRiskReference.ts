/**
 * DISC010 unknown-risk-reference: an item mentions a risk ID (`R-7`) that no note of the engagement (same client
 * and engagement) defines. Checked across the engagement's notes when they are known, else against the note alone.
 * A lead cares because a commitment or question tied to a risk nobody wrote down is a risk that is not tracked,
 * or a typo that points at the wrong one.
 * No automatic fix: define the risk, or correct the ID.
 */
import type { Note } from '../model';
import { engagementOf, findingOf, riskIdKey } from './helpers';
import type { RuleDefinition } from './types';

const definedByGroup = new WeakMap<Note[], Set<string>>();

/** IDs the notes define, computed once per engagement (every note of it asks). */
function definedIds(notes: Note[]): Set<string> {
  let defined = definedByGroup.get(notes);
  if (!defined) {
    defined = new Set();
    for (const other of notes) for (const risk of other.risks) if (risk.id) defined.add(riskIdKey(risk.id));
    definedByGroup.set(notes, defined);
  }
  return defined;
}

function engagementName(note: Note): string | null {
  const { client, engagement } = note.meta;
  return client && engagement ? `${client} / ${engagement}` : null;
}

export const disc010: RuleDefinition = {
  code: 'DISC010',
  name: 'unknown-risk-reference',
  defaultSeverity: 'warning',
  summary: 'An item references a risk ID that no note of the engagement defines.',
  scope: 'engagement',
  check(note, ctx) {
    if (note.references.length === 0) return [];
    const notes = engagementOf(note, ctx.engagementNotes);
    const defined = definedIds(notes);
    const where =
      notes.length > 1 && engagementName(note) ? `any note of ${engagementName(note)}` : 'this note';
    return note.references
      .filter((ref) => !defined.has(riskIdKey(ref.id)))
      .map((ref) =>
        findingOf(
          disc010,
          note,
          ref.range,
          `${ref.id} is not defined in ${where}: add it under "## Risks" or correct the ID.`,
        ),
      );
  },
};
