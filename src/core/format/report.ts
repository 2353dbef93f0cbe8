/**
 * The plain-data lint report every lint formatter takes: files sorted by path, 1-based positions, and the
 * summary counts. Built from findings, config problems and skipped files; knows nothing about output formats.
 */
import type { ConfigProblem } from '../configTypes';
import type { Finding, Range, Severity } from '../model';

/** Severities as reported: a `hint` is reported as `information`. */
export type ReportSeverity = 'error' | 'warning' | 'information';

/** Rule id and name under which problems in a `.discovery.yml` are reported. */
export const CONFIG_RULE = { rule: 'config', name: 'config-invalid' } as const;

export interface ReportDiagnostic {
  rule: string;
  name: string;
  severity: ReportSeverity;
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 units. */
  column: number;
  endLine: number;
  /** 1-based column just after the last character (exclusive end, as in ESLint and SARIF). */
  endColumn: number;
}

export interface ReportFile {
  /** Relative to the folder the command runs in, with `/` separators. */
  path: string;
  diagnostics: ReportDiagnostic[];
  /** Why the file was not checked (too big, binary, not UTF-8, unreadable). */
  skipped?: string;
}

export interface ReportSummary {
  files: number;
  errors: number;
  warnings: number;
  information: number;
  skipped: number;
}

export interface LintReport {
  files: ReportFile[];
  summary: ReportSummary;
}

/** Maps a severity to one of the three reported ones. */
export function reportSeverity(severity: Severity): ReportSeverity {
  return severity === 'hint' ? 'information' : severity;
}

/**
 * A report diagnostic (0-based range -> 1-based). Every property written out rather than spread: the CLI makes one
 * per finding, and V8 builds a literal that spreads another object into it one property at a time.
 */
function diagnosticAt(rule: string, name: string, severity: ReportSeverity, message: string, range: Range): ReportDiagnostic {
  return {
    rule,
    name,
    severity,
    message,
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** A finding as a report diagnostic. */
export function diagnosticFromFinding(finding: Finding): ReportDiagnostic {
  return diagnosticAt(finding.rule, finding.name, reportSeverity(finding.severity), finding.message, finding.range);
}

/** A `.discovery.yml` problem as a report diagnostic of the pseudo-rule {@link CONFIG_RULE}. */
export function diagnosticFromConfigProblem(problem: ConfigProblem): ReportDiagnostic {
  return diagnosticAt(CONFIG_RULE.rule, CONFIG_RULE.name, problem.severity, problem.message, problem.range);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The report for the given files: files sorted by path (by UTF-16 code units, so the order does not depend on
 * a locale), diagnostics by position, entries for the same path merged, and the summary counted.
 */
export function buildLintReport(files: readonly ReportFile[]): LintReport {
  const byPath = new Map<string, ReportFile>();
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const existing = byPath.get(file.path);
    if (!existing) {
      byPath.set(file.path, { path: file.path, diagnostics: [...file.diagnostics], ...(file.skipped !== undefined ? { skipped: file.skipped } : {}) });
    } else {
      existing.diagnostics.push(...file.diagnostics);
      if (file.skipped !== undefined && existing.skipped === undefined) existing.skipped = file.skipped;
    }
  }
  const sorted = [...byPath.values()].sort((a, b) => compareText(a.path, b.path));
  const summary: ReportSummary = { files: sorted.length, errors: 0, warnings: 0, information: 0, skipped: 0 };
  for (let i = 0; i < sorted.length; i++) {
    const file = sorted[i];
    file.diagnostics.sort(
      (a, b) => a.line - b.line || a.column - b.column || compareText(a.rule, b.rule) || compareText(a.message, b.message),
    );
    if (file.skipped !== undefined) summary.skipped++;
    const diagnostics = file.diagnostics;
    for (let k = 0; k < diagnostics.length; k++) {
      const severity = diagnostics[k].severity;
      if (severity === 'error') summary.errors++;
      else if (severity === 'warning') summary.warnings++;
      else summary.information++;
    }
  }
  return { files: sorted, summary };
}

/** A copy of the report keeping only errors (the `--quiet` view); the summary is recounted. */
export function errorsOnly(report: LintReport): LintReport {
  return buildLintReport(report.files.map((f) => ({ ...f, diagnostics: f.diagnostics.filter((d) => d.severity === 'error') })));
}

/**
 * Replaces control characters (C0 except tab, DEL, C1) with U+FFFD so text taken from a note cannot send
 * escape sequences to a terminal.
 */
export function sanitizeForTerminal(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '\uFFFD');
}
