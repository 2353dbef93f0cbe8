/**
 * The fast parser: a line-based scanner for exactly the CommonMark + GFM block rules a discovery note needs (front
 * matter, fenced and indented code, HTML blocks, ATX and setext headings, list items with their nesting and task
 * boxes, GFM tables, thematic breaks), producing the same {@link ParsedNote} as the remark reference parser at a
 * small fraction of its cost.
 *
 * It is deliberately incomplete. Whenever a note contains a construct whose outcome it is not certain to reproduce
 * (block quotes, lazy continuation lines, tabs in indentation, link reference definitions, footnotes, tables in
 * lists, list items that would interrupt a paragraph in a doubtful way, unusual task boxes, raw inline HTML…) it
 * gives up and returns `null`, and the caller parses the note with remark instead. A differential test holds it to
 * remark's output on the fixtures, the examples, the CommonMark spec examples and the Markdown files under
 * `node_modules`.
 */

import type {
  ParsedFrontMatter,
  ParsedHeading,
  ParsedListItem,
  ParsedNote,
  ParsedSection,
  ParsedTable,
  ParsedTableCell,
  ParsedTableRow,
  Position,
  Range,
} from '../model';
import { collapseWhitespace, detectEol, exceedsNesting, isJsWhitespace, stripBom } from '../text';
import { isPlaceholder, stripHtmlComments } from '../placeholder';
import { inlinePlainText } from './inline';

/**
 * Whether inline Markdown starting at `from` of `s` starts (after spaces) with an ASCII letter or digit that no
 * placeholder starts with (see `isPlaceholder`: not `t` or `n`). No inline construct opens with such a character
 * or hides one written before any markup, so the block's plain text starts with it and says something, whatever
 * markup follows: the scanner need not read the rest (nor hand the note to remark for markup in it it is unsure
 * of, which the model would not show). Most blocks of a note start so.
 */
function startsWithWord(s: string, from: number): boolean {
  let i = from;
  while (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9) i++;
  const raw = s.charCodeAt(i);
  const c = raw | 0x20;
  return raw < 0x80 && ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) && c !== 0x74 && c !== 0x6e;
}

/** Thrown inside the scanner to give up on a note; never escapes {@link scanNote}. */
class Bail {
  constructor(readonly reason: string) {}
}

/** The deepest list nesting the scanner follows before handing the note to remark. */
const MAX_ITEM_DEPTH = 24;

/**
 * Parses `text` (which may start with a BOM) like `parseWithRemark`, or returns `null` when the note contains
 * something the scanner does not handle with certainty. Linear in the size of the text; never throws on any
 * input. `parser` is `'scanner'`.
 */
export function scanNote(text: string): ParsedNote | null {
  const r = scanNoteWithReason(text);
  return r.note;
}

/** {@link scanNote} that also says why it gave up (for tests and diagnostics). */
export function scanNoteWithReason(text: string): { note: ParsedNote | null; reason: string | null } {
  const { text: src, bom } = stripBom(text);
  try {
    return { note: new Scanner(src, bom).run(), reason: null };
  } catch (e) {
    if (e instanceof Bail) return { note: null, reason: e.reason };
    throw e;
  }
}

/**
 * The front matter block at the start of `text` (which may start with a BOM), read by the rule the scanner uses,
 * from a prefix of a note: a caller can group notes by their front matter before reading them whole. `complete`
 * says whether `text` is the whole note; when it is not, only lines ended by a line break count, and `undefined`
 * means the prefix ends before the block does.
 */
