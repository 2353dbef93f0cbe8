/**
 * Commands of the "Open Risks" view: its toolbar (grouping, sorting, filters) and its context menu (open, mark
 * closed, copy as Markdown). `TREE_COMMANDS` is a part of the extension's command table (`commands.ts`
 * registers it with the rest), declared in `package.json` under the same ids.
 *
 * Toolbar commands accept their value as an argument too (`discovery.tree.groupBy` with `'band'`), for
 * keybindings and tests; without one they ask with a quick pick or an input box.
 */
import * as vscode from 'vscode';
import { analyze } from '../core/analyze';
import { markRiskClosedFix } from '../core/fixes';
import type { Band } from '../core/model';
import { parseNote } from '../core/parse/index';
import type { RiskRow } from '../core/risks';
import {
  GROUP_BY_VALUES,
  SORT_BY_VALUES,
  findRiskForRow,
  ownersOf,
  riskAsMarkdown,
  findNode,
  risksUnder,
  type RiskTreeNode,
  type TreeFilter,
  type TreeGroupBy,
  type TreeSortBy,
} from '../core/tree';
import { toWorkspaceEdit } from './convert';
import { riskTreeOf, type RiskTreeController } from './riskTree';
import type { CommandDefinition, Services } from './services';

export const TREE_COMMAND = {
  groupBy: 'discovery.tree.groupBy',
  sortBy: 'discovery.tree.sortBy',
  filter: 'discovery.tree.filter',
  filterMinBand: 'discovery.tree.filterMinBand',
  filterOwner: 'discovery.tree.filterOwner',
  toggleOnlyMine: 'discovery.tree.toggleOnlyMine',
  clearFilter: 'discovery.tree.clearFilter',
  markClosed: 'discovery.tree.markClosed',
  copyAsMarkdown: 'discovery.tree.copyAsMarkdown',
  openRisk: 'discovery.tree.openRisk',
  expandAll: 'discovery.tree.expandAll',
} as const;

const GROUP_LABELS: Record<TreeGroupBy, string> = {
  client: 'By client and engagement',
  band: 'By band (critical first)',
  owner: 'By owner',
  flat: 'Flat list',
};
const SORT_LABELS: Record<TreeSortBy, string> = {
  score: 'By score (highest first)',
  due: 'By due date (earliest first)',
  id: 'By ID',
};
const MIN_BANDS: ReadonlyArray<{ band: Band | undefined; label: string }> = [
  { band: undefined, label: 'Any band' },
  { band: 'low', label: 'Low or above' },
  { band: 'medium', label: 'Medium or above' },
  { band: 'high', label: 'High or above' },
  { band: 'critical', label: 'Critical only' },
];

interface Pick<T> extends vscode.QuickPickItem {
  value: T;
}

async function pickOne<T>(items: Array<Pick<T>>, placeHolder: string): Promise<T | undefined> {
  const picked = await vscode.window.showQuickPick(items, { placeHolder });
  return picked?.value;
}

async function updateFilter(tree: RiskTreeController, change: Partial<TreeFilter>): Promise<void> {
  const filter: TreeFilter = { ...tree.viewState.filter, ...change };
  for (const key of Object.keys(filter) as Array<keyof TreeFilter>) {
    if (filter[key] === undefined || filter[key] === '' || filter[key] === false) delete filter[key];
  }
  await tree.setState({ ...tree.viewState, filter });
}

async function groupBy(services: Services, value?: unknown): Promise<void> {
  const tree = riskTreeOf(services);
  let next = GROUP_BY_VALUES.find((v) => v === value);
  if (!next) {
    const current = tree.viewState.groupBy;
    next = await pickOne(
      GROUP_BY_VALUES.map((v) => ({ label: GROUP_LABELS[v], value: v, description: v === current ? 'current' : undefined })),
      'Group open risks',
    );
  }
  if (next) await tree.setState({ ...tree.viewState, groupBy: next });
}

async function sortBy(services: Services, value?: unknown): Promise<void> {
  const tree = riskTreeOf(services);
  let next = SORT_BY_VALUES.find((v) => v === value);
  if (!next) {
    const current = tree.viewState.sortBy;
    next = await pickOne(
      SORT_BY_VALUES.map((v) => ({ label: SORT_LABELS[v], value: v, description: v === current ? 'current' : undefined })),
      'Sort open risks',
    );
  }
  if (next) await tree.setState({ ...tree.viewState, sortBy: next });
}

