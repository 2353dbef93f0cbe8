/**
 * Text helpers shared by the parsers and the edit engine: byte decoding, BOM and line-break handling, and a line
 * index that converts between UTF-16 offsets and 0-based {@link Position}s.
 */

import type { Position } from './model';

const BOM = '\uFEFF';

export type DecodeResult = { ok: true; text: string } | { ok: false; reason: string };

/** One decoder for every note: a call without `stream` starts afresh, so it can be shared. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes the bytes of a note as UTF-8. A file containing NUL bytes is treated as binary and refused, as is a file
 * that is not valid UTF-8; the reason is meant to be shown to the user. A leading BOM is kept in `text` (callers
 * that edit the file must write it back).
 */
export function decodeNoteBytes(bytes: Uint8Array): DecodeResult {
  // Checked before the NUL test: UTF-16 text is full of NUL bytes, and "binary" would send the user the wrong way.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, reason: 'the file is UTF-16; save it as UTF-8' };
  }
  // NUL never occurs in a Markdown note, while nearly every binary format has one early on.
  if (bytes.indexOf(0) !== -1) {
    return { ok: false, reason: 'the file looks binary (it contains NUL bytes)' };
  }
  try {
    // ignoreBOM keeps the BOM in the string so that stripBom reports it and edits can preserve it.
    const text = UTF8.decode(bytes);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: 'the file is not valid UTF-8' };
  }
}

/** Whether the UTF-16 code unit `c` is a character of JavaScript's `\s` (what `/\s/u` matches), without a regular expression. */
export function isJsWhitespace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * `s` with every whitespace run other than a single space replaced by one space: the same text as replacing every
 * `\s+` with a space, without rewriting (and copying) the single spaces between words, which are nearly all of
 * them. One pass over character codes that skips printable ASCII, rather than a regular expression's look-ahead
 * at every position. The scanner and remark's reader both use it, so they tell placeholders alike.
 */
export function collapseWhitespace(s: string): string {
  let out = '';
  let last = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c > 32 && c < 0xa0) || !isJsWhitespace(c)) continue;
    let j = i + 1;
    while (j < n && isJsWhitespace(s.charCodeAt(j))) j++;
    if (c !== 32 || j !== i + 1) {
      out += s.slice(last, i) + ' ';
      last = j;
    }
    i = j - 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/** Removes a leading U+FEFF and says whether there was one. */
export function stripBom(text: string): { text: string; bom: boolean } {
  return text.startsWith(BOM) ? { text: text.slice(1), bom: true } : { text, bom: false };
}

/** The first line break of `text` (`\n` when there is none), so that inserted text can match the file's style. */
export function detectEol(text: string): '\n' | '\r\n' | '\r' {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return '\n';
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
  }
  return '\n';
}

/** Offsets <-> positions for one text. Lines end at `\n`, `\r\n` or a lone `\r`, as in CommonMark and VS Code. */
export interface LineIndex {
  /** Number of lines (a text without line breaks has one). */
  readonly lineCount: number;
  /** Position of a UTF-16 offset; offsets outside the text are clamped. */
  positionAt(offset: number): Position;
  /** UTF-16 offset of a position; lines and characters outside the text are clamped (a character past the line end gives the line end). */
  offsetAt(position: Position): number;
  /** Text of line `n` without its line break (`''` for a line outside the text). */
  lineAt(line: number): string;
  /** Offset where line `n` starts. */
  lineStart(line: number): number;
  /** Offset where line `n`'s content ends (before its line break). */
  lineEnd(line: number): number;
}

/**
 * Builds a {@link LineIndex} over `text`. The text must not start with a BOM (strip it first: positions are defined
 * on BOM-less text). Building is linear; lookups are logarithmic.
 */
export function createLineIndex(text: string): LineIndex {
  // starts[i] is the offset of line i; ends[i] the offset where its content stops (before the break).
  const starts: number[] = [0];
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      ends.push(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  ends.push(text.length);
  const lineCount = starts.length;

  const clampLine = (line: number): number => Math.max(0, Math.min(lineCount - 1, Math.floor(line)));

  return {
    lineCount,
    positionAt(offset: number): Position {
      const o = Math.max(0, Math.min(text.length, Math.floor(offset)));
      let lo = 0;
      let hi = lineCount - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= o) lo = mid;
        else hi = mid - 1;
      }
      // An offset inside a CRLF pair belongs to the end of the line.
      return { line: lo, character: Math.min(o, ends[lo]) - starts[lo] };
    },
    offsetAt(position: Position): number {
      if (position.line < 0) return 0;
      if (position.line >= lineCount) return text.length;
      const line = clampLine(position.line);
      const ch = Math.max(0, Math.floor(position.character));
      return Math.min(starts[line] + ch, ends[line]);
    },
    lineAt(line: number): string {
      if (line < 0 || line >= lineCount) return '';
      return text.slice(starts[line], ends[line]);
    },
    lineStart(line: number): number {
      return starts[clampLine(line)];
    },
    lineEnd(line: number): number {
      return ends[clampLine(line)];
    },
  };
}

