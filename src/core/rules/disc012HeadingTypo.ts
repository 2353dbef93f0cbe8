/**
 * DISC012 heading-typo: a level-2 heading that matches no section but is a few letters away from one
 * (`## Stakehodlers`, `## Risk regster`). The message names the section it probably means; DISC001 counts it as
 * present so the note is not told to add a section it already has.
 * A lead cares because a misspelt heading hides the whole section from the checks and the risk roll-up.
 * Fix (preferred): rename the heading to the section's name, keeping numbering, emoji and markup around it.
 */
import type { ParsedHeading, TextEdit } from '../model';
import { closestSection } from '../sections';
import { findingOf, fixesIf, quoted } from './helpers';
import type { RuleDefinition } from './types';

const PREFIX = /^[^\p{L}\p{N}]*(?:(?:\d+(?:\.\d+)*[.):]?|[A-Za-z][.)])\s*[-–—:]?\s*)?[^\p{L}\p{N}]*/u;
const SUFFIX = /[^\p{L}\p{N}]*$/u;

/** Edit renaming a heading to `name`, replacing only the words between its numbering/emoji and trailing marks. */
export function renameHeadingEdit(heading: ParsedHeading, name: string): TextEdit {
  const text = heading.text;
  const prefix = PREFIX.exec(text)?.[0] ?? '';
  const rest = text.slice(prefix.length);
  const suffix = SUFFIX.exec(rest)?.[0] ?? '';
  const { start, end } = heading.textRange;
  const exact = start.line === end.line && end.character - start.character === text.length && rest.length > suffix.length;
  if (!exact) return { range: heading.textRange, newText: `${prefix}${name}${suffix}` };
  return {
    range: {
      start: { line: start.line, character: start.character + prefix.length },
      end: { line: end.line, character: end.character - suffix.length },
    },
    newText: name,
  };
}

export const disc012: RuleDefinition = {
  code: 'DISC012',
  name: 'heading-typo',
  defaultSeverity: 'warning',
  summary: 'A level-2 heading looks like a misspelt section name.',
  scope: 'note',
  check(note, ctx) {
    const findings = [];
    for (let sectionIndex = 0; sectionIndex < note.sections.length; sectionIndex++) {
      const section = note.sections[sectionIndex];
      const heading = section.parsed.heading;
      if (section.id !== null || heading.depth !== 2) continue;
      const close = closestSection(heading.text, ctx.config.sections);
      if (!close) continue;
      const name = close.def.name;
      findings.push(
        findingOf(
          disc012,
          note,
          heading.textRange,
          `Heading ${quoted(heading.text)} matches no section; it probably means "${name}": rename it so the section is checked.`,
          fixesIf(ctx, () => [{ title: `Rename heading to "${name}"`, edits: [renameHeadingEdit(heading, name)], preferred: true }]),
        ),
      );
    }
    return findings;
  },
};
