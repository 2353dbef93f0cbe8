/**
 * The index cache in VS Code's workspace storage (`context.storageUri`): a warm start shows the Open Risks tree,
 * its badge, Note Health and the problems of every unchanged note before any note is parsed again.
 *
 * On the first scan the indexer hands the notes it found to {@link IndexCacheStore.restoreFresh}: each note whose
 * cached summary still matches the file (size, modification time, configuration, day) is restored into the index
 * without being read; the rest are read as before. The cache file is decoded while the configuration is loaded
 * and the files are stat-ed. It is written again (debounced, in slices, to a temporary file then renamed over the
 * old one) once the index is idle after a scan or a change. A cache that is missing, unreadable, cut off, from
 * another format or another version of the extension is ignored with a line in the log, and the notes are read.
 *
 * What is written for a note: the summary it was restored from, or a new summary of the analysed note paired with
 * the stat taken just before its text was read. Notes held from open documents, notes that could not be checked
 * and notes modified within the last seconds (whose next change might keep the same size and time) are left out:
 * they are read on the next start.
 */
import * as vscode from 'vscode';
import type { DiscoveryConfig } from '../core/configTypes';
import {
  CACHE_START_TOO_SHORT,
  completeSummary,
  emptyIndexCache,
  fingerprint,
  INDEX_CACHE_VERSION,
  isFresh,
  isUnstamped,
  readIndexCache,
  stampSummary,
  summarizeNote,
  writeIndexCache,
  type CachedNote,
} from '../core/indexCache';
import type { IndexedNote, WorkspaceIndex } from '../core/workspaceIndex';
import type { Log } from './log';
import { SLICE_MS, yieldToHost } from './slices';
import { openCacheFile, type OpenedCacheFile } from './wholeFile';

const FILE_NAME = 'index-cache';
/** Quiet time after the last change before the cache is written. */
const SAVE_DELAY_MS = 2000;
/** Notes stat-ed at a time during the restore pass. */
const STAT_CHUNK = 64;
/**
 * A note modified this shortly before its stat may be modified again within the same modification time (and
 * keep its size): such a note is not cached, so it is read again on the next start.
 */
const RACY_MS = 3000;

/** What the restore pass learns of a note before it looks in the cache (see `statNote`). */
type NoteStat = { config: DiscoveryConfig; size: number; mtimeMs: number; at: number } | 'ignored' | null;

/** What the indexer knows about a note that the restore pass needs. */
export interface NoteLookup {
  loadConfig(uri: vscode.Uri): Promise<{ config: DiscoveryConfig; configPath: string | null }>;
  ignored(uri: vscode.Uri, config: DiscoveryConfig, configPath: string | null): boolean;
  relativePath(uri: vscode.Uri): string;
}

/** What the last warm start did, and what has been written since (the test API and the log report it). */
export interface IndexCacheStatus {
  /** `none`: no cache file (or no workspace storage); `refused`: the file was ignored (see the log); `loaded`. */
  loaded: 'none' | 'refused' | 'loaded' | 'pending';
  /** Notes in the cache file read at start-up. */
  cached: number;
  /**
   * How the file was read: `whole` (small, or not a local file), `parts` (its summaries first, the rest once the
   * notes were restored), `parts, then whole` (the first part ended inside the summaries), `null` before.
   */
  read: 'whole' | 'parts' | 'parts, then whole' | null;
  /** Notes restored from it by the first scan. */
  restored: number;
  /** Notes the first scan had to read (new, changed, or not in the cache; ignored notes are not counted). */
  toRead: number;
  /** Notes parsed by the index when the restored notes were shown (the tree is drawn from that moment). */
  parsedWhenShown: number | null;
  /** Milliseconds from the start of the first scan to the restored notes being shown. */
  shownAfterMs: number | null;
  /** Times the cache was written, and how many notes the last write held. */
  saves: number;
  savedNotes: number;
}

type StatEntry = { size: number; mtimeMs: number; at: number };

