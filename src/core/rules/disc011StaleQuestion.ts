/**
 * DISC011 stale-question: an open question asked more than `staleQuestionDays` days ago (default 14).
 * A lead cares because an unanswered question blocks the estimate, and a proposal built on a guess is a risk
 * nobody logged.
 * No automatic fix: chase the answer, then tick the question.
 */
import { dayNumber, findingOf, quoted } from './helpers';
import type { RuleDefinition } from './types';

export const disc011: RuleDefinition = {
  code: 'DISC011',
  name: 'stale-question',
  defaultSeverity: 'information',
  summary: 'An open question was asked more than the configured number of days ago.',
  scope: 'note',
  check(note, ctx) {
    const today = dayNumber(ctx.today);
    if (today === null) return [];
    const limit = ctx.config.staleQuestionDays;
    const findings = [];
    for (let questionIndex = 0; questionIndex < note.questions.length; questionIndex++) {
      const question = note.questions[questionIndex];
      if (question.answered || !question.asked) continue;
      const asked = dayNumber(question.asked);
      if (asked === null || today - asked <= limit) continue;
      const who = question.owner ? ` with ${question.owner}` : '';
      findings.push(
        findingOf(
          disc011,
          note,
          question.fields.asked?.range ?? question.textRange,
          `Question ${quoted(question.text)} has been open for ${today - asked} days (asked ${question.asked}, limit ${limit}): follow it up${who}, or tick it once answered.`,
        ),
      );
    }
    return findings;
  },
};
