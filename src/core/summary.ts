/**
 * Risk summaries: the counts and lists a lead reads before a steering meeting (risks by band and by client, the
 * top risks by score, overdue items, unmitigated high risks, stale questions), computed from analysed notes and
 * rendered as Markdown with a link back to every item. Pure: the host supplies the link target of each note.
 */
import type { Band, Note } from './model';
import { riskRows, sortRisks, type RiskRow } from './risks';

/** One note given to the summary. */
export interface SummarySource {
  note: Note;
  /** Link target of the note (a URI or path); `#L<line>` is appended for items. */
  href: string;
  /** Days after which an open question is stale (the note's `staleQuestionDays`). */
  staleQuestionDays: number;
}

/** Counts shown by the CodeLens and the status bar. */
export interface RiskCounts {
  open: number;
  critical: number;
  high: number;
  overdue: number;
}

export interface SummaryItem {
  /** Short label, e.g. `R-3 Vendor API rate limits`. */
  label: string;
  /** Extra facts, e.g. `score 20 · owner Dana · due 2026-11-01`. */
  detail: string;
  client: string | null;
  engagement: string | null;
  path: string;
  /** 1-based line of the item. */
  line: number;
  href: string;
}

export interface ClientCounts {
  client: string;
  open: number;
  byBand: Record<Band, number>;
  unscored: number;
}

export interface SummaryData {
  notes: number;
  open: number;
  byBand: Record<Band, number>;
  unscored: number;
  byClient: ClientCounts[];
  topRisks: SummaryItem[];
  overdue: SummaryItem[];
  unmitigated: SummaryItem[];
  staleQuestions: SummaryItem[];
}

const BANDS_HIGH_FIRST: Band[] = ['critical', 'high', 'medium', 'low'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NO_CLIENT = '(no client)';

function emptyBands(): Record<Band, number> {
  return { low: 0, medium: 0, high: 0, critical: 0 };
}

/** Days from `from` to `to` (both YYYY-MM-DD), or `null` if either is not a valid date. */
export function daysBetween(from: string, to: string): number | null {
  const a = toUtc(from);
  const b = toUtc(to);
  if (a === null || b === null) return null;
  return Math.round((b - a) / 86_400_000);
}

function toUtc(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const check = new Date(t);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return t;
}

/** `true` when `due` is a valid date strictly before `today`. */
export function isOverdue(due: string | null, today: string): boolean {
  if (!due) return false;
  const days = daysBetween(due, today);
  return days !== null && days > 0;
}

/** Open, critical, high and overdue counts over the risks of some notes. */
export function countRisks(notes: readonly Note[], today: string): RiskCounts {
  const counts: RiskCounts = { open: 0, critical: 0, high: 0, overdue: 0 };
  for (const note of notes) {
    for (const risk of note.risks) {
      if (!risk.isOpen) continue;
      counts.open++;
      if (risk.band === 'critical') counts.critical++;
      else if (risk.band === 'high') counts.high++;
      if (isOverdue(risk.due, today)) counts.overdue++;
    }
  }
  return counts;
}

/** e.g. `5 open · 2 critical · 1 overdue`; zero counts other than `open` are left out to keep it short. */
export function formatRiskCounts(counts: RiskCounts): string {
  const parts = [`${counts.open} open`];
  if (counts.critical > 0) parts.push(`${counts.critical} critical`);
  if (counts.high > 0) parts.push(`${counts.high} high`);
  if (counts.overdue > 0) parts.push(`${counts.overdue} overdue`);
  return parts.join(' · ');
}

function riskLabel(row: RiskRow): string {
  return row.id ? `${row.id} ${row.title}` : row.title;
}

function riskDetail(row: RiskRow): string {
  const parts: string[] = [];
  if (row.score !== null) parts.push(`score ${row.score}${row.band ? ` (${row.band})` : ''}`);
  parts.push(`owner ${row.owner ?? 'none'}`);
  if (row.due) parts.push(`due ${row.due}`);
  if (row.status !== 'open') parts.push(row.status);
  return parts.join(' · ');
}

/**
 * Computes the summary of some notes. `topN` bounds the "top risks" list (default 10); the other lists are
 * complete, sorted by how urgent they are.
 */
export function computeSummary(sources: readonly SummarySource[], today: string, topN = 10): SummaryData {
  const hrefByPath = new Map<string, string>();
  const notes: Note[] = [];
  for (const s of sources) {
    notes.push(s.note);
    hrefByPath.set(s.note.path, s.href);
  }
  const rows = riskRows(notes);
  const open = rows.filter((r) => r.isOpen);
  const item = (row: RiskRow): SummaryItem => ({
    label: riskLabel(row),
    detail: riskDetail(row),
    client: row.client,
    engagement: row.engagement,
    path: row.path,
    line: row.line,
    href: hrefByPath.get(row.path) ?? row.path,
  });

  const byBand = emptyBands();
  let unscored = 0;
  const clients = new Map<string, ClientCounts>();
  for (const r of open) {
    const name = r.client ?? NO_CLIENT;
    let c = clients.get(name);
    if (!c) clients.set(name, (c = { client: name, open: 0, byBand: emptyBands(), unscored: 0 }));
    c.open++;
    if (r.band) {
      byBand[r.band]++;
      c.byBand[r.band]++;
    } else {
      unscored++;
      c.unscored++;
    }
  }
  const byClient = [...clients.values()].sort(
    (a, b) =>
      b.byBand.critical - a.byBand.critical ||
      b.byBand.high - a.byBand.high ||
      b.open - a.open ||
      a.client.localeCompare(b.client),
  );

  const topRisks = sortRisks(
    open.filter((r) => r.score !== null),
    'score',
  )
    .slice(0, topN)
    .map(item);

  const overdue: Array<SummaryItem & { days: number }> = [];
  for (const r of open) {
    const days = r.due ? daysBetween(r.due, today) : null;
    if (days !== null && days > 0) overdue.push({ ...item(r), label: `Risk ${riskLabel(r)}`, days });
  }
  for (const s of sources) {
    for (const c of s.note.commitments) {
      if (c.done || !c.due) continue;
      const days = daysBetween(c.due, today);
      if (days === null || days <= 0) continue;
      overdue.push({
        label: `Commitment: ${c.text}`,
        detail: `owner ${c.owner ?? 'none'} · due ${c.due}`,
        client: s.note.meta.client,
        engagement: s.note.meta.engagement,
        path: s.note.path,
        line: c.range.start.line + 1,
        href: s.href,
        days,
      });
    }
  }
  overdue.sort((a, b) => b.days - a.days || a.path.localeCompare(b.path) || a.line - b.line);
  for (const o of overdue) o.detail = `${o.detail} · ${o.days} day${o.days === 1 ? '' : 's'} overdue`;

  const unmitigated = sortRisks(
    open.filter((r) => (r.band === 'high' || r.band === 'critical') && !(r.mitigation && r.mitigation.trim())),
    'score',
  ).map(item);

  const stale: Array<SummaryItem & { days: number }> = [];
  for (const s of sources) {
    for (const q of s.note.questions) {
      if (q.answered || !q.asked) continue;
      const days = daysBetween(q.asked, today);
      if (days === null || days <= s.staleQuestionDays) continue;
      stale.push({
        label: q.text,
        detail: `asked ${q.asked} (${days} days ago)${q.owner ? ` · owner ${q.owner}` : ''}`,
        client: s.note.meta.client,
        engagement: s.note.meta.engagement,
        path: s.note.path,
        line: q.range.start.line + 1,
        href: s.href,
        days,
      });
    }
  }
  stale.sort((a, b) => b.days - a.days || a.path.localeCompare(b.path) || a.line - b.line);

  return {
    notes: sources.length,
    open: open.length,
    byBand,
    unscored,
    byClient,
    topRisks,
    overdue: overdue.map(({ days: _days, ...rest }) => rest),
    unmitigated,
    staleQuestions: stale.map(({ days: _days, ...rest }) => rest),
  };
}

/**
 * Escapes text so Markdown renders it literally: no emphasis, links, HTML, or line structure from user text.
 * Line breaks become spaces because every use is a single line (a table cell, a list item, a hover line).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|<>~"'&:=]/g, (c) => `\\${c}`);
}

/** A link target safe inside `(...)` of a Markdown link (spaces and parentheses encoded). */
function linkTarget(href: string, line: number): string {
  // encodeURIComponent leaves `(` and `)` as they are, and a `)` would end the link: those are encoded by hand.
  const safe = href.replace(/[\s()<>]/g, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c)));
  return `${safe}#L${line}`;
}

