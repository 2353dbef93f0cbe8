/**
 * Hover on a risk: its score, band, owner, due date, status and mitigation. Everything from the note is shown
 * as escaped plain text in an untrusted MarkdownString (no HTML, no command links), so a title such as
 * `<img onerror=…>` or `[x](command:…)` is only text.
 */
import * as vscode from 'vscode';
import type { Risk } from '../core/model';
import { escapeMarkdown, isOverdue } from '../core/summary';
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

/** The hover text of a risk, as Markdown with every value escaped. */
export function riskHoverMarkdown(risk: Risk, today: string): string {
  const e = (s: string) => escapeMarkdown(s);
  const lines: string[] = [];
  lines.push(`**${e(risk.id ? `${risk.id} · ${risk.title}` : risk.title)}**`);
  const score =
    risk.score !== null
      ? `Score ${risk.score}${risk.band ? ` (${risk.band})` : ''} — likelihood ${risk.likelihood} × impact ${risk.impact}`
      : `Score unknown — likelihood ${risk.likelihood ?? 'not set'}, impact ${risk.impact ?? 'not set'}`;
  lines.push(e(score));
  lines.push(e(`Owner: ${risk.owner ?? 'not set'}`));
  const overdue = risk.isOpen && isOverdue(risk.due, today) ? ' (overdue)' : '';
  lines.push(e(`Due: ${risk.due ?? 'not set'}${overdue}`));
  lines.push(e(`Status: ${risk.status}`));
  lines.push(e(`Mitigation: ${risk.mitigation ?? 'none'}`));
  return lines.join('\n\n');
}

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
