/**
 * Canonical sections of a discovery note, their aliases, and how a level-2 heading is matched to one.
 *
 * Matching works on a normalised form of the heading (see {@link normalizeHeading}) so that
 * `## 3. Integration & data 🔌` and `## integration and data` are the same heading to the engine.
 */
import { memoByString } from './detach';
import { emptyList } from './lists';
import type { SectionDefinition } from './model';

/** The built-in sections in their canonical order (the order the missing-section fix inserts them in). */
export const DEFAULT_SECTIONS: SectionDefinition[] = [
  {
    id: 'stakeholders',
    name: 'Stakeholders',
    aliases: ['Stakeholders and sponsors', 'Sponsors and stakeholders', 'People', 'Who is who', 'Contacts'],
    level: 'required',
  },
  {
    id: 'business-objectives',
    name: 'Business objectives',
    aliases: ['Objectives', 'Goals', 'Business goals', 'Business drivers', 'Drivers'],
    level: 'recommended',
  },
  {
    id: 'integration-mismatches',
    name: 'Integration mismatches',
    aliases: [
      'Technical mismatches',
      'Integrations',
      'Integration',
      'Systems and data',
      'Integration gaps',
      'Technical fit',
      'Mismatches',
    ],
    level: 'required',
  },
  {
    id: 'backlog-fit',
    name: 'Backlog fit',
    aliases: ['Backlog', 'Backlog and governance', 'Capacity', 'Governance', 'Backlog and capacity'],
    level: 'required',
  },
  {
    id: 'skills-gaps',
    name: 'Skills gaps',
    aliases: ['Ability to execute', 'Capability gaps', 'Team capability', 'Skills', 'Skill gaps'],
    level: 'required',
  },
  {
    id: 'technology-options',
    name: 'Technology options',
    aliases: ['Options', 'Alternatives', 'Technical options', 'Solution options'],
    level: 'recommended',
  },
  {
    id: 'success-criteria',
    name: 'Success criteria',
    aliases: ['Definition of success', 'Success measures', 'Acceptance criteria', 'Success metrics'],
    level: 'required',
  },
  {
    id: 'commitments',
    name: 'Commitments',
    aliases: ['Action items', 'Agreements', 'Actions', 'Next steps'],
    level: 'recommended',
  },
  {
    id: 'open-questions',
    name: 'Open questions',
    aliases: ['Questions', 'Outstanding questions', 'Unanswered questions'],
    level: 'recommended',
  },
  {
    id: 'risks',
    name: 'Risks',
    aliases: ['Risk register', 'RAID', 'RAID log', 'Risks and mitigations', 'Risk log'],
    level: 'required',
  },
];

