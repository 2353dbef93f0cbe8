/**
 * YAML front matter: parsing (safely: aliases are never expanded beyond a small budget), error positions in
 * note coordinates, value positions of the top-level fields, and the note's metadata with the folder
 * fallback for client and engagement.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml';
import { emptyList, mapList } from './lists';
import type { FrontMatterInfo, NoteMeta, ParsedNote, Position, Range } from './model';
import { readFastYaml } from './fastYaml';

/**
 * Most aliases a YAML document may contain. Real front matter and config files use none or a handful; a
 * document built to expand exponentially (the "billion laughs" pattern) needs many, so it is refused
 * before anything is expanded.
 */
export const MAX_YAML_ALIASES = 100;

/**
 * `text` with lone CR line breaks as LF, which `yaml` does not treat as line breaks. Same length, so offsets
 * found in the result are offsets in `text`.
 */
export function yamlSource(text: string): string {
  return text.replace(/\r(?!\n)/gu, '\n');
}

/** Options every YAML parse in the core uses. */
export const YAML_PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, maxAliasCount: MAX_YAML_ALIASES } as const;

/** Maps offsets of a YAML text to positions in the file it was cut from. */
export interface OffsetMapper {
  position(offset: number): Position;
  range(start: number, end: number): Range;
  /** End of the line that contains `offset` (line break excluded). */
  lineEnd(offset: number): Position;
}

/**
 * An {@link OffsetMapper} for `text`, whose first line is line `firstLine` of the file (and starts at its
 * character 0). Handles `\n`, `\r\n` and `\r` line breaks.
 */
export function offsetMapper(text: string, firstLine = 0): OffsetMapper {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const position = (offset: number): Position => {
    const o = Math.max(0, Math.min(offset, text.length));
    const line = lineOf(o);
    return { line: line + firstLine, character: o - starts[line] };
  };
  const lineEnd = (offset: number): Position => {
    const line = lineOf(Math.max(0, Math.min(offset, text.length)));
    let end = line + 1 < starts.length ? starts[line + 1] : text.length;
    while (end > starts[line] && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
    return { line: line + firstLine, character: end - starts[line] };
  };
  return { position, range: (start, end) => ({ start: position(start), end: position(end) }), lineEnd };
}

/** Number of alias nodes in a document, counted without resolving any of them. */
export function countAliases(doc: Document): number {
  let count = 0;
  visit(doc, {
    Alias() {
      count++;
      return count > MAX_YAML_ALIASES ? visit.BREAK : undefined;
    },
  });
  return count;
}

/** A YAML error message without the location suffix `yaml` appends (the range carries the location). */
function cleanYamlMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/u, '').trim();
}

/**
 * Reads the front matter of a parsed note: the YAML mapping, the first YAML error positioned at the
 * offending line of the note (DISC003), and the value range of every top-level key.
 * A block that is a list or a scalar instead of a mapping is reported as an error too; an empty block is an
 * empty mapping. Never throws.
 */
