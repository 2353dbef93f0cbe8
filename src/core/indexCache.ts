/**
 * The persisted index cache: a compact, serialisable summary of every analysed note (its metadata, risk rows,
 * missing sections and findings), keyed by note and checked against the file's size and modification time, the
 * configuration it was checked with and the day. A warm start reads the cache, stats the files and shows the risk
 * tree, Note Health and problems at once; only notes whose size, time, configuration or day changed are parsed
 * again.
 *
 * The format is versioned ({@link INDEX_CACHE_VERSION}) and stamped with an engine key (the extension's version
 * and anything else the caller wants to tie results to): a change of either throws the whole cache away rather
 * than risk showing results the current engine would not produce. Text that is not a cache of this version —
 * truncated, corrupt, foreign — is refused as a whole ({@link parseIndexCache} returns why), never half read.
 *
 * Layout (UTF-8): one line of JSON (the head: engine, shared tables), then lines of JSON each holding the
 * summaries of up to {@link NOTES_PER_LINE} notes, then the block: for each note, its risk rows and then its
 * findings, each a JSON array of positional arrays, one note after the other. Each note gives its byte ranges in
 * the block and how many open, critical and high risks it has, so a warm start decodes only the small summaries, a
 * line at a time (the host can stat files and answer the user in between), and the risk tree shows its groups and
 * counts from them; a note's rows are decoded when something first reads them (a group opened, a filter, a
 * summary), its findings when something first asks for them (the Problems panel, Note Health). Rows and findings
 * are nine tenths of the file.
 */
import type { DiscoveryConfig } from './configTypes';
import { copyString } from './detach';
import type { Band, Finding, Note, NoteMeta, RiskStatus, RuleCode, Severity } from './model';
import { countRisks, riskRows, type RiskCounts, type RiskRow } from './risks';
import { missingSections } from './rules/disc001MissingSection';
import { missingSectionAnchor } from './tree';
import { utf8Length } from './text';

/** Bump when the shape of a cached summary (or what produces it) changes. */
export const INDEX_CACHE_VERSION = 3;
/** Notes per line of summaries: a line decodes in well under a millisecond. */
const NOTES_PER_LINE = 50;
/** First bytes of every cache file, so a foreign JSON file is told apart before anything else is read. */
const MAGIC = '{"format":"discovery-index-cache",';

/** A required section a note lacks, as Note Health lists it. */
export interface MissingSection {
  id: string;
  name: string;
}

/** One note's summary. */
export interface CachedNote {
  /** The note's identity (a URI string in the extension). */
  uri: string;
  /** Workspace-relative path, as findings and rows report it. */
  path: string;
  size: number;
  mtimeMs: number;
  /** Fingerprint of the configuration the note was checked with. */
  configKey: string;
  /** The day the findings were computed for (overdue and stale findings depend on it). */
  today: string;
  meta: NoteMeta | null;
  /** The note's risk rows (decoded on first read when restored from a file). */
  readonly risks: RiskRow[];
  /** How many of {@link risks} are open, and open in the critical and high bands (known without decoding them). */
  riskCounts: RiskCounts;
  /** Required sections the note lacks, in canonical order. */
  missing: MissingSection[];
  /** Line (0-based) where a missing section is best looked for when no finding says (below the front matter). */
  missingAt: number;
  skipped: string | null;
  /** Number of findings (known without decoding them). */
  findingCount: number;
  /** The note's findings (no fixes: a quick fix needs the note's text, which an open document re-checks). */
  findings(): Finding[];
}

export interface IndexCache {
  version: number;
  engine: string;
  /** Summaries by {@link CachedNote.uri}. */
  notes: Map<string, CachedNote>;
}

/** A new, empty cache for an engine. */
export function emptyIndexCache(engine: string): IndexCache {
  return { version: INDEX_CACHE_VERSION, engine, notes: new Map() };
}

