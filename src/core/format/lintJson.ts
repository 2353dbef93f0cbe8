/**
 * The machine-readable lint output:
 * `{"version":1,"files":[{"path","diagnostics":[{"rule","name","severity","message","line","column","endLine","endColumn"}],"skipped"?}],"summary":{"files","errors","warnings","information","skipped"}}`.
 * Positions are 1-based; every checked file is listed, clean ones with an empty list.
 */
import type { LintReport, ReportFile, ReportSummary } from './report';

function fileDocument(f: ReportFile): unknown {
  return {
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
  };
}

function summaryDocument(summary: ReportSummary): unknown {
  return {
    files: summary.files,
    errors: summary.errors,
    warnings: summary.warnings,
    information: summary.information,
    skipped: summary.skipped,
  };
}

/** The JSON document for the report, as an object (key order is the documented one). */
export function lintJsonDocument(report: LintReport): unknown {
  return { version: 1, files: report.files.map(fileDocument), summary: summaryDocument(report.summary) };
}

/** Formats the report as JSON text ending with a line break. */
export function formatLintJson(report: LintReport): string {
  return JSON.stringify(lintJsonDocument(report), null, 2) + '\n';
}

/**
 * {@link formatLintJson} in pieces (the same text once joined), one per file, so a caller can write a large report
 * without ever holding all of it as one string.
 */
export function formatLintJsonChunks(report: LintReport): Generator<string> {
  return formatLintJsonFiles(report.files.length, report.files, report.summary);
}

/**
 * {@link formatLintJsonChunks} for files given one at a time (`fileCount` of them, in report order), so a caller
 * holding a report in a compact form never has all its diagnostic objects at once.
 */
export function* formatLintJsonFiles(fileCount: number, files: Iterable<ReportFile>, summary: ReportSummary): Generator<string> {
  yield `{\n  "version": 1,\n  "files": ${fileCount === 0 ? '[]' : '['}`;
  let i = 0;
  for (const file of files) {
    // JSON strings never hold a raw line break, so indenting every line of a file's block is safe.
    const block = JSON.stringify(fileDocument(file), null, 2).replace(/\n/g, '\n    ');
    yield `${i === 0 ? '' : ','}\n    ${block}`;
    i++;
  }
  yield `${fileCount === 0 ? '' : '\n  ]'},\n  "summary": ${JSON.stringify(summaryDocument(summary), null, 2).replace(/\n/g, '\n  ')}\n}\n`;
}
