/**
 * The "Open Risks" view: every open risk of the workspace index, grouped, sorted and filtered as the toolbar
 * says (see `src/core/tree.ts` for the rules). The tree reads the index only; it never touches the disk, so
 * `getChildren` is instant and the view shows exactly what the index holds (open-document text included).
 */
import * as vscode from 'vscode';
import { riskRowSource, type IndexedNote } from '../core/workspaceIndex';
import type { RiskRow, RiskRowSource } from '../core/risks';
import {
  buildRiskTreeFromSources,
  describeFilter,
  groupsStartExpanded,
  isFiltered,
  normalizeTreeState,
  parentOf,
  riskTooltipMarkdown,
  type RiskGroupNode,
  type RiskTree,
  type RiskTreeNode,
  type TreeViewState,
} from '../core/tree';
import type { Band } from '../core/model';
import type { Services, TreeApi } from './services';
import { Debouncer } from './debouncer';
import { SETTING, treeExpand } from './settings';

export const RISK_VIEW_ID = 'discovery.openRisks';
/** Context keys the manifest's menus and welcome content use. */
export const CONTEXT_FILTERED = 'discovery.treeFiltered';
export const CONTEXT_HAS_NOTES = 'discovery.hasNotes';
export const CONTEXT_TREE_READY = 'discovery.treeReady';
export const CONTEXT_ONLY_MINE = 'discovery.treeOnlyMine';
/** `contextValue`s of tree items, matched by `view/item/context` menus. */
export const CONTEXT_VALUE_RISK = 'discovery.risk';
export const CONTEXT_VALUE_GROUP = 'discovery.riskGroup';

const STATE_KEY = 'discovery.riskTree.state';
/** Index updates arrive in bursts (a branch switch, a scan); one rebuild per burst is enough. */
const REFRESH_DELAY_MS = 150;

/**
 * How long after the view first shows its rows (and after it becomes visible) it redraws them once more. VS Code
 * resolves the groups it auto-expands asynchronously, and a draw that overlaps that resolution can leave a group
 * empty or showing another group's rows until the next redraw (seen in about one start in five in the browser
 * checks; the same class of tree race as microsoft/vscode#111914). One redraw once things are quiet repairs it.
 */
const CONFIRM_DRAW_MS = 1000;

/** One rendered item, as the integration tests see it. */
export interface TreeSnapshotNode {
  id: string;
  label: string;
  description: string;
  contextValue: string;
  /** The item's icon id and colour, e.g. `warning` / `charts.red`. */
  icon: string;
  color: string | null;
  /** For a group: whether it starts collapsed. */
  collapsed?: boolean;
  /** For a group: whether VS Code reported it opened (by the user or "Expand All") and not closed since. */
  opened?: boolean;
  children?: TreeSnapshotNode[];
}

/** What the test snapshot shows of a tree item (both views' snapshots). */
export function snapshotItem(item: vscode.TreeItem): TreeSnapshotNode {
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
  return {
    id: item.id ?? '',
    label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
    description: typeof item.description === 'string' ? item.description : '',
    contextValue: item.contextValue ?? '',
    icon: icon?.id ?? '',
    color: icon?.color?.id ?? null,
  };
}

export interface RiskTreeSnapshot {
  state: TreeViewState;
  message: string | undefined;
  description: string | undefined;
  badge: { value: number; tooltip: string } | undefined;
  shown: number;
  totalOpen: number;
  roots: TreeSnapshotNode[];
}

const BAND_ICON: Record<Band, { icon: string; color: string }> = {
  critical: { icon: 'warning', color: 'charts.red' },
  high: { icon: 'warning', color: 'charts.orange' },
  medium: { icon: 'circle-filled', color: 'charts.yellow' },
  low: { icon: 'circle-filled', color: 'charts.blue' },
};
const UNSCORED_ICON = { icon: 'circle-outline', color: 'descriptionForeground' };

/**
 * The risk tree of one activation: data provider, view, persisted view state and the row cache. Commands reach
 * it through `services.trees.risk` (see `riskTreeOf`).
 */
