import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The injection grammar is exercised with a small line tokenizer that follows the TextMate rules the grammar
 * relies on: at each position the earliest match of any active pattern wins (ties go to the earlier pattern),
 * `begin`/`end` rules scan their own patterns until `end` matches, and captures name sub-ranges. Regexes are
 * compiled as JavaScript RegExps; the only Oniguruma-specific syntax allowed is a leading `(?i)`.
 */

interface GrammarRule {
  include?: string;
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  name?: string;
  contentName?: string;
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  endCaptures?: Record<string, { name: string }>;
  patterns?: GrammarRule[];
  comment?: string;
}

interface Grammar {
  scopeName: string;
  injectionSelector: string;
  patterns: GrammarRule[];
  repository: Record<string, GrammarRule>;
  comment?: string;
}

interface Token {
  text: string;
  scope: string;
  start: number;
}

const grammarPath = join(__dirname, '..', '..', 'syntaxes', 'discovery.injection.tmLanguage.json');
const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as Grammar;

/** Compiles an Oniguruma pattern of this grammar as a JS RegExp (global, with capture indices). */
function compile(source: string): RegExp {
  let flags = 'gd';
  let body = source;
  if (body.startsWith('(?i)')) {
    flags += 'i';
    body = body.slice(4);
  }
  assert.ok(!/\(\?[imx-]+[):]/u.test(body), `inline modifiers other than a leading (?i) are not portable: ${source}`);
  assert.ok(!/\\[AGzZh]/u.test(body), `Oniguruma-only escapes are not allowed: ${source}`);
  return new RegExp(body, flags);
}

function resolve(rule: GrammarRule): GrammarRule {
  if (rule.include === undefined) return rule;
  assert.ok(rule.include.startsWith('#'), `only repository includes are used: ${rule.include}`);
  const target = grammar.repository[rule.include.slice(1)];
  assert.ok(target, `include ${rule.include} names a repository entry`);
  return resolve(target);
}

interface Hit {
  rule: GrammarRule;
  match: RegExpExecArray;
}

function earliest(rules: GrammarRule[], line: string, pos: number): Hit | null {
  let best: Hit | null = null;
  for (const raw of rules) {
    const rule = resolve(raw);
    const source = rule.match ?? rule.begin;
    if (source === undefined) continue;
    const re = compile(source);
    re.lastIndex = pos;
    const match = re.exec(line);
    if (match && (!best || match.index < best.match.index)) best = { rule, match };
  }
  return best;
}

function emitCaptures(
  match: RegExpExecArray,
  captures: Record<string, { name: string }> | undefined,
  out: Token[],
): void {
  if (!captures) return;
  for (const [group, { name }] of Object.entries(captures)) {
    const index = Number(group);
    const span = match.indices?.[index];
    const text = match[index];
    if (span && text !== undefined && text !== '') out.push({ text, scope: name, start: span[0] });
  }
}

/** Tokenizes one line with the grammar's top-level patterns; returns only the ranges the grammar scopes. */
function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  while (pos <= line.length) {
    const hit = earliest(grammar.patterns, line, pos);
    if (!hit) break;
    const { rule, match } = hit;
    const matchEnd = match.index + match[0].length;
    if (rule.match !== undefined) {
      if (rule.name) out.push({ text: match[0], scope: rule.name, start: match.index });
      emitCaptures(match, rule.captures, out);
      pos = matchEnd > match.index ? matchEnd : matchEnd + 1;
      continue;
    }
    // A begin/end rule: scan its own patterns up to the first `end` match.
    emitCaptures(match, rule.beginCaptures, out);
    const endRe = compile(rule.end ?? '$');
    let inner = matchEnd;
    endRe.lastIndex = inner;
    const endMatch = endRe.exec(line);
    const stop = endMatch ? endMatch.index : line.length;
    while (inner < stop) {
      const innerHit = earliest(rule.patterns ?? [], line, inner);
      if (!innerHit || innerHit.match.index >= stop) break;
      const innerEnd = innerHit.match.index + innerHit.match[0].length;
      if (innerEnd > stop) break;
      if (innerHit.rule.name) out.push({ text: innerHit.match[0], scope: innerHit.rule.name, start: innerHit.match.index });
      emitCaptures(innerHit.match, innerHit.rule.captures, out);
      inner = innerEnd > innerHit.match.index ? innerEnd : innerEnd + 1;
    }
    pos = stop > match.index ? stop : stop + 1;
  }
  return out.sort((a, b) => a.start - b.start);
}

