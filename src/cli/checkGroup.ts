/**
 * Checking one engagement's notes, shared by the CLI's own thread and its worker threads (src/cli/checkWorker.ts):
 * parse and analyse every note, run the per-note and engagement rules (without fixes: the CLI prints none), and hold
 * each file's diagnostics as the caller asks (packed, src/cli/packedReport.ts, so nothing of the notes outlives the
 * call).
 */
import { analyze } from '../core/analyze';
import type { DiscoveryConfig } from '../core/configTypes';
import { diagnosticFromFinding, type ReportFile } from '../core/format/report';
import { withoutBlocks } from '../core/leanNote';
import { lintAnalyzed, type NoteSource } from '../core/lint';
import type { Finding, Note } from '../core/model';
import { NoteTooComplexError, parseNote } from '../core/parse/index';
import { warmUpScanner } from '../core/parse/scannerWarmUp';
import { engagementKey } from '../core/workspaceRules';
import type { HeldFile } from './packedReport';

/** Why a note could not be checked, as the report's `skipped` text. */
export function skipReason(e: unknown): string {
  if (e instanceof NoteTooComplexError) return e.message;
  return `Internal error while checking the note: ${e instanceof Error ? e.message : String(e)}`;
}

/**
 * `lint(items)`, all together (the engagement rules need the notes side by side). Should the engine fail on some
 * note, that note is found by checking each alone, reported in `skipped` with the error, and the rest is checked:
 * one pathological file must not hide the findings of all the others.
 */
export function lintIsolated<T>(
  items: T[],
  pathOf: (item: T) => string,
  lint: (items: T[]) => Record<string, Finding[]>,
  skipped: ReportFile[],
): Record<string, Finding[]> {
  if (items.length === 0) return {};
  try {
    return lint(items);
  } catch {
    const healthy = items.filter((item) => {
      try {
        lint([item]);
        return true;
      } catch (e) {
        skipped.push({ path: pathOf(item), diagnostics: [], skipped: skipReason(e) });
        return false;
      }
    });
    return healthy.length > 0 ? lint(healthy) : {};
  }
}

/**
 * Checks the notes of one engagement (`expected`: its key as the notes' first bytes gave it) and holds each file's
 * result with `hold` (`packFile` or `keepFile`).
 * `loaded` holds each note's text, or the report entry saying why it was not read. `mismatch` is `true` when a
 * note's analysed engagement differs from `expected`: the caller must then check the workspace another way.
 */
export function checkGroup<T extends HeldFile>(
  loaded: ReadonlyArray<NoteSource | ReportFile>,
  expected: string | null,
  today: string,
  hold: (file: ReportFile) => T,
): { files: T[]; mismatch: boolean } {
  // Once per thread, before its first note (see scannerWarmUp.ts).
  warmUpScanner();
  const files: ReportFile[] = [];
  const entries: Array<{ note: Note; config: DiscoveryConfig }> = [];
  for (const r of loaded) {
    if (!('text' in r)) {
      files.push(r);
      continue;
    }
    try {
      // Lean at once (see leanNote.ts): the items and tables die young instead of being copied with the engagement.
      entries.push({ note: withoutBlocks(analyze(parseNote(r.text), r.config, r.path)), config: r.config });
    } catch (e) {
      files.push({ path: r.path, diagnostics: [], skipped: skipReason(e) });
    }
  }
  if (entries.some((e) => engagementKey(e.note) !== expected)) return { files: [], mismatch: true };
  const findingsByPath = lintIsolated(entries, (e) => e.note.path, (some) => lintAnalyzed(some, today, { fixes: false }), files);
  const paths = Object.keys(findingsByPath);
  for (let i = 0; i < paths.length; i++) files.push({ path: paths[i], diagnostics: findingsByPath[paths[i]].map(diagnosticFromFinding) });
  return { files: files.map(hold), mismatch: false };
}
