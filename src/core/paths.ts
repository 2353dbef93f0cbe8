/**
 * POSIX path helpers for the core, which cannot use Node's `path`. Paths use `/`; the adapters convert platform
 * paths before they reach the core. Results never end in `/` (except the root itself).
 */

/** Resolves `.`, `..` and repeated slashes. `''` becomes `.`; `..` above the root of an absolute path is dropped. */
export function normalize(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else {
      out.push(seg);
    }
  }
  const joined = out.join('/');
  if (absolute) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** Joins segments with `/` and normalises the result. */
export function join(...parts: string[]): string {
  return normalize(parts.filter((p) => p !== '').join('/'));
}

/** The parent folder: `/a/b` -> `/a`, `/a` -> `/`, `a` -> `.`. */
export function dirname(path: string): string {
  const p = normalize(path);
  if (p === '/') return '/';
  const i = p.lastIndexOf('/');
  if (i === -1) return '.';
  return i === 0 ? '/' : p.slice(0, i);
}

/** The last segment, without `suffix` when it ends with it (and is not only that). */
export function basename(path: string, suffix?: string): string {
  const p = normalize(path);
  const name = p === '/' ? '' : p.slice(p.lastIndexOf('/') + 1);
  if (suffix && name.endsWith(suffix) && name !== suffix) return name.slice(0, name.length - suffix.length);
  return name;
}

/** The extension of the last segment including the dot (`.md`), or `''`. A leading dot alone is no extension. */
export function extname(path: string): string {
  const name = basename(path);
  const i = name.lastIndexOf('.');
  return i <= 0 ? '' : name.slice(i);
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

/**
 * The path from `from` to `to` (both absolute, or both relative to the same folder): `relative('/w/a', '/w/b/c')`
 * is `../b/c`; `''` when they are the same.
 */
export function relative(from: string, to: string): string {
  const a = splitSegments(normalize(from));
  const b = splitSegments(normalize(to));
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.slice(common).map(() => '..');
  return [...up, ...b.slice(common)].join('/');
}

function splitSegments(p: string): string[] {
  return p.split('/').filter((s) => s !== '' && s !== '.');
}

/** Whether `path` is `folder` or inside it. */
export function isInside(path: string, folder: string): boolean {
  const p = normalize(path);
  const f = normalize(folder);
  if (f === '/') return p.startsWith('/');
  return p === f || p.startsWith(f + '/');
}
