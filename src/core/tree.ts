/**
 * The shape of the "Open Risks" and "Note Health" views, as plain data.
 *
 * The VS Code adapters (`src/vscode/riskTree.ts`, `src/vscode/healthTree.ts`) only map these records onto
 * `TreeItem`s, so grouping, sorting, filtering, ids, parents, badge and the health ranking are decided here and
 * unit-tested in plain Node.
 *
 * Node ids are built from what identifies a risk to a reader (its note and its ID), not from its position in
 * the list, so a refresh keeps expansion and selection where they were.
 */
import type { DiscoveryConfig } from './configTypes';
import type { Band, Finding, Note, NoteMeta, Position, Range, Risk, RuleCode, Severity } from './model';
import { countRisks, filterRisks, sortRisks, type RiskCounts, type RiskRow, type RiskRowSource } from './risks';
import { missingSections } from './rules/disc001MissingSection';

export type TreeGroupBy = 'client' | 'band' | 'owner' | 'flat';
export type TreeSortBy = 'score' | 'due' | 'id';

export interface TreeFilter {
  /** Case-insensitive text searched in the risk's ID, title, owner, client, engagement and mitigation. */
  text?: string;
  /** Only risks of this band or above. */
  minBand?: Band;
  /** Only risks of this owner. */
  owner?: string;
  /** Only risks owned by the `discovery.me` person. */
  onlyMine?: boolean;
}

/** What the user chose in the view's toolbar; persisted per workspace. */
export interface TreeViewState {
  groupBy: TreeGroupBy;
  sortBy: TreeSortBy;
  filter: TreeFilter;
}

export const DEFAULT_TREE_STATE: Readonly<TreeViewState> = Object.freeze({
  groupBy: 'client',
  sortBy: 'score',
  filter: Object.freeze({}),
});

export const GROUP_BY_VALUES: readonly TreeGroupBy[] = ['client', 'band', 'owner', 'flat'];
export const SORT_BY_VALUES: readonly TreeSortBy[] = ['score', 'due', 'id'];
const BAND_ORDER: readonly Band[] = ['critical', 'high', 'medium', 'low'];

/** Longest text filter kept; longer input is cut so a pasted page cannot slow every refresh. */
const MAX_FILTER_TEXT = 200;

export interface RiskGroupNode {
  kind: 'group';
  id: string;
  parentId: string | null;
  groupKind: 'client' | 'engagement' | 'band' | 'owner';
  label: string;
  /** The band of a band group (`null` for the "Unscored" group and for other kinds). */
  band: Band | null;
  /** Number of risks below this group. */
  count: number;
  /** e.g. `4 open · 1 critical · 2 high`. */
  description: string;
  /** The risks below this group, in the order the rows were given (not sorted); read when first asked for. */
  readonly rows: readonly RiskRow[];
  /** The notes whose rows make up this group, when it was built from sources ({@link buildRiskTreeFromSources}). */
  sources: readonly RiskRowSource[] | null;
  /** Built when first read (see {@link buildRiskTree}). */
  readonly children: RiskTreeNode[];
}

export interface RiskLeafNode {
  kind: 'risk';
  id: string;
  parentId: string | null;
  row: RiskRow;
  /** `R-3 Vendor API rate limits` (the title alone when the risk has no ID). */
  label: string;
  /** `score 20 · Dana · due 2026-12-01` (and `· overdue`). */
  description: string;
  /** Due date before today and still open. */
  overdue: boolean;
}

export type RiskTreeNode = RiskGroupNode | RiskLeafNode;

export interface RiskBadge {
  /** Open risks in the high and critical bands, across the workspace (filters do not change it). */
  value: number;
  tooltip: string;
}

export interface RiskTree {
  roots: RiskTreeNode[];
  /** Every node by id, for `getParent` and `reveal`. */
  byId: Map<string, RiskTreeNode>;
  /** Open risks shown after filtering. */
  shown: number;
  /** Open risks in the workspace. */
  totalOpen: number;
  badge: RiskBadge;
}

export interface BuildTreeOptions {
  /** The `discovery.me` setting; empty means "only mine" matches nobody. */
  me?: string | null;
  /** YYYY-MM-DD, to mark overdue risks; omitted means nothing is marked. */
  today?: string;
}

