/**
 * Keeps the workspace index true: the first scan of every workspace folder, file-system events (create, change,
 * delete, renames as delete + create, folders created or deleted with their notes in one go during a branch
 * switch, a copy or an unzip), open documents as the user types
 * (their text wins over disk), `.discovery.yml` and `discovery.*` settings changes, and workspace folders
 * added or removed.
 *
 * Work is chunked and yields to the extension host between slices so typing stays responsive during a long
 * scan; a first scan of many notes shows cancellable progress. Notes that would hold the host for long in one
 * piece (large ones, and those the fast scanner leaves to remark) are parsed in a worker thread
 * (src/worker/parseWorkerClient.ts); the host analyses the parsed note it gets back. Every asynchronous result is checked against a
 * per-note generation before it is applied, so a note deleted or changed while it was being read never comes
 * back stale.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadConfigForNote } from '../core/config';
import type { DiscoveryConfig, ConfigProblem } from '../core/configTypes';
import { compileGlob } from '../core/glob';
import { decodeNoteBytes, utf8Length } from '../core/text';
import type { IndexedNote, NoteSummary, WorkspaceIndex } from '../core/workspaceIndex';
import { summarizeNote, UNSTAMPED } from '../core/indexCache';
import { warmedUp, warmUp } from '../core/warmUp';
import type { Finding, ParsedNote } from '../core/model';
import { ParseWorkerClient, parseOnHost } from '../worker/parseWorkerClient';
import { SLICE_MS, yieldToHost } from './slices';
import type { Log } from './log';
import type { IndexerApi } from './services';
import { baseConfig, excludeGlobs } from './settings';
import type { IndexCacheStore, NoteLookup } from './indexCacheStore';
import { CachedWorkspaceFs } from './workspaceFs';

export const NOTE_GLOB = '**/*.discovery.md';
const CONFIG_GLOB = '**/.discovery.yml';
const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];
/** Debounce of re-checks while typing, per document. */
const TYPING_DELAY_MS = 250;
/** Debounce of file events, so a branch switch is handled as one burst... */
const EVENT_DELAY_MS = 60;
/** ...but a steady stream of events never holds updates back longer than this. */
const EVENT_MAX_DELAY_MS = 500;
/** Notes read concurrently. */
const READ_CHUNK = 24;
/** A first scan of more notes than this shows a cancellable notification instead of only the status area. */
const LONG_SCAN = 300;
/** More created folders than this in one workspace folder are searched with one listing of that folder. */
const FOLDER_SCANS = 8;
/** The parse worker's script, bundled next to this file (dist/parseWorker.js beside dist/extension.js). */
const PARSE_WORKER_SCRIPT = path.join(__dirname, 'parseWorker.js');
/** Path segments whose contents are never notes (and whose churn must cost nothing). */
const SKIPPED_SEGMENTS = ['/node_modules/', '/.git/'];

/** Schemes of documents that are notes being edited (not diffs, output or SCM views). */
const NOTE_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata', 'memfs']);

export function isNoteUri(uri: vscode.Uri): boolean {
  return uri.path.toLowerCase().endsWith('.discovery.md');
}

export function isNoteDocument(doc: vscode.TextDocument): boolean {
  if (!isNoteUri(doc.uri)) return false;
  if (NOTE_SCHEMES.has(doc.uri.scheme)) return true;
  return vscode.workspace.workspaceFolders?.some((f) => f.uri.scheme === doc.uri.scheme) ?? false;
}

type Prepared =
  | { kind: 'text'; text: string; config: DiscoveryConfig }
  | { kind: 'parsed'; parsed: ParsedNote; bytes: number; config: DiscoveryConfig }
  | { kind: 'skipped'; reason: string; config: DiscoveryConfig; failed?: boolean }
  | { kind: 'ignored' }
  | { kind: 'gone' };