// Leading enumerations people put in front of headings: `3.`, `3)`, `3.1`, `III.`, `A)`, `3 -`.
const LEADING_NUMBERING = /^(?:(?:\d+(?:\.\d+)*|[ivxlcdm]+|[a-z])[.):]|\d+(?:\.\d+)*\s*[-–—:]?)\s*/u;
const MARKDOWN_LINK = /!?\[([^\]]*)\]\([^)]*\)/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const LEADING_NON_WORD = /^[^\p{L}\p{N}]+/u;
const APOSTROPHES = /['’`]/gu;
// The inner class excludes brackets so an unclosed `(` cannot make matching quadratic.
const PARENTHETICAL = /[([][^()[\]]*[)\]]/gu;

/**
 * Normalises heading text for matching: lower case, Unicode-compatibility folded, links reduced to their
 * text, leading numbering (`3.`, `3)`, `3.1`, `III.`, `A.`), emoji, punctuation and markup removed,
 * `&` read as `and`, whitespace collapsed. `"## 3) Integration & Data 🔌"` → `"integration and data"`. Headings repeat
 * across a workspace (every note has `## Risks`): remembered once per spelling.
 */
export const normalizeHeading: (text: string) => string = memoByString(normalizeUncached);

function normalizeUncached(text: string): string {
  let s = text.normalize('NFKC').toLowerCase().replace(MARKDOWN_LINK, '$1');
  s = s.replace(/&/gu, ' and ');
  s = s.replace(LEADING_NON_WORD, '');
  // Numbering can follow an emoji or be doubled (`1. A) Risks`), so strip it a couple of times.
  for (let i = 0; i < 2; i++) {
    const stripped = s.replace(LEADING_NUMBERING, '').replace(LEADING_NON_WORD, '');
    // Never strip the whole heading: `## A.` or `## 2026` are headings too.
    if (stripped === s || stripped === '') break;
    s = stripped;
  }
  return s.replace(APOSTROPHES, '').replace(NOT_WORD, ' ').trim();
}

/** Identifier for a custom section name: the normalised name with spaces as dashes. */
export function sectionSlug(name: string): string {
  const slug = normalizeHeading(name).replace(/ /gu, '-');
  return slug === '' ? 'section' : slug;
}

interface NamesMemo {
  name: string;
  aliases: string[];
  aliasCount: number;
  names: string[];
}

/**
 * Normalised names per definition, computed once: matching runs for every heading of every note. A definition's
 * aliases may still grow while a configuration is being built (config.ts adds aliases in place), so the memo is
 * checked against the name, the alias array and its length before use.
 */
const namesMemo = new WeakMap<SectionDefinition, NamesMemo>();

/** Every normalised name a definition answers to (its name first, then its aliases). */
function namesOf(def: SectionDefinition): string[] {
  const memo = namesMemo.get(def);
  if (memo && memo.name === def.name && memo.aliases === def.aliases && memo.aliasCount === def.aliases.length) return memo.names;
  const names = emptyList<string>();
  const add = (text: string): void => {
    const name = normalizeHeading(text);
    if (name !== '') names.push(name);
  };
  add(def.name);
  for (let i = 0; i < def.aliases.length; i++) add(def.aliases[i]);
  namesMemo.set(def, { name: def.name, aliases: def.aliases, aliasCount: def.aliases.length, names });
  return names;
}

function matchNormalized(normalized: string, defs: SectionDefinition[]): SectionDefinition | null {
  if (normalized === '') return null;
  for (let i = 0; i < defs.length; i++) {
    if (namesOf(defs[i]).includes(normalized)) return defs[i];
  }
  return null;
}

/**
 * The definition a heading names, by its normalised name or any alias; `null` if none.
 * A trailing parenthetical is tolerated when the full heading matches nothing (`Risks (RAID log)`).
 */
export function matchSection(headingText: string, defs: SectionDefinition[]): SectionDefinition | null {
  const exact = matchNormalized(normalizeHeading(headingText), defs);
  if (exact) return exact;
  const withoutParens = headingText.replace(PARENTHETICAL, ' ');
  if (withoutParens === headingText) return null;
  return matchNormalized(normalizeHeading(withoutParens), defs);
}

/**
 * Levenshtein distance between `a` and `b`. With `max`, stops early and returns `max + 1` as soon as the
 * distance is known to exceed `max`, so comparing a long heading against every alias stays cheap.
 */
export function levenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] > max ? max + 1 : prev[b.length];
}

/** How many edits a name of this (normalised) length may be away and still count as a typo of it. */
export function typoThreshold(length: number): number {
  if (length >= 6) return 2;
  if (length >= 4) return 1;
  return 0;
}

/**
 * The section a heading most probably means when it matches none exactly (a typo such as `Stakehodlers`
 * or `Risk`): the definition whose name or alias is the fewest edits away, within {@link typoThreshold} of
 * that name's length. Ties go to the earlier definition, and within one definition to its name.
 * Returns `null` for a heading that matches a definition exactly, or when nothing is close.
 */
export function closestSection(
  headingText: string,
  defs: SectionDefinition[],
): { def: SectionDefinition; distance: number } | null {
  if (matchSection(headingText, defs)) return null;
  const normalized = normalizeHeading(headingText);
  if (normalized === '') return null;
  let best: { def: SectionDefinition; distance: number } | null = null;
  for (const def of defs) {
    for (const name of namesOf(def)) {
      const limit = Math.min(typoThreshold(name.length), best ? best.distance - 1 : Number.POSITIVE_INFINITY);
      if (limit <= 0) continue;
      const distance = levenshtein(normalized, name, limit);
      if (distance <= limit && (!best || distance < best.distance)) best = { def, distance };
    }
  }
  return best;
}
