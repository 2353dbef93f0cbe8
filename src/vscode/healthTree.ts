/**
 * The "Note Health" view: notes that lack a required section, have errors or could not be checked, worst
 * first, so a lead sees the gaps of every engagement at once. Children are the note's problems; clicking one
 * opens the note there. Built from the workspace index only (see `noteHealthRows` in `src/core/tree.ts`).
 */
import * as vscode from 'vscode';
import { noteHealthRows, type HealthItem, type HealthRow } from '../core/tree';
import type { Services, TreeApi } from './services';
import { snapshotItem, type TreeSnapshotNode } from './riskTree';
import { toRange } from './convert';
import { Debouncer } from './debouncer';

export const HEALTH_VIEW_ID = 'discovery.noteHealth';
export const CONTEXT_VALUE_HEALTH_NOTE = 'discovery.healthNote';
export const CONTEXT_VALUE_HEALTH_ITEM = 'discovery.healthItem';
const REFRESH_DELAY_MS = 150;

type HealthNode = { kind: 'note'; row: HealthRow } | { kind: 'item'; row: HealthRow; item: HealthItem };

export interface HealthTreeSnapshot {
  message: string | undefined;
  roots: TreeSnapshotNode[];
}

export class HealthTreeController implements vscode.TreeDataProvider<HealthNode>, TreeApi, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<HealthNode | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private readonly view: vscode.TreeView<HealthNode>;
  private roots: HealthNode[] = [];
  private readonly rebuild = new Debouncer(REFRESH_DELAY_MS, () => this.refreshNow());

  constructor(private readonly services: Services) {
    this.build();
    this.view = vscode.window.createTreeView(HEALTH_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.view);
    this.disposables.push(services.index.onDidChange(() => this.scheduleRefresh()));
    this.applyMessage();
  }

  getChildren(node?: HealthNode): HealthNode[] {
    if (!node) return this.roots;
    if (node.kind === 'note') return node.row.items.map((item) => ({ kind: 'item', row: node.row, item }));
    return [];
  }

  getParent(node: HealthNode): HealthNode | undefined {
    if (node.kind === 'note') return undefined;
    return this.roots.find((r) => r.row.id === node.row.id);
  }

  getTreeItem(node: HealthNode): vscode.TreeItem {
    const uri = vscode.Uri.parse(node.row.uri);
    if (node.kind === 'note') {
      const item = new vscode.TreeItem(node.row.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.row.id;
      item.description = node.row.description;
      item.tooltip = `${node.row.path}\n${node.row.description}`;
      item.contextValue = CONTEXT_VALUE_HEALTH_NOTE;
      item.iconPath = severityIcon(node.row.worst);
      item.command = { command: 'vscode.open', title: 'Open Note', arguments: [uri] };
      return item;
    }
    const item = new vscode.TreeItem(node.item.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.item.id;
    item.description = `line ${node.item.range.start.line + 1}`;
    item.tooltip = node.item.label;
    item.contextValue = CONTEXT_VALUE_HEALTH_ITEM;
    item.iconPath = severityIcon(node.item.severity);
    item.command = {
      command: 'vscode.open',
      title: 'Go to Problem',
      arguments: [uri, { selection: toRange(node.item.range), preview: true } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }

  scheduleRefresh(): void {
    this.rebuild.schedule();
  }

  refreshNow(): void {
    this.rebuild.cancel();
    try {
      this.build();
      this.applyMessage();
      this.changeEmitter.fire();
    } catch (e) {
      this.services.log.error('The note health view could not be rebuilt', e);
    }
  }

  snapshot(): HealthTreeSnapshot {
    const render = (node: HealthNode): TreeSnapshotNode => {
      const out = snapshotItem(this.getTreeItem(node));
      if (node.kind === 'note') out.children = this.getChildren(node).map(render);
      return out;
    };
    return { message: this.view.message, roots: this.roots.map(render) };
  }

  dispose(): void {
    this.rebuild.cancel();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private build(): void {
    this.roots = noteHealthRows(this.services.index.all()).map((row) => ({ kind: 'note', row }));
  }

  private applyMessage(): void {
    this.view.message =
      this.services.index.size > 0 && this.roots.length === 0
        ? 'Every note has its required sections and no errors.'
        : undefined;
  }
}

function severityIcon(severity: string): vscode.ThemeIcon {
  switch (severity) {
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    case 'warning':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    default:
      return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
  }
}

/** Registers the "Note Health" view. */
export function registerHealthTree(services: Services): vscode.Disposable {
  const controller = new HealthTreeController(services);
  services.trees.health = controller;
  return new vscode.Disposable(() => {
    if (services.trees.health === controller) services.trees.health = undefined;
    controller.dispose();
  });
}
