/**
 * A CodeLens above the Risks heading: "5 open · 2 critical · 1 overdue" for the note's risks; clicking it opens
 * the summary of the note's engagement.
 */
import * as vscode from 'vscode';
import { countRisks, formatRiskCounts } from '../core/summary';
import { NOTE_SELECTOR } from './codeActions';
import { COMMAND } from './commandIds';
import { toRange } from './convert';
import { documentNote } from './documentNote';
import type { Services } from './services';

export function registerCodeLens(services: Services): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(doc, token) {
      const state = await documentNote(services, doc);
      if (!state || token.isCancellationRequested) return [];
      const risks = state.note.sections.find((s) => s.id === 'risks');
      if (!risks) return [];
      const title = formatRiskCounts(countRisks([state.note], services.today()));
      return [
        new vscode.CodeLens(toRange(risks.parsed.heading.range), {
          title,
          tooltip: 'Show the risk summary of this engagement',
          command: COMMAND.showEngagementSummary,
          arguments: [doc.uri],
        }),
      ];
    },
  };
  return vscode.Disposable.from(
    changed,
    // Counts follow the index (including notes of the engagement changing elsewhere).
    services.index.onDidChange(() => changed.fire()),
    vscode.languages.registerCodeLensProvider(NOTE_SELECTOR, provider),
  );
}
