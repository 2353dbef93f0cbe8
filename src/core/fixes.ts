/**
 * Fixes beyond a single finding: insert every missing section, fix all (the preferred fix of every finding,
 * combined without overlaps), mark a risk closed, and the next free risk ID.
 *
 * Every edit only adds text or replaces the exact span it names, so the text outside the edited spans is kept
 * byte for byte; inserted line breaks use the note's own (CRLF stays CRLF); positions are BOM-less, so a BOM stays.
 */
import type { DiscoveryConfig } from './configTypes';
import type { Finding, Fix, Note, Position, Range, Risk, TextEdit } from './model';
import { insertAllMissingFix, INSERT_ALL_TITLE } from './rules/disc001MissingSection';
import { closeRiskEdits, comparePositions, compareRanges, highestRiskNumber } from './rules/helpers';

/** A fix inserting every missing required and recommended section, in canonical order; `null` if none is missing. */
export function insertMissingSectionsFix(note: Note, config: DiscoveryConfig): Fix | null {
  return insertAllMissingFix(note, config);
}

/**
 * Closes a risk: ticks the checkbox of a task item (`[ ]` → `[x]`, and a contradicting `status:` becomes
 * `closed`), or sets `status: closed` on a plain item or table row (replacing the value or adding the field).
 * The fix has no edits when the risk is already closed, or is a table row without a status column.
 */
export function markRiskClosedFix(note: Note, risk: Risk): Fix {
  return { title: `Mark ${risk.id ?? 'risk'} closed`, edits: closeRiskEdits(note, risk) };
}

/** The next risk ID not defined or referenced in any of `notes` (`R-1` when there are none). */
export function nextRiskId(notes: Note[]): string {
  return `R-${highestRiskNumber(notes) + 1}`;
}

/** Line lengths of `text` (BOM removed), for checking that edits lie inside it. */
function lineLengths(text: string): number[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.split(/\r\n|\r|\n/u).map((l) => l.length);
}

function inside(p: Position, lengths: number[]): boolean {
  return p.line >= 0 && p.line < lengths.length && p.character >= 0 && p.character <= lengths[p.line];
}

function isInsert(r: Range): boolean {
  return comparePositions(r.start, r.end) === 0;
}

/** Overlap in the sense that matters for applying edits together: a shared interior, or an insert at a replace's start. */
function conflicts(a: Range, b: Range): boolean {
  if (isInsert(a) && isInsert(b)) return false;
  if (isInsert(a)) return comparePositions(a.start, b.start) >= 0 && comparePositions(a.start, b.end) < 0;
  if (isInsert(b)) return comparePositions(b.start, a.start) >= 0 && comparePositions(b.start, a.end) < 0;
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}

/** The fix fix-all applies for a finding: the preferred one; for missing sections the all-in-one insertion. */
function chosenFix(finding: Finding): Fix | undefined {
  // Each missing section's own fix inserts at a point others may share; the all-in-one fix (the same edits on
  // every DISC001 finding, so taken once) keeps them in canonical order.
  if (finding.rule === 'DISC001') {
    const all = finding.fixes.find((f) => f.title === INSERT_ALL_TITLE);
    if (all) return all;
  }
  return finding.fixes.find((f) => f.preferred);
}

/**
 * The edits of "fix all": the preferred fix of each finding (for missing sections, the single fix inserting them
 * all in canonical order), in the order of `findings`. A fix is taken whole or not at all: one that would
 * overlap an edit already taken, or that lies outside `text`, is skipped. Identical edits from several findings
 * are applied once; inserts at the same point are joined in finding order, except that inserted sections come after
 * any other insert at their point (field stubs belong to the item before it). Deterministic, and idempotent in use:
 * linting the result again offers none of these fixes.
 */
export function fixAll(text: string, findings: Finding[]): TextEdit[] {
  const lengths = lineLengths(text);
  const taken: TextEdit[] = [];
  // Edits that append whole sections: at a point shared with another insert (the end of the last line, where
  // field stubs of the last item also go) they must come last, or the stubs would land under the new sections.
  // The value is the length of the text joined in front of the sections so far, so joined stubs keep their order.
  const sectionInserts = new Map<TextEdit, number>();
  for (const finding of findings) {
    const fix = chosenFix(finding);
    if (!fix || fix.edits.length === 0) continue;
    if (!fix.edits.every((e) => inside(e.range.start, lengths) && inside(e.range.end, lengths))) continue;
    const toAdd: TextEdit[] = [];
    const toJoin: Array<{ into: TextEdit; text: string }> = [];
    let ok = true;
    for (const edit of fix.edits) {
      const same = taken.find((t) => compareRanges(t.range, edit.range) === 0);
      if (same && same.newText === edit.newText) continue;
      if (same && isInsert(edit.range)) {
        // Two inserts at one point (e.g. two front-matter keys, two field stubs): keep both, in finding order.
        toJoin.push({ into: same, text: edit.newText });
        continue;
      }
      if (taken.some((t) => conflicts(t.range, edit.range)) || toAdd.some((t) => conflicts(t.range, edit.range))) {
        ok = false;
        break;
      }
      toAdd.push({ range: edit.range, newText: edit.newText });
    }
    if (!ok) continue;
    for (const j of toJoin) {
      const at = finding.rule === 'DISC001' ? undefined : sectionInserts.get(j.into);
      if (at === undefined) {
        if (finding.rule === 'DISC001' && !sectionInserts.has(j.into)) sectionInserts.set(j.into, j.into.newText.length);
        j.into.newText += j.text;
      } else {
        j.into.newText = j.into.newText.slice(0, at) + j.text + j.into.newText.slice(at);
        sectionInserts.set(j.into, at + j.text.length);
      }
    }
    if (finding.rule === 'DISC001') for (const e of toAdd) sectionInserts.set(e, 0);
    taken.push(...toAdd);
  }
  return taken.sort((a, b) => compareRanges(a.range, b.range));
}