export class RiskTreeController implements vscode.TreeDataProvider<RiskTreeNode>, TreeApi, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<RiskTreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private readonly view: vscode.TreeView<RiskTreeNode>;
  private state: TreeViewState;
  private tree: RiskTree;
  /** Row sources per note, reused while the index hands out the same (immutable) entry. */
  private readonly sourceCache = new Map<string, { entry: IndexedNote; source: RiskRowSource }>();
  /** The sources of the current tree, in note order. */
  private sources: RiskRowSource[] = [];
  /** The note URI of each row read so far (rows are immutable and belong to one entry). */
  private readonly uriOfRow = new WeakMap<RiskRow, string>();
  private readonly rebuild = new Debouncer(REFRESH_DELAY_MS, () => this.refreshNow());
  /** Redraws the rows once more after {@link CONFIRM_DRAW_MS}, when the view is visible (see there). */
  private readonly confirmDraw = new Debouncer(CONFIRM_DRAW_MS, () => {
    if (this.ready && this.view.visible) this.changeEmitter.fire();
  });
  /** What the view last drew (see {@link sameTree}). */
  private shownTree: ShownTree | null = null;
  /** Groups VS Code reported opened by the user or a command (and not closed since), by node id. */
  private readonly openIds = new Set<string>();
  /** Whether groups start expanded in the current build ({@link groupsStartExpanded}). */
  private expanded = true;
  private ready = false;
  private readonly refreshWaiters: Array<() => void> = [];

  constructor(private readonly services: Services) {
    this.state = normalizeTreeState(services.context.workspaceState.get(STATE_KEY));
    this.tree = this.build();
    this.view = vscode.window.createTreeView(RISK_VIEW_ID, {
      treeDataProvider: this,
      showCollapseAll: true,
      canSelectMany: true,
    });
    this.disposables.push(this.view);
    this.disposables.push(this.view.onDidChangeVisibility((e) => e.visible && this.confirmDraw.schedule()));
    this.disposables.push(this.view.onDidExpandElement((e) => this.openIds.add(e.element.id)));
    this.disposables.push(this.view.onDidCollapseElement((e) => this.openIds.delete(e.element.id)));
    this.disposables.push(services.index.onDidChange(() => this.scheduleRefresh()));
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (e.affectsConfiguration('discovery.me') || e.affectsConfiguration(`discovery.${SETTING.treeExpand}`)) this.scheduleRefresh();
      },
      this,
      this.disposables,
    );
    this.applyViewChrome();
    // A warm start draws the rows restored from the index cache at once; otherwise after the first scan.
    services.indexer.whenRestored().then(
      () => {
        this.ready = true;
        this.refreshNow();
        this.confirmDraw.schedule();
      },
      (e: unknown) => services.log.error('The risk tree could not wait for the first scan', e),
    );
  }

  // --- TreeDataProvider ------------------------------------------------------------------------------------

  getChildren(node?: RiskTreeNode): RiskTreeNode[] {
    // Until the first scan has finished (or restored the notes of a warm start) the view shows its "Looking for discovery notes…" message and no rows:
    // a tree whose auto-expanded groups are redrawn while VS Code is still expanding them can end up drawing a
    // group with another group's rows, so the first rows are drawn once, complete.
    if (!node) return this.ready ? this.tree.roots : [];
    // VS Code may ask for the children of an element from an earlier build while a refresh is under way; answer
    // from the current build by id, so a group never shows children of another build.
    const current = this.tree.byId.get(node.id);
    return current?.kind === 'group' ? current.children : [];
  }

  getParent(node: RiskTreeNode): RiskTreeNode | undefined {
    return parentOf(this.tree, node);
  }

  getTreeItem(node: RiskTreeNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(
        node.label,
        this.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      // VS Code keeps a group's open or closed state by id and ignores a new initial state for a known id, so a
      // group that starts collapsed has an id of its own: changing the setting (or `auto` crossing its limit)
      // then takes effect at once. Commands look nodes up by the node's id, not the item's.
      item.id = this.expanded ? node.id : `${node.id}#collapsed`;
      item.description = node.description;
      item.contextValue = CONTEXT_VALUE_GROUP;
      item.tooltip = `${node.label}: ${node.description}`;
      const icon = groupIcon(node.groupKind, node.band);
      item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
      return item;
    }
    const row = node.row;
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.contextValue = CONTEXT_VALUE_RISK;
    const icon = row.band ? BAND_ICON[row.band] : UNSCORED_ICON;
    item.iconPath = new vscode.ThemeIcon(icon.icon, new vscode.ThemeColor(icon.color));
    // Untrusted on purpose: the text comes from notes, and is escaped in the core as well.
    const tooltip = new vscode.MarkdownString(riskTooltipMarkdown(row), false);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    item.tooltip = tooltip;
    const uri = this.uriOf(row);
    if (uri) {
      const line = Math.max(0, row.line - 1);
      item.command = {
        command: 'vscode.open',
        title: 'Open Risk',
        arguments: [vscode.Uri.parse(uri), { selection: new vscode.Range(line, 0, line, 0), preview: true } satisfies vscode.TextDocumentShowOptions],
      };
    }
    return item;
  }

  // --- state and refresh -----------------------------------------------------------------------------------

  get viewState(): TreeViewState {
    return this.state;
  }

  get currentTree(): RiskTree {
    return this.tree;
  }

  /** Every open risk row of the workspace (unfiltered), for the owner pick list. */
  allRows(): RiskRow[] {
    return this.sources.flatMap((s) => s.rows());
  }

  /** The URI of the note a row of the current tree came from. */
  uriOf(row: RiskRow): string | undefined {
    return this.uriOfRow.get(row);
  }

  /** Changes the view state, persists it for the workspace and redraws at once. */
  async setState(next: TreeViewState): Promise<void> {
    this.state = normalizeTreeState(next);
    await this.services.context.workspaceState.update(STATE_KEY, this.state);
    this.refreshNow();
  }

  /** Rebuilds on the next quiet moment. */
  scheduleRefresh(): void {
    this.rebuild.schedule();
  }

  refreshNow(): void {
    this.rebuild.cancel();
    try {
      const next = this.build();
      this.tree = next;
      this.expanded = groupsStartExpanded(next, treeExpand());
      const shown = { roots: next.roots, state: this.state, today: this.services.today(), me: this.services.me(), expanded: this.expanded };
      this.applyViewChrome();
      // Redraw only when what the view shows changed: fewer redraws during a scan, none racing an unchanged tree.
      if (this.ready && !this.isShown(shown)) {
        this.shownTree = shown;
        this.changeEmitter.fire();
      }
    } catch (e) {
      this.services.log.error('The risk tree could not be rebuilt', e);
    }
    for (const resolve of this.refreshWaiters.splice(0)) resolve();
  }

  private isShown(next: ShownTree): boolean {
    const last = this.shownTree;
    return (
      last !== null &&
      last.state === next.state &&
      last.today === next.today &&
      last.me === next.me &&
      last.expanded === next.expanded &&
      sameTree(last.roots, next.roots)
    );
  }

  /** Resolves after the next rebuild (or at once when none is pending), for commands and tests. */
  whenRefreshed(): Promise<void> {
    if (!this.rebuild.pending) return Promise.resolve();
    return new Promise((resolve) => this.refreshWaiters.push(resolve));
  }

  /**
   * Opens every group: each top-level group is revealed with its groups below it expanded. Returns how many
   * groups there are. VS Code reports each group it opens (onDidExpandElement), which the test snapshot shows.
   */
  async expandAll(): Promise<number> {
    const roots = this.getChildren().filter((n): n is RiskGroupNode => n.kind === 'group');
    for (const root of roots) await this.view.reveal(root, { select: false, focus: false, expand: 2 });
    // Only client groups hold groups; reading another group's children would build its risks just to count.
    return roots.reduce((n, r) => n + 1 + (r.groupKind === 'client' ? r.children.length : 0), 0);
  }

  /** Reveals the item of a risk (used after "Go to Risk" style navigation and by tests). */
  async reveal(node: RiskTreeNode): Promise<void> {
    await this.view.reveal(node, { select: true, focus: false, expand: true });
  }

  snapshot(): RiskTreeSnapshot {
    const render = (node: RiskTreeNode): TreeSnapshotNode => {
      const item = this.getTreeItem(node);
      const out = snapshotItem(item);
      if (node.kind === 'group') {
        out.collapsed = item.collapsibleState === vscode.TreeItemCollapsibleState.Collapsed;
        out.opened = this.openIds.has(node.id);
        out.children = this.getChildren(node).map(render);
      }
      return out;
    };
    return {
      state: this.state,
      message: this.view.message,
      description: this.view.description,
      badge: this.view.badge ? { value: this.view.badge.value, tooltip: this.view.badge.tooltip } : undefined,
      shown: this.tree.shown,
      totalOpen: this.tree.totalOpen,
      roots: this.getChildren().map(render),
    };
  }

  dispose(): void {
    this.rebuild.cancel();
    this.confirmDraw.cancel();
    for (const resolve of this.refreshWaiters.splice(0)) resolve();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private build(): RiskTree {
    const entries = this.services.index.all().sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    const live = new Set<string>();
    const sources: RiskRowSource[] = [];
    for (const entry of entries) {
      live.add(entry.uri);
      let cached = this.sourceCache.get(entry.uri);
      if (!cached || cached.entry !== entry) {
        cached = { entry, source: this.sourceOf(entry) };
        this.sourceCache.set(entry.uri, cached);
      }
      sources.push(cached.source);
    }
    for (const uri of [...this.sourceCache.keys()]) if (!live.has(uri)) this.sourceCache.delete(uri);
    this.sources = sources;
    return buildRiskTreeFromSources(sources, this.state, { me: this.services.me(), today: this.services.today() });
  }

  /** The rows of a note for the tree; each row's note is remembered when its rows are first read. */
  private sourceOf(entry: IndexedNote): RiskRowSource {
    const base = riskRowSource(entry);
    let seen = false;
    return {
      ...base,
      rows: () => {
        const rows = base.rows();
        if (!seen) {
          seen = true;
          for (const r of rows) this.uriOfRow.set(r, entry.uri);
        }
        return rows;
      },
    };
  }

  private applyViewChrome(): void {
    const filtered = isFiltered(this.state.filter);
    const hasNotes = this.services.index.size > 0;
    const badge = this.tree.badge;
    this.view.badge = badge.value > 0 ? { value: badge.value, tooltip: badge.tooltip } : undefined;
    this.view.description = `by ${this.state.groupBy} · ${this.state.sortBy === 'due' ? 'due date' : this.state.sortBy}`;
    let message = describeFilter(this.state.filter, this.services.me(), this.tree.shown, this.tree.totalOpen);
    if (!this.ready) message = hasNotes ? `Reading discovery notes… (${this.services.index.size} so far)` : 'Looking for discovery notes…';
    else if (!message && hasNotes && this.tree.totalOpen === 0) message = 'No open risks in the workspace.';
    this.view.message = message;
    void vscode.commands.executeCommand('setContext', CONTEXT_FILTERED, filtered);
    void vscode.commands.executeCommand('setContext', CONTEXT_ONLY_MINE, this.state.filter.onlyMine === true);
    void vscode.commands.executeCommand('setContext', CONTEXT_HAS_NOTES, hasNotes);
    void vscode.commands.executeCommand('setContext', CONTEXT_TREE_READY, this.ready);
  }
}

