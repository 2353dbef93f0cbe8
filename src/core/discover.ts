/**
 * Finding notes under a root folder through the {@link FileSystem} port: by default every `*.discovery.md`, or
 * the files matching the given globs, always skipping `node_modules` and `.git`.
 */
import type { FileSystem } from './fs';
import { compileGlob, globBase, hasGlobMagic, GlobError } from './glob';

/** The glob used when none is given, and for a folder named instead of a glob. */
export const DEFAULT_NOTE_GLOB = '**/*.discovery.md';

/** Folders never walked into. */
export const ALWAYS_SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);

export interface DiscoverOptions {
  /**
   * Globs relative to the root (default: {@link DEFAULT_NOTE_GLOB}). A glob without wildcards names a file, or
   * a folder meaning every note under it.
   */
  include?: readonly string[];
  /** Globs relative to the root of files (or, matching `folder/`, whole folders) to leave out. */
  exclude?: readonly string[];
}

export interface DiscoverResult {
  /** Absolute `/`-separated paths of the notes found, sorted. */
  paths: string[];
  /** The include globs (as given) that matched no file. */
  unmatched: string[];
}

function joinPath(root: string, rel: string): string {
  if (rel === '') return root;
  return root.endsWith('/') ? root + rel : `${root}/${rel}`;
}

function trimRoot(root: string): string {
  return root.length > 1 && root.endsWith('/') ? root.slice(0, -1) : root;
}

/** Drops `./` and empty segments; rejects globs that leave the root. */
function normalizeGlob(glob: string): string {
  if (glob.startsWith('/')) throw new GlobError('A glob must be relative to the folder being checked.', glob);
  const segments = glob.split('/').filter((s) => s !== '.' && s !== '');
  if (segments.includes('..')) throw new GlobError('A glob must not leave the folder being checked (`..`).', glob);
  return segments.join('/');
}

function unescapeGlob(glob: string): string {
  return glob.replace(/\\(.)/g, '$1');
}

/**
 * Finds the notes matching `include` under `root`, skipping `node_modules`, `.git` and `exclude`. Throws
 * {@link GlobError} for a glob that is invalid or leaves the root. Folders that cannot be read are skipped.
 */
export async function discoverNotes(fs: FileSystem, root: string, options: DiscoverOptions = {}): Promise<DiscoverResult> {
  const base = trimRoot(root);
  const include = options.include && options.include.length > 0 ? options.include : [DEFAULT_NOTE_GLOB];
  const excludes = (options.exclude ?? []).map((g) => compileGlob(normalizeGlob(g)));
  const excludedItself = (rel: string): boolean => excludes.some((m) => m(rel) || m(`${rel}/`));
  /** `true` when the folder, or a folder above it, matches an exclude glob. */
  const folderExcluded = (dir: string): boolean => {
    if (excludes.length === 0 || dir === '') return false;
    for (let slash = dir.indexOf('/'); slash >= 0; slash = dir.indexOf('/', slash + 1)) {
      if (excludedItself(dir.slice(0, slash))) return true;
    }
    return excludedItself(dir);
  };
  const excluded = (rel: string): boolean => {
    if (excludes.length === 0) return false;
    const slash = rel.lastIndexOf('/');
    return (slash >= 0 && folderExcluded(rel.slice(0, slash))) || excludes.some((m) => m(rel));
  };

  const found = new Set<string>();
  const matchedBy = new Map<string, boolean>(include.map((g) => [g, false]));
  const patterns: Array<{ original: string; match: (rel: string) => boolean; base: string }> = [];

  for (const original of include) {
    const glob = normalizeGlob(original);
    if (!hasGlobMagic(glob)) {
      const rel = unescapeGlob(glob);
      const info = rel === '' ? { type: 'directory' as const } : await fs.stat(joinPath(base, rel));
      if (info?.type === 'file') {
        if (!excluded(rel)) {
          found.add(rel);
          matchedBy.set(original, true);
        }
        continue;
      }
      if (info?.type === 'directory') {
        const folderGlob = rel === '' ? DEFAULT_NOTE_GLOB : `${glob}/${DEFAULT_NOTE_GLOB}`;
        patterns.push({ original, match: compileGlob(folderGlob), base: rel });
      }
      continue;
    }
    patterns.push({ original, match: compileGlob(glob), base: unescapeGlob(globBase(glob)) });
  }

  // Walk each distinct base once; a base inside another one is covered by the outer walk.
  const bases = [...new Set(patterns.map((p) => p.base))].sort();
  const roots = bases.filter((b) => !bases.some((other) => other !== b && (other === '' || b.startsWith(other + '/'))));

  const visitFile = (rel: string): void => {
    if (excluded(rel)) return;
    for (const p of patterns) {
      if (p.match(rel)) {
        found.add(rel);
        matchedBy.set(p.original, true);
      }
    }
  };

  const walk = async (rel: string): Promise<void> => {
    let entries: Array<[string, 'file' | 'directory']>;
    try {
      entries = await fs.readDirectory(joinPath(base, rel));
    } catch {
      return;
    }
    const subdirs: string[] = [];
    for (const [name, type] of entries) {
      const child = rel === '' ? name : `${rel}/${name}`;
      if (type === 'directory') {
        if (ALWAYS_SKIPPED_DIRS.has(name) || excludedItself(child)) continue;
        subdirs.push(child);
      } else visitFile(child);
    }
    await Promise.all(subdirs.map(walk));
  };

  await Promise.all(
    roots.map(async (r) => {
      if (r === '') return walk('');
      if (folderExcluded(r)) return;
      const info = await fs.stat(joinPath(base, r));
      if (info?.type === 'directory') await walk(r);
    }),
  );

  const rels = [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    paths: rels.map((rel) => joinPath(base, rel)),
    unmatched: include.filter((g) => !matchedBy.get(g)),
  };
}

/** Absolute paths of the notes under `root` (see {@link discoverNotes}). */
export async function findNotes(
  fs: FileSystem,
  root: string,
  options: { include?: string[]; exclude?: string[] } = {},
): Promise<string[]> {
  return (await discoverNotes(fs, root, options)).paths;
}