function scoped(line: string, scopePrefix: string): string[] {
  return tokenize(line)
    .filter((t) => t.scope.startsWith(scopePrefix))
    .map((t) => t.text);
}

function collectRegexes(node: unknown, found: Array<{ where: string; source: string }>, where = ''): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => collectRegexes(child, found, `${where}[${i}]`));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'match' || key === 'begin' || key === 'end' || key === 'while') && typeof value === 'string') {
      found.push({ where: `${where}.${key}`, source: value });
    } else {
      collectRegexes(value, found, `${where}.${key}`);
    }
  }
}

describe('injection grammar', () => {
  it('is an injection into Markdown that leaves code, links, comments and front matter alone', () => {
    assert.equal(grammar.scopeName, 'discovery.injection');
    const selector = grammar.injectionSelector;
    assert.match(selector, /^L:text\.html\.markdown\b/u);
    for (const excluded of ['comment', 'markup.fenced_code', 'markup.raw', 'markup.inline.raw', 'meta.embedded']) {
      assert.ok(selector.includes(`-${excluded}`), `selector excludes ${excluded}`);
    }
    assert.match(grammar.comment ?? '', /conservative/u);
  });

  it('compiles every regex as a JavaScript RegExp', () => {
    const found: Array<{ where: string; source: string }> = [];
    collectRegexes(grammar, found);
    assert.ok(found.length >= 10, `expected the grammar's regexes, found ${found.length}`);
    for (const { where, source } of found) {
      assert.doesNotThrow(() => compile(source), `${where}: ${source}`);
    }
  });

  it('resolves every include and uses theme-coloured scope names', () => {
    const scopes = new Set<string>();
    const visit = (rule: GrammarRule): void => {
      const r = resolve(rule);
      if (r.name) scopes.add(r.name);
      for (const c of [r.captures, r.beginCaptures, r.endCaptures]) for (const v of Object.values(c ?? {})) scopes.add(v.name);
      r.patterns?.forEach(visit);
    };
    grammar.patterns.forEach(visit);
    const roots = ['constant.', 'variable.', 'keyword.', 'punctuation.', 'meta.'];
    for (const scope of scopes) {
      assert.ok(roots.some((root) => scope.startsWith(root)), `${scope} starts with a standard root`);
      assert.ok(scope.endsWith('.discovery'), `${scope} ends with .discovery`);
    }
    for (const expected of [
      'constant.other.risk-id.discovery',
      'variable.other.field.discovery',
      'constant.numeric.date.discovery',
      'constant.language.status.discovery',
      'constant.language.level.discovery',
    ]) {
      assert.ok(scopes.has(expected), `grammar uses ${expected}`);
    }
  });

  it('highlights nested risk fields of a list-form risk', () => {
    assert.deepEqual(scoped('- [ ] R-2: ADFS cannot issue OIDC tokens before go-live', 'constant.other.risk-id'), ['R-2']);
    assert.deepEqual(scoped('  - likelihood: almost certain', 'variable.other.field'), ['likelihood']);
    assert.deepEqual(scoped('  - likelihood: almost certain', 'constant.language.level'), ['almost certain']);
    assert.deepEqual(scoped('  - Impact: 4', 'constant.numeric.level'), ['4']);
    assert.deepEqual(scoped('  - status: mitigating', 'constant.language.status'), ['mitigating']);
    assert.deepEqual(scoped('    * due: 2026-12-12', 'variable.other.field'), ['due']);
    assert.deepEqual(scoped('    * due: 2026-12-12', 'constant.numeric.date'), ['2026-12-12']);
    assert.deepEqual(scoped('  - mitigation: Load-test at 3x peak; cache look-ups', 'variable.other.field'), ['mitigation']);
    assert.deepEqual(scoped('  - owner: Gareth Lloyd', 'variable.other.field'), ['owner']);
  });

  it('highlights inline fields after a dash and between semicolons', () => {
    const line =
      '- [ ] R-4: ESB developers not released — likelihood: likely; impact: moderate; owner: Helen Marsh; status: monitoring; due: 2027-01-15; mitigation: Ask in PI 27 planning.';
    assert.deepEqual(scoped(line, 'variable.other.field'), ['likelihood', 'impact', 'owner', 'status', 'due', 'mitigation']);
    assert.deepEqual(scoped(line, 'constant.language.level'), ['likely', 'moderate']);
    assert.deepEqual(scoped(line, 'constant.language.status'), ['monitoring']);
    assert.deepEqual(scoped(line, 'constant.numeric.date'), ['2027-01-15']);
    assert.deepEqual(scoped(line, 'constant.other.risk-id'), ['R-4']);
  });

  it('reads the same key aliases and status words as the engine', () => {
    const line = '- [ ] R-9: Vendor API limits -- probability: high; consequence: severe; risk owner: Dana; state: in progress; deadline: 2027-01-31; mitigation plan: Cache';
    assert.deepEqual(scoped(line, 'variable.other.field'), ['probability', 'consequence', 'risk owner', 'state', 'deadline', 'mitigation plan']);
    assert.deepEqual(scoped(line, 'constant.language.level'), ['high', 'severe']);
    assert.deepEqual(scoped(line, 'constant.language.status'), ['in progress']);
    assert.deepEqual(scoped('  - status: on hold', 'constant.language.status'), []);
  });

  it('highlights commitment and question fields and risk references in them', () => {
    const commitment = '- [ ] Agree the fallback for R-1 with the ESB team — owner: Priya Raman; due: 2026-12-01';
    assert.deepEqual(scoped(commitment, 'variable.other.field'), ['owner', 'due']);
    assert.deepEqual(scoped(commitment, 'constant.other.risk-id'), ['R-1']);
    const question = '- [ ] Can ADFS expose OIDC? — asked: 2026-10-14; owner: Tom Hale';
    assert.deepEqual(scoped(question, 'variable.other.field'), ['asked', 'owner']);
    assert.deepEqual(scoped(question, 'constant.numeric.date'), ['2026-10-14']);
  });

  it('highlights status and level cells of a risk table row', () => {
    const row = '| R-4 | Pen test window clashes with the freeze | likely | Major | Aisha Khan | open | 2026-12-10 | Book testers early |';
    assert.deepEqual(scoped(row, 'constant.other.risk-id'), ['R-4']);
    assert.deepEqual(scoped(row, 'constant.language.level'), ['likely', 'Major']);
    assert.deepEqual(scoped(row, 'constant.language.status'), ['open']);
    assert.deepEqual(scoped(row, 'constant.numeric.date'), ['2026-12-10']);
  });

  it('never consumes a list marker, so Markdown list highlighting is untouched', () => {
    for (const line of ['- likelihood: likely', '  * [ ] status: open', '+ owner: Dana', '- [x] R-5: WSDLs late']) {
      const tokens = tokenize(line);
      assert.ok(tokens.length > 0, line);
      const marker = line.search(/[-*+]/u);
      for (const token of tokens) assert.ok(token.start > marker + 1, `${line}: ${token.text} starts after the marker`);
    }
  });

  it('leaves ordinary prose alone', () => {
    const prose = [
      'It is likely that the high cost of the open plan office is a major concern.',
      'The status quo is fine; impact on the team is low and the decision stays open.',
      'Owner: the platform team, due to the reorganisation.',
      'Mitigation - we talked about it on Tuesday.',
      'HR-12 and R-2D2 are not risk identifiers, and neither is R-.',
      'Version 2026-13-40 and build 1999-02-30x are not dates.',
      '| Name | Role |',
      '| Helen Marsh | CIO, open to options |',
      '- Pros: supportability: their team runs it 24/7; cost: existing licence; risk: low.',
    ];
    for (const line of prose) assert.deepEqual(tokenize(line), [], line);
  });

  it('only accepts dates with a plausible month and day', () => {
    assert.deepEqual(scoped('Workshop on 2026-10-14 and 2026-02-29.', 'constant.numeric.date'), ['2026-10-14', '2026-02-29']);
    assert.deepEqual(scoped('Not 2026-00-10, 2026-10-32 or 20261014.', 'constant.numeric.date'), []);
  });
});
