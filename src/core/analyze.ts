/**
 * From structure to meaning: turns a {@link ParsedNote} into a {@link Note} with its front matter, canonical
 * sections, risks (list and table form, one model), commitments, open questions and risk references.
 *
 * Every value keeps the source range of the text it was read from, so rules can point at it and fixes can
 * replace exactly it. Values that are written but not understood are kept as raw text and reported in the
 * owner's `problems` (DISC006), never guessed.
 */
import type { DiscoveryConfig } from './configTypes';
import { isKeyChar, keyAt, normalizeKey, type FieldName } from './fieldKey';
import { deriveMeta, readFrontMatter } from './frontMatter';
import { mapList } from './lists';
import type {
  Commitment,
  Note,
  NoteSection,
  ParsedListItem,
  ParsedNote,
  ParsedSection,
  ParsedTable,
  ParsedTableRow,
  Position,
  Question,
  Range,
  Risk,
  RiskField,
  RiskFieldName,
  RiskReference,
  RiskStatus,
  ValueProblem,
} from './model';
import { bandOf, parseLevel, scoreOf } from './scale';
import { matchSection } from './sections';
import { isJsWhitespace } from './text';

/** A risk ID anywhere in text, e.g. `R-12`. */
export const RISK_ID_PATTERN = /\bR-\d+\b/;

const RISK_ID_GLOBAL = /\bR-\d+\b/gu;

/**
 * A risk ID opening an item: `R-3:`, `R-3 —`, `R-3 Title`, `**R-3**`, `**R-3:**`, `[R-3]`, `` `R-3` ``.
 * Group 1 is the ID; the match includes the separator after it.
 */
