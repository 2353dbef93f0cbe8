/**
 * The `key:` that starts a field (`likelihood: 4`, `**Owner:** Dana`), read at a given offset of a line, and the
 * field it names.
 *
 * The definition is a regular expression ({@link KEY_VALUE}) and the key tables below, looked up by the key's
 * normalised spelling ({@link normalizeKey}). {@link keyAt} answers exactly as they do, reading ASCII text by hand
 * (and comparing an ASCII key with the tables in place) and handing any line with another character in the key to
 * the expression. The analysis asks this at every offset of an item's first line from which a key could start, on
 * every item of every note: the sticky Unicode expression with its lazy quantifier, then the memo of normalised
 * keys, were the largest items of the analysis (about 6 % of checking 1,000 notes).
 */
import { memoByString } from './detach';
import type { RiskFieldName } from './model';

/** Field names of risks, commitments and questions. */
export type FieldName = RiskFieldName | 'asked';

/**
 * Keys of `key: value` fields (lower case). "Strong" keys are recognised anywhere after a space; the
 * everyday words among the aliases (`by`, `who`, `plan`, …) only right after a field separator or at the
 * start of a nested item, so a title like "Vendor plan: unclear" stays a title.
 */
export const STRONG_KEYS: Readonly<Record<string, FieldName>> = Object.freeze({
  likelihood: 'likelihood',
  probability: 'likelihood',
  prob: 'likelihood',
  impact: 'impact',
  consequence: 'impact',
  owner: 'owner',
  'risk owner': 'owner',
  assignee: 'owner',
  status: 'status',
  due: 'due',
  'due date': 'due',
  deadline: 'due',
  mitigation: 'mitigation',
  mitigations: 'mitigation',
  'mitigation plan': 'mitigation',
  asked: 'asked',
  'asked on': 'asked',
});
export const WEAK_KEYS: Readonly<Record<string, FieldName>> = Object.freeze({
  id: 'id',
  who: 'owner',
  by: 'due',
  state: 'status',
  plan: 'mitigation',
  response: 'mitigation',
  raised: 'asked',
});

/** Normalised keys, once per spelling: a workspace writes the same few (`likelihood`, `Owner`, `**Due**`) thousands of times. */
export const normalizeKey = memoByString((text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim());

/**
 * `key: value` at a position (sticky), allowing `**key**:` / `**key:**`. The key is a letter then up to 24 letters
 * or spaces, the shortest that a `:` follows.
 */
export const KEY_VALUE = /(?:\*\*|__)?(\p{L}[\p{L} ]{0,24}?)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*/uy;

/**
 * A key read at an offset: where its text (group 1 of {@link KEY_VALUE}) starts and ends, where the whole match
 * ends, and whether the key was read by hand (then it holds only ASCII letters and spaces).
 */
export interface KeyMatch {
  keyStart: number;
  keyEnd: number;
  end: number;
  ascii: boolean;
}

function viaExpression(text: string, index: number): KeyMatch | null {
  KEY_VALUE.lastIndex = index;
  const m = KEY_VALUE.exec(text);
  if (m === null) return null;
  // With the `u` flag, an offset inside a surrogate pair matches from the pair's start (`m.index`); the end stays
  // counted from `index`, as the analysis always counted it.
  const keyStart = m.index + (strongMark(text, m.index) ? 2 : 0);
  return { keyStart, keyEnd: keyStart + m[1].length, end: index + m[0].length, ascii: false };
}

/** Per UTF-16 unit outside ASCII: 0 not asked yet, 1 a letter (`\p{L}`), 2 not. */
const nonAsciiLetter = new Uint8Array(0x10000);

/**
 * Whether the UTF-16 unit `c` can be part of the text from a key's start to its `:`: a letter (`\p{L}`), a space,
 * a tab, `*` or `_`. Half of a surrogate pair counts, as the pair may be a letter. Outside ASCII, each unit is asked
 * of the expression once.
 */
export function isKeyChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 32 || c === 9 || c === 42 || c === 95;
  if (c >= 0xd800 && c <= 0xdfff) return true;
  let known = nonAsciiLetter[c];
  if (known === 0) nonAsciiLetter[c] = known = /^\p{L}$/u.test(String.fromCharCode(c)) ? 1 : 2;
  return known === 1;
}

