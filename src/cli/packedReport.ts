/**
 * The lint report of a large workspace held compactly until it is written: each file's diagnostics are packed
 * into one JSON string as soon as its engagement is checked, so the diagnostic objects (and the strings of the
 * notes they came from) are garbage at once, and the output is formatted one file at a time from the packed text.
 * A smaller workspace keeps its diagnostics as they are ({@link keepFile}): packing and unpacking them was a tenth
 * of the time the CLI took on 1,000 notes, to save memory it did not need.
 * Gives the same files, order, diagnostics and summary as `buildLintReport` (and `errorsOnly` for `--quiet`).
 */
import { copyString } from '../core/detach';
import { buildLintReport, type ReportDiagnostic, type ReportFile, type ReportSummary } from '../core/format/report';

/** A report entry's path, whether it was skipped, and its counts. */
interface CountedFile {
  path: string;
  skipped?: string;
  errors: number;
  warnings: number;
  information: number;
}

/** One report entry with its diagnostics sorted as the report sorts them, and counted. */
export type HeldFile = PackedFile | KeptFile;

/** A {@link HeldFile} with its diagnostics as objects. */
export interface KeptFile extends CountedFile {
  diagnostics: ReportDiagnostic[];
}

/** A {@link HeldFile} with its diagnostics packed. */
export interface PackedFile extends CountedFile {
  /**
   * `JSON.stringify` of the sorted diagnostics as `[rule, name, severity, message, line, column, endLine,
   * endColumn]` tuples (no key names: they would be most of the text), encoded as UTF-8. Exact for every string.
   * Bytes rather than a string: one quoted character outside Latin-1 (a dash in a risk title) makes V8 store a
   * whole string at two bytes per character, and bytes sit outside the garbage-collected heap, which the
   * collector then need not scan; on ten thousand notes this is tens of megabytes.
   */
  packed: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Keeps one entry: sorts its diagnostics as {@link buildLintReport} does and counts them. */
export function keepFile(file: ReportFile): KeptFile {
  const { files, summary } = buildLintReport([file]);
  // A message quotes the note (a title, a commitment) and would keep the note's whole text alive: copied, it does
  // not, and the texts of the checked notes are garbage at once.
  for (const d of files[0].diagnostics) d.message = copyString(d.message);
  return {
    path: file.path,
    diagnostics: files[0].diagnostics,
    ...(file.skipped !== undefined ? { skipped: file.skipped } : {}),
    errors: summary.errors,
    warnings: summary.warnings,
    information: summary.information,
  };
}

/** Packs one entry: {@link keepFile}, with the diagnostics packed. */
export function packFile(file: ReportFile): PackedFile {
  const { diagnostics, ...counted } = keepFile(file);
  return {
    ...counted,
    packed: encoder.encode(JSON.stringify(diagnostics.map((d) => [d.rule, d.name, d.severity, d.message, d.line, d.column, d.endLine, d.endColumn]))),
  };
}

function unpack(p: HeldFile, errorsOnly: boolean): ReportFile {
  let all: ReportDiagnostic[];
  if ('diagnostics' in p) all = p.diagnostics;
  else {
    const tuples = JSON.parse(decoder.decode(p.packed)) as Array<[string, string, ReportDiagnostic['severity'], string, number, number, number, number]>;
    all = tuples.map(
      ([rule, name, severity, message, line, column, endLine, endColumn]): ReportDiagnostic => ({ rule, name, severity, message, line, column, endLine, endColumn }),
    );
  }
  return {
    path: p.path,
    diagnostics: errorsOnly ? all.filter((d) => d.severity === 'error') : all,
    ...(p.skipped !== undefined ? { skipped: p.skipped } : {}),
  };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Packed entries grouped by path and sorted, with the summary of the full report. */
export class PackedReport {
  /** Entries of one path, in the order they were added (merged on output as the report merges them). */
  private readonly groups: HeldFile[][];
  readonly summary: ReportSummary;

  constructor(entries: readonly HeldFile[]) {
    const byPath = new Map<string, HeldFile[]>();
    for (let eIndex = 0; eIndex < entries.length; eIndex++) {
      const e = entries[eIndex];
      const group = byPath.get(e.path);
      if (group) group.push(e);
      else byPath.set(e.path, [e]);
    }
    this.groups = [...byPath.values()].sort((a, b) => compareText(a[0].path, b[0].path));
    const summary: ReportSummary = { files: this.groups.length, errors: 0, warnings: 0, information: 0, skipped: 0 };
    for (let groupIndex = 0; groupIndex < this.groups.length; groupIndex++) {
      const group = this.groups[groupIndex];
      if (group.some((e) => e.skipped !== undefined)) summary.skipped++;
      for (let eIndex = 0; eIndex < group.length; eIndex++) {
        const e = group[eIndex];
        summary.errors += e.errors;
        summary.warnings += e.warnings;
        summary.information += e.information;
      }
    }
    this.summary = summary;
  }

  /** How many files the report lists. */
  get fileCount(): number {
    return this.groups.length;
  }

  /** The summary of the shown report: with `errorsOnly`, that of `errorsOnly(report)`. */
  shownSummary(errorsOnly: boolean): ReportSummary {
    return errorsOnly ? { ...this.summary, warnings: 0, information: 0 } : this.summary;
  }

  /** The report's files in order, each unpacked only when asked for. */
  *files(errorsOnly: boolean): Generator<ReportFile> {
    for (let groupIndex = 0; groupIndex < this.groups.length; groupIndex++) {
      const group = this.groups[groupIndex];
      yield group.length === 1 ? unpack(group[0], errorsOnly) : buildLintReport(group.map((e) => unpack(e, errorsOnly))).files[0];
    }
  }
}
