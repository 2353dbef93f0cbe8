/**
 * Read-only summary documents (scheme `discovery-summary`), rendered from the index by `core/summary.ts` and
 * shown in the Markdown preview. They stay live: an open summary is re-rendered when the index changes. Every
 * item links to its note and line (`file:///…/note.discovery.md#L12`).
 */
import * as vscode from 'vscode';
import { computeSummary, renderSummary, type SummarySource } from '../core/summary';
import { indexedMeta, type WorkspaceIndex } from '../core/workspaceIndex';
import type { Log } from './log';
import type { SummaryApi } from './services';

export const SUMMARY_SCHEME = 'discovery-summary';
const REFRESH_DELAY_MS = 300;

export class SummaryDocuments implements SummaryApi, vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly log: Log,
    private readonly today: () => string,
  ) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, this),
      index.onDidChange(() => this.scheduleRefresh()),
    );
  }

  /** The URI of the workspace summary, or of the engagement summary of a note. */
  uriFor(noteUri?: vscode.Uri): vscode.Uri {
    if (!noteUri) return vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: '/Risk Summary.md' });
    const n = this.index.get(noteUri.toString());
    const meta = n ? indexedMeta(n) : null;
    const name = meta && (meta.client || meta.engagement) ? [meta.client, meta.engagement].filter(Boolean).join(' — ') : n?.path ?? 'Note';
    const safe = name.replace(/[\\/:*?"<>|#%]/g, '-').slice(0, 80);
    return vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${safe} Risk Summary.md`, query: new URLSearchParams({ note: noteUri.toString() }).toString() });
  }

  async show(noteUri?: vscode.Uri): Promise<vscode.Uri> {
    const uri = this.uriFor(noteUri);
    this.changed.fire(uri);
    await vscode.workspace.openTextDocument(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch (e) {
      // Without the built-in Markdown extension (disabled), the summary still opens as text.
      this.log.warn(`Markdown preview unavailable (${e instanceof Error ? e.message : String(e)}); showing the summary as text.`);
      await vscode.window.showTextDocument(uri, { preview: true });
    }
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const note = new URLSearchParams(uri.query).get('note');
    const entries = note ? this.index.engagementOf(note) : this.index.all();
    const sources: SummarySource[] = [];
    let skipped = 0;
    for (const n of entries) {
      if (!n.note) {
        // A note restored from the index cache is read first (the summary is drawn again when it is in).
        if (n.summary) this.index.requestHydration([n.uri]);
        else skipped++;
        continue;
      }
      sources.push({ note: n.note, href: n.uri, staleQuestionDays: n.config.staleQuestionDays });
    }
    sources.sort((a, b) => a.note.path.localeCompare(b.note.path));
    const today = this.today();
    let title = 'Risk summary: all engagements';
    if (note) {
      const meta = sources[0]?.note.meta;
      title = meta ? `Risk summary: ${[meta.client, meta.engagement].filter(Boolean).join(' / ') || sources[0].note.path}` : 'Risk summary';
      if (sources.length === 0) return `# Risk summary\n\nThe note ${note} is not indexed (it may be excluded, skipped or deleted).\n`;
    }
    return renderSummary(computeSummary(sources, today), { title, today, workspace: !note, skipped });
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.uri.scheme === SUMMARY_SCHEME) this.changed.fire(doc.uri);
      }
    }, REFRESH_DELAY_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
