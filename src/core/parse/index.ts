/** The one entry point the engine uses to get a note's structure, whatever parser produces it. */

import type { ParsedNote } from '../model';
import { parseWithRemark } from './remark';
import { scanNote } from './scanner';

export { parseWithRemark } from './remark';
export { scanNote } from './scanner';

/**
 * Parses the text of a discovery note (which may start with a BOM) into its structure: front matter, headings and
 * level-2 sections with their list items and tables. Never throws on any text; positions are 0-based, BOM-less.
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
  return scanned ?? parseWithRemark(text);
}
