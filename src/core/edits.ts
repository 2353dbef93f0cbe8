/** Applying {@link TextEdit}s to a note's text: the one place where fixes turn into new text. */

import type { ParsedNote, Position, TextEdit } from './model';
import { createLineIndex, stripBom } from './text';

/**
 * Applies non-overlapping edits to `text` and returns the new text. Positions are relative to the text without its
 * BOM (as every range in the model is); a BOM is kept. Positions past a line or the document end are clamped, as
 * VS Code does. Edits may come in any order: they are applied from the last to the first, and insertions at the
 * same point keep their given order. Throws if two edits overlap or a range ends before it starts, since
 * applying such a set would silently drop text.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const { text: body, bom } = stripBom(text);
  const index = createLineIndex(body);
  const spans = edits.map((edit, order) => {
    const start = index.offsetAt(edit.range.start);
    const end = index.offsetAt(edit.range.end);
    if (end < start) {
      throw new Error(`Invalid edit: range ends before it starts (${describe(edit)})`);
    }
    return { start, end, newText: edit.newText, order, edit };
  });
  // Insertions sort before a replacement starting at the same offset: they touch it but do not overlap it.
  spans.sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  for (let k = 1; k < spans.length; k++) {
    if (spans[k].start < spans[k - 1].end) {
      throw new Error(`Overlapping edits: ${describe(spans[k - 1].edit)} and ${describe(spans[k].edit)}`);
    }
  }
  let result = body;
  for (let k = spans.length - 1; k >= 0; k--) {
    const s = spans[k];
    result = result.slice(0, s.start) + s.newText + result.slice(s.end);
  }
  return bom ? '\uFEFF' + result : result;
}

function describe(edit: TextEdit): string {
  const { start, end } = edit.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

/** The position just past the last character of the parsed note. */
export function positionAtEnd(parsed: ParsedNote): Position {
  return { line: parsed.lineCount - 1, character: parsed.lastLineLength };
}