/** Where a missing section of `note` is reported when no DISC001 finding says (the Note Health fallback). */
export function missingOf(note: Note, config: DiscoveryConfig): MissingSection[] {
  return missingSections(note, config)
    .filter((d) => d.level === 'required')
    .map((d) => ({ id: copyString(d.id), name: copyString(d.name) }));
}

/**
 * The summary of an analysed (or skipped) note, with every string copied so it never keeps the note's text
 * alive. `findings` are the note's findings (per-note and engagement) as the index holds them.
 */
export function summarizeNote(input: {
  uri: string;
  path: string;
  size: number;
  mtimeMs: number;
  configKey: string;
  today: string;
  note: Note | null;
  config: DiscoveryConfig;
  findings: readonly Finding[];
  skipped: string | null;
}): CachedNote {
  const note = input.skipped === null ? input.note : null;
  const path = copyString(input.path);
  const meta = note === null ? null : copyMeta(note.meta);
  const risks: RiskRow[] =
    note === null
      ? []
      : riskRows([note]).map((r) => ({
          id: copyString(r.id),
          title: copyString(r.title),
          client: meta?.client ?? null,
          engagement: meta?.engagement ?? null,
          path,
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
        }));
  const findings: Finding[] = input.findings.map((f) => summaryFinding(f, path));
  return {
    uri: copyString(input.uri),
    path,
    size: input.size,
    mtimeMs: input.mtimeMs,
    configKey: copyString(input.configKey),
    today: copyString(input.today),
    meta,
    risks,
    riskCounts: countRisks(risks),
    missing: note === null ? [] : missingOf(note, input.config),
    missingAt: note === null ? 0 : missingSectionAnchor(note).start.line,
    skipped: copyString(input.skipped),
    findingCount: findings.length,
    findings: () => findings,
  };
}

/** A finding as a summary keeps it: no fixes, its strings copied, its path the summary's. */
function summaryFinding(f: Finding, path: string): Finding {
  return {
    rule: f.rule,
    // A rule's name is a constant of the rule, never cut from the note's text: nothing to copy.
    name: f.name,
    severity: f.severity,
    message: copyString(f.message),
    range: { start: { line: f.range.start.line, character: f.range.start.character }, end: { line: f.range.end.line, character: f.range.end.character } },
    path,
    fixes: NO_FIXES,
  };
}

/**
 * What {@link summarizeNote} writes in place of the file's size, modification time and configuration when the
 * caller does not know them (the workspace index, summarising a note as it is loaded): such a summary is
 * "unstamped" until {@link stampSummary} gives it the file's.
 */
export const UNSTAMPED = { size: -1, mtimeMs: -1, configKey: '' } as const;

/** Whether `summary` was made without the file's size, time and configuration ({@link UNSTAMPED}). */
export function isUnstamped(summary: object): summary is CachedNote {
  return (summary as Partial<CachedNote>).size === UNSTAMPED.size && typeof (summary as Partial<CachedNote>).findings === 'function';
}

/** `summary` (an unstamped one) with the size, modification time and configuration fingerprint of its file. */
export function stampSummary(summary: CachedNote, stamp: { size: number; mtimeMs: number; configKey: string }): CachedNote {
  return { ...summary, size: stamp.size, mtimeMs: stamp.mtimeMs, configKey: copyString(stamp.configKey) };
}

/**
 * `summary` with `findings` as the note's findings: a summary made while the note's engagement was still being
 * loaded holds its per-note findings only, and the engagement's are added once they are known. Findings already
 * kept by `summary` are reused; the others are copied as {@link summarizeNote} copies them.
 */
export function completeSummary(summary: CachedNote, findings: readonly Finding[]): CachedNote {
  const path = summary.path;
  const complete = findings.map((f) => (f.fixes === NO_FIXES && f.path === path ? f : summaryFinding(f, path)));
  return { ...summary, findingCount: complete.length, findings: () => complete };
}

function copyMeta(m: NoteMeta): NoteMeta {
  return {
    client: copyString(m.client),
    engagement: copyString(m.engagement),
    clientSource: m.clientSource,
    engagementSource: m.engagementSource,
    lead: copyString(m.lead),
    date: copyString(m.date),
    stage: copyString(m.stage),
    tags: m.tags.map((t) => copyString(t)),
  };
}

