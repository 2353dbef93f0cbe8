/**
 * A small glob compiler for `/`-separated relative paths: `**`, `*`, `?`, `{a,b}`, `[abc]` / `[a-z]` / `[!abc]`,
 * and `\` escapes.
 *
 * Globs come from command lines and from `.discovery.yml` files, i.e. from people we do not control. They are
 * therefore never turned into a `RegExp`: a pattern compiles to a list of tokens that a set-of-positions
 * simulation runs over the path, which costs O(tokens x path length) whatever the pattern looks like (no
 * backtracking blow-ups). Length, brace nesting and brace expansion are bounded.
 */

/** Longest glob accepted, in UTF-16 units. */
export const MAX_GLOB_LENGTH = 1024;
/** Most alternatives `{a,b}` groups may expand to, in total. */
export const MAX_GLOB_ALTERNATIVES = 256;
/** Deepest `{…{…}…}` nesting accepted. */
export const MAX_BRACE_DEPTH = 8;

/** A glob that cannot be compiled; `message` says what to change. */
export class GlobError extends Error {
  constructor(
    message: string,
    readonly glob: string,
  ) {
    super(message);
    this.name = 'GlobError';
  }
}

export interface GlobOptions {
  /** Compare letters case-insensitively (default `false`). */
  nocase?: boolean;
}

type Token =
  | { kind: 'char'; ch: string }
  | { kind: 'star' }
  | { kind: 'one' }
  | { kind: 'class'; negated: boolean; items: Array<[string, string]> }
  /** `**` followed by `/`: zero or more whole segments (the empty string or anything ending in `/`). */
  | { kind: 'segments' }
  /** `**` at the end of the pattern: anything, slashes included. */
  | { kind: 'rest' };

/**
 * Compiles a glob into a matcher for `/`-separated paths relative to the glob's base (no leading `./`).
 * A leading `./` in the glob is ignored. Throws {@link GlobError} for an empty, over-long or over-complex glob.
 */
export function compileGlob(glob: string, options: GlobOptions = {}): (path: string) => boolean {
  const programs = expandBraces(validate(glob)).map((alt) => tokenize(alt, glob));
  const nocase = options.nocase === true;
  return (path: string) => {
    const subject = path.startsWith('./') ? path.slice(2) : path;
    for (const program of programs) {
      if (run(program, subject, nocase)) return true;
    }
    return false;
  };
}

/** `true` if the glob contains any of `* ? [ {` outside an escape, i.e. it is more than a literal path. */
export function hasGlobMagic(glob: string): boolean {
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '*' || c === '?' || c === '[' || c === '{') return true;
  }
  return false;
}

/**
 * The leading directory segments of a glob that contain no magic (`src/notes/**\/*.md` -> `src/notes`), or `''`.
 * A walker can start there instead of at the root. Escapes are removed from the result.
 */
export function globBase(glob: string): string {
  const segments = stripDotSlash(glob).split('/');
  const base: string[] = [];
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = segments[i];
    if (seg === '' || hasGlobMagic(seg) || seg === '.' || seg === '..') break;
    base.push(seg.replace(/\\(.)/g, '$1'));
  }
  return base.join('/');
}

function stripDotSlash(glob: string): string {
  let g = glob;
  while (g.startsWith('./')) g = g.slice(2);
  return g;
}

function validate(glob: string): string {
  if (typeof glob !== 'string' || glob.trim() === '') throw new GlobError('A glob must not be empty.', String(glob));
  if (glob.length > MAX_GLOB_LENGTH) {
    throw new GlobError(`A glob must be at most ${MAX_GLOB_LENGTH} characters long.`, glob.slice(0, 80) + '…');
  }
  if (glob.includes('\0')) throw new GlobError('A glob must not contain NUL characters.', glob);
  return stripDotSlash(glob);
}

/**
 * Expands `{a,b}` groups (nested ones too) into plain alternatives. A `{` with no matching `}` or no top-level
 * comma is literal text, as in most shells.
 */
function expandBraces(glob: string, depth = 0): string[] {
  if (depth > MAX_BRACE_DEPTH) throw new GlobError(`Braces may nest at most ${MAX_BRACE_DEPTH} deep.`, glob);
  const open = findBraceGroup(glob);
  if (open === null) return [glob];
  const { start, end, parts } = open;
  const prefix = glob.slice(0, start);
  const suffixes = expandBraces(glob.slice(end + 1), depth);
  const results: string[] = [];
  for (const part of parts) {
    for (const inner of expandBraces(part, depth + 1)) {
      for (const suffix of suffixes) {
        results.push(prefix + inner + suffix);
        if (results.length > MAX_GLOB_ALTERNATIVES) {
          throw new GlobError(`A glob may expand to at most ${MAX_GLOB_ALTERNATIVES} alternatives.`, glob);
        }
      }
    }
  }
  return results;
}

/** Finds the first brace group with a top-level comma; returns its bounds and its comma-separated parts. */
function findBraceGroup(glob: string): { start: number; end: number; parts: string[] } | null {
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      i = skipClass(glob, i);
      continue;
    }
    if (c !== '{') continue;
    let level = 0;
    const commas: number[] = [];
    for (let j = i; j < glob.length; j++) {
      const d = glob[j];
      if (d === '\\') {
        j++;
        continue;
      }
      if (d === '[') {
        j = skipClass(glob, j);
        continue;
      }
      if (d === '{') level++;
      else if (d === '}') {
        level--;
        if (level === 0) {
          if (commas.length === 0) break; // `{x}` is literal
          const parts: string[] = [];
          let from = i + 1;
          for (const comma of commas) {
            parts.push(glob.slice(from, comma));
            from = comma + 1;
          }
          parts.push(glob.slice(from, j));
          return { start: i, end: j, parts };
        }
      } else if (d === ',' && level === 1) commas.push(j);
    }
  }
  return null;
}

