import * as assert from 'node:assert/strict';
import type { Finding } from '../../src/core/model';
import type { ConfigProblem } from '../../src/core/configTypes';
import {
  buildLintReport,
  diagnosticFromConfigProblem,
  diagnosticFromFinding,
  errorsOnly,
  type ReportFile,
} from '../../src/core/format/report';
import { formatLintText } from '../../src/core/format/lintText';
import { formatLintJson, lintJsonDocument } from '../../src/core/format/lintJson';
import { formatSarif, relativeUri, sarifDocument } from '../../src/core/format/sarif';
import { formatRiskCsv } from '../../src/core/format/riskCsv';
import { formatRiskJson } from '../../src/core/format/riskJson';
import { formatRiskMarkdown, markdownCell } from '../../src/core/format/riskMarkdown';
import { formatRiskTable } from '../../src/core/format/riskTable';
import type { RiskRow } from '../../src/core/risks';

function finding(partial: Partial<Finding> & Pick<Finding, 'rule' | 'name' | 'severity' | 'message'>): Finding {
  return {
    path: 'x.discovery.md',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
    fixes: [],
    ...partial,
  };
}

const missingRisks = finding({
  rule: 'DISC001',
  name: 'missing-section',
  severity: 'warning',
  message: 'Add a "Risks" section.',
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } },
});
const badLikelihood = finding({
  rule: 'DISC006',
  name: 'risk-invalid-value',
  severity: 'error',
  message: 'Likelihood "7" is out of range 1..5.',
  range: { start: { line: 41, character: 16 }, end: { line: 41, character: 17 } },
});
const hint = finding({ rule: 'DISC002', name: 'empty-section', severity: 'hint', message: 'Empty section.' });
const configProblem: ConfigProblem = {
  path: '.discovery.yml',
  message: 'Unknown rule "DISC099".',
  severity: 'error',
  range: { start: { line: 2, character: 2 }, end: { line: 2, character: 9 } },
};

function sampleReport() {
  const files: ReportFile[] = [
    { path: 'northwind/payments.discovery.md', diagnostics: [badLikelihood, missingRisks].map(diagnosticFromFinding) },
    { path: 'acme/clean.discovery.md', diagnostics: [] },
    { path: 'globex/scan.discovery.md', diagnostics: [], skipped: 'not valid UTF-8' },
    { path: '.discovery.yml', diagnostics: [diagnosticFromConfigProblem(configProblem)] },
    { path: 'acme/hints.discovery.md', diagnostics: [diagnosticFromFinding(hint)] },
  ];
  return buildLintReport(files);
}

const riskRows: RiskRow[] = [
  {
    id: 'R-1',
    title: 'Core banking batch window | nightly',
    client: 'Northwind Bank',
    engagement: 'Payments API',
    path: 'northwind/payments.discovery.md',
    line: 40,
    likelihood: 4,
    impact: 5,
    score: 20,
    band: 'critical',
    owner: 'Dana Okafor',
    status: 'open',
    due: '2026-12-01',
    mitigation: '=cmd|"/c calc"!A1',
    isOpen: true,
  },
  {
    id: null,
    title: '<script>alert(1)</script>',
    client: null,
    engagement: null,
    path: 'loose.discovery.md',
    line: 3,
    likelihood: null,
    impact: null,
    score: null,
    band: null,
    owner: null,
    status: 'closed',
    due: null,
    mitigation: null,
    isOpen: false,
  },
];

