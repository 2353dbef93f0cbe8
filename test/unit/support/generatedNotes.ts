/**
 * fast-check generators for the reliability tests: discovery notes built from the parts real notes are made of
 * (front matter valid or not, canonical sections, aliases and typos, risks in list and table form with odd
 * values, commitments, questions, code fences, HTML, nested lists), and random Markdown made of the tokens that
 * steer a CommonMark parser. Plus walkers that check every range of a model lies inside its text.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Position, Range } from '../../../src/core/model';

const WORDS = ['vendor', 'API', 'rate', 'limits', 'SSO', 'migration', 'R-1', 'R-2', 'R-12', 'Dana', '@sam', 'TBD', 'é', '😀', '中文', 'a\\|b', '`x`', '**b**', '[l](u)', '<b>', '&amp;'];
const SECTION_NAMES = [
  'Stakeholders', 'Business objectives', 'Integration mismatches', 'Backlog fit', 'Skills gaps', 'Technology options',
  'Success criteria', 'Commitments', 'Open questions', 'Risks', 'Risk register', 'RAID', 'Questions', 'Action items',
  'Stakehodlers', 'Risk registr', 'Sucess criteria', '3. Integration & data 🔌', 'Notes', 'Backlog', 'Options',
];
const LEVELS = ['1', '2', '3', '4', '5', '0', '6', '-1', 'likely', 'rare', 'almost certain', 'severe', 'high', 'TBD', 'ten', '4.5', ''];
const STATUSES = ['open', 'closed', 'mitigating', 'monitoring', 'accepted', 'occurred', 'done', 'Open', ''];
const DATES = ['2026-12-01', '2025-01-31', '2026-13-45', 'next week', '2026-11-22', ''];

const word = fc.constantFrom(...WORDS, 'the', 'client', 'team', 'data');
const phrase = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));
const indentUnit = fc.constantFrom('  ', '    ', '\t');

const fieldLine = fc.tuple(
  fc.constantFrom('likelihood', 'impact', 'owner', 'status', 'due', 'mitigation', 'probability', 'Owner', 'score', 'asked'),
  fc.oneof(fc.constantFrom(...LEVELS), fc.constantFrom(...STATUSES), fc.constantFrom(...DATES), phrase),
).map(([k, v]) => `${k}: ${v}`);

const riskItem = fc
  .record({
    box: fc.constantFrom('[ ] ', '[x] ', '[X] ', ''),
    id: fc.constantFrom('R-1: ', 'R-2: ', '**R-3** ', 'R-12 — ', ''),
    title: phrase,
    inline: fc.array(fieldLine, { maxLength: 4 }),
    nested: fc.array(fieldLine, { maxLength: 5 }),
    indent: indentUnit,
    marker: fc.constantFrom('-', '*', '+', '1.'),
  })
  .map(({ box, id, title, inline, nested, indent, marker }) => {
    const head = `${marker} ${box}${id}${title}${inline.length ? ` — ${inline.join('; ')}` : ''}`;
    return [head, ...nested.map((f) => `${indent}- ${f}`)];
  });

const riskTable = fc
  .record({
    columns: fc.shuffledSubarray(['ID', 'Risk', 'Likelihood', 'Impact', 'Owner', 'Status', 'Due', 'Mitigation', 'Notes'], { minLength: 1 }),
    rows: fc.array(fc.array(fc.oneof(fc.constantFrom(...LEVELS, ...STATUSES, ...DATES, 'R-4', 'R-1'), phrase), { minLength: 0, maxLength: 10 }), { maxLength: 5 }),
  })
  .map(({ columns, rows }) => [
    `| ${columns.join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ]);

const taskItem = fc
  .tuple(fc.constantFrom('- [ ] ', '- [x] ', '- ', '* [ ] '), phrase, fc.array(fieldLine, { maxLength: 3 }), fc.boolean())
  .map(([m, t, fields, nested]) =>
    nested ? [`${m}${t}`, ...fields.map((f) => `  - ${f}`)] : [`${m}${t}${fields.length ? ` — ${fields.join('; ')}` : ''}`],
  );

const block: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 4, arbitrary: riskItem },
  { weight: 2, arbitrary: riskTable },
  { weight: 3, arbitrary: taskItem },
  { weight: 2, arbitrary: phrase.map((p) => [p]) },
  { weight: 1, arbitrary: fc.constantFrom<string[]>(['TBD'], ['N/A'], ['-'], ['TODO'], []) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('```', '~~~'), phrase).map(([f, p]) => [f, '## Risks', `- [ ] R-9: ${p}`, f]) },
  { weight: 1, arbitrary: phrase.map((p) => ['<div>', `## ${p}`, '</div>']) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 12 }).map((d) => Array.from({ length: d }, (_, i) => `${'  '.repeat(i)}- ${i}`)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('###', '####', '#'), phrase).map(([h, p]) => [`${h} ${p}`]) },
  { weight: 1, arbitrary: phrase.map((p) => [p, '---']) },
  { weight: 1, arbitrary: phrase.map((p) => [`> ${p}`, `> - [ ] R-5: ${p}`]) },
);

const frontMatter = fc.oneof(
  fc.constant([] as string[]),
  fc
    .record({
      client: fc.oneof(phrase, fc.constant('')),
      engagement: fc.oneof(phrase, fc.constant('')),
      date: fc.constantFrom(...DATES),
      stage: fc.constantFrom('discovery', 'proposal', 'contracted', 'closed', 'later', ''),
      tags: fc.constantFrom('[a, b]', 'x', '[]', ''),
    })
    .map((fm) => ['---', `client: ${fm.client}`, `engagement: ${fm.engagement}`, `date: ${fm.date}`, `stage: ${fm.stage}`, `tags: ${fm.tags}`, '---']),
  fc.constantFrom(
    ['---', 'client: [unclosed', 'engagement: x', '---'],
    ['---', 'a: &a [1, 2]', 'b: [*a, *a]', '---'],
    ['---', '- just', '- a list', '---'],
    ['---', 'client: "Acme"', 'client: "Dup"', '---'],
    ['---', 'client: Acme'],
    ['+++', 'client = "toml"', '+++'],
  ),
);

const section = fc.tuple(fc.constantFrom(...SECTION_NAMES), fc.constantFrom('## ', '##  ', '## 🔥 ', '### '), fc.array(block, { maxLength: 5 }), fc.boolean()).map(
  ([name, mark, blocks, blank]) => [`${mark}${name}`, ...(blank ? [''] : []), ...blocks.flatMap((b) => [...b, ...(blank ? [''] : [])])],
);

/** A generated discovery note with `\n` line breaks (callers derive the CRLF / CR / BOM variants). */
export const generatedNote: fc.Arbitrary<string> = fc
  .tuple(frontMatter, fc.constantFrom([], ['# Title'], ['Title', '=====']), fc.array(section, { maxLength: 9 }), fc.constantFrom('', '\n', '\n\n'))
  .map(([fm, title, sections, tail]) => [...fm, ...title, ...sections.flat()].join('\n') + tail);

