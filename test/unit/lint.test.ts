import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG, mergeConfig } from '../../src/core/config';
import { withoutBlocks } from '../../src/core/leanNote';
import { checkNote, lintAnalyzed, lintNotes, lintText } from '../../src/core/lint';
import { parseNote } from '../../src/core/parse/index';
import { RULES, ruleByCode, ruleDocsUrl } from '../../src/core/rules/index';
import { checkEngagements } from '../../src/core/workspaceRules';
import { FIXTURES, fixture, lint, TODAY, toCrlf, withBom } from './rules/support';

const FIXTURE_NAMES = readdirSync(FIXTURES).filter((n) => n.endsWith('.discovery.md'));

describe('lint', () => {
  it('has thirteen rules with stable codes, names, severities and documentation anchors', () => {
    assert.deepEqual(RULES.map((r) => r.code), Array.from({ length: 13 }, (_, i) => `DISC${String(i + 1).padStart(3, '0')}`));
    assert.equal(ruleByCode('DISC012')?.name, 'heading-typo');
    assert.equal(ruleByCode('DISC999'), undefined);
    assert.match(ruleDocsUrl('DISC001'), /docs\/rules\.md#disc001-missing-section$/u);
    const names = RULES.map((r) => r.name);
    assert.equal(new Set(names).size, names.length);
  });

  it('reports nothing on the clean note', () => {
    assert.deepEqual(lint(fixture('clean.discovery.md')).findings, []);
  });

  it('sorts findings by position and keeps every range inside the document', () => {
    for (const name of FIXTURE_NAMES) {
      const { note, findings } = lint(fixture(name), `fixtures/${name}`);
      for (let i = 1; i < findings.length; i++) {
        const [a, b] = [findings[i - 1].range.start, findings[i].range.start];
        assert.ok(a.line < b.line || (a.line === b.line && a.character <= b.character), `${name}: not sorted at ${i}`);
      }
      for (const f of findings) {
        assert.equal(f.path, `fixtures/${name}`);
        assert.ok(f.range.start.line >= 0 && f.range.end.line < note.parsed.lineCount, `${name}: ${f.rule} out of range`);
        assert.ok(f.message.length > 20 && /[.!?)]$/u.test(f.message), `${name}: ${f.message}`);
        assert.equal(f.name, ruleByCode(f.rule)?.name);
      }
    }
  });

  it('gives the same findings for LF, CRLF and BOM text', () => {
    for (const name of FIXTURE_NAMES) {
      const strip = (fs: ReturnType<typeof lint>['findings']) => fs.map((f) => [f.rule, f.severity, f.message, f.range]);
      const lf = strip(lint(fixture(name), `fixtures/${name}`).findings);
      assert.deepEqual(strip(lint(toCrlf(fixture(name)), `fixtures/${name}`).findings), lf, name);
      assert.deepEqual(strip(lint(withBom(fixture(name)), `fixtures/${name}`).findings), lf, name);
    }
  });

  it('applies configured severities and turns rules off', () => {
    const text = fixture('disc007-unmitigated.discovery.md');
    const config = mergeConfig(DEFAULT_CONFIG, { rules: { DISC007: 'error', DISC005: 'off' } });
    const { findings } = lintText('x.discovery.md', text, config, TODAY);
    assert.ok(findings.filter((f) => f.rule === 'DISC007').every((f) => f.severity === 'error'));
    assert.equal(findings.filter((f) => f.rule === 'DISC007').length, 3);
    assert.ok(!findings.some((f) => f.rule === 'DISC005'));
  });

  it('never reads the clock: today is an input', () => {
    const text = fixture('disc008-overdue.discovery.md');
    const early = lintText('x.discovery.md', text, DEFAULT_CONFIG, '2026-01-01').findings.filter((f) => f.rule === 'DISC008');
    const late = lintText('x.discovery.md', text, DEFAULT_CONFIG, '2027-06-01').findings.filter((f) => f.rule === 'DISC008');
    assert.equal(early.length, 0);
    assert.equal(late.length, 6);
  });

  it('lintNotes lists every path, clean ones with an empty list', () => {
    const sources = ['clean.discovery.md', 'disc002-empty.discovery.md'].map((n) => ({ path: n, text: fixture(n), config: DEFAULT_CONFIG }));
    const { notes, findings } = lintNotes(sources, TODAY);
    assert.equal(notes.length, 2);
    assert.deepEqual(Object.keys(findings).sort(), ['clean.discovery.md', 'disc002-empty.discovery.md']);
    assert.deepEqual(findings['clean.discovery.md'], []);
    assert.ok(findings['disc002-empty.discovery.md'].length > 0);
  });

  it('with fixes: false gives the same findings without their fixes, on every fixture and across an engagement', () => {
    const engagement = (readdirSync(`${FIXTURES}/engagement`, { recursive: true }) as string[])
      .map((n) => n.replace(/\\/gu, '/'))
      .filter((n) => n.endsWith('.discovery.md'));
    assert.equal(engagement.length, 3);
    const sources = [
      ...FIXTURE_NAMES.map((n) => ({ path: n, text: fixture(n), config: DEFAULT_CONFIG })),
      ...engagement.map((n) => ({ path: `engagement/${n}`, text: fixture(`engagement/${n}`), config: DEFAULT_CONFIG })),
    ];
    const full = lintNotes(sources, TODAY).findings;
    const bare = lintNotes(sources, TODAY, { fixes: false }).findings;
    let withFixes = 0;
    for (const path of Object.keys(full)) {
      withFixes += full[path].filter((f) => f.fixes.length > 0).length;
      assert.deepEqual(bare[path], full[path].map((f) => ({ ...f, fixes: [] })), path);
    }
    // Every rule that offers fixes is exercised (a rule that forgot the option would keep its fixes above).
    const fixing = new Set(Object.values(full).flat().filter((f) => f.fixes.length > 0).map((f) => f.rule));
    assert.deepEqual([...fixing].sort(), ['DISC001', 'DISC004', 'DISC005', 'DISC006', 'DISC007', 'DISC008', 'DISC009', 'DISC012', 'DISC013']);
    assert.ok(withFixes > 50, `${withFixes} findings with fixes`);
    // The cross-note DISC009 (a risk ID used again in another note of the engagement) is among them.
    assert.ok(Object.keys(full).some((p) => p.startsWith('engagement/') && full[p].some((f) => f.rule === 'DISC009' && f.fixes.length > 0)));
    // Without fixes, the rules need no list item or table of a note: the CLI checks notes made lean (leanNote.ts).
    const lean = lintAnalyzed(
      sources.map((s) => ({ note: withoutBlocks(analyze(parseNote(s.text), s.config, s.path)), config: s.config })),
      TODAY,
      { fixes: false },
    );
    assert.deepEqual(lean, bare);
  });

  it('checkNote leaves engagement rules to checkEngagements, which together equal lintText standalone', () => {
    const text = fixture('disc010-references.discovery.md');
    const { note, findings } = lint(text, 'x.discovery.md');
    const ctx = { config: DEFAULT_CONFIG, today: TODAY };
    const parts = [...checkNote(note, ctx), ...checkEngagements([note], () => ctx)];
    assert.deepEqual(
      parts.map((f) => f.message).sort(),
      findings.map((f) => f.message).sort(),
    );
    assert.ok(!checkNote(note, ctx).some((f) => f.rule === 'DISC010'));
  });
});

describe('lint on large notes', () => {
  it('stays linear: the rules check 20,000 risks without IDs or with duplicate IDs in seconds', function () {
    // Parsing a note this size is the parser's cost, not what is measured here.
    this.timeout(120_000);
    const lines = ['---', 'client: Load', 'engagement: Test', '---', '', '## Risks', ''];
    for (let i = 0; i < 20_000; i++) {
      lines.push(i % 2 === 0 ? `- [ ] Risk number ${i} — likelihood: likely; impact: major` : `- [ ] R-${i % 500}: Duplicate ${i} — owner: Dana`);
    }
    const note = analyze(parseNote(lines.join('\n')), DEFAULT_CONFIG, 'load/test/big.discovery.md');
    const started = Date.now();
    const findings = checkNote(note, { config: DEFAULT_CONFIG, today: TODAY });
    const elapsed = Date.now() - started;
    assert.ok(findings.filter((f) => f.rule === 'DISC005').length >= 10_000);
    // Odd i only: 250 distinct IDs among 10,000 items.
    assert.equal(findings.filter((f) => f.rule === 'DISC009').length, 9_750);
    assert.ok(elapsed < 8_000, `took ${elapsed} ms`);
  });
});
