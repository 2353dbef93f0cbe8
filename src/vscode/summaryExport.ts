/**
 * "Export Risk Summary": the summary panel's content as a self-contained HTML file or as Markdown (heat map as a
 * table), for sending to a client. Nothing is overwritten without asking (programmatic callers must say
 * `overwrite: true`). In Markdown, links to notes are relative to the exported file, so they work in a repository.
 */
import * as vscode from 'vscode';
import { relative } from '../core/paths';
import { renderExportHtml, renderPictureMarkdown } from '../core/summaryHtml';
import type { IndexedNote } from '../core/workspaceIndex';
import type { Services } from './services';
import { pictureFor } from './summaryPanel';

export type SummaryExportFormat = 'html' | 'markdown';
const FORMATS: Record<SummaryExportFormat, { label: string; detail: string; ext: string; filter: string }> = {
  html: { label: 'HTML', detail: 'A self-contained page with the charts, light or dark as the reader prefers', ext: 'html', filter: 'HTML' },
  markdown: { label: 'Markdown', detail: 'Text with the heat map as a table', ext: 'md', filter: 'Markdown' },
};

function argObject(arg: unknown): Record<string, unknown> {
  return arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? (arg as Record<string, unknown>) : {};
}

function uriArg(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (typeof v === 'string' && v !== '') return vscode.Uri.parse(v);
  return undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A link from the exported file to a note: relative when both live on the same file system, else the note URI. */
function hrefFrom(target: vscode.Uri): (entry: IndexedNote) => string {
  return (entry) => {
    const note = vscode.Uri.parse(entry.uri);
    if (note.scheme !== target.scheme || note.authority !== target.authority) return entry.uri;
    const dir = target.path.slice(0, target.path.lastIndexOf('/')) || '/';
    return relative(dir, note.path)
      .split('/')
      .map((s) => encodeURIComponent(s))
      .join('/');
  };
}

/**
 * Exports the summary of the workspace, or of the engagement of `note`. Argument (all optional):
 * `{ format: 'html' | 'markdown', target: Uri | string, overwrite: boolean, note: Uri | string }`.
 */
export async function exportRiskSummary(services: Services, arg?: unknown): Promise<vscode.Uri | undefined> {
  const a = argObject(arg);
  await services.indexer.whenIndexed();
  let format = typeof a.format === 'string' ? (a.format as SummaryExportFormat) : undefined;
  if (format !== undefined && !(format in FORMATS)) throw new Error(`Unknown export format "${format}" (html or markdown).`);
  if (!format) {
    const picked = await vscode.window.showQuickPick(
      (Object.keys(FORMATS) as SummaryExportFormat[]).map((f) => ({ label: FORMATS[f].label, detail: FORMATS[f].detail, value: f })),
      { title: 'Export Risk Summary', placeHolder: 'Format' },
    );
    if (!picked) return undefined;
    format = picked.value;
  }
  const spec = FORMATS[format];
  const note = uriArg(a.note);
  let target = uriArg(a.target);
  if (!target) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target = await vscode.window.showSaveDialog({
      title: 'Export Risk Summary',
      defaultUri: folder ? vscode.Uri.joinPath(folder, `risk-summary.${spec.ext}`) : undefined,
      filters: { [spec.filter]: [spec.ext] },
      saveLabel: 'Export',
    });
    if (!target) return undefined;
  }
  if (await exists(target)) {
    let replace = a.overwrite === true;
    if (!replace && a.target === undefined) {
      const answer = await vscode.window.showWarningMessage(
        `${vscode.workspace.asRelativePath(target)} already exists. Replace it with the risk summary?`,
        { modal: true },
        'Replace',
      );
      replace = answer === 'Replace';
    }
    if (!replace) return undefined;
  }
  const picture = pictureFor(services.index, services.today(), note?.toString(), hrefFrom(target));
  const text = format === 'html' ? renderExportHtml(picture) : renderPictureMarkdown(picture);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  vscode.window.setStatusBarMessage(`Exported the risk summary to ${vscode.workspace.asRelativePath(target)}`, 5000);
  return target;
}
