/**
 * Small pieces shared by the rules and the fixes: placeholder detection, range arithmetic, locating the
 * parsed list item or table row behind a risk, field stubs, and risk-ID allocation.
 */
import type {
  Commitment,
  Finding,
  Fix,
  Note,
  ParsedListItem,
  ParsedTable,
  ParsedTableRow,
  Position,
  Range,
  Risk,
  RiskField,
  RiskFieldName,
  TextEdit,
} from '../model';
import { isIsoDate as isCalendarDate } from '../analyze';
import { memoByString } from '../detach';
import { isPlaceholder } from '../placeholder';
import { wholeCharacterPrefix } from '../text';
import type { RuleContext } from './types';

// ---------------------------------------------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------------------------------------------

/** The stub value fixes write. Rules read it as "not filled in yet", never as an invalid value. */
export const STUB = 'TBD';

export { isPlaceholder };

/** A field counts as filled in when it is present with a non-placeholder value. */
export function isFilled(field: RiskField | undefined): boolean {
  return field !== undefined && !isPlaceholder(field.raw);
}

// ---------------------------------------------------------------------------------------------------------------
// Positions and ranges
// ---------------------------------------------------------------------------------------------------------------

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function compareRanges(a: Range, b: Range): number {
  return comparePositions(a.start, b.start) || comparePositions(a.end, b.end);
}

export function sameRange(a: Range, b: Range): boolean {
  return compareRanges(a, b) === 0;
}

export function pointRange(p: Position): Range {
  return { start: { ...p }, end: { ...p } };
}

/**
 * Order findings by position, then rule code. Ties keep the order the rules report in (the sort is stable),
 * so e.g. missing sections are listed in canonical order.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return compareRanges(a.range, b.range) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/** The end of the document (where text can be appended). */
export function endOfDocument(note: Note): Position {
  return { line: note.parsed.lineCount - 1, character: note.parsed.lastLineLength };
}

/** Clamps a range into the document so a finding can always be shown. */
export function clampRange(range: Range, note: Note): Range {
  const start = clampPosition(range.start, note);
  const stop = clampPosition(range.end, note);
  return comparePositions(stop, start) < 0 ? { start, end: start } : { start, end: stop };
}

/** A new position inside the document, as close to `p` as can be (every finding's range goes through it). */
function clampPosition(p: Position, note: Note): Position {
  const lastLine = note.parsed.lineCount - 1;
  if (p.line < 0) return { line: 0, character: 0 };
  if (p.line > lastLine || (p.line === lastLine && p.character > note.parsed.lastLineLength)) return { line: lastLine, character: note.parsed.lastLineLength };
  return { line: p.line, character: Math.max(0, p.character) };
}

/** Where note-level findings (missing section, missing front-matter field) are shown. */
export function noteAnchor(note: Note): Range {
  const title = note.parsed.headings.find((h) => h.depth === 1);
  if (title) return title.range;
  const fm = note.parsed.frontMatter;
  if (fm) return { start: fm.range.start, end: { line: fm.range.start.line, character: fm.range.start.character + 3 } };
  const first = note.parsed.headings[0];
  return first ? first.range : pointRange({ line: 0, character: 0 });
}

// ---------------------------------------------------------------------------------------------------------------
// Risks
// ---------------------------------------------------------------------------------------------------------------

/** The most characters of a note's text a message quotes (a title, a commitment, a question). */
const QUOTE_MAX = 60;

/**
 * A note's text as a message quotes it, in double quotes: up to {@link QUOTE_MAX} characters. A longer text is cut
 * after its last whole word that fits (mid-word only when that word starts in the first half), never inside a
 * character of two UTF-16 units, and `...` marks the cut. The finding's range shows the whole item: the message only
 * has to say which one it is, and stays readable in the Problems view and the CLI's report. Three ASCII dots rather
 * than `…`: a message of ASCII characters keeps the CLI's JSON report ASCII when the notes' quoted words are, which
 * its reader decodes three times as fast (docs/performance.md).
 */
export function quoted(text: string): string {
  if (text.length <= QUOTE_MAX) return `"${text}"`;
  const fits = QUOTE_MAX - 3;
  const space = text.lastIndexOf(' ', fits);
  const kept = space >= QUOTE_MAX / 2 ? text.slice(0, space) : wholeCharacterPrefix(text, fits);
  return `"${kept.trimEnd()}..."`;
}

/** How a message names a risk: its ID, else its title. */
export function riskLabel(risk: Risk): string {
  if (risk.id) return `Risk ${risk.id}`;
  return risk.title ? `Risk ${quoted(risk.title)}` : 'A risk';
}

