/**
 * The engagement of a note from its first bytes, read before any note is checked so each engagement's notes can
 * be checked together (see the CLI's `lintByEngagement`). Shared by the CLI's own thread, over the file-system
 * port, and by its worker threads, over synchronous reads (src/cli/checkWorker.ts).
 */
import * as nodeFs from 'node:fs';
import type { DiscoveryConfig } from '../core/configTypes';
import type { ReportFile } from '../core/format/report';
import { engagementKeyFromHead, type NoteSource } from '../core/lint';
import { decodeNoteBytes } from '../core/text';
import { readWholeFdSync } from '../node/readWholeFd';

/**
 * How much of a note is read to find its engagement. Front matter is far shorter (a few hundred bytes); a note
 * whose front matter runs past it is read whole.
 */
export const HEAD_BYTES = 2048;

/** A note's engagement key (`null`: a group of its own) and size, or the report entry saying why it is skipped. */
export type HeadKey = { key: string | null; bytes: number } | ReportFile;

/** Why a note is too large to check, or `null`. */
export function tooLarge(size: number, config: DiscoveryConfig): string | null {
  return size > config.maxFileBytes ? `The file is ${size} bytes, larger than the limit of ${config.maxFileBytes} bytes (maxFileBytes).` : null;
}

/** The report entry of a note that cannot be read. */
export function unreadable(rel: string, e: unknown): ReportFile {
  return { path: rel, diagnostics: [], skipped: `The file cannot be read: ${e instanceof Error ? e.message : String(e)}` };
}

/** A note's bytes as the source to check, or the report entry saying why they are not (binary, not UTF-8). */
export function sourceOf(bytes: Uint8Array, rel: string, config: DiscoveryConfig): NoteSource | ReportFile {
  const decoded = decodeNoteBytes(bytes);
  if (!decoded.ok) return { path: rel, diagnostics: [], skipped: decoded.reason };
  return { path: rel, text: decoded.text, config };
}

/** The key from the first bytes of a note, or `undefined` when they cannot tell (the whole note must be read). */
export function keyFromHead(head: { bytes: Uint8Array; complete: boolean }, rel: string): string | null | undefined {
  // A prefix ends on a line break, so it never cuts a character in two.
  const bytes = head.complete ? head.bytes : head.bytes.subarray(0, head.bytes.lastIndexOf(10) + 1);
  const decoded = decodeNoteBytes(bytes);
  // Bytes that do not decode are reported when the note is read whole.
  return decoded.ok ? engagementKeyFromHead(decoded.text, rel, head.complete) : null;
}

/** The key from the whole note. */
export function keyFromWhole(bytes: Uint8Array, rel: string): string | null {
  const whole = decodeNoteBytes(bytes);
  return whole.ok ? (engagementKeyFromHead(whole.text, rel, true) ?? null) : null;
}

/** The first `max` bytes of an open file, and whether that is all of it. */
function readHeadOfFd(fd: number, max: number): { bytes: Uint8Array; complete: boolean } {
  // One byte more than asked for tells whether there is more.
  const bytes = readWholeFdSync(fd, max + 1);
  return { bytes: bytes.subarray(0, Math.min(bytes.length, max)), complete: bytes.length <= max };
}

/** The first `max` bytes of a file, and whether that is all of it. */
export function readHeadSync(path: string, max: number): { bytes: Uint8Array; complete: boolean } {
  const fd = nodeFs.openSync(path, 'r');
  try {
    return readHeadOfFd(fd, max);
  } finally {
    nodeFs.closeSync(fd);
  }
}

/**
 * {@link HeadKey} of a note on disk, read synchronously: one open, its size from the open file, the first bytes.
 * Synchronous on purpose: the caller has nothing else to do meanwhile, and a thousand notes read this way took
 * 30-40 ms against about 100 ms through promises one at a time (each step a round trip to libuv's thread pool).
 *
 * With `whole` set, a note of at most that many bytes is read whole, and its bytes come with the key (`whole` in
 * the result), so that the caller need not open it again to check it.
 */
export function headKeySync(path: string, rel: string, config: DiscoveryConfig, whole = 0): { key: string | null; bytes: number; whole?: Uint8Array } | ReportFile {
  try {
    const fd = nodeFs.openSync(path, 'r');
    let size: number;
    let key: string | null | undefined;
    let bytes: Uint8Array | undefined;
    try {
      size = nodeFs.fstatSync(fd).size;
      const large = tooLarge(size, config);
      if (large !== null) return { path: rel, diagnostics: [], skipped: large };
      if (size <= whole) {
        bytes = readWholeFdSync(fd, size);
        const head = bytes.length > HEAD_BYTES ? { bytes: bytes.subarray(0, HEAD_BYTES), complete: false } : { bytes, complete: true };
        key = keyFromHead(head, rel);
        if (key === undefined) key = keyFromWhole(bytes, rel);
      } else {
        key = keyFromHead(readHeadOfFd(fd, HEAD_BYTES), rel);
      }
    } finally {
      nodeFs.closeSync(fd);
    }
    if (bytes !== undefined) return { key: key as string | null, bytes: size, whole: bytes };
    return { key: key !== undefined ? key : keyFromWhole(nodeFs.readFileSync(path), rel), bytes: size };
  } catch (e) {
    return unreadable(rel, e);
  }
}

/** A note on disk read synchronously (see {@link headKeySync}) as the source to check, or why it is skipped. */
export function readSourceSync(path: string, rel: string, config: DiscoveryConfig): NoteSource | ReportFile {
  try {
    return sourceOf(nodeFs.readFileSync(path), rel, config);
  } catch (e) {
    return unreadable(rel, e);
  }
}