/**
 * How many containers (block quotes and list items) a line may open or continue before the parsers stop building
 * structure for it. Real notes nest a handful of levels; past this, CommonMark parsers slow down sharply (remark
 * takes minutes on a 1,000-deep list) or run out of stack.
 */
export const MAX_NESTING_DEPTH = 40;

/**
 * Replaces every line whose container prefix is deeper than {@link MAX_NESTING_DEPTH} (more than that many list
 * markers and `>` marks, counting two columns of leading indentation as one level) by a thematic break of the same
 * length (`***` and spaces; line breaks kept). Offsets and line numbers are unchanged, so positions computed on the
 * result are valid in `text`. Returns `text` itself when no line is that deep (the normal case).
 *
 * The estimate is an upper bound of the real nesting (every list item needs at least two columns of indentation
 * or a marker on each line it continues, every block quote a `>`), so no container deeper than the limit can open.
 * A thematic break at column 0 rather than a blank line, because it closes every open container (a blank line
 * keeps them open and costs the parser work per container on each following line) and has no words.
 */
export function limitNesting(text: string, maxDepth: number = MAX_NESTING_DEPTH): string {
  let out: string[] | null = null;
  let copied = 0;
  let lineStart = 0;
  const n = text.length;
  while (lineStart <= n) {
    let lineEnd = lineStart;
    while (lineEnd < n) {
      const c = text.charCodeAt(lineEnd);
      if (c === 10 || c === 13) break;
      lineEnd++;
    }
    if (containerDepthEstimate(text, lineStart, lineEnd) > maxDepth) {
      out ??= [];
      out.push(text.slice(copied, lineStart), neutralLine(lineEnd - lineStart));
      copied = lineEnd;
    }
    if (lineEnd >= n) break;
    lineStart = text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? lineEnd + 2 : lineEnd + 1;
  }
  if (out === null) return text;
  out.push(text.slice(copied));
  return out.join('');
}

/** Whether the line `[start, end)` of `text` is one {@link limitNesting} replaces. */
export function exceedsNesting(text: string, start: number, end: number, maxDepth: number = MAX_NESTING_DEPTH): boolean {
  return containerDepthEstimate(text, start, end) > maxDepth;
}

/** Whether offset `k` of a line ending at `end` is past it, a space or a tab. */
function isGap(text: string, k: number, end: number): boolean {
  return k >= end || text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9;
}

function containerDepthEstimate(text: string, start: number, end: number): number {
  let columns = 0;
  let markers = 0;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      columns++;
      i++;
    } else if (c === 9) {
      columns += 4 - (columns % 4);
      i++;
    } else if (c === 62 /* > */) {
      markers++;
      i++;
    } else if ((c === 45 /* - */ || c === 42 /* * */ || c === 43) /* + */ && isGap(text, i + 1, end)) {
      markers++;
      i++;
    } else if (c >= 48 && c <= 57) {
      let j = i;
      while (j < end && j - i < 10 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const d = text.charCodeAt(j);
      if ((d === 46 /* . */ || d === 41) /* ) */ && isGap(text, j + 1, end)) {
        markers++;
        i = j + 1;
      } else {
        break;
      }
    } else {
      break;
    }
  }
  return Math.floor(columns / 2) + markers;
}

function neutralLine(length: number): string {
  return length >= 3 ? '***' + ' '.repeat(length - 3) : ' '.repeat(length);
}

/**
 * The first `max` UTF-16 units of `text`, or one fewer when the last of them would be the first half of a surrogate
 * pair: a prefix that ends on a whole character, for text cut short.
 */
export function wholeCharacterPrefix(text: string, max: number): string {
  const c = text.charCodeAt(max - 1);
  return text.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}

/** UTF-8 byte length of a string without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
