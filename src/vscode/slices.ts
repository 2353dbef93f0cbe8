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

/**
 * Lets the event loop take a full turn (timers, I/O, then this) before the next slice: `setImmediate` after an I/O
 * callback would run at once, so callers yield once more after awaiting I/O (see the indexer's readMany).
 */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