export function readFrontMatter(parsed: ParsedNote): FrontMatterInfo {
  const fm = parsed.frontMatter;
  if (!fm) return { range: null, data: null, error: null, fieldRanges: {} };
  // Plain `key: value` front matter (nearly every note) is read without the YAML parser, with identical results,
  // and positioned from its own line numbers (one value per line) without a line index of the block.
  const fast = readFastYaml(fm.raw);
  if (fast !== null) {
    const fieldRanges: Record<string, Range> = {};
    const first = fm.contentStartLine;
    const keys = Object.keys(fast.at);
    for (let i = 0; i < keys.length; i++) {
      const at = fast.at[keys[i]];
      const line = first + at[0];
      fieldRanges[keys[i]] = { start: { line, character: at[1] }, end: { line, character: at[2] } };
    }
    return { range: fm.range, data: fast.data, error: null, fieldRanges };
  }

  const map = offsetMapper(fm.raw, fm.contentStartLine);
  const info: FrontMatterInfo = { range: fm.range, data: null, error: null, fieldRanges: {} };
  const errorAt = (message: string, start: number, end: number): FrontMatterInfo => {
    // Point at the offending text, and at least at the rest of its line so the squiggle is visible.
    const range = map.range(start, end);
    if (range.start.line === range.end.line && range.start.character === range.end.character) {
      range.end = map.lineEnd(start);
    }
    return { ...info, error: { message: `Front matter is not valid YAML: ${message}`, range } };
  };

  let doc: Document.Parsed;
  try {
    doc = parseDocument(yamlSource(fm.raw), YAML_PARSE_OPTIONS);
  } catch (e) {
    return errorAt(e instanceof Error ? e.message : String(e), 0, 0);
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    return errorAt(cleanYamlMessage(err.message), err.pos[0], err.pos[1]);
  }
  if (countAliases(doc) > MAX_YAML_ALIASES) {
    return errorAt(`more than ${MAX_YAML_ALIASES} aliases; refusing to expand them`, 0, 0);
  }
  const contents = doc.contents as YamlNode | null;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { ...info, data: {} };
  }
  if (!isMap(contents)) {
    const kind = isSeq(contents) ? 'a list' : isAlias(contents) ? 'an alias' : 'a single value';
    const [start, end] = contents.range ?? [0, 0];
    return {
      ...info,
      error: { message: `Front matter must be a mapping of \`key: value\` fields, not ${kind}.`, range: widen(map, start, end) },
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    return errorAt(e instanceof Error ? e.message : String(e), 0, 0);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ...info, error: { message: 'Front matter must be a mapping of `key: value` fields.', range: widen(map, 0, 0) } };
  }
  const fieldRanges: Record<string, Range> = {};
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    if (key === null || Object.prototype.hasOwnProperty.call(fieldRanges, key)) continue;
    const valueRange = (pair.value as YamlNode | null)?.range;
    const keyRange = (pair.key as YamlNode | null)?.range;
    if (valueRange) fieldRanges[key] = map.range(valueRange[0], valueRange[1]);
    else if (keyRange) fieldRanges[key] = map.range(keyRange[1], keyRange[1]);
  }
  return { ...info, data: data as Record<string, unknown>, fieldRanges };
}

function widen(map: OffsetMapper, start: number, end: number): Range {
  const range = map.range(start, end);
  if (range.start.line === range.end.line && range.start.character === range.end.character) range.end = map.lineEnd(start);
  return range;
}

/** A front-matter scalar as text: strings trimmed, numbers and booleans as written; anything else `null`. */
function scalarText(value: unknown): string | null {
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' ? null : t;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return null;
}

function tagsOf(value: unknown): string[] {
  const items = Array.isArray(value) ? mapList(value, scalarText) : typeof value === 'string' ? value.split(',') : emptyList<string>();
  const tags = emptyList<string>();
  for (let i = 0; i < items.length; i++) {
    const tag = (items[i] ?? '').trim();
    if (tag !== '') tags.push(tag);
  }
  return tags;
}

const NOTE_SUFFIX = /\.discovery\.md$/iu;

/**
 * The note's metadata. `client` and `engagement` come from the front matter when it has them as text;
 * otherwise from the note's folders (`path` is relative to the workspace, `/`-separated):
 *  - `acme/crm-replatform/kickoff.discovery.md` (two or more folders): the parent folder is the
 *    engagement (`crm-replatform`) and the grandparent the client (`acme`);
 *  - `acme/kickoff.discovery.md` (one folder): the folder is the client, the file name without
 *    `.discovery.md` the engagement (`kickoff`);
 *  - `kickoff.discovery.md` (no folder): neither, both `null`.
 * Each of the two falls back on its own, and its source says which way it was found. `lead`, `date` and
 * `stage` are read as written (the rules validate them); `tags` accepts a list or a comma-separated string.
 */
export function deriveMeta(fm: FrontMatterInfo, path: string): NoteMeta {
  const data = fm.data ?? {};
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  const file = segments.pop() ?? '';
  let folderClient: string | null = null;
  let folderEngagement: string | null = null;
  if (segments.length >= 2) {
    folderClient = segments[segments.length - 2];
    folderEngagement = segments[segments.length - 1];
  } else if (segments.length === 1) {
    folderClient = segments[0];
    const stem = file.replace(NOTE_SUFFIX, '').replace(/\.md$/iu, '');
    folderEngagement = stem === '' ? null : stem;
  }
  const pick = (key: 'client' | 'engagement', folder: string | null) => {
    const own = scalarText(data[key]);
    if (own !== null) return { value: own, source: 'front-matter' as const };
    if (folder !== null) return { value: folder, source: 'folder' as const };
    return { value: null, source: 'none' as const };
  };
  const client = pick('client', folderClient);
  const engagement = pick('engagement', folderEngagement);
  return {
    client: client.value,
    engagement: engagement.value,
    clientSource: client.source,
    engagementSource: engagement.source,
    lead: scalarText(data.lead),
    date: scalarText(data.date),
    stage: scalarText(data.stage),
    tags: tagsOf(data.tags),
  };
}
