/** The one entry point the engine uses to get a note's structure, whatever parser produces it. */

import type { ParsedNote } from '../model';
import { parseWithRemark } from './remark';
import { scanNote } from './scanner';
import { NoteTooComplexError, remarkBudgetProblem } from './budget';

export { parseWithRemark } from './remark';
export { scanNote } from './scanner';
export { NoteTooComplexError, REMARK_MAX_CHARS, REMARK_MAX_INLINE_OPENERS } from './budget';

/**
 * Parses the text of a discovery note (which may start with a BOM) into its structure: front matter, headings and
 * level-2 sections with their list items and tables. Positions are 0-based, BOM-less. Throws only
 * {@link NoteTooComplexError}, when the scanner declines a note that the reference parser could not read in a
 * bounded time (see ./budget.ts); callers report the note as skipped with the error's message.
 *
 * The block scanner answers first (it is about a thousand times faster); when the note holds a construct the
 * scanner is not sure to read exactly as remark does, it declines and remark parses the note. Both produce the
 * same {@link ParsedNote} apart from `parser`, which the differential test enforces.
 */
export function parseNote(text: string): ParsedNote {
  let scanned: ParsedNote | null = null;
  try {
    scanned = scanNote(text);
  } catch {
    // A scanner defect must never cost the user a result: the reference parser still reads the note.
    scanned = null;
  }
  if (scanned) return scanned;
  const problem = remarkBudgetProblem(text);
  if (problem !== null) throw new NoteTooComplexError(`Not checked: ${problem}.`);
  return parseWithRemark(text);
}
