/**
 * The words of a run of inline Markdown, as remark's text nodes would give them: emphasis, strikethrough and link
 * markup dropped, code spans kept as their content, escapes and the common character references decoded. It
 * exists so the block scanner can tell a block of placeholders (`ParsedSection.hasContent`) without building an
 * inline tree.
 *
 * It implements the CommonMark delimiter and bracket algorithms for the constructs notes use (`*`, `_`, `~`,
 * backticks, inline links and images) and answers `null` for anything whose outcome it cannot be sure matches
 * micromark's: raw HTML and autolinks, footnote references, unknown named references, delimiter runs next to
 * non-ASCII characters (Unicode punctuation classes), several `~` runs, and GFM autolink literals mixed with
 * markup. The caller then hands the note to remark.
 */

const ASCII_PUNCT = new Uint8Array(128);
for (const ch of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~') ASCII_PUNCT[ch.charCodeAt(0)] = 1;

// Characters that may start inline markup; text without any of them is its own plain text.
const SPECIAL = new Uint8Array(128);
for (const ch of '\\&*_~`[]!<') SPECIAL[ch.charCodeAt(0)] = 1;

/** Named character references decoded here; any other name makes the run uncertain. */
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  larr: '\u2190',
  rarr: '\u2192',
  times: '\u00d7',
  euro: '\u20ac',
  pound: '\u00a3',
  deg: '\u00b0',
};

/** A run of `*`, `_` or `~` in the delimiter list (doubly linked, as in the CommonMark reference algorithm). */
interface Delim {
  ch: number;
  /** Characters of the run still unmatched (they stay literal). */
  count: number;
  orig: number;
  canOpen: boolean;
  canClose: boolean;
  prev: Delim | null;
  next: Delim | null;
  /** Index of the run's output slot. */
  slot: number;
}

/** The delimiter list's ends. */
interface DelimList {
  head: Delim | null;
  tail: Delim | null;
}

interface Bracket {
  slot: number;
  image: boolean;
  /** Last delimiter before the bracket: emphasis inside a link is processed above it. */
  delimBelow: Delim | null;
}

/** 1 whitespace (or edge of text), 2 ASCII punctuation, 0 other; -1 non-ASCII (uncertain class). */
function classify(code: number): number {
  if (Number.isNaN(code) || code === 32 || code === 9 || code === 10 || code === 13) return 1;
  if (code >= 128) return -1;
  return ASCII_PUNCT[code] === 1 ? 2 : 0;
}

/**
 * Plain text of inline Markdown `s` (line breaks inside are fine), or `null` when the result is uncertain.
 * Whitespace is not normalised: callers collapse it. Linear in the length of `s` (the delimiter and bracket
 * searches are bounded as in the CommonMark reference implementation).
 */
