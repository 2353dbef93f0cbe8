/**
 * Risk rows: the flat, exportable view of every risk across notes, used by the CLI's `risks` command, the
 * exports and the summaries. Filters and sorts are pure functions over rows.
 */
import type { Band, Note, RiskStatus } from './model';
import { bandRank } from './scale';

/** One risk as a flat record. Unknown values are `null`. */
export interface RiskRow {
  id: string | null;
  title: string;
  client: string | null;
  engagement: string | null;
  /** Path of the note, as in {@link Note.path}. */
  path: string;
  /** 1-based line where the risk starts. */
  line: number;
  likelihood: number | null;
  impact: number | null;
  score: number | null;
  band: Band | null;
  owner: string | null;
  status: RiskStatus;
  due: string | null;
  mitigation: string | null;
  /** Open, mitigating or monitoring: still needs attention. */
  isOpen: boolean;
}

/** Which rows to keep; every given criterion must hold. */
export interface RiskFilter {
  /** Keep only risks that still need attention (open, mitigating, monitoring). */
  openOnly?: boolean;
  /** Keep only risks of this band or above; a risk with no band (no score) is dropped. */
  minBand?: Band;
  /** Keep only risks owned by this person (case-insensitive; matches one name of a shared owner such as `Dana & Lee`). */
  owner?: string;
  /** Keep only risks whose id, title, owner, mitigation, client or engagement contains this text (case-insensitive). */
  text?: string;
}

export type RiskSortKey = 'score' | 'due' | 'id';

/** The rows of every risk of the notes, in note order and then in source order. */
export function riskRows(notes: readonly Note[]): RiskRow[] {
  const rows: RiskRow[] = [];
  for (const note of notes) {
    for (const risk of note.risks) {
      rows.push({
        id: risk.id,
        title: risk.title,
        client: note.meta.client,
        engagement: note.meta.engagement,
        path: note.path,
        line: risk.range.start.line + 1,
        likelihood: risk.likelihood,
        impact: risk.impact,
        score: risk.score,
        band: risk.band,
        owner: risk.owner,
        status: risk.status,
        due: risk.due,
        mitigation: risk.mitigation,
        isOpen: risk.isOpen,
      });
    }
  }
  return rows;
}

function fold(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Names in an owner field: the whole field and each name of a shared owner (`Dana & Lee`, `Dana, Lee`, `Dana and Lee`). */
function ownerNames(owner: string): string[] {
  const whole = fold(owner);
  const parts = whole
    .split(/\s*(?:[,;/&+]|\band\b)\s*/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return [whole, ...parts];
}

/** The rows that pass every criterion of the filter, in their original order. */
export function filterRisks(rows: readonly RiskRow[], filter: RiskFilter): RiskRow[] {
  const minRank = filter.minBand ? bandRank(filter.minBand) : null;
  const owner = filter.owner !== undefined && filter.owner.trim() !== '' ? fold(filter.owner) : null;
  const text = filter.text !== undefined && filter.text.trim() !== '' ? fold(filter.text) : null;
  return rows.filter((row) => {
    if (filter.openOnly && !row.isOpen) return false;
    if (minRank !== null && (row.band === null || bandRank(row.band) < minRank)) return false;
    if (owner !== null && (row.owner === null || !ownerNames(row.owner).includes(owner))) return false;
    if (text !== null) {
      const haystack = [row.id, row.title, row.owner, row.mitigation, row.client, row.engagement]
        .filter((v): v is string => v !== null)
        .map(fold)
        .join('\n');
      if (!haystack.includes(text)) return false;
    }
    return true;
  });
}

/** Open risks of a note, and those of them in the critical and high bands. */
export interface RiskCounts {
  open: number;
  critical: number;
  high: number;
}

/** {@link RiskCounts} of rows. */
export function countRisks(rows: readonly RiskRow[]): RiskCounts {
  const counts: RiskCounts = { open: 0, critical: 0, high: 0 };
  for (const r of rows) {
    if (!r.isOpen) continue;
    counts.open++;
    if (r.band === 'critical') counts.critical++;
    else if (r.band === 'high') counts.high++;
  }
  return counts;
}

/**
 * The risk rows of one note, as the risk tree reads them: its client, engagement and counts up front, the rows
 * themselves only when needed (a note restored from the index cache decodes them then).
 */
export interface RiskRowSource {
  client: string | null;
  engagement: string | null;
  counts: RiskCounts;
  rows(): readonly RiskRow[];
}

/** `R-2` before `R-10`: compares the digits as numbers. */
function compareIds(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const na = /(\d+)\s*$/.exec(a);
  const nb = /(\d+)\s*$/.exec(b);
  const pa = na ? a.slice(0, na.index) : a;
  const pb = nb ? b.slice(0, nb.index) : b;
  if (pa !== pb) return pa < pb ? -1 : 1;
  if (na && nb) return Number(na[1]) - Number(nb[1]);
  return a < b ? -1 : 1;
}

/** Nulls last, whatever the direction. */
function compareNullable<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return cmp(a, b);
}

const byNumberDesc = (x: number, y: number): number => y - x;
const byStringAsc = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

function byLocation(a: RiskRow, b: RiskRow): number {
  return byStringAsc(a.path, b.path) || a.line - b.line;
}

/**
 * A sorted copy of the rows. `score`: highest score first, then earliest due date. `due`: earliest due date
 * first, then highest score. `id`: by ID with numbers compared as numbers. Missing values go last; ties keep a
 * stable order by path and line.
 */
export function sortRisks(rows: readonly RiskRow[], by: RiskSortKey): RiskRow[] {
  const copy = [...rows];
  copy.sort((a, b) => {
    switch (by) {
      case 'score':
        return (
          compareNullable(a.score, b.score, byNumberDesc) || compareNullable(a.due, b.due, byStringAsc) || byLocation(a, b)
        );
      case 'due':
        return (
          compareNullable(a.due, b.due, byStringAsc) || compareNullable(a.score, b.score, byNumberDesc) || byLocation(a, b)
        );
      case 'id':
        return compareIds(a.id, b.id) || byLocation(a, b);
    }
  });
  return copy;
}

/** Characters that make a spreadsheet treat a cell as a formula (ASCII and their full-width forms). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * One CSV cell (RFC 4180): text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return, also after leading spaces) gets a leading `'`; a cell with a comma, quote or line
 * break is quoted with inner quotes doubled. Numbers are written as they are; `null` is an empty cell.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value;
  if (FORMULA_START.test(text.replace(/^ +/, ''))) text = `'${text}`;
  if (/[",\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** One CSV record: cells joined with commas, ended by CRLF as RFC 4180 asks. */
export function csvRecord(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return values.map(csvCell).join(',') + '\r\n';
}