const LEADING_RISK_ID = /^(?:\*\*|__|\[|`)?(R-\d+)(?::)?(?:\*\*|__|\]|`)?(?=$|[\s:—–-])\s*(?:[:—–]|--?)?\s*/u;

/** Statuses a risk can have, and the other words leads use for them. */
export const STATUS_WORDS: Readonly<Record<string, RiskStatus>> = Object.freeze({
  open: 'open',
  new: 'open',
  raised: 'open',
  mitigating: 'mitigating',
  'in progress': 'mitigating',
  'being mitigated': 'mitigating',
  monitoring: 'monitoring',
  monitor: 'monitoring',
  watching: 'monitoring',
  accepted: 'accepted',
  occurred: 'occurred',
  realised: 'occurred',
  realized: 'occurred',
  'became an issue': 'occurred',
  closed: 'closed',
  resolved: 'closed',
  mitigated: 'closed',
  done: 'closed',
});

const OPEN_STATUSES: ReadonlySet<RiskStatus> = new Set(['open', 'mitigating', 'monitoring']);

/**
 * Table header names (normalised: lower case, words only) and the risk field of their column. `L` and `I`
 * are the usual abbreviations of risk matrices.
 */
export const RISK_COLUMN_NAMES: Readonly<Record<string, RiskFieldName>> = Object.freeze({
  id: 'id',
  ref: 'id',
  'risk id': 'id',
  '#': 'id',
  risk: 'title',
  title: 'title',
  description: 'title',
  'risk description': 'title',
  likelihood: 'likelihood',
  probability: 'likelihood',
  prob: 'likelihood',
  l: 'likelihood',
  impact: 'impact',
  consequence: 'impact',
  severity: 'impact',
  i: 'impact',
  owner: 'owner',
  'risk owner': 'owner',
  assignee: 'owner',
  who: 'owner',
  status: 'status',
  state: 'status',
  due: 'due',
  'due date': 'due',
  deadline: 'due',
  mitigation: 'mitigation',
  mitigations: 'mitigation',
  'mitigation plan': 'mitigation',
  response: 'mitigation',
  plan: 'mitigation',
});

/** The risk field a table header cell names, or `null`. */
export function riskColumnOf(headerText: string): RiskFieldName | null {
  const key = headerText.trim() === '#' ? '#' : normalizeKey(headerText);
  return Object.hasOwn(RISK_COLUMN_NAMES, key) ? RISK_COLUMN_NAMES[key] : null;
}

/** Values that mean "not known yet"; they count as absent (DISC005), not as invalid (DISC006). */
const PLACEHOLDER = /^(?:tbd|tbc|tba|todo|to do|n\/?a|none|unknown|not set|\?+|-+|—|–|…|\.\.\.)$/iu;

/** `true` for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  // Read character by character: the regular expression's match array, the destructuring and a table of month
  // lengths per call took 5-6 ms of a 1,000-note check in CPU profiles (once 20 ms), nearly all for risks' due
  // dates; about 1 ms now.
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const y = digitsAt(text, 0, 4);
  const mo = digitsAt(text, 5, 7);
  const d = digitsAt(text, 8, 10);
  if (y < 0 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31);
}

/** The number the ASCII digits from `start` to `end` of `text` spell, or -1 when one is no digit. */
function digitsAt(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Text without emphasis/code markers and surrounding whitespace. */
function stripMarkup(text: string): string {
  return text.replace(/\*\*|__|`|~~/gu, '').trim();
}

/** A value as the engine reads it: markup and trailing punctuation removed; `null` when empty or a placeholder. */
function cleanValue(raw: string): string | null {
  let v = stripMarkup(raw);
  let end = v.length;
  while (end > 0 && '.,;'.includes(v[end - 1])) end--;
  v = v.slice(0, end).trim();
  return v === '' || PLACEHOLDER.test(v) ? null : v;
}

// ---------------------------------------------------------------------------------------------------------------
// Fields on one line
// ---------------------------------------------------------------------------------------------------------------

interface LineField {
  name: FieldName;
  raw: string;
  range: Range;
}

/** Maps offsets within an item's first-line text to note positions (the text sits on one line). */
function at(textRange: Range, offset: number): Position {
  return { line: textRange.start.line, character: textRange.start.character + offset };
}

function span(textRange: Range, start: number, end: number): Range {
  return { start: at(textRange, start), end: at(textRange, end) };
}

/** {@link keyableStarts}: a key can start at the offset. */
const KEYABLE = 1;
/** {@link splitInline}: the offset is right after a field separator (or is where the fields may start). */
const AFTER_SEPARATOR = 2;

/**
 * {@link KEYABLE} at each offset from which only characters a key may hold (letters, spaces, tabs, `*`, `_`; see
 * `isKeyChar`) lead up to a `:`. A key can start only there, so {@link keyAt} is tried at a handful of offsets
 * instead of after every space of the line. One pass from the end. A dash or any other character that is no letter
 * ends the run: a title such as `Vendor API rate limits — likelihood: 4` has keyable offsets only in `likelihood`.
 */
function keyableStarts(text: string): Uint8Array {
  const ok = new Uint8Array(text.length + 1);
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 58 /* : */) ok[i] = KEYABLE;
    else if (isKeyChar(c)) ok[i] = ok[i + 1];
  }
  return ok;
}

/** `/\s/u.test(c)` without a regular expression: it is asked for nearly every character of an item's first line. */
const isSpace = (c: string | undefined): boolean => {
  if (c === undefined || c.length !== 1) return c !== undefined && /\s/u.test(c);
  const n = c.charCodeAt(0);
  return !(n > 32 && n < 0xa0) && isJsWhitespace(n);
};

function skipSpaces(text: string, i: number): number {
  while (i < text.length && isSpace(text[i])) i++;
  return i;
}

/**
 * Marks with {@link AFTER_SEPARATOR} `from` and each offset right after a field separator: ` — `, ` – `, ` -- `,
 * ` | ` (spaced on both sides) or `;`, spaces after it skipped. Scanned by hand rather than with a regular
 * expression so a pathological line stays linear.
 */
function markSeparatorEnds(text: string, from: number, flags: Uint8Array): void {
  flags[from] |= AFTER_SEPARATOR;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === ';') {
      flags[skipSpaces(text, i + 1)] |= AFTER_SEPARATOR;
      continue;
    }
    const len = c === '—' || c === '–' || c === '|' ? 1 : c === '-' && text[i + 1] === '-' ? 2 : 0;
    if (len === 0) continue;
    if (isSpace(text[i - 1]) && isSpace(text[i + len])) flags[skipSpaces(text, i + len)] |= AFTER_SEPARATOR;
    i += len - 1;
  }
}

/** `text` without trailing whitespace and separator marks (` —`, `:`, `;`, `|`, …). */
function trimTitleEnd(text: string): string {
  let end = text.length;
  for (;;) {
    while (end > 0 && isSpace(text[end - 1])) end--;
    if (end > 0 && '—–|;,:-'.includes(text[end - 1])) end--;
    else break;
  }
  return text.slice(0, end);
}

/**
 * Splits an item's first line into its title and inline fields. The fields start at the first known
 * `key:`: after a separator (` — `, ` -- `, ` | `, `;`) for any key, or after a space for a strong key.
 * Fields are separated by `;` or ` | `; a piece without a key continues the previous field's value.
 */
function splitInline(text: string, textRange: Range, fromOffset: number): { title: string; titleEnd: number; fields: LineField[] } {
  if (text.indexOf(':', fromOffset) < 0) {
    // Every key ends with `:`: a line without one is all title (most stakeholder, option and question lines).
    const title = trimTitleEnd(text.slice(fromOffset));
    return { title, titleEnd: fromOffset + title.length, fields: [] };
  }
  // One array for both: which offsets a key can start at, and which follow a separator.
  const flags = keyableStarts(text);
  markSeparatorEnds(text, fromOffset, flags);
  let fieldStart = -1;
  for (let i = fromOffset; i < text.length && fieldStart < 0; i++) {
    const f = flags[i];
    if ((f & KEYABLE) === 0) continue;
    const weakOk = (f & AFTER_SEPARATOR) !== 0;
    if (!weakOk && !(isSpace(text[i - 1]) || text[i - 1] === '(')) continue;
    if (keyAt(text, i, weakOk)) fieldStart = i;
  }
  const rawTitle = trimTitleEnd(text.slice(fromOffset, fieldStart < 0 ? text.length : fieldStart));
  const fields: LineField[] = [];
  if (fieldStart >= 0) {
    const pieces: Array<{ start: number; end: number }> = [];
    let start = fieldStart;
    const sep = /;|\s\|\s/gu;
    sep.lastIndex = fieldStart;
    for (let m = sep.exec(text); m; m = sep.exec(text)) {
      pieces.push({ start, end: m.index });
      start = m.index + m[0].length;
    }
    pieces.push({ start, end: text.length });
    for (let p = 0; p < pieces.length; p++) {
      const piece = pieces[p];
      const s = skipSpaces(text, piece.start);
      if (s >= piece.end) continue;
      const key = keyAt(text, s, true);
      const valueEnd = s + text.slice(s, piece.end).trimEnd().length;
      if (key && key.valueStart <= piece.end) {
        const valueStart = Math.min(key.valueStart, valueEnd);
        fields.push({ name: key.name, raw: text.slice(valueStart, valueEnd), range: span(textRange, valueStart, valueEnd) });
      } else if (fields.length > 0) {
        // `mitigation: cache look-ups; add a queue`: the `;` belonged to the value.
        const prev = fields[fields.length - 1];
        const prevStart = prev.range.start.character - textRange.start.character;
        prev.raw = text.slice(prevStart, valueEnd);
        prev.range = span(textRange, prevStart, valueEnd);
      }
    }
  }
  return { title: rawTitle, titleEnd: fromOffset + rawTitle.length, fields };
}

/** A nested `key: value` child item as a field, or `null`. */
function childField(child: ParsedListItem): LineField | null {
  const key = keyAt(child.text, 0, true);
  if (!key) return null;
  const raw = child.text.slice(key.valueStart).trimEnd();
  return { name: key.name, raw, range: span(child.textRange, key.valueStart, key.valueStart + raw.length) };
}

/**
 * Indentation for new nested field items: that of existing children, else the item's content column. Never less
 * than the content column: a child indented with a tab counts as one character, and one space would not nest.
 */
function fieldIndentOf(item: ParsedListItem): string {
  const content = (item.checkboxRange ?? item.textRange).start.character;
  const column = item.children.length > 0 ? Math.max(item.children[0].range.start.character, content) : content;
  return ' '.repeat(column);
}

/** Inline fields then nested fields; the first occurrence of a field wins. */
function collectFields(item: ParsedListItem, fromOffset: number): { title: string; titleEnd: number; fields: Map<FieldName, LineField> } {
  const inline = splitInline(item.text, item.textRange, fromOffset);
  const fields = new Map<FieldName, LineField>();
  const own = inline.fields;
  for (let i = 0; i < own.length; i++) if (!fields.has(own[i].name)) fields.set(own[i].name, own[i]);
  const children = item.children;
  for (let i = 0; i < children.length; i++) {
    const f = childField(children[i]);
    if (f && !fields.has(f.name)) fields.set(f.name, f);
  }
  return { title: inline.title, titleEnd: inline.titleEnd, fields };
}

// ---------------------------------------------------------------------------------------------------------------
// Risks
// ---------------------------------------------------------------------------------------------------------------

function toRiskField(f: { raw: string; range: Range }): RiskField {
  return { raw: f.raw, range: f.range };
}

/** Reads the values of a risk's raw fields, collecting problems for those not understood. */
function riskValues(
  fields: Partial<Record<RiskFieldName, RiskField>>,
  checked: boolean | null,
  config: DiscoveryConfig,
): Pick<Risk, 'likelihood' | 'impact' | 'score' | 'band' | 'owner' | 'status' | 'isOpen' | 'due' | 'mitigation' | 'problems'> {
  const problems: ValueProblem[] = [];
  const problem = (field: ValueProblem['field'], f: RiskField, reason: string) => problems.push({ field, raw: f.raw, range: f.range, reason });

  const level = (name: 'likelihood' | 'impact', words: Record<string, number>): number | null => {
    const f = fields[name];
    if (!f || cleanValue(f.raw) === null) return null;
    const n = parseLevel(f.raw, words);
    if (n === null) {
      const digits = /^\s*\d+(?:\.\d+)?\s*$/u.test(stripMarkup(f.raw));
      problem(name, f, digits ? `${name} must be from 1 to 5` : `not a known ${name} level`);
    }
    return n;
  };
  const likelihood = level('likelihood', config.likelihoodWords);
  const impact = level('impact', config.impactWords);
  const score = scoreOf(likelihood, impact);

  let status: RiskStatus = 'open';
  const statusField = fields.status;
  const statusText = statusField ? cleanValue(statusField.raw) : null;
  if (statusField && statusText !== null) {
    const word = statusText.toLowerCase().replace(/\s+/gu, ' ');
    if (Object.hasOwn(STATUS_WORDS, word)) status = STATUS_WORDS[word];
    else problem('status', statusField, 'not a known status');
  }
  // A ticked box is the lead saying "done": it wins over whatever status is written.
  if (checked === true) status = 'closed';

  const due = dateValue(fields.due, 'due', problem);
  return {
    likelihood,
    impact,
    score,
    band: score === null ? null : bandOf(score, config.bands),
    owner: fields.owner ? ownerValue(fields.owner.raw) : null,
    status,
    isOpen: OPEN_STATUSES.has(status),
    due,
    mitigation: fields.mitigation ? cleanValue(fields.mitigation.raw) : null,
    problems,
  };
}

function ownerValue(raw: string): string | null {
  const v = cleanValue(raw);
  return v === null ? null : v.replace(/^@/u, '');
}

function dateValue(
  f: RiskField | undefined,
  name: 'due',
  problem: (field: ValueProblem['field'], f: RiskField, reason: string) => void,
): string | null {
  if (!f) return null;
  const v = cleanValue(f.raw);
  if (v === null) return null;
  if (isIsoDate(v)) return v;
  problem(name, f, /^\d{4}-\d{2}-\d{2}$/u.test(v) ? 'not a real calendar date' : 'not a date written YYYY-MM-DD');
  return null;
}

/** The risk an item defines, or `null` for an item that is no risk (a plain item without an ID). */
function riskFromItem(item: ParsedListItem, config: DiscoveryConfig): Risk | null {
  const idMatch = LEADING_RISK_ID.exec(item.text);
  if (!idMatch && item.checked === null) return null;
  const fields: Partial<Record<RiskFieldName, RiskField>> = {};
  let fromOffset = 0;
  if (idMatch) {
    const idStart = item.text.indexOf(idMatch[1]);
    fields.id = { raw: idMatch[1], range: span(item.textRange, idStart, idStart + idMatch[1].length) };
    fromOffset = idMatch[0].length;
  }
  const { title, titleEnd, fields: found } = collectFields(item, fromOffset);
  const titleStart = titleEnd - title.length;
  fields.title = { raw: title, range: span(item.textRange, titleStart, titleEnd) };
  found.forEach((f, name) => {
    if (name !== 'asked' && name !== 'title' && !(name === 'id' && fields.id)) fields[name] = toRiskField(f);
  });
  const problems: ValueProblem[] = [];
  let id = idMatch ? idMatch[1] : null;
  if (!idMatch && fields.id) {
    const written = stripMarkup(fields.id.raw);
    if (/^R-\d+$/u.test(written)) id = written;
    else if (cleanValue(written) !== null) problems.push({ field: 'id', raw: fields.id.raw, range: fields.id.range, reason: 'not a risk ID like R-12' });
  }
  const where = { range: item.range, checkboxRange: item.checkboxRange, insertFieldAt: item.range.end, fieldIndent: fieldIndentOf(item) };
  return riskOf(id, stripMarkup(title), 'list', fields, riskValues(fields, item.checked, config), problems, where);
}

/**
 * A risk from its parts. Every property written out: V8 builds an object literal that spreads another object
 * into it one property at a time, and that was the costliest line of the analysis.
 */
function riskOf(
  id: string | null,
  title: string,
  form: Risk['form'],
  fields: Risk['fields'],
  values: ReturnType<typeof riskValues>,
  problems: ValueProblem[],
  where: Pick<Risk, 'range' | 'checkboxRange' | 'insertFieldAt' | 'fieldIndent'>,
): Risk {
  return {
    id,
    title,
    form,
    range: where.range,
    fields,
    likelihood: values.likelihood,
    impact: values.impact,
    score: values.score,
    band: values.band,
    owner: values.owner,
    status: values.status,
    isOpen: values.isOpen,
    due: values.due,
    mitigation: values.mitigation,
    problems: [...problems, ...values.problems],
    checkboxRange: where.checkboxRange,
    insertFieldAt: where.insertFieldAt,
    fieldIndent: where.fieldIndent,
  };
}

/** Column index of each risk field of a table, or `null` when the table is no risk table. */
function riskColumns(table: ParsedTable): Map<RiskFieldName, number> | null {
  const columns = new Map<RiskFieldName, number>();
  table.header.cells.forEach((cell, index) => {
    const field = riskColumnOf(stripMarkup(cell.text));
    if (field && !columns.has(field)) columns.set(field, index);
  });
  return columns.has('title') || columns.has('id') ? columns : null;
}

function riskFromRow(row: ParsedTableRow, columns: Map<RiskFieldName, number>, config: DiscoveryConfig): Risk | null {
  if (row.cells.every((c) => c.text.trim() === '')) return null;
  const fields: Partial<Record<RiskFieldName, RiskField>> = {};
  columns.forEach((index, name) => {
    const cell = row.cells[index];
    if (cell) fields[name] = { raw: cell.text, range: cell.range };
  });
  const problems: ValueProblem[] = [];
  let id: string | null = null;
  if (fields.id) {
    const written = stripMarkup(fields.id.raw).replace(/^\[(.*)\]$/u, '$1');
    if (/^R-\d+$/u.test(written)) id = written;
    else if (cleanValue(written) !== null) problems.push({ field: 'id', raw: fields.id.raw, range: fields.id.range, reason: 'not a risk ID like R-12' });
  }
  let title = fields.title ? fields.title.raw : '';
  if (fields.title && !columns.has('id')) {
    // No ID column: the ID may open the title cell (`R-3: Vendor API limits`).
    const m = LEADING_RISK_ID.exec(fields.title.raw);
    if (m) {
      const start = fields.title.raw.indexOf(m[1]);
      fields.id = { raw: m[1], range: span(fields.title.range, start, start + m[1].length) };
      id = m[1];
      title = fields.title.raw.slice(m[0].length);
      fields.title = { raw: title, range: { start: at(fields.title.range, m[0].length), end: fields.title.range.end } };
    }
  }
  const where = { range: row.range, checkboxRange: null, insertFieldAt: row.range.end, fieldIndent: '' };
  return riskOf(id, stripMarkup(title), 'table', fields, riskValues(fields, null, config), problems, where);
}

/**
 * Items that define things in a section: top-level items, and items nested under a plain item that only
 * groups them (`- High priority:` with risks below it). Children of a definition are its fields.
 */
function definitionItems(items: ParsedListItem[], isDefinition: (item: ParsedListItem) => boolean): ParsedListItem[] {
  const out: ParsedListItem[] = [];
  const walk = (list: ParsedListItem[]) => {
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (isDefinition(item)) out.push(item);
      else walk(item.children);
    }
  };
  walk(items);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Commitments and questions
// ---------------------------------------------------------------------------------------------------------------

const BY_DATE = /\b(?:by|due|before)\s+(\d{4}-\d{2}-\d{2})\b/u;
const MENTION = /(?:^|[\s(])(@[\p{L}\p{N}][\p{L}\p{N}._-]*)/u;

/** The first `@name` in an item's text, as an owner field. */
function mentionField(item: ParsedListItem): RiskField | undefined {
  const m = MENTION.exec(item.text);
  if (!m) return undefined;
  const start = m.index + m[0].indexOf('@');
  return { raw: m[1], range: span(item.textRange, start, start + m[1].length) };
}

function textAndRange(item: ParsedListItem, title: string, titleEnd: number): { text: string; textRange: Range } {
  const cleaned = title.trim();
  return { text: stripMarkup(cleaned) || stripMarkup(item.text), textRange: cleaned ? span(item.textRange, titleEnd - title.length, titleEnd) : item.textRange };
}

function commitmentFromItem(item: ParsedListItem): Commitment {
  const { title, titleEnd, fields: found } = collectFields(item, 0);
  const fields: Commitment['fields'] = {};
  const owner = found.get('owner');
  const due = found.get('due');
  const ownerField = owner ? toRiskField(owner) : mentionField(item);
  if (ownerField) fields.owner = ownerField;
  if (due) fields.due = toRiskField(due);
  if (!fields.due) {
    const m = BY_DATE.exec(item.text);
    if (m) {
      const start = m.index + m[0].lastIndexOf(m[1]);
      fields.due = { raw: m[1], range: span(item.textRange, start, start + m[1].length) };
    }
  }
  const problems: ValueProblem[] = [];
  const dueValue = dateValue(fields.due, 'due', (field, f, reason) => problems.push({ field, raw: f.raw, range: f.range, reason }));
  const shown = textAndRange(item, title, titleEnd);
  // Properties written out rather than spread (see riskOf).
  return {
    text: shown.text,
    textRange: shown.textRange,
    range: item.range,
    done: item.checked === true,
    owner: fields.owner ? ownerValue(fields.owner.raw) : null,
    due: dueValue,
    fields,
    problems,
    insertFieldAt: item.range.end,
    fieldIndent: fieldIndentOf(item),
  };
}

function questionFromItem(item: ParsedListItem): Question {
  const { title, titleEnd, fields: found } = collectFields(item, 0);
  const fields: Question['fields'] = {};
  const asked = found.get('asked');
  const owner = found.get('owner');
  if (asked) fields.asked = toRiskField(asked);
  const ownerField = owner ? toRiskField(owner) : mentionField(item);
  if (ownerField) fields.owner = ownerField;
  const askedText = fields.asked ? cleanValue(fields.asked.raw) : null;
  const shown = textAndRange(item, title, titleEnd);
  return {
    text: shown.text,
    textRange: shown.textRange,
    range: item.range,
    answered: item.checked === true,
    // A malformed date is kept in `fields.asked` only: a question cannot be stale from a date nobody can read.
    asked: askedText !== null && isIsoDate(askedText) ? askedText : null,
    owner: fields.owner ? ownerValue(fields.owner.raw) : null,
    fields,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------------------------------------------

function referencesIn(text: string, textRange: Range, out: RiskReference[]): void {
  // Table cells and item texts are single-line; a multi-line range would make offsets meaningless.
  if (textRange.start.line !== textRange.end.line) return;
  // Most texts mention no risk: `indexOf` says so without the iterator and match objects of `matchAll`.
  if (text.indexOf('R-') < 0) return;
  for (const m of text.matchAll(RISK_ID_GLOBAL)) out.push({ id: m[0], range: span(textRange, m.index, m.index + m[0].length) });
}

function referencesInItems(items: ParsedListItem[], skip: ReadonlySet<ParsedListItem>, out: RiskReference[]): void {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (skip.has(item)) continue;
    referencesIn(item.text, item.textRange, out);
    referencesInItems(item.children, skip, out);
  }
}

function referencesInTable(table: ParsedTable, out: RiskReference[]): void {
  referencesInCells(table.header, out);
  for (let r = 0; r < table.rows.length; r++) referencesInCells(table.rows[r], out);
}

function referencesInCells(row: ParsedTableRow, out: RiskReference[]): void {
  for (let c = 0; c < row.cells.length; c++) referencesIn(row.cells[c].text, row.cells[c].range, out);
}

// ---------------------------------------------------------------------------------------------------------------
// The note
// ---------------------------------------------------------------------------------------------------------------

/**
 * The meaning of a parsed note under `config`. `path` is the note's workspace-relative path with `/`
 * separators (used for the folder fallback of client and engagement). Never throws on any ParsedNote.
 *
 * - Sections: each level-2 section with the id of the definition its heading matches (or `null`).
 * - Risks (in sections matching `risks`): list items opening with a risk ID (`R-3:`, `**R-3**`, `[R-3]`),
 *   and task items without one; rows of tables whose header names an ID or title column.
 * - Commitments / questions: task items of the `commitments` / `open-questions` sections.
 * - References: risk IDs in any other item or table cell, outside risk definitions.
 */
export function analyze(parsed: ParsedNote, config: DiscoveryConfig, path: string): Note {
  const frontMatter = readFrontMatter(parsed);
  const meta = deriveMeta(frontMatter, path);
  const sections: NoteSection[] = mapList(parsed.sections, (s) => ({ id: matchSection(s.heading.text, config.sections)?.id ?? null, parsed: s }));
  const risks: Risk[] = [];
  const commitments: Commitment[] = [];
  const questions: Question[] = [];
  const references: RiskReference[] = [];

  for (let k = 0; k < sections.length; k++) {
    const section = sections[k];
    const s: ParsedSection = section.parsed;
    const defined = new Set<ParsedListItem>();
    if (section.id === 'risks') {
      const items = definitionItems(s.items, (i) => i.checked !== null || LEADING_RISK_ID.test(i.text));
      for (let i = 0; i < items.length; i++) {
        const risk = riskFromItem(items[i], config);
        if (risk) {
          risks.push(risk);
          defined.add(items[i]);
        }
      }
    } else if (section.id === 'commitments' || section.id === 'open-questions') {
      const items = definitionItems(s.items, (i) => i.checked !== null);
      for (let i = 0; i < items.length; i++) {
        if (section.id === 'commitments') commitments.push(commitmentFromItem(items[i]));
        else questions.push(questionFromItem(items[i]));
        // Their texts can still mention risks (`Agree the fallback for R-4`), so they are not skipped below.
      }
    }
    referencesInItems(s.items, defined, references);
    for (let t = 0; t < s.tables.length; t++) {
      const table = s.tables[t];
      const columns = section.id === 'risks' ? riskColumns(table) : null;
      if (!columns) {
        referencesInTable(table, references);
        continue;
      }
      for (let r = 0; r < table.rows.length; r++) {
        const risk = riskFromRow(table.rows[r], columns, config);
        if (risk) risks.push(risk);
        else referencesInCells(table.rows[r], references);
      }
    }
  }

  return { path, parsed, frontMatter, meta, sections, risks, commitments, questions, references };
}
