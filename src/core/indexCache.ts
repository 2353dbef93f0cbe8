/**
 * The persisted index cache: a compact, serialisable summary of every analysed note (its metadata, risk rows and
 * findings), keyed by path and checked against the file's size and modification time. A warm start reads the
 * cache, stats the files and shows the risk tree and problems at once; only notes whose size or time changed
 * are parsed again.
 *
 * The format is versioned ({@link INDEX_CACHE_VERSION}) and stamped with an engine key (the package version and
 * anything else the caller wants to tie results to): a change of either throws the whole cache away rather than
 * risk showing results the current engine would not produce. Summaries copy every string they keep, so a cache
 * held in memory never pins the text of the file a value was cut from.
 */
import type { Band, Finding, NoteMeta, Range, RiskStatus, RuleCode, Severity } from './model';
import type { RiskRow } from './risks';

/** Bump when the shape of a cached summary (or what produces it) changes. */
export const INDEX_CACHE_VERSION = 1;

/** A finding as the cache keeps it (no fixes: a quick fix re-checks the open document anyway). */
export interface CachedFinding {
  rule: RuleCode;
  name: string;
  severity: Severity;
  message: string;
  range: Range;
}

/** One note's summary. */
export interface CachedNote {
  path: string;
  size: number;
  mtimeMs: number;
  /** Fingerprint of the configuration the note was checked with. */
  configKey: string;
  /** The day the findings were computed for (overdue and stale findings depend on it). */
  today: string;
  meta: NoteMeta | null;
  risks: RiskRow[];
  findings: CachedFinding[];
  skipped: string | null;
}

export interface IndexCache {
  version: number;
  engine: string;
  notes: Map<string, CachedNote>;
}

/** A new, empty cache for an engine. */
export function emptyIndexCache(engine: string): IndexCache {
  return { version: INDEX_CACHE_VERSION, engine, notes: new Map() };
}

/**
 * A copy of `s` that shares no memory with the string it was cut from. V8 keeps a slice of a large string as a
 * pointer into it; flattening a fresh concatenation makes a new string instead.
 */
export function copyString(s: string): string;
export function copyString(s: string | null): string | null;
export function copyString(s: string | null): string | null {
  if (s === null) return null;
  return (' ' + s).slice(1);
}