export function inlinePlainText(s: string): string | null {
  let special = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && SPECIAL[c] === 1) {
      special = true;
      break;
    }
  }
  if (!special) return s;
  // GFM autolink literals keep their text, but decide where emphasis and brackets may act inside them.
  if (autolinkLiteralUncertain(s)) return null;
  if (s.includes('[^')) return null;

  // Output slots: literal text, or the placeholder of a delimiter run / bracket filled in at the end.
  const out: string[] = [];
  const delimAt: Array<Delim | null> = [];
  const list: DelimList = { head: null, tail: null };
  const brackets: Bracket[] = [];
  // Link brackets below this index of the stack are inactive (a link may not contain a link).
  let activeFrom = 0;
  let tildeRuns = 0;
  const n = s.length;
  let i = 0;
  let textStart = 0;
  const flush = (upTo: number): void => {
    if (upTo > textStart) {
      out.push(s.slice(textStart, upTo));
      delimAt.push(null);
    }
  };
  const literal = (t: string): void => {
    out.push(t);
    delimAt.push(null);
  };
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 128 || SPECIAL[c] !== 1) {
      i++;
      continue;
    }
    flush(i);
    if (c === 92 /* \ */) {
      const d = s.charCodeAt(i + 1);
      if (d === 10) {
        // A hard line break.
        literal(' ');
        i += 2;
      } else if (d < 128 && ASCII_PUNCT[d] === 1) {
        literal(s[i + 1]);
        i += 2;
      } else {
        literal('\\');
        i++;
      }
    } else if (c === 38 /* & */) {
      const m = /^&(?:#[xX]([0-9a-fA-F]{1,6});|#([0-9]{1,7});|([A-Za-z][A-Za-z0-9]{0,31});)/.exec(s.slice(i, i + 40));
      if (!m) {
        literal('&');
        i++;
      } else {
        if (m[3] !== undefined) {
          const v = NAMED[m[3]];
          if (v === undefined) return null;
          literal(v);
        } else {
          literal(numericReference(parseInt(m[1] ?? m[2], m[1] !== undefined ? 16 : 10)));
        }
        i += m[0].length;
      }
    } else if (c === 60 /* < */) {
      const d = s.charCodeAt(i + 1);
      if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d === 47 || d === 33 || d === 63) return null;
      literal('<');
      i++;
    } else if (c === 96 /* ` */) {
      let j = i;
      while (j < n && s.charCodeAt(j) === 96) j++;
      const len = j - i;
      const close = findBacktickRun(s, j, len);
      if (close < 0) {
        literal(s.slice(i, j));
        i = j;
      } else {
        literal(s.slice(j, close));
        i = close + len;
      }
    } else if (c === 42 || c === 95 || c === 126) {
      let j = i;
      while (j < n && s.charCodeAt(j) === c) j++;
      const before = classify(i > 0 ? s.charCodeAt(i - 1) : NaN);
      const after = classify(j < n ? s.charCodeAt(j) : NaN);
      if (before < 0 || after < 0) return null;
      const len = j - i;
      const left = after !== 1 && (after !== 2 || before !== 0);
      const right = before !== 1 && (before !== 2 || after !== 0);
      let canOpen: boolean;
      let canClose: boolean;
      if (c === 126) {
        // One `~` run can never pair: it stays literal. Several would need GFM strikethrough rules.
        if (++tildeRuns > 1) return null;
        canOpen = canClose = false;
      } else if (c === 95) {
        canOpen = left && (!right || before === 2);
        canClose = right && (!left || after === 2);
      } else {
        canOpen = left;
        canClose = right;
      }
      const d: Delim = { ch: c, count: len, orig: len, canOpen, canClose, prev: list.tail, next: null, slot: out.length };
      if (list.tail !== null) list.tail.next = d;
      else list.head = d;
      list.tail = d;
      out.push('');
      delimAt.push(d);
      i = j;
    } else if (c === 33 /* ! */) {
      if (s.charCodeAt(i + 1) === 91) {
        brackets.push({ slot: out.length, image: true, delimBelow: list.tail });
        literal('![');
        i += 2;
      } else {
        literal('!');
        i++;
      }
    } else if (c === 91 /* [ */) {
      brackets.push({ slot: out.length, image: false, delimBelow: list.tail });
      literal('[');
      i++;
    } else {
      // `]`
      const opener = brackets.pop();
      const active = opener !== undefined && (opener.image || brackets.length >= activeFrom);
      if (brackets.length < activeFrom) activeFrom = brackets.length;
      if (opener === undefined || !active) {
        literal(']');
        i++;
      } else {
        const end = s.charCodeAt(i + 1) === 40 ? inlineResourceEnd(s, i + 2) : -2;
        if (end === -1) return null;
        if (end < 0) {
          // Not an inline link. Without link reference definitions in the note (the scanner bails on those), a
          // reference-style label stays literal text.
          literal(']');
          i++;
        } else {
          processEmphasis(opener.delimBelow, list);
          out[opener.slot] = '';
          if (!opener.image) activeFrom = brackets.length;
          i = end;
        }
      }
    }
    textStart = i;
  }
  flush(n);
  processEmphasis(null, list);
  for (let k = 0; k < out.length; k++) {
    const d = delimAt[k];
    if (d !== null) out[k] = d.count > 0 ? String.fromCharCode(d.ch).repeat(d.count) : '';
  }
  return out.join('');
}

const URL_LITERAL = /(?:https?:\/\/|www\.|mailto:|xmpp:)[^\s<]*/gi;
const EMAIL_LITERAL = /[A-Za-z0-9._+-]*@[A-Za-z0-9._-]*/g;

/**
 * Whether a GFM autolink literal (URL, `www.` or e-mail) could swallow markup characters: its text is the same
 * either way, but which emphasis and brackets act around it would need micromark's exact URL rules.
 */
function autolinkLiteralUncertain(s: string): boolean {
  return (
    ((s.includes('://') || /www\.|mailto:|xmpp:/i.test(s)) && literalHasMarkup(s, URL_LITERAL)) ||
    (s.includes('@') && literalHasMarkup(s, EMAIL_LITERAL))
  );
}

