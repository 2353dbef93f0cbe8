/**
 * How the extension's long work (the first scan, the warm start, writing the index cache) shares the extension
 * host: it runs in slices of at most {@link SLICE_MS} of synchronous work (one note more may overrun it), and
 * yields between them with {@link yieldToHost}.
 *
 * Why 8 ms: the longest block a user may feel is a slice plus a garbage collection that falls in it. With slices of
 * 15 ms the benchmark's longest slices were 18-31 ms on a quiet machine (1,000 notes, three builds each, twice);
 * with 8 ms they were 14-15 ms once the code was warm, 22-23 ms in a process's first build, for the same build time
 * (docs/performance.md).
 */
export const SLICE_MS = 8;

interface Waiter {
  resolve: () => void;
  /** When the caller yielded (`performance.now()`). */
  since: number;
  /** Whether it was already held back a turn (see {@link nextTurn}). */
  heldBack: boolean;
}

/** Callers waiting for their next slice, first come first served (see {@link yieldToHost}). */
const waiting: Waiter[] = [];
let turnQueued = false;

function queueTurn(): void {
  if (turnQueued) return;
  turnQueued = true;
  // Queued from inside an immediate callback, this one runs in the event loop's next iteration, after its timers
  // and I/O: never in the same one.
  setImmediate(nextTurn);
}

function nextTurn(): void {
  turnQueued = false;
  const next = waiting[0];
  if (next === undefined) return;
  if (!next.heldBack && performance.now() - next.since > SLICE_MS) {
    // Something else held the thread since this caller yielded (an I/O callback, a collection of the heap that an
    // I/O callback set off): a turn of its own first, so the host's timers run between that and the next slice.
    next.heldBack = true;
    queueTurn();
    return;
  }
  waiting.shift();
  if (waiting.length > 0) queueTurn();
  next.resolve();
}

/**
 * Yields to the extension host until a later turn of the event loop (timers, I/O, then this). Every caller shares
 * one queue, and each turn runs one slice: the first scan's slices, a parse worker's answers applied in slices of
 * their own, the Problems panel's and the cache's slices take turns, with the host's timers and I/O between any
 * two. Each calling `setImmediate` itself, two of them ran in the same turn, one right after the other (a slice of
 * the scan, then a worker's note decoded); and after an I/O callback, an immediate runs in the same turn as the
 * callback, so a collection of the heap set off there and the next slice were one block. Together, 30-50 ms in the
 * benchmark's index task (docs/performance.md), where slices are 8 ms.
 */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push({ resolve, since: performance.now(), heldBack: false });
    queueTurn();
  });
}
