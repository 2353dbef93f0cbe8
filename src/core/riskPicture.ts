/**
 * The data behind the risk pictures (the summary panel and its exports): a 5×5 likelihood × impact heat map of
 * the open risks, open risks by band per client, the overdue, unmitigated, commitment and stale-question lists.
 *
 * The counts and lists come from `summary.ts` (one definition of "overdue", "unmitigated" and "stale"); this
 * module adds what a picture needs on top: where each open risk sits on the grid, and the open commitments.
 * Pure: the host supplies each note's link target and today's date.
 */
import type { Band, Note } from './model';
import { riskRows, type RiskRow } from './risks';
import { BANDS, bandOf, DEFAULT_BANDS, type BandThresholds } from './scale';
import { computeSummary, daysBetween, type ClientCounts, type SummaryItem, type SummarySource } from './summary';

/** Likelihood and impact run from 1 to 5. */
export const SCALE_MAX = 5;

/** One open risk as placed on the heat map. */
export interface PictureRisk {
  id: string | null;
  title: string;
  /** `R-3 Vendor API rate limits`, or the title alone when the risk has no ID. */
  label: string;
  client: string | null;
  engagement: string | null;
  path: string;
  /** 1-based line of the risk. */
  line: number;
  /** Link target of the note (see {@link SummarySource.href}). */
  href: string;
  likelihood: number;
  impact: number;
  score: number;
  band: Band | null;
  owner: string | null;
  due: string | null;
}

/** One cell of the heat map. */
export interface HeatCell {
  likelihood: number;
  impact: number;
  score: number;
  /** The band this score falls in under the picture's thresholds (colours empty cells too). */
  band: Band;
  /** Open risks with this likelihood and impact, highest-priority first (by due date, then location). */
  risks: PictureRisk[];
}

/** An open (not ticked) commitment. */
export interface PictureCommitment {
  text: string;
  owner: string | null;
  due: string | null;
  /** Days past the due date (positive), or `null` when not overdue or the date is unknown. */
  overdueDays: number | null;
  client: string | null;
  engagement: string | null;
  path: string;
  line: number;
  href: string;
}

export interface RiskPicture {
  title: string;
  today: string;
  /** `true` for the whole workspace (clients shown), `false` for one engagement. */
  workspace: boolean;
  notes: number;
  /** Notes that could not be checked and are not counted. */
  skipped: number;
  open: number;
  byBand: Record<Band, number>;
  /** Open risks without a score (likelihood or impact unknown): not on the heat map. */
  unscored: number;
  /** `heatMap[l - 1][i - 1]` is the cell of likelihood `l` and impact `i`. */
  heatMap: HeatCell[][];
  byClient: ClientCounts[];
  topRisks: SummaryItem[];
  overdue: SummaryItem[];
  unmitigated: SummaryItem[];
  staleQuestions: SummaryItem[];
  commitments: PictureCommitment[];
  /** The thresholds the cell bands were computed with. */
  bands: BandThresholds;
}

export interface RiskPictureOptions {
  title: string;
  today: string;
  workspace: boolean;
  skipped?: number;
  /** Band thresholds for colouring the grid (default: the built-in ones). Each risk keeps its own note's band. */
  bands?: BandThresholds;
  /** Bound of the top-risks list (default 10). */
  topN?: number;
}

function label(row: RiskRow): string {
  return row.id ? `${row.id} ${row.title}` : row.title;
}

/** Earliest due date first (no date last), then path and line, so the list in a cell is stable. */
function compareInCell(a: PictureRisk, b: PictureRisk): number {
  if (a.due !== b.due) {
    if (a.due === null) return 1;
    if (b.due === null) return -1;
    return a.due < b.due ? -1 : 1;
  }
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line;
}

/** An empty 5×5 grid coloured by the thresholds. */
export function emptyHeatMap(bands: BandThresholds = DEFAULT_BANDS): HeatCell[][] {
  const grid: HeatCell[][] = [];
  for (let l = 1; l <= SCALE_MAX; l++) {
    const row: HeatCell[] = [];
    for (let i = 1; i <= SCALE_MAX; i++) row.push({ likelihood: l, impact: i, score: l * i, band: bandOf(l * i, bands), risks: [] });
    grid.push(row);
  }
  return grid;
}

