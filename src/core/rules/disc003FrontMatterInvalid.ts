/**
 * DISC003 front-matter-invalid: the YAML front matter does not parse. Reported at the offending line.
 * A lead cares because client, engagement and stage come from it: the note drops out of the risk roll-up and
 * the engagement checks. The rest of the note is still checked. No automatic fix: the intent is unknown.
 */
import { findingOf } from './helpers';
import type { RuleDefinition } from './types';

export const disc003: RuleDefinition = {
  code: 'DISC003',
  name: 'front-matter-invalid',
  defaultSeverity: 'error',
  summary: 'The YAML front matter does not parse.',
  scope: 'note',
  check(note) {
    const error = note.frontMatter.error;
    if (!error) return [];
    const detail = error.message
      .split(/\r?\n|\r/u)[0]
      .replace(/^Front matter is not valid YAML:\s*/iu, '')
      .replace(/[.\s]+$/u, '')
      .trim();
    return [
      findingOf(
        disc003,
        note,
        error.range,
        `Front matter is not valid YAML (${detail}): fix the YAML so the client, engagement and stage can be read.`,
      ),
    ];
  },
};
