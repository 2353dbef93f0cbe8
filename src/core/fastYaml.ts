/**
 * A fast path for the front matter nearly every note has: one `key: value` per line, values plain or simply
 * quoted strings, and flow lists of such strings (`tags: [portal, q4]`). Loading and running the `yaml` package
 * costs more than the block scan of a whole note, so this reads those shapes directly and answers `null` for
 * anything else (comments, block lists, numbers, booleans, nulls, anchors, escapes, nested mappings…), which the
 * caller then hands to `yaml`. Where it answers, the result equals `yaml`'s (the differential test checks it).
 */
import { emptyList, mapList } from './lists';

/** Top-level fields with their values and the offsets of each value in the YAML text. */
export interface FastYaml {
  data: Record<string, string | string[]>;
  /**
   * Where each value sits as written (quotes and brackets included), as `[line, start, end]`: its 0-based line in
   * the YAML text and its `[start, end)` columns in that line (a value never spans lines here), so the caller
   * positions it without a line index.
   */
  at: Record<string, [number, number, number]>;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)/;
// A value `yaml` could read as something other than a string, or as a string it rewrites.
const NOT_PLAIN_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
const NUMBER_LIKE = /^[-+.]?[0-9]|^\.(?:inf|nan)$/i;
const SPECIAL_WORD = /^(?:~|null|true|false)$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A plain scalar `yaml` reads as exactly this string, or `null`. */
function plainString(v: string): string | null {
  if (v === '') return null;
  // Most values start with a letter other than those of the special words (`null`, `true`, `false`, `.inf`,
  // `.nan`): then only the checks below the regular expressions apply.
  const c = v.charCodeAt(0) | 0x20;
  if (!(c >= 0x61 && c <= 0x7a && c !== 0x6e && c !== 0x74 && c !== 0x66)) {
    if (NOT_PLAIN_START.test(v) || SPECIAL_WORD.test(v)) return null;
    if (NUMBER_LIKE.test(v) && !ISO_DATE.test(v)) return null;
  }
  if (v.includes(': ') || v.includes(' #') || v.endsWith(':') || v.includes('\t')) return null;
  return v;
}

function quotedString(v: string): string | null {
  const q = v[0];
  if ((q !== '"' && q !== "'") || v.length < 2 || v[v.length - 1] !== q) return null;
  const inner = v.slice(1, -1);
  if (inner.includes(q) || inner.includes('\\') || inner.includes('\t')) return null;
  return inner;
}

/**
 * Reads `yaml` front matter text when it has only the simple shapes described above; `null` otherwise (also for
 * an empty text, which the caller's usual path handles).
 */
export function readFastYaml(yaml: string): FastYaml | null {
  if (yaml === '') return null;
  // Collected in arrays and put into objects at the end: building a dictionary-mode object key by key and then
  // spreading it was, in some threads, a large share of a whole check once V8 gave up optimising it.
  const keys: string[] = [];
  const values: Array<string | string[]> = [];
  const columns: Array<[number, number, number]> = [];
  let start = 0;
  let lineNo = 0;
  const n = yaml.length;
  while (start < n) {
    let end = start;
    while (end < n && yaml.charCodeAt(end) !== 10 && yaml.charCodeAt(end) !== 13) end++;
    const line = yaml.slice(start, end);
    const m = KEY.exec(line);
    if (m === null) return null;
    const key = m[1];
    if (key === '__proto__' || keys.includes(key)) return null;
    const a = m[0].length;
    let b = line.length;
    while (b > a && line.charCodeAt(b - 1) === 32) b--;
    const raw = line.slice(a, b);
    if (raw === '') return null;
    let value: string | string[] | null;
    if (raw[0] === '[') {
      if (raw[raw.length - 1] !== ']') return null;
      const inner = raw.slice(1, -1);
      if (/[[\]{}"'#:]/.test(inner)) return null;
      const items = inner.trim() === '' ? emptyList<string | null>() : mapList(inner.split(','), (s) => plainString(s.trim()));
      if (items.some((s) => s === null)) return null;
      value = items as string[];
    } else {
      value = raw[0] === '"' || raw[0] === "'" ? quotedString(raw) : plainString(raw);
    }
    if (value === null) return null;
    keys.push(key);
    values.push(value);
    columns.push([lineNo++, a, b]);
    // Next line: `\r\n`, `\r` or `\n`.
    start = end < n && yaml.charCodeAt(end) === 13 && yaml.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  }
  const data: Record<string, string | string[]> = {};
  const at: Record<string, [number, number, number]> = {};
  for (let i = 0; i < keys.length; i++) {
    data[keys[i]] = values[i];
    at[keys[i]] = columns[i];
  }
  return { data, at };
}
