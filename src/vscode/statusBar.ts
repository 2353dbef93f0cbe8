/**
 * A status bar item for the active note: the open risk count of its engagement (with critical and overdue
 * counts), opening the engagement summary on click. Hidden for every other editor.
 */
import * as vscode from 'vscode';
import { countRisks, formatRiskCounts } from '../core/summary';
import { COMMAND } from './commandIds';
import type { Services } from './services';

export function registerStatusBar(services: Services): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('discovery.engagementRisks', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Discovery: Engagement Risks';
  const disposables: vscode.Disposable[] = [item];
  // A status bar item cannot be asked whether it is shown.
  let visible = false;

  const update = () => {
    const editor = vscode.window.activeTextEditor;
    const uri = editor?.document.uri;
    const members = uri ? services.index.engagementOf(uri.toString()) : [];
    // Notes restored from the cache hold no commitments for the overdue count: they are read (and this updates).
    services.index.requestHydration(members.filter((m) => m.summary).map((m) => m.uri));
    const notes = members.flatMap((m) => (m.note ? [m.note] : []));
    if (!uri || notes.length === 0) {
      item.hide();
      visible = false;
      return;
    }
    const counts = countRisks(notes, services.today());
    const meta = notes[0].meta;
    const name = [meta.client, meta.engagement].filter(Boolean).join(' / ') || 'this note';
    item.text = `${counts.critical > 0 || counts.overdue > 0 ? '$(warning)' : '$(shield)'} ${formatRiskCounts(counts)}`;
    item.tooltip = `Open risks of ${name} across ${notes.length} note${notes.length === 1 ? '' : 's'}. Click for the summary.`;
    item.command = { title: 'Show engagement summary', command: COMMAND.showEngagementSummary, arguments: [uri] };
    item.show();
    visible = true;
  };
  services.statusBar = {
    snapshot: () => ({
      visible,
      text: item.text,
      tooltip: typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''),
      command: typeof item.command === 'string' ? item.command : (item.command?.command ?? null),
      arguments: typeof item.command === 'object' ? (item.command.arguments ?? []).map(String) : [],
    }),
  };

  vscode.window.onDidChangeActiveTextEditor(update, null, disposables);
  disposables.push(services.index.onDidChange(update));
  update();
  return vscode.Disposable.from(...disposables);
}
