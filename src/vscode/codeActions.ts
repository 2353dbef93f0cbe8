/**
 * Quick fixes for our diagnostics (the core's fixes as undoable workspace edits, the main one preferred),
 * "Insert all missing sections", and `source.fixAll.discovery` for fix-on-save. Edits are always computed from
 * the document's current version; if it moves on while they are computed, they are computed again.
 */
import * as vscode from 'vscode';
import { fixAll, insertMissingSectionsFix } from '../core/fixes';
import type { Finding, Fix, Range } from '../core/model';
import { isCurrentVersion } from '../core/versioned';
import { diagnosticRule, fromRange, toWorkspaceEdit } from './convert';
import { documentNote, type DocumentNote } from './documentNote';
import type { Services } from './services';

export const NOTE_SELECTOR: vscode.DocumentSelector = [{ pattern: '**/*.discovery.md' }];
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('discovery');
export const INSERT_SECTIONS_KIND = vscode.CodeActionKind.Source.append('discovery').append('insertMissingSections');
const FIX_ALL_TITLE = 'Fix all discovery problems';

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function fixKey(fix: Fix): string {
  return `${fix.title}\u0000${JSON.stringify(fix.edits)}`;
}

/** Does the request want actions of `kind`? (`context.only` narrows; absent means every kind.) */
function wants(context: vscode.CodeActionContext, kind: vscode.CodeActionKind): boolean {
  return !context.only || context.only.contains(kind);
}

/** The note at the document's current version, recomputed if the document changed meanwhile. */
async function currentNote(services: Services, doc: vscode.TextDocument): Promise<DocumentNote | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const state = await documentNote(services, doc);
    if (state && isCurrentVersion(state.version, doc.version)) return state;
    if (doc.isClosed) return null;
  }
  return null;
}

export class DiscoveryCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND, INSERT_SECTIONS_KIND];

  constructor(private readonly services: Services) {}

  async provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => diagnosticRule(d) !== null);
    const quick = wants(context, vscode.CodeActionKind.QuickFix) && ours.length > 0;
    const all = wants(context, FIX_ALL_KIND);
    const sections = wants(context, INSERT_SECTIONS_KIND) && !!context.only;
    if (!quick && !all && !sections) return [];
    const state = await currentNote(this.services, doc);
    if (!state || token.isCancellationRequested) return [];
    const actions: vscode.CodeAction[] = [];
    if (quick) actions.push(...this.quickFixes(doc, state, ours));
    if (all) {
      const edits = fixAll(doc.getText(), state.findings);
      if (edits.length > 0) {
        const action = new vscode.CodeAction(FIX_ALL_TITLE, FIX_ALL_KIND);
        action.edit = toWorkspaceEdit(doc.uri, edits);
        actions.push(action);
      }
    }
    if (sections) {
      const fix = insertMissingSectionsFix(state.note, state.config);
      if (fix && fix.edits.length > 0) {
        const action = new vscode.CodeAction(fix.title, INSERT_SECTIONS_KIND);
        action.edit = toWorkspaceEdit(doc.uri, fix.edits);
        actions.push(action);
      }
    }
    // The document must still be the version the edits were computed for.
    return isCurrentVersion(state.version, doc.version) ? actions : [];
  }

  private quickFixes(doc: vscode.TextDocument, state: DocumentNote, diagnostics: vscode.Diagnostic[]): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const seen = new Map<string, vscode.CodeAction>();
    let missingSection = false;
    for (const diag of diagnostics) {
      const rule = diagnosticRule(diag);
      if (rule === 'DISC001') missingSection = true;
      const range = fromRange(diag.range);
      const finding: Finding | undefined = state.findings.find((f) => f.rule === rule && sameRange(f.range, range) && f.message === diag.message)
        ?? state.findings.find((f) => f.rule === rule && sameRange(f.range, range));
      if (!finding) continue;
      for (const fix of finding.fixes) {
        if (fix.edits.length === 0) continue;
        const key = fixKey(fix);
        const existing = seen.get(key);
        if (existing) {
          // The same fix for several diagnostics (e.g. "insert all missing sections") is offered once.
          existing.diagnostics = [...(existing.diagnostics ?? []), diag];
          continue;
        }
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(doc.uri, fix.edits);
        action.diagnostics = [diag];
        action.isPreferred = fix.preferred === true;
        seen.set(key, action);
        actions.push(action);
      }
    }
    if (missingSection) {
      const fix = insertMissingSectionsFix(state.note, state.config);
      if (fix && fix.edits.length > 0 && !seen.has(fixKey(fix))) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(doc.uri, fix.edits);
        action.diagnostics = diagnostics.filter((d) => diagnosticRule(d) === 'DISC001');
        actions.push(action);
      }
    }
    return actions;
  }
}

export function registerCodeActions(services: Services): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(NOTE_SELECTOR, new DiscoveryCodeActions(services), {
    providedCodeActionKinds: DiscoveryCodeActions.kinds,
  });
}
