/**
 * The reference parser: unified + remark-parse + remark-gfm + remark-frontmatter (YAML only), turned into the
 * {@link ParsedNote} structure. Every text field is a slice of the source, every range is computed from remark's
 * UTF-16 offsets with our own line index, so positions are 0-based and BOM-less whatever remark reports.
 *
 * Walking the tree never recurses: nesting is bounded by {@link limitNesting}, but the walks use explicit stacks
 * anyway so that no input shape can exhaust the call stack here.
 */

import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Heading, List, ListItem, Nodes, Root, RootContent, Table, TableRow } from 'mdast';
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
import { isPlaceholder, stripHtmlComments } from '../placeholder';
import { collapseWhitespace, createLineIndex, detectEol, limitNesting, stripBom, type LineIndex } from '../text';

// A frozen processor holds no per-parse state, so one instance serves every call.
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

/**
 * Parses a discovery note with remark. `text` may start with a BOM; it is reported in `bom` and all positions are
 * relative to the text without it.
 *
 * Headings are the document-level ones (not inside block quotes, list items, code or HTML blocks); the text of a
 * setext heading written over several lines is its lines joined by one space. Lines nested
 * deeper than {@link MAX_NESTING_DEPTH} containers contribute no structure (see {@link limitNesting}).
 */
export function parseWithRemark(text: string): ParsedNote {
  const { text: src, bom } = stripBom(text);
  const index = createLineIndex(src);
  const tree = processor.parse(limitNesting(src)) as Root;
  const ctx = new Context(src, index);

  let frontMatter: ParsedFrontMatter | null = null;
  const headings: ParsedHeading[] = [];
  const headingAt = new Map<number, ParsedHeading>();
  tree.children.forEach((node, i) => {
    if (node.type === 'yaml' && i === 0) frontMatter = ctx.frontMatter(node);
    if (node.type === 'heading') {
      const h = ctx.heading(node);
      headings.push(h);
      headingAt.set(i, h);
    }
  });

  const sections: ParsedSection[] = [];
  const nodes = tree.children;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.type !== 'heading' || node.depth !== 2) continue;
    let j = i + 1;
    while (j < nodes.length && !(nodes[j].type === 'heading' && (nodes[j] as Heading).depth <= 2)) j++;
    const boundaryLine = j < nodes.length ? startOffsetLine(index, nodes[j]) : index.lineCount;
    sections.push(ctx.section(headingAt.get(i)!, nodes.slice(i + 1, j), boundaryLine));
  }

  const lastLine = index.lineCount - 1;
  return {
    bom,
    eol: detectEol(src),
    lineCount: index.lineCount,
    lastLineLength: index.lineAt(lastLine).length,
    frontMatter,
    headings,
    sections,
    parser: 'remark',
  };
}

function startOffsetLine(index: LineIndex, node: Nodes): number {
  return index.positionAt(node.position!.start.offset!).line;
}

const isBlank = (line: string): boolean => /^[ \t]*$/.test(line);
const isSpaceOrTab = (c: string | undefined): boolean => c === ' ' || c === '\t';

class Context {
  constructor(
    private readonly src: string,
    private readonly index: LineIndex,
  ) {}

  pos(offset: number): Position {
    return this.index.positionAt(offset);
  }

  range(start: number, end: number): Range {
    return { start: this.pos(start), end: this.pos(end) };
  }

  nodeRange(node: Nodes): Range {
    return this.range(node.position!.start.offset!, node.position!.end.offset!);
  }

  /** The trimmed slice `[start, end)` and its range. */
  trimmed(start: number, end: number): { text: string; range: Range } {
    let a = start;
    let b = end;
    while (a < b && /\s/.test(this.src[a])) a++;
    while (b > a && /\s/.test(this.src[b - 1])) b--;
    return { text: this.src.slice(a, b), range: this.range(a, b) };
  }

  frontMatter(node: Nodes): ParsedFrontMatter {
    const range = this.nodeRange(node);
    const closingLine = range.end.line;
    // The raw YAML is every line between the fences, exactly as written (its own line breaks included).
    const raw = closingLine > 1 ? this.src.slice(this.index.lineStart(1), this.index.lineEnd(closingLine - 1)) : '';
    return { raw, range, contentStartLine: 1 };
  }