export function frontMatterOfPrefix(text: string, complete: boolean): ParsedFrontMatter | null | undefined {
  const src = stripBom(text).text;
  const starts: number[] = [0];
  const ends: number[] = [];
  const fence = (line: number): boolean => {
    const s = starts[line];
    const e = ends[line];
    if (e - s < 3 || src.charCodeAt(s) !== 45 || src.charCodeAt(s + 1) !== 45 || src.charCodeAt(s + 2) !== 45) return false;
    for (let i = s + 3; i < e; i++) {
      const c = src.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    // A CR at the very end of a prefix may be the first half of a CRLF the prefix cut.
    if (c === 13 && i + 1 === src.length && !complete) break;
    ends.push(i);
    const line = ends.length - 1;
    if (line === 0 && !fence(0)) return null;
    if (line > 0 && fence(line)) {
      return {
        raw: line > 1 ? src.slice(starts[1], ends[line - 1]) : '',
        range: { start: { line: 0, character: 0 }, end: { line, character: ends[line] - starts[line] } },
        contentStartLine: 1,
      };
    }
    if (c === 13 && src.charCodeAt(i + 1) === 10) i++;
    starts.push(i + 1);
  }
  if (!complete) return undefined;
  // The last line, not ended by a line break.
  ends.push(src.length);
  const line = ends.length - 1;
  if (line === 0 || !fence(0) || !fence(line)) return null;
  return {
    raw: line > 1 ? src.slice(starts[1], ends[line - 1]) : '',
    range: { start: { line: 0, character: 0 }, end: { line, character: ends[line] - starts[line] } },
    contentStartLine: 1,
  };
}

function bail(reason: string): never {
  throw new Bail(reason);
}

interface OpenItem {
  contentCol: number;
  /** Marker char code (`-`, `+`, `*`) or delimiter (`.`, `)`) of ordered items: for list identity. */
  marker: number;
  blankStart: boolean;
  hasContent: boolean;
  parsed: ParsedListItem;
  /** Line of the marker, offset after marker and spaces (for an empty item's text position). */
  afterMarker: number;
  /** Whether the first line gave the item its text; if not, the first paragraph does. */
  needsText: boolean;
  /** Blocks (leaves and nested items) started in the item so far: a task box must be the first. */
  blocks: number;
  endLine: number;
}

type Leaf =
  | { kind: 'para'; lines: number[]; starts: number[]; task: boolean; gaveText: boolean }
  | { kind: 'fence'; ch: number; len: number; indent: number; lines: string[] }
  | { kind: 'icode'; lines: string[]; pendingBlank: string[] }
  | { kind: 'html'; type: number; lines: string[] }
  | { kind: 'table'; table: ParsedTable | null; cols: number };

interface SectionBuilder {
  heading: ParsedHeading;
  items: ParsedListItem[];
  tables: ParsedTable[];
  /** A block with content was seen: the section's later text need not be read (see `ParsedSection.hasContent`). */
  hasContent: boolean;
}

const BLOCK_TAGS = new Set(
  (
    'address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl ' +
    'dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend ' +
    'li link main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot ' +
    'th thead title tr track ul'
  ).split(' '),
);



/** First characters of a line inside a block quote that could start a block other than a paragraph line. */
const QUOTE_BLOCK_CHARS = '>-+*#`~<|:=_';

const RAW_TAGS = new Set(['script', 'pre', 'style', 'textarea']);
const OPEN_TAG =
  /^<[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \t]*=[ \t]*(?:[^ \t"'=<>`]+|'[^']*'|"[^"]*"))?)*[ \t]*\/?>[ \t]*$/;
const CLOSE_TAG = /^<\/[A-Za-z][A-Za-z0-9-]*[ \t]*>[ \t]*$/;

/**
 * Line starts and ends, shared by every scan of the thread: a scan runs to its end before the next begins, and
 * nothing it returns refers to them. Arrays of numbers grown line by line were a twentieth of what the scanner
 * allocated on a workspace. Room for 8,192 lines (64 KB) from the start: a note that needs more (over about
 * 400 KB) doubles them, and only then does the optimised scanner meet the growing path, which it was compiled
 * without having seen.
 */
let lineStarts = new Int32Array(8192);
let lineEnds = new Int32Array(8192);

/** Doubles {@link lineStarts} and {@link lineEnds}, keeping what they hold. */
function growLines(): void {
  const starts = new Int32Array(lineStarts.length * 2);
  const ends = new Int32Array(lineStarts.length * 2);
  starts.set(lineStarts);
  ends.set(lineEnds);
  lineStarts = starts;
  lineEnds = ends;
}

/** Fills {@link lineStarts} and {@link lineEnds} with the lines of `s`; returns how many. */
function splitLines(s: string): number {
  let n = 0;
  lineStarts[0] = 0;
  if (s.indexOf('\r') < 0) {
    // Nearly every note: only `\n` breaks, which `indexOf` finds many times faster than a loop over characters.
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
      if (n + 1 >= lineStarts.length) growLines();
      lineEnds[n] = i;
      lineStarts[++n] = i + 1;
    }
  } else {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10 || c === 13) {
        if (n + 1 >= lineStarts.length) growLines();
        lineEnds[n] = i;
        if (c === 13 && s.charCodeAt(i + 1) === 10) i++;
        lineStarts[++n] = i + 1;
      }
    }
  }
  lineEnds[n] = s.length;
  return n + 1;
}

class Scanner {
  // The state that changes during a scan is declared here and first set in the constructor, never with an
  // initialiser. V8 treats a field as constant until some object writes it a second time, and code optimised
  // meanwhile depends on that. `inQuote`, given `false` by an initialiser, first changed at the first block quote of
  // a workspace, and the compile of `line` under way (50-130 ms of the compiler thread's time) was abandoned and
  // started again: one or two compiles thrown away in a 1,000-note check. Declared without an initialiser, a field
  // is defined (as `undefined`) and then set, so it is mutable from the first scan on and no compile depends on it.
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** How many lines the note has (entries of `starts` and `ends` in use). */
  private readonly lineCount: number;
  private leaf: Leaf | null;
  private section: SectionBuilder | null;
  private frontMatter: ParsedFrontMatter | null;
  private lineMatchesAllItems: boolean;
  /** Whether the previous line was a line of a root-level block quote. */
  private inQuote: boolean;
  /** The line after a table's header row: its delimiter row. */
  private skipLine: number;
  private readonly items: OpenItem[] = [];
  private readonly headings: ParsedHeading[] = [];
  private readonly sections: ParsedSection[] = [];

  constructor(
    private readonly src: string,
    private readonly bom: boolean,
  ) {
    this.lineCount = splitLines(src);
    this.starts = lineStarts;
    this.ends = lineEnds;
    this.leaf = null;
    this.section = null;
    this.frontMatter = null;
    this.lineMatchesAllItems = false;
    this.inQuote = false;
    this.skipLine = -1;
  }

