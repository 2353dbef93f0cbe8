/**
 * Writing a report to standard output in pieces (`discovery-lint`): the report of a large workspace is tens of
 * megabytes, made one file at a time.
 *
 * Pieces hold at least {@link WRITE_PIECE_CHARS} characters: fewer writes than one per file. They are not joined
 * into larger strings: a string over 128 KB (64 K two-byte characters) is a large object to V8, given pages of its
 * own that are new to the process, and writing it flattens it into another. Joining a megabyte at a time, those
 * pages were 8 % of the CLI's page faults on 1,000 notes (`perf record -e page-faults`), at about 3 microseconds a
 * fault on this project's 2-core VMs. Writing 32 K pieces, a run has 2,000-5,000 fewer faults (of about 35,000) and
 * a peak 2-6 MB lower; its time did not move beyond the machine's noise.
 *
 * Every megabyte the writer waits until what it wrote has been taken (`ready`): a pipe read more slowly than the
 * report is made would otherwise queue the whole report in memory (measured: 527 MB peak on 10,000 notes into a
 * pipe, 245 MB into a file).
 */

/** The least one write holds, in characters, but for the last. */
export const WRITE_PIECE_CHARS = 32 * 1024;

/** How many characters are written between two waits for `ready`. */
export const WRITE_CONFIRM_CHARS = 1 << 20;

/** Writes `chunks` with `write` in pieces (see the module's comment), waiting for `ready` every megabyte. */
export async function writeInPieces(chunks: Iterable<string>, write: (text: string) => void, ready?: () => Promise<void>): Promise<void> {
  let pending = '';
  let unconfirmed = 0;
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length < WRITE_PIECE_CHARS) continue;
    write(pending);
    unconfirmed += pending.length;
    pending = '';
    if (unconfirmed >= WRITE_CONFIRM_CHARS) {
      unconfirmed = 0;
      await ready?.();
    }
  }
  write(pending);
}
