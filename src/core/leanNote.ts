/**
 * A note without its sections' list items and tables, for a caller that shows no quick fixes: the rules read those
 * only to build fixes, and the analysis (done) read them to find the risks, commitments and questions the note keeps.
 * They were most of a note's objects, so a note is best made lean as soon as it is analysed:
 * - the workspace index keeps every note read from disk so (an open document is checked from its own text, whole,
 *   and gets its fixes);
 * - the CLI checks each engagement's notes so: the notes of the engagement being checked are what the collector
 *   copies while a check runs.
 * Rules without fixes give the same findings on the lean note as on the whole one (the lint and index tests hold
 * them to it).
 */
import type { Note, ParsedSection } from './model';

/** `note` with empty `items` and `tables` in each of its sections; everything else is shared with `note`. */
export function withoutBlocks(note: Note): Note {
  const lean = new Map<ParsedSection, ParsedSection>();
  const sections = note.parsed.sections.map((s) => {
    const l: ParsedSection = { heading: s.heading, range: s.range, items: [], tables: [], hasContent: s.hasContent };
    lean.set(s, l);
    return l;
  });
  return {
    path: note.path,
    parsed: {
      bom: note.parsed.bom,
      eol: note.parsed.eol,
      lineCount: note.parsed.lineCount,
      lastLineLength: note.parsed.lastLineLength,
      frontMatter: note.parsed.frontMatter,
      headings: note.parsed.headings,
      sections,
      parser: note.parsed.parser,
    },
    frontMatter: note.frontMatter,
    meta: note.meta,
    sections: note.sections.map((s) => ({ id: s.id, parsed: lean.get(s.parsed) ?? s.parsed })),
    risks: note.risks,
    commitments: note.commitments,
    questions: note.questions,
    references: note.references,
  };
}