/**
 * Builds the "Open Risks" tree: only open risks, filtered and sorted as `state` says, grouped client →
 * engagement → risk, band → risk (critical first), owner → risk (with an "Unassigned" group), or flat.
 *
 * Groups are built at once (with their counts); the risks of a group are sorted and built the first time its
 * `children` are read. A view whose groups start collapsed ({@link groupsStartExpanded}) therefore never builds
 * the thousands of risk rows of a large workspace until someone opens a group: a warm start shows the groups of
 * 5,000 open risks without making 5,000 rows. Look leaves up with {@link findNode}, which builds their group.
 */
export function buildRiskTree(rows: readonly RiskRow[], state: TreeViewState, options: BuildTreeOptions = {}): RiskTree {
  const open: RiskRow[] = [];
  for (const r of rows) if (r.isOpen) open.push(r);
  const visible = applyTreeFilter(open, state.filter, options.me ?? null);
  const b = new TreeBuilder(state, options);
  let roots: RiskTreeNode[];
  switch (state.groupBy) {
    case 'flat':
      roots = b.leaves(visible, null);
      break;
    case 'band': {
      const buckets = new Map<string, RiskRow[]>();
      for (const r of visible) push(buckets, r.band ?? '', r);
      const order = [...BAND_ORDER, ''];
      roots = order
        .filter((band) => buckets.has(band))
        .map((band) => {
          const members = buckets.get(band) as RiskRow[];
          return b.group('band', band || 'unscored', band ? bandLabel(band as Band) : 'Unscored', null, members, countRisks(members), (band || null) as Band | null, null);
        });
      break;
    }
    case 'owner':
      roots = groupByName(visible, (r) => r.owner, ownerKey, 'Unassigned').map((g) =>
        b.group('owner', g.key, g.label, null, g.rows, countRisks(g.rows), null, null),
      );
      break;
    case 'client':
    default:
      roots = groupByName(visible, (r) => r.client, nameKey, '(no client)').map((c) =>
        b.clientGroup(c, countRisks(c.rows), () =>
          groupByName(c.rows, (r) => r.engagement, nameKey, '(no engagement)').map((e) => ({ ...e, counts: countRisks(e.rows), sources: null })),
        ),
      );
      break;
  }
  return { roots, byId: b.byId, shown: visible.length, totalOpen: open.length, badge: riskBadge(open) };
}

/**
 * {@link buildRiskTree} from the notes' row sources. Grouped by client with no filter (the default), the groups
 * and their counts come from each note's counts and its client and engagement, and a note's rows are read only
 * when a group holding it is opened: the tree of a warm start decodes no risk row. Any other state reads every
 * note's rows and builds as {@link buildRiskTree} does. Either way the tree is the same.
 */
export function buildRiskTreeFromSources(sources: readonly RiskRowSource[], state: TreeViewState, options: BuildTreeOptions = {}): RiskTree {
  if (state.groupBy !== 'client' || isFiltered(state.filter)) {
    const rows: RiskRow[] = [];
    for (const s of sources) for (const r of s.rows()) rows.push(r);
    return buildRiskTree(rows, state, options);
  }
  const withOpen = sources.filter((s) => s.counts.open > 0);
  const total = sumCounts(withOpen);
  const b = new TreeBuilder(state, options);
  const roots = groupByName(withOpen, (s) => s.client, nameKey, '(no client)').map((c) =>
    b.clientGroup({ key: c.key, label: c.label, rows: openRowsOf(c.rows), sources: c.rows }, sumCounts(c.rows), () =>
      groupByName(c.rows, (s) => s.engagement, nameKey, '(no engagement)').map((e) => ({
        key: e.key,
        label: e.label,
        rows: openRowsOf(e.rows),
        counts: sumCounts(e.rows),
        sources: e.rows,
      })),
    ),
  );
  return { roots, byId: b.byId, shown: total.open, totalOpen: total.open, badge: badgeOf(total) };
}

/** The open rows of the sources, in order, read when first asked for. */
function openRowsOf(sources: readonly RiskRowSource[]): () => RiskRow[] {
  let rows: RiskRow[] | null = null;
  return () => {
    if (rows === null) {
      rows = [];
      for (const s of sources) for (const r of s.rows()) if (r.isOpen) rows.push(r);
    }
    return rows;
  };
}

