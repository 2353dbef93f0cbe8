/**
 * Our two charts as SVG text: the 5×5 likelihood × impact heat map and the stacked bar chart of open risks per
 * client by band. Small and dependency-free, so nothing is loaded from the network and the CSP stays strict.
 *
 * Colours are never written here: every shape carries classes (`band-critical`, `occupied`, …) and the document's
 * CSS maps them to VS Code's theme variables in the panel, or to its own light/dark palette in the export. Every
 * text is escaped. The charts are pictures for sighted readers; each document puts a real table next to them.
 */
import type { Band } from './model';
import type { ClientCounts } from './summary';
import { escapeHtml, truncate } from './html';
import { BANDS_HIGH_FIRST, SCALE_MAX, type HeatCell } from './riskPicture';

const CELL = 56;
const GAP = 3;
const LEFT = 64;
const TOP = 8;
const BOTTOM = 52;

export interface ChartOptions {
  /** Prefix of element ids, so two charts in one document do not clash. */
  idPrefix?: string;
}

/** `data-*` and class names for a cell; the panel's script uses `data-cell` to select the cell's risks. */
export function cellKey(likelihood: number, impact: number): string {
  return `${likelihood}-${impact}`;
}

/**
 * The heat map: likelihood on the vertical axis (5 at the top), impact on the horizontal axis (5 on the right).
 * Each cell is coloured by the band of its score; occupied cells show their count.
 */
export function heatMapSvg(grid: readonly HeatCell[][], options: ChartOptions = {}): string {
  const id = options.idPrefix ?? 'heatmap';
  const size = SCALE_MAX * CELL + (SCALE_MAX - 1) * GAP;
  const width = LEFT + size + 8;
  const height = TOP + size + BOTTOM;
  const total = grid.flat().reduce((n, c) => n + c.risks.length, 0);
  const occupied = grid.flat().filter((c) => c.risks.length > 0).length;
  const out: string[] = [];
  out.push(
    `<svg class="chart heatmap" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">Heat map of open risks by likelihood and impact</title>`,
    `<desc id="${id}-desc">${total} open risk${total === 1 ? '' : 's'} in ${occupied} of 25 cells. The table after the chart lists them.</desc>`,
  );
  for (let l = SCALE_MAX; l >= 1; l--) {
    const y = TOP + (SCALE_MAX - l) * (CELL + GAP);
    out.push(`<text class="axis-tick" x="${LEFT - 10}" y="${y + CELL / 2}" text-anchor="end" dominant-baseline="central">${l}</text>`);
    for (let i = 1; i <= SCALE_MAX; i++) {
      const cell = grid[l - 1][i - 1];
      const x = LEFT + (i - 1) * (CELL + GAP);
      const n = cell.risks.length;
      const cls = `cell band-${cell.band} ${n > 0 ? 'occupied' : 'empty'}`;
      const tip = `Likelihood ${l} × impact ${i} = ${cell.score} (${cell.band}): ${n} open risk${n === 1 ? '' : 's'}`;
      const names = cell.risks.slice(0, 8).map((r) => truncate(r.label, 60));
      if (n > names.length) names.push(`and ${n - names.length} more`);
      out.push(
        `<g class="${cls}" data-cell="${cellKey(l, i)}" data-count="${n}">`,
        `<title>${escapeHtml([tip, ...names].join('\n'))}</title>`,
        `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" rx="4"/>`,
      );
      if (n > 0) out.push(`<text class="count" x="${x + CELL / 2}" y="${y + CELL / 2}" text-anchor="middle" dominant-baseline="central">${n}</text>`);
      out.push('</g>');
    }
  }
  for (let i = 1; i <= SCALE_MAX; i++) {
    const x = LEFT + (i - 1) * (CELL + GAP) + CELL / 2;
    out.push(`<text class="axis-tick" x="${x}" y="${TOP + size + 16}" text-anchor="middle">${i}</text>`);
  }
  out.push(
    `<text class="axis-label" x="${LEFT + size / 2}" y="${TOP + size + 40}" text-anchor="middle">Impact →</text>`,
    `<text class="axis-label" x="16" y="${TOP + size / 2}" text-anchor="middle" transform="rotate(-90 16 ${TOP + size / 2})">Likelihood →</text>`,
    '</svg>',
  );
  return out.join('\n');
}

