/**
 * Risks as a GFM Markdown table, for pasting into a proposal or a status report. Cell text is escaped so a
 * value can neither break the table (`|`, line breaks) nor become raw HTML.
 */
import type { RiskRow } from '../risks';

/** Text made safe for one cell of a GFM table. */
export function markdownCell(value: string | number | null): string {
  if (value === null) return '';
  return String(value)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const HEADER = ['ID', 'Risk', 'Band', 'Score', 'L', 'I', 'Status', 'Owner', 'Due', 'Client', 'Engagement', 'Mitigation', 'Note'];

/** Formats the rows as a Markdown table followed by a count line; the result ends with a line break. */
export function formatRiskMarkdown(rows: readonly RiskRow[]): string {
  const lines = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map((h) => (h === 'Score' || h === 'L' || h === 'I' ? ' ---: ' : ' --- ')).join('|')}|`];
  for (const r of rows) {
    const cells = [
      r.id,
      r.title,
      r.band,
      r.score,
      r.likelihood,
      r.impact,
      r.status,
      r.owner,
      r.due,
      r.client,
      r.engagement,
      r.mitigation,
      `${r.path}:${r.line}`,
    ].map(markdownCell);
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('', `${rows.length} ${rows.length === 1 ? 'risk' : 'risks'}.`);
  return lines.join('\n') + '\n';
}
