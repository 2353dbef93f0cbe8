/**
 * The workspace index: every discovery note of the workspace, analysed, with its findings.
 *
 * One source of truth for diagnostics, the risk tree, CodeLens, the status bar and the summaries. It is pure:
 * the host (the VS Code indexer, or a test) reads the files and hands the text in; the index parses, analyses
 * and lints it, and emits which notes changed. It keeps the analysed {@link Note} (plain data, no syntax trees)
 * and never the text itself, so a workspace of thousands of notes stays small.
 *
 * Per-note rules run when a note is upserted. Workspace rules (DISC009 across notes, DISC010) depend on every
 * note of an engagement, so they are recomputed only for the engagements an update touched, and for a whole
 * engagement only when its risk IDs, references or members changed (otherwise only for the edited notes).
 * A bulk load ({@link WorkspaceIndex.beginBulk}) defers all engagement work to {@link WorkspaceIndex.settle},
 * which does it once per touched engagement, in steps the host can interleave with other work: loading n notes
 * stays linear in n however large an engagement is.
 *
 * A warm start {@link WorkspaceIndex.restore}s notes from cached summaries (metadata, risk rows, findings) without
 * parsing them; such an entry has `note: null` and its `summary`. Engagement rules need every note of an
 * engagement analysed, so an engagement that must be recomputed while some of its notes are still summaries
 * asks the host to read those notes ({@link WorkspaceIndex.takeHydrationRequests}).
 */
import type { DiscoveryConfig } from './configTypes';
import type { Finding, Note, NoteMeta, ParsedNote } from './model';
import { analyze } from './analyze';
import { completeSummary, summarizeNote, UNSTAMPED, type CachedNote } from './indexCache';
import { engagementSkeleton, withoutBlocks } from './leanNote';
import { checkNote } from './lint';
import { NoteTooComplexError, parseNote } from './parse/index';
import { countRisks, riskRows, type RiskCounts, type RiskRow, type RiskRowSource } from './risks';
import { allocatesRiskIds } from './rules/helpers';
import type { RuleContext } from './rules/types';
import { checkEngagementNote, checkEngagements, engagementKeyOf } from './workspaceRules';
import { utf8Length } from './text';

/** One note in the index. */
export interface IndexedNote {
  /** The note's URI as a string (the identity in the index). */
  uri: string;
  /** Workspace-relative path with `/` separators (what findings and rows report). */
  path: string;
  /** The analysed note, or `null` when it was skipped. */
  note: Note | null;
  /** Per-note and workspace findings of this note, in document order. */
  findings: Finding[];
  /** Why the note was not checked (too large, binary, not UTF-8, internal error), else `null`. */
  skipped: string | null;
  /** Version of the open document the text came from, or `null` when it came from disk. */
  version: number | null;
  /** The effective configuration the note was checked with. */
  config: DiscoveryConfig;
  /** The cached summary the note was restored from while it has not been parsed again (`note` is then `null`). */
  summary?: NoteSummary | null;
}

/** What a cached summary keeps of a note: enough for the risk tree, the badge, Note Health and the problems. */
export interface NoteSummary {
  meta: NoteMeta | null;
  /** The note's risk rows; a restored summary decodes them when they are first read. */
  readonly risks: readonly RiskRow[];
  /** Its open, open critical and open high risks, known without reading {@link risks}. */
  riskCounts?: RiskCounts;
  /** The required sections the note lacks (the Note Health view), in canonical order. */
  missing: ReadonlyArray<{ id: string; name: string }>;
  /** Line (0-based) where a missing section is looked for when no finding says. */
  missingAt: number;
}

/** How much work the index did, for tests and the benchmark. */
export interface IndexCounters {
  /** Notes parsed and analysed (text upserted or a parsed note handed in). */
  parsed: number;
  /** Notes restored from cached summaries. */
  restored: number;
  /** Per-note rule runs (`checkNote`). */
  checked: number;
  /** Full engagement recomputations (every note's rules re-run, then the engagement rules). */
  engagementRecomputes: number;
  /** Notes summarised as they were loaded (see {@link WorkspaceIndexOptions.summarizeOnLoad}). */
  summarizedOnLoad: number;
}

/** What an update changed: URIs of notes added or updated (including workspace findings), and URIs removed. */
export interface IndexChange {
  changed: string[];
  removed: string[];
}

export interface Disposable {
  dispose(): void;
}

export interface WorkspaceIndexOptions {
  /** Today's date as YYYY-MM-DD; read on every check so a long-running host stays current. */
  today: () => string;
  /**
   * For a host that keeps settled notes as summaries ({@link WorkspaceIndex.compact}): a note read from disk
   * during a bulk load whose own findings cannot depend on its engagement (every risk has an ID, none twice) is
   * checked and summarised by the next step of {@link WorkspaceIndex.settle} or {@link WorkspaceIndex.settleQuiet}
   * (before any engagement is settled), and keeps only its {@link engagementSkeleton} until its engagement is
   * settled; {@link WorkspaceIndex.compact} then completes its summary with the engagement's findings. Its view
   * has `note: null` and that summary meanwhile, as a note kept as a summary has.
   *
   * Why: an engagement's analysed notes all stayed alive until its last note was read (its rules need them
   * together), and on 10,000 notes the collector copied about 125 KB per note out of the young generation, in
   * pauses of up to 45-49 ms; a summary and a skeleton are about a quarter of that.
   */
  summarizeOnLoad?: boolean;
}

