/**
 * The file-system port: the only way the core reaches files. The CLI adapts `node:fs`, the extension
 * `vscode.workspace.fs`; tests use {@link MemoryFileSystem}. Paths are absolute and `/`-separated.
 */

import { basename, dirname, normalize } from './paths';

export type FileType = 'file' | 'directory';

export interface FileStat {
  size: number;
  mtimeMs: number;
  type: FileType;
}

export interface FileSystem {
  /** The file's bytes; rejects when it does not exist or cannot be read. */
  readFile(path: string): Promise<Uint8Array>;
  /** `null` when nothing exists at `path`. */
  stat(path: string): Promise<FileStat | null>;
  /** Entries of a folder as `[name, type]`; rejects when `path` is not a folder. */
  readDirectory(path: string): Promise<Array<[string, FileType]>>;
}

/** Error thrown by {@link MemoryFileSystem} for a missing path; `code` mirrors Node's for adapters' sake. */
export class FileNotFoundError extends Error {
  readonly code = 'ENOENT';
  constructor(readonly path: string) {
    super(`No such file or directory: ${path}`);
    this.name = 'FileNotFoundError';
  }
}

/**
 * An in-memory {@link FileSystem} for tests. Folders are implied by the files' paths (and can be added empty with
 * {@link MemoryFileSystem.mkdir}). Strings are stored as UTF-8. Each write advances the file's `mtimeMs`, so caches
 * keyed by modification time see the change.
 */
export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, { bytes: Uint8Array; mtimeMs: number }>();
  private readonly dirs = new Set<string>(['/']);
  private clock = 1_700_000_000_000;

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.writeFile(path, content);
  }

  /** Creates or replaces a file (and its parent folders). */
  writeFile(path: string, content: string | Uint8Array): void {
    const p = normalize(path);
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    this.files.set(p, { bytes, mtimeMs: ++this.clock });
    this.mkdir(dirname(p));
  }

  /** Creates a folder and its parents. */
  mkdir(path: string): void {
    let p = normalize(path);
    while (!this.dirs.has(p)) {
      this.dirs.add(p);
      p = dirname(p);
    }
  }

  /** Removes a file, or a folder with everything under it. Returns whether anything was removed. */
  delete(path: string): boolean {
    const p = normalize(path);
    if (this.files.delete(p)) return true;
    if (!this.dirs.has(p) || p === '/') return false;
    const prefix = p + '/';
    for (const f of [...this.files.keys()]) if (f.startsWith(prefix)) this.files.delete(f);
    for (const d of [...this.dirs]) if (d === p || d.startsWith(prefix)) this.dirs.delete(d);
    return true;
  }

  /** Every file path, sorted. */
  listFiles(): string[] {
    return [...this.files.keys()].sort();
  }

  async readFile(path: string): Promise<Uint8Array> {
    const f = this.files.get(normalize(path));
    if (!f) throw new FileNotFoundError(path);
    return f.bytes;
  }

  async stat(path: string): Promise<FileStat | null> {
    const p = normalize(path);
    const f = this.files.get(p);
    if (f) return { size: f.bytes.length, mtimeMs: f.mtimeMs, type: 'file' };
    if (this.dirs.has(p)) return { size: 0, mtimeMs: 0, type: 'directory' };
    return null;
  }

  async readDirectory(path: string): Promise<Array<[string, FileType]>> {
    const p = normalize(path);
    if (!this.dirs.has(p)) throw new FileNotFoundError(path);
    const entries: Array<[string, FileType]> = [];
    for (const d of this.dirs) if (d !== p && dirname(d) === p) entries.push([basename(d), 'directory']);
    for (const f of this.files.keys()) if (dirname(f) === p) entries.push([basename(f), 'file']);
    return entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}
