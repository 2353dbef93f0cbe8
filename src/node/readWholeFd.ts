/**
 * Reading a whole open file, or a part of it, synchronously, shared by the CLI (src/cli/headKey.ts) and the extension host's read of
 * the index cache (src/vscode/wholeFile.ts). Node only, no `vscode`.
 */
import * as nodeFs from 'node:fs';

/**
 * The content of the open file `fd`, whose size is `size`, in as few reads as the system gives. A file cut short
 * while it is read gives the bytes there were.
 */
export function readWholeFdSync(fd: number, size: number): Uint8Array {
  // Not zero-filled: every byte is read over.
  const bytes: Uint8Array = Buffer.allocUnsafe(size);
  const length = readFdIntoSync(fd, bytes, 0, size, 0);
  return length === size ? bytes : bytes.subarray(0, length);
}

/**
 * Reads `length` bytes of the open file `fd` from `position` into `bytes` at `offset`, in as few reads as the
 * system gives; returns how many it read (fewer at the end of the file).
 */
export function readFdIntoSync(fd: number, bytes: Uint8Array, offset: number, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = nodeFs.readSync(fd, bytes, offset + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}