async function filterText(services: Services, value?: unknown): Promise<void> {
  const tree = riskTreeOf(services);
  const text =
    typeof value === 'string'
      ? value
      : await vscode.window.showInputBox({
          title: 'Filter Open Risks',
          prompt: 'Text in the ID, title, owner, mitigation, client or engagement (empty shows all)',
          value: tree.viewState.filter.text ?? '',
        });
  if (text === undefined) return;
  await updateFilter(tree, { text: text.trim() || undefined });
}

async function filterMinBand(services: Services, value?: unknown): Promise<void> {
  const tree = riskTreeOf(services);
  let choice: { band: Band | undefined } | undefined = MIN_BANDS.find((b) => b.band !== undefined && b.band === value);
  if (!choice && (value === null || value === 'any')) choice = { band: undefined };
  if (!choice) {
    const current = tree.viewState.filter.minBand;
    choice = await pickOne(
      MIN_BANDS.map((b) => ({ label: b.label, value: b, description: b.band === current ? 'current' : undefined })),
      'Show risks of at least this band',
    );
  }
  if (choice) await updateFilter(tree, { minBand: choice.band });
}

async function filterOwner(services: Services, value?: unknown): Promise<void> {
  const tree = riskTreeOf(services);
  let owner: string | undefined | null = typeof value === 'string' ? value : undefined;
  if (value === null) owner = null;
  if (owner === undefined) {
    const current = tree.viewState.filter.owner;
    const me = services.me();
    const items: Array<Pick<string | null>> = [
      { label: 'Anyone', value: null, description: current ? undefined : 'current' },
      ...ownersOf(tree.allRows()).map((o) => ({
        label: o,
        value: o,
        description: [o === current ? 'current' : '', me && o.toLowerCase() === me.toLowerCase() ? 'you' : ''].filter(Boolean).join(' · ') || undefined,
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Show risks owned by' });
    if (!picked) return;
    owner = picked.value;
  }
  await updateFilter(tree, { owner: owner?.trim() || undefined });
}

async function toggleOnlyMine(services: Services, value?: unknown): Promise<void> {
  const tree = riskTreeOf(services);
  const next = typeof value === 'boolean' ? value : !tree.viewState.filter.onlyMine;
  await updateFilter(tree, { onlyMine: next });
  if (next && !services.me()) {
    // Not awaited: the filter is already on, the message only explains why the view is empty.
    void vscode.window
      .showInformationMessage('"Only mine" needs your name as written in risk owners: set the discovery.me setting.', 'Open Settings')
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'discovery.me');
      });
  }
}

/** Opens every group of the Open Risks view (the view has "Collapse All" of its own); returns how many were opened. */
async function expandAll(services: Services): Promise<number> {
  return riskTreeOf(services).expandAll();
}

async function clearFilter(services: Services): Promise<void> {
  const tree = riskTreeOf(services);
  await tree.setState({ ...tree.viewState, filter: {} });
}

/**
 * The nodes a context-menu command applies to: the multi-selection if the clicked node is part of it, else the
 * clicked node. A node may also be given by its id (a string), for scripted use and tests.
 */
function targetNodes(tree: RiskTreeController, node: unknown, selected: unknown): RiskTreeNode[] {
  const resolve = (x: unknown): RiskTreeNode | undefined => {
    if (typeof x === 'string') return findNode(tree.currentTree, x);
    if (typeof x === 'object' && x !== null && typeof (x as RiskTreeNode).id === 'string') {
      // Look the node up again: after a refresh the clicked object may be from an older build.
      return findNode(tree.currentTree, (x as RiskTreeNode).id);
    }
    return undefined;
  };
  const clicked = resolve(node);
  if (Array.isArray(selected) && selected.length > 0) {
    const all = selected.map(resolve).filter((n): n is RiskTreeNode => n !== undefined);
    if (!clicked || all.some((n) => n.id === clicked.id)) return all;
  }
  return clicked ? [clicked] : [];
}

/** Distinct rows under the nodes, in the order shown. */
function rowsOf(nodes: RiskTreeNode[]): RiskRow[] {
  const seen = new Set<RiskRow>();
  const out: RiskRow[] = [];
  for (const n of nodes) {
    for (const r of risksUnder(n)) {
      if (!seen.has(r)) {
        seen.add(r);
        out.push(r);
      }
    }
  }
  return out;
}

async function copyAsMarkdown(services: Services, node?: unknown, selected?: unknown): Promise<string> {
  const tree = riskTreeOf(services);
  const nodes = targetNodes(tree, node, selected);
  const rows = nodes.length > 0 ? rowsOf(nodes) : rowsOf(tree.currentTree.roots);
  const text = rows.map(riskAsMarkdown).join('\n');
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${rows.length} risk${rows.length === 1 ? '' : 's'} as Markdown`, 3000);
  return text;
}

async function openRisk(services: Services, node?: unknown): Promise<void> {
  const tree = riskTreeOf(services);
  const [target] = targetNodes(tree, node, undefined);
  if (!target || target.kind !== 'risk') return;
  const uri = tree.uriOf(target.row);
  if (!uri) return;
  const line = Math.max(0, target.row.line - 1);
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(line, 0, line, 0) });
}

/** `true` if a tab shows the document: then an edit is left unsaved for the user to review and undo. */
function isInEditorTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key),
  );
}

/**
 * Marks one risk closed with the core's fix (ticks its box, or sets `status: closed`), as an undoable
 * workspace edit computed from the document's current text. A note shown in an editor tab is left with the
 * unsaved change; a note not open anywhere is saved, so the file (and every view) reflects it.
 */
export async function markRiskClosed(services: Services, uri: string, row: RiskRow): Promise<'closed' | 'already-closed' | 'no-status-column' | 'not-found' | 'failed'> {
  const docUri = vscode.Uri.parse(uri);
  const shown = isInEditorTab(docUri);
  const doc = await vscode.workspace.openTextDocument(docUri);
  const wasDirty = doc.isDirty;
  const config = services.index.get(uri)?.config ?? (await services.indexer.configFor(docUri));
  const note = analyze(parseNote(doc.getText()), config, services.index.get(uri)?.path ?? row.path);
  const risk = findRiskForRow(note.risks, row);
  if (!risk) return 'not-found';
  if (!risk.isOpen && risk.status === 'closed') return 'already-closed';
  const fix = markRiskClosedFix(note, risk);
  // An open risk with nothing to edit is a table row without a Status column.
  if (fix.edits.length === 0) return 'no-status-column';
  // Computed and sent in the same tick as the text was read: VS Code tags the edit with this document version
  // and refuses it if the user's typing got there first, so it never lands on a newer text.
  const applied = await vscode.workspace.applyEdit(toWorkspaceEdit(docUri, fix.edits));
  if (!applied) return 'failed';
  if (!shown && !wasDirty) await doc.save();
  return 'closed';
}

async function markClosed(services: Services, node?: unknown, selected?: unknown): Promise<number> {
  const tree = riskTreeOf(services);
  const rows = rowsOf(targetNodes(tree, node, selected).filter((n) => n.kind === 'risk'));
  let closed = 0;
  const problems: string[] = [];
  for (const row of rows) {
    const uri = tree.uriOf(row);
    if (!uri) continue;
    try {
      const result = await markRiskClosed(services, uri, row);
      if (result === 'closed') closed++;
      else if (result === 'not-found') problems.push(`${row.id ?? row.title}: no longer in ${row.path}`);
      else if (result === 'no-status-column') problems.push(`${row.id ?? row.title}: its table in ${row.path} has no Status column to set`);
      else if (result === 'failed') problems.push(`${row.id ?? row.title}: the note changed or could not be edited`);
    } catch (e) {
      services.log.error(`Could not mark ${row.id ?? row.title} in ${row.path} closed`, e);
      problems.push(`${row.id ?? row.title}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (problems.length > 0) {
    void vscode.window.showWarningMessage(`Could not mark every risk closed. ${problems.join('; ')}`);
  }
  return closed;
}

/** The tree's commands, for the extension's command table. */
export const TREE_COMMANDS: CommandDefinition[] = [
  { id: TREE_COMMAND.groupBy, run: groupBy },
  { id: TREE_COMMAND.sortBy, run: sortBy },
  { id: TREE_COMMAND.filter, run: filterText },
  { id: TREE_COMMAND.filterMinBand, run: filterMinBand },
  { id: TREE_COMMAND.filterOwner, run: filterOwner },
  { id: TREE_COMMAND.toggleOnlyMine, run: toggleOnlyMine },
  { id: TREE_COMMAND.clearFilter, run: clearFilter },
  { id: TREE_COMMAND.markClosed, run: markClosed },
  { id: TREE_COMMAND.copyAsMarkdown, run: copyAsMarkdown },
  { id: TREE_COMMAND.openRisk, run: openRisk },
  { id: TREE_COMMAND.expandAll, run: expandAll },
];