/** Where a risk-level finding is shown: the ID, else the title, else the whole item. */
export function riskAnchor(risk: Risk): Range {
  return risk.fields.id?.range ?? risk.fields.title?.range ?? risk.range;
}

const RISK_ID_NUMBER = /^R-(\d+)$/iu;

/** The number of a risk ID (`R-12` → 12), or `null` for anything else. */
export function riskIdNumber(id: string | null | undefined): number | null {
  if (!id) return null;
  const m = RISK_ID_NUMBER.exec(id.trim());
  return m ? Number(m[1]) : null;
}

/** IDs are the same risk when their numbers are (`R-3`, `R-03` and `r-3` are one risk). */
export function riskIdKey(id: string): string {
  const n = riskIdNumber(id);
  return n === null ? id.trim().toUpperCase() : `R-${n}`;
}

/** Highest risk number defined or referenced in the notes (0 if none). */
export function highestRiskNumber(notes: readonly Note[]): number {
  let max = 0;
  for (let noteIndex = 0; noteIndex < notes.length; noteIndex++) {
    const note = notes[noteIndex];
    for (const risk of note.risks) max = Math.max(max, riskIdNumber(risk.id) ?? 0);
    // A referenced but undefined ID is reserved: reusing it would silently attach the reference to a new risk.
    for (const ref of note.references) max = Math.max(max, riskIdNumber(ref.id) ?? 0);
  }
  return max;
}

