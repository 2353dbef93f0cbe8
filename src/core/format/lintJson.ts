/**
 * The machine-readable lint output:
 * `{"version":1,"files":[{"path","diagnostics":[{"rule","name","severity","message","line","column","endLine","endColumn"}],"skipped"?}],"summary":{"files","errors","warnings","information","skipped"}}`.
 * Positions are 1-based; every checked file is listed, clean ones with an empty list.
 *
 * The layout: no indentation, a line break before each file and each diagnostic, so a report stays readable in a
 * terminal, and a diff or `grep` shows one diagnostic per line. On 1,000 notes (15,000 diagnostics) it is 4.8 MB
 * against 6.5 MB indented by two spaces, and `discovery-lint --format json` into a pipe took paired medians of
 * 75-81 ms less (three sets of 16 alternated pairs of processes; docs/performance.md): `JSON.stringify` with
 * indentation took most of that, and the reader decodes a third less.
 */
import type { LintReport, ReportDiagnostic, ReportFile, ReportSummary } from './report';

function diagnosticDocument(d: ReportDiagnostic): unknown {
  return {
    rule: d.rule,
    name: d.name,
    severity: d.severity,
    message: d.message,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
  };
}

function fileDocument(f: ReportFile): unknown {
  return {
    path: f.path,
    diagnostics: f.diagnostics.map(diagnosticDocument),
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

const HEAD = '{"version":1,"files":[';

/** What follows the files: the summary, on a line of its own. */
function tail(fileCount: number, summary: ReportSummary): string {
  return `${fileCount === 0 ? ']' : '\n]'},\n"summary":${JSON.stringify(summaryDocument(summary))}}\n`;
}

/** One file's entry, its diagnostics each on a line of their own. */
function fileText(f: ReportFile): string {
  const diagnostics = f.diagnostics.map((d) => '\n' + JSON.stringify(diagnosticDocument(d)));
  const skipped = f.skipped !== undefined ? `,"skipped":${JSON.stringify(f.skipped)}` : '';
  return `{"path":${JSON.stringify(f.path)},"diagnostics":[${diagnostics.join(',')}]${skipped}}`;
}

/**
 * Formats the report as JSON text ending with a line break, a value at a time: the reference that
 * {@link formatLintJsonFiles}, which the CLI uses, is held to by the unit tests.
 */
export function formatLintJson(report: LintReport): string {
  const files = report.files.map(fileText);
  return `${HEAD}${files.length === 0 ? '' : '\n'}${files.join(',\n')}${tail(files.length, report.summary)}`;
}

/**
 * The keys of a file entry and of a diagnostic, in the documented order: `JSON.stringify` with this list writes
 * exactly those, in this order, whatever else a caller's objects hold.
 */
const FILE_KEYS = ['path', 'diagnostics', 'skipped', 'rule', 'name', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn'];

/**
 * How many diagnostics (plus one per file) one piece of {@link formatLintJsonFiles} holds, about 30 KB of text. A
 * string over 128 KB is a large object to V8, kept until a full collection: with pieces of 1,000 diagnostics the
 * CLI's peak on 10,000 notes rose from 230-247 MB to 254-270 MB; with 100, 239 MB.
 */
const PIECE_ITEMS = 100;

/**
 * Some files' entries as they stand in the report, separated by `,` and line breaks: one native `JSON.stringify` of
 * the list, its brackets cut off, and a line break put before each file (`{"path":`) and each diagnostic
 * (`{"rule":`). Those two sequences occur nowhere else: inside a JSON string every `"` is escaped, so `{"` cannot
 * be part of one, and the key list lets no other object in. With a split before each diagnostic, a run took no
 * longer than with no line break at all (paired median -7 ms over 16 alternated pairs of processes on 1,000 notes).
 */
function fileLines(files: readonly ReportFile[]): string {
  const text = JSON.stringify(files, FILE_KEYS);
  return text.slice(1, text.length - 1).split(',{"path":').join(',\n{"path":').split('{"rule":').join('\n{"rule":');
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
  yield HEAD;
  let first = true;
  let batch: ReportFile[] = [];
  let items = 0;
  for (const file of files) {
    batch.push(file);
    items += file.diagnostics.length + 1;
    if (items < PIECE_ITEMS) continue;
    yield `${first ? '' : ','}\n${fileLines(batch)}`;
    first = false;
    batch = [];
    items = 0;
  }
  if (batch.length > 0) yield `${first ? '' : ','}\n${fileLines(batch)}`;
  yield tail(fileCount, summary);
}