export class Indexer implements IndexerApi, vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Generation per note URI for disk reads; a read started for an older generation is dropped. */
  private readonly generation = new Map<string, number>();
  /**
   * Sequence of checks per open document, apart from disk reads: a disk read must not cancel a check of the
   * document's text (the index would then drop both, since open-document text wins over disk).
   */
  private readonly docChecks = new Map<string, number>();
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private pendingReads = new Set<string>();
  private pendingDeletes = new Set<string>();
  /** Created paths that are neither notes nor configuration: possibly folders holding notes. */
  private pendingCreates = new Set<string>();
  private eventTimer: ReturnType<typeof setTimeout> | undefined;
  private firstPendingEvent = 0;
  private busy = 0;
  private waiters: Array<() => void> = [];
  private scan: vscode.CancellationTokenSource | undefined;
  private readonly fsByRoot = new Map<string, CachedWorkspaceFs>();
  private readonly globCache = new Map<string, ((path: string) => boolean) | null>();
  private readonly problems = new Map<string, ConfigProblem[]>();
  private readonly problemsEmitter = new vscode.EventEmitter<void>();
  private readonly restoredEmitter = new vscode.EventEmitter<void>();
  private restoringNow = false;
  private lastToday: string;
  private disposed = false;
  /** A counter of updates, and the update at which each note last changed (a scan never sweeps newer ones). */
  private clock = 0;
  private readonly touched = new Map<string, number>();
  /** The index cache of a warm start (see indexCacheStore.ts); used by the first scan only for restoring. */
  private cache: IndexCacheStore | undefined;
  private firstScan = true;
  private readonly parser: ParseWorkerClient;
  /** Logged once: the worker could not run, notes are parsed on the host. */
  private workerUnavailableLogged = false;

  /** Fires when the problems of `.discovery.yml` files changed. */
  readonly onDidChangeConfigProblems = this.problemsEmitter.event;
  /** Fires when a warm start's restore pass is over (see {@link restoring}). */
  readonly onDidRestore = this.restoredEmitter.event;

  /** Whether a warm start's restore pass is running: notes come from the index cache, one chunk at a time. */
  get restoring(): boolean {
    return this.restoringNow;
  }

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly log: Log,
    private readonly today: () => string,
    parseWorkerScript: string = PARSE_WORKER_SCRIPT,
  ) {
    this.lastToday = today();
    // Notes restored from the cache are read when their engagement must be recomputed or a view needs them.
    const hydration = index.onHydrationRequest(() => {
      for (const uri of index.takeHydrationRequests()) this.queueRead(vscode.Uri.parse(uri));
    });
    this.disposables.push({ dispose: () => hydration.dispose() });
    this.parser = new ParseWorkerClient({ script: parseWorkerScript });
    const notes = vscode.workspace.createFileSystemWatcher(NOTE_GLOB);
    const configs = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB);
    // A folder created or deleted with its contents in one go (a copy, an unzip, a branch switch) is reported as
    // the folder alone: the note watcher never hears of the notes inside. This watcher catches those folders
    // (changes are ignored).
    const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this.disposables.push(notes, configs, folders, this.problemsEmitter, this.restoredEmitter);
    notes.onDidCreate((uri) => this.queueRead(uri), null, this.disposables);
    notes.onDidChange((uri) => this.queueRead(uri), null, this.disposables);
    notes.onDidDelete((uri) => this.queueDelete(uri), null, this.disposables);
    folders.onDidCreate((uri) => this.queueCreate(uri), null, this.disposables);
    folders.onDidDelete((uri) => this.queueDelete(uri), null, this.disposables);
    configs.onDidCreate((uri) => this.configChanged(uri), null, this.disposables);
    configs.onDidChange((uri) => this.configChanged(uri), null, this.disposables);
    configs.onDidDelete((uri) => this.configChanged(uri), null, this.disposables);

    vscode.workspace.onDidOpenTextDocument((d) => this.documentChanged(d, 0), null, this.disposables);
    vscode.workspace.onDidChangeTextDocument(
      (e) => {
        if (e.contentChanges.length > 0) this.documentChanged(e.document, TYPING_DELAY_MS);
      },
      null,
      this.disposables,
    );
    vscode.workspace.onDidCloseTextDocument((d) => this.documentClosed(d), null, this.disposables);
    vscode.workspace.onDidChangeWorkspaceFolders((e) => this.foldersChanged(e), null, this.disposables);
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (!e.affectsConfiguration('discovery')) return;
        const onlyViews = !['rules', 'sections', 'risk', 'questions', 'exclude', 'maxFileSize'].some((k) =>
          e.affectsConfiguration(`discovery.${k}`),
        );
        if (!onlyViews) void this.refresh();
      },
      null,
      this.disposables,
    );
    // Findings such as "overdue" depend on the date: re-check everything when the day changes.
    const dayCheck = setInterval(() => {
      const now = this.today();
      if (now !== this.lastToday) {
        this.lastToday = now;
        void this.refresh();
      }
    }, 5 * 60_000);
    this.disposables.push({ dispose: () => clearInterval(dayCheck) });
  }

  /** Starts the first scan (and checks already open notes). */
  start(): void {
    for (const doc of vscode.workspace.textDocuments) this.documentChanged(doc, 0);
    void this.refresh();
  }

  /** Uses the index cache for a warm start: call before {@link start}. */
  attachCache(cache: IndexCacheStore): void {
    this.cache = cache;
    void cache.load();
  }

  whenRestored(): Promise<void> {
    const cache = this.cache;
    if (!cache) return this.whenIndexed();
    // A cold start (nothing restored) waits, as before the cache, until indexing is idle: the checks of open
    // notes the scan schedules at its end would otherwise change the tree while VS Code is still expanding the
    // groups it has just drawn, which can leave a group drawn without its rows.
    return cache.whenShown().then(() => (cache.status().restored > 0 ? undefined : this.whenIndexed()));
  }

  whenAnalysed(uris?: readonly string[]): Promise<void> {
    if (uris) this.index.requestHydration(uris);
    else this.index.keepAnalysed();
    return this.whenIndexed();
  }

  whenIndexed(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async refresh(): Promise<void> {
    this.scan?.cancel();
    const cts = new vscode.CancellationTokenSource();
    this.scan = cts;
    for (const fs of this.fsByRoot.values()) fs.invalidate();
    this.globCache.clear();
    const scanStart = this.clock;
    const scanStarted = performance.now();
    await this.track(async () => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const found: vscode.Uri[] = [];
      for (const folder of folders) {
        if (cts.token.isCancellationRequested) return;
        found.push(...(await this.findNotes(folder, cts.token)));
      }
      if (cts.token.isCancellationRequested) return;
      const seen = new Set(found.map((u) => u.toString()));
      // A warm start: notes unchanged since the cache was written are restored, not read.
      let toRead = found;
      if (this.cache && this.firstScan) {
        this.restoringNow = true;
        try {
          toRead = await this.cache.restoreFresh(found, this.noteLookup(), cts.token);
        } finally {
          this.restoringNow = false;
          this.restoredEmitter.fire();
        }
      }
      this.firstScan = false;
      this.cache?.markShown(scanStarted, false);
      const location = toRead.length > LONG_SCAN ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
      let read = 0;
      let cancelledByUser = false;
      await vscode.window.withProgress(
        { location, title: 'Discovery: indexing notes', cancellable: location === vscode.ProgressLocation.Notification },
        async (progress, token) => {
          const sub = token.onCancellationRequested(() => {
            cancelledByUser = true;
            cts.cancel();
          });
          try {
            await this.readMany(toRead, cts.token, (done) => {
              read = done;
              progress.report({ message: `${done}/${toRead.length}`, increment: (100 * READ_CHUNK) / Math.max(toRead.length, 1) });
            });
          } finally {
            sub.dispose();
          }
        },
      );
      if (cts.token.isCancellationRequested) {
        const what = `The scan of discovery notes was cancelled after ${read} of ${toRead.length} notes; run "Discovery: Refresh" to scan again.`;
        this.log.warn(what);
        // Whoever pressed Cancel hears that it took, and how to resume (a scan replaced by a newer one says nothing).
        if (cancelledByUser) void vscode.window.showInformationMessage(what);
        return;
      }
      // Sweep: notes indexed before but not found now (deleted while nobody watched, newly excluded). Notes
      // updated since the listing (created meanwhile) and open notes outside the workspace folders stay. The
      // listing leaves out links it cannot follow, so a note skipped as unreadable stays while its path exists.
      const unlisted = this.index.all().filter((n) => !seen.has(n.uri));
      const present = new Set<string>();
      for (const n of unlisted) if (n.skipped !== null && (await pathExists(vscode.Uri.parse(n.uri)))) present.add(n.uri);
      this.index.batch(() => {
        for (const n of unlisted) {
          if (present.has(n.uri) || (this.touched.get(n.uri) ?? 0) > scanStart || !this.index.get(n.uri)) continue;
          const uri = vscode.Uri.parse(n.uri);
          if (openNote(n.uri) && (dirtyNote(n.uri) || !vscode.workspace.getWorkspaceFolder(uri))) continue;
          this.drop(n.uri);
        }
      });
      for (const doc of vscode.workspace.textDocuments) this.documentChanged(doc, 0);
      this.log.info(`Indexed ${found.length} discovery note${found.length === 1 ? '' : 's'}.`);
    });
    this.cache?.markShown(scanStarted, true);
    if (this.scan === cts) this.scan = undefined;
    cts.dispose();
  }

  async configFor(uri: vscode.Uri): Promise<DiscoveryConfig> {
    return (await this.loadConfig(uri)).config;
  }

  relativePath(uri: vscode.Uri): string {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder) {
      const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
      if (uri.path.startsWith(base)) return uri.path.slice(base.length);
    }
    // A note outside every workspace folder: only its name (no folder fallback for client/engagement).
    return uri.path.slice(uri.path.lastIndexOf('/') + 1);
  }

  private noteLookup(): NoteLookup {
    return {
      loadConfig: (uri) => this.loadConfig(uri),
      ignored: (uri, config, configPath) => this.ignored(uri, config, configPath),
      relativePath: (uri) => this.relativePath(uri),
    };
  }

  /** Problems of `.discovery.yml` files by their URI string. */
  configProblems(): ReadonlyMap<string, ConfigProblem[]> {
    return this.problems;
  }

  /** The file-system port for a URI's scheme and authority. */
  fsFor(uri: vscode.Uri): CachedWorkspaceFs {
    const key = `${uri.scheme}://${uri.authority}`;
    let fs = this.fsByRoot.get(key);
    if (!fs) this.fsByRoot.set(key, (fs = new CachedWorkspaceFs(uri)));
    return fs;
  }

  dispose(): void {
    this.disposed = true;
    this.scan?.cancel();
    for (const t of this.typingTimers.values()) clearTimeout(t);
    this.typingTimers.clear();
    if (this.eventTimer) clearTimeout(this.eventTimer);
    for (const d of this.disposables) d.dispose();
    this.parser.dispose();
    this.release();
  }

  // -------------------------------------------------------------------------------------------------------------

  private idle(): boolean {
    return this.busy === 0 && this.typingTimers.size === 0 && this.eventTimer === undefined;
  }

  private release(): void {
    if (!this.idle() && !this.disposed) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async track(work: () => Promise<void>): Promise<void> {
    this.busy++;
    try {
      await work();
    } catch (e) {
      this.log.error('Indexing discovery notes failed', e);
    } finally {
      this.busy--;
      this.release();
    }
  }

  private bump(uri: string): number {
    const next = (this.generation.get(uri) ?? 0) + 1;
    this.generation.set(uri, next);
    this.touched.set(uri, ++this.clock);
    return next;
  }

  private current(uri: string, gen: number): boolean {
    return this.generation.get(uri) === gen && !this.disposed;
  }

  /** The notes of a workspace folder, or of one folder `under` it. */
  private async findNotes(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken, under?: vscode.Uri): Promise<vscode.Uri[]> {
    const excludes = [...ALWAYS_EXCLUDED, ...excludeGlobs(folder.uri)];
    try {
      return await vscode.workspace.findFiles(
        new vscode.RelativePattern(under ?? folder, NOTE_GLOB),
        `{${excludes.join(',')}}`,
        undefined,
        token,
      );
    } catch (e) {
      this.log.error(`Could not list the notes of ${folder.name}`, e);
      return [];
    }
  }

  /**
   * Reads and indexes notes in chunks, yielding between slices of synchronous work. The whole read is one bulk
   * load of the index: engagement rules run once per touched engagement at the end, also in slices. Notes the
   * host should not parse in one piece go to the parse worker and are applied as they come back (each in a slice
   * of its own); the bulk load settles once they are all in. Cancelling drops the notes still queued there.
   */
  private async readMany(uris: readonly vscode.Uri[], token: vscode.CancellationToken, onProgress?: (done: number) => void): Promise<void> {
    this.index.beginBulk();
    const offHost: Promise<void>[] = [];
    const abort = new AbortController();
    const onCancel = token.onCancellationRequested(() => abort.abort());
    try {
      // The first notes a fresh host reads would compile the engine each in one piece (11-25 ms for the first
      // analysis, more on a busy machine): compile it a step at a time first (src/core/warmUp.ts), once per host.
      // Also when there is nothing to read (a warm start that restored every note), so that the first edit of a
      // note does not compile it in one keystroke either.
      if (!warmedUp()) {
        let slices = 1;
        let ms = 0;
        for (;;) {
          const start = performance.now();
          const done = warmUp(() => performance.now() - start > SLICE_MS);
          ms += performance.now() - start;
          if (done) break;
          if (token.isCancellationRequested) return;
          await yieldToHost();
          slices++;
        }
        this.log.info(`Compiled the engine ahead of the first scan in ${slices} slices (${ms.toFixed(0)} ms).`);
      }
      for (let i = 0; i < uris.length; i += READ_CHUNK) {
        if (token.isCancellationRequested) return;
        const chunk = uris.slice(i, i + READ_CHUNK);
        const gens = chunk.map((u) => this.bump(u.toString()));
        const prepared = await Promise.all(chunk.map((u) => this.prepare(u)));
        // The reads resolve inside an I/O callback: start the slices from a fresh turn of the event loop, so
        // whatever else is waiting (a keystroke, a message from the window) runs first.
        await yieldToHost();
        let sliceStart = performance.now();
        let j = 0;
        // Note j's parse, when the slice ended between parsing and analysing it (null: it goes to the worker).
        let held: ParsedNote | null | undefined;
        while (j < chunk.length) {
          this.index.batch(() => {
            for (; j < chunk.length; j++) {
              const p = prepared[j];
              const carried = held;
              held = undefined;
              if (p.kind === 'text' && this.current(chunk[j].toString(), gens[j])) {
                let parsed = carried;
                if (parsed === undefined) {
                  parsed = parseOnHost(p.text);
                  // A note that used up the slice is analysed in the next one: the first note of a fresh host
                  // compiles the scanner and then the analysis (20-35 ms each), which are then two slices.
                  if (parsed && performance.now() - sliceStart > SLICE_MS) {
                    held = parsed;
                    break;
                  }
                }
                if (parsed) this.apply(chunk[j], gens[j], { kind: 'parsed', parsed, bytes: utf8Length(p.text), config: p.config });
                else {
                  const key = chunk[j].toString();
                  this.index.expectNote(key);
                  offHost.push(this.parseOffHost(chunk[j], gens[j], p.text, p.config, abort.signal).finally(() => this.index.expectedDone(key)));
                }
              } else {
                this.apply(chunk[j], gens[j], p);
              }
              if (performance.now() - sliceStart > SLICE_MS) {
                j++;
                break;
              }
            }
          });
          if (j < chunk.length) {
            await yieldToHost();
            sliceStart = performance.now();
          }
        }
        onProgress?.(Math.min(i + READ_CHUNK, uris.length));
        await yieldToHost();
        // The engagements this chunk did not add to are complete as far as the scan knows: settle them and keep
        // their notes as summaries, so the host never holds every analysed note of a large workspace at once.
        await this.settleIndex(true);
        await this.compactIndex();
      }
    } finally {
      onCancel.dispose();
      await Promise.all(offHost);
      await this.settleIndex();
      await this.compactIndex();
      this.index.endBulk();
    }
  }

  /** Keeps the notes of settled engagements as summaries (WorkspaceIndex.compact), in slices. */
  private async compactIndex(): Promise<void> {
    // Settling may have used up the slice it ended in.
    await yieldToHost();
    for (;;) {
      const start = performance.now();
      if (this.index.compact((n) => this.summaryOf(n), () => performance.now() - start > SLICE_MS)) break;
      await yieldToHost();
    }
  }

  /** A settled note's summary: the one the index cache will write when it can (see IndexCacheStore.keep). */
  private summaryOf(n: IndexedNote): { summary: NoteSummary; findings: readonly Finding[] } | null {
    const kept = this.cache?.keep(n);
    if (kept) return { summary: kept, findings: kept.findings() };
    // A note the index summarised as it loaded it keeps that summary when the cache cannot write it.
    if (n.note === null) return null;
    const made = summarizeNote({ uri: n.uri, path: n.path, ...UNSTAMPED, today: '', note: n.note, config: n.config, findings: n.findings, skipped: null });
    return { summary: made, findings: made.findings() };
  }

  /**
   * Parses a note in the worker and applies the result in a slice of its own. A note the worker could not parse
   * is skipped with the reason; when no worker can run here, the note is parsed on the host as before.
   */
  private async parseOffHost(uri: vscode.Uri, gen: number, text: string, config: DiscoveryConfig, signal: AbortSignal): Promise<void> {
    const result = await this.parser.parse(text, signal);
    if (result.kind === 'cancelled' || !this.current(uri.toString(), gen)) return;
    await yieldToHost();
    if (result.kind === 'parsed') {
      // Decoded in a slice of its own (a 200 KB note's model is megabytes, and may set off a collection), and
      // analysed in the next.
      const parsed = result.read();
      await yieldToHost();
      if (!this.current(uri.toString(), gen)) return;
      this.index.batch(() => this.apply(uri, gen, { kind: 'parsed', parsed, bytes: utf8Length(text), config }));
      return;
    }
    this.index.batch(() => {
      switch (result.kind) {
        case 'tooComplex':
          this.apply(uri, gen, { kind: 'skipped', reason: result.message, config });
          break;
        case 'failed':
          this.apply(uri, gen, { kind: 'skipped', reason: result.reason, config, failed: true });
          break;
        case 'unavailable':
          if (!this.workerUnavailableLogged) {
            this.workerUnavailableLogged = true;
            this.log.warn(`Notes are parsed on the extension host: ${result.reason}.`);
          }
          this.apply(uri, gen, { kind: 'text', text, config });
          break;
      }
    });
  }

  /**
   * Runs the index's deferred engagement work in slices, yielding to the extension host in between; `quiet`: only
   * that of the engagements the scan has stopped adding notes to (WorkspaceIndex.settleQuiet).
   */
  private async settleIndex(quiet = false): Promise<void> {
    for (;;) {
      const start = performance.now();
      const shouldYield = (): boolean => performance.now() - start > SLICE_MS;
      if (quiet ? this.index.settleQuiet(shouldYield) : this.index.settle(shouldYield)) break;
      await yieldToHost();
    }
  }

  private async loadConfig(uri: vscode.Uri): Promise<{ config: DiscoveryConfig; configPath: string | null; problems: ConfigProblem[] }> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const root = folder ? folder.uri.path : uri.path.slice(0, uri.path.lastIndexOf('/')) || '/';
    const base = baseConfig(folder?.uri ?? uri, this.log);
    const fs = this.fsFor(folder?.uri ?? uri);
    const result = await loadConfigForNote(fs, uri.path, root, base);
    if (result.configPath) this.setProblems(fs.uri(result.configPath).toString(), result.problems);
    return result;
  }

  private setProblems(configUri: string, problems: ConfigProblem[]): void {
    const before = this.problems.get(configUri);
    if (before && JSON.stringify(before) === JSON.stringify(problems)) return;
    if (problems.length === 0 && !before) return;
    if (problems.length === 0) this.problems.delete(configUri);
    else this.problems.set(configUri, problems);
    this.problemsEmitter.fire();
  }

  /** `true` when the note is excluded by `discovery.exclude` or an `ignore` glob of its `.discovery.yml`. */
  private ignored(uri: vscode.Uri, config: DiscoveryConfig, configPath: string | null): boolean {
    const rel = this.relativePath(uri);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder && excludeGlobs(folder.uri).some((g) => this.glob(g)?.(rel))) return true;
    if (config.ignore.length === 0) return false;
    const relToConfig = configPath ? relativeTo(uri.path, configPath.slice(0, configPath.lastIndexOf('/'))) : null;
    for (const glob of config.ignore) {
      const match = this.glob(glob);
      if (!match) continue;
      if (match(rel) || (relToConfig !== null && match(relToConfig))) return true;
    }
    return false;
  }

  private glob(glob: string): ((path: string) => boolean) | null {
    if (!this.globCache.has(glob)) {
      try {
        this.globCache.set(glob, compileGlob(glob));
      } catch (e) {
        this.log.warn(`Ignore glob "${glob}" is not usable: ${e instanceof Error ? e.message : String(e)}`);
        this.globCache.set(glob, null);
      }
    }
    return this.globCache.get(glob) ?? null;
  }

  /**
   * Reads a note from disk and decides what the index should hold for it. A note that exists but cannot be read
   * (a link to a missing file or a link loop, an I/O or permission error) is skipped with the reason, so Note
   * Health lists it; only a note that is gone (deleted while it was read) leaves the index.
   */
  private async prepare(uri: vscode.Uri): Promise<Prepared> {
    let config: DiscoveryConfig | undefined;
    try {
      const loaded = await this.loadConfig(uri);
      config = loaded.config;
      if (this.ignored(uri, config, loaded.configPath)) return { kind: 'ignored' };
      const stat = await vscode.workspace.fs.stat(uri);
      this.cache?.noteStat(uri.toString(), stat);
      if (stat.type & vscode.FileType.Directory) return { kind: 'gone' };
      // The disk provider reports a link whose target is missing as a link to nothing (neither file nor folder).
      if (stat.type & vscode.FileType.SymbolicLink && !(stat.type & vscode.FileType.File)) {
        return { kind: 'skipped', reason: 'the file could not be read: it is a link to a file that does not exist', config, failed: true };
      }
      if (stat.size > config.maxFileBytes) {
        return { kind: 'skipped', reason: `larger than ${config.maxFileBytes} bytes (discovery.maxFileSize)`, config };
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      const decoded = decodeNoteBytes(bytes);
      if (!decoded.ok) return { kind: 'skipped', reason: decoded.reason, config };
      return { kind: 'text', text: decoded.text, config };
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return { kind: 'gone' };
      if (!config) {
        this.log.error(`Could not read ${uri.toString(true)}`, e);
        return { kind: 'gone' };
      }
      return { kind: 'skipped', reason: `the file could not be read: ${errorText(e)}`, config, failed: true };
    }
  }

  private apply(uri: vscode.Uri, gen: number, prepared: Prepared): void {
    const key = uri.toString();
    if (!this.current(key, gen)) return;
    switch (prepared.kind) {
      case 'text':
        this.index.upsert(key, this.relativePath(uri), prepared.text, prepared.config, null);
        break;
      case 'parsed':
        this.index.upsertParsed(key, this.relativePath(uri), prepared.parsed, prepared.bytes, prepared.config, null);
        break;
      case 'skipped': {
        // Logged when the reason is new, not again on every rescan or change event of a note still skipped.
        const before = this.index.get(key)?.skipped;
        if (!this.index.markSkipped(key, this.relativePath(uri), prepared.reason, prepared.config) || before === prepared.reason) break;
        const line = `Skipped ${uri.toString(true)}: ${prepared.reason}`;
        if (prepared.failed) this.log.error(line);
        else this.log.warn(line);
        break;
      }
      case 'ignored':
        this.index.remove(key);
        break;
      case 'gone':
        if (!dirtyNote(key)) this.index.remove(key);
        break;
    }
  }

  private drop(uri: string): void {
    this.bump(uri);
    this.cancelDocumentCheck(uri);
    this.index.remove(uri);
  }

  /** Forgets a pending or running check of a document's text (its file was deleted, or it closed). */
  private cancelDocumentCheck(uri: string): void {
    const timer = this.typingTimers.get(uri);
    if (timer) {
      clearTimeout(timer);
      this.typingTimers.delete(uri);
    }
    this.docChecks.set(uri, (this.docChecks.get(uri) ?? 0) + 1);
  }

  // --- events ---------------------------------------------------------------------------------------------------

  private queueRead(uri: vscode.Uri): void {
    if (!isNoteUri(uri)) return;
    this.pendingReads.add(uri.toString());
    this.pendingDeletes.delete(uri.toString());
    this.scheduleEvents();
  }

  /** A created path that may be a folder with notes in it; checked when the burst of events is applied. */
  private queueCreate(uri: vscode.Uri): void {
    if (isNoteUri(uri) || uri.path.endsWith('/.discovery.yml')) return;
    if (SKIPPED_SEGMENTS.some((s) => `${uri.path}/`.includes(s))) return;
    this.pendingCreates.add(uri.toString());
    this.scheduleEvents();
  }

  private queueDelete(uri: vscode.Uri): void {
    const key = uri.toString();
    this.pendingReads.delete(key);
    this.pendingCreates.delete(key);
    this.pendingDeletes.add(key);
    // A deleted note disappears at once (the tree must not show it a moment longer); folders wait for the burst.
    // Only unsaved edits keep it: the user is still working on that text.
    if (isNoteUri(uri) && !dirtyNote(key)) this.drop(key);
    this.scheduleEvents();
  }

  private scheduleEvents(): void {
    const now = Date.now();
    if (this.eventTimer) clearTimeout(this.eventTimer);
    else this.firstPendingEvent = now;
    const delay = Math.max(0, Math.min(EVENT_DELAY_MS, this.firstPendingEvent + EVENT_MAX_DELAY_MS - now));
    this.eventTimer = setTimeout(() => {
      this.eventTimer = undefined;
      const reads = this.pendingReads;
      const deletes = this.pendingDeletes;
      const creates = this.pendingCreates;
      this.pendingReads = new Set();
      this.pendingDeletes = new Set();
      this.pendingCreates = new Set();
      void this.track(async () => {
        if (deletes.size > 0) this.applyDeletes(deletes);
        if (creates.size > 0) for (const u of await this.notesInCreatedFolders(creates)) reads.add(u.toString());
        if (reads.size > 0) await this.readMany([...reads].map((s) => vscode.Uri.parse(s)), new vscode.CancellationTokenSource().token);
      });
    }, delay);
  }

  /** Removes notes deleted directly or inside a deleted folder, in one pass over the index. */
  private applyDeletes(deleted: Set<string>): void {
    this.index.batch(() => {
      for (const n of this.index.all()) {
        if (dirtyNote(n.uri)) continue;
        let cut = n.uri.length;
        while (cut > 0) {
          if (deleted.has(n.uri.slice(0, cut))) {
            this.drop(n.uri);
            break;
          }
          cut = n.uri.lastIndexOf('/', cut - 1);
        }
      }
    });
  }

  /**
   * The notes inside those of `created` that are folders. Paths below another created path are covered by its
   * listing and not looked at; the rest are stat-ed (most creates are plain files) and the folders listed.
   */
  private async notesInCreatedFolders(created: ReadonlySet<string>): Promise<vscode.Uri[]> {
    const tops = [...created].filter((key) => {
      for (let cut = key.lastIndexOf('/'); cut > 0; cut = key.lastIndexOf('/', cut - 1)) {
        if (created.has(key.slice(0, cut))) return false;
      }
      return true;
    });
    const dirs: vscode.Uri[] = [];
    for (let i = 0; i < tops.length; i += READ_CHUNK) {
      const chunk = tops.slice(i, i + READ_CHUNK).map((k) => vscode.Uri.parse(k));
      const isDir = await Promise.all(
        chunk.map((u) => Promise.resolve(vscode.workspace.fs.stat(u)).then((s) => (s.type & vscode.FileType.Directory) !== 0, () => false)),
      );
      chunk.forEach((u, j) => isDir[j] && dirs.push(u));
    }
    if (dirs.length === 0) return [];
    // A new folder may bring its own .discovery.yml, which the configuration watcher can miss the same way.
    for (const fs of this.fsByRoot.values()) fs.invalidate();
    const byFolder = new Map<vscode.WorkspaceFolder, vscode.Uri[]>();
    for (const d of dirs) {
      const folder = vscode.workspace.getWorkspaceFolder(d);
      if (folder) byFolder.set(folder, [...(byFolder.get(folder) ?? []), d]);
    }
    const found: vscode.Uri[] = [];
    const token = new vscode.CancellationTokenSource().token;
    for (const [folder, inFolder] of byFolder) {
      const prefixes = inFolder.map((d) => `${d.toString()}/`);
      if (inFolder.length > FOLDER_SCANS) {
        for (const u of await this.findNotes(folder, token)) if (prefixes.some((p) => u.toString().startsWith(p))) found.push(u);
        continue;
      }
      for (const d of inFolder) found.push(...(await this.findNotes(folder, token, d)));
    }
    if (found.length > 0) this.log.info(`Found ${found.length} discovery note${found.length === 1 ? '' : 's'} in ${dirs.length} new folder${dirs.length === 1 ? '' : 's'}.`);
    return found;
  }

  private configChanged(uri: vscode.Uri): void {
    for (const fs of this.fsByRoot.values()) fs.invalidate();
    if (this.problems.delete(uri.toString())) this.problemsEmitter.fire();
    const dirUri = vscode.Uri.joinPath(uri, '..');
    const prefix = `${dirUri.toString()}/`;
    this.log.info(`${uri.toString(true)} changed: checking the notes below it again.`);
    for (const n of this.index.all()) {
      if (n.uri.startsWith(prefix)) this.pendingReads.add(n.uri);
    }
    // Notes excluded until now may be included now: list the folder's notes again.
    void this.refreshUnder(dirUri);
    for (const doc of vscode.workspace.textDocuments) {
      if (isNoteDocument(doc) && doc.uri.toString().startsWith(prefix)) this.documentChanged(doc, 0);
    }
    this.scheduleEvents();
  }

  /** Finds notes below a folder again (after a configuration change there) and queues them. */
  private async refreshUnder(dirUri: vscode.Uri): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(dirUri);
    if (!folder) return;
    await this.track(async () => {
      const all = await this.findNotes(folder, new vscode.CancellationTokenSource().token);
      const prefix = `${dirUri.toString()}/`;
      for (const u of all) if (u.toString().startsWith(prefix)) this.pendingReads.add(u.toString());
      this.scheduleEvents();
    });
  }

  private documentChanged(doc: vscode.TextDocument, delay: number): void {
    if (!isNoteDocument(doc)) return;
    const key = doc.uri.toString();
    const existing = this.typingTimers.get(key);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.typingTimers.delete(key);
      void this.track(() => this.checkDocument(doc));
    }, delay);
    this.typingTimers.set(key, timer);
  }

  private async checkDocument(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed) return;
    const key = doc.uri.toString();
    const version = doc.version;
    const seq = (this.docChecks.get(key) ?? 0) + 1;
    this.docChecks.set(key, seq);
    this.touched.set(key, ++this.clock);
    const { config, configPath } = await this.loadConfig(doc.uri);
    // A saved document whose file is gone (deleted while it was loaded) is not brought back.
    const gone = !doc.isDirty && doc.uri.scheme !== 'untitled' && !(await exists(doc.uri));
    // Dropped if the user typed on, a newer check started (a configuration change), or the document closed.
    if (this.disposed || doc.isClosed || doc.version !== version || this.docChecks.get(key) !== seq) return;
    if (gone) {
      if (!doc.isDirty) this.index.remove(key);
      return;
    }
    if (this.ignored(doc.uri, config, configPath)) {
      this.index.remove(key);
      return;
    }
    const text = doc.getText();
    const parsed = parseOnHost(text);
    if (parsed) {
      this.index.upsertParsed(key, this.relativePath(doc.uri), parsed, utf8Length(text), config, version);
      return;
    }
    // remark on a large note holds the host for up to seconds: typing in such a note is checked in the worker.
    const result = await this.parser.parse(text);
    if (this.disposed || doc.isClosed || doc.version !== version || this.docChecks.get(key) !== seq) return;
    switch (result.kind) {
      case 'parsed':
        this.index.upsertParsed(key, this.relativePath(doc.uri), result.read(), utf8Length(text), config, version);
        break;
      case 'tooComplex':
      case 'unavailable':
        // The host refuses a note too complex for remark before parsing it; without a worker it parses as before.
        this.index.upsert(key, this.relativePath(doc.uri), text, config, version);
        break;
      case 'failed':
        this.log.error(`Could not check ${doc.uri.toString(true)}: ${result.reason}`);
        break;
      case 'cancelled':
        break;
    }
  }

  private documentClosed(doc: vscode.TextDocument): void {
    if (!isNoteDocument(doc)) return;
    const key = doc.uri.toString();
    this.cancelDocumentCheck(key);
    this.bump(key);
    this.index.releaseDocument(key);
    // Back to the text on disk; a note outside the workspace (or never saved) leaves the index.
    if (doc.uri.scheme !== 'untitled' && vscode.workspace.getWorkspaceFolder(doc.uri)) this.queueRead(doc.uri);
    else this.index.remove(key);
    this.release();
  }

  private foldersChanged(e: vscode.WorkspaceFoldersChangeEvent): void {
    for (const f of e.removed) {
      for (const n of this.index.all()) if (n.uri.startsWith(`${f.uri.toString()}/`)) this.bump(n.uri);
      this.index.removeUnder(f.uri.toString());
    }
    if (e.added.length > 0) {
      void this.track(async () => {
        for (const f of e.added) {
          const uris = await this.findNotes(f, new vscode.CancellationTokenSource().token);
          await this.readMany(uris, new vscode.CancellationTokenSource().token);
        }
      });
    }
  }
}

function openNote(uri: string): boolean {
  return vscode.workspace.textDocuments.some((d) => !d.isClosed && d.uri.toString() === uri);
}

function dirtyNote(uri: string): boolean {
  return vscode.workspace.textDocuments.some((d) => !d.isClosed && d.isDirty && d.uri.toString() === uri);
}

function relativeTo(path: string, dir: string): string | null {
  const base = dir.endsWith('/') ? dir : `${dir}/`;
  return path.startsWith(base) ? path.slice(base.length) : null;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** `false` only when the path is gone: a link to a missing file or a link loop still exists. */
async function pathExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch (e) {
    return !(e instanceof vscode.FileSystemError && e.code === 'FileNotFound');
  }
}

/** An error's message without a stack: one line of a skip reason. */
function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
