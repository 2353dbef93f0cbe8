/**
 * Arrays with one elements kind. V8 gives an array a hidden class per kind of its elements: an `[]` literal, or the
 * result of `map` on an empty array, is an array of small integers until its first push, while a list of strings
 * or objects is another class. Code optimised on one class throws itself away at the first array of the other
 * ("wrong map" in `--trace-deopt`), and is compiled again: on 1,000 notes the analysis at a note without sections,
 * the front matter's empty flow lists and the report at a note without findings did so, about 250 ms of the
 * compiler threads' time (docs/performance.md, "Where the time still goes", item 11). Lists of strings or objects
 * that may stay empty and are read by hot code are made here.
 */

/** Any array of strings: a slice of it keeps its elements kind, that of a list of strings or objects. */
const OF_OBJECTS: readonly unknown[] = [''];

/** A new empty array of the elements kind of a list of strings or objects, which pushes keep. */
export function emptyList<T>(): T[] {
  return OF_OBJECTS.slice(0, 0) as T[];
}

/** `items.map(fn)`, always of the elements kind of a list of strings or objects, empty or not. */
export function mapList<T, U>(items: readonly T[], fn: (item: T) => U): U[] {
  const out = emptyList<U>();
  for (let i = 0; i < items.length; i++) out.push(fn(items[i]));
  return out;
}
