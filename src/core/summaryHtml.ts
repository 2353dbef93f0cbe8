/**
 * The risk summary as documents: the HTML of the summary panel (a webview under a strict CSP), a self-contained
 * HTML export, and a Markdown export with the heat map as a table.
 *
 * Safety: every piece of note text is escaped; nothing in the documents is a link a note could steer. In the
 * panel, items are buttons carrying the note's URI and line in `data-` attributes, and the host checks that URI
 * against the index before opening anything; in the exports, items show `path:line` as text (Markdown links use
 * the relative paths the host passes as `href`). No remote resource is referenced.
 *
 * Accessibility: each chart is an `img` with a title and description, followed by a real table (caption,
 * `scope`d headers) with the same numbers, so screen readers get the data and not a picture.
 */
import type { Band } from './model';
import { escapeHtml } from './html';
import { BANDS_HIGH_FIRST, occupiedCells, SCALE_MAX, type PictureCommitment, type RiskPicture } from './riskPicture';
import { escapeMarkdown, renderSummary, type SummaryItem } from './summary';
import { BAR_SEGMENTS, cellKey, clientBarsSvg, heatMapSvg } from './svgCharts';

/** Which document is being rendered: the live panel (buttons that open notes) or an export (plain text). */
type Mode = 'panel' | 'export';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function where(path: string, line: number): string {
  return `${path}:${line}`;
}

/** A clickable reference to a note line in the panel; plain text in an export. */
function itemRef(mode: Mode, text: string, href: string, line: number, path: string): string {
  if (mode === 'export') return `<span class="item-title">${escapeHtml(text)}</span>`;
  return `<button type="button" class="link" data-href="${escapeHtml(href)}" data-line="${line}" title="${escapeHtml(`Open ${where(path, line)}`)}">${escapeHtml(text)}</button>`;
}

function engagementOf(client: string | null, engagement: string | null): string {
  return [client, engagement].filter((v): v is string => !!v).join(' / ');
}

function bandBadge(band: Band | 'unscored' | null): string {
  const b = band ?? 'unscored';
  return `<span class="badge band-${b}">${b}</span>`;
}

function itemList(mode: Mode, items: readonly SummaryItem[], none: string, workspace: boolean): string {
  if (items.length === 0) return `<p class="none">${escapeHtml(none)}</p>`;
  const lis = items.map((i) => {
    const eng = workspace ? engagementOf(i.client, i.engagement) : '';
    return `<li>${itemRef(mode, i.label, i.href, i.line, i.path)}${eng ? ` <span class="muted">— ${escapeHtml(eng)}</span>` : ''}<br><span class="detail">${escapeHtml(i.detail)}</span> <span class="where">${escapeHtml(where(i.path, i.line))}</span></li>`;
  });
  return `<ul class="items">\n${lis.join('\n')}\n</ul>`;
}

function bandCounts(p: RiskPicture): string {
  const parts = BANDS_HIGH_FIRST.map((b) => `<li>${bandBadge(b)} <span class="n">${p.byBand[b]}</span></li>`);
  parts.push(`<li>${bandBadge('unscored')} <span class="n">${p.unscored}</span></li>`);
  return `<ul class="band-counts" aria-label="Open risks by band">${parts.join('')}</ul>`;
}

