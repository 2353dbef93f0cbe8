/**
 * The services shared by every VS Code adapter. `activate` builds one `Services` per activation and hands it to
 * each `register…(services)`; nothing lives at module level, so a second activation (tests, reload) starts clean.
 */
import type * as vscode from 'vscode';
import type { ConfigProblem, DiscoveryConfig } from '../core/configTypes';
import type { WorkspaceIndex } from '../core/workspaceIndex';
import type { Log } from './log';

/** The notes of the workspace being kept in the index from disk, open documents, watchers and settings. */
export interface IndexerApi {
  /** Resolves when the first scan and every queued update have been applied to the index. */
  whenIndexed(): Promise<void>;
  /**
   * Resolves once the first scan has restored the unchanged notes from the index cache (a warm start), or when
   * the first scan is complete without one: the Open Risks view draws its first rows then.
   */
  whenRestored(): Promise<void>;
  /**
   * Reads the notes (URIs; all when omitted) that are held as cached summaries, and resolves when they and every
   * queued update are in the index: for views that need the analysed notes (commitments, questions).
   */
  whenAnalysed(uris?: readonly string[]): Promise<void>;
  /** Re-reads every note and configuration file (the Refresh command). */
  refresh(): Promise<void>;
  /** The effective configuration for a note (settings, then `.discovery.yml`), for notes not yet indexed. */
  configFor(uri: vscode.Uri): Promise<DiscoveryConfig>;
  /** The path the index reports for a note: relative to its workspace folder, `/`-separated. */
  relativePath(uri: vscode.Uri): string;
  /** Problems of `.discovery.yml` files, by the file's URI string. */
  configProblems(): ReadonlyMap<string, ConfigProblem[]>;
  readonly onDidChangeConfigProblems: vscode.Event<void>;
  /** Whether a warm start's restore pass is running (notes coming from the index cache). */
  readonly restoring: boolean;
  /** Fires when a warm start's restore pass is over. */
  readonly onDidRestore: vscode.Event<void>;
}

/** Opens the read-only summary documents. */
export interface SummaryApi {
  /** The workspace summary, or the summary of the engagement of the note `uri` when given. */
  show(noteUri?: vscode.Uri): Promise<vscode.Uri>;
}

/** What the risk tree exposes to commands and to the integration tests (filled in by `registerRiskTree`). */
export interface TreeApi {
  /** A plain-data picture of what the view shows, for tests. */
  snapshot(): unknown;
}

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly index: WorkspaceIndex;
  readonly log: Log;
  readonly indexer: IndexerApi;
  readonly summaries: SummaryApi;
  /** Today as YYYY-MM-DD in local time (rules never read the clock themselves). */
  today(): string;
  /** `discovery.me`: the name the user goes by in risk owners, or `null`. */
  me(): string | null;
  /** Set by the tree adapters when they register; read by the test API. */
  trees: { risk?: TreeApi; health?: TreeApi };
  /** Set by the status bar adapter when it registers; read by the test API. */
  statusBar?: { snapshot(): StatusBarSnapshot };
  /**
   * Set by the Problems adapter when it registers: `whenPublished` resolves once no publication of problems is
   * pending; `heldDuringRestore` counts the notes whose problems waited for a warm start's restore pass.
   */
  problems?: { whenPublished(): Promise<void>; heldDuringRestore(): number };
}

/** What the engagement status bar item shows, as plain data. */
export interface StatusBarSnapshot {
  visible: boolean;
  text: string;
  tooltip: string;
  command: string | null;
  /** The command's arguments as strings (URIs as `toString()`). */
  arguments: string[];
}

/** A command of the command table: the id is declared once, and `run` receives the services first. */
export interface CommandDefinition {
  id: string;
  run(services: Services, ...args: unknown[]): unknown;
}

/** Local date as YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