export class IndexCacheStore implements vscode.Disposable {
  private readonly file: vscode.Uri | undefined;
  private loading: Promise<Map<string, CachedNote> | null> | null = null;
  /** The local cache file read at start-up while the rest of it (rows and findings) is still to be read. */
  private opened: OpenedCacheFile | null = null;
  /** The stat taken before each note's text was last read from disk, by URI. */
  private readonly stats = new Map<string, StatEntry>();
  /** Summaries restored into the index, by the summary object the index holds. */
  private readonly restoredSummaries = new WeakMap<object, CachedNote>();
  /** Summaries of analysed notes, by the index's (immutable) entry, so an unchanged note is summarised once. */
  private readonly summaries = new WeakMap<IndexedNote, CachedNote>();
  private readonly configKeys = new WeakMap<DiscoveryConfig, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving = false;
  private dirty = false;
  private disposed = false;
  private shown = false;
  /** Set while notes are restored: restoring them is no reason to write the cache again. */
  private restoring = false;
  private readonly shownWaiters: Array<() => void> = [];
  private readonly state: IndexCacheStatus = {
    loaded: 'pending',
    cached: 0,
    read: null,
    restored: 0,
    toRead: 0,
    parsedWhenShown: null,
    shownAfterMs: null,
    saves: 0,
    savedNotes: 0,
  };

  constructor(
    storage: vscode.Uri | undefined,
    private readonly engine: string,
    private readonly index: WorkspaceIndex,
    private readonly log: Log,
    private readonly today: () => string,
    private readonly whenIndexed: () => Promise<void>,
  ) {
    this.file = storage ? vscode.Uri.joinPath(storage, FILE_NAME) : undefined;
    const sub = index.onDidChange((change) => {
      // Open documents are not cached: typing in one never rewrites the cache.
      if (this.restoring) return;
      const fromDisk = change.removed.length > 0 || change.changed.some((uri) => index.get(uri)?.version === null);
      if (fromDisk) this.scheduleSave();
    });
    this.disposables.push({ dispose: () => sub.dispose() });
  }

  /** Starts reading the cache file (at activation, so it overlaps with listing the notes). */
  load(): Promise<Map<string, CachedNote> | null> {
    this.loading ??= this.read();
    return this.loading;
  }

  status(): IndexCacheStatus {
    return { ...this.state };
  }

  /** Records the stat taken just before a note's text was read from disk (what its summary is checked against). */
  noteStat(uri: string, stat: vscode.FileStat): void {
    this.stats.set(uri, { size: stat.size, mtimeMs: stat.mtime, at: Date.now() });
  }