/**
 * Whether a summary still describes the file as it is now: same size and modification time, and — when given —
 * the same configuration fingerprint and day.
 */
export function isFresh(entry: CachedNote, stat: { size: number; mtimeMs: number }, configKey?: string, today?: string): boolean {
  return (
    entry.size === stat.size &&
    entry.mtimeMs === stat.mtimeMs &&
    (configKey === undefined || entry.configKey === configKey) &&
    (today === undefined || entry.today === today)
  );
}

// Serialised form: rows, findings and metadata as positional arrays, which parse several times faster than
// objects with repeated keys and keep the file small. A row's client, engagement and path are its note's.
type RowTuple = [
  string | null,
  string,
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
/**
 * uri, path, size, mtimeMs, config index, day index, meta index (-1: none), open, critical and high risk counts,
 * missing (id, name, id, name…), missingAt, skipped, where its rows start, where they end and its findings start,
 * where its findings end (bytes into the block), finding count.
 */
type NoteTuple = [string, string, number, number, number, number, number, number, number, number, string[], number, string | null, number, number, number, number];

interface Head {
  format: 'discovery-index-cache';
  version: number;
  engine: string;
  /** Distinct config keys, days and metadata, referenced by index from each note. */
  configKeys: string[];
  days: string[];
  metas: MetaTuple[];
  /** Number of lines of note summaries after the head. */
  noteLines: number;
  /** Byte length of the block of rows and findings (a shorter file was cut off). */
  findingsBytes: number;
}

/** The cache as text: the head, the lines of summaries, the findings block (see the module comment). */
export function serializeIndexCache(cache: IndexCache): string {
  const writing = writeIndexCache(cache);
  for (;;) {
    const step = writing.next();
    if (step.done) return step.value.join('');
  }
}

/**
 * {@link serializeIndexCache} in steps: the generator yields after each line of summaries, so a host can write
 * the cache of a large workspace without holding up the user, and returns the text in parts (to be joined, or
 * encoded part by part).
 */
export function* writeIndexCache(cache: IndexCache): Generator<void, string[], void> {
  const configKeys: string[] = [];
  const days: string[] = [];
  const metas: MetaTuple[] = [];
  const metaIndex = new Map<string, number>();
  const tableIndex = (list: string[], s: string): number => {
    let i = list.indexOf(s);
    if (i < 0) i = list.push(s) - 1;
    return i;
  };
  const lines: string[] = [];
  const blocks: string[] = [];
  let line: NoteTuple[] = [];
  let offset = 0;
  for (const n of cache.notes.values()) {
    let mi = -1;
    const m = n.meta;
    if (m !== null) {
      const tuple: MetaTuple = [m.client, m.engagement, m.clientSource, m.engagementSource, m.lead, m.date, m.stage, m.tags];
      const key = JSON.stringify(tuple);
      mi = metaIndex.get(key) ?? -1;
      if (mi < 0) {
        mi = metas.push(tuple) - 1;
        metaIndex.set(key, mi);
      }
    }
    const findings = n.findings();
    const rowsText = JSON.stringify(
      n.risks.map((r): RowTuple => [r.id, r.title, r.line, r.likelihood, r.impact, r.score, r.band, r.owner, r.status, r.due, r.mitigation, r.isOpen ? 1 : 0]),
    );
    const findingsText = JSON.stringify(
      findings.map((f): FindingTuple => [f.rule, f.name, f.severity, f.message, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character]),
    );
    const rowsBytes = utf8Length(rowsText);
    const bytes = rowsBytes + utf8Length(findingsText);
    blocks.push(rowsText, findingsText);
    const counts = n.riskCounts;
    const missing: string[] = [];
    for (const s of n.missing) missing.push(s.id, s.name);
    line.push([
      n.uri,
      n.path,
      n.size,
      n.mtimeMs,
      tableIndex(configKeys, n.configKey),
      tableIndex(days, n.today),
      mi,
      counts.open,
      counts.critical,
      counts.high,
      missing,
      n.missingAt,
      n.skipped,
      offset,
      offset + rowsBytes,
      offset + bytes,
      findings.length,
    ]);
    offset += bytes;
    if (line.length === NOTES_PER_LINE) {
      lines.push(`${JSON.stringify(line)}\n`);
      line = [];
      yield;
    }
  }
  if (line.length > 0) lines.push(`${JSON.stringify(line)}\n`);
  const head: Head = { format: 'discovery-index-cache', version: cache.version, engine: cache.engine, configKeys, days, metas, noteLines: lines.length, findingsBytes: offset };
  return [`${JSON.stringify(head)}\n`, ...lines, ...blocks];
}

/** The outcome of reading a cache: the cache, or why it was refused. */
export type ParsedIndexCache = { ok: true; cache: IndexCache } | { ok: false; reason: string };

export interface ParseIndexCacheOptions {
  /**
   * Called when a note's risk rows or findings turn out unreadable when they are first decoded (once for each);
   * the note then reports none, and the host should read the note again.
   */
  onDamaged?: (note: CachedNote, error: unknown) => void;
}

const LINE_FEED = 10;

/**
 * A cache file read in two parts: its first bytes at once (the head and the lines of summaries, which a warm start
 * needs), the rest (the rows and findings, nine tenths of the file, decoded only when something reads them) later.
 * The extension's read of a local cache (src/vscode/wholeFile.ts, `openCacheFile`) reads the first part on the
 * host's thread, and the rest once the warm start has restored its notes.
 */
export interface CacheFileParts {
  /** The first bytes of the file: the whole file when {@link complete}. */
  readonly start: Uint8Array;
  /** The length of the whole file. */
  readonly size: number;
  /** Whether {@link start} is the whole file. */
  readonly complete: boolean;
  /**
   * Bytes `[from, to)` of the file, at once (from memory once the rest is read, else read for the asking). May
   * throw, or give fewer bytes (a file that can no longer be read): the note then reports its rows or findings
   * damaged (see {@link ParseIndexCacheOptions.onDamaged}).
   */
  read(from: number, to: number): Uint8Array;
}

/** The reason {@link readIndexCache} gives when the first part of a {@link CacheFileParts} is too short to hold every line of summaries: the caller reads the whole file and tries again. */
export const CACHE_START_TOO_SHORT = 'the first part read holds only some of the summaries';

/**
 * Reads a serialised cache (the bytes of the file, or its text). Refuses — with the reason — text that is not a
 * cache, was written by another format version or for another engine, or was cut off: the caller then starts
 * from an empty cache. Never throws. Only the summaries are decoded here; each note's findings are decoded on
 * first use.
 */
export function parseIndexCache(input: Uint8Array | string | CacheFileParts, engine: string, options: ParseIndexCacheOptions = {}): ParsedIndexCache {
  const reading = readIndexCache(input, engine, options);
  for (;;) {
    const step = reading.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link parseIndexCache} in steps: the generator yields after each line of summaries (a fraction of a
 * millisecond), so a host can interleave the decoding with other work (stats in flight, the user typing), and
 * returns the outcome.
 */
export function* readIndexCache(input: Uint8Array | string | CacheFileParts, engine: string, options: ParseIndexCacheOptions = {}): Generator<void, ParsedIndexCache, void> {
  // Bytes are told apart by their brand (ArrayBuffer.isView), which holds for bytes made in another realm too.
  const parts = typeof input === 'string' || ArrayBuffer.isView(input) ? null : input;
  const bytes: Uint8Array = typeof input === 'string' ? new TextEncoder().encode(input) : parts === null ? (input as Uint8Array) : parts.start;
  // The length of the whole file, of which `bytes` may be only the first part.
  const size = parts !== null ? parts.size : bytes.length;
  const refuse = (reason: string): ParsedIndexCache => ({ ok: false, reason });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  if (bytes.length < MAGIC.length) return refuse('not an index cache');
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return refuse('not an index cache');
  const headEnd = bytes.indexOf(LINE_FEED);
  if (headEnd < 0) return refuse('cut off in the head');
  let head: Head;
  try {
    head = JSON.parse(decoder.decode(bytes.subarray(0, headEnd))) as Head;
  } catch (e) {
    return refuse(`unreadable head (${e instanceof Error ? e.message : String(e)})`);
  }
  if (head === null || typeof head !== 'object') return refuse('unreadable head');
  if (head.version !== INDEX_CACHE_VERSION) return refuse(`format version ${String(head.version)}, this version reads ${INDEX_CACHE_VERSION}`);
  if (head.engine !== engine) return refuse(`written by ${String(head.engine)}, this is ${engine}`);
  const { configKeys, days, metas, noteLines } = head;
  if (!Array.isArray(configKeys) || !Array.isArray(days) || !Array.isArray(metas) || !Number.isInteger(noteLines) || noteLines < 0) return refuse('unreadable head');
  // Where each line of summaries ends, and so where the findings block starts: a file cut off anywhere is refused
  // before anything of it is used.
  const lineEnds: number[] = [];
  let at = headEnd;
  for (let k = 0; k < noteLines; k++) {
    at = bytes.indexOf(LINE_FEED, at + 1);
    if (at < 0) return refuse(parts !== null && !parts.complete ? CACHE_START_TOO_SHORT : 'cut off in the summaries');
    lineEnds.push(at);
  }
  const blockStart = at + 1;
  if (size - blockStart !== head.findingsBytes) return refuse(`cut off or padded (findings block of ${size - blockStart} bytes, ${String(head.findingsBytes)} expected)`);

  const metaObjects: NoteMeta[] = [];
  for (const m of metas) {
    if (!Array.isArray(m) || m.length !== 8 || !Array.isArray(m[7])) return refuse('unreadable metadata');
    metaObjects.push({ client: m[0], engagement: m[1], clientSource: m[2], engagementSource: m[3], lead: m[4], date: m[5], stage: m[6], tags: m[7] });
  }
  const notes = new Map<string, CachedNote>();
  // Notes' findings were written one after the other: each must start where the previous one ended.
  const layout = { next: 0 };
  // The summaries are decoded as one string (a large object, outside the young generation) and each line parsed
  // from a slice of it: decoding line by line made megabytes of short-lived text that forced extra garbage
  // collections, each copying everything decoded so far. JSON text holds no raw line feed inside a string, so the
  // lines of the text are the lines of the bytes.
  let text: string;
  try {
    text = decoder.decode(bytes.subarray(headEnd + 1, blockStart));
  } catch (e) {
    return refuse(`unreadable summaries (${e instanceof Error ? e.message : String(e)})`);
  }
  // The notes keep the file's bytes until each has decoded its rows and findings or been replaced. The summaries
  // are a twentieth of them, so copying the block out (5 MB on 1,000 notes) would cost more time than it saves
  // memory; a copy per note cost an allocation per note, a third of the decoding time. When only the first part of
  // the file is at hand, the block is asked for when a note first decodes (see CacheFileParts), and each note's
  // brackets are checked then, by decoding.
  const block = new Block(parts === null || parts.complete ? bytes.subarray(blockStart) : null, parts, blockStart, size);
  let lineStart = 0;
  for (let k = 0; k < lineEnds.length; k++) {
    yield;
    const lineEnd = text.indexOf('\n', lineStart);
    let tuples: NoteTuple[];
    try {
      tuples = JSON.parse(text.slice(lineStart, lineEnd)) as NoteTuple[];
    } catch (e) {
      return refuse(`unreadable summaries (${e instanceof Error ? e.message : String(e)})`);
    }
    lineStart = lineEnd + 1;
    if (!Array.isArray(tuples)) return refuse('unreadable summaries');
    for (const t of tuples) {
      const note = noteOf(t, configKeys, days, metaObjects, block, layout, decoder, options);
      if (note === null) return refuse('unreadable note entry, or its findings out of step with the block');
      notes.set(note.uri, note);
    }
  }
  if (layout.next !== head.findingsBytes) return refuse('findings block out of step with the summaries');
  return { ok: true, cache: { version: INDEX_CACHE_VERSION, engine, notes } };
}

/**
 * The fixes of a summary's findings: none (a quick fix needs the note's text), one frozen list shared by all. A
 * scan keeps thousands of summaries, each with dozens of findings, and its scavenges copy every object they hold.
 */
const NO_FIXES = Object.freeze([]) as unknown as Finding['fixes'];

/** The missing sections of a note that lacks none, shared by the notes read from a cache file. */
const NO_MISSING = Object.freeze([]) as unknown as MissingSection[];

/** Whether `block[from, to)` is not empty and starts with `[` and ends with `]`. */
function bracketed(block: Uint8Array, from: number, to: number): boolean {
  return to > from && block[from] === 0x5b && block[to - 1] === 0x5d;
}

/** The block of rows and findings of a cache file, shared by its notes: at hand, or read a note's part at a time. */
class Block {
  /** Its length in bytes. */
  readonly length: number;

  constructor(
    /** The block, when the whole file was given. */
    readonly atHand: Uint8Array | null,
    private readonly parts: CacheFileParts | null,
    private readonly start: number,
    size: number,
  ) {
    this.length = size - start;
  }

  /** Bytes `[from, to)` of the block; throws when they can no longer be read whole. */
  get(from: number, to: number): Uint8Array {
    if (this.atHand !== null) return this.atHand.subarray(from, to);
    const bytes = (this.parts as CacheFileParts).read(this.start + from, this.start + to);
    if (bytes.length !== to - from) throw new Error(`the index cache was cut short since it was opened (${bytes.length} of ${to - from} bytes read)`);
    return bytes;
  }
}

/** One note's summary from its tuple, or `null` when the tuple is not one. */
function noteOf(
  t: NoteTuple,
  configKeys: string[],
  days: string[],
  metas: NoteMeta[],
  block: Block,
  layout: { next: number },
  decoder: { decode(input: Uint8Array): string },
  options: ParseIndexCacheOptions,
): CachedNote | null {
  if (!Array.isArray(t) || t.length !== 17) return null;
  // Read by index: destructuring an array goes through its iterator, which unoptimised code (a warm start's) pays for.
  const uri = t[0];
  const path = t[1];
  const size = t[2];
  const mtimeMs = t[3];
  const configIndex = t[4];
  const dayIndex = t[5];
  const metaIndex = t[6];
  const open = t[7];
  const critical = t[8];
  const high = t[9];
  const missingFlat = t[10];
  const missingAt = t[11];
  const skipped = t[12];
  const start = t[13];
  const rowsEnd = t[14];
  const end = t[15];
  const findingCount = t[16];
  if (typeof uri !== 'string' || typeof path !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number') return null;
  const configKey = configKeys[configIndex];
  const today = days[dayIndex];
  const meta = metaIndex === -1 ? null : metas[metaIndex];
  if (typeof configKey !== 'string' || typeof today !== 'string' || meta === undefined || !Array.isArray(missingFlat)) return null;
  if (!Number.isInteger(open) || !Number.isInteger(critical) || !Number.isInteger(high) || open < critical + high || critical < 0 || high < 0) return null;
  // A note's rows and its findings are each one JSON array inside the block: checked by their brackets here when
  // the block is at hand, decoded later.
  if (start !== layout.next || !(end <= block.length)) return null;
  const at = block.atHand;
  if (at !== null && (!bracketed(at, start, rowsEnd) || !bracketed(at, rowsEnd, end))) return null;
  layout.next = end;
  // Most notes lack no section: they share one empty list.
  let missing = NO_MISSING;
  if (missingFlat.length > 1) {
    missing = [];
    for (let i = 0; i + 1 < missingFlat.length; i += 2) missing.push({ id: missingFlat[i], name: missingFlat[i + 1] });
  }
  return new RestoredNote(uri, path, size, mtimeMs, configKey, today, meta, { open, critical, high }, missing, missingAt, skipped, findingCount, block, start, rowsEnd, end, decoder, options);
}

/**
 * A note's summary read from a cache file: its rows and findings are decoded from the file's bytes when first
 * read (read then if the rest of the file is not yet: see CacheFileParts), and the note lets go of the bytes once
 * both are. (A class with the decoding on its prototype: an object literal with a getter per note took three times
 * as long to make, a third of the warm start's decoding.)
 */
class RestoredNote implements CachedNote {
  private rows: RiskRow[] | null = null;
  private decodedFindings: Finding[] | null = null;

  constructor(
    readonly uri: string,
    readonly path: string,
    readonly size: number,
    readonly mtimeMs: number,
    readonly configKey: string,
    readonly today: string,
    readonly meta: NoteMeta | null,
    readonly riskCounts: RiskCounts,
    readonly missing: MissingSection[],
    readonly missingAt: number,
    readonly skipped: string | null,
    readonly findingCount: number,
    private source: Block | null,
    private readonly start: number,
    private readonly rowsEnd: number,
    private readonly end: number,
    private readonly decoder: { decode(input: Uint8Array): string },
    private readonly options: ParseIndexCacheOptions,
  ) {}

  get risks(): RiskRow[] {
    if (this.rows === null) {
      try {
        const rows = decodeRows(this.decoder.decode((this.source as Block).get(this.start, this.rowsEnd)), this.meta, this.path);
        const counted = countRisks(rows);
        const { open, critical, high } = this.riskCounts;
        if (counted.open !== open || counted.critical !== critical || counted.high !== high) throw new Error('risk counts out of step with the rows');
        this.rows = rows;
      } catch (e) {
        this.rows = [];
        this.options.onDamaged?.(this, e);
      }
      this.release();
    }
    return this.rows;
  }

  /** A method, not a bound function per note (the workspace index takes the note itself as its lazy findings). */
  findings(): Finding[] {
    if (this.decodedFindings === null) {
      try {
        this.decodedFindings = decodeFindings(this.decoder.decode((this.source as Block).get(this.rowsEnd, this.end)), this.path);
      } catch (e) {
        this.decodedFindings = [];
        this.options.onDamaged?.(this, e);
      }
      this.release();
    }
    return this.decodedFindings;
  }

  private release(): void {
    if (this.rows !== null && this.decodedFindings !== null) this.source = null;
  }
}

function decodeRows(text: string, meta: NoteMeta | null, path: string): RiskRow[] {
  const tuples = JSON.parse(text) as RowTuple[];
  if (!Array.isArray(tuples)) throw new Error('risk rows are not a list');
  const client = meta?.client ?? null;
  const engagement = meta?.engagement ?? null;
  return tuples.map((r) => {
    if (!Array.isArray(r) || r.length !== 12) throw new Error('unreadable risk row');
    return {
      id: r[0],
      title: r[1],
      client,
      engagement,
      path,
      line: r[2],
      likelihood: r[3],
      impact: r[4],
      score: r[5],
      band: r[6],
      owner: r[7],
      status: r[8],
      due: r[9],
      mitigation: r[10],
      isOpen: r[11] === 1,
    };
  });
}

function decodeFindings(text: string, path: string): Finding[] {
  const tuples = JSON.parse(text) as FindingTuple[];
  if (!Array.isArray(tuples)) throw new Error('findings are not a list');
  return tuples.map((f) => {
    if (!Array.isArray(f) || f.length !== 8 || typeof f[3] !== 'string') throw new Error('unreadable finding');
    return { rule: f[0], name: f[1], severity: f[2], message: f[3], range: { start: { line: f[4], character: f[5] }, end: { line: f[6], character: f[7] } }, path, fixes: NO_FIXES };
  });
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
