/**
 * The one place where core data (plain ranges, findings, text edits) becomes VS Code objects. Nothing else
 * builds a `vscode.Range` from core data, and no extra fields are hung on VS Code objects.
 */
import * as vscode from 'vscode';
import type { Finding, Position, Range, Severity, TextEdit } from '../core/model';

export function toPosition(p: Position): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function fromPosition(p: vscode.Position): Position {
  return { line: p.line, character: p.character };
}

export function fromRange(r: vscode.Range): Range {
  return { start: fromPosition(r.start), end: fromPosition(r.end) };
}

export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
  }
}

export const DIAGNOSTIC_SOURCE = 'discovery';

/** A diagnostic for a finding; `docsUrl` is where the rule is documented (the code links to it). */
export function toDiagnostic(finding: Finding, docsUrl: string | null): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(finding.range), finding.message, toSeverity(finding.severity));
  d.source = DIAGNOSTIC_SOURCE;
  d.code = docsUrl ? { value: finding.rule, target: vscode.Uri.parse(docsUrl) } : finding.rule;
  return d;
}

/** The rule code of one of our diagnostics, or `null` for anyone else's. */
export function diagnosticRule(d: vscode.Diagnostic): string | null {
  if (d.source !== DIAGNOSTIC_SOURCE) return null;
  const code = d.code;
  if (typeof code === 'string') return code;
  if (code && typeof code === 'object') return String(code.value);
  return null;
}

export function toTextEdit(e: TextEdit): vscode.TextEdit {
  return new vscode.TextEdit(toRange(e.range), e.newText);
}

/** A workspace edit of one document (undoable as one step). */
export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  we.set(uri, edits.map(toTextEdit));
  return we;
}