  /**
   * The restore pass of the first scan: restores every note of `found` whose cached summary is fresh and returns
   * the notes still to be read. Marks the restored notes as shown (see {@link whenShown}) when it is done.
   */
  async restoreFresh(found: readonly vscode.Uri[], lookup: NoteLookup, token: vscode.CancellationToken): Promise<vscode.Uri[]> {
    const started = performance.now();
    // The notes are stat-ed while the cache is still being decoded (the stats wait on the disk, the decoding on
    // the CPU); each chunk of stats is matched against the cache once it is there.
    let cache: Map<string, CachedNote> | null | undefined;
    const loading = this.load().then((c) => (cache = c));
    const today = this.today();
    const toRead: vscode.Uri[] = [];
    let restored = 0;
    let ignored = 0;
    const waiting: Array<{ chunk: vscode.Uri[]; stats: NoteStat[] }> = [];
    const restoreChunk = (known: Map<string, CachedNote>, chunk: vscode.Uri[], stats: NoteStat[]) => {
      this.restoring = true;
      try {
        this.index.batch(() => {
          chunk.forEach((uri, j) => {
            const stat = stats[j];
            const key = uri.toString();
            const entry = stat !== null && stat !== 'ignored' ? known.get(key) : undefined;
            if (stat === 'ignored') ignored++;
            else if (
              stat !== null &&
              entry &&
              entry.path === lookup.relativePath(uri) &&
              isFresh(entry, stat, this.configKey(stat.config), today) &&
              this.index.restore(key, entry.path, entry, entry, entry.skipped, stat.config)
            ) {
              restored++;
              this.restoredSummaries.set(entry, entry);
              this.stats.set(key, { size: entry.size, mtimeMs: entry.mtimeMs, at: stat.at });
            } else {
              toRead.push(uri);
            }
          });
        });
      } finally {
        this.restoring = false;
      }
    };
    const statChunk = (i: number): Promise<{ chunk: vscode.Uri[]; stats: NoteStat[] }> => {
      const chunk = found.slice(i, i + STAT_CHUNK);
      return Promise.all(chunk.map((uri) => this.statNote(uri, lookup, cache ?? undefined))).then((stats) => ({ chunk, stats }));
    };
    // The next chunk's stats are asked for before the chunk that came back is restored, so the disk works while
    // the host's thread restores (a warm start of 1,000 notes: 1.25-1.31x its stat pass against 1.35-1.36x, medians
    // of 25 processes; the stat pass alone is no faster so).
    let pending = found.length > 0 ? statChunk(0) : null;
    for (let i = STAT_CHUNK; pending !== null; i += STAT_CHUNK) {
      if (cache === null || cache?.size === 0) return this.nothingRestored(found);
      if (token.isCancellationRequested) {
        // The chunk whose stats are in flight is read with the rest.
        for (const w of waiting.splice(0)) toRead.push(...w.chunk);
        toRead.push(...found.slice(i - STAT_CHUNK));
        break;
      }
      const next = i < found.length ? statChunk(i) : null;
      waiting.push(await pending);
      pending = next;
      if (cache) {
        const sliceStart = performance.now();
        for (const w of waiting.splice(0)) restoreChunk(cache, w.chunk, w.stats);
        if (performance.now() - sliceStart > SLICE_MS) await yieldToHost();
      }
    }
    await loading;
    if (!cache || cache.size === 0) return this.nothingRestored(found);
    for (const w of waiting.splice(0)) restoreChunk(cache, w.chunk, w.stats);
    this.state.restored = restored;
    this.state.toRead = toRead.length;
    // The summaries not restored are of no further use; the restored ones live on in the index. Their rows and
    // findings are read now, in the thread pool (until then a note that decodes them reads its own bytes).
    this.loading = Promise.resolve(null);
    void this.opened?.readRest();
    this.opened = null;
    // Notes of the cache that are gone (deleted, renamed, now ignored) leave it with the next write.
    if (restored < (cache as Map<string, CachedNote>).size) this.scheduleSave();
    const notes = found.length - ignored;
    this.log.info(
      `Restored ${restored} of ${notes} discovery note${notes === 1 ? '' : 's'} from the index cache in ${Math.round(performance.now() - started)} ms; ${toRead.length} to read.`,
    );
    return toRead;
  }

  /** The restore pass's outcome without a cache to restore from: every note is read (and the cache file is closed). */
  private nothingRestored(found: readonly vscode.Uri[]): vscode.Uri[] {
    this.opened?.close();
    this.opened = null;
    return [...found];
  }

  /**
   * Resolves once the first scan has restored what it could from the cache (or finished without one): from then
   * on the index holds a complete picture, which the Open Risks view draws.
   */
  whenShown(): Promise<void> {
    if (this.shown) return Promise.resolve();
    return new Promise((resolve) => this.shownWaiters.push(resolve));
  }

  /**
   * Called by the indexer after the restore pass and again when the first scan is over: the restored notes are
   * shown at once, while without any (no cache, nothing fresh) the view waits for the scan as it always did.
   */
  markShown(scanStarted: number, scanOver: boolean): void {
    if (this.shown || (!scanOver && this.state.restored === 0)) return;
    this.shown = true;
    this.state.parsedWhenShown = this.index.counters.parsed;
    this.state.shownAfterMs = Math.round(performance.now() - scanStarted);
    for (const resolve of this.shownWaiters.splice(0)) resolve();
  }

