/**
 * Placeholders: the words a lead writes for "not filled in yet" (TBD, TODO, N/A, to do, tbc, tba) and the filler
 * around them. Shared by the rules (a risk field, a section) and the parsers, which decide per block whether a
 * section says anything (`ParsedSection.hasContent`).
 */

import { isJsWhitespace } from './text';

const PLACEHOLDER_WORDS = /\b(?:tbd|tbc|tba|todo|to do|n\/a)\b/gu;
const ONLY_FILLER = /^[\s\-–—?.:;,!*_…/|()[\]]*$/u;

const FILLER_PUNCTUATION = new Set([...'-\u2013\u2014?.:;,!*_\u2026/|()[]'].map((ch) => ch.charCodeAt(0)));

/** Index of the first character of `text` that {@link ONLY_FILLER} does not allow, or -1. */
function firstNonFiller(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (FILLER_PUNCTUATION.has(c)) continue;
    if (!isJsWhitespace(c)) return i;
  }
  return -1;
}

/**
 * `true` when `text` holds nothing a reader could act on: empty, or only placeholders such as `TBD`, `TODO`,
 * `N/A`, `-`, `to do`, `tbc`, `?` (case-insensitive, any number of them, with punctuation between).
 */
export function isPlaceholder(text: string | null | undefined): boolean {
  if (text === null || text === undefined) return true;
  // Nearly every text read is not a placeholder, and says so at its first letter: one that no placeholder word
  // starts with (everything before it is filler, so no match can cover it) decides without lower-casing and
  // rewriting the whole text, which for a section's content is thousands of characters.
  const first = firstNonFiller(text);
  if (first < 0) return true;
  const c = text.charCodeAt(first) | 0x20;
  if (((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) && c !== 0x74 /* t */ && c !== 0x6e /* n */ && text.charCodeAt(first) < 0x80) {
    return false;
  }
  const stripped = text.toLowerCase().replace(PLACEHOLDER_WORDS, ' ');
  return ONLY_FILLER.test(stripped);
}

const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/gu;

/** `text` with its HTML comments (an unclosed one runs to the end) replaced by spaces. */
export function stripHtmlComments(text: string): string {
  return text.includes('<!--') ? text.replace(HTML_COMMENT, ' ') : text;
}
