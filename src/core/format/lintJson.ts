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
 * The keys of a file entry and of a diagnostic, in the documented order: `JSON.stringify` with this list writes
 * exactly those, in this order, whatever else a caller's objects hold (the wrapper's `files` too, see below).
 */
const FILE_KEYS = ['files', 'path', 'diagnostics', 'skipped', 'rule', 'name', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn'];

/**
 * How many diagnostics (plus one per file) one piece of {@link formatLintJsonFiles} holds, about 35 KB of text. A
 * string over 128 KB is a large object to V8, kept until a full collection: with pieces of 1,000 diagnostics the
 * CLI's peak on 10,000 notes rose from 230-247 MB to 254-270 MB; with 100, 239 MB.
 */
const PIECE_ITEMS = 100;

/** What `JSON.stringify({ files }, FILE_KEYS, 2)` writes around its files. */
const PIECE_OPEN = '{\n  "files": [\n';
const PIECE_CLOSE = '\n  ]\n}';

/**
 * Some files' blocks as they stand in the report (`JSON.stringify(lintJsonDocument(report), null, 2)`), from the
 * first block's indentation to the last block's closing brace: one native `JSON.stringify` of the files wrapped as
 * `{ files }`, which puts them at the report's depth, with the wrapper cut off. On 1,000 notes (15,000 diagnostics)
 * this took a median of 47 ms in a fresh process, against 59 ms for the same text written a value at a time (template
 * strings, then `JSON.stringify` per message; six alternated processes each); the unit tests hold it to
 * `formatLintJson`.
 */
function fileBlocks(files: readonly ReportFile[]): string {
  const text = JSON.stringify({ files }, FILE_KEYS, 2);
  return text.slice(PIECE_OPEN.length, text.length - PIECE_CLOSE.length);
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
 * {@link formatLintJson} in pieces (the same text once joined), a few files each, so a caller can write a large
 * report without ever holding all of it as one string.
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
  let first = true;
  let batch: ReportFile[] = [];
  let items = 0;
  for (const file of files) {
    batch.push(file);
    items += file.diagnostics.length + 1;
    if (items < PIECE_ITEMS) continue;
    yield `${first ? '' : ','}\n${fileBlocks(batch)}`;
    first = false;
    batch = [];
    items = 0;
  }
  if (batch.length > 0) yield `${first ? '' : ','}\n${fileBlocks(batch)}`;
  yield `${fileCount === 0 ? '' : '\n  ]'},\n  "summary": ${JSON.stringify(summaryDocument(summary), null, 2).replace(/\n/g, '\n  ')}\n}\n`;
}
