/**
 * The machine-readable lint output:
 * `{"version":1,"files":[{"path","diagnostics":[{"rule","name","severity","message","line","column","endLine","endColumn"}],"skipped"?}],"summary":{"files","errors","warnings","information","skipped"}}`.
 * Positions are 1-based; every checked file is listed, clean ones with an empty list.
 */
import type { LintReport } from './report';

/** The JSON document for the report, as an object (key order is the documented one). */
export function lintJsonDocument(report: LintReport): unknown {
  return {
    version: 1,
    files: report.files.map((f) => ({
      path: f.path,
      diagnostics: f.diagnostics.map((d) => ({
        rule: d.rule,
        name: d.name,
        severity: d.severity,
        message: d.message,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
      })),
      ...(f.skipped !== undefined ? { skipped: f.skipped } : {}),
    })),
    summary: {
      files: report.summary.files,
      errors: report.summary.errors,
      warnings: report.summary.warnings,
      information: report.summary.information,
      skipped: report.summary.skipped,
    },
  };
}

/** Formats the report as JSON text ending with a line break. */
export function formatLintJson(report: LintReport): string {
  return JSON.stringify(lintJsonDocument(report), null, 2) + '\n';
}