function sumCounts(sources: readonly RiskRowSource[]): RiskCounts {
  const total: RiskCounts = { open: 0, critical: 0, high: 0 };
  for (const { counts } of sources) {
    total.open += counts.open;
    total.critical += counts.critical;
    total.high += counts.high;
  }
  return total;
}

/** A group's members: its rows, or a function that reads them when first needed. */
type Members = readonly RiskRow[] | (() => readonly RiskRow[]);

/** An engagement group to be built below a client group. */
interface EngagementSpec {
  key: string;
  label: string;
  rows: Members;
  counts: RiskCounts;
  sources: readonly RiskRowSource[] | null;
}

/** Builds the nodes of one tree: groups at once, the risks of a group when its `children` are first read. */
class TreeBuilder {
  readonly byId = new Map<string, RiskTreeNode>();
  private readonly today: string | undefined;

  constructor(
    private readonly state: TreeViewState,
    options: BuildTreeOptions,
  ) {
    this.today = options.today || undefined;
  }

  /** The sorted risk nodes of one parent. Ids count repeats per parent, so they do not depend on which group is opened first. */
  leaves(members: readonly RiskRow[], parentId: string | null): RiskLeafNode[] {
    const ids = new LeafIds(parentId);
    return sortRisks(members, this.state.sortBy).map((row) => {
      const overdue = isOverdue(row, this.today);
      const description = riskDescription(row);
      const node: RiskLeafNode = {
        kind: 'risk',
        id: ids.next(row),
        parentId,
        row,
        label: riskLabel(row),
        description: overdue ? `${description} · overdue` : description,
        overdue,
      };
      this.byId.set(node.id, node);
      return node;
    });
  }

  clientGroup(c: { key: string; label: string; rows: Members; sources?: readonly RiskRowSource[] | null }, counts: RiskCounts, engagements: () => EngagementSpec[]): RiskGroupNode {
    return this.group('client', c.key, c.label, null, c.rows, counts, null, c.sources ?? null, (clientId) =>
      engagements().map((e) => this.group('engagement', e.key, e.label, clientId, e.rows, e.counts, null, e.sources)),
    );
  }

  /** A group; its children are its members' risk nodes (built when first read) unless `makeChildren` says. */
  group(
    groupKind: RiskGroupNode['groupKind'],
    key: string,
    label: string,
    parentId: string | null,
    members: Members,
    counts: RiskCounts,
    band: Band | null,
    sources: readonly RiskRowSource[] | null,
    makeChildren?: (id: string) => RiskTreeNode[],
  ): RiskGroupNode {
    const id = `${parentId ?? ''}/${groupKind}:${encodeURIComponent(key)}`;
    const node = {
      kind: 'group',
      id,
      parentId,
      groupKind,
      label,
      band,
      count: counts.open,
      description: groupDescription(counts, groupKind !== 'band'),
      sources,
    } as Omit<RiskGroupNode, 'children' | 'rows'> as RiskGroupNode;
    this.byId.set(id, node);
    const rowsOf = typeof members === 'function' ? members : () => members;
    Object.defineProperty(node, 'rows', { enumerable: true, get: rowsOf });
    if (makeChildren) Object.defineProperty(node, 'children', { enumerable: true, value: makeChildren(id) });
    else {
      let built: RiskTreeNode[] | null = null;
      Object.defineProperty(node, 'children', { enumerable: true, get: () => (built ??= this.leaves(rowsOf(), id)) });
    }
    return node;
  }
}

/**
 * The node with `id` in `tree`, building the risks of its group first when they have not been read yet;
 * `undefined` when the tree has no such node.
 */
export function findNode(tree: RiskTree, id: string): RiskTreeNode | undefined {
  const known = tree.byId.get(id);
  if (known !== undefined) return known;
  // A risk's id is its parent's id, then `/risk:` and the encoded path and ID (which hold no `/`).
  const cut = id.lastIndexOf('/risk:');
  if (cut <= 0) return undefined;
  const parent = tree.byId.get(id.slice(0, cut));
  if (parent?.kind !== 'group') return undefined;
  void parent.children;
  return tree.byId.get(id);
}

