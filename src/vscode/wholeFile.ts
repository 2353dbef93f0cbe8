/**
 * Reads a local file (a `file:` URI's path) in one read from the thread pool. No `vscode` import: the benchmark
 * reads the index cache with it too, as the extension does.
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
import { readWholeFdSync } from '../node/readWholeFd';

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
