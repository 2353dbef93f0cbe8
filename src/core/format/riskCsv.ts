/**
 * Risks as CSV (RFC 4180: a header row, CRLF line ends, quoting where needed), safe to open in a spreadsheet:
 * text that would run as a formula is neutralised by {@link csvCell}.
 */
import { csvRecord, type RiskRow } from '../risks';

export const RISK_CSV_COLUMNS = [
  'id',
  'title',
  'client',
  'engagement',
  'path',
  'line',
  'likelihood',
  'impact',
  'score',
  'band',
  'owner',
  'status',
  'due',
  'mitigation',
] as const;

/** Formats the rows as CSV text (header first). */
export function formatRiskCsv(rows: readonly RiskRow[]): string {
  let out = csvRecord(RISK_CSV_COLUMNS);
  for (const row of rows) out += csvRecord(RISK_CSV_COLUMNS.map((c) => row[c]));
  return out;
}
