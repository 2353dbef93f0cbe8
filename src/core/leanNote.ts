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
import { copyString } from './detach';
import type { Note, NoteMeta, ParsedNote, ParsedSection, Risk, RiskReference } from './model';

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
    parsed: parsedWith(note.parsed, note.parsed.frontMatter, note.parsed.headings, sections),
    frontMatter: note.frontMatter,
    meta: note.meta,
    sections: note.sections.map((s) => ({ id: s.id, parsed: lean.get(s.parsed) ?? s.parsed })),
    risks: note.risks,
    commitments: note.commitments,
    questions: note.questions,
    references: note.references,
  };
}

/** `parsed` with other front matter, headings and sections (what it says of the text itself is kept). */
function parsedWith(parsed: ParsedNote, frontMatter: ParsedNote['frontMatter'], headings: ParsedNote['headings'], sections: ParsedNote['sections']): ParsedNote {
  return { bom: parsed.bom, eol: parsed.eol, lineCount: parsed.lineCount, lastLineLength: parsed.lastLineLength, frontMatter, headings, sections, parser: parsed.parser };
}

/** Lists a skeleton leaves empty, shared (a skeleton is never changed in place). */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * What the engagement rules read of a note, and nothing else: its path, its metadata (`meta`, already cut loose
 * from the note's text), where its text ends (findings are clamped to it), its risks' IDs, titles, forms, statuses
 * and ranges, and its references. The risks keep their ID field (raw ID and range) and the range of their title
 * field; their other fields, values and problems are left out, and the note has no sections, commitments,
 * questions or front matter. Strings are copied and ranges shared, so the skeleton keeps no text alive.
 *
 * The workspace index keeps one for a note it has already checked and summarised while the note's engagement is
 * still being loaded (see `summarizeOnLoad` in src/core/workspaceIndex.ts): DISC009 across notes, DISC010 and the
 * ID allocation behind "R-n is free" then give the same findings as on the analysed note (the engagement
 * skeleton test holds them to it), at a tenth of its objects.
 */
export function engagementSkeleton(note: Note, meta: NoteMeta): Note {
  return {
    path: note.path,
    parsed: parsedWith(note.parsed, null, NONE, NONE),
    frontMatter: { range: null, data: null, error: null, fieldRanges: {} },
    meta,
    sections: NONE,
    risks: note.risks.map(skeletonRisk),
    commitments: NONE,
    questions: NONE,
    references: note.references.map((r): RiskReference => ({ id: copyString(r.id), range: r.range })),
  };
}

function skeletonRisk(risk: Risk): Risk {
  const fields: Risk['fields'] = {};
  const id = risk.fields.id;
  if (id) fields.id = { raw: copyString(id.raw), range: id.range };
  // Only its range is read (where a finding about the risk is shown when it has no ID).
  if (risk.fields.title) fields.title = { raw: '', range: risk.fields.title.range };
  return {
    id: copyString(risk.id),
    title: copyString(risk.title),
    form: risk.form,
    range: risk.range,
    fields,
    likelihood: null,
    impact: null,
    score: null,
    band: null,
    owner: null,
    status: risk.status,
    isOpen: risk.isOpen,
    due: null,
    mitigation: null,
    problems: NONE,
    checkboxRange: null,
    insertFieldAt: risk.range.start,
    fieldIndent: '',
  };
}