/** How the view's groups start: open at any size, closed, or open only while the tree is small. */
export type TreeExpand = 'auto' | 'expanded' | 'collapsed';

export const TREE_EXPAND_VALUES: readonly TreeExpand[] = ['auto', 'expanded', 'collapsed'];

/**
 * Above this many shown risks, `auto` starts the groups collapsed: a page of client and engagement groups
 * with their counts reads better than thousands of rows, and the rows of a closed group are never built.
 */
export const AUTO_EXPAND_MAX_RISKS = 200;

/** Whether the groups of `tree` start expanded (a group the user opened or closed stays so: VS Code keeps it by id). */
export function groupsStartExpanded(tree: Pick<RiskTree, 'shown'>, mode: TreeExpand): boolean {
  if (mode === 'expanded') return true;
  if (mode === 'collapsed') return false;
  return tree.shown <= AUTO_EXPAND_MAX_RISKS;
}

/** The parent of a node in the tree it was built in (`undefined` for a root), for `TreeDataProvider.getParent`. */
export function parentOf(tree: RiskTree, node: RiskTreeNode): RiskGroupNode | undefined {
  if (node.parentId === null) return undefined;
  const parent = tree.byId.get(node.parentId);
  return parent && parent.kind === 'group' ? parent : undefined;
}

/** Every risk below a node (the node itself for a risk), in tree order. */
export function risksUnder(node: RiskTreeNode): RiskRow[] {
  if (node.kind === 'risk') return [node.row];
  return node.children.flatMap(risksUnder);
}

/** The view's badge: how many high and critical risks are open in the workspace. */
export function riskBadge(rows: readonly RiskRow[]): RiskBadge {
  return badgeOf(countRisks(rows));
}

function badgeOf(counts: RiskCounts): RiskBadge {
  const { critical, high } = counts;
  const value = critical + high;
  const tooltip =
    value === 0
      ? 'No open high or critical risks'
      : `${critical} critical and ${high} high open risk${value === 1 ? '' : 's'}`;
  return { value, tooltip };
}

/**
 * Applies the tree's filter to risk rows. The text, band and owner parts are the CLI's `filterRisks`, so the
 * view and `discovery-lint risks` agree; "only mine" is the same owner match against `me` (so a shared owner
 * `Dana & Lee` is Dana's too), and matches nothing while `me` is empty (showing everything would look like
 * "all mine").
 */
export function applyTreeFilter(rows: readonly RiskRow[], filter: TreeFilter, me: string | null): RiskRow[] {
  if (!isFiltered(filter)) return [...rows];
  let out = filterRisks([...rows], {
    text: filter.text || undefined,
    minBand: filter.minBand,
    owner: filter.owner || undefined,
  });
  if (filter.onlyMine) {
    const mine = me ? me.trim().replace(/^@/u, '') : '';
    out = mine ? filterRisks(out, { owner: mine }) : [];
  }
  return out;
}

/** `true` when any part of the filter is set (the view then shows a message and a "clear filter" button). */
export function isFiltered(filter: TreeFilter): boolean {
  return Boolean(filter.text || filter.minBand || filter.owner || filter.onlyMine);
}

/**
 * The view message for an active filter, e.g. `Filter: "api" · high or above · owner Dana — 3 of 12 open risks`;
 * `undefined` when nothing is filtered.
 */
export function describeFilter(filter: TreeFilter, me: string | null, shown: number, totalOpen: number): string | undefined {
  if (!isFiltered(filter)) return undefined;
  const parts: string[] = [];
  if (filter.text) parts.push(`"${filter.text}"`);
  if (filter.minBand) parts.push(filter.minBand === 'critical' ? 'critical only' : `${filter.minBand} or above`);
  if (filter.owner) parts.push(`owner ${filter.owner}`);
  if (filter.onlyMine) parts.push(me ? `only mine (${me})` : 'only mine (set discovery.me)');
  return `Filter: ${parts.join(' · ')} — ${shown} of ${totalOpen} open risk${totalOpen === 1 ? '' : 's'}`;
}

/**
 * Reads a persisted view state defensively: anything unknown (an older version's shape, a hand-edited value)
 * falls back to the default for that field instead of breaking the view.
 */
