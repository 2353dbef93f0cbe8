/** The one entry point the engine uses to get a note's structure, whatever parser produces it. */

import type { ParsedNote } from '../model';
import { parseWithRemark } from './remark';

export { parseWithRemark } from './remark';

/**
 * Parses the text of a discovery note (which may start with a BOM) into its structure: front matter, headings and
 * level-2 sections with their list items and tables. Never throws on any text; positions are 0-based, BOM-less.
 */
export function parseNote(text: string): ParsedNote {
  return parseWithRemark(text);
}
