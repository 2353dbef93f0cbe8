/**
 * DISC001 missing-section: a required section (warning) or a recommended one (information) is absent.
 * A lead cares because the section that is skipped (skills gaps, backlog fit, risks…) is where a project
 * fails later. A heading that is a typo of a section counts as present here; DISC012 reports the typo.
 * Fix: insert the section's skeleton (heading, blank line, placeholder) at its canonical position; a second
 * fix inserts every missing section at once.
 */
import type { DiscoveryConfig } from '../configTypes';
import type { Fix, Note, NoteSection, Position, SectionDefinition, TextEdit } from '../model';
import { closestSection } from '../sections';
import { endOfDocument, findingOf, fixesIf, noteAnchor, pointRange } from './helpers';
import type { RuleDefinition } from './types';

/** What each built-in section is for, used in messages and in the skeleton's hint. */
const SECTION_HINTS: Record<string, string> = {
  stakeholders: "sponsors, decision makers and the client's technical team, with their roles",
  'business-objectives': 'the business outcomes the client expects',
  'integration-mismatches': "where the client's systems and data will not fit what is being sold",
  'backlog-fit': "where the work lands in the client's backlog, capacity and governance",
  'skills-gaps': 'the skills, tools or processes the client lacks to do its part',
  'technology-options': 'the options considered, with their pros and cons',
  'success-criteria': 'what success means, as agreed with the client',
  commitments: 'what each side committed to, with owner and due date',
  'open-questions': 'questions still waiting for an answer, with who was asked and when',
  risks: 'the risks, with likelihood, impact, owner and mitigation',
};

const RISK_TABLE_HEADER = '| ID | Risk | Likelihood | Impact | Owner | Status | Due | Mitigation |';
const RISK_TABLE_DELIMITER = '| --- | --- | --- | --- | --- | --- | --- | --- |';

/**
 * The lines under a new section's heading. They read as "not written yet" to DISC002 (an HTML comment and a
 * `TBD`, or an empty risk table), so inserting a skeleton does not silence the empty-section check.
 */
export function sectionSkeletonBody(def: SectionDefinition): string[] {
  const hint = SECTION_HINTS[def.id];
  const comment = hint ? `<!-- ${hint[0].toUpperCase()}${hint.slice(1)}. -->` : null;
  if (def.id === 'risks') return [...(comment ? [comment] : []), RISK_TABLE_HEADER, RISK_TABLE_DELIMITER];
  return [...(comment ? [comment] : []), 'TBD'];
}

/** The definition each section of the note stands for, a heading with a typo counting for the section it means. */
function presentDefinitionId(section: NoteSection, defs: SectionDefinition[]): string | null {
  if (section.id !== null) return section.id;
  if (section.parsed.heading.depth !== 2) return null;
  return closestSection(section.parsed.heading.text, defs)?.def.id ?? null;
}

/** Required and recommended definitions the note lacks, in canonical order. */
export function missingSections(note: Note, config: DiscoveryConfig): SectionDefinition[] {
  const defs = config.sections;
  const present = new Set<string>();
  for (let sectionIndex = 0; sectionIndex < note.sections.length; sectionIndex++) {
    const section = note.sections[sectionIndex];
    const id = presentDefinitionId(section, defs);
    if (id !== null) present.add(id);
  }
  return defs.filter((d) => d.level !== 'optional' && !present.has(d.id));
}

type Anchor = { kind: 'after' | 'before' | 'end'; at: Position };

/**
 * Where a missing section goes: after the nearest preceding canonical section present, else before the next
 * one present, else at the end of the note.
 */
function anchorFor(note: Note, config: DiscoveryConfig, def: SectionDefinition): Anchor {
  const defs = config.sections;
  const index = defs.findIndex((d) => d.id === def.id);
  const byId = new Map<string, NoteSection[]>();
  for (let sectionIndex = 0; sectionIndex < note.sections.length; sectionIndex++) {
    const section = note.sections[sectionIndex];
    const id = presentDefinitionId(section, defs);
    if (id === null) continue;
    const list = byId.get(id) ?? [];
    list.push(section);
    byId.set(id, list);
  }
  for (let i = index - 1; i >= 0; i--) {
    const sections = byId.get(defs[i].id);
    if (sections) return { kind: 'after', at: sections[sections.length - 1].parsed.range.end };
  }
  for (let i = index + 1; i < defs.length; i++) {
    const sections = byId.get(defs[i].id);
    if (sections) return { kind: 'before', at: sections[0].parsed.heading.range.start };
  }
  return { kind: 'end', at: endOfDocument(note) };
}

function skeletonText(note: Note, def: SectionDefinition, kind: Anchor['kind']): string {
  const eol = note.parsed.eol;
  const block = [`## ${def.name}`, '', ...sectionSkeletonBody(def)].join(eol);
  if (kind === 'before') return `${block}${eol}${eol}`;
  if (kind === 'after' || note.parsed.lastLineLength > 0) return `${eol}${eol}${block}`;
  // The note ends with a line break: keep it ending with one.
  return `${eol}${block}${eol}`;
}

/**
 * Edits inserting the skeletons of `defs` (in canonical order): one edit per insertion point, so sections
 * that land in the same place stay in canonical order.
 */
export function sectionInsertEdits(note: Note, config: DiscoveryConfig, defs: SectionDefinition[]): TextEdit[] {
  const ordered = config.sections.filter((d) => defs.some((m) => m.id === d.id));
  const edits: TextEdit[] = [];
  for (const def of ordered) {
    const anchor = anchorFor(note, config, def);
    const text = skeletonText(note, def, anchor.kind);
    const same = edits.find(
      (e) => e.range.start.line === anchor.at.line && e.range.start.character === anchor.at.character,
    );
    if (same) same.newText += text;
    else edits.push({ range: pointRange(anchor.at), newText: text });
  }
  return edits;
}

/** Title of the fix inserting every missing section (fix-all picks it for DISC001 findings). */
export const INSERT_ALL_TITLE = 'Insert all missing sections';

/** The "insert every missing section" fix, or `null` when nothing is missing. */
export function insertAllMissingFix(note: Note, config: DiscoveryConfig): Fix | null {
  const missing = missingSections(note, config);
  if (missing.length === 0) return null;
  return { title: INSERT_ALL_TITLE, edits: sectionInsertEdits(note, config, missing) };
}

export const disc001: RuleDefinition = {
  code: 'DISC001',
  name: 'missing-section',
  defaultSeverity: 'warning',
  summary: 'A required (warning) or recommended (information) section is missing.',
  scope: 'note',
  check(note, ctx) {
    const missing = missingSections(note, ctx.config);
    if (missing.length === 0) return [];
    const all = missing.length > 1 && ctx.fixes !== false ? insertAllMissingFix(note, ctx.config) : null;
    return missing.map((def) => {
      const hint = SECTION_HINTS[def.id];
      const what = def.level === 'required' ? 'required' : 'recommended';
      const message =
        `Missing ${what} section "${def.name}": add a "## ${def.name}" section` + (hint ? ` (${hint}).` : '.');
      const fixes = fixesIf(ctx, (): Fix[] => [
        { title: `Insert section "${def.name}"`, edits: sectionInsertEdits(note, ctx.config, [def]), preferred: true },
        ...(all ? [all] : []),
      ]);
      return findingOf(disc001, note, noteAnchor(note), message, fixes, def.level === 'required' ? 'warning' : 'information');
    });
  },
};
