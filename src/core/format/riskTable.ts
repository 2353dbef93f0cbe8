/**
 * Risks as an aligned text table for the terminal, most useful sorted by score. Long titles are shortened;
 * every value is stripped of control characters.
 */
import type { Band } from '../model';
import type { RiskRow } from '../risks';
import { sanitizeForTerminal } from './report';

export interface RiskTableOptions {
  color?: boolean;
  /** Longest title shown before it is shortened with `…` (default 60). */
  maxTitle?: number;
}

const RESET = '\u001b[0m';
const BAND_COLOR: Record<Band, string> = {
  low: '\u001b[32m',
  medium: '\u001b[33m',
  high: '\u001b[31m',
  critical: '\u001b[1;31m',
};

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(1, max - 1)) + '\u2026';
}

/** Formats the rows as a table followed by a count line; the result ends with a line break. */
export function formatRiskTable(rows: readonly RiskRow[], options: RiskTableOptions = {}): string {
  if (rows.length === 0) return 'No risks match.\n';
  const maxTitle = options.maxTitle ?? 60;
  const header = ['ID', 'Band', 'Score', 'Status', 'Owner', 'Due', 'Risk', 'Client / engagement', 'Where'];
  const cells = rows.map((r) =>
    [
      r.id ?? '-',
      r.band ?? '-',
      r.score === null ? '-' : String(r.score),
      r.status,
      r.owner ?? '-',
      r.due ?? '-',
      clip(r.title, maxTitle),
      [r.client ?? '?', r.engagement ?? '?'].join(' / '),
      `${r.path}:${r.line}`,
    ].map((c) => sanitizeForTerminal(c.replace(/\s+/g, ' '))),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[], paint?: (i: number, text: string) => string): string =>
    values
      .map((v, i) => {
        const padded = i === 2 ? v.padStart(widths[i]) : v.padEnd(widths[i]);
        return paint ? paint(i, padded) : padded;
      })
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w)))];
  rows.forEach((r, k) => {
    out.push(
      line(cells[k], (i, text) => (options.color && i === 1 && r.band !== null ? `${BAND_COLOR[r.band]}${text}${RESET}` : text)),
    );
  });
  const open = rows.filter((r) => r.isOpen).length;
  out.push('', `${rows.length} ${rows.length === 1 ? 'risk' : 'risks'}, ${open} open`);
  return out.join('\n') + '\n';
}
