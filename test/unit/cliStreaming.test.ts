import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { keepFile, packFile, PackedReport } from '../../src/cli/packedReport';
import { copyString, detachStrings } from '../../src/core/detach';
import { formatLintJson, formatLintJsonChunks, formatLintJsonFiles } from '../../src/core/format/lintJson';
import { formatLintText, formatLintTextFiles } from '../../src/core/format/lintText';
import { formatSarif, formatSarifFiles } from '../../src/core/format/sarif';
import { buildLintReport, diagnosticFromFinding, errorsOnly, type ReportDiagnostic, type ReportFile } from '../../src/core/format/report';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { engagementKeyFromHead, lintNotes } from '../../src/core/lint';
import { frontMatterOfPrefix, scanNote } from '../../src/core/parse/scanner';
import { engagementKeyOf } from '../../src/core/workspaceRules';
import { deriveMeta, readFrontMatter } from '../../src/core/frontMatter';

const TODAY = '2026-11-22';

function note(client: string, engagement: string, risks: string): string {
  return [
    '---',
    `client: ${client}`,
    `engagement: "${engagement}"`,
    'lead: Dana Whitfield',
    'date: 2026-11-05',
    '---',
    '',
    '# Kickoff',
    '',
    '## Stakeholders',
    '',
    '- Priya Raman — Head of Digital (sponsor)',
    '',
    '## Risks',
    '',
    risks,
    '',
    '## Open questions',
    '',
    '- [ ] Who owns the loyalty data? (asked: 2026-10-01) — refers to R-9',
    '',
  ].join('\n');
}

/** Report diagnostics with any text in their strings (`rule` drawn from `rule`). */
function diagnosticOf(text: fc.Arbitrary<string>, rule: fc.Arbitrary<string>) {
  return fc.record({
    rule,
    name: text,
    severity: fc.constantFrom('error' as const, 'warning' as const, 'information' as const),
    message: text,
    line: fc.nat(),
    column: fc.nat(),
    endLine: fc.nat(),
    endColumn: fc.nat(),
  });
}

