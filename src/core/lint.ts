/**
 * The one entry point the CLI and the extension use to check notes: parse, analyse, run the rules.
 */
import { analyze } from './analyze';
import type { DiscoveryConfig } from './configTypes';
import type { Finding, Note } from './model';
import { parseNote } from './parse/index';
import { clampRange, compareFindings } from './rules/helpers';
import { applySeverity, RULES } from './rules/index';
import type { RuleContext } from './rules/types';
import { checkEngagements, groupByEngagement } from './workspaceRules';

/** A note to lint: its path (workspace- or cwd-relative, `/`-separated), its text and its effective config. */
export interface NoteSource {
  path: string;
  text: string;
  config: DiscoveryConfig;
}

/**
 * Runs the per-note rules (every rule except the engagement-wide DISC010) on an analysed note, applies the
 * configured severities (dropping rules that are off), keeps every range inside the document and sorts the
 * findings by position.
 */
export function checkNote(note: Note, ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (rule.scope !== 'note' || ctx.config.rules?.[rule.code] === 'off') continue;
    findings.push(...rule.check(note, ctx));
  }
  return applySeverity(findings, ctx.config)
    .map((f) => ({ ...f, range: clampRange(f.range, note) }))
    .sort(compareFindings);
}

/** Options of {@link lintText}. */
export interface LintTextOptions {
  /**
   * Also run the engagement-wide rules on the note alone (DISC010 against the note's own risks), for a note
   * checked on its own. Leave off when the caller runs `checkEngagements` itself (the workspace index).
   */
  standalone?: boolean;
}

/**
 * Parses, analyses and checks one note with the per-note rules. `today` is `YYYY-MM-DD`.
 * With `{ standalone: true }` the note is also checked as an engagement of its own (DISC010).
 */
export function lintText(
  path: string,
  text: string,
  config: DiscoveryConfig,
  today: string,
  options: LintTextOptions = {},
): { note: Note; findings: Finding[] } {
  const note = analyze(parseNote(text), config, path);
  const ctx: RuleContext = { config, today };
  const findings = checkNote(note, ctx);
  if (!options.standalone) return { note, findings };
  const alone = checkEngagements([note], () => ctx);
  return { note, findings: [...findings, ...alone].sort(compareFindings) };
}

/**
 * Lints a set of notes together: per-note rules on each (with the notes of its engagement known, so new risk
 * IDs are free across the engagement) and the engagement-wide rules across them. Every source path is a key of
 * `findings` (a clean note has an empty list); findings are sorted by position.
 */
export function lintNotes(sources: NoteSource[], today: string): { notes: Note[]; findings: Record<string, Finding[]> } {
  const notes = sources.map((s) => analyze(parseNote(s.text), s.config, s.path));
  const configByPath = new Map<string, DiscoveryConfig>();
  sources.forEach((s) => configByPath.set(s.path, s.config));
  const ctxFor = (path: string): RuleContext => ({ config: configByPath.get(path) ?? sources[0].config, today });
  const findings: Record<string, Finding[]> = {};
  for (const s of sources) findings[s.path] = [];
  for (const group of groupByEngagement(notes)) {
    for (const note of group) {
      findings[note.path].push(...checkNote(note, { ...ctxFor(note.path), engagementNotes: group }));
    }
  }
  for (const f of checkEngagements(notes, ctxFor)) (findings[f.path] ??= []).push(f);
  for (const path of Object.keys(findings)) findings[path].sort(compareFindings);
  return { notes, findings };
}
