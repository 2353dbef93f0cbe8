/**
 * Guards in front of the reference parser. remark is the reference for the structure of a note, but its time grows
 * faster than the text on two kinds of input: very large notes, and paragraphs dense with inline openers (`[`, `<`,
 * `*`, `_`), where micromark's label and attention resolution turns quadratic or worse (a 60 KB run of `*_[` took
 * minutes here). The fast scanner reads almost every real note; only notes it declines reach remark, and these
 * guards decide, in linear time, whether remark may take them. A note refused here is skipped with the reason,
 * never checked for minutes (see docs/reliability.md).
 */

/** Largest note (UTF-16 units) handed to the reference parser when the scanner declines it. */
export const REMARK_MAX_CHARS = 512 * 1024;

/** Most inline openers one paragraph-like block may hold before the reference parser is too slow on it. */
export const REMARK_MAX_INLINE_OPENERS = 600;

/** Thrown by `parseNote` when a note can be read only by the reference parser and would take it too long. */
export class NoteTooComplexError extends Error {
  override readonly name = 'NoteTooComplexError';
}

/**
 * `null` when the reference parser may read `text`; otherwise why not. Blocks are runs of non-blank lines, split
 * again at lines that open a list item, a table row, a heading or a quote, since each of those starts its own
 * inline content in remark.
 */
export function remarkBudgetProblem(text: string): string | null {
  if (text.length > REMARK_MAX_CHARS) {
    return `it uses Markdown the fast reader leaves to the full parser, and at ${Math.round(text.length / 1024)} KB it is larger than the full parser's limit of ${REMARK_MAX_CHARS / 1024} KB`;
  }
  let openers = 0;
  let line = 1;
  let blockLine = 1;
  let atLineStart = true;
  let lineBlank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (lineBlank) openers = 0;
      line++;
      atLineStart = true;
      lineBlank = true;
      continue;
    }
    if (atLineStart) {
      if (c === 32 || c === 9) continue;
      atLineStart = false;
      lineBlank = false;
      // -, *, +, |, #, > or a digit start a new inline block (a list item, a row, a heading, a quote).
      if (c === 45 || c === 42 || c === 43 || c === 124 || c === 35 || c === 62 || (c >= 48 && c <= 57)) {
        openers = 0;
        blockLine = line;
      } else if (openers === 0) {
        blockLine = line;
      }
    }
    if (c === 91 || c === 60 || c === 42 || c === 95) {
      openers++;
      if (openers > REMARK_MAX_INLINE_OPENERS) {
        return `the paragraph at line ${blockLine} holds more than ${REMARK_MAX_INLINE_OPENERS} inline markup characters ([ < * _), too many to check in a bounded time`;
      }
    }
  }
  return null;
}
