// Compares the extension's index with the notes actually on disk: the end state every fault and burst test
// must reach, whatever order the file events arrived in.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { waitFor } from './wait';

/** Every `*.discovery.md` below `root`, relative to it, without the fixture's ignored archive. */
export function notesOnDisk(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (r !== 'archive' && e.name !== '.git' && e.name !== 'node_modules') walk(path.join(dir, e.name), r);
      } else if (e.name.endsWith('.discovery.md')) found.push(r);
    }
  };
  walk(root, '');
  return found.sort();
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** What differs between the indexed paths and the disk, for failure messages. */
export function difference(indexed: readonly string[], root: string): string {
  const inIndex = new Set(indexed);
  const disk = new Set(notesOnDisk(root));
  const missing = [...disk].filter((p) => !inIndex.has(p));
  const extra = [...inIndex].filter((p) => !disk.has(p));
  return `missing from the index (${missing.length}): ${missing.slice(0, 8).join(', ')}; indexed but not on disk (${extra.length}): ${extra.slice(0, 8).join(', ')}`;
}

/** Waits until the sorted indexed paths equal the notes on disk; the failure names what differs. */
export async function waitForIndexToMatchDisk(indexedPaths: () => string[], root: string, what: string, timeoutMs = 20_000): Promise<void> {
  try {
    await waitFor(what, () => sameList(indexedPaths(), notesOnDisk(root)), { timeoutMs });
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}; ${difference(indexedPaths(), root)}`);
  }
}