interface Entry {
  uri: string;
  path: string;
  note: Note | null;
  noteFindings: Finding[];
  workspaceFindings: Finding[];
  findings: Finding[];
  skipped: string | null;
  version: number | null;
  config: DiscoveryConfig;
  /** The engagement group this note belongs to (see {@link groupKey}). */
  group: string;
  /**
   * A note summarised as it was loaded ({@link WorkspaceIndexOptions.summarizeOnLoad}): what the engagement
   * rules read of it, until its engagement is settled and its summary completed. `note` is then `null`.
   */
  skeleton: Note | null;
  /** Per-note rules not run yet (loaded in bulk): {@link WorkspaceIndex.settle} runs them. */
  unchecked: boolean;
  /** Upserted since its engagement findings were last computed. */
  edited: boolean;
  summary: NoteSummary | null;
  /** A restored note's findings, not decoded yet: {@link resolveFindings} replaces them on first use. */
  lazyFindings: LazyFindings | null;
  /** The frozen public view, rebuilt when the entry changes. */
  view: IndexedNote;
}

/**
 * Engagements kept as summaries during one bulk load that a later note joined (so that they were read again)
 * before {@link WorkspaceIndex.compact} stops for the rest of that load: a scan that lists engagements interleaved
 * (one flat folder of notes named by date, say) would otherwise read notes again and again.
 */
const MAX_COMPACT_MISSES = 4;

/** A restored note's findings before they are decoded: a function, or a summary whose `findings()` decodes them. */
export type LazyFindings = (() => readonly Finding[]) | { findings(): readonly Finding[] };

function isLazy(findings: readonly Finding[] | LazyFindings): findings is LazyFindings {
  return !Array.isArray(findings);
}

/**
 * The findings of an entry that has none (yet), shared: an empty list per entry was three of the dozen objects a
 * restored note keeps, and a warm start's scavenges copy each of them (lists are replaced, never changed in place).
 */
const NO_FINDINGS = Object.freeze([]) as unknown as Finding[];

/** The note the engagement rules read for an entry: the analysed note, or the skeleton of one summarised on load. */
function engagementNote(e: Entry): Note | null {
  return e.note ?? e.skeleton;
}

/** Group key of a note for workspace rules: its engagement, or the note alone when client or engagement is unknown. */
function groupKey(uri: string, meta: Pick<NoteMeta, 'client' | 'engagement'> | null): string {
  // Names are normalised once per spelling (engagementKeyOf); each note, restored or analysed, has metadata of its own.
  const key = meta ? engagementKeyOf(meta) : null;
  return key === null ? `\u0001${uri}` : key;
}

/** The folder part of a note's URI (up to its last `/`). */
function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** The metadata of an indexed note: from its analysed note, or from the summary it is kept as; `null` if skipped. */
export function indexedMeta(n: IndexedNote): NoteMeta | null {
  return n.note?.meta ?? n.summary?.meta ?? null;
}

/** The risk rows of an indexed note: from its analysed note, or from the cached summary it was restored from. */
export function indexedRiskRows(n: IndexedNote): readonly RiskRow[] {
  if (n.note) return riskRows([n.note]);
  return n.summary?.risks ?? [];
}

/**
 * The risk rows of an indexed note as a source for the risk tree (`buildRiskTreeFromSources`): a note
 * restored from the cache gives its counts and decodes its rows only when they are read; an analysed note gives
 * its rows.
 */
export function riskRowSource(n: IndexedNote): RiskRowSource {
  const meta = indexedMeta(n);
  const client = meta?.client ?? null;
  const engagement = meta?.engagement ?? null;
  const summary = n.note ? null : n.summary;
  if (summary?.riskCounts) {
    const counts = summary.riskCounts;
    return { client, engagement, counts, rows: () => summary.risks };
  }
  const rows = indexedRiskRows(n);
  return { client, engagement, counts: countRisks(rows), rows: () => rows };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}

