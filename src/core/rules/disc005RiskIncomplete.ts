/**
 * DISC005 risk-incomplete: a risk without an ID, an owner, a likelihood or an impact (`TBD` counts as missing).
 * A lead cares because a risk nobody owns, or that cannot be scored, never reaches the steering meeting, and one
 * without an ID cannot be referenced from commitments and questions.
 * Fix: assign the next free risk ID (free across the engagement when known) and add `owner: TBD`,
 * `likelihood: TBD`, `impact: TBD` stubs for the absent fields; the stubs are still reported until filled in,
 * and applying the fix again changes nothing.
 */
import type { Fix, Note, Risk, TextEdit } from '../model';
import {
  allocateRiskIds,
  engagementOf,
  canStub,
  columnFor,
  findListItem,
  findTableRow,
  findingOf,
  fixesIf,
  pointRange,
  riskAnchor,
  riskLabel,
  fieldEdits,
  STUB,
} from './helpers';
import type { RuleContext, RuleDefinition } from './types';

const SCORED_FIELDS = ['owner', 'likelihood', 'impact'] as const;

/**
 * A field is missing when it is absent or holds a placeholder (`TBD`, `?`, `none`). A value that is written but
 * not understood is not missing: DISC006 reports it.
 */
function isMissing(risk: Risk, field: (typeof SCORED_FIELDS)[number]): boolean {
  return risk[field] === null && !risk.problems.some((p) => p.field === field);
}

/** Edits giving `risk` the ID `id`: before the title of a list item, or into an empty ID cell of a table. */
export function assignIdEdits(note: Note, risk: Risk, id: string): TextEdit[] {
  if (risk.form === 'table') {
    const existing = risk.fields.id;
    if (existing) return existing.raw.trim() === '' ? [{ range: existing.range, newText: id }] : [];
    const located = findTableRow(note, risk.range);
    if (!located) return [];
    const cell = located.row.cells[columnFor(located.table, 'id')];
    return cell && cell.text.trim() === '' ? [{ range: cell.range, newText: id }] : [];
  }
  // Before any markup of the title (`**Title**`), right after the checkbox.
  const item = findListItem(note, risk.range);
  const at = item?.textRange.start ?? risk.fields.title?.range.start;
  return at ? [{ range: pointRange(at), newText: `${id}: ` }] : [];
}

/** Risk IDs are handed out from one counter per engagement, so separate fixes never collide. */
export function newIdFor(note: Note, risk: Risk, ctx: RuleContext): string | undefined {
  return allocateRiskIds(engagementOf(note, ctx.engagementNotes)).get(risk);
}

export const disc005: RuleDefinition = {
  code: 'DISC005',
  name: 'risk-incomplete',
  defaultSeverity: 'warning',
  summary: 'A risk has no ID, owner, likelihood or impact.',
  scope: 'note',
  check(note, ctx) {
    const findings = [];
    for (let riskIndex = 0; riskIndex < note.risks.length; riskIndex++) {
      const risk = note.risks[riskIndex];
      const noId = !risk.id;
      const missing = SCORED_FIELDS.filter((f) => isMissing(risk, f));
      if (!noId && missing.length === 0) continue;
      const what = [...(noId ? ['ID'] : []), ...missing];
      const list = what.length === 1 ? what[0] : `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}`;
      const id = noId ? newIdFor(note, risk, ctx) : undefined;
      const todo = [
        ...(noId ? [`give it an ID (${id ?? 'R-1'} is free)`] : []),
        ...(missing.length ? [`fill in ${missing.join(', ')}${missing.some((f) => f !== 'owner') ? ' (1 to 5 or a word such as likely, major)' : ''}`] : []),
      ];
      const message = `${riskLabel(risk)} has no ${list}: ${todo.join(' and ')}.`;

      const fixes = fixesIf(ctx, () => {
        const idEdits = id ? assignIdEdits(note, risk, id) : [];
        const stubbable = missing.filter((f) => canStub(risk, f));
        const stubEdits = fieldEdits(note, risk, stubbable.map((f) => [f, STUB]));
        const all: Fix[] = [];
        if (idEdits.length > 0 && stubEdits.length > 0) {
          all.push({ title: `Assign ${id} and add ${stubbable.join(', ')} stubs`, edits: [...idEdits, ...stubEdits], preferred: true });
        }
        if (idEdits.length > 0) all.push({ title: `Assign the next free ID ${id}`, edits: idEdits, preferred: all.length === 0 || undefined });
        if (stubEdits.length > 0) {
          all.push({ title: `Add ${stubbable.map((f) => `${f}: ${STUB}`).join(', ')}`, edits: stubEdits, preferred: all.length === 0 || undefined });
        }
        return all.map(cleanPreferred);
      });
      findings.push(findingOf(disc005, note, riskAnchor(risk), message, fixes));
    }
    return findings;
  },
};

function cleanPreferred(fix: Fix): Fix {
  return fix.preferred ? fix : { title: fix.title, edits: fix.edits };
}