function literalHasMarkup(s: string, re: RegExp): boolean {
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const t = m[0];
    if (t === '') {
      re.lastIndex++;
      continue;
    }
    if (/[*~[\]&\\`]/.test(t)) return true;
    // An underscore between two letters or digits can neither open nor close emphasis.
    if (/(?:^|[^A-Za-z0-9])_|_(?:[^A-Za-z0-9]|$)/.test(t)) return true;
  }
  return false;
}

function numericReference(code: number): string {
  if (
    code < 9 ||
    code === 11 ||
    (code > 13 && code < 32) ||
    (code > 126 && code < 160) ||
    (code > 55295 && code < 57344) ||
    (code > 64975 && code < 65008) ||
    (code & 65535) === 65535 ||
    (code & 65535) === 65534 ||
    code > 1114111
  ) {
    return '\uFFFD';
  }
  return String.fromCodePoint(code);
}

/** Start of the next run of exactly `len` backticks at or after `from`, or -1. */
function findBacktickRun(s: string, from: number, len: number): number {
  let i = from;
  while (i < s.length) {
    const at = s.indexOf('`', i);
    if (at < 0) return -1;
    let j = at;
    while (j < s.length && s.charCodeAt(j) === 96) j++;
    if (j - at === len) return at;
    i = j;
  }
  return -1;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * After `](` at `from`: the offset just past the closing `)` of a valid inline resource, -2 when there is none,
 * -1 when it is uncertain.
 */
function inlineResourceEnd(s: string, from: number): number {
  const n = s.length;
  let i = from;
  const skipWs = (): number => {
    let lines = 0;
    while (i < n && isSpace(s.charCodeAt(i))) {
      if (s.charCodeAt(i) === 10) lines++;
      i++;
    }
    return lines;
  };
  if (skipWs() > 1) return -1;
  if (s.charCodeAt(i) === 41) return i + 1;
  // Destination.
  if (s.charCodeAt(i) === 60 /* < */) {
    i++;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 92 && i + 1 < n) {
        i += 2;
        continue;
      }
      if (c === 10 || c === 13 || c === 60) return -2;
      if (c === 62) break;
      i++;
    }
    if (i >= n) return -2;
    i++;
  } else {
    let depth = 0;
    const start = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 92 && i + 1 < n && ASCII_PUNCT[s.charCodeAt(i + 1)] === 1) {
        i += 2;
        continue;
      }
      if (c < 32 || c === 32 || c === 127) break;
      if (c === 40) {
        depth++;
        if (depth > 32) return -1;
      } else if (c === 41) {
        if (depth === 0) break;
        depth--;
      }
      i++;
    }
    if (depth !== 0) return -2;
    if (i === start) return -2;
  }
  const beforeTitle = i;
  if (skipWs() > 1) return -1;
  if (s.charCodeAt(i) === 41) return i + 1;
  if (i === beforeTitle) return -2;
  const q = s.charCodeAt(i);
  if (q !== 34 && q !== 39 && q !== 40) return -2;
  const closeQ = q === 40 ? 41 : q;
  i++;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 92 && i + 1 < n) {
      i += 2;
      continue;
    }
    if (c === closeQ) break;
    if (q === 40 && c === 40) return -2;
    i++;
  }
  if (i >= n) return -2;
  i++;
  if (skipWs() > 1) return -1;
  return s.charCodeAt(i) === 41 ? i + 1 : -2;
}

/**
 * The CommonMark "process emphasis" procedure over the delimiters above `bottom` (exclusive; `null` for all) up to
 * `top`. Matched characters are taken off the runs' counts; the processed delimiters leave the list. Returns the
 * new top of the list (`bottom`).
 */
function processEmphasis(bottom: Delim | null, list: DelimList): void {
  // Lowest opener worth searching for each (marker, closer length mod 3, closer can open): the reference
  // implementation's bound that keeps this linear.
  const openersBottom = new Map<number, Delim | null>();
  let closer: Delim | null = bottom === null ? list.head : bottom.next;
  while (closer !== null) {
    if (!closer.canClose || closer.ch === 126) {
      closer = closer.next;
      continue;
    }
    const key = closer.ch * 8 + (closer.orig % 3) * 2 + (closer.canOpen ? 1 : 0);
    const floor = openersBottom.has(key) ? openersBottom.get(key)! : bottom;
    let opener: Delim | null = closer.prev;
    let found = false;
    while (opener !== null && opener !== bottom && opener !== floor) {
      if (opener.ch === closer.ch && opener.canOpen) {
        const odd =
          (opener.canClose || closer.canOpen) &&
          (opener.orig + closer.orig) % 3 === 0 &&
          !(opener.orig % 3 === 0 && closer.orig % 3 === 0);
        if (!odd) {
          found = true;
          break;
        }
      }
      opener = opener.prev;
    }
    const oldCloser: Delim = closer;
    if (found && opener !== null) {
      const use = opener.count >= 2 && closer.count >= 2 ? 2 : 1;
      opener.count -= use;
      closer.count -= use;
      // Delimiters between the pair leave the list (they stay literal).
      opener.next = closer;
      closer.prev = opener;
      if (opener.count === 0) unlink(opener, list);
      if (closer.count === 0) {
        const next: Delim | null = closer.next;
        unlink(closer, list);
        closer = next;
      }
    } else {
      openersBottom.set(key, oldCloser.prev);
      const next: Delim | null = closer.next;
      if (!oldCloser.canOpen) unlink(oldCloser, list);
      closer = next;
    }
  }
  // Everything above bottom is done: it stays literal with whatever count is left.
  if (bottom !== null) {
    bottom.next = null;
    list.tail = bottom;
  } else {
    list.head = list.tail = null;
  }
}

function unlink(d: Delim, list: DelimList): void {
  if (d.prev !== null) d.prev.next = d.next;
  else list.head = d.next;
  if (d.next !== null) d.next.prev = d.prev;
  else list.tail = d.prev;
}
