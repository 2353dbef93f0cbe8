/**
 * The risk summary as a webview panel: the heat map, the client bars and the lists of `core/summaryHtml.ts`,
 * live as notes change. One panel for the workspace and one per engagement, each reused when shown again and
 * restored after a reload (the panel's state names its engagement by one of its notes).
 *
 * The webview runs only our script from media/ (by nonce, under a strict CSP) and can do one thing: ask to open a
 * note at a line. That message is checked against the index, so a panel can never open anything but an indexed
 * note, whatever the notes contain.
 */
import * as vscode from 'vscode';
import { computeRiskPicture, type RiskPicture } from '../core/riskPicture';
import { renderPanelHtml } from '../core/summaryHtml';
import type { SummarySource } from '../core/summary';
import { indexedMeta, type IndexedNote, type WorkspaceIndex } from '../core/workspaceIndex';
import type { BandThresholds } from '../core/scale';
import type { Log } from './log';
import type { SummaryApi } from './services';

/** The webview type, also the `onWebviewPanel:` activation event that lets a restored panel wake the extension. */
export const SUMMARY_VIEW_TYPE = 'discovery.riskSummary';
const REFRESH_DELAY_MS = 300;
const MAX_LINE = 10_000_000;

/** What a panel shows, saved by its script so the serializer can bring it back. */
interface PanelState {
  /** URI of a note of the engagement; absent for the workspace summary. */
  note?: string;
}

interface Entry {
  key: string;
  panel: vscode.WebviewPanel;
  state: PanelState;
  html: string;
  disposables: vscode.Disposable[];
}

/** A plain-data picture of an open panel, for the integration tests. */
export interface PanelSnapshot {
  key: string;
  title: string;
  note: string | null;
  visible: boolean;
  html: string;
}

function label(meta: { client: string | null; engagement: string | null } | undefined): string {
  return meta ? [meta.client, meta.engagement].filter(Boolean).join(' / ') : '';
}

/** Notes with the same band thresholds colour the grid with them; mixed thresholds fall back to the defaults. */
function sharedBands(entries: readonly IndexedNote[]): BandThresholds | undefined {
  const first = entries[0]?.config.bands;
  if (!first) return undefined;
  const same = entries.every((e) => e.config.bands.medium === first.medium && e.config.bands.high === first.high && e.config.bands.critical === first.critical);
  return same ? first : undefined;
}

/**
 * The picture of the workspace, or of the engagement of `noteUri`. `hrefOf` gives each note's link target (the
 * note URI in the panel, a relative path in an export).
 */
export function pictureFor(
  index: WorkspaceIndex,
  today: string,
  noteUri?: string,
  hrefOf: (entry: IndexedNote) => string = (e) => e.uri,
): RiskPicture {
  const entries = noteUri ? index.engagementOf(noteUri) : index.all();
  const sources: SummarySource[] = [];
  let skipped = 0;
  for (const n of entries) {
    if (!n.note) {
      // A note restored from the index cache is read first (the summary is drawn again when it is in).
      if (n.summary) index.requestHydration([n.uri]);
      else skipped++;
      continue;
    }
    sources.push({ note: n.note, href: hrefOf(n), staleQuestionDays: n.config.staleQuestionDays });
  }
  sources.sort((a, b) => a.note.path.localeCompare(b.note.path));
  let title = 'Risk summary: all engagements';
  if (noteUri) {
    const name = label(sources[0]?.note.meta) || sources[0]?.note.path;
    title = name ? `Risk summary: ${name}` : 'Risk summary: note not indexed';
  }
  return computeRiskPicture(sources, { title, today, workspace: !noteUri, skipped, bands: sharedBands(entries) });
}

