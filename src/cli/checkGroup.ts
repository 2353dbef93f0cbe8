/**
 * Checking one engagement's notes, shared by the CLI's own thread and its worker threads (src/cli/checkWorker.ts):
 * parse and analyse every note, run the per-note and engagement rules, and pack each file's diagnostics
 * (src/cli/packedReport.ts) so nothing of the notes outlives the call.
 */
import { analyze } from '../core/analyze';
import type { DiscoveryConfig } from '../core/configTypes';
import { diagnosticFromFinding, type ReportFile } from '../core/format/report';
import { lintAnalyzed, type NoteSource } from '../core/lint';
import type { Finding, Note } from '../core/model';
import { NoteTooComplexError, parseNote } from '../core/parse/index';
import { engagementKey } from '../core/workspaceRules';
import { packFile, type PackedFile } from './packedReport';

/** Why a note could not be checked, as the report's `skipped` text. */
export function skipReason(e: unknown): string {
  if (e instanceof NoteTooComplexError) return e.message;
  return `Internal error while checking the note: ${e instanceof Error ? e.message : String(e)}`;
}

/** {@link lintAnalyzed}, isolating a note on which the engine fails (reported as skipped). */
export function lintEntriesIsolated(
  entries: Array<{ note: Note; config: DiscoveryConfig }>,
  today: string,
  skipped: ReportFile[],
): Record<string, Finding[]> {
  if (entries.length === 0) return {};
  try {
    return lintAnalyzed(entries, today);
  } catch {
    const healthy = entries.filter((entry) => {
      try {
        lintAnalyzed([entry], today);
        return true;
      } catch (e) {
        skipped.push({ path: entry.note.path, diagnostics: [], skipped: skipReason(e) });
        return false;
      }
    });
    return healthy.length > 0 ? lintAnalyzed(healthy, today) : {};
  }
}

/**
 * Checks the notes of one engagement (`expected`: its key as the notes' first bytes gave it) and packs the result.
 * `loaded` holds each note's text, or the report entry saying why it was not read. `mismatch` is `true` when a
 * note's analysed engagement differs from `expected`: the caller must then check the workspace another way.
 */
export function checkGroup(
  loaded: ReadonlyArray<NoteSource | ReportFile>,
  expected: string | null,
  today: string,
): { files: PackedFile[]; mismatch: boolean } {
  const files: ReportFile[] = [];
  const entries: Array<{ note: Note; config: DiscoveryConfig }> = [];
  for (const r of loaded) {
    if (!('text' in r)) {
      files.push(r);
      continue;
    }
    try {
      entries.push({ note: analyze(parseNote(r.text), r.config, r.path), config: r.config });
    } catch (e) {
      files.push({ path: r.path, diagnostics: [], skipped: skipReason(e) });
    }
  }
  if (entries.some((e) => engagementKey(e.note) !== expected)) return { files: [], mismatch: true };
  for (const [path, findings] of Object.entries(lintEntriesIsolated(entries, today, files))) {
    files.push({ path, diagnostics: findings.map(diagnosticFromFinding) });
  }
  return { files: files.map(packFile), mismatch: false };
}