function copyRange(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/** The summary of an analysed (or skipped) note, with every string copied. */
export function summarizeNote(input: {
  path: string;
  size: number;
  mtimeMs: number;
  configKey: string;
  today: string;
  meta: NoteMeta | null;
  risks: readonly RiskRow[];
  findings: readonly Finding[];
  skipped: string | null;
}): CachedNote {
  const meta = input.meta;
  return {
    path: copyString(input.path),
    size: input.size,
    mtimeMs: input.mtimeMs,
    configKey: copyString(input.configKey),
    today: copyString(input.today),
    meta:
      meta === null
        ? null
        : {
            client: copyString(meta.client),
            engagement: copyString(meta.engagement),
            clientSource: meta.clientSource,
            engagementSource: meta.engagementSource,
            lead: copyString(meta.lead),
            date: copyString(meta.date),
            stage: copyString(meta.stage),
            tags: meta.tags.map((t) => copyString(t)),
          },
    risks: input.risks.map((r) => ({
      id: copyString(r.id),
      title: copyString(r.title),
      client: copyString(r.client),
      engagement: copyString(r.engagement),
      path: copyString(r.path),
      line: r.line,
      likelihood: r.likelihood,
      impact: r.impact,
      score: r.score,
      band: r.band,
      owner: copyString(r.owner),
      status: r.status,
      due: copyString(r.due),
      mitigation: copyString(r.mitigation),
      isOpen: r.isOpen,
    })),
    findings: input.findings.map((f) => ({
      rule: f.rule,
      name: copyString(f.name),
      severity: f.severity,
      message: copyString(f.message),
      range: copyRange(f.range),
    })),
    skipped: copyString(input.skipped),
  };
}

/** Whether a summary still describes the file as it is now (same size and modification time, same config). */
export function isFresh(entry: CachedNote, stat: { size: number; mtimeMs: number }, configKey?: string): boolean {
  return entry.size === stat.size && entry.mtimeMs === stat.mtimeMs && (configKey === undefined || entry.configKey === configKey);
}

// Serialised form: rows, findings and metadata as positional arrays, which parse several times faster than
// objects with repeated keys and keep the file small.
type RowTuple = [
  string | null,
  string,
  string | null,
  string | null,
  number,
  number | null,
  number | null,
  number | null,
  Band | null,
  string | null,
  RiskStatus,
  string | null,
  string | null,
  0 | 1,
];
type FindingTuple = [RuleCode, string, Severity, string, number, number, number, number];
type MetaTuple = [string | null, string | null, NoteMeta['clientSource'], NoteMeta['engagementSource'], string | null, string | null, string | null, string[]];
type NoteTuple = [string, number, number, number, number, MetaTuple | null, RowTuple[], FindingTuple[], string | null];

interface SerializedCache {
  version: number;
  engine: string;
  /** Distinct config keys and days, referenced by index from each note. */
  configKeys: string[];
  days: string[];
  notes: NoteTuple[];
}

/** The cache as JSON text (see {@link parseIndexCache}). */
export function serializeIndexCache(cache: IndexCache): string {
  const configKeys: string[] = [];
  const days: string[] = [];
  const indexOf = (list: string[], s: string): number => {
    let i = list.indexOf(s);
    if (i < 0) i = list.push(s) - 1;
    return i;
  };
  const notes: NoteTuple[] = [];
  for (const n of cache.notes.values()) {
    const m = n.meta;
    notes.push([
      n.path,
      n.size,
      n.mtimeMs,
      indexOf(configKeys, n.configKey),
      indexOf(days, n.today),
      m === null ? null : [m.client, m.engagement, m.clientSource, m.engagementSource, m.lead, m.date, m.stage, m.tags],
      n.risks.map(
        (r): RowTuple => [r.id, r.title, r.client, r.engagement, r.line, r.likelihood, r.impact, r.score, r.band, r.owner, r.status, r.due, r.mitigation, r.isOpen ? 1 : 0],
      ),
      n.findings.map((f): FindingTuple => [f.rule, f.name, f.severity, f.message, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character]),
      n.skipped,
    ]);
  }
  const out: SerializedCache = { version: cache.version, engine: cache.engine, configKeys, days, notes };
  return JSON.stringify(out);
}

/**
 * Reads a serialised cache. Returns `null` when the text is not a cache, was written by another format version
 * or for another engine: the caller then starts from an empty cache. Never throws.
 */
export function parseIndexCache(text: string, engine: string): IndexCache | null {
  let raw: SerializedCache;
  try {
    raw = JSON.parse(text) as SerializedCache;
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object' || raw.version !== INDEX_CACHE_VERSION || raw.engine !== engine) return null;
  if (!Array.isArray(raw.notes) || !Array.isArray(raw.configKeys) || !Array.isArray(raw.days)) return null;
  const notes = new Map<string, CachedNote>();
  try {
    for (const t of raw.notes) {
      const [path, size, mtimeMs, configIndex, dayIndex, m, rows, findings, skipped] = t;
      if (typeof path !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number') return null;
      notes.set(path, {
        path,
        size,
        mtimeMs,
        configKey: raw.configKeys[configIndex],
        today: raw.days[dayIndex],
        meta:
          m === null
            ? null
            : { client: m[0], engagement: m[1], clientSource: m[2], engagementSource: m[3], lead: m[4], date: m[5], stage: m[6], tags: m[7] },
        risks: rows.map((r) => ({
          id: r[0],
          title: r[1],
          client: r[2],
          engagement: r[3],
          path,
          line: r[4],
          likelihood: r[5],
          impact: r[6],
          score: r[7],
          band: r[8],
          owner: r[9],
          status: r[10],
          due: r[11],
          mitigation: r[12],
          isOpen: r[13] === 1,
        })),
        findings: findings.map((f) => ({
          rule: f[0],
          name: f[1],
          severity: f[2],
          message: f[3],
          range: { start: { line: f[4], character: f[5] }, end: { line: f[6], character: f[7] } },
        })),
        skipped,
      });
    }
  } catch {
    return null;
  }
  return { version: INDEX_CACHE_VERSION, engine, notes };
}

/** Every cached risk row, in path order (what the risk tree is built from before anything is re-parsed). */
export function cachedRiskRows(cache: IndexCache): RiskRow[] {
  const paths = [...cache.notes.keys()].sort();
  const rows: RiskRow[] = [];
  for (const p of paths) rows.push(...cache.notes.get(p)!.risks);
  return rows;
}

/** A short stable fingerprint of a JSON-serialisable value (FNV-1a over its JSON), for config keys. */
export function fingerprint(value: unknown): string {
  const s = JSON.stringify(value) ?? 'undefined';
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0') + s.length.toString(16);
}
