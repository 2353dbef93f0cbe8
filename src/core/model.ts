/**
 * The data model of the discovery engine. Plain data only: no classes, no `vscode`, no Node built-ins.
 *
 * Two layers:
 *  - {@link ParsedNote}: the *structure* of a note (front matter text, headings, level-2 sections with their
 *    list items and tables), with source ranges and raw source slices. Produced by a parser (the remark
 *    reference parser, and later a fast scanner that must produce an identical ParsedNote).
 *  - {@link Note}: the *meaning* (front matter values, canonical sections, risks, commitments, questions),
 *    produced by `analyze(parsed, config, path)` and consumed by the rules, the CLI and the extension.
 *
 * Positions are 0-based lines and 0-based UTF-16 character offsets in the text *after* a leading BOM is
 * removed (VS Code does the same, so ranges map 1:1 onto `vscode.Range`). Line breaks are `\n`, `\r\n` or `\r`.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

// ---------------------------------------------------------------------------------------------------------------
// Structure (parser output)
// ---------------------------------------------------------------------------------------------------------------

export interface ParsedFrontMatter {
  /** The YAML text between the fences, exactly as in the source (line breaks as in the source). */
  raw: string;
  /** The whole block, from the opening `---` to the end of the closing `---`. */
  range: Range;
  /** Line of the first YAML line (the line after the opening fence). */
  contentStartLine: number;
}

export interface ParsedHeading {
  depth: number;
  /** Heading text as written in the source, without the `#` marks / setext underline, trimmed. */
  text: string;
  /** The heading line(s) in the source. */
  range: Range;
  /** Range of `text` within the source line. */
  textRange: Range;
}

export interface ParsedListItem {
  /** `true` for `[x]`/`[X]`, `false` for `[ ]`, `null` for a plain (non-task) item. */
  checked: boolean | null;
  /**
   * Source text of the item's first line after the list marker and the task checkbox, trimmed
   * (raw Markdown, e.g. `**R-3** Vendor API rate limits — likelihood: 4`).
   */
  text: string;
  /** Range of `text`. */
  textRange: Range;
  /** The whole item including nested lists. */
  range: Range;
  /** Range of the `[ ]` box when `checked !== null`. */
  checkboxRange: Range | null;
  /** Items of lists nested in this item, in order. */
  children: ParsedListItem[];
  /** 0 for items of a top-level list in the section. */
  depth: number;
}

export interface ParsedTableCell {
  /** Source text of the cell, trimmed, pipes excluded (escaped `\|` kept as written). */
  text: string;
  range: Range;
}

export interface ParsedTableRow {
  cells: ParsedTableCell[];
  range: Range;
}

export interface ParsedTable {
  header: ParsedTableRow;
  rows: ParsedTableRow[];
  range: Range;
}

export interface ParsedSection {
  /** The level-2 heading that opens the section. */
  heading: ParsedHeading;
  /** From the heading to the last non-blank line before the next level-1/2 heading (or end of text). */
  range: Range;
  /** Top-level list items of the section (in any list directly in the section or under its level-3+ headings). */
  items: ParsedListItem[];
  tables: ParsedTable[];
  /**
   * Whether the section's body says anything: `true` when some block of it (a paragraph, a heading below
   * level 2, a code block, an HTML block, or a table with rows) has words other than placeholders (`TBD`, `TODO`,
   * `N/A`, `-`, see src/core/placeholder.ts) once its markup, HTML tags and comments are set aside. The header of a
   * table without rows (the skeleton's risk table) does not count. Each block is read on its own, and a parser
   * stops reading a section's text at its first block with content: this flag, not the text, is what the model
   * keeps (the text of every section of every note of a workspace was the largest part of the index).
   */
  hasContent: boolean;
}

export interface ParsedNote {
  /** `true` if the text started with U+FEFF. */
  bom: boolean;
  /** The first line break found, or `\n` if none. Fixes use it so CRLF files stay CRLF. */
  eol: '\n' | '\r\n' | '\r';
  /** Number of lines (a text with no line break has 1). */
  lineCount: number;
  /** Length of the last line in UTF-16 units (end of document = {line: lineCount-1, character: lastLineLength}). */
  lastLineLength: number;
  frontMatter: ParsedFrontMatter | null;
  /** Every heading of any level outside code blocks, in order. */
  headings: ParsedHeading[];
  /** Level-2 sections, in order. */
  sections: ParsedSection[];
  /** Which parser produced it, for diagnostics and the differential test. */
  parser: 'remark' | 'scanner';
}

// ---------------------------------------------------------------------------------------------------------------
// Meaning (analyze output)
// ---------------------------------------------------------------------------------------------------------------

export type CanonicalSectionId =
  | 'stakeholders'
  | 'business-objectives'
  | 'integration-mismatches'
  | 'backlog-fit'
  | 'skills-gaps'
  | 'technology-options'
  | 'success-criteria'
  | 'commitments'
  | 'open-questions'
  | 'risks';

export type SectionLevel = 'required' | 'recommended' | 'optional';