const BAR_LABEL = 170;
const BAR_WIDTH = 360;
const BAR_HEIGHT = 22;
const BAR_GAP = 10;

/** The stacked segments, highest band first; `unscored` last. */
export type BarSegment = Band | 'unscored';
const SEGMENTS: readonly BarSegment[] = [...BANDS_HIGH_FIRST, 'unscored'];

function segmentCount(c: ClientCounts, s: BarSegment): number {
  return s === 'unscored' ? c.unscored : c.byBand[s];
}

/** A "nice" axis maximum: 1, 2, 5 × 10ⁿ at or above `n`. */
export function niceMax(n: number): number {
  if (n <= 5) return Math.max(1, n);
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/** Horizontal stacked bars, one per client: open risks by band. Client names are shortened in the picture only. */
export function clientBarsSvg(clients: readonly ClientCounts[], options: ChartOptions = {}): string {
  const id = options.idPrefix ?? 'bars';
  const max = niceMax(Math.max(0, ...clients.map((c) => c.open)));
  const rows = Math.max(1, clients.length);
  const width = BAR_LABEL + BAR_WIDTH + 24;
  const height = rows * (BAR_HEIGHT + BAR_GAP) + 34;
  const scale = (n: number) => (n / max) * BAR_WIDTH;
  const out: string[] = [];
  const total = clients.reduce((n, c) => n + c.open, 0);
  out.push(
    `<svg class="chart bars" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">Open risks by client and band</title>`,
    `<desc id="${id}-desc">${total} open risk${total === 1 ? '' : 's'} across ${clients.length} client${clients.length === 1 ? '' : 's'}. The table after the chart gives the numbers.</desc>`,
  );
  if (clients.length === 0) {
    out.push(`<text class="axis-label" x="${BAR_LABEL}" y="${BAR_HEIGHT / 2 + 4}" dominant-baseline="central">No open risks</text>`);
  }
  clients.forEach((c, row) => {
    const y = row * (BAR_HEIGHT + BAR_GAP) + 4;
    out.push(
      `<g class="bar" data-client="${escapeHtml(c.client)}">`,
      `<title>${escapeHtml(`${c.client}: ${c.open} open (${SEGMENTS.map((s) => `${segmentCount(c, s)} ${s}`).join(', ')})`)}</title>`,
      `<text class="bar-label" x="${BAR_LABEL - 8}" y="${y + BAR_HEIGHT / 2}" text-anchor="end" dominant-baseline="central">${escapeHtml(truncate(c.client, 24))}</text>`,
    );
    let x = BAR_LABEL;
    for (const s of SEGMENTS) {
      const n = segmentCount(c, s);
      if (n === 0) continue;
      const w = scale(n);
      out.push(`<rect class="segment band-${s}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}"/>`);
      if (w >= 16) {
        out.push(`<text class="segment-count band-${s}" x="${(x + w / 2).toFixed(1)}" y="${y + BAR_HEIGHT / 2}" text-anchor="middle" dominant-baseline="central">${n}</text>`);
      }
      x += w;
    }
    out.push(`<text class="bar-total" x="${(x + 6).toFixed(1)}" y="${y + BAR_HEIGHT / 2}" dominant-baseline="central">${c.open}</text>`, '</g>');
  });
  const axisY = rows * (BAR_HEIGHT + BAR_GAP) + 4;
  out.push(`<line class="axis" x1="${BAR_LABEL}" y1="${axisY}" x2="${BAR_LABEL + BAR_WIDTH}" y2="${axisY}"/>`);
  const step = max <= 5 ? 1 : max / 5;
  for (let t = 0; t <= max; t += step) {
    const x = BAR_LABEL + scale(t);
    out.push(`<text class="axis-tick" x="${x.toFixed(1)}" y="${axisY + 16}" text-anchor="middle">${t}</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

export { SEGMENTS as BAR_SEGMENTS };