/** Index of the `]` closing the class opened at `i`, or `i` itself when the `[` is literal. */
function skipClass(glob: string, i: number): number {
  let j = i + 1;
  if (glob[j] === '!' || glob[j] === '^') j++;
  if (glob[j] === ']') j++; // a `]` right after the opening is a member
  for (; j < glob.length; j++) {
    if (glob[j] === '\\') {
      j++;
      continue;
    }
    if (glob[j] === '/') return i;
    if (glob[j] === ']') return j;
  }
  return i;
}

function tokenize(alt: string, original: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < alt.length; i++) {
    const c = alt[i];
    if (c === '\\') {
      if (i + 1 >= alt.length) throw new GlobError('A glob must not end with a lone backslash.', original);
      tokens.push({ kind: 'char', ch: alt[++i] });
    } else if (c === '*') {
      let j = i;
      while (alt[j + 1] === '*') j++;
      const atSegmentStart = i === 0 || alt[i - 1] === '/';
      const atSegmentEnd = j + 1 === alt.length || alt[j + 1] === '/';
      if (j > i && atSegmentStart && atSegmentEnd) {
        if (j + 1 === alt.length) tokens.push({ kind: 'rest' });
        else {
          tokens.push({ kind: 'segments' });
          j++; // the `/` belongs to the globstar
        }
      } else if (tokens[tokens.length - 1]?.kind !== 'star') {
        tokens.push({ kind: 'star' });
      }
      i = j;
    } else if (c === '?') {
      tokens.push({ kind: 'one' });
    } else if (c === '[') {
      const close = skipClass(alt, i);
      if (close === i) tokens.push({ kind: 'char', ch: '[' });
      else {
        tokens.push(parseClass(alt.slice(i + 1, close)));
        i = close;
      }
    } else {
      tokens.push({ kind: 'char', ch: c });
    }
  }
  return tokens;
}

function parseClass(body: string): Token {
  let k = 0;
  let negated = false;
  if (body[0] === '!' || body[0] === '^') {
    negated = true;
    k = 1;
  }
  const chars: string[] = [];
  for (; k < body.length; k++) {
    if (body[k] === '\\' && k + 1 < body.length) k++;
    chars.push(body[k]);
  }
  const items: Array<[string, string]> = [];
  for (let m = 0; m < chars.length; m++) {
    if (chars[m + 1] === '-' && m + 2 < chars.length) {
      items.push([chars[m], chars[m + 2]]);
      m += 2;
    } else items.push([chars[m], chars[m]]);
  }
  return { kind: 'class', negated, items };
}

function classMatches(token: Extract<Token, { kind: 'class' }>, ch: string, nocase: boolean): boolean {
  const candidates = nocase ? [ch, ch.toLowerCase(), ch.toUpperCase()] : [ch];
  const hit = token.items.some(([lo, hi]) => candidates.some((x) => x >= lo && x <= hi));
  return token.negated ? !hit : hit;
}

/**
 * Runs the token program over `path`, tracking every position reachable so far (an NFA simulation). The reachable
 * positions of a step lie in `[lo, hi]`, and each step reads only from `lo` on (up to `hi` where a token moves
 * one character): a workspace's every file is matched against the globs, and most steps of the usual
 * `*.discovery.md` pattern have one reachable position. Two buffers serve every step.
 */
function run(program: Token[], path: string, nocase: boolean): boolean {
  const n = path.length;
  const subject = nocase ? path.toLowerCase() : path;
  let current = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  current[0] = 1;
  let lo = 0;
  let hi = 0;
  for (const token of program) {
    // The first and last positions marked in `next` (the loops below go forwards).
    let first = -1;
    let last = -1;
    const top = Math.min(hi, n - 1);
    switch (token.kind) {
      case 'char': {
        const ch = nocase ? token.ch.toLowerCase() : token.ch;
        for (let p = lo; p <= top; p++) {
          if (current[p] && subject[p] === ch) {
            next[p + 1] = 1;
            if (first < 0) first = p + 1;
            last = p + 1;
          }
        }
        break;
      }
      case 'one':
        for (let p = lo; p <= top; p++) {
          if (current[p] && path[p] !== '/') {
            next[p + 1] = 1;
            if (first < 0) first = p + 1;
            last = p + 1;
          }
        }
        break;
      case 'class':
        for (let p = lo; p <= top; p++) {
          if (current[p] && path[p] !== '/' && classMatches(token, path[p], nocase)) {
            next[p + 1] = 1;
            if (first < 0) first = p + 1;
            last = p + 1;
          }
        }
        break;
      case 'star': {
        // A reachable position extends to the end of its segment; the sweep carries the reach forwards.
        let reach = false;
        for (let p = lo; p <= n; p++) {
          if (current[p]) reach = true;
          if (reach) {
            next[p] = 1;
            if (first < 0) first = p;
            last = p;
          }
          if (path[p] === '/') reach = false;
        }
        break;
      }
      case 'segments': {
        let reach = false;
        for (let p = lo; p <= n; p++) {
          if (current[p]) reach = true;
          else if (!(reach && path[p - 1] === '/')) continue;
          next[p] = 1;
          if (first < 0) first = p;
          last = p;
        }
        break;
      }
      case 'rest': {
        let reach = false;
        for (let p = lo; p <= n; p++) {
          if (current[p]) reach = true;
          if (reach) {
            next[p] = 1;
            if (first < 0) first = p;
            last = p;
          }
        }
        break;
      }
    }
    if (first < 0) return false;
    const done = current;
    done.fill(0, lo, hi + 1);
    current = next;
    next = done;
    lo = first;
    hi = last;
  }
  return current[n] === 1;
}
