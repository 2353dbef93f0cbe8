import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, type CliIo } from '../../src/cli/main';
import { parseArgs, UsageError, isValidDate } from '../../src/cli/args';
import { discoverNotes } from '../../src/core/discover';
import { NodeFileSystem, toPortablePath } from '../../src/cli/nodeFs';

const REPO = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'cli');

const KICKOFF = 'acme-retail/loyalty-platform/2026-11-05-kickoff.discovery.md';
const DATA_REVIEW = 'acme-retail/loyalty-platform/2026-11-12-data-review.discovery.md';
const GLOBEX = 'globex-logistics/route-optimiser/2026-10-20-discovery.discovery.md';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(cwd: string, ...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    env: {},
    now: () => new Date(2026, 10, 22, 9, 30),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** A fresh copy of a fixture workspace, so tests can add files git cannot hold (node_modules, .git, binaries). */
function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-cli-'));
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

function write(root: string, rel: string, content: string | Uint8Array): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

type JsonReport = {
  version: number;
  files: Array<{ path: string; diagnostics: Array<Record<string, unknown>>; skipped?: string }>;
  summary: Record<string, number>;
};

function rulesOf(report: JsonReport, file: string): string[] {
  const entry = report.files.find((f) => f.path === file);
  assert.ok(entry, `${file} should be listed`);
  return entry.diagnostics.map((d) => String(d.rule));
}

describe('cli', function () {
  this.timeout(60000);
  let workspace: string;
  const temps: string[] = [];

  before(() => {
    workspace = copyFixture('workspace');
    temps.push(workspace);
    // Folders that must never be walked into, with notes that would fail the run.
    write(workspace, 'node_modules/some-package/readme.discovery.md', '# Not ours\n');
    write(workspace, '.git/notes.discovery.md', '# Not ours either\n');
  });

  after(() => {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('arguments', () => {
    it('parses both commands with their options', () => {
      assert.deepEqual(parseArgs(['--format=json', '--today', '2026-11-22', 'notes', '--max-warnings', '3', '-q']), {
        command: 'lint',
        globs: ['notes'],
        format: 'json',
        today: '2026-11-22',
        config: null,
        maxWarnings: 3,
        quiet: true,
        color: null,
        jobs: null,
      });
      assert.equal((parseArgs(['-j', '2']) as { jobs: number | null }).jobs, 2);
      assert.equal((parseArgs(['--jobs=1']) as { jobs: number | null }).jobs, 1);
      for (const bad of ['0', 'two', '1.5', '65']) assert.throws(() => parseArgs(['--jobs', bad]), /Invalid value for --jobs/);
      assert.deepEqual(parseArgs(['risks', '--open', '--min-band', 'high', '--owner', 'Dana', '-f', 'csv', '--no-color']), {
        command: 'risks',
        globs: [],
        format: 'csv',
        config: null,
        openOnly: true,
        minBand: 'high',
        owner: 'Dana',
        sort: 'score',
        color: false,
      });
      assert.equal((parseArgs(['--max-warnings', '-1']) as { maxWarnings: number | null }).maxWarnings, null);
      assert.deepEqual(parseArgs(['--', '--odd-name.discovery.md']).command, 'lint');
    });

    it('rejects bad usage', () => {
      for (const argv of [
        ['--nope'],
        ['--format', 'xml'],
        ['--today', '2026-02-30'],
        ['--today', '22/11/2026'],
        ['--max-warnings', 'many'],
        ['--max-warnings'],
        ['--open'],
        ['risks', '--today', '2026-11-22'],
        ['risks', '--min-band', 'severe'],
        ['risks', '--format', 'sarif'],
        ['--quiet=yes'],
      ]) {
        assert.throws(() => parseArgs(argv), UsageError, argv.join(' '));
      }
    });

    it('knows real dates', () => {
      assert.equal(isValidDate('2028-02-29'), true);
      assert.equal(isValidDate('2026-02-29'), false);
      assert.equal(isValidDate('2026-13-01'), false);
    });
  });

  describe('discovery', () => {
    it('finds notes, skipping node_modules, .git and other Markdown', async () => {
      const root = toPortablePath(workspace);
      const { paths, unmatched } = await discoverNotes(new NodeFileSystem(), root);
      assert.deepEqual(
        paths.map((p) => p.slice(root.length + 1)),
        [KICKOFF, DATA_REVIEW, 'archive/2025-03-02-old-pitch.discovery.md', GLOBEX].sort(),
      );
      assert.deepEqual(unmatched, []);
    });

    it('takes folders, files and globs, and names the ones that match nothing', async () => {
      const root = toPortablePath(workspace);
      const rel = async (include: string[]) => {
        const r = await discoverNotes(new NodeFileSystem(), root, { include, exclude: ['archive'] });
        return { paths: r.paths.map((p) => p.slice(root.length + 1)), unmatched: r.unmatched };
      };
      assert.deepEqual(await rel(['acme-retail']), { paths: [KICKOFF, DATA_REVIEW], unmatched: [] });
      assert.deepEqual(await rel([GLOBEX, 'nowhere/*.discovery.md']), { paths: [GLOBEX], unmatched: ['nowhere/*.discovery.md'] });
      assert.deepEqual(await rel(['**/*-kickoff.discovery.md']), { paths: [KICKOFF], unmatched: [] });
      assert.deepEqual(await rel(['archive/**']), { paths: [], unmatched: ['archive/**'] });
    });
  });

  describe('lint', () => {
    it('exits 0 and says so for a clean note', async () => {
      const run = await cli(workspace, KICKOFF, '--today', '2026-11-22');
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(run.stdout, '\u2714 No problems (1 file checked)\n');
    });

    it('exits 1 when a note has errors, listing every checked file in the documented JSON shape', async () => {
      const run = await cli(workspace, '--format', 'json', '--today', '2026-11-22');
      assert.equal(run.code, 1, run.stderr);
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.deepEqual(Object.keys(report), ['version', 'files', 'summary']);
      assert.equal(report.version, 1);
      assert.deepEqual(
        report.files.map((f) => f.path),
        [KICKOFF, DATA_REVIEW, GLOBEX],
        'sorted by path; the archive is ignored by .discovery.yml; node_modules and .git are skipped',
      );
      assert.deepEqual(report.files[0], { path: KICKOFF, diagnostics: [] });
      for (const file of report.files) {
        assert.deepEqual(Object.keys(file), ['path', 'diagnostics']);
        for (const d of file.diagnostics) {
          assert.deepEqual(Object.keys(d), ['rule', 'name', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']);
          assert.match(String(d.rule), /^DISC\d{3}$/);
          assert.ok(['error', 'warning', 'information'].includes(String(d.severity)));
          assert.ok(Number(d.line) >= 1 && Number(d.column) >= 1);
        }
      }
      const globex = report.files[2].diagnostics;
      const unmitigated = globex.find((d) => d.rule === 'DISC007');
      assert.ok(unmitigated, 'the critical risk without mitigation is reported');
      assert.equal(unmitigated.severity, 'error', 'DISC007 is an error by the workspace .discovery.yml');
      assert.equal(unmitigated.line, 38, "positions are 1-based: the risk item is on line 38");
      assert.equal(unmitigated.name, 'risk-unmitigated');
      assert.ok(rulesOf(report, DATA_REVIEW).includes('DISC001'));
      assert.ok(rulesOf(report, DATA_REVIEW).includes('DISC005'), 'R-5 has no owner');
      const count = (sev: string) => report.files.flatMap((f) => f.diagnostics).filter((d) => d.severity === sev).length;
      assert.deepEqual(report.summary, {
        files: 3,
        errors: count('error'),
        warnings: count('warning'),
        information: count('information'),
        skipped: 0,
      });
      assert.ok(report.summary.errors >= 1);
    });

    it('is deterministic for a given --today', async () => {
      const later = await cli(workspace, GLOBEX, '--format', 'json', '--today', '2026-11-22');
      const again = await cli(workspace, GLOBEX, '--format', 'json', '--today', '2026-11-22');
      const earlier = await cli(workspace, GLOBEX, '--format', 'json', '--today', '2026-11-10');
      assert.equal(later.stdout, again.stdout);
      assert.ok(rulesOf(JSON.parse(later.stdout), GLOBEX).includes('DISC008'), 'R-2 was due 2026-11-15');
      assert.ok(!rulesOf(JSON.parse(earlier.stdout), GLOBEX).includes('DISC008'), 'not yet due on 2026-11-10');
    });

    it('uses the local date when --today is not given', async () => {
      const implicit = await cli(workspace, GLOBEX, '--format', 'json');
      const explicit = await cli(workspace, GLOBEX, '--format', 'json', '--today', '2026-11-22');
      assert.equal(implicit.stdout, explicit.stdout);
    });

    it('fails on too many warnings with --max-warnings', async () => {
      const plain = await cli(workspace, DATA_REVIEW, '--today', '2026-11-22');
      assert.equal(plain.code, 0, 'warnings alone do not fail the run');
      assert.match(plain.stdout, /warning/);
      const strict = await cli(workspace, DATA_REVIEW, '--today', '2026-11-22', '--max-warnings', '0');
      assert.equal(strict.code, 1);
      assert.match(strict.stderr, /too many warnings/);
      const loose = await cli(workspace, DATA_REVIEW, '--today', '2026-11-22', '--max-warnings', '100');
      assert.equal(loose.code, 0);
    });

    it('prints stylish text with a summary line', async () => {
      const run = await cli(workspace, 'globex-logistics', '--today', '2026-11-22');
      assert.equal(run.code, 1);
      const lines = run.stdout.split('\n');
      assert.equal(lines[0], GLOBEX);
      assert.match(run.stdout, /\n\s+38:\d+\s+error\s+.+\s+DISC007\n/);
      assert.match(run.stdout, /\u2716 \d+ problems? \(1 error, \d+ warnings?, \d+ information\) in 1 file checked\n$/);
      assert.ok(!run.stdout.includes('\u001b['), 'no colours when not on a terminal');
      const quiet = await cli(workspace, 'globex-logistics', '--today', '2026-11-22', '--quiet');
      assert.ok(!/\swarning\s/.test(quiet.stdout) && /\serror\s/.test(quiet.stdout));
      const colored = await cli(workspace, 'globex-logistics', '--today', '2026-11-22', '--color');
      assert.ok(colored.stdout.includes('\u001b['));
    });

    it('writes SARIF 2.1.0 with rules, levels and 1-based regions', async () => {
      const run = await cli(workspace, '--format', 'sarif', '--today', '2026-11-22');
      assert.equal(run.code, 1);
      const log = JSON.parse(run.stdout);
      assert.equal(log.version, '2.1.0');
      const sarifRun = log.runs[0];
      const rules = sarifRun.tool.driver.rules as Array<{ id: string; name: string; helpUri: string; shortDescription: { text: string } }>;
      assert.equal(sarifRun.tool.driver.name, 'discovery-lint');
      for (let n = 1; n <= 13; n++) {
        const id = `DISC${String(n).padStart(3, '0')}`;
        const rule = rules.find((r) => r.id === id);
        assert.ok(rule, id);
        assert.match(rule.helpUri, new RegExp(`docs/rules\\.md#${id.toLowerCase()}-${rule.name}$`));
        assert.ok(rule.shortDescription.text.length > 0);
      }
      assert.match(sarifRun.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
      const results = sarifRun.results as Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }> }>;
      assert.ok(results.length > 0);
      for (const r of results) {
        assert.equal(rules[r.ruleIndex].id, r.ruleId);
        assert.ok(['error', 'warning', 'note'].includes(r.level));
        const loc = r.locations[0].physicalLocation;
        assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
        assert.ok([KICKOFF, DATA_REVIEW, GLOBEX].includes(loc.artifactLocation.uri));
        assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
      }
      const unmitigated = results.find((r) => r.ruleId === 'DISC007');
      assert.equal(unmitigated?.level, 'error');
      assert.equal(unmitigated?.locations[0].physicalLocation.region.startLine, 38);
    });

    it('exits 2 on bad usage with a clear message', async () => {
      for (const [argv, message] of [
        [['--frobnicate'], /Unknown option: --frobnicate/],
        [['--today', '2026-02-30'], /--today/],
        [['--format', 'xml'], /--format.*text, json, sarif/],
        [['no-such-folder/*.discovery.md'], /No discovery notes match "no-such-folder\/\*\.discovery\.md"/],
        [['missing.discovery.md'], /No discovery notes match/],
        [['--config', 'missing.yml'], /Cannot read the configuration file "missing\.yml"/],
        [['../elsewhere'], /outside the current folder/],
        [['{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}.md'], /Invalid glob/],
      ] as Array<[string[], RegExp]>) {
        const run = await cli(workspace, ...argv);
        assert.equal(run.code, 2, argv.join(' '));
        assert.match(run.stderr, message, argv.join(' '));
        assert.equal(run.stdout, '', 'nothing on stdout for bad usage');
      }
    });

    it('exits 0 with an empty report and a note on stderr when there are no notes at all', async () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-cli-empty-'));
      temps.push(empty);
      write(empty, 'README.md', '# Nothing to check here\n');
      const run = await cli(empty, '--format', 'json');
      assert.equal(run.code, 0);
      assert.match(run.stderr, /No \*\.discovery\.md files found/);
      assert.deepEqual(JSON.parse(run.stdout), {
        version: 1,
        files: [],
        summary: { files: 0, errors: 0, warnings: 0, information: 0, skipped: 0 },
      });
    });

    it('prints help and the version', async () => {
      const help = await cli(workspace, '--help');
      assert.equal(help.code, 0);
      assert.match(help.stdout, /Usage: discovery-lint/);
      const risksHelp = await cli(workspace, 'risks', '--help');
      assert.match(risksHelp.stdout, /--min-band/);
      const version = await cli(workspace, '--version');
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
      assert.equal(version.stdout, `${pkg.version}\n`);
    });

    it('reports .discovery.yml problems on the config file and still checks the notes', async () => {
      const dir = copyFixture('bad-config');
      temps.push(dir);
      const run = await cli(dir, '--format', 'json', '--today', '2026-11-22');
      assert.equal(run.code, 1, run.stderr);
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.deepEqual(report.files.map((f) => f.path), ['.discovery.yml', 'initech/payroll-migration/2026-11-18-intro.discovery.md']);
      const config = report.files[0].diagnostics;
      assert.ok(config.length >= 3, JSON.stringify(config));
      assert.ok(config.every((d) => d.rule === 'config' && d.name === 'config-invalid'));
      assert.ok(config.some((d) => d.severity === 'error' && d.line === 2), 'staleQuestionDays: soon is reported on line 2');
      assert.ok(config.some((d) => d.severity === 'warning' && d.line === 3), 'the unknown key is reported on line 3');
      assert.ok(config.some((d) => d.severity === 'error' && d.line === 6), 'the bad severity is reported on line 6');
      assert.ok(rulesOf(report, 'initech/payroll-migration/2026-11-18-intro.discovery.md').includes('DISC001'));
      const text = await cli(dir, '--today', '2026-11-22');
      assert.match(text.stdout, /^\.discovery\.yml\n\s+2:\d+\s+error/m);
    });

    it('uses --config for every note instead of the nearest .discovery.yml', async () => {
      const dir = copyFixture('workspace');
      temps.push(dir);
      write(dir, 'ci/discovery-ci.yml', 'rules:\n  DISC001: off\n  DISC007: warning\n');
      const run = await cli(dir, '--format', 'json', '--today', '2026-11-22', '--config', 'ci/discovery-ci.yml');
      const report = JSON.parse(run.stdout) as JsonReport;
      const all = report.files.flatMap((f) => f.diagnostics);
      assert.ok(!all.some((d) => d.rule === 'DISC001'));
      assert.ok(all.some((d) => d.rule === 'DISC007' && d.severity === 'warning'));
      assert.ok(
        report.files.some((f) => f.path.startsWith('archive/')),
        "the workspace .discovery.yml (and its ignore list) no longer applies",
      );
      assert.equal(run.code, 0, 'no errors left');
    });

    it('skips binary, non-UTF-8 and oversized notes with a reason, in every format', async () => {
      const dir = copyFixture('workspace');
      temps.push(dir);
      write(dir, 'acme-retail/scan.discovery.md', new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]));
      write(dir, 'acme-retail/latin1.discovery.md', new Uint8Array([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]));
      write(dir, 'globex-logistics/.discovery.yml', 'maxFileBytes: 1000\n');
      const json = await cli(dir, '--format', 'json', '--today', '2026-11-22', 'acme-retail', 'globex-logistics');
      const report = JSON.parse(json.stdout) as JsonReport;
      const skipped = Object.fromEntries(report.files.filter((f) => f.skipped !== undefined).map((f) => [f.path, f.skipped]));
      assert.deepEqual(Object.keys(skipped).sort(), ['acme-retail/latin1.discovery.md', 'acme-retail/scan.discovery.md', GLOBEX]);
      assert.match(String(skipped[GLOBEX]), /larger than/);
      for (const f of report.files.filter((x) => x.skipped !== undefined)) {
        assert.deepEqual(Object.keys(f), ['path', 'diagnostics', 'skipped']);
        assert.deepEqual(f.diagnostics, []);
      }
      assert.equal(report.summary.skipped, 3);
      const text = await cli(dir, '--today', '2026-11-22', 'acme-retail', 'globex-logistics');
      assert.match(text.stdout, /acme-retail\/scan\.discovery\.md\n\s+skipped\s+\S/);
      const sarif = JSON.parse((await cli(dir, '--format', 'sarif', 'acme-retail', 'globex-logistics')).stdout);
      assert.equal(sarif.runs[0].invocations[0].toolExecutionNotifications.length, 3);
    });

    it('reads CRLF notes with a BOM', async () => {
      const dir = copyFixture('workspace');
      temps.push(dir);
      const original = fs.readFileSync(path.join(dir, GLOBEX), 'utf8');
      write(dir, GLOBEX, '\uFEFF' + original.replace(/\n/g, '\r\n'));
      const crlf = JSON.parse((await cli(dir, GLOBEX, '--format', 'json', '--today', '2026-11-22')).stdout);
      const lf = JSON.parse((await cli(workspace, GLOBEX, '--format', 'json', '--today', '2026-11-22')).stdout);
      assert.deepEqual(crlf, lf);
    });
  });

  describe('risks', () => {
    type RiskJson = { version: number; risks: Array<Record<string, unknown>> };
    const riskKeys = ['id', 'title', 'client', 'engagement', 'path', 'line', 'likelihood', 'impact', 'score', 'band', 'owner', 'status', 'due', 'mitigation'];

    it('lists every risk as JSON with the documented keys, highest score first', async () => {
      const run = await cli(workspace, 'risks', '--format', 'json');
      assert.equal(run.code, 0, run.stderr);
      const doc = JSON.parse(run.stdout) as RiskJson;
      assert.deepEqual(Object.keys(doc), ['version', 'risks']);
      assert.equal(doc.version, 1);
      for (const r of doc.risks) assert.deepEqual(Object.keys(r), riskKeys);
      assert.deepEqual(
        doc.risks.map((r) => `${r.path}#${r.id}`).sort(),
        [`${KICKOFF}#R-1`, `${KICKOFF}#R-2`, `${KICKOFF}#R-3`, `${DATA_REVIEW}#R-4`, `${DATA_REVIEW}#R-5`, `${GLOBEX}#R-1`, `${GLOBEX}#R-2`].sort(),
      );
      assert.deepEqual(doc.risks[0], {
        id: 'R-1',
        title: 'ERP upgrade slips and extends the IT freeze',
        client: 'Globex Logistics',
        engagement: 'Route optimiser',
        path: GLOBEX,
        line: 38,
        likelihood: 5,
        impact: 5,
        score: 25,
        band: 'critical',
        owner: 'Victor Osei',
        status: 'open',
        due: '2026-12-15',
        mitigation: null,
      });
      const scores = doc.risks.map((r) => (r.score as number | null) ?? -1);
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
      const r5 = doc.risks.find((r) => r.id === 'R-5');
      assert.equal(r5?.owner, null, 'an empty owner cell is null');
    });

    it('filters by open, band and owner (case-insensitive)', async () => {
      const ids = async (...argv: string[]) =>
        (JSON.parse((await cli(workspace, 'risks', '--format', 'json', ...argv)).stdout) as RiskJson).risks.map((r) => `${r.engagement}/${r.id}`);
      assert.ok(!(await ids('--open')).includes('Loyalty platform/R-3'), 'R-3 is ticked, so closed');
      assert.equal((await ids('--open')).length, 6);
      assert.deepEqual(await ids('--min-band', 'critical'), ['Route optimiser/R-1', 'Loyalty platform/R-1'], '25 before 16');
      assert.deepEqual((await ids('--min-band', 'high')).sort(), [
        'Loyalty platform/R-1',
        'Loyalty platform/R-3',
        'Loyalty platform/R-4',
        'Loyalty platform/R-5',
        'Route optimiser/R-1',
      ]);
      assert.deepEqual((await ids('--min-band', 'high', '--open')).length, 4, 'R-3 (score 10) is closed');
      assert.deepEqual((await ids('--owner', 'victor OSEI')).sort(), ['Route optimiser/R-1', 'Route optimiser/R-2']);
      assert.deepEqual(await ids('--owner', 'victor OSEI', '--min-band', 'high', '--open'), ['Route optimiser/R-1']);
      assert.deepEqual(await ids('--owner', 'nobody'), []);
    });

    it('writes formula-safe CSV, Markdown and a table', async () => {
      const dir = copyFixture('workspace');
      temps.push(dir);
      write(
        dir,
        'acme-retail/loyalty-platform/2026-11-20-hostile.discovery.md',
        '---\nclient: Acme Retail\nengagement: Loyalty platform\n---\n\n# Pasted from a spreadsheet\n\n## Risks\n\n' +
          '- [ ] R-9: =HYPERLINK("http://evil.example","click") — likelihood: 3; impact: 3; owner: -Ops; mitigation: @SUM(A1:A9), "soon"\n',
      );
      const csv = await cli(dir, 'risks', '--format', 'csv', 'acme-retail');
      assert.equal(csv.code, 0);
      const records = csv.stdout.split('\r\n');
      assert.equal(records[0], 'id,title,client,engagement,path,line,likelihood,impact,score,band,owner,status,due,mitigation');
      const hostile = records.find((r) => r.startsWith('R-9,'));
      assert.ok(hostile, csv.stdout);
      assert.ok(hostile.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`), hostile);
      assert.ok(hostile.includes(`"'@SUM(A1:A9), ""soon"""`), hostile);
      assert.equal(records.length, 1 + 6 + 1, 'the header, five Acme risks and the pasted one, then nothing after the last CRLF');
      assert.equal(records[records.length - 1], '');

      const md = await cli(dir, 'risks', '--format', 'markdown', 'acme-retail');
      assert.match(md.stdout, /^\| ID \| Risk \|/);
      assert.match(md.stdout, /\n6 risks\.\n$/);

      const table = await cli(workspace, 'risks', '--open', '--min-band', 'high');
      assert.match(table.stdout, /^ID\s+Band\s+Score/);
      assert.match(table.stdout, /R-1\s+critical\s+25\s+open\s+Victor Osei/);
      assert.match(table.stdout, /\n4 risks, 4 open\n$/);
    });

    it('exits 2 on bad risks usage', async () => {
      const run = await cli(workspace, 'risks', '--min-band', 'severe');
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--min-band.*low, medium, high, critical/);
    });
  });

  describe('as a process', () => {
    const main = path.join(REPO, 'src', 'cli', 'main.ts');
    const spawn = (cwd: string, ...argv: string[]) =>
      spawnSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, main, ...argv], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

    it('exits with 0, 1 and 2 and writes JSON to stdout', () => {
      const clean = spawn(workspace, KICKOFF, '--today', '2026-11-22');
      assert.equal(clean.status, 0, clean.stderr);
      const failing = spawn(workspace, '--format', 'json', '--today', '2026-11-22');
      assert.equal(failing.status, 1, failing.stderr);
      assert.equal(JSON.parse(failing.stdout).version, 1);
      const bad = spawn(workspace, '--today', 'tomorrow');
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--today/);
    });
  });
});