/** The index of the discovery notes of a workspace. See the module comment. */
export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly groups = new Map<string, Set<string>>();
  /** Folders of notes being parsed elsewhere, with how many (see {@link expectNote}). */
  private readonly pendingFolders = new Map<string, number>();
  private readonly listeners = new Set<(change: IndexChange) => void>();
  private batchDepth = 0;
  private bulkDepth = 0;
  private pendingGroups = new Set<string>();
  private pendingChanged = new Set<string>();
  private pendingRemoved = new Set<string>();
  /** Engagement groups whose recomputation a bulk load deferred to {@link settle}. */
  private readonly deferred = new Set<string>();
  /** The group {@link settle} is working through, as a resumable sequence of steps. */
  private settling: Generator<void, void, void> | null = null;
  /** Bumped whenever a group's membership or a member's entry changes, so a resumed step can tell it is stale. */
  private readonly groupVersions = new Map<string, number>();
  private readonly hydration = new Set<string>();
  private readonly hydrationListeners = new Set<() => void>();
  /** Notes a view asked to have analysed ({@link requestHydration}): {@link compact} leaves them analysed. */
  private readonly wanted = new Set<string>();
  /** Whether {@link compact} may keep notes as summaries (until {@link keepAnalysed}). */
  private compacting = true;
  /** Engagements {@link compact} kept as summaries during the current bulk load. */
  private compactedGroups = new Set<string>();
  /** How many of those a later note joined during the same bulk load, so that they had to be read again. */
  private compactMisses = 0;
  /** Notes loaded in bulk that {@link summarizeLoaded} is to check and summarise. */
  private readonly loaded = new Set<Entry>();
  /** Engagements settled during a bulk load whose notes {@link compact} has not looked at yet. */
  private readonly settledGroups = new Set<string>();
  /** Engagements deferred since the last completed {@link settleQuiet} (still receiving notes, as far as it knows). */
  private touched = new Set<string>();
  /** Per engagement group, the risk IDs its per-note findings were computed against (see {@link riskIdSignature}). */
  private readonly groupSignatures = new Map<string, string>();
  readonly counters: IndexCounters = { parsed: 0, restored: 0, checked: 0, engagementRecomputes: 0, summarizedOnLoad: 0 };

  constructor(private readonly options: WorkspaceIndexOptions) {}

  /**
   * Adds or replaces a note from its text. `version` is the open document's version, or `null`/omitted for
   * text read from disk. Open-document text wins over disk: a disk read is ignored while the note is held
   * from an open document (call {@link releaseDocument} when it closes), and an older document version never
   * replaces a newer one. Returns `false` when the text was ignored for that reason.
   */
  upsert(uri: string, relPath: string, text: string, config: DiscoveryConfig, version?: number | null): boolean {
    const v = version ?? null;
    if (!this.accepts(uri, v)) return false;
    if (utf8Length(text) > config.maxFileBytes) {
      this.put(uri, relPath, null, [], tooLarge(config.maxFileBytes), v, config);
      return true;
    }
    this.ingest(uri, relPath, () => parseNote(text), config, v);
    return true;
  }

  /**
   * {@link upsert} for a note parsed elsewhere (a worker thread): `parsed` is what `parseNote` returned for the
   * text, `bytes` the text's UTF-8 length.
   */
  upsertParsed(uri: string, relPath: string, parsed: ParsedNote, bytes: number, config: DiscoveryConfig, version?: number | null): boolean {
    const v = version ?? null;
    if (!this.accepts(uri, v)) return false;
    if (bytes > config.maxFileBytes) {
      this.put(uri, relPath, null, [], tooLarge(config.maxFileBytes), v, config);
      return true;
    }
    this.ingest(uri, relPath, () => parsed, config, v);
    return true;
  }

  /**
   * Fills in a note from a cached summary (a warm start), without parsing it: the tree, the badge, Note Health
   * and the problems show it at once. `findings` are the note's findings when the summary was written (per-note
   * and engagement findings, in document order), or a function, or an object with a `findings()` method (a summary
   * read from the cache file), that decodes them when they are first read.
   * Ignored (returns `false`) when the note is already indexed.
   */
  restore(
    uri: string,
    relPath: string,
    summary: NoteSummary,
    findings: readonly Finding[] | LazyFindings,
    skipped: string | null,
    config: DiscoveryConfig,
  ): boolean {
    if (this.entries.has(uri)) return false;
    this.counters.restored++;
    const lazy = isLazy(findings) ? findings : null;
    this.put(uri, relPath, null, lazy !== null ? NO_FINDINGS : [...(findings as readonly Finding[])], skipped, null, config, {
      summary: skipped === null ? summary : null,
      quiet: true,
      lazyFindings: lazy,
    });
    return true;
  }

  /**
   * Notes (URIs) still held as cached summaries that must be read: their engagement must be recomputed (the
   * engagement rules need every note analysed), or a view asked for them ({@link requestHydration}). The host
   * should read them (upsert their text). Each URI is handed out once.
   */
  takeHydrationRequests(): string[] {
    const out: string[] = [];
    for (const uri of this.hydration) if (this.entries.get(uri)?.summary) out.push(uri);
    this.hydration.clear();
    return out;
  }

  /**
   * Asks the host to read notes held as cached summaries (a view that needs the analysed notes — commitments,
   * questions — such as the risk summary). URIs of notes that are not summaries are ignored. Returns how many
   * were requested.
   */
  requestHydration(uris: Iterable<string>): number {
    let n = 0;
    for (const uri of uris) {
      const entry = this.entries.get(uri);
      if (!entry) continue;
      this.wanted.add(uri);
      if (!entry.summary || this.hydration.has(uri)) continue;
      this.hydration.add(uri);
      n++;
    }
    if (n > 0) this.notifyHydration();
    return n;
  }

  /**
   * A view needs every note analysed (the workspace's risk summary and its export list commitments and questions):
   * from now on {@link compact} keeps notes analysed, and every note held as a summary is asked for.
   */
  keepAnalysed(): void {
    this.compacting = false;
    this.requestHydration(this.summaryUris());
  }

  /** Notes held as cached summaries (restored and not read since), as URIs. */
  summaryUris(): string[] {
    const out: string[] = [];
    for (const e of this.entries.values()) if (e.summary) out.push(e.uri);
    return out;
  }

  /** Subscribes to hydration requests: the listener should call {@link takeHydrationRequests}. */
  onHydrationRequest(listener: () => void): Disposable {
    this.hydrationListeners.add(listener);
    return { dispose: () => this.hydrationListeners.delete(listener) };
  }

  /**
   * Records a note that could not be read as text (binary, invalid UTF-8, too large to read), so it is listed
   * with its reason instead of silently missing. Ignored while the note is held from an open document.
   */
  markSkipped(uri: string, relPath: string, reason: string, config: DiscoveryConfig): boolean {
    const existing = this.entries.get(uri);
    if (existing && existing.version !== null) return false;
    this.put(uri, relPath, null, [], reason, null, config);
    return true;
  }

  /** The open document was closed: the next disk read of the note replaces its text again. */
  releaseDocument(uri: string): void {
    const entry = this.entries.get(uri);
    if (entry && entry.version !== null) {
      entry.version = null;
      // The note now stands for the file on disk, whose findings carry no quick fixes (see runNoteRules): the
      // same findings, without the fixes only the open document needed.
      const bare = (list: Finding[]): Finding[] => (list.some((f) => f.fixes.length > 0) ? list.map((f) => (f.fixes.length > 0 ? { ...f, fixes: [] } : f)) : list);
      if (entry.lazyFindings === null) {
        entry.noteFindings = bare(entry.noteFindings);
        entry.workspaceFindings = bare(entry.workspaceFindings);
        entry.findings = merge(entry);
      }
      entry.view = freeze(entry);
    }
  }

  /** Removes a note (deleted or renamed away). Returns `false` if it was not indexed. */
  remove(uri: string): boolean {
    const entry = this.entries.get(uri);
    if (!entry) return false;
    this.entries.delete(uri);
    this.wanted.delete(uri);
    this.leaveGroup(entry.group, uri);
    this.pendingGroups.add(entry.group);
    this.pendingChanged.delete(uri);
    this.pendingRemoved.add(uri);
    this.flushIfIdle();
    return true;
  }

  /** Removes every note whose URI lies under a folder URI (a workspace folder removed, a folder deleted). */
  removeUnder(folderUri: string): string[] {
    const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
    const removed: string[] = [];
    this.batch(() => {
      for (const uri of [...this.entries.keys()]) {
        if (uri.startsWith(prefix) && this.remove(uri)) removed.push(uri);
      }
    });
    return removed;
  }

  /** Removes every note (a full re-scan starts from nothing). */
  clear(): void {
    this.batch(() => {
      for (const uri of [...this.entries.keys()]) this.remove(uri);
    });
  }

  /**
   * Runs `fn` with workspace-rule recomputation and change events deferred to its end, so a scan of many notes
   * recomputes each engagement once and emits one event. Batches nest.
   */
  batch<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      return fn();
    } finally {
      this.batchDepth--;
      this.flushIfIdle();
    }
  }

  /**
   * Starts a bulk load (a scan, a burst of file events) that may span many batches and yields to the host in
   * between: until the matching {@link endBulk}, notes read from disk are parsed and analysed but their rules
   * wait, and engagement work is deferred to {@link settle}. Change events still fire per batch, so the tree
   * fills in as notes arrive. Open-document text (a version) is still checked at once. Bulk loads nest.
   */
  beginBulk(): void {
    this.bulkDepth++;
  }

  /** Ends a bulk load; the last one to end settles whatever deferred work is left, synchronously. */
  endBulk(): void {
    if (this.bulkDepth === 0) return;
    this.bulkDepth--;
    if (this.bulkDepth === 0 && this.batchDepth === 0) this.settle();
    if (this.bulkDepth === 0) {
      this.compactedGroups = new Set();
      this.compactMisses = 0;
      // Those its settle did not reach (a batch still open) are checked as any other note.
      this.loaded.clear();
    }
  }

  /**
   * Does deferred work (per-note rules of notes loaded in bulk, then each touched engagement's rules, once per
   * engagement) until `shouldYield()` says to stop; returns `true` when nothing is left. Emits the changes it
   * made. A host calls it between slices of a bulk load.
   */
  settle(shouldYield: () => boolean = () => false): boolean {
    return this.settleWhere(shouldYield, () => true);
  }

  /**
   * {@link settle} for the engagements a bulk load has stopped adding notes to: those not deferred again since the
   * previous call that returned `true` (a scan lists a folder's notes together, so an engagement whose notes came
   * in one chunk of reads and not in the next is, as far as anyone can tell, complete). A host calls it between
   * chunks of a long scan, then {@link compact}, so the index never holds every analysed note at once. Should a
   * later note join a settled engagement after all, the engagement is recomputed as any other change is.
   */
  settleQuiet(shouldYield: () => boolean = () => false): boolean {
    const touched = this.touched;
    const done = this.settleWhere(shouldYield, (group) => !touched.has(group) && !this.awaitsNote(group));
    if (done) this.touched = new Set();
    return done;
  }

  /**
   * Says that the note at `uri` is being parsed elsewhere (the host's parse worker) and will be upserted or marked
   * skipped later; call {@link expectedDone} once it is (or is cancelled). Until then {@link settleQuiet} leaves
   * alone the engagements with a note in the same folder, which it most likely belongs to: settling one just before
   * its late note joins it kept its notes as summaries only to read them all again, and after a few such misses a
   * scan stops keeping summaries at all (on 10,000 notes, a heap of 830 MB instead of 200 MB after the scan).
   */
  expectNote(uri: string): void {
    const folder = folderOf(uri);
    this.pendingFolders.set(folder, (this.pendingFolders.get(folder) ?? 0) + 1);
  }

  /** The note announced by {@link expectNote} is in the index, skipped, or no longer coming. */
  expectedDone(uri: string): void {
    const folder = folderOf(uri);
    const left = (this.pendingFolders.get(folder) ?? 0) - 1;
    if (left > 0) this.pendingFolders.set(folder, left);
    else this.pendingFolders.delete(folder);
  }

  /** Whether a note of the engagement `group` is in a folder that a note still being parsed elsewhere is in. */
  private awaitsNote(group: string): boolean {
    if (this.pendingFolders.size === 0) return false;
    for (const uri of this.groups.get(group) ?? []) if (this.pendingFolders.has(folderOf(uri))) return true;
    return false;
  }

  private settleWhere(shouldYield: () => boolean, eligible: (group: string) => boolean): boolean {
    try {
      if (!this.summarizeLoaded(shouldYield)) return false;
      for (;;) {
        if (!this.settling) {
          let next: string | undefined;
          for (const group of this.deferred) {
            if (!eligible(group)) continue;
            next = group;
            break;
          }
          if (next === undefined) return true;
          this.deferred.delete(next);
          this.settling = this.recomputeSteps(next);
        }
        let step = this.settling.next();
        while (!step.done) {
          if (shouldYield()) return false;
          step = this.settling.next();
        }
        this.settling = null;
        if (shouldYield()) return ![...this.deferred].some(eligible);
      }
    } finally {
      this.emit();
    }
  }

  /**
   * Keeps the notes of the engagements settled during a bulk load as summaries, as a warm start restores them:
   * their risk rows, counts, missing sections and findings (without fixes, which an open document's check gives),
   * not the analysed note. `summarize` makes a note's summary (with its strings cut loose from the note's text),
   * or returns `null` to keep the note analysed. Notes open in an editor, waiting for their rules, skipped, or
   * asked for by a view ({@link requestHydration}) stay analysed; a view that needs a compacted note asks for it
   * to be read again, as for a restored one. Returns `false` when `shouldYield` stopped it before the end.
   * A note summarised on load ({@link WorkspaceIndexOptions.summarizeOnLoad}) is completed here, even once
   * compaction has stopped: `summarize` gets it with `note: null` and its summary completed with the engagement's
   * findings but unstamped (`isUnstamped` in src/core/indexCache.ts), and may return it stamped with the file's
   * stat; `null` keeps it unstamped.
   *
   * Why: on ten thousand notes the analysed notes were most of the extension host's heap (about 1,200 objects
   * each), and collecting that heap blocked the host for 80-180 ms at a time during the first scan.
   */
  compact(summarize: (n: IndexedNote) => { summary: NoteSummary; findings: readonly Finding[] } | null, shouldYield: () => boolean = () => false): boolean {
    const compacting = this.compactsNow();
    // Notes summarised on load are completed whatever happens (they have no analysed note to keep).
    if (!compacting && this.options.summarizeOnLoad !== true) {
      this.settledGroups.clear();
      return true;
    }
    try {
      for (const group of this.settledGroups) {
        // Deferred again (a note joined it): compacted once it is settled again.
        if (this.deferred.has(group)) {
          this.settledGroups.delete(group);
          continue;
        }
        // Note by note: a large engagement's summaries take longer than a slice. A group stays listed until all
        // its notes are done; those already kept are passed over when it is resumed.
        for (const uri of this.groups.get(group) ?? []) {
          const e = this.entries.get(uri);
          if (!e || e.version !== null || e.unchecked || e.skipped !== null || e.lazyFindings !== null) continue;
          const early = e.skeleton !== null;
          if (!early && (!compacting || e.note === null || this.wanted.has(uri) || this.hydration.has(uri))) continue;
          if (shouldYield()) return false;
          // Its summary, with the engagement's findings now known; the host stamps it with the file's stat.
          if (early) this.completeEarly(e);
          const made = summarize(e.view);
          if (made) {
            e.note = null;
            e.summary = made.summary;
            e.noteFindings = [...made.findings];
          } else if (!early) {
            continue;
          }
          e.workspaceFindings = NO_FINDINGS;
          e.edited = false;
          e.findings = merge(e);
          e.view = freeze(e);
          this.pendingChanged.add(uri);
          this.compactedGroups.add(group);
        }
        this.settledGroups.delete(group);
      }
      return true;
    } finally {
      this.emit();
    }
  }

  /** Whether deferred engagement work is waiting for {@link settle}. */
  get unsettled(): boolean {
    return this.settling !== null || this.deferred.size > 0;
  }

  /** Every indexed note, in no particular order. */
  all(): IndexedNote[] {
    return [...this.entries.values()].map((e) => e.view);
  }

  get(uri: string): IndexedNote | undefined {
    return this.entries.get(uri)?.view;
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The notes of the same engagement as `uri` (the note itself included), for the status bar, CodeLens and the
   * engagement summary. A note without client or engagement is its own engagement.
   */
  engagementOf(uri: string): IndexedNote[] {
    const entry = this.entries.get(uri);
    if (!entry) return [];
    const members = this.groups.get(entry.group);
    if (!members) return [entry.view];
    const out: IndexedNote[] = [];
    for (const m of members) {
      const e = this.entries.get(m);
      if (e) out.push(e.view);
    }
    return out;
  }

  /** Subscribes to changes; the listener receives the URIs changed and removed by one update or batch. */
  onDidChange(listener: (change: IndexChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private accepts(uri: string, version: number | null): boolean {
    const existing = this.entries.get(uri);
    return !(existing && existing.version !== null && (version === null || version < existing.version));
  }

  private ingest(uri: string, relPath: string, parse: () => ParsedNote, config: DiscoveryConfig, version: number | null): void {
    let note: Note | null = null;
    let findings: Finding[] = [];
    let skipped: string | null = null;
    // Text from disk during a bulk load is checked once its engagement is complete (settle), not against a
    // half-loaded engagement now and again later.
    const defer = this.bulkDepth > 0 && version === null;
    let summarize = false;
    try {
      this.counters.parsed++;
      const full = analyze(parse(), config, relPath);
      const analysed = version === null ? withoutBlocks(full) : full;
      // Its own findings would be final now: it is summarised by the next settle step (summarizeLoaded).
      summarize = defer && this.options.summarizeOnLoad === true && !allocatesRiskIds(analysed);
      if (!defer) {
        // The other notes of the engagement let fixes pick risk IDs that are free across the engagement. Only an
        // open document's fixes are ever used (see `fixes` in runNoteRules).
        const ctx: RuleContext = { config, today: this.options.today(), engagementNotes: this.engagementNotes(uri, analysed), fixes: version !== null };
        this.counters.checked++;
        findings = checkNote(analysed, ctx);
      }
      note = analysed;
    } catch (e) {
      // A bug in a rule must not take the index down; the note is reported as skipped with the reason.
      note = null;
      findings = [];
      skipped = e instanceof NoteTooComplexError ? e.message : `could not be checked: ${e instanceof Error ? e.message : String(e)}`;
      summarize = false;
    }
    this.put(uri, relPath, note, findings, skipped, version, config, { unchecked: defer && note !== null });
    if (summarize) this.loaded.add(this.entries.get(uri) as Entry);
  }

  /**
   * Checks and summarises the notes loaded since the last call that may be (see
   * {@link WorkspaceIndexOptions.summarizeOnLoad}), until `shouldYield()`; returns `true` when none is left. A step
   * of {@link settle}, before any engagement: analysing a note and checking and summarising it are then two steps
   * the host can put in different slices (the first of each in a process compiles its code: 20-45 ms together).
   */
  private summarizeLoaded(shouldYield: () => boolean): boolean {
    for (const e of this.loaded) {
      if (shouldYield()) return false;
      this.loaded.delete(e);
      // Replaced, removed, already checked (its engagement was settled outside a bulk load), or now wanted analysed.
      if (this.entries.get(e.uri) !== e || e.note === null || !e.unchecked || !this.summarizesOnLoad(e.uri)) continue;
      const note = e.note;
      const today = this.options.today();
      let summary: CachedNote;
      let skeleton: Note;
      try {
        this.counters.checked++;
        // No fixes: the note is from disk.
        const own = checkNote(note, { config: e.config, today, fixes: false });
        summary = summarizeNote({ uri: e.uri, path: e.path, ...UNSTAMPED, today, note, config: e.config, findings: own, skipped: null });
        skeleton = engagementSkeleton(note, summary.meta as NoteMeta);
      } catch {
        // Left to its engagement's settle step, which checks it as any other note.
        continue;
      }
      this.counters.summarizedOnLoad++;
      e.note = null;
      e.summary = summary;
      e.skeleton = skeleton;
      e.unchecked = false;
      e.edited = true;
      e.noteFindings = summary.findings();
      e.workspaceFindings = NO_FINDINGS;
      e.findings = merge(e);
      e.view = freeze(e);
      // A settle step under way for its engagement holds the analysed note: it starts again.
      this.bumpGroup(e.group);
      this.pendingChanged.add(e.uri);
    }
    return true;
  }

  /** Whether a note loaded in bulk may be summarised now (see {@link WorkspaceIndexOptions.summarizeOnLoad}). */
  private summarizesOnLoad(uri: string): boolean {
    return this.options.summarizeOnLoad === true && this.compactsNow() && !this.wanted.has(uri);
  }

  /** Whether settled notes are kept as summaries now: no view wants every note analysed, and few were read again. */
  private compactsNow(): boolean {
    return this.compacting && this.compactMisses < MAX_COMPACT_MISSES;
  }

  /**
   * The analysed notes of `note`'s engagement (skeletons of those summarised on load), `note` first, with the copy
   * of `uri` in the index left out.
   */
  private engagementNotes(uri: string, note: Note): Note[] {
    const members = this.groups.get(groupKey(uri, note.meta));
    const out = [note];
    if (!members) return out;
    for (const m of members) {
      const e = m === uri ? undefined : this.entries.get(m);
      const other = e ? engagementNote(e) : null;
      if (other) out.push(other);
    }
    return out;
  }

  private put(
    uri: string,
    path: string,
    note: Note | null,
    noteFindings: Finding[],
    skipped: string | null,
    version: number | null,
    config: DiscoveryConfig,
    extra: { unchecked?: boolean; summary?: NoteSummary | null; skeleton?: Note | null; quiet?: boolean; lazyFindings?: LazyFindings | null } = {},
  ): void {
    const previous = this.entries.get(uri);
    const summary = extra.summary ?? null;
    const group = groupKey(uri, note ? note.meta : summary?.meta ?? null);
    if (previous && previous.group !== group) {
      this.leaveGroup(previous.group, uri);
      this.pendingGroups.add(previous.group);
    }
    const entry: Entry = {
      uri,
      path,
      note,
      noteFindings,
      workspaceFindings: previous && previous.group === group && !previous.summary ? previous.workspaceFindings : NO_FINDINGS,
      findings: NO_FINDINGS,
      skipped,
      version,
      config,
      group,
      skeleton: extra.skeleton ?? null,
      unchecked: extra.unchecked ?? false,
      edited: note !== null || extra.skeleton != null,
      summary,
      lazyFindings: extra.lazyFindings ?? null,
      view: undefined as unknown as IndexedNote,
    };
    if (entry.lazyFindings === null) entry.findings = merge(entry);
    entry.view = freeze(entry);
    this.entries.set(uri, entry);
    let members = this.groups.get(group);
    if (!members) this.groups.set(group, (members = new Set()));
    members.add(uri);
    this.bumpGroup(group);
    // A restored summary carries the findings of a complete engagement: nothing to recompute for it.
    if (!extra.quiet) this.pendingGroups.add(group);
    this.pendingRemoved.delete(uri);
    this.pendingChanged.add(uri);
    this.flushIfIdle();
  }

  private bumpGroup(group: string): void {
    this.groupVersions.set(group, (this.groupVersions.get(group) ?? 0) + 1);
  }

  private leaveGroup(group: string, uri: string): void {
    const members = this.groups.get(group);
    if (!members) return;
    members.delete(uri);
    this.bumpGroup(group);
    if (members.size === 0) {
      this.groups.delete(group);
      this.groupSignatures.delete(group);
      this.groupVersions.delete(group);
    }
  }

  private flushIfIdle(): void {
    if (this.batchDepth > 0) return;
    const groups = this.pendingGroups;
    this.pendingGroups = new Set();
    if (this.bulkDepth > 0) {
      for (const group of groups) {
        this.deferred.add(group);
        this.touched.add(group);
      }
    } else {
      for (const group of groups) {
        this.deferred.delete(group);
        for (const _ of this.recomputeSteps(group)) {
          // Run to completion: outside a bulk load an update settles at once.
        }
      }
    }
    this.emit();
  }

  private emit(): void {
    if (this.batchDepth > 0) return;
    if (this.pendingChanged.size === 0 && this.pendingRemoved.size === 0) return;
    const change: IndexChange = { changed: [...this.pendingChanged], removed: [...this.pendingRemoved] };
    this.pendingChanged = new Set();
    this.pendingRemoved = new Set();
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // One failing listener must not starve the others (the host logs its own errors).
      }
    }
  }

  private update(e: Entry): void {
    resolveFindings(e);
    e.findings = merge(e);
    e.view = freeze(e);
    this.pendingChanged.add(e.uri);
  }

  /**
   * Brings one engagement up to date, one step per note (the generator yields between steps so {@link settle}
   * can stop there). When the engagement's risk IDs, references and members are what its findings were computed
   * against and every note's rules have run, only the edited notes' engagement findings are recomputed (their
   * ranges may have moved); otherwise every note's rules are re-run against the whole engagement (a fix names
   * the next free ID across it) and then the engagement rules. A step that finds the engagement changed since it
   * started gives up and queues the engagement again.
   */
  private *recomputeSteps(group: string): Generator<void, void, void> {
    const members = this.groups.get(group);
    if (!members || members.size === 0) return;
    const version = this.groupVersions.get(group);
    const entries: Entry[] = [];
    let summaries = 0;
    for (const uri of members) {
      const e = this.entries.get(uri);
      if (!e) continue;
      entries.push(e);
      // A note summarised on load keeps what the engagement rules read: it need not be read again.
      if (e.summary && e.skeleton === null) summaries++;
    }
    const analysed = entries.filter((e) => engagementNote(e) !== null);
    const notes = analysed.map((e) => engagementNote(e) as Note);
    const stale = () => this.groupVersions.get(group) !== version;
    const today = this.options.today();

    if (summaries > 0) {
      // The engagement rules need every note analysed: ask for the cached ones to be read, and check the
      // notes waiting for their rules against what is known meanwhile.
      if (this.compactedGroups.delete(group)) this.compactMisses++;
      let asked = false;
      for (const e of entries) {
        if (!e.summary || e.skeleton !== null || this.hydration.has(e.uri)) continue;
        this.hydration.add(e.uri);
        asked = true;
      }
      if (asked) this.notifyHydration();
      for (const e of analysed) {
        if (!e.unchecked) continue;
        this.runNoteRules(e, notes, today);
        yield;
        if (stale()) return void this.deferred.add(group);
      }
      return;
    }

    // Workspace rules name notes by path (messages quote it), so notes keep their relative path unless two of
    // the engagement share it (the same file name in two workspace folders): those are told apart by URI.
    const ids = noteIds(analysed);
    const signature = riskIdSignature(analysed);
    const previous = this.groupSignatures.get(group);
    const unchecked = analysed.some((e) => e.unchecked);
    if (previous === signature && !unchecked) {
      let byUri: Note[] | null = null;
      for (const e of analysed) {
        if (!e.edited) continue;
        e.edited = false;
        // As in the full recomputation below, notes are named by their ids (see there).
        byUri ??= analysed.map((a) => ({ ...(engagementNote(a) as Note), path: ids.get(a) as string }));
        const self = byUri[analysed.indexOf(e)];
        let next: Finding[];
        try {
          next = checkEngagementNote(byUri, self, { config: e.config, today, fixes: e.version !== null }).map((f) => ({ ...f, path: e.path }));
        } catch {
          next = [];
        }
        if (sameFindings(e.workspaceFindings, next)) continue;
        e.workspaceFindings = next;
        this.update(e);
      }
      this.settled(group, entries);
      return;
    }

    this.counters.engagementRecomputes++;
    // A new group of one note was just checked with itself; any other change may move the next free ID.
    const recheckAll = !(previous === undefined && analysed.length === 1);
    for (const e of analysed) {
      // A note summarised on load has findings of its own that no other note can change (see allocatesRiskIds).
      if (e.note === null || (!recheckAll && !e.unchecked)) continue;
      this.runNoteRules(e, notes, today);
      yield;
      if (stale()) return void this.deferred.add(group);
    }
    const byId = new Map(analysed.map((e) => [ids.get(e) as string, e]));
    let found: Finding[] = [];
    if (recheckAll) {
      // The engagement rules and the updates below are steps of their own, so a large engagement never holds
      // the host for its whole recomputation.
      yield;
      if (stale()) return void this.deferred.add(group);
    }
    if (analysed.length > 0) {
      try {
        found = checkEngagements(
          analysed.map((e) => ({ ...(engagementNote(e) as Note), path: ids.get(e) as string })),
          (id: string): RuleContext => ({ config: byId.get(id)?.config ?? analysed[0].config, today, fixes: (byId.get(id)?.version ?? null) !== null }),
        );
      } catch {
        found = [];
      }
    }
    const perNote = new Map<string, Finding[]>();
    for (const f of found) {
      const e = byId.get(f.path);
      if (!e) continue;
      let list = perNote.get(e.uri);
      if (!list) perNote.set(e.uri, (list = []));
      list.push({ ...f, path: e.path });
    }
    let updated = 0;
    for (const e of entries) {
      e.edited = false;
      const next = perNote.get(e.uri) ?? [];
      if (sameFindings(e.workspaceFindings, next)) continue;
      e.workspaceFindings = next;
      this.update(e);
      if (++updated % 16 === 0) {
        yield;
        // Stale: the notes updated so far are recomputed with the rest (no signature is recorded).
        if (stale()) return void this.deferred.add(group);
      }
    }
    this.groupSignatures.set(group, signature);
    this.settled(group, entries);
  }

  /**
   * An engagement's findings are up to date: during a bulk load its notes wait for {@link compact}; outside one,
   * notes summarised on load are completed now (no compaction is coming).
   */
  private settled(group: string, entries: readonly Entry[]): void {
    if (this.bulkDepth > 0) {
      this.settledGroups.add(group);
      return;
    }
    for (const e of entries) {
      if (e.skeleton === null) continue;
      this.completeEarly(e);
      this.pendingChanged.add(e.uri);
    }
  }

  /**
   * A note summarised on load, once its engagement is settled: its summary holds every finding (unstamped until
   * the host stamps it), its skeleton goes, and its view shows the completed summary.
   */
  private completeEarly(e: Entry): void {
    const summary = completeSummary(e.summary as CachedNote, e.findings);
    e.summary = summary;
    e.skeleton = null;
    e.noteFindings = summary.findings();
    e.workspaceFindings = NO_FINDINGS;
    e.edited = false;
    e.findings = merge(e);
    e.view = freeze(e);
  }

  private notifyHydration(): void {
    for (const listener of [...this.hydrationListeners]) {
      try {
        listener();
      } catch {
        // As for change listeners: the host logs its own errors.
      }
    }
  }

  /** Runs one note's per-note rules against its engagement (`notes`, shared so the ID allocation is computed once). */
  private runNoteRules(e: Entry, notes: Note[], today: string): void {
    const note = e.note as Note;
    let next: Finding[];
    try {
      this.counters.checked++;
      // Quick fixes are asked of open documents only, and an open document's note carries its version: a note read
      // from disk is checked without its fixes (a third of the rules' time, and of the findings' memory).
      next = checkNote(note, { config: e.config, today, engagementNotes: notes, fixes: e.version !== null });
    } catch {
      return;
    }
    const was = e.unchecked;
    e.unchecked = false;
    if (!was && JSON.stringify(next) === JSON.stringify(e.noteFindings)) return;
    e.noteFindings = next;
    this.update(e);
  }
}

