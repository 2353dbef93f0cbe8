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

/**
 * {@link formatLintJson} in pieces (the same text once joined), one per file, so a caller can write a large report
 * without ever holding all of it as one string.
 */
export function* formatLintJsonChunks(report: LintReport): Generator<string> {
  const doc = lintJsonDocument(report) as { version: number; files: unknown[]; summary: unknown };
  yield `{\n  "version": ${JSON.stringify(doc.version)},\n  "files": ${doc.files.length === 0 ? '[]' : '['}`;
  for (let i = 0; i < doc.files.length; i++) {
    // JSON strings never hold a raw line break, so indenting every line of a file's block is safe.
    const block = JSON.stringify(doc.files[i], null, 2).replace(/\n/g, '\n    ');
    yield `${i === 0 ? '' : ','}\n    ${block}`;
  }
  yield `${doc.files.length === 0 ? '' : '\n  ]'},\n  "summary": ${JSON.stringify(doc.summary, null, 2).replace(/\n/g, '\n  ')}\n}\n`;
}
