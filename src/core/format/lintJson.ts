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

/**
 * Rule ids, rule names and severities as JSON strings: a report repeats a few dozen of them thousands of times.
 * Bounded, as the values are (a report never has more than its rules' ids and names and four severities).
 */
const quoted = new Map<string, string>();
function quote(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (quoted.size < 512) quoted.set(s, q);
  }
  return q;
}

/**
 * `JSON.stringify(fileDocument(file), null, 2)` with every line after the first indented by four more spaces (its
 * place in the report), written directly: the report of a large workspace is tens of megabytes, and building an
 * object per diagnostic only to serialise it was most of the time spent writing it. Positions are whole numbers,
 * written as they are; rules, names and severities are quoted once ({@link quote}). On 1,000 notes (15,000
 * diagnostics) this took 45 ms against 65 ms with `JSON.stringify` on every value. The unit tests hold it to
 * `JSON.stringify`.
 */
function fileBlock(f: ReportFile): string {
  let out = `{\n      "path": ${JSON.stringify(f.path)},\n      "diagnostics": `;
  if (f.diagnostics.length === 0) out += '[]';
  else {
    out += '[';
    let first = true;
    for (const d of f.diagnostics) {
      out +=
        `${first ? '' : ','}\n        {\n          "rule": ${quote(d.rule)},\n          "name": ${quote(d.name)},` +
        `\n          "severity": ${quote(d.severity)},\n          "message": ${JSON.stringify(d.message)},` +
        `\n          "line": ${d.line},\n          "column": ${d.column},` +
        `\n          "endLine": ${d.endLine},\n          "endColumn": ${d.endColumn}\n        }`;
      first = false;
    }
    out += '\n      ]';
  }
  if (f.skipped !== undefined) out += `,\n      "skipped": ${JSON.stringify(f.skipped)}`;
  return out + '\n    }';
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
    yield `${i === 0 ? '' : ','}\n    ${fileBlock(file)}`;
    i++;
  }
  yield `${fileCount === 0 ? '' : '\n  ]'},\n  "summary": ${JSON.stringify(summaryDocument(summary), null, 2).replace(/\n/g, '\n  ')}\n}\n`;
}
