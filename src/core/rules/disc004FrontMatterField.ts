/**
 * DISC004 front-matter-field: `client` or `engagement` missing (the folder name is used instead), a `date` that
 * is not `YYYY-MM-DD`, or an unknown `stage`.
 * A lead cares because the risk roll-up, the engagement-wide checks and the exports group notes by client and
 * engagement; a folder rename would silently move the note to another engagement.
 * Fix: add the missing key with the folder-derived value (creating the front matter block if there is none);
 * replace an unknown stage with the closest valid one.
 */
import type { Note, Range, Stage, TextEdit } from '../model';
import { levenshtein } from '../sections';
import { findingOf, fixesIf, isIsoDate, noteAnchor, pointRange, yamlScalar } from './helpers';
import type { RuleDefinition } from './types';

export const STAGES: readonly Stage[] = ['discovery', 'proposal', 'contracted', 'delivery', 'closed'];

/** The valid stage an unknown one most probably means, if any is close. */
export function closestStage(raw: string): Stage | null {
  const value = raw.trim().toLowerCase();
  let best: { stage: Stage; distance: number } | null = null;
  for (const stage of STAGES) {
    if (stage.startsWith(value) && value.length >= 3) return stage;
    const distance = levenshtein(value, stage, 3);
    if (distance <= 3 && (!best || distance < best.distance)) best = { stage, distance };
  }
  return best?.stage ?? null;
}

type Key = 'client' | 'engagement';

/** Front matter that can take another key: none yet, an empty block, or a valid mapping. */
function canAddKeys(note: Note): boolean {
  const fm = note.frontMatter;
  if (fm.error) return false;
  if (fm.range === null || note.parsed.frontMatter === null) return true;
  return fm.data !== null || note.parsed.frontMatter.raw.trim() === '';
}

/**
 * Edits writing the folder-derived values of `keys`: into the existing block (before its closing fence, or
 * in place of an empty value), or as a new front matter block at the top of the note.
 */
function addKeyEdits(note: Note, keys: Key[]): TextEdit[] {
  const eol = note.parsed.eol;
  const values = keys
    .map((key) => [key, note.meta[key]] as const)
    .filter((kv): kv is readonly [Key, string] => typeof kv[1] === 'string' && kv[1] !== '');
  if (values.length === 0 || !canAddKeys(note)) return [];
  const parsedFm = note.parsed.frontMatter;
  if (parsedFm === null) {
    const lines = values.map(([k, v]) => `${k}: ${yamlScalar(v)}`);
    return [{ range: pointRange({ line: 0, character: 0 }), newText: ['---', ...lines, '---', '', ''].join(eol) }];
  }
  const edits: TextEdit[] = [];
  let appended = '';
  for (const [key, value] of values) {
    const data = note.frontMatter.data;
    const valueRange = note.frontMatter.fieldRanges[key];
    if (data && Object.prototype.hasOwnProperty.call(data, key)) {
      // `client:` with an empty value: fill it in rather than adding a duplicate key (invalid YAML).
      if (!valueRange) continue;
      const empty = valueRange.start.line === valueRange.end.line && valueRange.start.character === valueRange.end.character;
      edits.push({ range: valueRange, newText: (empty ? ' ' : '') + yamlScalar(value) });
      continue;
    }
    appended += `${key}: ${yamlScalar(value)}${eol}`;
  }
  if (appended) edits.push({ range: pointRange({ line: parsedFm.range.end.line, character: 0 }), newText: appended });
  return edits;
}

function fenceRange(note: Note): Range {
  const fm = note.parsed.frontMatter;
  if (!fm) return noteAnchor(note);
  return { start: fm.range.start, end: { line: fm.range.start.line, character: fm.range.start.character + 3 } };
}

export const disc004: RuleDefinition = {
  code: 'DISC004',
  name: 'front-matter-field',
  defaultSeverity: 'warning',
  summary: 'client or engagement is missing from the front matter, the date is malformed, or the stage is unknown.',
  scope: 'note',
  check(note, ctx) {
    const findings = [];
    // With invalid YAML (DISC003) the keys may well be written, but they cannot be read: the folder stands in,
    // which is worth saying; there is no fix, since the YAML must be repaired first.
    const unreadable = note.frontMatter.error !== null;
    const missing: Key[] = [];
    if (note.meta.clientSource !== 'front-matter') missing.push('client');
    if (note.meta.engagementSource !== 'front-matter') missing.push('engagement');
    // Without a block both keys go into one new block, so both findings offer the same edit.
    const shared = note.parsed.frontMatter === null && ctx.fixes !== false ? addKeyEdits(note, missing) : null;
    for (const key of missing) {
      const folderValue = note.meta[key];
      const source = key === 'client' ? note.meta.clientSource : note.meta.engagementSource;
      const message = unreadable
        ? `"${key}" cannot be read from the front matter (its YAML is invalid): ${
            source === 'folder' && folderValue ? `the folder name "${folderValue}" is used until the YAML is fixed.` : 'fix the YAML.'
          }`
        : source === 'folder' && folderValue
          ? `Front matter has no "${key}": the folder name "${folderValue}" is used. Add "${key}: ${folderValue}" so the note stays in its engagement if the folder moves.`
          : `Front matter has no "${key}" and none can be taken from the folder: add "${key}: <name>" to the front matter.`;
      const fixes = fixesIf(ctx, () => {
        const edits = unreadable ? [] : (shared ?? addKeyEdits(note, [key]));
        return [edits.length > 0 && folderValue ? { title: `Add "${key}: ${folderValue}" to the front matter`, edits, preferred: true } : null];
      });
      findings.push(findingOf(disc004, note, fenceRange(note), message, fixes));
    }
    const data = note.frontMatter.data;
    if (data && Object.prototype.hasOwnProperty.call(data, 'date')) {
      const date = data.date;
      const ok = date instanceof Date ? !Number.isNaN(date.getTime()) : typeof date === 'string' && isIsoDate(date);
      if (!ok) {
        const range = note.frontMatter.fieldRanges.date ?? fenceRange(note);
        findings.push(
          findingOf(disc004, note, range, `Front matter date "${String(date ?? '')}" is not a valid date: write it as YYYY-MM-DD, e.g. 2026-11-22.`),
        );
      }
    }
    if (data && Object.prototype.hasOwnProperty.call(data, 'stage')) {
      const stage = data.stage;
      const raw = typeof stage === 'string' ? stage : String(stage ?? '');
      if (!(STAGES as readonly string[]).includes(raw.trim().toLowerCase())) {
        const range = note.frontMatter.fieldRanges.stage ?? fenceRange(note);
        const suggestion = closestStage(raw);
        const message =
          `Unknown stage "${raw}": use one of ${STAGES.join(', ')}` + (suggestion ? ` (probably "${suggestion}").` : '.');
        const fixes = fixesIf(ctx, () => [
          suggestion && note.frontMatter.fieldRanges.stage
            ? { title: `Change stage to "${suggestion}"`, edits: [{ range, newText: suggestion }], preferred: true }
            : null,
        ]);
        findings.push(findingOf(disc004, note, range, message, fixes));
      }
    }
    return findings;
  },
};