/**
 * What the per-note rules read from the other notes of an engagement: which risk IDs are defined or referenced
 * where (the next free ID of DISC005/DISC009 fixes, DISC010). When it is unchanged, no note's findings can be.
 */
function riskIdSignature(entries: readonly Entry[]): string {
  return entries
    .map((e) => {
      const note = engagementNote(e) as Note;
      return `${e.uri}\u0000${note.risks.map((r) => r.id ?? '').join(',')}\u0000${note.references.map((r) => r.id).join(',')}`;
    })
    .sort()
    .join('\u0001');
}

/** The path each note is named by in the engagement rules: its relative path, or its URI where two share a path. */
function noteIds(entries: readonly Entry[]): Map<Entry, string> {
  const count = new Map<string, number>();
  for (const e of entries) count.set(e.path, (count.get(e.path) ?? 0) + 1);
  return new Map(entries.map((e) => [e, (count.get(e.path) ?? 0) > 1 ? e.uri : e.path]));
}

function tooLarge(max: number): string {
  return `larger than the maximum of ${max} bytes (discovery.maxFileSize / maxFileBytes)`;
}

function merge(e: Entry): Finding[] {
  return [...e.noteFindings, ...e.workspaceFindings].sort(compareFindings);
}

/** Decodes a restored note's findings (once); they stand for its per-note and engagement findings alike. */
function resolveFindings(e: Entry): Finding[] {
  if (e.lazyFindings !== null) {
    const lazy = e.lazyFindings;
    e.lazyFindings = null;
    e.noteFindings = [...(typeof lazy === 'function' ? lazy() : lazy.findings())];
    e.findings = merge(e);
  }
  return e.findings;
}