function nonce(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Only `{ type: 'open', href, line }` with the URI of an indexed note and a sane line passes. */
export function validOpenMessage(message: unknown, isIndexed: (uri: string) => boolean): { uri: string; line: number } | null {
  if (!message || typeof message !== 'object') return null;
  const m = message as Record<string, unknown>;
  if (m.type !== 'open' || typeof m.href !== 'string' || typeof m.line !== 'number') return null;
  if (!Number.isInteger(m.line) || m.line < 1 || m.line > MAX_LINE) return null;
  if (!isIndexed(m.href)) return null;
  return { uri: m.href, line: m.line };
}

/** The summary panels of one activation. `show` is what the summary commands, the CodeLens and the status bar call. */
export class SummaryPanels implements SummaryApi, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly index: WorkspaceIndex,
    private readonly log: Log,
    private readonly today: () => string,
    /** The identity of a summary (and its Markdown text), as the read-only summary documents name it. */
    private readonly summaryUri: (noteUri?: vscode.Uri) => vscode.Uri,
  ) {
    this.disposables.push(
      index.onDidChange(() => this.scheduleRefresh()),
      vscode.window.registerWebviewPanelSerializer(SUMMARY_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => this.restore(panel, state),
      }),
    );
  }

  /** Opens (or reveals) the workspace summary panel, or the panel of the engagement of `noteUri`. */
  async show(noteUri?: vscode.Uri): Promise<vscode.Uri> {
    const state: PanelState = noteUri ? { note: noteUri.toString() } : {};
    const key = this.keyOf(state);
    const existing = this.entries.get(key);
    if (existing) {
      // Live updates keep it current; re-rendering here would only reload the page and lose the reader's place.
      existing.panel.reveal(undefined, false);
    } else {
      const panel = vscode.window.createWebviewPanel(SUMMARY_VIEW_TYPE, 'Risk Summary', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, this.options());
      this.adopt(panel, state);
    }
    return this.summaryUri(noteUri);
  }

  /** What the open panels show, for the test API. */
  snapshot(): PanelSnapshot[] {
    return [...this.entries.values()].map((e) => ({ key: e.key, title: e.panel.title, note: e.state.note ?? null, visible: e.panel.visible, html: e.html }));
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  /** An engagement's panel is keyed by the engagement, so every note of it shows the same panel. */
  private keyOf(state: PanelState): string {
    if (!state.note) return 'workspace';
    const n = this.index.get(state.note);
    // A note kept as a summary (restored, or settled in a scan) has its metadata there.
    const meta = n ? indexedMeta(n) : null;
    if (meta?.client && meta.engagement) return `engagement:${meta.client.toLowerCase()}\u0000${meta.engagement.toLowerCase()}`;
    return `note:${state.note}`;
  }

  private restore(panel: vscode.WebviewPanel, raw: unknown): void {
    const note = raw && typeof raw === 'object' && typeof (raw as PanelState).note === 'string' ? (raw as PanelState).note : undefined;
    const state: PanelState = note ? { note } : {};
    const existing = this.entries.get(this.keyOf(state));
    if (existing) {
      // Two restored panels for one summary (e.g. an engagement's notes were merged): keep one.
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    this.adopt(panel, state);
  }

  private adopt(panel: vscode.WebviewPanel, state: PanelState): void {
    const entry: Entry = { key: this.keyOf(state), panel, state, html: '', disposables: [] };
    this.entries.set(entry.key, entry);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'discovery.svg');
    entry.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(entry, m)),
      panel.onDidDispose(() => {
        if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
        for (const d of entry.disposables) d.dispose();
      }),
    );
    this.render(entry);
  }

  private render(entry: Entry): void {
    try {
      const picture = pictureFor(this.index, this.today(), entry.state.note);
      entry.panel.title = entry.state.note ? picture.title.replace(/^Risk summary: /, 'Risks: ') : 'Risk Summary';
      const webview = entry.panel.webview;
      entry.html = renderPanelHtml(picture, {
        cspSource: webview.cspSource,
        nonce: nonce(),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'summaryPanel.js')).toString(),
        state: entry.state,
      });
      webview.html = entry.html;
    } catch (e) {
      this.log.error('Could not render the risk summary', e);
    }
  }

  private async onMessage(entry: Entry, message: unknown): Promise<void> {
    const open = validOpenMessage(message, (uri) => this.index.has(uri));
    if (!open) {
      this.log.warn(`Ignored a message from the risk summary panel: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    const line = open.line - 1;
    const column = entry.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    try {
      await vscode.window.showTextDocument(vscode.Uri.parse(open.uri), { viewColumn: column, selection: new vscode.Range(line, 0, line, 0) });
    } catch (e) {
      this.log.error(`Could not open ${open.uri}`, e);
      void vscode.window.showErrorMessage(`Discovery: could not open the note (${e instanceof Error ? e.message : String(e)}).`);
    }
  }

  private scheduleRefresh(): void {
    if (this.entries.size === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const entry of this.entries.values()) this.render(entry);
    }, REFRESH_DELAY_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const e of [...this.entries.values()]) e.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