export interface SectionDefinition {
  id: string; // a CanonicalSectionId for the built-ins; custom sections get a slug of their name
  name: string;
  aliases: string[];
  level: SectionLevel;
}

export type Stage = 'discovery' | 'proposal' | 'contracted' | 'delivery' | 'closed';

export interface FieldValue<T> {
  value: T;
  /** Where the value is written (the value itself, not the key). */
  range: Range;
}

export interface FrontMatterInfo {
  /** `null` when the note has no front matter block. */
  range: Range | null;
  /** Parsed YAML mapping; `null` when absent, not a mapping or invalid. */
  data: Record<string, unknown> | null;
  /** YAML error, positioned at the offending line of the note. */
  error: { message: string; range: Range } | null;
  /** Position of each top-level key's value, for field-level diagnostics. */
  fieldRanges: Record<string, Range>;
}

export interface NoteMeta {
  /** From front matter, else from folder names (see docs/format.md), else `null`. */
  client: string | null;
  engagement: string | null;
  /** Where client/engagement came from. */
  clientSource: 'front-matter' | 'folder' | 'none';
  engagementSource: 'front-matter' | 'folder' | 'none';
  lead: string | null;
  date: string | null;
  stage: string | null;
  tags: string[];
}

export interface NoteSection {
  /** The matched definition's id, or `null` for a heading matching no definition. */
  id: string | null;
  parsed: ParsedSection;
}

export type RiskStatus = 'open' | 'mitigating' | 'monitoring' | 'accepted' | 'occurred' | 'closed';
export type Band = 'low' | 'medium' | 'high' | 'critical';

/** Names of risk fields. */
export type RiskFieldName = 'id' | 'title' | 'likelihood' | 'impact' | 'owner' | 'status' | 'due' | 'mitigation';

export interface RiskField {
  /** The raw text as written (trimmed). */
  raw: string;
  range: Range;
}

export interface ValueProblem {
  field: RiskFieldName | 'owner' | 'due';
  raw: string;
  range: Range;
  reason: string;
}

export interface Risk {
  /** e.g. `R-12`; `null` when the item has none. */
  id: string | null;
  title: string;
  form: 'list' | 'table';
  /** The whole list item or table row. */
  range: Range;
  /** Raw fields as written, with ranges. */
  fields: Partial<Record<RiskFieldName, RiskField>>;
  likelihood: number | null;
  impact: number | null;
  score: number | null;
  band: Band | null;
  owner: string | null;
  /** Effective status: a checked box means `closed`; no status means `open`. */
  status: RiskStatus;
  /** `true` if status is open, mitigating or monitoring (still needs attention). */
  isOpen: boolean;
  due: string | null;
  mitigation: string | null;
  /** Values that were present but not understood. */
  problems: ValueProblem[];
  /** For list-form risks: the checkbox (`null` for plain items / tables). */
  checkboxRange: Range | null;
  /** Where new `key: value` fields can be added (list form: after the last nested field line / title line). */
  insertFieldAt: Position;
  /** Indentation used for nested field items (list form), e.g. `  ` or `    `. */
  fieldIndent: string;
}

export interface Commitment {
  text: string;
  range: Range;
  textRange: Range;
  done: boolean;
  owner: string | null;
  due: string | null;
  fields: Partial<Record<'owner' | 'due', RiskField>>;
  problems: ValueProblem[];
  insertFieldAt: Position;
  fieldIndent: string;
}

export interface Question {
  text: string;
  range: Range;
  textRange: Range;
  answered: boolean;
  asked: string | null;
  owner: string | null;
  fields: Partial<Record<'asked' | 'owner', RiskField>>;
}

export interface RiskReference {
  id: string;
  range: Range;
}

export interface Note {
  /** Workspace-relative (or CLI-cwd-relative) path with `/` separators. */
  path: string;
  parsed: ParsedNote;
  frontMatter: FrontMatterInfo;
  meta: NoteMeta;
  sections: NoteSection[];
  risks: Risk[];
  commitments: Commitment[];
  questions: Question[];
  /** Risk IDs mentioned outside risk definitions (e.g. in commitments or questions). */
  references: RiskReference[];
}

// ---------------------------------------------------------------------------------------------------------------
// Findings and fixes
// ---------------------------------------------------------------------------------------------------------------

export type RuleCode =
  | 'DISC001'
  | 'DISC002'
  | 'DISC003'
  | 'DISC004'
  | 'DISC005'
  | 'DISC006'
  | 'DISC007'
  | 'DISC008'
  | 'DISC009'
  | 'DISC010'
  | 'DISC011'
  | 'DISC012'
  | 'DISC013';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** Non-overlapping edits, all against the same text version the finding was computed from. */
  edits: TextEdit[];
  /** The main fix of a finding. */
  preferred?: boolean;
}

export interface Finding {
  rule: RuleCode;
  /** Rule name, e.g. `missing-section`. */
  name: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Path of the note the finding is in (workspace rules may report in several notes). */
  path: string;
  fixes: Fix[];
}