/** The 5×5 grid as a table of counts: the heat map's numbers for screen readers (visually hidden in the panel). */
function heatGridTable(p: RiskPicture): string {
  const head = Array.from({ length: SCALE_MAX }, (_, k) => `<th scope="col">Impact ${k + 1}</th>`).join('');
  const rows: string[] = [];
  for (let l = SCALE_MAX; l >= 1; l--) {
    const cells = p.heatMap[l - 1]
      .map((c) => {
        const ids = c.risks.map((r) => r.id ?? r.title).join(', ');
        return `<td class="band-${c.band}" data-cell="${cellKey(c.likelihood, c.impact)}">${c.risks.length}${ids ? ` <span class="ids">(${escapeHtml(ids)})</span>` : ''}</td>`;
      })
      .join('');
    rows.push(`<tr><th scope="row">Likelihood ${l}</th>${cells}</tr>`);
  }
  return `<table class="grid-table visually-hidden">
<caption>Open risks by likelihood (rows) and impact (columns)</caption>
<thead><tr><td></td>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** One row per risk on the map, in cell order: the visible list behind the heat map (and what a cell click selects). */
function heatRiskTable(mode: Mode, p: RiskPicture): string {
  const cells = occupiedCells(p.heatMap);
  if (cells.length === 0) return '<p class="none">No open risk has both a likelihood and an impact yet.</p>';
  const rows: string[] = [];
  for (const c of cells) {
    for (const r of c.risks) {
      const eng = p.workspace ? engagementOf(r.client, r.engagement) : '';
      rows.push(
        `<tr data-cell="${cellKey(c.likelihood, c.impact)}"><td class="num">${c.likelihood} × ${c.impact}</td><td class="num">${r.score}</td><td>${bandBadge(r.band)}</td>` +
          `<th scope="row">${itemRef(mode, r.label, r.href, r.line, r.path)}${eng ? `<br><span class="muted">${escapeHtml(eng)}</span>` : ''}</th>` +
          `<td>${escapeHtml(r.owner ?? '—')}</td><td class="date">${escapeHtml(r.due ?? '—')}</td><td class="where">${escapeHtml(where(r.path, r.line))}</td></tr>`,
      );
    }
  }
  return `<table class="risks">
<caption>Open risks on the heat map, highest score first</caption>
<thead><tr><th scope="col">Likelihood × impact</th><th scope="col">Score</th><th scope="col">Band</th><th scope="col">Risk</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Where</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function clientTable(p: RiskPicture): string {
  if (p.byClient.length === 0) return '<p class="none">No open risks.</p>';
  const head = BAR_SEGMENTS.map((s) => `<th scope="col">${s[0].toUpperCase()}${s.slice(1)}</th>`).join('');
  const rows = p.byClient.map(
    (c) =>
      `<tr><th scope="row">${escapeHtml(c.client)}</th><td class="num">${c.open}</td>${BAR_SEGMENTS.map((s) => `<td class="num">${s === 'unscored' ? c.unscored : c.byBand[s]}</td>`).join('')}</tr>`,
  );
  return `<table class="clients">
<caption>Open risks by client and band</caption>
<thead><tr><th scope="col">Client</th><th scope="col">Open</th>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function legend(): string {
  return `<ul class="legend" aria-hidden="true">${BAR_SEGMENTS.map((s) => `<li><span class="swatch band-${s}"></span>${s}</li>`).join('')}</ul>`;
}

function commitmentTable(mode: Mode, items: readonly PictureCommitment[], workspace: boolean): string {
  if (items.length === 0) return '<p class="none">No open commitments.</p>';
  const rows = items.map((c) => {
    const eng = workspace ? engagementOf(c.client, c.engagement) : '';
    const state = c.overdueDays !== null ? `<span class="overdue">${plural(c.overdueDays, 'day')} overdue</span>` : 'open';
    return (
      `<tr><th scope="row">${itemRef(mode, c.text, c.href, c.line, c.path)}${eng ? `<br><span class="muted">${escapeHtml(eng)}</span>` : ''}</th>` +
      `<td>${escapeHtml(c.owner ?? '—')}</td><td class="date">${escapeHtml(c.due ?? '—')}</td><td>${state}</td><td class="where">${escapeHtml(where(c.path, c.line))}</td></tr>`
    );
  });
  return `<table class="commitments">
<caption>Open commitments, overdue first</caption>
<thead><tr><th scope="col">Commitment</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">State</th><th scope="col">Where</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** The content of the document's `<main>`: what the panel replaces on every live update. */
export function renderSummaryBody(p: RiskPicture, mode: Mode = 'panel'): string {
  const out: string[] = [];
  out.push(`<header><h1>${escapeHtml(p.title)}</h1>`);
  out.push(`<p class="intro">${plural(p.open, 'open risk')} in ${plural(p.notes, 'note')}, as of ${escapeHtml(p.today)}.</p>`);
  if (p.skipped > 0) out.push(`<p class="warning">${plural(p.skipped, 'note')} could not be checked and ${p.skipped === 1 ? 'is' : 'are'} not counted.</p>`);
  out.push(bandCounts(p), '</header>');

  out.push('<section aria-labelledby="h-heatmap"><h2 id="h-heatmap">Likelihood × impact</h2>');
  out.push(`<div class="figure-row"><figure class="heatmap-figure">${heatMapSvg(p.heatMap)}<figcaption>Open risks by likelihood and impact${p.unscored > 0 ? `; ${plural(p.unscored, 'unscored risk')} not shown` : ''}.${mode === 'panel' ? ' Select a cell to pick out its risks.' : ''}</figcaption></figure></div>`);
  out.push(heatGridTable(p), heatRiskTable(mode, p), '</section>');

  if (p.workspace || p.byClient.length > 1) {
    out.push('<section aria-labelledby="h-clients"><h2 id="h-clients">Open risks by client</h2>');
    out.push(`<figure class="bars-figure">${clientBarsSvg(p.byClient)}${legend()}</figure>`, clientTable(p), '</section>');
  }
  const section = (id: string, title: string, body: string) =>
    out.push(`<section aria-labelledby="h-${id}"><h2 id="h-${id}">${escapeHtml(title)}</h2>\n${body}\n</section>`);
  section('overdue', 'Overdue', itemList(mode, p.overdue, 'Nothing overdue.', p.workspace));
  section('unmitigated', 'Unmitigated high and critical risks', itemList(mode, p.unmitigated, 'Every open high or critical risk has a mitigation.', p.workspace));
  section('commitments', 'Commitments', commitmentTable(mode, p.commitments, p.workspace));
  section('questions', 'Stale open questions', itemList(mode, p.staleQuestions, 'No stale questions.', p.workspace));
  return out.join('\n');
}

/** Layout shared by the panel and the export; colours come from the `--disc-*` variables each document defines. */
const BASE_CSS = `
body { font-family: var(--disc-font); font-size: var(--disc-font-size); color: var(--disc-fg); background: var(--disc-bg); margin: 0; padding: 0 20px 32px; line-height: 1.45; }
h1 { font-size: 1.5em; margin: 18px 0 4px; font-weight: 600; }
h2 { font-size: 1.15em; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--disc-border); font-weight: 600; }
.intro { margin: 0 0 8px; color: var(--disc-muted); }
.warning { color: var(--disc-high); }
.band-counts, .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 14px; padding: 0; margin: 8px 0; }
.band-counts .n { font-weight: 600; font-size: 1.1em; }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 0.85em; line-height: 1.5; color: var(--disc-on-band); background: var(--disc-band); border: 1px solid var(--disc-badge-border); }
.band-critical { --disc-band: var(--disc-critical); }
.band-high { --disc-band: var(--disc-high); }
.band-medium { --disc-band: var(--disc-medium); }
.band-low { --disc-band: var(--disc-low); }
.band-unscored { --disc-band: var(--disc-unscored); }
.figure-row { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
figure { margin: 0 0 12px; }
figcaption { color: var(--disc-muted); font-size: 0.9em; margin-top: 4px; max-width: 420px; }
.chart { max-width: 100%; height: auto; font-family: var(--disc-font); }
.chart text { fill: var(--disc-fg); font-size: 12px; }
.chart .axis-label { fill: var(--disc-muted); font-size: 12px; }
.chart .axis { stroke: var(--disc-border); }
.heatmap .cell rect { fill: var(--disc-band); fill-opacity: 0.16; stroke: var(--disc-band); stroke-opacity: 0.5; stroke-width: 1; }
.heatmap .cell.occupied rect { fill-opacity: 0.9; stroke-opacity: 1; }
.heatmap .cell .count { fill: var(--disc-on-band); font-size: 17px; font-weight: 700; }
.heatmap .cell.selected rect { stroke: var(--disc-focus); stroke-width: 3; stroke-opacity: 1; }
.bars .segment { fill: var(--disc-band); stroke: var(--disc-bg); stroke-width: 1; }
.bars .segment-count { fill: var(--disc-on-band); font-weight: 600; }
.bars .bar-total { fill: var(--disc-muted); }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px; background: var(--disc-band); vertical-align: -1px; }
table { border-collapse: collapse; margin: 10px 0 6px; width: 100%; max-width: 1100px; }
caption { text-align: left; color: var(--disc-muted); font-size: 0.9em; padding-bottom: 4px; }
th, td { text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid var(--disc-border); vertical-align: top; }
thead th { font-weight: 600; }
tbody th { font-weight: normal; }
td.num, td.date { font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.selected > * { background: var(--disc-selection); }
.where, .muted, .none { color: var(--disc-muted); }
.where { font-size: 0.9em; word-break: break-all; }
.overdue { color: var(--disc-critical); font-weight: 600; }
ul.items { padding-left: 18px; }
ul.items li { margin-bottom: 8px; }
.detail { color: var(--disc-muted); }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button.link { background: none; border: none; padding: 0; margin: 0; font: inherit; color: var(--disc-link); cursor: pointer; text-align: left; }
button.link:hover { text-decoration: underline; }
button.link:focus-visible, .heatmap .cell:focus-visible { outline: 1px solid var(--disc-focus); outline-offset: 2px; }
.heatmap .cell.occupied { cursor: pointer; }
`;

/** The panel follows the colour theme: VS Code sets these variables for light, dark and high-contrast themes. */
const PANEL_CSS = `
:root {
  --disc-font: var(--vscode-font-family);
  --disc-font-size: var(--vscode-font-size);
  --disc-fg: var(--vscode-foreground);
  --disc-bg: var(--vscode-editor-background);
  --disc-muted: var(--vscode-descriptionForeground);
  --disc-border: var(--vscode-widget-border, var(--vscode-panel-border));
  --disc-link: var(--vscode-textLink-foreground);
  --disc-focus: var(--vscode-focusBorder);
  --disc-selection: var(--vscode-editor-selectionHighlightBackground, var(--vscode-list-hoverBackground));
  --disc-critical: var(--vscode-charts-red);
  --disc-high: var(--vscode-charts-orange);
  --disc-medium: var(--vscode-charts-yellow);
  --disc-low: var(--vscode-charts-green);
  --disc-unscored: var(--vscode-disabledForeground);
  --disc-on-band: var(--vscode-editor-background);
  --disc-badge-border: transparent;
}
body.vscode-high-contrast, body.vscode-high-contrast-light { --disc-badge-border: var(--vscode-contrastBorder); }
body.vscode-high-contrast .heatmap .cell rect, body.vscode-high-contrast-light .heatmap .cell rect { stroke: var(--vscode-contrastBorder); stroke-opacity: 1; }
body.vscode-high-contrast .heatmap .cell.selected rect, body.vscode-high-contrast-light .heatmap .cell.selected rect { stroke: var(--vscode-contrastActiveBorder, var(--vscode-focusBorder)); }
`;

/** The export has no VS Code around it: its own palette, light or dark as the reader's system prefers. */
const EXPORT_CSS = `
:root {
  color-scheme: light dark;
  --disc-font: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --disc-font-size: 14px;
  --disc-fg: #1f2328; --disc-bg: #ffffff; --disc-muted: #59636e; --disc-border: #d1d9e0; --disc-link: #0969da;
  --disc-focus: #0969da; --disc-selection: #fff8c5;
  --disc-critical: #cf222e; --disc-high: #bc4c00; --disc-medium: #9a6700; --disc-low: #1a7f37; --disc-unscored: #6e7781;
  --disc-on-band: #ffffff; --disc-badge-border: transparent;
}
@media (prefers-color-scheme: dark) {
  :root {
    --disc-fg: #e6edf3; --disc-bg: #0d1117; --disc-muted: #9198a1; --disc-border: #3d444d; --disc-link: #4493f8;
    --disc-focus: #4493f8; --disc-selection: #3b2e00;
    --disc-critical: #f85149; --disc-high: #f0883e; --disc-medium: #d29922; --disc-low: #3fb950; --disc-unscored: #8b949e;
    --disc-on-band: #0d1117;
  }
}
@media print { body { padding: 0; } h2 { break-after: avoid; } tr, li { break-inside: avoid; } }
`;

export interface PanelDocumentOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per document (letters and digits). */
  nonce: string;
  /** `webview.asWebviewUri` of the panel script in media/. */
  scriptUri: string;
  /** What the panel shows (saved by the script so the serializer can restore it), as JSON-able data. */
  state: unknown;
}

const NONCE = /^[A-Za-z0-9+/=_-]{16,}$/;

/** The Content-Security-Policy of the panel: nothing but our stylesheet and our one script, by nonce. */
export function panelCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${cspSource} data:;`;
}

/** The panel's whole HTML document. */
export function renderPanelHtml(p: RiskPicture, options: PanelDocumentOptions): string {
  if (!NONCE.test(options.nonce)) throw new Error('The nonce must be at least 16 letters or digits.');
  // VS Code's source looks like `'self' https://*.vscode-cdn.net`: quotes are fine, a `;` would start a directive.
  if (/[;,"<>\r\n]/.test(options.cspSource)) throw new Error('Unexpected characters in the CSP source.');
  const n = options.nonce;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(panelCsp(options.cspSource, n))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style nonce="${n}">${PANEL_CSS}${BASE_CSS}</style>
</head>
<body data-state="${escapeHtml(JSON.stringify(options.state ?? null))}">
<main id="summary" aria-live="polite" aria-busy="false">
${renderSummaryBody(p, 'panel')}
</main>
<script nonce="${n}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}

/** A self-contained HTML file (no script, no external resource) to send to a client or print. */
export function renderExportHtml(p: RiskPicture): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Discovery Notes">
<title>${escapeHtml(p.title)}</title>
<style>${EXPORT_CSS}${BASE_CSS}</style>
</head>
<body>
<main>
${renderSummaryBody(p, 'export')}
</main>
</body>
</html>
`;
}

/** The heat map as a Markdown table: likelihood rows (5 at the top), impact columns, count and IDs per cell. */
export function heatMapMarkdown(p: RiskPicture): string {
  const out: string[] = [];
  out.push(`| Likelihood \\\\ Impact | ${Array.from({ length: SCALE_MAX }, (_, k) => k + 1).join(' | ')} |`);
  out.push(`| --- |${' :---: |'.repeat(SCALE_MAX)}`);
  for (let l = SCALE_MAX; l >= 1; l--) {
    const cells = p.heatMap[l - 1].map((c) => {
      if (c.risks.length === 0) return '·';
      const ids = c.risks.map((r) => escapeMarkdown(r.id ?? r.title)).join(', ');
      return `**${c.risks.length}** (${ids})`;
    });
    out.push(`| **${l}** | ${cells.join(' | ')} |`);
  }
  return out.join('\n');
}

function commitmentsMarkdown(p: RiskPicture): string {
  if (p.commitments.length === 0) return 'No open commitments.';
  return p.commitments
    .map((c) => {
      const facts = [`owner ${c.owner ?? 'none'}`, c.due ? `due ${c.due}` : null, c.overdueDays !== null ? `${plural(c.overdueDays, 'day')} overdue` : null]
        .filter(Boolean)
        .join(' · ');
      const eng = p.workspace ? engagementOf(c.client, c.engagement) : '';
      return `- ${escapeMarkdown(c.text)}${eng ? ` — ${escapeMarkdown(eng)}` : ''}: ${escapeMarkdown(facts)} ([${escapeMarkdown(where(c.path, c.line))}](${c.href.replace(/[\s()<>]/g, encodeURIComponent)}#L${c.line}))`;
    })
    .join('\n');
}

/**
 * The Markdown export: the summary of `summary.ts` (bands, clients, top, overdue, unmitigated, stale questions)
 * with the heat map table before the band counts and the open commitments after the overdue list.
 */
export function renderPictureMarkdown(p: RiskPicture): string {
  let md = renderSummary(p, { title: p.title, today: p.today, workspace: p.workspace, skipped: p.skipped });
  const heat = `## Likelihood × impact\n\nOpen risks per cell (count and IDs)${p.unscored > 0 ? `; ${plural(p.unscored, 'unscored risk')} not shown` : ''}.\n\n${heatMapMarkdown(p)}\n\n`;
  md = insertBefore(md, '## Open risks by band', heat);
  md = insertBefore(md, '## Unmitigated high and critical risks', `## Open commitments\n\n${commitmentsMarkdown(p)}\n\n`);
  return md;
}

/** Inserts `text` before the heading line `heading`, or appends it when the heading is not there. */
function insertBefore(md: string, heading: string, text: string): string {
  const at = md.indexOf(`\n${heading}\n`);
  if (at < 0) return `${md.replace(/\n*$/, '\n\n')}${text.replace(/\n+$/, '\n')}`;
  return `${md.slice(0, at + 1)}${text}${md.slice(at + 1)}`;
}
