/**
 * Reading a whole open file synchronously, shared by the CLI (src/cli/headKey.ts) and the extension host's read of
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
  let length = 0;
  while (length < size) {
    const bytesRead = nodeFs.readSync(fd, bytes, length, size - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return length === size ? bytes : bytes.subarray(0, length);
}