export function normalizeTreeState(raw: unknown): TreeViewState {
  const obj = isRecord(raw) ? raw : {};
  const groupBy = GROUP_BY_VALUES.includes(obj.groupBy as TreeGroupBy) ? (obj.groupBy as TreeGroupBy) : DEFAULT_TREE_STATE.groupBy;
  const sortBy = SORT_BY_VALUES.includes(obj.sortBy as TreeSortBy) ? (obj.sortBy as TreeSortBy) : DEFAULT_TREE_STATE.sortBy;
  const f = isRecord(obj.filter) ? obj.filter : {};
  const filter: TreeFilter = {};
  const text = typeof f.text === 'string' ? f.text.trim().slice(0, MAX_FILTER_TEXT) : '';
  if (text) filter.text = text;
  if (BAND_ORDER.includes(f.minBand as Band)) filter.minBand = f.minBand as Band;
  const owner = typeof f.owner === 'string' ? f.owner.trim().slice(0, MAX_FILTER_TEXT) : '';
  if (owner) filter.owner = owner;
  if (f.onlyMine === true) filter.onlyMine = true;
  return { groupBy, sortBy, filter };
}

/** Distinct owners of open risks (first spelling seen wins), sorted, for the owner filter's quick pick. */
export function ownersOf(rows: readonly RiskRow[]): string[] {
  const byKey = new Map<string, string>();
  for (const r of rows) {
    if (!r.isOpen || !r.owner) continue;
    const key = ownerKey(r.owner);
    const seen = byKey.get(key);
    if (seen === undefined || r.owner < seen) byKey.set(key, r.owner);
  }
  return [...byKey.values()].sort(compareNames);
}

/** `R-3 Vendor API rate limits`, or the title alone. */
export function riskLabel(row: RiskRow): string {
  const title = oneLine(row.title) || '(untitled risk)';
  return row.id ? `${row.id} ${title}` : title;
}

/** `score 20 · Dana · due 2026-12-01`; parts that are not known say so briefly or are left out. */
export function riskDescription(row: RiskRow): string {
  let text = `${row.score !== null ? `score ${row.score}` : 'no score'} · ${row.owner ? oneLine(row.owner) : 'unassigned'}`;
  if (row.due) text += ` · due ${row.due}`;
  if (row.status !== 'open') text += ` · ${row.status}`;
  return text;
}

/**
 * The risk's tooltip as Markdown in which every value from the note is escaped, so a title, owner or
 * mitigation holding HTML, links, `javascript:` or `command:` URIs renders as the literal text. Render it with
 * an untrusted `MarkdownString` (no HTML, no command links) as a second guard.
 */
export function riskTooltipMarkdown(row: RiskRow): string {
  const lines: string[] = [];
  lines.push(`**${escapeMarkdownText(riskLabel(row))}**`);
  const scale =
    row.score !== null
      ? `Score ${row.score} (${escapeMarkdownText(String(row.likelihood))} × ${escapeMarkdownText(String(row.impact))})${row.band ? ` · ${bandLabel(row.band)}` : ''}`
      : 'No score (likelihood or impact missing)';
  lines.push(scale);
  lines.push(`Owner: ${row.owner ? escapeMarkdownText(row.owner) : 'unassigned'} · Status: ${escapeMarkdownText(row.status)}${row.due ? ` · Due: ${escapeMarkdownText(row.due)}` : ''}`);
  lines.push(`Mitigation: ${row.mitigation ? escapeMarkdownText(row.mitigation) : '_none written_'}`);
  const where = [row.client, row.engagement].filter((s): s is string => Boolean(s)).map(escapeMarkdownText).join(' / ');
  lines.push(`${where ? `${where} · ` : ''}${escapeMarkdownText(`${row.path}:${row.line}`)}`);
  return lines.join('\n\n');
}

/**
 * One risk as a Markdown list item a lead can paste into an e-mail, a chat or another note, e.g.
 * `- **R-3** Vendor API rate limits — score 20 (critical) · owner: Dana · due: 2026-12-01 · mitigation: …`.
 */