  run(): ParsedNote {
    const lineCount = this.lineCount;
    // remark's input is cut at a nesting depth (`limitNesting`); the scanner does not reproduce that cut.
    for (let l = 0; l < lineCount; l++) {
      if (exceedsNesting(this.src, this.starts[l], this.ends[l])) bail('nesting beyond the parsers limit');
    }
    let line = this.scanFrontMatter();
    for (; line < lineCount; line++) this.line(line);
    const leaf = this.leaf;
    if (this.items.length > 0 && leaf !== null && (leaf.kind === 'fence' || (leaf.kind === 'html' && leaf.type <= 5))) {
      bail('unclosed block in a list item');
    }
    this.closeLeaf(lineCount);
    this.closeItems(0);
    this.endSection(lineCount);
    return {
      bom: this.bom,
      eol: detectEol(this.src),
      lineCount,
      lastLineLength: this.ends[lineCount - 1] - this.starts[lineCount - 1],
      frontMatter: this.frontMatter,
      headings: this.headings,
      sections: this.sections,
      parser: 'scanner',
    };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Positions and text

  private pos(line: number, offset: number): Position {
    return { line, character: offset - this.starts[line] };
  }

  private lineEndPos(line: number): Position {
    return { line, character: this.ends[line] - this.starts[line] };
  }

  private lineText(line: number): string {
    return this.src.slice(this.starts[line], this.ends[line]);
  }

  private isFence(line: number): boolean {
    const s = this.starts[line];
    const e = this.ends[line];
    if (e - s < 3) return false;
    if (this.src.charCodeAt(s) !== 45 || this.src.charCodeAt(s + 1) !== 45 || this.src.charCodeAt(s + 2) !== 45) return false;
    for (let i = s + 3; i < e; i++) {
      const c = this.src.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  private scanFrontMatter(): number {
    const lineCount = this.lineCount;
    if (lineCount < 2 || !this.isFence(0)) return 0;
    for (let l = 1; l < lineCount; l++) {
      if (this.isFence(l)) {
        const raw = l > 1 ? this.src.slice(this.starts[1], this.ends[l - 1]) : '';
        this.frontMatter = {
          raw,
          range: { start: { line: 0, character: 0 }, end: this.lineEndPos(l) },
          contentStartLine: 1,
        };
        return l + 1;
      }
    }
    return 0;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Sections and text collection

  /**
   * Whether the current section's text is still read (see `addInline`). Code and HTML blocks keep their lines,
   * and paragraphs build their text, only while it is: on a workspace most blocks come after their section's first
   * words, and their text was a quarter of what the scanner allocated.
   */
  private get wantsText(): boolean {
    const section = this.section;
    return section !== null && !section.hasContent;
  }

  /** A code or HTML block's text (HTML already without tags) of the current section. */
  private addText(s: string): void {
    const section = this.section;
    if (section !== null && !section.hasContent && !isPlaceholder(collapseWhitespace(stripHtmlComments(s)))) section.hasContent = true;
  }

  /**
   * Inline Markdown of a paragraph or heading of the current section. Read only until the section has content:
   * its plain text is what tells a placeholder, and inline markup the scanner cannot read for certain hands the
   * note to remark only when that text is needed.
   */
  private addInline(s: string): void {
    const section = this.section;
    if (section === null || section.hasContent) return;
    if (startsWithWord(s, 0)) {
      section.hasContent = true;
      return;
    }
    const t = inlinePlainText(s);
    if (t === null) bail('inline markup');
    if (!isPlaceholder(collapseWhitespace(t))) section.hasContent = true;
  }

  private endSection(boundaryLine: number): void {
    const b = this.section;
    if (b === null) return;
    this.section = null;
    const h = b.heading;
    let endLine = boundaryLine - 1;
    while (endLine > h.range.end.line && this.isBlankLine(endLine)) endLine--;
    const end: Position = endLine > h.range.end.line ? this.lineEndPos(endLine) : h.range.end;
    this.sections.push({
      heading: h,
      range: { start: h.range.start, end },
      items: b.items,
      tables: b.tables,
      hasContent: b.hasContent || b.tables.some((t) => t.rows.length > 0),
    });
  }

  private isBlankLine(line: number): boolean {
    for (let i = this.starts[line]; i < this.ends[line]; i++) {
      const c = this.src.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  private addHeading(h: ParsedHeading, line: number, rootLevel: boolean, inline: string): void {
    if (rootLevel) {
      if (h.depth <= 2) this.endSection(h.range.start.line);
      this.headings.push(h);
      if (h.depth === 2) {
        this.section = { heading: h, items: [], tables: [], hasContent: false };
        return;
      }
    }
    void line;
    this.addInline(inline);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Containers

  private closeItems(keep: number): void {
    while (this.items.length > keep) {
      const it = this.items.pop()!;
      const endLine = it.endLine;
      it.parsed.range.end = this.lineEndPos(endLine);
      if (it.needsText) {
        // No paragraph gave the item its text: an empty text right after the marker.
        const p = this.pos(it.parsed.range.start.line, it.afterMarker);
        it.parsed.textRange = { start: p, end: { ...p } };
      }
      if (this.items.length > 0) {
        const parent = this.items[this.items.length - 1];
        if (endLine > parent.endLine) parent.endLine = endLine;
      }
    }
  }

  private markContent(line: number): void {
    const items = this.items;
    for (let i = 0; i < items.length; i++) {
      items[i].hasContent = true;
      if (line > items[i].endLine) items[i].endLine = line;
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Leaves

  private closeLeaf(atLine: number): void {
    const leaf = this.leaf;
    if (leaf === null) return;
    this.leaf = null;
    switch (leaf.kind) {
      case 'para':
        this.finishPara(leaf);
        return;
      case 'fence':
      case 'icode':
        if (this.wantsText) this.addText(leaf.lines.join('\n'));
        return;
      case 'html':
        if (this.wantsText) this.addText(stripHtml(leaf.lines.join('\n')));
        return;
      case 'table':
        return;
    }
    void atLine;
  }

  private finishPara(p: Extract<Leaf, { kind: 'para' }>): void {
    if (!this.wantsText) return;
    if (startsWithWord(this.src, p.starts[0])) {
      (this.section as SectionBuilder).hasContent = true;
      return;
    }
    const parts: string[] = [];
    for (let k = 0; k < p.lines.length; k++) parts.push(this.src.slice(p.starts[k], this.ends[p.lines[k]]));
    this.addInline(parts.join('\n'));
  }

  private line(l: number): void {
    const src = this.src;
    const s = this.starts[l];
    const e = this.ends[l];
    let p = s;
    while (p < e && src.charCodeAt(p) === 32) p++;
    let blank = p === e;
    if (!blank && src.charCodeAt(p) === 9) {
      let q = p;
      while (q < e && (src.charCodeAt(q) === 32 || src.charCodeAt(q) === 9)) q++;
      if (q === e) blank = true;
      else bail('tab in indentation');
    }
    const indent = p - s;

    if (this.inQuote) {
      if (!blank) {
        // Another `>` line continues the quote; any other line would be a lazy continuation or a block whose
        // interplay with the quote the scanner does not follow.
        if (indent < 4 && src.charCodeAt(p) === 62) {
          this.quoteLine(l, p, e);
          return;
        }
        bail('line right after a block quote');
      }
      this.inQuote = false;
      this.closeLeaf(l);
    }

    // Which open list items does the line continue?
    let matched = 0;
    const items = this.items;
    for (; matched < items.length; matched++) {
      const it = items[matched];
      if (blank) {
        if (it.blankStart && !it.hasContent) break;
        continue;
      }
      if (indent < it.contentCol) break;
    }
    const leaf = this.leaf;
    const allMatched = matched === items.length;
    this.lineMatchesAllItems = allMatched;

    if (allMatched && leaf !== null) {
      // Leaves that take the line whatever it looks like.
      const col = matched > 0 ? items[matched - 1].contentCol : 0;
      if (leaf.kind === 'fence') {
        if (!blank && indent - col < 4 && this.isClosingFence(p, e, leaf.ch, leaf.len)) {
          this.markContent(l);
          this.leaf = null;
          if (this.wantsText) this.addText(leaf.lines.join('\n'));
          return;
        }
        if (this.wantsText) leaf.lines.push(blank ? '' : src.slice(Math.min(p, s + col), e));
        if (!blank) this.markContent(l);
        return;
      }
      if (leaf.kind === 'html') {
        if (blank && leaf.type >= 6) {
          this.closeLeaf(l);
          return;
        }
        if (this.wantsText) leaf.lines.push(blank ? '' : src.slice(Math.min(p, s + col), e));
        if (!blank) this.markContent(l);
        if (!blank && leaf.type <= 5 && htmlEnds(leaf.type, src.slice(p, e))) {
          this.closeLeaf(l);
        }
        return;
      }
      if (leaf.kind === 'icode') {
        if (blank) {
          leaf.pendingBlank.push('');
          return;
        }
        if (indent - col >= 4) {
          if (this.wantsText) {
            leaf.lines.push(...leaf.pendingBlank);
            leaf.lines.push(src.slice(s + col + 4, e));
          }
          leaf.pendingBlank.length = 0;
          this.markContent(l);
          return;
        }
        this.closeLeaf(l);
      }
    }

    if (blank) {
      if (leaf !== null && (leaf.kind === 'fence' || (leaf.kind === 'html' && leaf.type <= 5))) {
        // The container closed around an unfinished block: remark's end position for it is not certain here.
        bail('unclosed block in a list item');
      }
      if (leaf !== null && leaf.kind !== 'icode') this.closeLeaf(l);
      else if (leaf !== null && !allMatched) this.closeLeaf(l);
      this.closeItems(matched);
      return;
    }

    // A non-blank line: look for new container and leaf starts after the matched items.
    const paraOpen = leaf !== null && leaf.kind === 'para';
    const paraHere = paraOpen && allMatched;
    let col = matched > 0 ? items[matched - 1].contentCol : 0;
    let at = p;
    let opened = false;
    let depth = matched;

    for (;;) {
      const rel = at - s - col;
      if (rel >= 4) break;
      const c = src.charCodeAt(at);
      if (c === 62 /* > */) {
        // Only a quote at the root, after a blank line or interrupting a root paragraph, is read here.
        const cur = this.leaf;
        if (depth !== 0 || opened || (cur !== null && !(cur.kind === 'para' && allMatched && items.length === 0))) {
          bail('block quote');
        }
        this.closeLeaf(l);
        this.closeItems(0);
        this.quoteLine(l, at, e);
        return;
      }
      const li = this.listStart(at, e);
      if (li === null) break;
      if (this.isThematicBreak(at, e)) break;
      // A list item that would interrupt a paragraph: only certain shapes are sure to do so.
      // (An item at a lower level than the paragraph, as a sibling of its item, is not interrupting it.)
      if (allMatched && (paraOpen || (leaf !== null && leaf.kind === 'table')) && !opened) {
        if (li.empty || (li.ordered && li.start !== 1)) bail('list item interrupting a paragraph');
      }
      if (li.spaces >= 5) bail('list item starting with indented code');
      if (!opened) {
        // The open leaf belongs to an item this line does not continue, or is interrupted by the new item.
        if (!allMatched && leaf !== null && (leaf.kind === 'fence' || (leaf.kind === 'html' && leaf.type <= 5))) {
          bail('unclosed block in a list item');
        }
        this.closeLeaf(l);
        this.closeItems(depth);
        opened = true;
      }
      if (this.items.length >= MAX_ITEM_DEPTH) bail('deep nesting');
      const contentCol = li.empty ? li.markerEnd - s + 1 : li.markerEnd - s + li.spaces;
      // The item's text is its first line after the marker, whatever block it starts; an empty item's text is
      // placed when it closes, or by the paragraph that gives it one. Until then its ranges share the position of
      // the marker, and `range.end` is set when the item closes: positions and ranges are replaced, never changed
      // in place, and no object is made only to be replaced (four per item).
      const marker = this.pos(l, at);
      const t = li.empty ? null : this.trimmed(li.markerEnd + li.spaces, e);
      const parsed: ParsedListItem = {
        checked: null,
        text: t === null ? '' : t.text,
        textRange: t === null ? { start: marker, end: marker } : { start: this.pos(l, t.a), end: this.pos(l, t.b) },
        range: { start: marker, end: marker },
        checkboxRange: null,
        children: [],
        depth: 0,
      };
      const parent = this.items.length > 0 ? this.items[this.items.length - 1] : null;
      if (parent !== null) {
        parsed.depth = parent.parsed.depth + 1;
        parent.parsed.children.push(parsed);
      } else if (this.section !== null) {
        this.section.items.push(parsed);
      }
      const it: OpenItem = {
        contentCol,
        marker: li.marker,
        blankStart: li.empty,
        hasContent: false,
        parsed,
        afterMarker: li.empty ? e : li.markerEnd + li.spaces,
        needsText: li.empty,
        blocks: 0,
        endLine: l,
      };
      if (parent !== null) parent.blocks++;
      // An empty item's text anchors after the marker and any spaces on its line.
      if (li.empty) {
        let o = li.markerEnd;
        while (o < e && src.charCodeAt(o) === 32) o++;
        it.afterMarker = o;
      }
      this.items.push(it);
      for (let i = 0; i < this.items.length; i++) if (l > this.items[i].endLine) this.items[i].endLine = l;
      depth++;
      col = contentCol;
      if (li.empty) return;
      at = li.markerEnd + li.spaces;
    }

    if (!opened) {
      // No new item. Does the line continue the open paragraph (same container), or start a leaf?
      if (!allMatched) {
        if (leaf !== null && leaf.kind === 'para' && !this.startsLeaf(at, e, s, col, true)) {
          bail('lazy continuation line');
        }
        if (leaf !== null && (leaf.kind === 'fence' || (leaf.kind === 'html' && leaf.type <= 5))) {
          bail('unclosed block in a list item');
        }
        this.closeLeaf(l);
        this.closeItems(matched);
      }
    }

    const rootLevel = this.items.length === 0;
    const cur = this.leaf;
    const rel = at - s - col;

    if (cur !== null && cur.kind === 'para' && paraHere && !opened) {
      // Setext underline?
      const setext = rel < 4 ? this.setextLevel(at, e) : 0;
      if (setext > 0) {
        this.leaf = null;
        this.setextHeading(cur, l, setext, rootLevel);
        this.markContent(l);
        return;
      }
      if (rel >= 4 || !this.startsLeaf(at, e, s, col, true)) {
        if (cur.lines.length > 0 && this.tableStartsAt(l, at, e, rootLevel)) {
          this.closeLeaf(l);
          this.startTable(l, at, e, rootLevel);
          this.markContent(l);
          return;
        }
        cur.lines.push(l);
        cur.starts.push(at);
        this.markContent(l);
        return;
      }
      this.closeLeaf(l);
    } else if (cur !== null && cur.kind === 'table' && !opened) {
      if (l === this.skipLine) {
        this.tableRow(cur, l, at, e);
        this.markContent(l);
        return;
      }
      if (rel >= 4) bail('indented line after a table');
      if (src.charCodeAt(at) === 60) bail('HTML after a table');
      if (!this.startsLeaf(at, e, s, col, true)) {
        this.tableRow(cur, l, at, e);
        this.markContent(l);
        return;
      }
      this.closeLeaf(l);
    } else {
      this.closeLeaf(l);
    }

    this.markContent(l);
    this.leafStart(l, at, e, s, col, rootLevel);
  }

  /**
   * A line of a root-level block quote (`at` is its `>`). Only quotes of plain paragraphs are read: after the
   * marker, a line that could start any other block (a nested quote, list item, heading, fence, HTML, table row,
   * thematic break, setext underline, indented code, link reference definition) hands the note to remark. The
   * quote adds its words to the section text only, as in the reference parser.
   */
  private quoteLine(l: number, at: number, e: number): void {
    const src = this.src;
    this.inQuote = true;
    let i = at + 1;
    if (i < e && src.charCodeAt(i) === 32) i++;
    let q = i;
    while (q < e && src.charCodeAt(q) === 32) q++;
    if (q < e && src.charCodeAt(q) === 9) bail('tab in a block quote');
    const open = this.leaf;
    if (q === e) {
      // `>` alone: a blank line inside the quote ends its paragraph.
      this.closeLeaf(l);
      return;
    }
    if (q - i >= 4 && open === null) bail('indented code in a block quote');
    const c = src.charCodeAt(q);
    if (QUOTE_BLOCK_CHARS.includes(src[q])) bail('block inside a block quote');
    if (c >= 48 && c <= 57) {
      let j = q;
      while (j < e && src.charCodeAt(j) >= 48 && src.charCodeAt(j) <= 57) j++;
      const d = src.charCodeAt(j);
      if (d === 46 || d === 41) bail('block inside a block quote');
    }
    if (open === null) {
      if (c === 91 && this.mayBeDefinition(q, e)) bail('possible link reference definition');
      this.leaf = { kind: 'para', lines: [l], starts: [q], task: false, gaveText: false };
      return;
    }
    if (open.kind !== 'para') bail('block inside a block quote');
    open.lines.push(l);
    open.starts.push(q);
  }

  private listStart(
    at: number,
    e: number,
  ): { marker: number; ordered: boolean; start: number; markerEnd: number; spaces: number; empty: boolean } | null {
    const src = this.src;
    const c = src.charCodeAt(at);
    let markerEnd: number;
    let ordered = false;
    let start = 0;
    let marker = c;
    if (c === 45 || c === 43 || c === 42) {
      markerEnd = at + 1;
    } else if (c >= 48 && c <= 57) {
      let j = at;
      while (j < e && j - at < 10 && src.charCodeAt(j) >= 48 && src.charCodeAt(j) <= 57) j++;
      if (j - at > 9) return null;
      const d = src.charCodeAt(j);
      if (d !== 46 && d !== 41) return null;
      start = parseInt(src.slice(at, j), 10);
      ordered = true;
      marker = d;
      markerEnd = j + 1;
    } else {
      return null;
    }
    if (markerEnd < e) {
      const d = src.charCodeAt(markerEnd);
      if (d === 9) bail('tab after a list marker');
      if (d !== 32) return null;
    }
    let q = markerEnd;
    while (q < e && src.charCodeAt(q) === 32) q++;
    if (q < e && src.charCodeAt(q) === 9) bail('tab after a list marker');
    const empty = q === e;
    return { marker, ordered, start, markerEnd, spaces: q - markerEnd, empty };
  }

  private isThematicBreak(at: number, e: number): boolean {
    const src = this.src;
    const c = src.charCodeAt(at);
    if (c !== 42 && c !== 45 && c !== 95) return false;
    let n = 0;
    for (let i = at; i < e; i++) {
      const d = src.charCodeAt(i);
      if (d === c) n++;
      else if (d !== 32 && d !== 9) return false;
    }
    return n >= 3;
  }

  private setextLevel(at: number, e: number): number {
    const src = this.src;
    const c = src.charCodeAt(at);
    if (c !== 61 && c !== 45) return 0;
    let i = at;
    while (i < e && src.charCodeAt(i) === c) i++;
    while (i < e && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9)) i++;
    if (i !== e) return 0;
    return c === 61 ? 1 : 2;
  }

  private isClosingFence(p: number, e: number, ch: number, len: number): boolean {
    const src = this.src;
    let i = p;
    while (i < e && src.charCodeAt(i) === ch) i++;
    if (i - p < len) return false;
    while (i < e && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9)) i++;
    return i === e;
  }

  /**
   * Whether the line at `at` starts a leaf block other than a paragraph (used to tell paragraph continuation and
   * table rows from new blocks). Uncertain starts bail.
   */
  private startsLeaf(at: number, e: number, s: number, col: number, interrupting: boolean): boolean {
    const src = this.src;
    const rel = at - s - col;
    if (rel >= 4) return false;
    const c = src.charCodeAt(at);
    if (c === 62) bail('block quote');
    if (c === 35 && this.atxLevel(at, e) > 0) return true;
    if ((c === 96 || c === 126) && this.fenceOpen(at, e) !== null) return true;
    if (this.isThematicBreak(at, e)) return true;
    if (c === 60) {
      const t = this.htmlStart(src.slice(at, e));
      if (t === 7 && interrupting) return false;
      if (t > 0) return true;
    }
    if (this.listStart(at, e) !== null) return true;
    return false;
  }

  private atxLevel(at: number, e: number): number {
    const src = this.src;
    let i = at;
    while (i < e && src.charCodeAt(i) === 35) i++;
    const n = i - at;
    if (n === 0 || n > 6) return 0;
    if (i < e) {
      const d = src.charCodeAt(i);
      if (d === 9) bail('tab in a heading');
      if (d !== 32) return 0;
    }
    return n;
  }

  private fenceOpen(at: number, e: number): { ch: number; len: number } | null {
    const src = this.src;
    const ch = src.charCodeAt(at);
    let i = at;
    while (i < e && src.charCodeAt(i) === ch) i++;
    const len = i - at;
    if (len < 3) return null;
    if (ch === 96 && src.slice(i, e).includes('`')) return null;
    return { ch, len };
  }

  /** HTML block start condition 1-7 of the line (from `<`), 0 for none. */
  private htmlStart(line: string): number {
    if (/^<(?:script|pre|style|textarea)(?:[ \t>]|$)/i.test(line)) return 1;
    if (line.startsWith('<!--')) {
      if (/^<!--->?/.test(line) || line.startsWith('<!-->')) bail('odd HTML comment');
      return 2;
    }
    if (line.startsWith('<?')) return 3;
    if (/^<![A-Za-z]/.test(line)) return 4;
    if (line.startsWith('<![CDATA[')) return 5;
    const m = /^<\/?([A-Za-z][A-Za-z0-9-]*)(?:[ \t>]|\/>|$)/.exec(line);
    if (m && BLOCK_TAGS.has(m[1].toLowerCase())) return 6;
    if (OPEN_TAG.test(line)) {
      const name = /^<([A-Za-z][A-Za-z0-9-]*)/.exec(line)![1].toLowerCase();
      if (RAW_TAGS.has(name)) return 0;
      return 7;
    }
    if (CLOSE_TAG.test(line)) return 7;
    if (/^<\/?[A-Za-z]/.test(line)) {
      // A tag-like start that is not a complete tag on its own line: micromark may still see a tag spanning lines.
      if (!/^<\/?[A-Za-z][A-Za-z0-9-]*[^>]*>/.test(line)) bail('incomplete HTML tag at a line start');
    }
    return 0;
  }

  private leafStart(l: number, at: number, e: number, s: number, col: number, rootLevel: boolean): void {
    const src = this.src;
    const inner = this.items.length > 0 ? this.items[this.items.length - 1] : null;
    const firstBlock = inner !== null && inner.blocks === 0;
    if (inner !== null) inner.blocks++;
    const rel = at - s - col;
    if (rel >= 4) {
      this.leaf = { kind: 'icode', lines: [src.slice(s + col + 4, e)], pendingBlank: [] };
      return;
    }
    const c = src.charCodeAt(at);
    if (c === 35) {
      const level = this.atxLevel(at, e);
      if (level > 0) {
        this.atxHeading(l, at, e, level, rootLevel);
        return;
      }
    }
    if (c === 96 || c === 126) {
      const f = this.fenceOpen(at, e);
      if (f !== null) {
        this.leaf = { kind: 'fence', ch: f.ch, len: f.len, indent: rel, lines: [] };
        return;
      }
    }
    if (this.isThematicBreak(at, e)) return;
    if (c === 60) {
      const t = this.htmlStart(src.slice(at, e));
      if (t > 0) {
        this.leaf = { kind: 'html', type: t, lines: [src.slice(at, e)] };
        if (t <= 5 && htmlEnds(t, src.slice(at, e), true)) this.closeLeaf(l);
        return;
      }
    }
    if (c === 61 || c === 45) {
      // `===` / `---` with nothing to underline.
    }
    if (this.tableStartsAt(l, at, e, rootLevel)) {
      this.startTable(l, at, e, rootLevel);
      return;
    }
    if (src.charCodeAt(at) === 91 && this.mayBeDefinition(at, e)) bail('possible link reference definition');
    const para: Extract<Leaf, { kind: 'para' }> = { kind: 'para', lines: [l], starts: [at], task: false, gaveText: false };
    this.paragraphStart(para, inner, firstBlock, l, at, e);
    this.leaf = para;
  }

  private mayBeDefinition(at: number, e: number): boolean {
    // `[label]: destination`, possibly with the label spanning lines: a `[` at a paragraph start whose line has no
    // `]` at all, or whose first label is followed by `:`.
    const line = this.src.slice(at, e);
    if (!line.includes(']')) return true;
    return /^\[(?:[^\]\\]|\\.)*\]:/.test(line);
  }

  /** Task box and item text of a paragraph that starts at `at`, directly in item `it` (if any). */
  private paragraphStart(
    para: Extract<Leaf, { kind: 'para' }>,
    it: OpenItem | null,
    firstBlock: boolean,
    l: number,
    at: number,
    e: number,
  ): void {
    if (it === null) return;
    const src = this.src;
    let textStart = at;
    if (firstBlock && src.charCodeAt(at) === 91 && e - at >= 3 && src.charCodeAt(at + 2) === 93) {
      const v = src.charCodeAt(at + 1);
      if (v === 32 || v === 120 || v === 88 || v === 9) {
        const after = at + 3;
        if (after === e) bail('task box alone on its line');
        const d = src.charCodeAt(after);
        if (d === 9) bail('tab after a task box');
        if (d === 32) {
          let q = after;
          while (q < e && src.charCodeAt(q) === 32) q++;
          if (q === e) bail('task box followed by spaces only');
          if (src.charCodeAt(q) === 9) bail('tab after a task box');
          if (v === 9) bail('tab in a task box');
          it.parsed.checked = v !== 32;
          it.parsed.checkboxRange = { start: this.pos(l, at), end: this.pos(l, at + 3) };
          para.task = true;
          para.starts[0] = q;
          textStart = q;
          if (!it.needsText) {
            const t = this.trimmed(q, e);
            it.parsed.text = t.text;
            it.parsed.textRange = { start: this.pos(l, t.a), end: this.pos(l, t.b) };
          }
        }
      }
    }
    if (it.needsText) {
      it.needsText = false;
      para.gaveText = true;
      const t = this.trimmed(textStart, e);
      it.parsed.text = t.text;
      it.parsed.textRange = { start: this.pos(l, t.a), end: this.pos(l, t.b) };
    }
  }

  private trimmed(a0: number, b0: number): { text: string; a: number; b: number } {
    const src = this.src;
    let a = a0;
    let b = b0;
    while (a < b && isJsWhitespace(src.charCodeAt(a))) a++;
    while (b > a && isJsWhitespace(src.charCodeAt(b - 1))) b--;
    return { text: src.slice(a, b), a, b };
  }

  private atxHeading(l: number, at: number, e: number, level: number, rootLevel: boolean): void {
    const src = this.src;
    let a = at + level;
    while (a < e && (src.charCodeAt(a) === 32 || src.charCodeAt(a) === 9)) a++;
    let b = e;
    while (b > a && (src.charCodeAt(b - 1) === 32 || src.charCodeAt(b - 1) === 9)) b--;
    // Closing sequence: `#`s preceded by a space (or making up the whole content).
    let h = b;
    while (h > a && src.charCodeAt(h - 1) === 35) h--;
    if (h < b) {
      if (h === a) b = a;
      else if (src.charCodeAt(h - 1) === 32 || src.charCodeAt(h - 1) === 9) {
        b = h;
        while (b > a && (src.charCodeAt(b - 1) === 32 || src.charCodeAt(b - 1) === 9)) b--;
      }
    }
    const range: Range = { start: this.pos(l, at), end: this.lineEndPos(l) };
    let heading: ParsedHeading;
    if (b > a) {
      const t = this.trimmed(a, b);
      if (t.text === '') bail('heading of whitespace');
      heading = { depth: level, text: t.text, range, textRange: { start: this.pos(l, t.a), end: this.pos(l, t.b) } };
    } else {
      let o = at;
      while (src.charCodeAt(o) === 35) o++;
      heading = { depth: level, text: '', range, textRange: { start: this.pos(l, o), end: this.pos(l, o) } };
    }
    this.addHeading(heading, l, rootLevel, src.slice(a, b));
  }

  private setextHeading(p: Extract<Leaf, { kind: 'para' }>, l: number, level: number, rootLevel: boolean): void {
    const first = p.lines[0];
    const last = p.lines[p.lines.length - 1];
    if (p.task || p.gaveText) bail('setext heading that would have given an item its text');
    const startOff = p.starts[0];
    const t = this.trimmed(startOff, this.ends[last]);
    if (t.text === '') bail('empty setext content');
    const heading: ParsedHeading = {
      depth: level,
      // Lines joined by one space, as the reference parser does, so the text does not depend on line breaks.
      text: t.text.replace(/[ \t]*(?:\r\n|\r|\n)[ \t]*/g, ' '),
      range: { start: this.pos(first, startOff), end: this.lineEndPos(l) },
      textRange: { start: this.posAt(t.a), end: this.posAt(t.b) },
    };
    const parts: string[] = [];
    for (let k = 0; k < p.lines.length; k++) parts.push(this.src.slice(p.starts[k], this.ends[p.lines[k]]));
    this.addHeading(heading, l, rootLevel, parts.join('\n'));
  }

  private posAt(offset: number): Position {
    let lo = 0;
    let hi = this.lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Tables

  /** Cells of a header row as micromark counts them, or -1 when the line cannot head a table. */
  private headerCells(at: number, e: number): number {
    const src = this.src;
    let size = 0;
    let seen = false;
    let sizeB = 0;
    let i = at;
    if (src.charCodeAt(i) !== 124) {
      seen = true;
      sizeB = 1;
    }
    while (i < e) {
      const c = src.charCodeAt(i);
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      sizeB++;
      if (seen) {
        seen = false;
        size++;
      }
      if (c === 124) {
        seen = true;
        i++;
        continue;
      }
      while (i < e) {
        const d = src.charCodeAt(i);
        if (d === 124 || d === 32 || d === 9) break;
        i++;
        if (d === 92 && i < e && (src.charCodeAt(i) === 92 || src.charCodeAt(i) === 124)) i++;
      }
    }
    return sizeB > 1 ? size : -1;
  }

  /** Cells of a delimiter row, or -1. */
  private delimiterCells(line: number, col: number): number {
    const src = this.src;
    const s = this.starts[line];
    const e = this.ends[line];
    let i = s;
    while (i < e && src.charCodeAt(i) === 32) i++;
    if (i < e && src.charCodeAt(i) === 9) return -1;
    if (i - s - col > 3 || i - s < col) return -1;
    let seen = false;
    let size = 0;
    const c0 = src.charCodeAt(i);
    if (c0 !== 45 && c0 !== 58 && c0 !== 124) return -1;
    while (i < e) {
      let c = src.charCodeAt(i);
      if (c === 124) {
        seen = true;
        i++;
        while (i < e && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9)) i++;
        if (i >= e) break;
        c = src.charCodeAt(i);
      }
      if (c === 58) {
        seen = true;
        size++;
        i++;
        if (src.charCodeAt(i) !== 45) return -1;
      } else if (c === 45) {
        size++;
      } else {
        return -1;
      }
      while (i < e && src.charCodeAt(i) === 45) i++;
      if (src.charCodeAt(i) === 58) {
        seen = true;
        i++;
      }
      while (i < e && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9)) i++;
      if (i < e && src.charCodeAt(i) !== 124) return -1;
    }
    return seen ? size : -1;
  }

  private tableStartsAt(l: number, at: number, e: number, rootLevel: boolean): boolean {
    if (l + 1 >= this.lineCount) return false;
    const col = this.items.length > 0 ? this.items[this.items.length - 1].contentCol : 0;
    const d = this.delimiterCells(l + 1, col);
    if (d < 0) return false;
    const h = this.headerCells(at, e);
    if (h < 0 || h !== d) return false;
    if (!rootLevel) bail('table in a list');
    const next = this.src.slice(this.starts[l + 1], this.ends[l + 1]).trimStart();
    if (/^[-+*] /.test(next) || /^[-+*]$/.test(next)) bail('delimiter row that looks like a list item');
    return true;
  }

  private startTable(l: number, at: number, e: number, rootLevel: boolean): void {
    void rootLevel;
    const header = this.row(l, at, e);
    const table: ParsedTable = { header, rows: [], range: { start: header.range.start, end: header.range.end } };
    const cols = header.cells.length;
    this.leaf = { kind: 'table', table, cols };
    if (this.section !== null) this.section.tables.push(table);
    this.skipLine = l + 1;
  }

  private tableRow(t: Extract<Leaf, { kind: 'table' }>, l: number, at: number, e: number): void {
    if (l === this.skipLine) {
      // The delimiter row: part of the table, no cells.
      t.table!.range.end = this.lineEndPos(l);
      return;
    }
    const row = this.row(l, at, e);
    if (row.cells.length === 0) bail('table row without cells');
    t.table!.rows.push(row);
    t.table!.range.end = row.range.end;
  }

  private row(l: number, at: number, e: number): ParsedTableRow {
    const src = this.src;
    const cells: ParsedTableCell[] = [];
    let i = at;
    let cellStart = -1; // offset after the leading pipe of the current cell, or of its first data
    let first = true;
    const push = (a: number, b: number): void => {
      const t = this.trimmed(a, b);
      if (t.text === '') cells.push({ text: '', range: { start: this.pos(l, a), end: this.pos(l, a) } });
      else cells.push({ text: t.text, range: { start: this.pos(l, t.a), end: this.pos(l, t.b) } });
    };
    if (src.charCodeAt(i) === 124) {
      i++;
      cellStart = i;
    } else {
      cellStart = i;
    }
    first = false;
    let hasData = false;
    while (i < e) {
      const c = src.charCodeAt(i);
      if (c === 92 && i + 1 < e && (src.charCodeAt(i + 1) === 124 || src.charCodeAt(i + 1) === 92)) {
        i += 2;
        hasData = true;
        continue;
      }
      if (c === 124) {
        push(cellStart, i);
        i++;
        cellStart = i;
        hasData = false;
        continue;
      }
      if (c !== 32 && c !== 9) hasData = true;
      i++;
    }
    if (hasData) push(cellStart, e);
    void first;
    return { cells, range: { start: this.pos(l, at), end: this.lineEndPos(l) } };
  }
}

/** Whether an HTML block of type 1-5 ends on this line (`first`: the line that opened it). */
function htmlEnds(type: number, line: string, first = false): boolean {
  switch (type) {
    case 1:
      return /<\/(?:script|pre|style|textarea)>/i.test(line);
    case 2:
      return (first ? line.slice(4) : line).includes('-->');
    case 3:
      return (first ? line.slice(2) : line).includes('?>');
    case 4:
      return line.includes('>');
    case 5:
      return (first ? line.slice(9) : line).includes(']]>');
  }
  return false;
}

/** Text of raw HTML, as the remark parser computes it: comments and tags removed. */
function stripHtml(html: string): string {
  return html.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ').replace(/<[^<>]*>/g, ' ');
}