/**
 * The view of a restored note, whose findings are decoded on first read. A class with the accessor on its
 * prototype: an object literal with a getter is built property by property, several times slower for the
 * thousands of notes of a warm start.
 */
class RestoredView implements IndexedNote {
  readonly uri: string;
  readonly path: string;
  readonly note: Note | null;
  readonly skipped: string | null;
  readonly version: number | null;
  readonly config: DiscoveryConfig;
  readonly summary: NoteSummary | null;

  constructor(private readonly entry: Entry) {
    this.uri = entry.uri;
    this.path = entry.path;
    this.note = entry.note;
    this.skipped = entry.skipped;
    this.version = entry.version;
    this.config = entry.config;
    this.summary = entry.summary;
  }

  get findings(): Finding[] {
    return resolveFindings(this.entry);
  }
}

function freeze(e: Entry): IndexedNote {
  // A restored note: its findings are decoded when something reads them (the Problems panel, Note Health).
  if (e.lazyFindings !== null) return Object.freeze(new RestoredView(e));
  return Object.freeze({
    uri: e.uri,
    path: e.path,
    note: e.note,
    findings: e.findings,
    skipped: e.skipped,
    version: e.version,
    config: e.config,
    summary: e.summary,
  });
}

function sameFindings(a: Finding[], b: Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (
      x.rule !== y.rule ||
      x.message !== y.message ||
      x.severity !== y.severity ||
      x.fixes.length !== y.fixes.length ||
      x.range.start.line !== y.range.start.line ||
      x.range.start.character !== y.range.start.character ||
      x.range.end.line !== y.range.end.line ||
      x.range.end.character !== y.range.end.character
    ) {
      return false;
    }
  }
  return true;
}
