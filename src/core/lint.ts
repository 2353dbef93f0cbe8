/**
 * The one entry point the CLI and the extension use to check notes: parse, analyse, run the rules.
 */
import { analyze } from './analyze';
import type { DiscoveryConfig } from './configTypes';
import type { Finding, Note, ParsedNote } from './model';
import { deriveMeta, readFrontMatter } from './frontMatter';
import { parseNote } from './parse/index';
import { frontMatterOfPrefix } from './parse/scanner';
import { compareFindings } from './rules/helpers';
import { reportedFindings, RULES } from './rules/index';
import type { RuleContext } from './rules/types';
import { checkEngagements, engagementKeyOf, groupByEngagement } from './workspaceRules';

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
  for (let i = 0; i < RULES.length; i++) {
    const rule = RULES[i];
    if (rule.scope !== 'note' || ctx.config.rules?.[rule.code] === 'off') continue;
    findings.push(...rule.check(note, ctx));
  }
  return reportedFindings(findings, note, ctx.config).sort(compareFindings);
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

/** Options of {@link lintNotes} and {@link lintAnalyzed}. */
export interface LintOptions {
  /** `false` when the caller shows no fixes (the CLI): findings come without them, and faster (see `RuleContext`). */
  fixes?: boolean;
}

/**
 * Lints a set of notes together: per-note rules on each (with the notes of its engagement known, so new risk
 * IDs are free across the engagement) and the engagement-wide rules across them. Every source path is a key of
 * `findings` (a clean note has an empty list); findings are sorted by position.
 */
export function lintNotes(
  sources: NoteSource[],
  today: string,
  options: LintOptions = {},
): { notes: Note[]; findings: Record<string, Finding[]> } {
  const notes = sources.map((s) => analyze(parseNote(s.text), s.config, s.path));
  return { notes, findings: lintAnalyzed(notes.map((note, i) => ({ note, config: sources[i].config })), today, options) };
}

/**
 * {@link lintNotes} for notes already analysed, each with its effective config. A caller that knows which notes
 * form an engagement may lint one engagement at a time (the result for those notes is the same as with all notes
 * at once), so that it never holds every note of a workspace at once.
 */
export function lintAnalyzed(
  entries: ReadonlyArray<{ note: Note; config: DiscoveryConfig }>,
  today: string,
  options: LintOptions = {},
): Record<string, Finding[]> {
  const notes = entries.map((e) => e.note);
  const configByPath = new Map<string, DiscoveryConfig>();
  entries.forEach((e) => configByPath.set(e.note.path, e.config));
  const fixes = options.fixes;
  const ctxFor = (path: string): RuleContext => ({ config: configByPath.get(path) ?? entries[0].config, today, fixes });
  const findings: Record<string, Finding[]> = {};
  for (let i = 0; i < notes.length; i++) findings[notes[i].path] = [];
  for (const group of groupByEngagement(notes)) {
    for (let i = 0; i < group.length; i++) {
      const note = group[i];
      findings[note.path].push(...checkNote(note, { ...ctxFor(note.path), engagementNotes: group }));
    }
  }
  const across = checkEngagements(notes, ctxFor);
  for (let i = 0; i < across.length; i++) (findings[across[i].path] ??= []).push(across[i]);
  const paths = Object.keys(findings);
  for (let i = 0; i < paths.length; i++) findings[paths[i]].sort(compareFindings);
  return findings;
}

/**
 * The engagement key (as `engagementKey` computes it) of a note from a prefix of its text: its front matter,
 * else its folders. Lets a caller group notes by engagement before parsing them. `complete` says whether `head`
 * is the whole text; `undefined` means the prefix ends inside the front matter. `path` is as for `analyze`.
 */
export function engagementKeyFromHead(head: string, path: string, complete: boolean): string | null | undefined {
  const frontMatter = frontMatterOfPrefix(head, complete);
  if (frontMatter === undefined) return undefined;
  const parsed: ParsedNote = {
    bom: false,
    eol: '\n',
    lineCount: 1,
    lastLineLength: 0,
    frontMatter,
    headings: [],
    sections: [],
    parser: 'scanner',
  };
  return engagementKeyOf(deriveMeta(readFrontMatter(parsed), path));
}