/** What a draw of the view depended on (see {@link sameTree}). */
interface ShownTree {
  roots: RiskTreeNode[];
  state: TreeViewState;
  today: string;
  me: string | null;
  expanded: boolean;
}

/** Row fields a risk item shows (label, description, icon, tooltip, command) or is identified by. */
const SHOWN_ROW_FIELDS = [
  'id', 'title', 'client', 'engagement', 'path', 'line', 'likelihood', 'impact', 'score', 'band', 'owner', 'status', 'due', 'mitigation', 'isOpen',
] as const satisfies ReadonlyArray<keyof RiskRow>;

function sameRow(a: RiskRow, b: RiskRow): boolean {
  if (a === b) return true;
  for (const k of SHOWN_ROW_FIELDS) if (a[k] !== b[k]) return false;
  return true;
}

/** The same notes' rows, unchanged (a source is rebuilt whenever its note's entry changes). */
function sameSources(a: readonly RiskRowSource[] | null, b: readonly RiskRowSource[] | null): boolean {
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether two builds show the same thing: the same groups (ids, labels, counts) and the same risks in them.
 * The risks of a group are compared as rows, so the comparison never builds the rows of a group nobody opened;
 * the same rows in the same state, on the same day, make the same items.
 */
function sameTree(a: readonly RiskTreeNode[], b: readonly RiskTreeNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.kind !== y.kind || x.id !== y.id || x.label !== y.label || x.description !== y.description) return false;
    if (x.kind === 'risk' && y.kind === 'risk') {
      if (!sameRow(x.row, y.row)) return false;
    } else if (x.kind === 'group' && y.kind === 'group') {
      if (x.groupKind === 'client') {
        if (!sameTree(x.children, y.children)) return false;
      } else if (!sameSources(x.sources, y.sources) && (x.rows.length !== y.rows.length || x.rows.some((r, k) => !sameRow(r, y.rows[k])))) {
        return false;
      }
    }
  }
  return true;
}

function groupIcon(kind: 'client' | 'engagement' | 'band' | 'owner', band: Band | null): { icon: string; color?: string } {
  switch (kind) {
    case 'client':
      return { icon: 'organization' };
    case 'engagement':
      return { icon: 'briefcase' };
    case 'owner':
      return { icon: 'person' };
    case 'band':
      return band ? BAND_ICON[band] : UNSCORED_ICON;
  }
}

/** The risk tree of this activation, or an error if it is not registered. */
export function riskTreeOf(services: Services): RiskTreeController {
  const tree = services.trees.risk;
  if (!(tree instanceof RiskTreeController)) throw new Error('The Open Risks view is not registered.');
  return tree;
}

/** Registers the "Open Risks" view. */
export function registerRiskTree(services: Services): vscode.Disposable {
  const controller = new RiskTreeController(services);
  services.trees.risk = controller;
  return new vscode.Disposable(() => {
    if (services.trees.risk === controller) services.trees.risk = undefined;
    controller.dispose();
  });
}