function itemLine(i: SummaryItem, showEngagement: boolean): string {
  const where = showEngagement && (i.client || i.engagement)
    ? ` — ${escapeMarkdown([i.client, i.engagement].filter(Boolean).join(' / '))}`
    : '';
  return `- [${escapeMarkdown(i.label)}](${linkTarget(i.href, i.line)})${where}: ${escapeMarkdown(i.detail)} ([${escapeMarkdown(i.path)}:${i.line}](${linkTarget(i.href, i.line)}))`;
}

export interface RenderOptions {
  title: string;
  today: string;
  /** `true` for the workspace summary (client/engagement shown next to items, the by-client table shown). */
  workspace: boolean;
  /** Notes that could not be checked, mentioned so counts are not mistaken for complete. */
  skipped?: number;
}

/** Renders a summary as Markdown. Every piece of note text is escaped. */
export function renderSummary(data: SummaryData, options: RenderOptions): string {
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(options.title)}`, '');
  out.push(
    `${data.open} open risk${data.open === 1 ? '' : 's'} in ${data.notes} note${data.notes === 1 ? '' : 's'}, as of ${options.today}.`,
  );
  if (options.skipped) out.push('', `${options.skipped} note${options.skipped === 1 ? ' was' : 's were'} skipped and are not counted (see the Problems panel).`);
  out.push('', '## Open risks by band', '', '| Band | Open |', '| --- | ---: |');
  for (const b of BANDS_HIGH_FIRST) out.push(`| ${b} | ${data.byBand[b]} |`);
  out.push(`| unscored | ${data.unscored} |`);

  if (options.workspace) {
    out.push('', '## Open risks by client', '');
    if (data.byClient.length === 0) out.push('No open risks.');
    else {
      out.push('| Client | Open | Critical | High | Medium | Low | Unscored |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const c of data.byClient) {
        out.push(
          `| ${escapeMarkdown(c.client)} | ${c.open} | ${c.byBand.critical} | ${c.byBand.high} | ${c.byBand.medium} | ${c.byBand.low} | ${c.unscored} |`,
        );
      }
    }
  }

  const list = (heading: string, items: SummaryItem[], none: string) => {
    out.push('', `## ${heading}`, '');
    if (items.length === 0) out.push(none);
    else for (const i of items) out.push(itemLine(i, options.workspace));
  };
  list('Top risks by score', data.topRisks, 'No scored open risks.');
  list('Overdue', data.overdue, 'Nothing overdue.');
  list('Unmitigated high and critical risks', data.unmitigated, 'Every open high or critical risk has a mitigation.');
  list('Stale open questions', data.staleQuestions, 'No stale questions.');
  out.push('');
  return out.join('\n');
}
