/**
 * Copies of strings that share no memory with the text they were cut from. V8 keeps a slice of a large string
 * (13 characters or more) as a pointer into it, so a short value kept from a note (a risk title, a message naming
 * it) would otherwise keep the whole file's text alive for as long as the value lives.
 */

/** Below this length V8 copies a slice anyway. */
const SLICE_MIN_LENGTH = 13;

/**
 * A copy of `s` that shares no memory with the string it was cut from: flattening a fresh concatenation makes a
 * new string instead of a pointer into the old one.
 */
export function copyString(s: string): string;
export function copyString(s: string | null): string | null;
export function copyString(s: string | null): string | null {
  if (s === null || s.length < SLICE_MIN_LENGTH) return s;
  return (' ' + s).slice(1);
}

/**
 * `compute` remembered by its string argument, for values a workspace repeats thousands of times (headings, field
 * keys, dates). Bounded: it starts afresh after `max` entries. Keys and string values are kept as copies
 * ({@link copyString}), so a remembered value never keeps the text of the note it was read from alive. Arguments
 * longer than `maxKeyLength` are computed every time and not kept.
 */
export function memoByString<T>(compute: (s: string) => T, max = 4096, maxKeyLength = Infinity): (s: string) => T {
  const memo = new Map<string, T>();
  return (s: string): T => {
    if (memo.has(s)) return memo.get(s) as T;
    const value = compute(s);
    if (s.length <= maxKeyLength) {
      if (memo.size >= max) memo.clear();
      memo.set(copyString(s), (typeof value === 'string' ? copyString(value) : value) as T);
    }
    return value;
  };
}

/**
 * A deep copy of plain data (objects, arrays, strings, numbers, booleans, `null`) with every string copied by
 * {@link copyString}. Objects shared inside `value` stay shared in the copy; anything that is not plain data
 * (a `Map`, a class instance) is kept as it is.
 */
export function detachStrings<T>(value: T): T {
  const seen = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (typeof v === 'string') return copyString(v);
    if (v === null || typeof v !== 'object') return v;
    const known = seen.get(v);
    if (known !== undefined) return known;
    if (Array.isArray(v)) {
      const out: unknown[] = new Array(v.length);
      seen.set(v, out);
      for (let i = 0; i < v.length; i++) out[i] = copy(v[i]);
      return out;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    seen.set(v, out);
    for (const key of Object.keys(v)) out[key] = copy((v as Record<string, unknown>)[key]);
    return out;
  };
  return copy(value) as T;
}
