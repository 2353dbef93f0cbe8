/**
 * "Export Risk Summary": the summary panel's content as a self-contained HTML file or as Markdown (heat map as a
 * table), for sending to a client. Nothing is overwritten without asking (programmatic callers must say
 * `overwrite: true`). In Markdown, links to notes are relative to the exported file, so they work in a repository.
 */
import * as vscode from 'vscode';
import { relative } from '../core/paths';
import { renderExportHtml, renderPictureMarkdown } from '../core/summaryHtml';
import type { IndexedNote } from '../core/workspaceIndex';
import { argObject, chooseExport, uriArg } from './commandArgs';
import type { Services } from './services';
import { pictureFor } from './summaryPanel';

export type SummaryExportFormat = 'html' | 'markdown';
const FORMATS: Record<SummaryExportFormat, { label: string; detail: string; ext: string; filter: string }> = {
  html: { label: 'HTML', detail: 'A self-contained page with the charts, light or dark as the reader prefers', ext: 'html', filter: 'HTML' },
  markdown: { label: 'Markdown', detail: 'Text with the heat map as a table', ext: 'md', filter: 'Markdown' },
};

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
  // The summary lists commitments and questions too: notes restored from the cache are read first.
  await services.indexer.whenAnalysed();
  const note = uriArg(a.note);
  const chosen = await chooseExport(a, FORMATS, { title: 'Export Risk Summary', base: 'risk-summary', what: 'the risk summary' });
  if (!chosen) return undefined;
  const { format, target } = chosen;
  const picture = pictureFor(services.index, services.today(), note?.toString(), hrefFrom(target));
  const text = format === 'html' ? renderExportHtml(picture) : renderPictureMarkdown(picture);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  vscode.window.setStatusBarMessage(`Exported the risk summary to ${vscode.workspace.asRelativePath(target)}`, 5000);
  return target;
}