  /** Writes the cache soon (debounced; the write waits for the index to be idle). */
  scheduleSave(): void {
    if (!this.file || this.disposed) return;
    this.dirty = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  dispose(): void {
    this.disposed = true;
    this.opened?.close();
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const resolve of this.shownWaiters.splice(0)) resolve();
  }

  // -------------------------------------------------------------------------------------------------------------

  private async read(): Promise<Map<string, CachedNote> | null> {
    if (!this.file) {
      this.state.loaded = 'none';
      return null;
    }
    let input: Uint8Array | OpenedCacheFile;
    try {
      // A local cache: its summaries now, its rows and findings once the notes are restored (see wholeFile.ts).
      input = this.file.scheme === 'file' ? await openCacheFile(this.file.fsPath) : await vscode.workspace.fs.readFile(this.file);
    } catch (e) {
      this.state.loaded = 'none';
      const missing = (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') || (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';
      if (!missing) this.log.warn(`The index cache could not be read, the notes are read instead: ${errorText(e)}`);
      return null;
    }
    const decode = async (from: Uint8Array | OpenedCacheFile) => {
      const reading = readIndexCache(from, this.engine, {
        onDamaged: (note, error) => {
          this.log.warn(`The index cache holds unreadable risk rows or findings for ${note.uri}; reading the note again (${errorText(error)}).`);
          this.index.requestHydration([note.uri]);
        },
      });
      // Decoded a line of summaries at a time, so the stats and whatever else waits can run in between.
      let sliceStart = performance.now();
      let step = reading.next();
      while (!step.done) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await yieldToHost();
          sliceStart = performance.now();
        }
        step = reading.next();
      }
      return step.value;
    };
    const opened = ArrayBuffer.isView(input) ? null : input;
    this.state.read = opened === null || opened.complete ? 'whole' : 'parts';
    let result = await decode(input);
    // Summaries longer than the first part read (notes with few rows and findings): decoded again from the whole file.
    if (!result.ok && result.reason === CACHE_START_TOO_SHORT && opened !== null) {
      this.state.read = 'parts, then whole';
      result = await decode(await opened.readRest());
    }
    if (!result.ok) {
      opened?.close();
      this.state.loaded = 'refused';
      this.log.warn(`The index cache was ignored (${result.reason}); the notes are read instead.`);
      return null;
    }
    this.opened = opened;
    this.state.loaded = 'loaded';
    this.state.cached = result.cache.notes.size;
    return result.cache.notes;
  }

  /**
   * A note's configuration and stat, `'ignored'` for an ignored note, `null` when it must be read anyway (also
   * when the decoded cache, `known`, does not hold it).
   */
  private async statNote(uri: vscode.Uri, lookup: NoteLookup, known?: Map<string, CachedNote>): Promise<NoteStat> {
    try {
      const { config, configPath } = await lookup.loadConfig(uri);
      // An ignored note is neither restored nor read (reading it would only find it ignored).
      if (lookup.ignored(uri, config, configPath)) return 'ignored';
      // Once the cache is decoded, a note it does not hold is read without a stat first.
      if (known && !known.has(uri.toString())) return null;
      const stat = await vscode.workspace.fs.stat(uri);
      if (!(stat.type & vscode.FileType.File)) return null;
      return { config, size: stat.size, mtimeMs: stat.mtime, at: Date.now() };
    } catch {
      // Whatever went wrong, reading the note reports it.
      return null;
    }
  }

  private configKey(config: DiscoveryConfig): string {
    let key = this.configKeys.get(config);
    if (key === undefined) this.configKeys.set(config, (key = fingerprint(config)));
    return key;
  }

  /**
   * The summary a settled note is kept as in the index (WorkspaceIndex.compact), when it is one this cache can
   * write (its stat is known and not racy); the cache then writes it as it writes a restored note's.
   */
  keep(n: IndexedNote): CachedNote | null {
    const summary = this.summaryFor(n, this.today());
    if (summary) this.restoredSummaries.set(summary, summary);
    return summary;
  }

  /** The summary to write for an indexed note, or `null` when the note is not cached (see the module comment). */
  private summaryFor(n: IndexedNote, today: string): CachedNote | null {
    if (n.version !== null || n.skipped !== null) return null;
    if (n.summary) {
      const kept = this.restoredSummaries.get(n.summary);
      if (kept) return kept;
      // Otherwise only a summary the index made itself as it loaded the note (WorkspaceIndexOptions.summarizeOnLoad)
      // is written, once stamped with the stat taken before the note was read, as an analysed note's summary is.
      if (!isUnstamped(n.summary) || n.summary.today !== today) return null;
    } else if (n.note === null) {
      return null;
    }
    const stat = this.stats.get(n.uri);
    if (!stat || stat.mtimeMs > stat.at - RACY_MS) return null;
    if (n.summary) return stampSummary(completeSummary(n.summary, n.findings), { size: stat.size, mtimeMs: stat.mtimeMs, configKey: this.configKey(n.config) });
    let summary = this.summaries.get(n);
    if (!summary || summary.today !== today) {
      summary = summarizeNote({
        uri: n.uri,
        path: n.path,
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        configKey: this.configKey(n.config),
        today,
        note: n.note,
        config: n.config,
        findings: n.findings,
        skipped: null,
      });
      this.summaries.set(n, summary);
    }
    return summary;
  }

  private async save(): Promise<void> {
    if (!this.file || this.disposed) return;
    if (this.saving) {
      // A write is under way: this change is written by the next one.
      this.scheduleSave();
      return;
    }
    this.saving = true;
    try {
      await this.whenIndexed();
      if (this.disposed || this.timer !== undefined) return;
      this.dirty = false;
      const today = this.today();
      const cache = emptyIndexCache(this.engine);
      let sliceStart = performance.now();
      const pause = async () => {
        if (performance.now() - sliceStart <= SLICE_MS) return;
        await yieldToHost();
        sliceStart = performance.now();
      };
      for (const n of this.index.all()) {
        const summary = this.summaryFor(n, today);
        if (summary) cache.notes.set(n.uri, summary);
        await pause();
      }
      const writing = writeIndexCache(cache);
      let step = writing.next();
      while (!step.done) {
        await pause();
        step = writing.next();
      }
      const encoder = new TextEncoder();
      const parts: Uint8Array[] = [];
      for (const part of step.value) {
        parts.push(encoder.encode(part));
        await pause();
      }
      if (this.disposed || this.dirty) return;
      const bytes = Buffer.concat(parts);
      const dir = vscode.Uri.joinPath(this.file, '..');
      const tmp = vscode.Uri.joinPath(dir, `${FILE_NAME}.${process.pid}.tmp`);
      await vscode.workspace.fs.createDirectory(dir);
      await vscode.workspace.fs.writeFile(tmp, bytes);
      await vscode.workspace.fs.rename(tmp, this.file, { overwrite: true });
      this.state.saves++;
      this.state.savedNotes = cache.notes.size;
      this.log.info(`Saved the index cache (${cache.notes.size} note${cache.notes.size === 1 ? '' : 's'}, ${(bytes.length / 1024).toFixed(0)} KB).`);
    } catch (e) {
      this.log.warn(`The index cache could not be written: ${errorText(e)}`);
    } finally {
      this.saving = false;
    }
    if (this.dirty && this.timer === undefined && !this.disposed) this.scheduleSave();
  }
}

/** The engine key of the cache: results of another extension version or cache format are never shown. */
export function indexCacheEngine(extensionVersion: string): string {
  return `discovery-notes@${extensionVersion}/cache-v${INDEX_CACHE_VERSION}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
