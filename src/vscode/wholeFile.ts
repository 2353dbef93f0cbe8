/**
 * Reads a local file (a `file:` URI's path) in one read from the thread pool, and opens the index cache in two
 * parts for a warm start ({@link openCacheFile}). No `vscode` import: the benchmark reads the index cache with it
 * too, as the extension does.
 *
 * Why not `vscode.workspace.fs.readFile` (or `fs.promises.readFile`, which it uses for local files): those read
 * in pieces of 512 KB, each a trip through libuv's thread pool. A warm start reads the index cache (5 MB for 1,000
 * notes) while it stats every note, 64 at a time, through the same pool, so each piece waited behind a batch of
 * stats: the cache arrived after 34-46 ms instead of the 4-9 ms it takes alone, and everything else waited for it.
 * Here the whole file is one request (open, size, read, close).
 *
 * A file of at most {@link SYNC_MAX_BYTES} is read on the calling thread instead, in one go: a 5 MB cache takes
 * 2-4 ms that way, less than the three trips through the pool, and it leaves the pool to the stats. A larger one
 * (about 3,000 notes and more) goes through the pool, so the host is never held for long.
 */
import * as nodeFs from 'node:fs';
import type { CacheFileParts } from '../core/indexCache';
import { readFdIntoSync, readWholeFdSync } from '../node/readWholeFd';

/** The largest file read on the calling thread. */
export const SYNC_MAX_BYTES = 16 * 2 ** 20;

/** The bytes of the file at `path`; rejects as `fs` does (`ENOENT` for a missing file). */
export async function readWholeFile(path: string): Promise<Uint8Array> {
  const fd = nodeFs.openSync(path, 'r');
  try {
    const { size } = nodeFs.fstatSync(fd);
    if (size <= SYNC_MAX_BYTES) return readWholeFdSync(fd, size);
  } finally {
    nodeFs.closeSync(fd);
  }
  const handle = await nodeFs.promises.open(path, 'r');
  try {
    const { size } = await handle.stat();
    // Not zero-filled: every byte is read over.
    const bytes: Uint8Array = Buffer.allocUnsafe(size);
    let length = 0;
    while (length < size) {
      const { bytesRead } = await handle.read(bytes, length, size - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    // A file cut short while it was read gives the bytes there were; the caller's format check refuses them.
    return length === size ? bytes : bytes.subarray(0, length);
  } finally {
    // Nothing waits for the close: the bytes are read.
    handle.close().catch(() => undefined);
  }
}

/**
 * The first part of a cache file read at once is an eighth of the file (its head and summaries are about a
 * fifteenth: 0.36 of 5.4 MB on 1,000 notes, 3.7 of 58 MB on 10,000), and at least this much (a cache of a few
 * notes has a larger share of head).
 */
const FIRST_PART_MIN = 8 * 1024;

/** A cache file opened by {@link openCacheFile}. */
export interface OpenedCacheFile extends CacheFileParts {
  /**
   * Reads the rest of the file in one request of the thread pool (once; later calls give the same promise) and
   * resolves with every byte of it (fewer if the file could no longer be read whole). The file is closed then.
   */
  readRest(): Promise<Uint8Array>;
  /** Closes the file without reading the rest (a cache refused); {@link read} then reads nothing. */
  close(): void;
}

/**
 * Opens the index cache at `path` for a warm start and reads its first part (the head and the summaries) on the
 * calling thread; the rest (the rows and findings, nine tenths of the file) is read by {@link OpenedCacheFile.readRest}
 * once the warm start has restored its notes, and until then a note that decodes its rows or findings reads just
 * their bytes. Rejects as `fs` does (`ENOENT` for a missing file).
 *
 * Why: the whole 5 MB cache of 1,000 notes took 4.5-6.5 ms to read on the host's thread, with the listing of the
 * notes waiting behind it; its first part takes about 1 ms. Read in the thread pool during the warm start instead,
 * the rest competed with the notes' stats for the machine's second core.
 */
export async function openCacheFile(path: string): Promise<OpenedCacheFile> {
  const fd = nodeFs.openSync(path, 'r');
  let keep = false;
  try {
    const size = nodeFs.fstatSync(fd).size;
    const first = Math.min(size, Math.max(FIRST_PART_MIN, Math.ceil(size / 8)));
    // Small enough to read whole now.
    if (first === size) return whole(readWholeFdSync(fd, size));
    if (first > SYNC_MAX_BYTES) {
      // So large that even its first part is better read in the pool (a cache of some 25,000 notes): whole, there.
      nodeFs.closeSync(fd);
      keep = true;
      return whole(await readWholeFile(path));
    }
    const opened = new PartlyRead(fd, size, first);
    keep = true;
    return opened;
  } finally {
    if (!keep) nodeFs.closeSync(fd);
  }
}

/** A cache file read whole. */
function whole(all: Uint8Array): OpenedCacheFile {
  return {
    start: all,
    size: all.length,
    complete: true,
    read: (from, to) => all.subarray(from, to),
    readRest: () => Promise.resolve(all),
    close: () => undefined,
  };
}

/** A cache file of which the first part is read; it stays open until the rest is read or it is closed. */
class PartlyRead implements OpenedCacheFile {
  readonly start: Uint8Array;
  readonly complete = false;
  /** Every byte of the file once the rest is read. */
  private all: Uint8Array | null = null;
  private rest: Promise<Uint8Array> | null = null;
  private open = true;
  /** The whole file's bytes as they are read: the first part at once, the rest by {@link readRest}. */
  private readonly buffer: Uint8Array;

  constructor(
    private readonly fd: number,
    readonly size: number,
    first: number,
  ) {
    // Not zero-filled: every byte is read over (the first part now, the rest by readRest).
    this.buffer = Buffer.allocUnsafe(size);
    this.start = this.buffer.subarray(0, readFdIntoSync(fd, this.buffer, 0, first, 0));
  }

  read(from: number, to: number): Uint8Array {
    if (this.all !== null) return this.all.subarray(from, to);
    if (to <= this.start.length) return this.start.subarray(from, to);
    if (!this.open) return new Uint8Array(0);
    // Before the rest is read: just these bytes, now.
    const bytes = Buffer.allocUnsafe(to - from);
    return bytes.subarray(0, readFdIntoSync(this.fd, bytes, 0, to - from, from));
  }

  readRest(): Promise<Uint8Array> {
    this.rest ??= new Promise((resolve) => {
      if (!this.open) return resolve(this.start);
      const readFrom = (at: number) =>
        nodeFs.read(this.fd, this.buffer, at, this.size - at, at, (error, bytesRead) => {
          if (!error && bytesRead > 0 && at + bytesRead < this.size) return readFrom(at + bytesRead);
          const end = error ? this.start.length : at + bytesRead;
          // Short (cut since, or unreadable): the notes read their own bytes, which then come up short as well.
          this.all = end === this.size ? this.buffer : null;
          this.close();
          resolve(this.buffer.subarray(0, end));
        });
      readFrom(this.start.length);
    });
    return this.rest;
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    nodeFs.close(this.fd, () => undefined);
  }
}
