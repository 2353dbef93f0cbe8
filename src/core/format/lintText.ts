/**
 * The human lint output, in the layout of ESLint's "stylish" formatter: the path, then one aligned line per
 * problem (`line:column  severity  message  RULE`), then a summary line.
 */
import { sanitizeForTerminal, type LintReport, type ReportFile, type ReportSeverity, type ReportSummary } from './report';

export interface TextFormatOptions {
  /** Use ANSI colours (only when writing to a terminal). */
  color?: boolean;
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  underline: '\u001b[4m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  green: '\u001b[32m',
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Formats the report as text; the result ends with a line break. */
export function formatLintText(report: LintReport, options: TextFormatOptions = {}): string {
  return [...formatLintTextFiles(report.files, report.summary, options)].join('');
}

/**
 * {@link formatLintText} in pieces (the same text once joined), one per file with problems, then the summary
 * line; the files are taken one at a time, in report order.
 */
export function* formatLintTextFiles(files: Iterable<ReportFile>, summary: ReportSummary, options: TextFormatOptions = {}): Generator<string> {
  const color = options.color === true;
  const paint = (code: string, text: string): string => (color ? `${code}${text}${ANSI.reset}` : text);
  const severityColor: Record<ReportSeverity, string> = { error: ANSI.red, warning: ANSI.yellow, information: ANSI.blue };

  for (const file of files) {
    if (file.diagnostics.length === 0 && file.skipped === undefined) continue;
    const out: string[] = [];
    out.push(paint(ANSI.underline, sanitizeForTerminal(file.path)));
    if (file.skipped !== undefined) {
      out.push(`  ${paint(ANSI.yellow, 'skipped')}  ${sanitizeForTerminal(file.skipped)}`);
    }
    const rows = file.diagnostics.map((d) => ({
      pos: `${d.line}:${d.column}`,
      severity: d.severity,
      message: sanitizeForTerminal(d.message),
      rule: d.rule,
    }));
    const posWidth = Math.max(0, ...rows.map((r) => r.pos.length));
    const sevWidth = Math.max(0, ...rows.map((r) => r.severity.length));
    const msgWidth = Math.max(0, ...rows.map((r) => r.message.length));
    for (const r of rows) {
      out.push(
        `  ${paint(ANSI.dim, r.pos.padStart(posWidth))}  ${paint(severityColor[r.severity], r.severity.padEnd(sevWidth))}  ` +
          `${r.message.padEnd(msgWidth)}  ${paint(ANSI.dim, r.rule)}`,
      );
    }
    // The blank line after each file.
    yield out.join('\n') + '\n\n';
  }

  const { files: fileCount, errors, warnings, information, skipped } = summary;
  const problems = errors + warnings + information;
  const checked = `${plural(fileCount - skipped, 'file', 'files')} checked` + (skipped > 0 ? `, ${skipped} skipped` : '');
  if (problems === 0) {
    yield paint(ANSI.green, `\u2714 No problems (${checked})`) + '\n';
  } else {
    const mark = errors > 0 ? ANSI.red : warnings > 0 ? ANSI.yellow : ANSI.blue;
    yield paint(
      ANSI.bold + mark,
      `\u2716 ${plural(problems, 'problem', 'problems')} (${plural(errors, 'error', 'errors')}, ` +
        `${plural(warnings, 'warning', 'warnings')}, ${information} information) in ${checked}`,
    ) + '\n';
  }
}