  heading(node: Heading): ParsedHeading {
    const range = this.nodeRange(node);
    if (node.children.length > 0) {
      const first = node.children[0].position!.start.offset!;
      const last = node.children[node.children.length - 1].position!.end.offset!;
      const { text, range: textRange } = this.trimmed(first, last);
      // A setext heading may span lines; joining them keeps the text independent of the file's line breaks.
      return { depth: node.depth, text: text.replace(/[ \t]*(?:\r\n|\r|\n)[ \t]*/g, ' '), range, textRange };
    }
    // An empty ATX heading (`##` or `## ##`): anchor the empty text right after the opening marks.
    let o = node.position!.start.offset!;
    while (this.src[o] === ' ') o++;
    while (this.src[o] === '#') o++;
    return { depth: node.depth, text: '', range, textRange: this.range(o, o) };
  }

  section(heading: ParsedHeading, content: RootContent[], boundaryLine: number): ParsedSection {
    // The section ends on its last non-blank line, so trailing blank lines belong to nobody and an insertion at
    // the section end lands right after its content.
    let endLine = boundaryLine - 1;
    while (endLine > heading.range.end.line && isBlank(this.index.lineAt(endLine))) endLine--;
    const end: Position =
      endLine > heading.range.end.line
        ? { line: endLine, character: this.index.lineAt(endLine).length }
        : heading.range.end;

    const items: ParsedListItem[] = [];
    const tables: ParsedTable[] = [];
    for (const node of content) {
      if (node.type === 'list') items.push(...this.listItems(node, 0));
      else if (node.type === 'table') tables.push(this.table(node));
    }
    return {
      heading,
      range: { start: heading.range.start, end },
      items,
      tables,
      hasContent: hasContent(content),
    };
  }

  /** The items of `list` with their nested items, built with an explicit stack. */
  listItems(list: List, depth: number): ParsedListItem[] {
    const result: ParsedListItem[] = [];
    const stack: Array<{ node: ListItem; depth: number; into: ParsedListItem[] }> = [];
    const pushItems = (l: List, d: number, into: ParsedListItem[]): void => {
      for (let k = l.children.length - 1; k >= 0; k--) stack.push({ node: l.children[k], depth: d, into });
    };
    pushItems(list, depth, result);
    while (stack.length > 0) {
      const { node, depth: d, into } = stack.pop()!;
      const item = this.listItem(node, d);
      into.push(item);
      // Nested lists are pushed after their parent is placed and popped in order, so siblings keep source order.
      const nested = node.children.filter((c): c is List => c.type === 'list');
      for (let k = nested.length - 1; k >= 0; k--) pushItems(nested[k], d + 1, item.children);
    }
    return result;
  }

  listItem(node: ListItem, depth: number): ParsedListItem {
    const src = this.src;
    const start = node.position!.start.offset!;
    const end = node.position!.end.offset!;
    let o = start;
    while (isSpaceOrTab(src[o])) o++;
    // Skip the marker: a bullet, or up to nine digits and `.`/`)`.
    if (src[o] === '-' || src[o] === '*' || src[o] === '+') o++;
    else {
      while (o < end && src[o] >= '0' && src[o] <= '9') o++;
      if (src[o] === '.' || src[o] === ')') o++;
    }
    const checked = node.checked ?? null;
    let checkboxRange: Range | null = null;
    if (checked !== null) {
      // The box starts the item's first paragraph, which may begin on the line after the marker.
      let b = o;
      while (b < end && /\s/.test(src[b])) b++;
      if (src[b] === '[' && src[b + 2] === ']') {
        checkboxRange = this.range(b, b + 3);
        o = b + 3;
      }
    }
    while (isSpaceOrTab(src[o])) o++;
    const lineEnd = Math.min(this.index.lineEnd(this.pos(o).line), end);
    let { text, range: textRange } = this.trimmed(o, Math.max(o, lineEnd));
    if (text === '') {
      // The item starts with a blank line or a nested block: its text is the first line of its first paragraph.
      const para = node.children.find((c) => c.type === 'paragraph');
      if (para) {
        const ps = para.position!.start.offset!;
        const pe = Math.min(this.index.lineEnd(this.pos(ps).line), para.position!.end.offset!);
        ({ text, range: textRange } = this.trimmed(ps, pe));
      } else {
        textRange = this.range(o, o);
      }
    }
    return { checked, text, textRange, range: this.range(start, end), checkboxRange, children: [], depth };
  }

