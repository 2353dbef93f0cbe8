/**
 * Entry point: builds the services of this activation and registers one adapter per feature. Everything a
 * feature needs comes from the services; everything it registers is disposed with the extension.
 *
 * Activation is cheap: `workspaceContains:**∕*.discovery.md`, a Markdown file being opened (a note may be
 * opened from outside any workspace), or one of the commands/views. In a workspace without notes the index stays
 * empty and nothing else runs.
 */
import * as vscode from 'vscode';
import { WorkspaceIndex, type IndexCounters, type IndexedNote } from './core/workspaceIndex';
import { discoveryBadges } from './markdownItPlugin';
import { registerCodeActions } from './vscode/codeActions';
import { registerCodeLens } from './vscode/codeLens';
import { registerCommands } from './vscode/commands';
import { registerDiagnostics } from './vscode/diagnostics';
import { registerHealthTree } from './vscode/healthTree';
import { registerHover } from './vscode/hover';
import { IndexCacheStore, indexCacheEngine, type IndexCacheStatus } from './vscode/indexCacheStore';
import { Indexer } from './vscode/indexer';
import { createLog } from './vscode/log';
import { registerRiskTree } from './vscode/riskTree';
import { localToday, type Services, type StatusBarSnapshot } from './vscode/services';
import { me } from './vscode/settings';
import { registerStatusBar } from './vscode/statusBar';
import { SummaryPanels, type PanelSnapshot } from './vscode/summaryPanel';
import { SummaryDocuments } from './vscode/summaryView';

/** VS Code's markdown-it instance, as the badge plugin takes it. */
type MarkdownItInstance = Parameters<typeof discoveryBadges>[0];

/** What `activate` returns: a small API for the integration tests (and other extensions). */
export interface DiscoveryApi {
  /** Every indexed note with its findings. */
  notes(): IndexedNote[];
  /** Resolves when the scan and every queued update have reached the index, and their problems are published. */
  whenIndexed(): Promise<void>;
  /** Resolves when the first scan has restored the unchanged notes from the index cache (or has finished). */
  whenRestored(): Promise<void>;
  /** How much work the index did: notes parsed, restored from the cache, checked. */
  indexCounters(): IndexCounters;
  /** What the warm start restored from the index cache, and the writes of the cache since. */
  indexCacheStatus(): IndexCacheStatus;
  /** Notes whose problems waited for a warm start's restore pass to be over, then were published in slices. */
  problemsHeldDuringRestore(): number;
  /** What the "Open Risks" view shows, as plain data. */
  getRiskTreeSnapshot(): unknown;
  /** What the "Note Health" view shows, as plain data. */
  getHealthTreeSnapshot(): unknown;
  /** The Markdown of the workspace summary, or of a note's engagement summary. */
  summaryText(noteUri?: vscode.Uri): Promise<string>;
  /** What the open risk summary panels show. */
  getSummaryPanels(): PanelSnapshot[];
  /** What the engagement status bar item shows (`undefined` if it is not registered). */
  statusBarSnapshot(): StatusBarSnapshot | undefined;
  /** The last lines written to the "Discovery Notes" output channel, each prefixed with its level. */
  logLines(): readonly string[];
  /** Called by the built-in Markdown preview: band badges after the risk IDs of discovery notes. */
  extendMarkdownIt(md: MarkdownItInstance): MarkdownItInstance;
}

export function activate(context: vscode.ExtensionContext): DiscoveryApi {
  const log = createLog();
  context.subscriptions.push(log);
  const today = () => localToday();
  // The indexer keeps settled notes as summaries (WorkspaceIndex.compact), so notes can be summarised as they load.
  const index = new WorkspaceIndex({ today, summarizeOnLoad: true });
  const indexer = new Indexer(index, log, today);
  // The index cache lives in this workspace's storage; without one (no folder open) every start reads the notes.
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  const cache = new IndexCacheStore(context.storageUri, indexCacheEngine(version), index, log, today, () => indexer.whenIndexed());
  indexer.attachCache(cache);
  context.subscriptions.push(cache);
  // The summary's Markdown lives in read-only documents (scheme discovery-summary); people see it in a panel.
  const summaryDocs = new SummaryDocuments(index, log, today);
  const summaries = new SummaryPanels(context.extensionUri, index, log, today, (noteUri) => summaryDocs.uriFor(noteUri));
  context.subscriptions.push(indexer, summaryDocs, summaries);

  const services: Services = { context, index, log, indexer, summaries, today, me, trees: {} };

  for (const register of [
    registerDiagnostics,
    registerCodeActions,
    registerHover,
    registerCodeLens,
    registerStatusBar,
    registerRiskTree,
    registerHealthTree,
    registerCommands,
  ]) {
    try {
      context.subscriptions.push(register(services));
    } catch (e) {
      // One broken feature must not take the others down.
      log.error(`Could not register ${register.name}`, e);
    }
  }
  indexer.start();

  return {
    notes: () => index.all(),
    // Indexed, and the problems of a warm start's restored notes published (see diagnostics.ts).
    whenIndexed: () => indexer.whenIndexed().then(() => services.problems?.whenPublished()),
    whenRestored: () => indexer.whenRestored(),
    indexCounters: () => ({ ...index.counters }),
    indexCacheStatus: () => cache.status(),
    problemsHeldDuringRestore: () => services.problems?.heldDuringRestore() ?? 0,
    getRiskTreeSnapshot: () => services.trees.risk?.snapshot(),
    getHealthTreeSnapshot: () => services.trees.health?.snapshot(),
    summaryText: async (noteUri) => (await vscode.workspace.openTextDocument(summaryDocs.uriFor(noteUri))).getText(),
    getSummaryPanels: () => summaries.snapshot(),
    statusBarSnapshot: () => services.statusBar?.snapshot(),
    logLines: () => log.recentLines(),
    extendMarkdownIt: (md) => discoveryBadges(md, { bandsFor: (uri) => index.get(uri)?.config.bands }),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