/** Notes in the order "earlier/later" is judged in across an engagement: by path. */
export function notesInOrder(notes: readonly Note[]): Note[] {
  return [...notes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Whether any of the note's own findings depends on the other notes of its engagement: a risk without an ID
 * (DISC005 names the next ID free across the engagement) or an ID used twice in the note (so does DISC009). The
 * per-note findings of any other note are the same whatever its engagement holds.
 */
export function allocatesRiskIds(note: Note): boolean {
  const seen = new Set<string>();
  for (let riskIndex = 0; riskIndex < note.risks.length; riskIndex++) {
    const risk = note.risks[riskIndex];
    if (!risk.id) return true;
    const key = riskIdKey(risk.id);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

const allocations = new WeakMap<readonly Note[], Map<Risk, string>>();
const alone = new WeakMap<Note, Note[]>();

/**
 * The notes a rule sees as the note's engagement: the ones the caller gave, else the note alone (the same array
 * every time, so the allocation below is computed once per note).
 */
export function engagementOf(note: Note, engagementNotes: Note[] | undefined): Note[] {
  if (engagementNotes) return engagementNotes;
  let single = alone.get(note);
  if (!single) {
    single = [note];
    alone.set(note, single);
  }
  return single;
}

/**
 * New IDs for every risk that needs one across the given notes: risks without an ID and every later
 * occurrence of a duplicate ID (notes by path, risks in document order). IDs are handed out from one counter
 * so that fixes of different findings never assign the same ID twice (fix-all stays free of new duplicates).
 */
export function allocateRiskIds(notes: readonly Note[]): Map<Risk, string> {
  const cached = allocations.get(notes);
  if (cached) return cached;
  let next = highestRiskNumber(notes);
  const seen = new Set<string>();
  const result = new Map<Risk, string>();
  for (const note of notesInOrder(notes)) {
    for (let riskIndex = 0; riskIndex < note.risks.length; riskIndex++) {
      const risk = note.risks[riskIndex];
      if (risk.id) {
        const key = riskIdKey(risk.id);
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
      }
      next += 1;
      result.set(risk, `R-${next}`);
    }
  }
  allocations.set(notes, result);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Locating parsed structure
// ---------------------------------------------------------------------------------------------------------------

/**
 * Things with a range, by the line they start on (rarely more than one per line), so a lookup by exact range
 * compares a few numbers instead of building a string key for every item of the note.
 */
type ByLine<T> = Map<number, T[]>;

function addByLine<T>(index: ByLine<T>, line: number, value: T): void {
  const list = index.get(line);
  if (list) list.push(value);
  else index.set(line, [value]);
}

const itemIndexes = new WeakMap<Note, ByLine<ParsedListItem>>();
const rowIndexes = new WeakMap<Note, ByLine<{ table: ParsedTable; row: ParsedTableRow }>>();

/** Every list item of the note by the line it starts on, built once per note so lookups stay linear on huge notes. */
function itemIndex(note: Note): ByLine<ParsedListItem> {
  let index = itemIndexes.get(note);
  if (index) return index;
  index = new Map();
  const stack: ParsedListItem[] = [];
  for (const section of note.parsed.sections) for (let k = section.items.length - 1; k >= 0; k--) stack.push(section.items[k]);
  while (stack.length > 0) {
    const item = stack.pop() as ParsedListItem;
    addByLine(index, item.range.start.line, item);
    for (let k = item.children.length - 1; k >= 0; k--) stack.push(item.children[k]);
  }
  itemIndexes.set(note, index);
  return index;
}

/** The parsed list item with exactly this range (a risk, commitment or question item). */
export function findListItem(note: Note, range: Range): ParsedListItem | null {
  return itemIndex(note).get(range.start.line)?.find((item) => sameRange(item.range, range)) ?? null;
}

/** The parsed table row with exactly this range, with its table. */
export function findTableRow(note: Note, range: Range): { table: ParsedTable; row: ParsedTableRow } | null {
  let index = rowIndexes.get(note);
  if (!index) {
    index = new Map();
    for (let sectionIndex = 0; sectionIndex < note.parsed.sections.length; sectionIndex++) {
      const section = note.parsed.sections[sectionIndex];
      for (const table of section.tables) for (const row of table.rows) addByLine(index, row.range.start.line, { table, row });
    }
    rowIndexes.set(note, index);
  }
  return index.get(range.start.line)?.find((r) => sameRange(r.row.range, range)) ?? null;
}

const COLUMN_NAMES: Record<RiskFieldName, string[]> = {
  id: ['id', 'ref', 'risk id', 'no', 'number'],
  title: ['risk', 'title', 'description', 'risk description', 'name'],
  likelihood: ['likelihood', 'probability', 'prob', 'l'],
  impact: ['impact', 'severity', 'i'],
  owner: ['owner', 'risk owner', 'assignee', 'who'],
  status: ['status', 'state'],
  due: ['due', 'due date', 'deadline', 'date'],
  mitigation: ['mitigation', 'mitigations', 'mitigation plan', 'response', 'action'],
};

function normalizeColumn(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Index of the table column holding `field`, or -1. */
export function columnFor(table: ParsedTable, field: RiskFieldName): number {
  const names = COLUMN_NAMES[field];
  return table.header.cells.findIndex((cell) => names.includes(normalizeColumn(cell.text)));
}

// ---------------------------------------------------------------------------------------------------------------
// Field stubs
// ---------------------------------------------------------------------------------------------------------------

/** Something that carries `key: value` fields: a risk (list or table) or a commitment (list). */
export type FieldHost = Pick<Risk, 'range' | 'insertFieldAt' | 'fieldIndent'> & {
  form?: Risk['form'];
  fields: Partial<Record<string, RiskField>>;
};

/** A field the fix may write: absent, or present with nothing written (an empty table cell). */
export function canStub(host: FieldHost, name: string): boolean {
  const field = host.fields[name];
  return field === undefined || field.raw.trim() === '';
}

/**
 * Indentation for a nested field item: the host's, but never less than the column of the item's content (after
 * the marker), or the stub would start a new item of the outer list instead of nesting (e.g. when the existing
 * fields are indented with a tab, which counts as one character).
 */
function nestedIndent(note: Note, host: FieldHost): string {
  const item = findListItem(note, host.range);
  if (!item) return host.fieldIndent;
  const content = (item.checkboxRange ?? item.textRange).start;
  if (content.line !== item.range.start.line) return host.fieldIndent;
  const min = content.character;
  return /^ *$/u.test(host.fieldIndent) && host.fieldIndent.length < min ? ' '.repeat(min) : host.fieldIndent;
}

/**
 * Edits that write `name: value` for each given field. List items get nested `- name: value` lines at the
 * host's insertion point (one edit, so several stubs stay in order); table rows get the value in the
 * field's empty cell. Fields that cannot be written (a table without that column) are left out.
 */
export function fieldEdits(note: Note, host: FieldHost, values: Array<[string, string]>): TextEdit[] {
  const eol = note.parsed.eol;
  const edits: TextEdit[] = [];
  if (host.form === 'table') {
    const located = findTableRow(note, host.range);
    for (const [name, value] of values) {
      const existing = host.fields[name];
      if (existing && existing.raw.trim() === '') {
        edits.push({ range: existing.range, newText: value });
        continue;
      }
      if (!located) continue;
      const col = columnFor(located.table, name as RiskFieldName);
      const cell = col >= 0 ? located.row.cells[col] : undefined;
      if (cell && cell.text.trim() === '') edits.push({ range: cell.range, newText: value });
    }
    return edits;
  }
  const indent = nestedIndent(note, host);
  let lines = '';
  for (const [name, value] of values) {
    const existing = host.fields[name];
    if (existing && existing.raw.trim() === '') {
      // `owner:` written with nothing after it: fill the value in place rather than adding a second key.
      edits.push({ range: existing.range, newText: value });
      continue;
    }
    lines += `${eol}${indent}- ${name}: ${value}`;
  }
  if (lines) edits.push({ range: pointRange(host.insertFieldAt), newText: lines });
  return edits;
}

/** A fix, or nothing when there is nothing to edit. */
export function fixOf(title: string, edits: TextEdit[], preferred = false): Fix | null {
  if (edits.length === 0) return null;
  return preferred ? { title, edits, preferred } : { title, edits };
}

export function compact<T>(values: Array<T | null | undefined>): T[] {
  return values.filter((v): v is T => v !== null && v !== undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// Dates and YAML
// ---------------------------------------------------------------------------------------------------------------

/**
 * Days since 1970-01-01 for a valid `YYYY-MM-DD` calendar date, white space around it allowed, else `null`. The
 * dates are those the analysis accepts ({@link isCalendarDate}), every year from 0000 to 9999 counted as written
 * (`Date.UTC` alone reads the years 0000-0099 as 1900-1999, which made DISC004 reject `0050-03-01` and DISC008 miss
 * a risk due then, while the analysis took it as a date). Notes repeat a few hundred dates (and every check asks
 * for today's): computed once per spelling.
 */
export const dayNumber = memoByString((date: string): number | null => {
  const text = date.trim();
  if (!isCalendarDate(text)) return null;
  const day = new Date(0);
  day.setUTCFullYear(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)));
  return Math.round(day.getTime() / 86_400_000);
}, 4096, 32);

/** `true` for a real calendar date written `YYYY-MM-DD`, white space around it allowed (front-matter dates). */
export function isIsoDate(date: string): boolean {
  return dayNumber(date) !== null;
}

const PLAIN_YAML = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u;
const YAML_RESERVED = /^(?:true|false|yes|no|on|off|null|~|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)$/iu;

/** A YAML scalar for `value`: plain when that reads back as the same string, else double-quoted. */
export function yamlScalar(value: string): string {
  if (PLAIN_YAML.test(value) && !YAML_RESERVED.test(value) && !/\s$/u.test(value)) return value;
  return JSON.stringify(value);
}

/** Open commitments are the ones still owed. */
export function isOpenCommitment(c: Commitment): boolean {
  return !c.done;
}

/** The fixes `build` makes, or none when the caller shows no fixes (`ctx.fixes === false`). */
export function fixesIf(ctx: Pick<RuleContext, 'fixes'>, build: () => Array<Fix | null>): Array<Fix | null> {
  return ctx.fixes === false ? [] : build();
}

/** A finding of `rule` in `note`, with the rule's default severity unless one is given. */
export function findingOf(
  rule: { code: Finding['rule']; name: string; defaultSeverity: Finding['severity'] },
  note: Note,
  range: Range,
  message: string,
  fixes: Array<Fix | null> = [],
  severity: Finding['severity'] = rule.defaultSeverity,
): Finding {
  return { rule: rule.code, name: rule.name, severity, message, range, path: note.path, fixes: compact(fixes) };
}

// ---------------------------------------------------------------------------------------------------------------
// Closing risks and commitments
// ---------------------------------------------------------------------------------------------------------------

/**
 * Edits that close a risk: tick its checkbox (and set a contradicting `status:` to closed), or for a plain item
 * or a table row set `status: closed` (replacing the value, filling the empty cell, or adding the field).
 * Empty when the risk is already closed or a table has no status column.
 */
export function closeRiskEdits(note: Note, risk: Risk): TextEdit[] {
  const edits: TextEdit[] = [];
  const status = risk.fields.status;
  if (risk.checkboxRange) {
    const item = findListItem(note, risk.range);
    if (!item || item.checked !== true) edits.push({ range: risk.checkboxRange, newText: '[x]' });
    if (status && status.raw.trim() !== '' && status.raw.trim().toLowerCase() !== 'closed') {
      edits.push({ range: status.range, newText: 'closed' });
    }
    return edits;
  }
  if (status && status.raw.trim().toLowerCase() === 'closed') return [];
  if (status && status.raw.trim() !== '') return [{ range: status.range, newText: 'closed' }];
  return fieldEdits(note, risk, [['status', 'closed']]);
}

/** Edits that tick an open commitment's checkbox; empty when it is done or has no checkbox. */
export function completeCommitmentEdits(note: Note, commitment: Commitment): TextEdit[] {
  if (commitment.done) return [];
  const item = findListItem(note, commitment.range);
  return item?.checkboxRange ? [{ range: item.checkboxRange, newText: '[x]' }] : [];
}