describe('formatters', () => {
  describe('lint report', () => {
    it('converts to 1-based positions, sorts files and counts', () => {
      const report = sampleReport();
      assert.deepEqual(report.files.map((f) => f.path), [
        '.discovery.yml',
        'acme/clean.discovery.md',
        'acme/hints.discovery.md',
        'globex/scan.discovery.md',
        'northwind/payments.discovery.md',
      ]);
      const payments = report.files[4];
      assert.deepEqual(payments.diagnostics.map((d) => [d.rule, d.line, d.column, d.endLine, d.endColumn]), [
        ['DISC001', 1, 1, 1, 13],
        ['DISC006', 42, 17, 42, 18],
      ]);
      assert.equal(report.files[2].diagnostics[0].severity, 'information');
      assert.deepEqual(report.summary, { files: 5, errors: 2, warnings: 1, information: 1, skipped: 1 });
    });

    it('keeps only errors for the quiet view', () => {
      const quiet = errorsOnly(sampleReport());
      assert.deepEqual(quiet.summary, { files: 5, errors: 2, warnings: 0, information: 0, skipped: 1 });
    });
  });

  describe('json', () => {
    it('has exactly the documented keys in the documented order', () => {
      const doc = JSON.parse(formatLintJson(sampleReport()));
      assert.deepEqual(Object.keys(doc), ['version', 'files', 'summary']);
      assert.equal(doc.version, 1);
      assert.deepEqual(Object.keys(doc.files[4]), ['path', 'diagnostics']);
      assert.deepEqual(Object.keys(doc.files[4].diagnostics[0]), [
        'rule', 'name', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn',
      ]);
      assert.deepEqual(doc.files[1], { path: 'acme/clean.discovery.md', diagnostics: [] });
      assert.deepEqual(doc.files[3], { path: 'globex/scan.discovery.md', diagnostics: [], skipped: 'not valid UTF-8' });
      assert.deepEqual(doc.files[0].diagnostics[0], {
        rule: 'config', name: 'config-invalid', severity: 'error', message: 'Unknown rule "DISC099".',
        line: 3, column: 3, endLine: 3, endColumn: 10,
      });
      assert.deepEqual(doc.summary, { files: 5, errors: 2, warnings: 1, information: 1, skipped: 1 });
    });

    it('puts each file and each diagnostic on a line of its own, without indentation', () => {
      const report = sampleReport();
      const text = formatLintJson(report);
      assert.deepEqual(JSON.parse(text), lintJsonDocument(report));
      const lines = text.split('\n');
      assert.equal(lines[0], '{"version":1,"files":[');
      const diagnostics = report.files.reduce((n, f) => n + f.diagnostics.length, 0);
      assert.equal(lines.filter((l) => l.startsWith('{"path":')).length, report.files.length);
      assert.equal(lines.filter((l) => l.startsWith('{"rule":')).length, diagnostics);
      assert.equal(lines.length, 1 + report.files.length + diagnostics + 3, text);
      assert.deepEqual(lines.slice(-3), ['],', '"summary":{"files":5,"errors":2,"warnings":1,"information":1,"skipped":1}}', '']);
      assert.ok(lines.every((l) => !l.startsWith(' ')), 'no indentation');
      assert.equal(formatLintJson(buildLintReport([])), '{"version":1,"files":[],\n"summary":{"files":0,"errors":0,"warnings":0,"information":0,"skipped":0}}\n');
    });
  });

  describe('text', () => {
    it('prints stylish lines per file and a summary', () => {
      const text = formatLintText(sampleReport());
      const lines = text.split('\n');
      const at = lines.indexOf('northwind/payments.discovery.md');
      assert.ok(at >= 0, text);
      assert.match(lines[at + 1], /^\s+1:1\s+warning\s+Add a "Risks" section\.\s+DISC001$/);
      assert.match(lines[at + 2], /^\s+42:17\s+error\s+Likelihood "7" is out of range 1\.\.5\.\s+DISC006$/);
      assert.ok(!text.includes('acme/clean.discovery.md'), 'clean files are not listed');
      assert.match(text, /globex\/scan\.discovery\.md\n\s+skipped\s+not valid UTF-8/);
      assert.match(text, /4 problems \(2 errors, 1 warning, 1 information\) in 4 files checked, 1 skipped\n$/);
      assert.ok(!text.includes('\u001b['), 'no colour unless asked');
    });

    it('colours only when asked and strips control characters from note text', () => {
      const report = buildLintReport([
        { path: 'a.discovery.md', diagnostics: [diagnosticFromFinding({ ...badLikelihood, message: 'bad \u001b]0;pwned\u0007 value' })] },
      ]);
      const plain = formatLintText(report);
      assert.ok(!plain.includes('\u001b') && !plain.includes('\u0007'));
      assert.ok(formatLintText(report, { color: true }).includes('\u001b[31m'));
    });

    it('says so when there are no problems', () => {
      const text = formatLintText(buildLintReport([{ path: 'a.discovery.md', diagnostics: [] }]));
      assert.equal(text, '\u2714 No problems (1 file checked)\n');
    });
  });

  describe('sarif', () => {
    const rules = [
      { id: 'DISC001', name: 'missing-section', shortDescription: 'A required section is missing.', helpUri: 'https://example.test/docs/rules.md#disc001', defaultLevel: 'warning' as const },
      { id: 'DISC006', name: 'risk-invalid-value', shortDescription: 'A risk value is not understood.', helpUri: 'https://example.test/docs/rules.md#disc006' },
    ];
    const doc = JSON.parse(
      formatSarif(sampleReport(), { toolName: 'discovery-lint', toolVersion: '0.1.0', rules, rootUri: 'file:///work/notes/' }),
    );

    it('is the whole log, without indentation, with each result on a line of its own', () => {
      const options = { toolName: 'discovery-lint', toolVersion: '0.1.0', rules, rootUri: 'file:///work/notes/' };
      const text = formatSarif(sampleReport(), options);
      assert.deepEqual(JSON.parse(text), sarifDocument(sampleReport(), options));
      const lines = text.split('\n');
      assert.match(lines[0], /^\{"\$schema":.*"results":\[$/u);
      assert.deepEqual(lines.slice(1, 5).map((l) => JSON.parse(l.replace(/,$/u, '')).ruleId), doc.runs[0].results.map((r: { ruleId: string }) => r.ruleId));
      assert.deepEqual(lines.slice(5), [']}]}', '']);
      assert.ok(!text.includes('  '), 'no indentation');
      const empty = formatSarif(buildLintReport([]), options);
      assert.match(empty, /"results":\[\]\}\]\}\n$/u);
      assert.equal(empty.split('\n').length, 2);
    });

    it('is a SARIF 2.1.0 log with the rule table', () => {
      assert.equal(doc.version, '2.1.0');
      assert.match(doc.$schema, /sarif-2\.1\.0/);
      assert.equal(doc.runs.length, 1);
      const driver = doc.runs[0].tool.driver;
      assert.equal(driver.name, 'discovery-lint');
      assert.deepEqual(driver.rules.map((r: { id: string }) => r.id), ['DISC001', 'DISC006', 'config', 'DISC002']);
      assert.equal(driver.rules[0].helpUri, 'https://example.test/docs/rules.md#disc001');
      assert.deepEqual(driver.rules[0].shortDescription, { text: 'A required section is missing.' });
      assert.deepEqual(doc.runs[0].originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/notes/' } });
    });

    it('maps results with levels, rule indexes and 1-based regions', () => {
      const results = doc.runs[0].results;
      assert.equal(results.length, 4);
      const error = results.find((r: { ruleId: string }) => r.ruleId === 'DISC006');
      assert.equal(error.level, 'error');
      assert.equal(error.ruleIndex, 1);
      assert.deepEqual(error.locations[0].physicalLocation, {
        artifactLocation: { uri: 'northwind/payments.discovery.md', uriBaseId: '%SRCROOT%' },
        region: { startLine: 42, startColumn: 17, endLine: 42, endColumn: 18 },
      });
      assert.equal(results.find((r: { ruleId: string }) => r.ruleId === 'DISC002').level, 'note');
      for (const r of results) assert.equal(doc.runs[0].tool.driver.rules[r.ruleIndex].id, r.ruleId);
    });

    it('reports skipped files as notifications and encodes URIs', () => {
      const notes = doc.runs[0].invocations[0].toolExecutionNotifications;
      assert.equal(notes.length, 1);
      assert.match(notes[0].message.text, /not valid UTF-8/);
      assert.equal(relativeUri('Client A/#1 notes.discovery.md'), 'Client%20A/%231%20notes.discovery.md');
    });
  });

  describe('risks', () => {
    it('json lists exactly the documented keys with nulls for unknowns', () => {
      const doc = JSON.parse(formatRiskJson(riskRows));
      assert.deepEqual(Object.keys(doc), ['version', 'risks']);
      assert.deepEqual(Object.keys(doc.risks[0]), [
        'id', 'title', 'client', 'engagement', 'path', 'line', 'likelihood', 'impact', 'score', 'band', 'owner', 'status', 'due', 'mitigation',
      ]);
      assert.equal(doc.risks[1].id, null);
      assert.equal(doc.risks[1].band, null);
      assert.equal(doc.risks[0].score, 20);
    });

    it('csv has a header, CRLF records and neutralised formulas', () => {
      const csv = formatRiskCsv(riskRows);
      const records = csv.split('\r\n');
      assert.equal(records[0], 'id,title,client,engagement,path,line,likelihood,impact,score,band,owner,status,due,mitigation');
      assert.equal(
        records[1],
        `R-1,Core banking batch window | nightly,Northwind Bank,Payments API,northwind/payments.discovery.md,40,4,5,20,critical,Dana Okafor,open,2026-12-01,"'=cmd|""/c calc""!A1"`,
      );
      assert.equal(records[2], ',<script>alert(1)</script>,,,loose.discovery.md,3,,,,,,closed,,');
      assert.equal(records[3], '');
    });

    it('markdown escapes pipes and HTML', () => {
      const md = formatRiskMarkdown(riskRows);
      assert.ok(md.includes('Core banking batch window \\| nightly'));
      assert.ok(md.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(!md.includes('<script>'));
      const tableLines = md.split('\n').filter((l) => l.startsWith('|'));
      assert.equal(tableLines.length, 4);
      const columns = (l: string) => l.replace(/\\\|/g, '').split('|').length;
      assert.ok(tableLines.every((l) => columns(l) === columns(tableLines[0])));
      assert.equal(markdownCell('a\nb'), 'a b');
    });

    it('table aligns columns and counts open risks', () => {
      const table = formatRiskTable(riskRows);
      const lines = table.trimEnd().split('\n');
      assert.match(lines[0], /^ID\s+Band\s+Score\s+Status\s+Owner\s+Due\s+Risk\s+Client \/ engagement\s+Where$/);
      assert.match(lines[2], /^R-1\s+critical\s+20\s+open\s+Dana Okafor\s+2026-12-01\s+Core banking/);
      assert.equal(lines[2].indexOf('critical'), lines[0].indexOf('Band'));
      assert.match(lines[3], /^-\s+-\s+-\s+closed/);
      assert.equal(lines[lines.length - 1], '2 risks, 1 open');
      assert.equal(formatRiskTable([]), 'No risks match.\n');
    });
  });
});
