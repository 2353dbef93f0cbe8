/**
 * The Problems panel: one diagnostic per finding of every indexed note (or only of open notes, with
 * `discovery.diagnostics.scope: openFiles`), plus the problems of `.discovery.yml` files. Fed only from the
 * index, so what the user sees is what the tree and the summaries count.
 */
import * as vscode from 'vscode';
import type { ConfigProblem } from '../core/configTypes';
import { ruleDocsUrl } from '../core/rules/index';
import type { IndexedNote } from '../core/workspaceIndex';
import { DIAGNOSTIC_SOURCE, toDiagnostic, toRange } from './convert';
import type { Services } from './services';
import { diagnosticsScope } from './settings';
import { SLICE_MS, yieldToHost } from './slices';

export const DIAGNOSTIC_COLLECTION = 'discovery';

function noteDiagnostics(n: IndexedNote): vscode.Diagnostic[] {
  if (n.skipped) {
    const d = new vscode.Diagnostic(
      new vscode.Range(0, 0, 0, 0),
      `This note was not checked: ${n.skipped}.`,
      vscode.DiagnosticSeverity.Information,
    );
    d.source = DIAGNOSTIC_SOURCE;
    return [d];
  }
  return n.findings.map((f) => toDiagnostic(f, ruleDocsUrl(f.rule)));
}

function configDiagnostic(p: ConfigProblem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(
    toRange(p.range),
    p.message,
    p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  d.source = DIAGNOSTIC_SOURCE;
  d.code = 'config';
  return d;
}

function tabUris(tab: vscode.Tab): string[] {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return [input.uri.toString()];
  if (input instanceof vscode.TabInputTextDiff) return [input.original.toString(), input.modified.toString()];
  return [];
}

/** `true` if an editor tab shows the document. */
export function openInTab(uri: string): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => tabUris(t).includes(uri)));
}

export function registerDiagnostics(services: Services): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_COLLECTION);
  const disposables: vscode.Disposable[] = [collection];
  const { index, indexer } = services;
  let configUris = new Set<string>();

  const isOpen = (uri: string) => openInTab(uri);
  const shown = (n: IndexedNote) => diagnosticsScope(vscode.Uri.parse(n.uri)) === 'workspace' || isOpen(n.uri);

  const publish = (uris: Iterable<string>) => {
    const batch: Array<[vscode.Uri, vscode.Diagnostic[] | undefined]> = [];
    for (const uri of uris) {
      const n = index.get(uri);
      const target = vscode.Uri.parse(uri);
      if (!n || !shown(n)) batch.push([target, undefined]);
      else batch.push([target, noteDiagnostics(n)]);
    }
    if (batch.length > 0) collection.set(batch);
  };

  const publishAll = () => {
    const keep = new Set(index.all().map((n) => n.uri));
    collection.forEach((uri) => {
      const key = uri.toString();
      if (!keep.has(key) && !configUris.has(key)) collection.delete(uri);
    });
    publish(keep);
  };

  const publishConfig = () => {
    const next = new Set<string>();
    for (const [uri, problems] of indexer.configProblems()) {
      next.add(uri);
      collection.set(vscode.Uri.parse(uri), problems.map(configDiagnostic));
    }
    for (const uri of configUris) if (!next.has(uri)) collection.delete(vscode.Uri.parse(uri));
    configUris = next;
  };

  // During a warm start's restore pass the problems of the restored notes wait, and are published in slices once
  // the pass is over: decoding their findings and making their diagnostics (14,780 on 1,000 notes, about 50 ms)
  // inside the pass delayed the Open Risks view, which is drawn when the pass is over, by as much.
  let held: Set<string> | null = null;
  let publishing: Promise<void> | null = null;
  let disposed = false;
  let heldDuringRestore = 0;
  const publishHeld = async () => {
    while (held !== null && held.size > 0 && !disposed) {
      const start = performance.now();
      do {
        const some: string[] = [];
        for (const uri of held) {
          held.delete(uri);
          if (some.push(uri) === 32) break;
        }
        publish(some);
      } while (held.size > 0 && performance.now() - start < SLICE_MS);
      await yieldToHost();
    }
    held = null;
  };
  disposables.push(
    index.onDidChange((change) => {
      for (const uri of change.removed) {
        held?.delete(uri);
        collection.delete(vscode.Uri.parse(uri));
      }
      if (indexer.restoring || held !== null) {
        held ??= new Set();
        for (const uri of change.changed) held.add(uri);
        if (indexer.restoring) heldDuringRestore += change.changed.length;
        return;
      }
      publish(change.changed);
    }),
    indexer.onDidRestore(() => {
      if (held === null || publishing !== null) return;
      publishing = publishHeld().finally(() => (publishing = null));
    }),
    { dispose: () => (disposed = true) },
  );
  services.problems = { whenPublished: () => publishing ?? Promise.resolve(), heldDuringRestore: () => heldDuringRestore };
  indexer.onDidChangeConfigProblems(publishConfig, null, disposables);
  // In "open files" scope a note's problems come and go with its editor tab (VS Code keeps documents loaded for a
  // while after their editor closes, so tabs, not loaded documents, say what the user has open).
  vscode.window.tabGroups.onDidChangeTabs(
    (e) => publish([...e.opened, ...e.closed, ...e.changed].flatMap(tabUris)),
    null,
    disposables,
  );
  vscode.workspace.onDidOpenTextDocument((d) => publish([d.uri.toString()]), null, disposables);
  vscode.workspace.onDidChangeConfiguration(
    (e) => {
      if (e.affectsConfiguration('discovery.diagnostics.scope')) publishAll();
    },
    null,
    disposables,
  );
  publishAll();
  publishConfig();
  return vscode.Disposable.from(...disposables);
}