export function riskAsMarkdown(row: RiskRow): string {
  const head = row.id ? `**${row.id}** ${oneLine(row.title)}` : oneLine(row.title);
  const parts: string[] = [];
  if (row.score !== null) parts.push(`score ${row.score}${row.band ? ` (${row.band})` : ''}`);
  parts.push(`owner: ${row.owner ? oneLine(row.owner) : 'unassigned'}`);
  parts.push(`status: ${row.status}`);
  if (row.due) parts.push(`due: ${row.due}`);
  if (row.mitigation) parts.push(`mitigation: ${oneLine(row.mitigation)}`);
  const where = [row.client, row.engagement].filter(Boolean).join(' / ');
  if (where) parts.push(where);
  return `- ${head} — ${parts.join(' · ')}`;
}

/**
 * Finds the risk a tree row stands for in a freshly analysed copy of its note, for "mark closed": by ID when
 * that ID is unique in the note, else by ID and title together (the nearest to the row's line when repeated).
 * An edit made since the row was listed therefore never closes a different risk; `undefined` when it is gone.
 */
export function findRiskForRow(risks: readonly Risk[], row: RiskRow): Risk | undefined {
  if (row.id) {
    const same = risks.filter((r) => r.id === row.id);
    if (same.length === 1) return same[0];
  }
  const candidates = risks.filter((r) => r.id === row.id && r.title === row.title);
  if (candidates.length === 0) return undefined;
  const distance = (r: Risk) => Math.abs(r.range.start.line + 1 - row.line);
  return candidates.reduce((best, r) => (distance(r) < distance(best) ? r : best));
}

/**
 * Escapes text for Markdown so it renders literally: every ASCII punctuation character gets a backslash
 * (CommonMark allows escaping any of them, and it also defeats link, autolink, HTML and emphasis syntax),
 * line breaks and tabs become spaces, and leading spaces cannot start a code block.
 */
