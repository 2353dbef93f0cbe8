import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { lintText } from '../../src/core/lint';
import { DEFAULT_SECTIONS, matchSection } from '../../src/core/sections';
import { DEFAULT_IMPACT_WORDS, DEFAULT_LIKELIHOOD_WORDS, parseLevel } from '../../src/core/scale';
import { dateVariables, expandSnippet } from './snippetExpansion';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

const snippetsPath = join(__dirname, '..', '..', 'snippets', 'discovery.json');
const snippetsText = readFileSync(snippetsPath, 'utf8');
const snippets = JSON.parse(snippetsText) as Record<string, Snippet>;
const STATUSES = ['open', 'mitigating', 'monitoring', 'accepted', 'occurred', 'closed'];
const TODAY = '2026-11-22';

function byPrefix(prefix: string): Snippet {
  const found = Object.values(snippets).filter((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]).includes(prefix));
  assert.equal(found.length, 1, `exactly one snippet has the prefix ${prefix}`);
  return found[0];
}

function expand(prefix: string): string {
  return expandSnippet(byPrefix(prefix).body, dateVariables(TODAY)).text;
}

/** Level-2 headings of a Markdown text, outside fenced code. */
function level2Headings(text: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s{0,3}(```|~~~)/u.test(line)) fenced = !fenced;
    const m = /^ {0,3}## +(.*?)\s*#*\s*$/u.exec(line);
    if (!fenced && m) out.push(m[1]);
  }
  return out;
}

describe('snippets', () => {
  it('are a valid snippet file for Markdown: an object of named snippets with prefix, body and description', () => {
    assert.equal(typeof snippets, 'object');
    assert.ok(Object.keys(snippets).length >= 18);
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.ok(typeof snippet.prefix === 'string' || Array.isArray(snippet.prefix), `${name} has a prefix`);
      assert.ok(typeof snippet.body === 'string' || Array.isArray(snippet.body), `${name} has a body`);
      assert.ok(typeof snippet.description === 'string' && snippet.description.length > 0, `${name} has a description`);
      assert.ok(!('scope' in snippet), `${name}: the language comes from the contribution, not a scope`);
    }
  });

  it('use prefixes that start with disc- and are unique', () => {
    const seen = new Set<string>();
    for (const snippet of Object.values(snippets)) {
      for (const prefix of Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix]) {
        assert.match(prefix, /^disc-[a-z0-9-]+$/u);
        assert.ok(!seen.has(prefix), `prefix ${prefix} is unique`);
        seen.add(prefix);
      }
    }
    for (const required of ['disc-note', 'disc-risk', 'disc-risk-row', 'disc-risk-table', 'disc-commitment', 'disc-question', 'disc-stakeholder', 'disc-option']) {
      assert.ok(seen.has(required), `${required} exists`);
    }
  });

  it('expand without syntax errors, with tab stops numbered from 1 and a final $0', () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      const expansion = expandSnippet(snippet.body, dateVariables(TODAY));
      const stops = expansion.tabStops.filter((n) => n > 0);
      assert.ok(stops.length > 0, `${name} has tab stops`);
      const distinct = [...new Set(stops)].sort((a, b) => a - b);
      assert.deepEqual(distinct, distinct.map((_, i) => i + 1), `${name}: tab stops 1..n without gaps`);
      assert.ok(!expansion.text.includes('$'), `${name}: no unexpanded $ left`);
      assert.ok(expansion.tabStops.includes(0), `${name} ends with $0`);
    }
  });

  it('has one snippet per section, named by the section id, that inserts that section', () => {
    for (const def of DEFAULT_SECTIONS) {
      const text = expand(`disc-section-${def.id}`);
      const headings = level2Headings(text);
      assert.equal(headings.length, 1, `disc-section-${def.id} inserts one section`);
      assert.equal(headings[0], def.name);
      assert.ok(text.split('\n').slice(1).join(' ').trim().length > 0, `disc-section-${def.id} has content`);
    }
    const sectionPrefixes = Object.values(snippets)
      .flatMap((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]))
      .filter((p) => p.startsWith('disc-section-'));
    assert.equal(sectionPrefixes.length, DEFAULT_SECTIONS.length, 'no snippet for a section that does not exist');
  });

  it('disc-note contains every canonical section, by its canonical name, in canonical order', () => {
    const headings = level2Headings(expand('disc-note'));
    assert.deepEqual(headings, DEFAULT_SECTIONS.map((d) => d.name));
    for (const heading of headings) assert.ok(matchSection(heading, DEFAULT_SECTIONS), `${heading} matches a section`);
  });

  it('disc-note starts with front matter naming client, engagement, lead, date, stage and tags', () => {
    const text = expand('disc-note');
    const m = /^---\n([\s\S]*?)\n---\n/u.exec(text);
    assert.ok(m, 'front matter block at the top');
    const keys = m[1].split('\n').map((l) => l.split(':')[0]);
    assert.deepEqual(keys, ['client', 'engagement', 'lead', 'date', 'stage', 'tags']);
    assert.match(m[1], new RegExp(`^date: ${TODAY}$`, 'mu'));
    assert.match(m[1], /^stage: discovery$/mu);
  });

  it('offers only likelihood, impact and status values the engine understands', () => {
    let checked = 0;
    for (const [name, snippet] of Object.entries(snippets)) {
      const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
      const expansion = expandSnippet(body, dateVariables(TODAY));
      for (const [stop, options] of expansion.choices) {
        const context = new RegExp(`(\\w+): \\$\\{${stop}\\||\\| \\$\\{${stop}\\|`, 'u').exec(body);
        const field = context?.[1]?.toLowerCase() ?? columnOf(body, stop);
        if (field === 'likelihood') for (const o of options) assert.notEqual(parseLevel(o, DEFAULT_LIKELIHOOD_WORDS), null, `${name}: ${o}`);
        else if (field === 'impact') for (const o of options) assert.notEqual(parseLevel(o, DEFAULT_IMPACT_WORDS), null, `${name}: ${o}`);
        else if (field === 'status') for (const o of options) assert.ok(STATUSES.includes(o), `${name}: ${o}`);
        else if (field === 'stage') assert.deepEqual(options, ['discovery', 'proposal', 'contracted', 'delivery', 'closed']);
        else continue;
        checked += 1;
      }
    }
    assert.ok(checked >= 15, `checked the choice lists (${checked})`);
  });

  it('disc-risk-table has a header whose columns match the risk table columns, and a row with as many cells', () => {
    const lines = expand('disc-risk-table').split('\n').filter((l) => l.startsWith('|'));
    assert.equal(lines.length, 3);
    const cells = (line: string) => line.slice(1, -1).split('|').map((c) => c.trim());
    assert.deepEqual(cells(lines[0]), ['ID', 'Risk', 'Likelihood', 'Impact', 'Owner', 'Status', 'Due', 'Mitigation']);
    assert.ok(cells(lines[1]).every((c) => /^-+$/u.test(c)));
    assert.equal(cells(lines[2]).length, 8);
    assert.deepEqual(cells(expand('disc-risk-row').trimEnd()), cells(lines[2]));
    assert.match(cells(lines[2])[0], /^R-\d+$/u);
  });

  it('disc-commitment and disc-question carry their fields inline', () => {
    assert.equal(expand('disc-commitment'), `- [ ] What was agreed — owner: Name; due: ${TODAY}`);
    assert.equal(expand('disc-question'), `- [ ] What is still unknown? — asked: ${TODAY}; owner: Name`);
  });

  it('disc-note with its defaults accepted is a note with no missing section', () => {
    const { findings } = lintText('acme/crm-replatform/kickoff.discovery.md', expand('disc-note'), DEFAULT_CONFIG, TODAY, { standalone: true });
    assert.deepEqual(findings.filter((f) => f.rule === 'DISC001').map((f) => f.message), []);
  });

  it('disc-note with its defaults accepted has no findings at all on the day it is written', () => {
    const { note, findings } = lintText('acme/crm-replatform/kickoff.discovery.md', expand('disc-note'), DEFAULT_CONFIG, TODAY, { standalone: true });
    assert.deepEqual(findings.map((f) => `${f.rule} ${f.message}`), []);
    assert.equal(note.risks.length, 1);
    assert.equal(note.risks[0].score, 9);
    assert.equal(note.commitments.length, 1);
    assert.equal(note.questions.length, 1);
  });

  it('disc-option weighs supportability, cost and risk on both sides', () => {
    const text = expand('disc-option');
    assert.match(text, /^### Option /u);
    for (const side of ['Pros', 'Cons']) {
      const line = text.split('\n').find((l) => l.startsWith(`- ${side}:`));
      assert.ok(line, `${side} line`);
      for (const aspect of ['supportability', 'cost', 'risk']) assert.ok(line.includes(`${aspect}:`), `${side} covers ${aspect}`);
    }
  });
});

/** For a table row, the header column of the cell holding tab stop `stop`. */
function columnOf(body: string, stop: number): string | undefined {
  const lines = body.split('\n');
  const header = lines.find((l) => l.startsWith('| ID |'));
  const row = lines.find((l) => l.includes(`\${${stop}|`) && l.startsWith('|'));
  if (!row) return undefined;
  const columns = (header ?? '| ID | Risk | Likelihood | Impact | Owner | Status | Due | Mitigation |').slice(1, -1).split('|').map((c) => c.trim().toLowerCase());
  // Split the row on the cell separators that are not inside a placeholder.
  const cells: string[] = [];
  let depth = 0;
  let cell = '';
  for (let i = 1; i < row.length; i++) {
    const ch = row[i];
    if (ch === '{' && row[i - 1] === '$') depth += 1;
    if (ch === '}' && depth > 0) depth -= 1;
    if (ch === '|' && depth === 0 && row[i - 1] === ' ') {
      cells.push(cell);
      cell = '';
      continue;
    }
    cell += ch;
  }
  const index = cells.findIndex((c) => c.includes(`\${${stop}|`));
  return index >= 0 ? columns[index] : undefined;
}
