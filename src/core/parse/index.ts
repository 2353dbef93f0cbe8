/** The one entry point the engine uses to get a note's structure, whatever parser produces it. */

import type { ParsedNote } from '../model';
import type * as RemarkModule from './remark';
import { scanNote } from './scanner';
import { NoteTooComplexError, remarkBudgetProblem } from './budget';

export { scanNote } from './scanner';

type Remark = typeof RemarkModule;
let remark: Remark | null = null;

/**
 * remark, loaded on first use: the scanner reads nearly every note, and loading remark with its extensions is
 * about half of the time it takes to load the engine (measured 40-45 ms against 20-25 ms for the CLI bundle
 * without it), paid by every start of the CLI, of its worker threads and of the extension.
 */
function loadRemark(): Remark {
  // The one `require` in the core: of a sibling module, never of a Node built-in; every bundle and the tests load
  // the core as CommonJS, so it is always there.
  // eslint-disable-next-line no-restricted-globals -- deliberately lazy (see above)
  return (remark ??= require('./remark') as Remark);
}

/** The reference parser (remark), loaded on first use. */
export function parseWithRemark(text: string): ParsedNote {
  return loadRemark().parseWithRemark(text);
}
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
