/**
 * The core's file-system port over `vscode.workspace.fs`, so configuration loading works for local folders,
 * remote folders and virtual workspaces alike. Paths are the `/`-separated `path` of URIs sharing one scheme
 * and authority.
 *
 * Every note of a folder looks for the same few `.discovery.yml` files, so their stats and contents are cached
 * until a configuration file changes ({@link CachedWorkspaceFs.invalidate}).
 */
import * as vscode from 'vscode';
import type { FileSystem } from '../core/fs';

type Stat = { size: number; mtimeMs: number; type: 'file' | 'directory' } | null;

export class CachedWorkspaceFs implements FileSystem {
  private readonly stats = new Map<string, Promise<Stat>>();
  private readonly contents = new Map<string, Promise<Uint8Array>>();

  /** `template` gives the scheme and authority of every path (a workspace folder's URI). */
  constructor(private readonly template: vscode.Uri) {}

  uri(path: string): vscode.Uri {
    return this.template.with({ path, query: '', fragment: '' });
  }

  readFile(path: string): Promise<Uint8Array> {
    if (!isConfigPath(path)) return Promise.resolve(vscode.workspace.fs.readFile(this.uri(path)));
    let p = this.contents.get(path);
    if (!p) {
      p = Promise.resolve(vscode.workspace.fs.readFile(this.uri(path)));
      this.contents.set(path, p);
      // A failed read is not cached: the next note retries (the file may be mid-write).
      p.catch(() => this.contents.delete(path));
    }
    return p;
  }

  stat(path: string): Promise<Stat> {
    if (!isConfigPath(path)) return this.statUncached(path);
    let p = this.stats.get(path);
    if (!p) {
      p = this.statUncached(path);
      this.stats.set(path, p);
    }
    return p;
  }

  async readDirectory(path: string): Promise<Array<[string, 'file' | 'directory']>> {
    const entries = await vscode.workspace.fs.readDirectory(this.uri(path));
    const out: Array<[string, 'file' | 'directory']> = [];
    for (const [name, type] of entries) {
      if (type & vscode.FileType.Directory) out.push([name, 'directory']);
      else if (type & vscode.FileType.File) out.push([name, 'file']);
    }
    return out;
  }

  /** Forgets cached configuration files (one changed, was created or deleted). */
  invalidate(): void {
    this.stats.clear();
    this.contents.clear();
  }

  private async statUncached(path: string): Promise<Stat> {
    try {
      const s = await vscode.workspace.fs.stat(this.uri(path));
      const type = s.type & vscode.FileType.Directory ? 'directory' : 'file';
      return { size: s.size, mtimeMs: s.mtime, type };
    } catch {
      return null;
    }
  }
}

function isConfigPath(path: string): boolean {
  return path.endsWith('/.discovery.yml');
}