  table(node: Table): ParsedTable {
    const rows = node.children.map((r) => this.tableRow(r));
    return { header: rows[0], rows: rows.slice(1), range: this.nodeRange(node) };
  }

  tableRow(row: TableRow): ParsedTableRow {
    const cells: ParsedTableCell[] = row.children.map((cell) => {
      const src = this.src;
      // remark's cell spans its leading pipe, and the trailing pipe for the last cell of the row.
      let a = cell.position!.start.offset!;
      let b = cell.position!.end.offset!;
      if (src[a] === '|') a++;
      while (b > a && isSpaceOrTab(src[b - 1])) b--;
      if (b > a && src[b - 1] === '|' && !isEscaped(src, b - 1)) b--;
      const t = this.trimmed(a, b);
      return t.text === '' ? { text: '', range: this.range(a, a) } : t;
    });
    return { cells, range: this.nodeRange(row) };
  }
}

/** Whether the character at `at` is escaped by an odd run of backslashes. */
function isEscaped(src: string, at: number): boolean {
  let n = 0;
  for (let k = at - 1; k >= 0 && src[k] === '\\'; k--) n++;
  return n % 2 === 1;
}

const INLINE = new Set(['text', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'inlineCode', 'break']);

/**
 * The words of `nodes`: markup dropped (emphasis, links and code keep their text, images their alt text, HTML its
 * text without tags), block boundaries become spaces, whitespace collapsed, trimmed.
 */
function plainText(nodes: RootContent[]): string {
  const parts: string[] = [];
  const stack: Array<Nodes | string> = [];
  for (let k = nodes.length - 1; k >= 0; k--) stack.push(nodes[k]);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (typeof n === 'string') {
      parts.push(n);
      continue;
    }
    switch (n.type) {
      case 'text':
      case 'inlineCode':
        parts.push(n.value);
        continue;
      case 'code':
        parts.push(' ', n.value, ' ');
        continue;
      case 'html':
        parts.push(' ', stripHtml(n.value), ' ');
        continue;
      case 'image':
      case 'imageReference':
        parts.push(n.alt ?? '');
        continue;
      case 'break':
        parts.push(' ');
        continue;
      case 'yaml':
      case 'definition':
      case 'footnoteReference':
      case 'thematicBreak':
        continue;
    }
    if ('children' in n) {
      const block = !INLINE.has(n.type);
      if (block) stack.push(' ');
      for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]);
      if (block) parts.push(' ');
    }
  }
  return collapseWhitespace(parts.join('')).trim();
}

/**
 * Whether some block of `nodes` has words other than placeholders (see `ParsedSection.hasContent`): paragraphs
 * and headings by their plain text, code and HTML by their text without comments (and tags), a table when it has
 * rows; containers (lists, items, quotes) by their blocks. Stops at the first block with content.
 */
function hasContent(nodes: RootContent[]): boolean {
  const stack: Nodes[] = [];
  for (let k = nodes.length - 1; k >= 0; k--) stack.push(nodes[k]);
  while (stack.length > 0) {
    const n = stack.pop()!;
    switch (n.type) {
      case 'paragraph':
      case 'heading':
        if (!isPlaceholder(plainText([n]))) return true;
        continue;
      case 'code':
        if (!isPlaceholder(collapseWhitespace(stripHtmlComments(n.value)))) return true;
        continue;
      case 'html':
        if (!isPlaceholder(collapseWhitespace(stripHtml(n.value)))) return true;
        continue;
      case 'table':
        if (n.children.length > 1) return true;
        continue;
    }
    if ('children' in n) for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k] as Nodes);
  }
  return false;
}

/** Text of raw HTML: comments and tags removed (`<[^<>]*>` stays linear on unclosed `<` runs). */
function stripHtml(html: string): string {
  return html.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ').replace(/<[^<>]*>/g, ' ');
}