/** Whether `**` or `__` starts at `i`. */
function strongMark(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c === 42 || c === 95) && text.charCodeAt(i + 1) === c;
}

function isAsciiLetter(c: number): boolean {
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x7a;
}

/**
 * What `KEY_VALUE` matches at `index` of `text`, or `null`. Each optional `**`/`__` is taken when present (the
 * expression cannot match without it there, as neither mark is a letter, space or colon), and the key grows one
 * character at a time until a colon follows it, as the lazy quantifier does. A character outside ASCII in the key
 * (a letter of another script, or not) sends the offset to the expression itself.
 */
export function matchKeyValue(text: string, index: number): KeyMatch | null {
  let i = index;
  if (strongMark(text, i)) i += 2;
  const keyStart = i;
  let c = text.charCodeAt(i);
  if (c >= 128) return viaExpression(text, index);
  if (!isAsciiLetter(c)) return null;
  i++;
  for (let length = 1; ; length++) {
    // Does the rest of the pattern match right after a key of `length` characters?
    let j = i;
    if (strongMark(text, j)) j += 2;
    while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
    if (text.charCodeAt(j) === 58 /* : */) {
      j++;
      if (strongMark(text, j)) j += 2;
      while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
      return { keyStart, keyEnd: i, end: j, ascii: true };
    }
    if (length === 25) return null;
    c = text.charCodeAt(i);
    if (c >= 128) return viaExpression(text, index);
    if (!(isAsciiLetter(c) || c === 32)) return null;
    i++;
  }
}

/** The field whose key starts at `index` of `text`, and where its value starts. */
export function keyAt(text: string, index: number, allowWeak: boolean): { name: FieldName; valueStart: number } | null {
  // Every key ends with `:` (most nested items are no field: `- Dana Whitfield (CIO)`).
  if (text.indexOf(':', index) < 0) return null;
  const m = matchKeyValue(text, index);
  if (!m) return null;
  const name = m.ascii ? asciiKeyName(text, m.keyStart, m.keyEnd, allowWeak) : keyName(text.slice(m.keyStart, m.keyEnd), allowWeak);
  return name ? { name, valueStart: m.end } : null;
}

/** The field a key names, by its normalised spelling. */
function keyName(written: string, allowWeak: boolean): FieldName | null {
  const key = normalizeKey(written);
  return Object.hasOwn(STRONG_KEYS, key) ? STRONG_KEYS[key] : allowWeak && Object.hasOwn(WEAK_KEYS, key) ? WEAK_KEYS[key] : null;
}

/** Every key by its length, strong keys first: `[key, field, strong]`. */
const KEYS_BY_LENGTH: Array<Array<[string, FieldName, boolean]>> = [];
for (const [table, strong] of [[STRONG_KEYS, true], [WEAK_KEYS, false]] as const) {
  for (const [key, name] of Object.entries(table)) (KEYS_BY_LENGTH[key.length] ??= []).push([key, name, strong]);
}

/**
 * {@link keyName} of `text.slice(start, end)`, a key of ASCII letters and spaces, compared in place with the keys
 * of its length: no string is made or hashed for the field keys of every item of a workspace. A key with doubled or
 * trailing spaces (which normalising shortens) takes the usual way.
 */
function asciiKeyName(text: string, start: number, end: number, allowWeak: boolean): FieldName | null {
  const candidates = KEYS_BY_LENGTH[end - start];
  if (candidates !== undefined) {
    for (let i = 0; i < candidates.length; i++) {
      // By index, not destructured: see "Loops by index" in docs/performance.md.
      const candidate = candidates[i];
      const key = candidate[0];
      if (!candidate[2] && !allowWeak) continue;
      let k = 0;
      for (; k < key.length; k++) {
        const c = text.charCodeAt(start + k);
        const want = key.charCodeAt(k);
        // `want` is a lower-case letter or a space; `c` an ASCII letter or a space.
        if (c !== want && (c | 0x20) !== want) break;
      }
      if (k === key.length) return candidate[1];
    }
  }
  const last = text.charCodeAt(end - 1);
  return last === 32 || text.slice(start, end).includes('  ') ? keyName(text.slice(start, end), allowWeak) : null;
}