const MARKDOWN_TOKENS = [
  '#', '## ', '### ', '-', '- ', '* ', '+ ', '1. ', '2) ', '> ', '[ ] ', '[x] ', '|', ' | ', '---', '***', '===', '```', '~~~',
  '`', '*', '_', '[', ']', '(', ')', '<', '>', '!', '\\', '&', ';', ':', 'R-1', 'R-2', 'owner: ', 'likelihood: 4', ' ', '  ', '    ',
  '\t', '\n', '\n', '\n', '\r\n', '\r', 'word', 'Risks', 'Stakeholders', '<!--', '-->', '<div>', '</div>', '😀', '\u00a0', 'é',
  '\u2028', '\uFEFF', '\u0000', '\ud800',
];

/** Random Markdown: a soup of the tokens that open and close CommonMark blocks and inlines, random text mixed in. */
export const randomMarkdown: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...MARKDOWN_TOKENS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), { maxLength: 120 })
  .map((parts) => parts.join(''));

export function toCrlf(text: string): string {
  return text.replace(/\r\n|\r|\n/gu, '\r\n');
}

export function toCr(text: string): string {
  return text.replace(/\r\n|\r|\n/gu, '\r');
}

/** Line lengths of a text (BOM removed), with `\n`, `\r\n` and `\r` as line breaks. */
export function lineLengths(text: string): number[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.split(/\r\n|\r|\n/u).map((l) => l.length);
}

function isPosition(v: unknown): v is Position {
  return typeof v === 'object' && v !== null && typeof (v as Position).line === 'number' && typeof (v as Position).character === 'number';
}

function isRange(v: unknown): v is Range {
  return typeof v === 'object' && v !== null && isPosition((v as Range).start) && isPosition((v as Range).end);
}

/**
 * Walks any plain-data value (a ParsedNote, a Note, findings with their fixes) and asserts that every position
 * lies inside the text (a line that exists, a character within it or at its end) and every range is ordered.
 * Returns how many positions were checked.
 */
export function assertRangesInside(value: unknown, text: string, where = 'model'): number {
  const lengths = lineLengths(text);
  let count = 0;
  const seen = new Set<object>();
  const checkPos = (p: Position, path: string): void => {
    count++;
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), `${path}: non-integer position ${JSON.stringify(p)}`);
    assert.ok(p.line >= 0 && p.line < lengths.length, `${path}: line ${p.line} outside 0..${lengths.length - 1}`);
    assert.ok(p.character >= 0 && p.character <= lengths[p.line], `${path}: character ${p.character} outside line ${p.line} (length ${lengths[p.line]})`);
  };
  const visit = (v: unknown, path: string): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (isRange(v)) {
      checkPos(v.start, `${path}.start`);
      checkPos(v.end, `${path}.end`);
      const ordered = v.start.line < v.end.line || (v.start.line === v.end.line && v.start.character <= v.end.character);
      assert.ok(ordered, `${path}: range ends before it starts ${JSON.stringify(v)}`);
      return;
    }
    if (isPosition(v)) {
      checkPos(v, path);
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`));
    else for (const [k, x] of Object.entries(v)) visit(x, `${path}.${k}`);
  };
  visit(value, where);
  return count;
}

/**
 * The model as JSON with line-break differences taken out: `\r\n` and lone `\r` in strings become `\n`, and the
 * `eol` / `bom` fields are dropped (the only fields allowed to tell the variants apart).
 */
export function normalisedModel(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === 'eol' || key === 'bom') return undefined;
    if (typeof v === 'string') return v.replace(/\r\n|\r/gu, '\n');
    return v;
  });
}
