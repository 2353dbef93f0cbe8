/** The text of the hover on a risk, built here (pure) so that what a note can make it show is tested in plain Node. */
import type { Risk } from './model';
import { escapeMarkdown, isOverdue } from './summary';

/**
 * The hover text of a risk: score, band, owner, due date, status and mitigation, as Markdown in which every value
 * from the note is escaped, so a title such as `<img onerror=…>` or `[x](command:…)` renders as the literal text.
 * Show it in an untrusted `MarkdownString` (no HTML, no command links) as a second guard.
 */
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