/** Places every open, scored risk of the rows on a 5×5 grid. Closed and unscored risks are left out. */
export function heatMapOf(rows: readonly RiskRow[], hrefOf: (path: string) => string, bands: BandThresholds = DEFAULT_BANDS): HeatCell[][] {
  const grid = emptyHeatMap(bands);
  for (const r of rows) {
    if (!r.isOpen || r.likelihood === null || r.impact === null) continue;
    if (!inScale(r.likelihood) || !inScale(r.impact)) continue;
    grid[r.likelihood - 1][r.impact - 1].risks.push({
      id: r.id,
      title: r.title,
      label: label(r),
      client: r.client,
      engagement: r.engagement,
      path: r.path,
      line: r.line,
      href: hrefOf(r.path),
      likelihood: r.likelihood,
      impact: r.impact,
      score: r.likelihood * r.impact,
      band: r.band,
      owner: r.owner,
      due: r.due,
    });
  }
  for (const row of grid) for (const cell of row) cell.risks.sort(compareInCell);
  return grid;
}

function inScale(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= SCALE_MAX;
}

/** The non-empty cells, highest score first (then higher likelihood): the reading order of the heat map's table. */
export function occupiedCells(grid: readonly HeatCell[][]): HeatCell[] {
  return grid
    .flat()
    .filter((c) => c.risks.length > 0)
    .sort((a, b) => b.score - a.score || b.likelihood - a.likelihood);
}

/** Open commitments of the notes: overdue ones first (most overdue first), then by due date, then location. */
export function openCommitments(sources: readonly SummarySource[], today: string): PictureCommitment[] {
  const out: PictureCommitment[] = [];
  for (const s of sources) {
    for (const c of s.note.commitments) {
      if (c.done) continue;
      const days = c.due ? daysBetween(c.due, today) : null;
      out.push({
        text: c.text,
        owner: c.owner,
        due: c.due,
        overdueDays: days !== null && days > 0 ? days : null,
        client: s.note.meta.client,
        engagement: s.note.meta.engagement,
        path: s.note.path,
        line: c.range.start.line + 1,
        href: s.href,
      });
    }
  }
  return out.sort(
    (a, b) =>
      (b.overdueDays ?? 0) - (a.overdueDays ?? 0) ||
      (a.due === b.due ? 0 : a.due === null ? 1 : b.due === null ? -1 : a.due < b.due ? -1 : 1) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line),
  );
}

/**
 * Computes the picture of some notes: the summary of `summary.ts` plus the heat map and the open commitments.
 * Notes are taken in the order given.
 */
export function computeRiskPicture(sources: readonly SummarySource[], options: RiskPictureOptions): RiskPicture {
  const bands = options.bands ?? DEFAULT_BANDS;
  const summary = computeSummary(sources, options.today, options.topN ?? 10);
  const hrefByPath = new Map(sources.map((s) => [s.note.path, s.href] as const));
  const notes: Note[] = sources.map((s) => s.note);
  const heatMap = heatMapOf(riskRows(notes), (p) => hrefByPath.get(p) ?? p, bands);
  return {
    title: options.title,
    today: options.today,
    workspace: options.workspace,
    notes: summary.notes,
    skipped: options.skipped ?? 0,
    open: summary.open,
    byBand: summary.byBand,
    unscored: summary.unscored,
    heatMap,
    byClient: summary.byClient,
    topRisks: summary.topRisks,
    overdue: summary.overdue,
    unmitigated: summary.unmitigated,
    staleQuestions: summary.staleQuestions,
    commitments: openCommitments(sources, options.today),
    bands,
  };
}

/** Bands from highest to lowest, the order of legends and stacked bars. */
export const BANDS_HIGH_FIRST: readonly Band[] = [...BANDS].reverse();

/** Every open risk on the map, highest score first. */
export function risksOnMap(picture: RiskPicture): PictureRisk[] {
  return occupiedCells(picture.heatMap).flatMap((c) => c.risks);
}
