/**
 * DISC002 empty-section: a section whose body is empty or only placeholders (TBD, TODO, N/A, -, to do, tbc, ?).
 * A lead cares because an empty "Skills gaps" reads as "no gaps" to whoever picks the note up next.
 * No automatic fix: only the lead knows what goes there, and a fix never deletes the section.
 */
import type { ParsedSection } from '../model';
import { findingOf } from './helpers';
import type { RuleDefinition } from './types';

/**
 * `true` when nothing in the section body says anything: comments (the skeleton's hint) and the header of a
 * table without rows (the skeleton's risk table) do not count as content. The parsers decide it block by block
 * (`ParsedSection.hasContent`).
 */
export function isEmptySection(section: ParsedSection): boolean {
  return !section.hasContent;
}

export const disc002: RuleDefinition = {
  code: 'DISC002',
  name: 'empty-section',
  defaultSeverity: 'warning',
  summary: 'A section has no content, or only a placeholder such as TBD.',
  scope: 'note',
  check(note) {
    return note.sections
      .filter((s) => s.id !== null && isEmptySection(s.parsed))
      .map((s) => {
        const name = s.parsed.heading.text;
        return findingOf(
          disc002,
          note,
          s.parsed.heading.range,
          `Section "${name}" is empty: write what was found, or say explicitly why there is nothing (e.g. "None identified, checked with the client's architect").`,
        );
      });
  },
};