describe('CLI: checking one engagement at a time', () => {
  it('finds the engagement of a note from a prefix, as the analysed note has it', () => {
    const text = note('Acme Retail', 'Loyalty platform', '- R-1: Vendor API limits — likelihood: 4; impact: 3');
    const full = engagementKeyOf(deriveMeta(readFrontMatter(scanNote(text)!), 'a/b/x.discovery.md'));
    assert.equal(engagementKeyFromHead(text, 'a/b/x.discovery.md', true), full);
    assert.equal(engagementKeyFromHead(text.slice(0, text.indexOf('# Kickoff') + 3), 'a/b/x.discovery.md', false), full);
    // A prefix that ends inside the front matter cannot tell.
    assert.equal(engagementKeyFromHead(text.slice(0, 30), 'a/b/x.discovery.md', false), undefined);
    // CRLF cut between CR and LF, and a BOM.
    const crlf = `\uFEFF${text.replace(/\n/g, '\r\n')}`;
    assert.equal(engagementKeyFromHead(crlf, 'a/b/x.discovery.md', true), full);
    const cut = crlf.indexOf('\r\n---') + 1;
    assert.equal(frontMatterOfPrefix(crlf.slice(0, cut), false), undefined);
    assert.deepEqual(frontMatterOfPrefix(crlf, true), scanNote(crlf)!.frontMatter);
    // No front matter: the folders decide.
    assert.equal(engagementKeyFromHead('# Notes\n', 'acme/portal/x.discovery.md', false), engagementKeyOf(deriveMeta(readFrontMatter(scanNote('# Notes\n')!), 'acme/portal/x.discovery.md')));
  });

  it('reports the same findings as checking all notes at once, with engagements spanning folders', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-stream-'));
    const files: Record<string, string> = {
      // One engagement spread over two folders (front matter decides), with a duplicate ID and a cross reference.
      'one/a.discovery.md': note('Acme Retail', 'Loyalty platform', '- R-1: Vendor API limits — likelihood: 4; impact: 3\n- R-9: Data quality'),
      'two/b.discovery.md': note('acme retail', 'loyalty  platform', '- R-1: Same ID again — likelihood: 2; impact: 2'),
      // A long front matter, beyond the first bytes read.
      'three/c.discovery.md': note('Globex', 'Routes', '- R-2: Long one').replace('lead: Dana Whitfield', `lead: Dana Whitfield\nnotes: "${'x'.repeat(20_000)}"`),
      'three/d.discovery.md': note('Globex', 'Routes', '- R-2: Duplicate across notes\n- [ ] No ID here'),
      'x/y/none.discovery.md': '# No front matter\n\n## Risks\n\n- R-3: alone\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    let stdout = '';
    const code = await runCli(['--format', 'json', '--today', TODAY], {
      cwd: dir,
      stdout: (t) => void (stdout += t),
      stderr: () => undefined,
      isTTY: false,
      env: {},
    });
    const all = lintNotes(
      Object.entries(files).map(([p, text]) => ({ path: p, text, config: DEFAULT_CONFIG })),
      TODAY,
    );
    const expected: ReportFile[] = Object.keys(files).map((p) => ({ path: p, diagnostics: all.findings[p].map(diagnosticFromFinding) }));
    assert.equal(stdout, formatLintJson(buildLintReport(expected)));
    assert.equal(code, 1);
    assert.ok(stdout.includes('DISC009'), 'a duplicate across the two folders of one engagement is found');
  });

  it('writes JSON in pieces that join to the whole document', () => {
    const report = buildLintReport([
      { path: 'b.discovery.md', diagnostics: [{ rule: 'DISC001', name: 'n', severity: 'error', message: 'quote " and — dash', line: 1, column: 1, endLine: 1, endColumn: 2 }] },
      { path: 'a.discovery.md', diagnostics: [], skipped: 'binary' },
      { path: 'c.discovery.md', diagnostics: [] },
    ]);
    assert.equal([...formatLintJsonChunks(report)].join(''), formatLintJson(report));
    const empty = buildLintReport([]);
    assert.equal([...formatLintJsonChunks(empty)].join(''), formatLintJson(empty));
  });

  it('writes a large report in several pieces of several files, with only the documented keys in their order', () => {
    const files: ReportFile[] = [];
    for (let i = 0; i < 700; i++) {
      const diagnostics: ReportDiagnostic[] = [];
      for (let k = 0; k < i % 9; k++) {
        // Keys in another order, and one the format does not have: the output is the documented shape all the same.
        const d = { endColumn: k + 3, endLine: k + 2, column: 2, line: k + 2, message: `m ${i}/${k} "q" —`, severity: 'warning' as const, name: 'overdue', rule: 'DISC008' };
        diagnostics.push(Object.assign(d, { extra: true }));
      }
      files.push({ path: `n/${String(i).padStart(4, '0')}.discovery.md`, diagnostics, ...(i % 50 === 7 ? { skipped: 'not UTF-8' } : {}) });
    }
    const report = buildLintReport(files);
    const pieces = [...formatLintJsonChunks(report)];
    assert.ok(pieces.length > 4, `${pieces.length} pieces`);
    const canonical = {
      files: report.files.map((f) => ({
        path: f.path,
        diagnostics: f.diagnostics.map((d) => ({ rule: d.rule, name: d.name, severity: d.severity, message: d.message, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn })),
        ...(f.skipped !== undefined ? { skipped: f.skipped } : {}),
      })),
      summary: report.summary,
    };
    assert.equal(pieces.join(''), formatLintJson(canonical as typeof report));
    assert.ok(!pieces.join('').includes('"extra"'));
  });

  it('writes SARIF in pieces that join to the whole log, undeclared rules and skipped files included', () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '\u2028', '\ud800', '😀', '—', ' '), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 10 });
    const diagnostic = diagnosticOf(text, fc.oneof(fc.constantFrom('DISC001', 'DISC005', 'config'), text));
    // Paths come from the file system: never a lone surrogate (which `encodeURIComponent` refuses in both).
    const pathText = fc.string({ unit: fc.constantFrom('a', 'B', ' ', '%', '#', '/', 'é', '😀'), maxLength: 10 });
    const file = fc.record({ path: pathText, diagnostics: fc.array(diagnostic, { maxLength: 3 }), skipped: fc.option(text, { nil: undefined }) });
    const rules = [
      { id: 'DISC001', name: 'missing-section', shortDescription: 'A section is missing.', helpUri: 'https://example.com/rules#disc001', defaultLevel: 'warning' as const },
      { id: 'DISC005', name: 'risk-incomplete', shortDescription: 'A risk lacks fields.' },
    ];
    fc.assert(
      fc.property(fc.array(file, { maxLength: 4 }), fc.boolean(), (files, rooted) => {
        const report = { files: files.map((f) => (f.skipped === undefined ? { path: f.path, diagnostics: f.diagnostics } : f)), summary: buildLintReport([]).summary };
        const options = { toolName: 'discovery-lint', toolVersion: '0.1.0', informationUri: 'https://example.com', rules, ...(rooted ? { rootUri: 'file:///w/' } : {}) };
        assert.equal([...formatSarifFiles(() => report.files, options)].join(''), formatSarif(report, options));
      }),
      { numRuns: 1500 },
    );
  });

  it('writes each file block exactly as JSON.stringify would, whatever the strings hold', () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '\t', '\u2028', '\u0000', '\u007f', '\ud800', '\udc00', '😀', '—'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 12 });
    const diagnostic = diagnosticOf(text, text);
    const file = fc.record({ path: text, diagnostics: fc.array(diagnostic, { maxLength: 3 }), skipped: fc.option(text, { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 4 }), (files) => {
        const report = { files: files.map((f) => (f.skipped === undefined ? { path: f.path, diagnostics: f.diagnostics } : f)), summary: buildLintReport([]).summary };
        assert.equal([...formatLintJsonChunks(report)].join(''), formatLintJson(report));
      }),
      { numRuns: 2000 },
    );
  });

  it('copies strings without changing them, keeping shared objects shared', () => {
    const big = 'x'.repeat(1000) + 'Vendor API rate limits — likelihood';
    const title = big.slice(1000);
    assert.equal(copyString(title), title);
    assert.equal(copyString(null), null);
    const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } };
    const value = { title, list: [title, 3, null, true], a: range, b: range };
    const copy = detachStrings(value);
    assert.deepEqual(copy, value);
    assert.equal(copy.a, copy.b);
  });

  it('gives from packed or kept entries, or a mix, the same report as buildLintReport, merged paths and --quiet included', () => {
    const d = (line: number, severity: ReportDiagnostic['severity'], message: string): ReportDiagnostic => ({
      rule: 'DISC00' + (line % 7),
      name: 'n',
      severity,
      message,
      line,
      column: 1 + (line % 3),
      endLine: line,
      endColumn: 9,
    });
    const entries: ReportFile[] = [
      { path: 'b/z.discovery.md', diagnostics: [d(9, 'warning', 'later — dash'), d(2, 'error', 'quote " \ud800 lone'), d(2, 'information', 'same line')] },
      { path: 'a.discovery.md', diagnostics: [], skipped: 'The file is not UTF-8.' },
      { path: '.discovery.yml', diagnostics: [d(1, 'error', 'config')] },
      { path: 'b/z.discovery.md', diagnostics: [d(4, 'error', 'second entry of the same path')] },
      { path: 'c.discovery.md', diagnostics: [] },
      { path: 'a.discovery.md', diagnostics: [d(3, 'warning', 'merged into a skipped file')], skipped: 'second reason' },
    ];
    const held = [entries.map(packFile), entries.map(keepFile), entries.map((e, i) => (i % 2 ? packFile(e) : keepFile(e)))];
    for (const packed of held.map((h) => new PackedReport(h))) {
      for (const quiet of [false, true]) {
        const full = buildLintReport(entries);
        const expected = quiet ? errorsOnly(full) : full;
        assert.deepEqual({ files: [...packed.files(quiet)], summary: packed.shownSummary(quiet) }, expected);
        assert.equal([...formatLintJsonFiles(packed.fileCount, packed.files(quiet), packed.shownSummary(quiet))].join(''), formatLintJson(expected));
        assert.equal([...formatLintTextFiles(packed.files(quiet), packed.shownSummary(quiet))].join(''), formatLintText(expected));
      }
      assert.deepEqual(packed.summary, buildLintReport(entries).summary);
    }
    const empty = new PackedReport([]);
    assert.equal([...formatLintJsonFiles(0, empty.files(false), empty.summary)].join(''), formatLintJson(buildLintReport([])));
    assert.equal([...formatLintTextFiles(empty.files(false), empty.summary)].join(''), formatLintText(buildLintReport([])));
  });
});
