/**
 * Keeps the CLI's heap close to what it holds while it checks engagement after engagement on one thread.
 *
 * Each engagement's notes live for a moment, long enough to be promoted to the old generation, and are garbage
 * once its diagnostics are packed. V8 usually collects that garbage at 100-180 MB, but now and then it lets the
 * old generation grow to several times the live data first: on 10,000 notes, in about one run in four, the heap
 * reached 470 MB of which 29 MB was alive, and the process peaked at 510-543 MB instead of 232-268 MB. So between
 * two engagements, once the heap in use passes a limit, a full collection is asked for (about 25 ms when little
 * is alive; in most runs it never happens).
 *
 * The collector is reached as jest-leak-detector does it: `--expose-gc` set at run time, then `gc` taken from a
 * new context. Where that is not possible the guard does nothing.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Heap in use above which the CLI asks for a full collection between two engagements. */
export const HEAP_GUARD_BYTES = 128 * 2 ** 20;

/** A function to call between engagements; it collects when the heap in use is over `limitBytes`. */
export function heapGuard(limitBytes = HEAP_GUARD_BYTES): () => void {
  let collect: (() => void) | null = null;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    if (typeof gc === 'function') collect = gc as () => void;
  } catch {
    collect = null;
  }
  if (collect === null) return () => {};
  const run = collect;
  return () => {
    if (v8.getHeapStatistics().used_heap_size > limitBytes) run();
  };
}