export function escapeMarkdownText(text: string): string {
  return oneLine(text).replace(/[!-/:-@[-`{-~]/gu, (c) => `\\${c}`);
}

function bandLabel(b: Band): string {
  return b.charAt(0).toUpperCase() + b.slice(1);
}

/** Text that {@link oneLine} would change: a line break or tab, a run of white space, or white space at an end. */
const NOT_ONE_LINE = /[\r\n\t\u2028\u2029]|\s\s|^\s|\s$/u;

function oneLine(text: string): string {
  // Most titles, owners and names are already one clean line: test once instead of rewriting three times.
  if (!NOT_ONE_LINE.test(text)) return text;
  return text.replace(/[\r\n\t\u2028\u2029]+/gu, ' ').replace(/\s{2,}/gu, ' ').trim();
}

const DATE = /^\d{4}-\d{2}-\d{2}$/u;

/**
 * A due date compared as text is only a date when it has the YYYY-MM-DD shape; the shape is tested only for the
 * due dates that sort before today (few of thousands).
 */
function isOverdue(row: RiskRow, today: string | undefined): boolean {
  return today !== undefined && row.isOpen && row.due !== null && row.due !== '' && row.due < today && DATE.test(row.due);
}

function groupDescription(counts: RiskCounts, withBands: boolean): string {
  let text = `${counts.open} open`;
  if (withBands) {
    if (counts.critical) text += ` · ${counts.critical} critical`;
    if (counts.high) text += ` · ${counts.high} high`;
  }
  return text;
}

/** Key for client and engagement names: case and spacing do not split a group. */
function nameKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/gu, ' ');
}

/** Key for owners: as {@link nameKey}, and `@dana` is `Dana`. */
function ownerKey(name: string): string {
  return nameKey(name).replace(/^@/u, '');
}

/** One collator for every comparison: `localeCompare` with options builds a new one per call. */
const NAME_COLLATOR = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareNames(a: string, b: string): number {
  return NAME_COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

interface NamedGroup<T> {
  key: string;
  label: string;
  rows: T[];
}

/**
 * Groups rows by a name (keeping their order inside each group), labels each group with the alphabetically
 * first spelling seen, sorts groups by label and puts the nameless group last.
 */
function groupByName<T>(
  rows: readonly T[],
  nameOf: (r: T) => string | null,
  keyOf: (name: string) => string,
  noneLabel: string,
): Array<NamedGroup<T>> {
  const groups = new Map<string, NamedGroup<T>>();
  let none: NamedGroup<T> | null = null;
  // Thousands of rows share a few names: clean and key each distinct spelling once.
  const seen = new Map<string, { trimmed: string; key: string }>();
  for (const r of rows) {
    const name = nameOf(r);
    let known = name ? seen.get(name) : undefined;
    if (name && !known) {
      const t = oneLine(name);
      seen.set(name, (known = { trimmed: t, key: t ? keyOf(t) : '' }));
    }
    const trimmed = known ? known.trimmed : '';
    if (!trimmed) {
      none ??= { key: '', label: noneLabel, rows: [] };
      none.rows.push(r);
      continue;
    }
    const key = (known as { key: string }).key;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label: trimmed, rows: [] }));
    else if (trimmed < g.label) g.label = trimmed;
    g.rows.push(r);
  }
  const out = [...groups.values()].sort((a, b) => compareNames(a.label, b.label));
  if (none) out.push(none);
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Text `encodeURIComponent` leaves as it is (most risk IDs: `R-12`). */
const URI_SAFE = /^[A-Za-z0-9\-_.!~*'()]*$/u;

/**
 * Leaf ids: the note's path and the risk's ID; a risk without ID uses its title, so neither an edit above it
 * nor a re-sort changes the id. Repeats within one note below one parent get `~2`, `~3` in the order shown.
 */
class LeafIds {
  /**
   * Per note path (a note's rows share the string): the id prefix and the IDs seen in it. Counting by short ID
   * within a note, rather than by the whole id, keeps tens of thousands of long keys out of one map.
   */
  private readonly notes = new Map<string, { prefix: string; seen: Map<string, number> }>();

  /** Ids of the leaves below `parentId` (one instance per parent). */
  constructor(private readonly parentId: string | null) {}

  /** The id of the leaf for `row`: `<parent>/risk:<path>:<ID>` (and `~2`… for repeats). */
  next(row: RiskRow): string {
    let note = this.notes.get(row.path);
    if (note === undefined) {
      note = { prefix: `${this.parentId ?? ''}/risk:${encodeURIComponent(row.path)}:`, seen: new Map() };
      this.notes.set(row.path, note);
    }
    const id = row.id !== null && URI_SAFE.test(row.id) ? row.id : encodeURIComponent(row.id ?? `title:${nameKey(row.title)}`);
    const n = (note.seen.get(id) ?? 0) + 1;
    note.seen.set(id, n);
    return n === 1 ? note.prefix + id : `${note.prefix}${id}~${n}`;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------------------------
// Note health
// ---------------------------------------------------------------------------------------------------------------

/** What the health view needs of an indexed note (a structural subset of `IndexedNote`). */
export interface HealthSource {
  uri: string;
  path: string;
  note: Note | null;
  findings: readonly Finding[];
  skipped: string | null;
  config: DiscoveryConfig;
  /** A note restored from the index cache and not parsed again: what Note Health needs of it (`note` is `null`). */
  summary?: HealthSummary | null;
}

/** What Note Health needs of a note it has no analysed copy of (a cached summary). */
export interface HealthSummary {
  meta: Pick<NoteMeta, 'client' | 'engagement'> | null;
  /** Required sections the note lacks, in canonical order. */
  missing: ReadonlyArray<{ id: string; name: string }>;
  /** Line where a missing section is looked for when no finding says (see {@link missingSectionAnchor}). */
  missingAt: number;
}

export interface HealthItem {
  id: string;
  kind: 'missing-section' | 'finding' | 'skipped';
  label: string;
  severity: Severity;
  rule: RuleCode | null;
  /** Where clicking the item goes. */
  range: Range;
}

export interface HealthRow {
  id: string;
  uri: string;
  path: string;
  /** `Acme / Portal rebuild — kickoff.discovery.md` (the path when client and engagement are unknown). */
  label: string;
  /** `2 missing · 1 error`. */
  description: string;
  /** Names of required sections the note lacks. */
  missing: string[];
  errors: number;
  warnings: number;
  /** The most severe thing about the note, for its icon. */
  worst: 'error' | 'warning';
  items: HealthItem[];
}

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * The "Note Health" rows: notes that lack a required section, have an error-severity finding, or could not be
 * checked, worst first (errors, then missing sections, then path). Each row's items are its missing sections,
 * then its error and warning findings in document order. A DISC001 finding that names a missing section is
 * folded into that section's item rather than listed twice.
 */
export function noteHealthRows(sources: readonly HealthSource[]): HealthRow[] {
  const rows: HealthRow[] = [];
  for (const s of sources) {
    const row = healthRow(s);
    if (row) rows.push(row);
  }
  return rows.sort((a, b) => b.errors - a.errors || b.missing.length - a.missing.length || b.warnings - a.warnings || compareNames(a.path, b.path));
}

function healthRow(s: HealthSource): HealthRow | null {
  const id = `health:${s.uri}`;
  const label = healthLabel(s);
  const summary = s.note === null ? s.summary ?? null : null;
  if (s.skipped !== null || (s.note === null && summary === null)) {
    const reason = s.skipped ?? 'not checked';
    return {
      id,
      uri: s.uri,
      path: s.path,
      label,
      description: `not checked: ${reason}`,
      missing: [],
      errors: 1,
      warnings: 0,
      worst: 'error',
      items: [{ id: `${id}/skipped`, kind: 'skipped', label: `Not checked: ${reason}`, severity: 'error', rule: null, range: START }],
    };
  }
  const note = s.note;
  // The rule's own notion of "missing", so a heading with a typo (DISC012) does not count as missing here either.
  const missingDefs: ReadonlyArray<{ id: string; name: string }> =
    note !== null ? missingSections(note, s.config).filter((d) => d.level === 'required') : (summary as HealthSummary).missing;
  const disc001 = s.findings.filter((f) => f.rule === 'DISC001');
  const fallback = note !== null ? missingSectionAnchor(note) : lineStart((summary as HealthSummary).missingAt);
  const folded = new Set<Finding>();
  const items: HealthItem[] = missingDefs.map((d) => {
    const f = disc001.find((x) => !folded.has(x) && x.message.toLowerCase().includes(d.name.toLowerCase()));
    if (f) folded.add(f);
    return {
      id: `${id}/missing:${encodeURIComponent(d.id)}`,
      kind: 'missing-section',
      label: `Missing section: ${d.name}`,
      severity: f?.severity === 'error' ? 'error' : 'warning',
      rule: 'DISC001',
      range: f?.range ?? fallback,
    };
  });
  let errors = 0;
  let warnings = 0;
  const counter = new Map<string, number>();
  for (const f of s.findings) {
    if (folded.has(f)) continue;
    if (f.severity !== 'error' && f.severity !== 'warning') continue;
    if (f.severity === 'error') errors++;
    else warnings++;
    const base = `${id}/${f.rule}@${f.range.start.line}:${f.range.start.character}`;
    const n = (counter.get(base) ?? 0) + 1;
    counter.set(base, n);
    items.push({
      id: n === 1 ? base : `${base}~${n}`,
      kind: 'finding',
      label: `${f.rule} ${oneLine(f.message)}`,
      severity: f.severity,
      rule: f.rule,
      range: f.range,
    });
  }
  if (missingDefs.length === 0 && errors === 0) return null;
  const parts: string[] = [];
  if (missingDefs.length) parts.push(`${missingDefs.length} missing`);
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  const worst = errors > 0 || items.some((i) => i.severity === 'error') ? 'error' : 'warning';
  return { id, uri: s.uri, path: s.path, label, description: parts.join(' · '), missing: missingDefs.map((d) => d.name), errors, warnings, worst, items };
}

function healthLabel(s: HealthSource): string {
  const file = s.path.slice(s.path.lastIndexOf('/') + 1);
  const meta = s.note ? s.note.meta : (s.summary?.meta ?? null);
  const client = meta?.client ? oneLine(meta.client) : '';
  const engagement = meta?.engagement ? oneLine(meta.engagement) : '';
  if (!client && !engagement) return s.path;
  return `${[client, engagement].filter(Boolean).join(' / ')} — ${file}`;
}

function lineStart(line: number): Range {
  const pos: Position = { line, character: 0 };
  return { start: pos, end: pos };
}

/** Where a missing section is best looked for when no finding says: just below the front matter. */
export function missingSectionAnchor(note: Note): Range {
  const fm = note.parsed.frontMatter;
  if (!fm) return START;
  const line = Math.min(fm.range.end.line + 1, Math.max(0, note.parsed.lineCount - 1));
  const pos: Position = { line, character: 0 };
  return { start: pos, end: pos };
}
