/**
 * Hover on a risk: its score, band, owner, due date, status and mitigation. Everything from the note is shown
 * as escaped plain text in an untrusted MarkdownString (no HTML, no command links), so a title such as
 * `<img onerror=…>` or `[x](command:…)` is only text.
 */
import * as vscode from 'vscode';
import type { Risk } from '../core/model';
import { riskHoverMarkdown } from '../core/hover';
import { NOTE_SELECTOR } from './codeActions';
import { documentNote } from './documentNote';
import type { Services } from './services';

function contains(risk: Risk, pos: vscode.Position): boolean {
  const { start, end } = risk.range;
  if (pos.line < start.line || pos.line > end.line) return false;
  if (pos.line === start.line && pos.character < start.character) return false;
  if (pos.line === end.line && pos.character > end.character) return false;
  return true;
}

export { riskHoverMarkdown };

export function registerHover(services: Services): vscode.Disposable {
  return vscode.languages.registerHoverProvider(NOTE_SELECTOR, {
    async provideHover(doc, position, token) {
      const state = await documentNote(services, doc);
      if (!state || token.isCancellationRequested) return undefined;
      const risk = state.note.risks.find((r) => contains(r, position));
      if (!risk) return undefined;
      const md = new vscode.MarkdownString(riskHoverMarkdown(risk, services.today()));
      md.isTrusted = false;
      md.supportHtml = false;
      md.supportThemeIcons = false;
      const r = risk.range;
      return new vscode.Hover(md, new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character));
    },
  });
}
