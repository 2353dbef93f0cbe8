/**
 * Bad input: each case ends with a clear diagnostic or a clean skip with a reason, never a crash, and within a
 * time bound. The bounds are hang guards, not benchmarks: {@link CHECK_BOUND_MS} per check of a note up to 10 MB,
 * generous enough for a loaded 2-core CI machine (measured figures are in docs/reliability.md).
 */
import { NoteTooComplexError } from '../../src/core/parse/index';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../src/cli/main';
import { DEFAULT_CONFIG, loadConfigForNote, MAX_CONFIG_BYTES, mergeConfig, parseConfigText } from '../../src/core/config';
import { MemoryFileSystem } from '../../src/core/fs';
import { lintText } from '../../src/core/lint';
import type { Finding } from '../../src/core/model';
import { decodeNoteBytes } from '../../src/core/text';
import { WorkspaceIndex } from '../../src/core/workspaceIndex';

/** Longest a single check (parse, analyse, every rule) of a note up to 10 MB may take. */
export const CHECK_BOUND_MS = 30_000;
/** Longest a small hostile input (a few hundred KB at most) may take. */
const SMALL_BOUND_MS = 5_000;
const TODAY = '2026-11-22';
const PATH = 'acme-retail/loyalty-platform/kickoff.discovery.md';
const HEAD = '---\nclient: Acme Retail\nengagement: Loyalty platform\n---\n# Kickoff\n\n## Stakeholders\n\n- Dana Whitfield, CTO\n\n## Risks\n\n';

function timed<T>(bound: number, what: string, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  const ms = performance.now() - start;
  assert.ok(ms < bound, `${what} took ${Math.round(ms)} ms (bound ${bound} ms)`);
  return result;
}

function lint(text: string, config = DEFAULT_CONFIG): { findings: Finding[]; risks: number } {
  const { note, findings } = lintText(PATH, text, config, TODAY, { standalone: true });
  return { findings, risks: note.risks.length };
}

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, env: {} };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** A realistic note of about `bytes` bytes: the same engagement's sections and risks, repeated. */
function bigNote(bytes: number): string {
  const parts = [HEAD];
  let size = HEAD.length;
  for (let i = 1; size < bytes; i++) {
    const block =
      `- [ ] R-${i}: Vendor API rate limits block the nightly sync ${i} — likelihood: likely; impact: major\n` +
      `  - owner: Dana Whitfield\n  - mitigation: Batch the calls and agree a higher quota with the vendor.\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

describe('bad input', function () {
  this.timeout(180_000);
  const temps: string[] = [];
  after(() => {
    for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
  });

  describe('YAML front matter', () => {
    it('invalid YAML gives DISC003 at the offending line, and the rest of the note is still checked', () => {
      const text = '---\nclient: Acme\nengagement: [unclosed\ndate: 2026-11-20\n---\n## Risks\n\n- [ ] R-1: Vendor lock-in\n';
      const { findings } = timed(SMALL_BOUND_MS, 'invalid YAML', () => lint(text));
      const disc003 = findings.filter((f) => f.rule === 'DISC003');
      assert.equal(disc003.length, 1);
      assert.ok(disc003[0].range.start.line >= 1 && disc003[0].range.start.line <= 4, `reported at line ${disc003[0].range.start.line}`);
      assert.ok(findings.some((f) => f.rule === 'DISC005'), 'the risks are still checked');
    });

    it('"billion laughs" aliases are refused quickly with a clear message, not expanded', () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 9; i++) {
        const name = String.fromCharCode(97 + i);
        const prev = String.fromCharCode(96 + i);
        levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      const text = `---\nclient: Acme\n${levels.join('\n')}\n---\n## Risks\n`;
      const { findings } = timed(SMALL_BOUND_MS, 'billion laughs', () => lint(text));
      const disc003 = findings.filter((f) => f.rule === 'DISC003');
      assert.equal(disc003.length, 1, JSON.stringify(findings.map((f) => f.message)));
      assert.match(disc003[0].message, /alias/iu);
    });

    it('many aliases of a small anchor are refused over the documented alias limit', () => {
      const text = `---\nx: &x "a"\nl: [${Array(500).fill('*x').join(', ')}]\n---\n`;
      const { findings } = timed(SMALL_BOUND_MS, 'alias flood', () => lint(text));
      assert.match(findings.find((f) => f.rule === 'DISC003')?.message ?? '', /alias/iu);
    });
  });

  describe('size', () => {
    it('a 10 MB note is checked within the bound when maxFileBytes allows it, and a 50 MB one is skipped with the reason (CLI)', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-bad-'));
      temps.push(dir);
      fs.mkdirSync(path.join(dir, 'acme-retail', 'loyalty-platform'), { recursive: true });
      fs.writeFileSync(path.join(dir, '.discovery.yml'), `maxFileBytes: ${20 * 1024 * 1024}\n`);
      const ten = bigNote(10 * 1024 * 1024);
      fs.writeFileSync(path.join(dir, 'acme-retail/loyalty-platform/ten.discovery.md'), ten);
      const fifty = Buffer.alloc(50 * 1024 * 1024, 'x');
      fs.writeFileSync(path.join(dir, 'acme-retail/loyalty-platform/fifty.discovery.md'), fifty);
      const start = performance.now();
      const run = await cli(dir, '--format', 'json', '--today', TODAY);
      const ms = performance.now() - start;
      assert.ok(ms < CHECK_BOUND_MS + 10_000, `CLI took ${Math.round(ms)} ms`);
      const report = JSON.parse(run.stdout) as { files: Array<{ path: string; diagnostics: unknown[]; skipped?: string }> };
      const byName = Object.fromEntries(report.files.map((f) => [path.basename(f.path), f]));
      assert.equal(byName['ten.discovery.md'].skipped, undefined, 'the 10 MB note is checked');
      assert.ok(byName['ten.discovery.md'].diagnostics.length > 0);
      assert.match(String(byName['fifty.discovery.md'].skipped), /52428800 bytes, larger than the limit of 20971520 bytes \(maxFileBytes\)/u);
    });

    it('the default limit (5 MiB) skips a 10 MB note with the reason (CLI)', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-bad-'));
      temps.push(dir);
      fs.writeFileSync(path.join(dir, 'big.discovery.md'), Buffer.alloc(10 * 1024 * 1024, 'a'));
      const report = JSON.parse((await cli(dir, '--format', 'json')).stdout) as { files: Array<{ skipped?: string }> };
      assert.match(String(report.files[0].skipped), /larger than the limit of 5242880 bytes/u);
    });

    it('the workspace index skips a note over maxFileBytes with the reason, and checks it once the limit is raised', () => {
      const index = new WorkspaceIndex({ today: () => TODAY });
      const text = bigNote(6 * 1024 * 1024);
      timed(CHECK_BOUND_MS, 'index upsert over the limit', () => index.upsert('file:///w/big.discovery.md', 'big.discovery.md', text, DEFAULT_CONFIG));
      const skipped = index.get('file:///w/big.discovery.md');
      assert.equal(skipped?.note, null);
      assert.match(String(skipped?.skipped), /larger than the maximum of 5242880 bytes/u);
      const raised = mergeConfig(DEFAULT_CONFIG, { maxFileBytes: 8 * 1024 * 1024 });
      timed(CHECK_BOUND_MS, 'index upsert of a 6 MB note', () => index.upsert('file:///w/big.discovery.md', 'big.discovery.md', text, raised));
      assert.equal(index.get('file:///w/big.discovery.md')?.skipped, null);
      assert.ok((index.get('file:///w/big.discovery.md')?.note?.risks.length ?? 0) > 10_000);
    });

    it('a note with 100,000 risks is checked within the bound', () => {
      const risks = Array.from(
        { length: 100_000 },
        (_, i) => `- [ ] R-${i + 1}: Risk ${i} — likelihood: ${1 + (i % 5)}; impact: ${1 + (i % 3)}; owner: Dana; mitigation: Plan B`,
      );
      const { risks: count } = timed(CHECK_BOUND_MS, '100,000 risks', () => lint(HEAD + risks.join('\n') + '\n'));
      assert.equal(count, 100_000);
    });
  });

  describe('content', () => {
    it('binary content and invalid UTF-8 are refused with a reason', () => {
      const binary = decodeNoteBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
      assert.deepEqual(binary, { ok: false, reason: 'the file looks binary (it contains NUL bytes)' });
      const latin1 = decodeNoteBytes(new Uint8Array([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]));
      assert.deepEqual(latin1, { ok: false, reason: 'the file is not valid UTF-8' });
      const overlong = decodeNoteBytes(new Uint8Array([0xc0, 0xaf]));
      assert.equal(overlong.ok, false);
      const surrogate = decodeNoteBytes(new Uint8Array([0xed, 0xa0, 0x80]));
      assert.equal(surrogate.ok, false);
      const ok = decodeNoteBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x23, 0x20, 0xc3, 0xa9]));
      assert.deepEqual(ok, { ok: true, text: '\uFEFF# é' });
    });

    it('text that decodes but holds control characters and lone surrogates is checked without a crash', () => {
      const text = HEAD + '- [ ] R-1: \u0001\u0002\u001b[31m red \ud800 lone \udfff — owner: \u202eevil\n';
      const { risks } = timed(SMALL_BOUND_MS, 'control characters', () => lint(text));
      assert.equal(risks, 1);
    });

    it('1,000-deep nested lists and block quotes are checked within the bound', () => {
      const list = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
      const quotes = Array.from({ length: 1000 }, (_, i) => `${'> '.repeat(i)}- level ${i}`).join('\n');
      const mixed = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}${i % 2 ? '1.' : '-'} [ ] R-${i}: level ${i}`).join('\n');
      // Nesting deeper than the scanner reads (and almost 1 MB of indentation) goes to remark, and is over remark's
      // budget: a clean skip with the reason, decided at once, instead of a long parse. Either outcome must come
      // within the bound; a skip must say why.
      for (const [what, body] of [['list', list], ['quotes', quotes], ['task list', mixed]]) {
        const skipped = timed(CHECK_BOUND_MS, `1,000-deep ${what}`, () => {
          try {
            lint(HEAD + body + '\n');
            return null;
          } catch (e) {
            assert.ok(e instanceof NoteTooComplexError, `unexpected error: ${String(e)}`);
            return e.message;
          }
        });
        if (skipped !== null) assert.match(skipped, /^Not checked: .*limit/);
      }
    });

    it('very long lines (a 2 MB risk title, a 100,000-character heading, a 200,000-cell table row) are checked within the bound', () => {
      timed(CHECK_BOUND_MS, 'long title', () => lint(HEAD + '- [ ] R-1: ' + 'word '.repeat(400_000) + '\n'));
      const heading = timed(CHECK_BOUND_MS, 'long heading', () => lint(HEAD + '## ' + 'Riskz'.repeat(20_000) + '\n'));
      assert.ok(!heading.findings.some((f) => f.rule === 'DISC012'), 'a 100,000-character heading is no typo of a section name');
      timed(CHECK_BOUND_MS, 'long table row', () => lint(HEAD + '| ID | Risk |\n|---|---|\n| R-1 | ' + 'x|'.repeat(200_000) + '\n'));
      timed(CHECK_BOUND_MS, 'long inline markup', () => lint(HEAD + '- ' + '*_['.repeat(100_000) + '\n'));
    });
  });

  describe('.discovery.yml', () => {
    const wrong: Array<[string, string, RegExp]> = [
      ['a list at the top level', '- sections\n- rules\n', /mapping|object/iu],
      ['a scalar', 'just text\n', /mapping|object/iu],
      ['sections of the wrong type', 'sections: 5\n', /sections/iu],
      ['rules as a list', 'rules: [DISC001]\n', /rules/iu],
      ['bands out of order', 'bands: { medium: 12, high: 8, critical: 30 }\n', /band|medium|critical/iu],
      ['a negative stale-question age', 'staleQuestionDays: -3\n', /staleQuestionDays/iu],
      ['maxFileBytes as text', 'maxFileBytes: lots\n', /maxFileBytes/iu],
      ['an over-long ignore glob', `ignore: ["${'a'.repeat(600)}"]\n`, /ignore/iu],
      ['invalid YAML', 'rules:\n  DISC001: [off\n', /./u],
      ['an alias bomb', `x: &x [1]\ny: [${Array(300).fill('*x').join(',')}]\n`, /alias/iu],
    ];
    for (const [what, text, message] of wrong) {
      it(`${what}: a positioned problem, and the defaults stay in force`, () => {
        const { overrides, problems } = timed(SMALL_BOUND_MS, what, () => parseConfigText(text, '/w/.discovery.yml'));
        assert.ok(problems.length > 0, `no problem reported for ${what}`);
        assert.ok(problems.some((p) => message.test(p.message)), problems.map((p) => p.message).join(' | '));
        for (const p of problems) {
          assert.equal(p.path, '/w/.discovery.yml');
          assert.ok(p.range.start.line >= 0 && p.range.start.line <= text.split('\n').length);
        }
        const merged = mergeConfig(DEFAULT_CONFIG, overrides);
        assert.ok(merged.bands.medium < merged.bands.high && merged.bands.high < merged.bands.critical, 'bands stay ordered');
        assert.ok(merged.staleQuestionDays >= 0 && merged.maxFileBytes > 0);
      });
    }

    it('a binary or oversized .discovery.yml is not used, with a reason', async () => {
      const fsys = new MemoryFileSystem({
        '/w/a/.discovery.yml': new Uint8Array([0x00, 0x01, 0x02, 0xff]),
        '/w/a/n.discovery.md': '# n\n',
        '/w/b/.discovery.yml': `staleQuestionDays: 3\n#${'x'.repeat(MAX_CONFIG_BYTES)}\n`,
        '/w/b/n.discovery.md': '# n\n',
      });
      const a = await loadConfigForNote(fsys, '/w/a/n.discovery.md', '/w', DEFAULT_CONFIG);
      assert.ok(a.problems.length > 0, 'binary config reported');
      assert.deepEqual(a.config, mergeConfig(DEFAULT_CONFIG, {}));
      const b = await loadConfigForNote(fsys, '/w/b/n.discovery.md', '/w', DEFAULT_CONFIG);
      assert.match(b.problems.map((p) => p.message).join(' '), /larger than/u);
      assert.equal(b.config.staleQuestionDays, DEFAULT_CONFIG.staleQuestionDays, 'an oversized file is not half-used');
    });

    it('through the CLI, a wrong-typed .discovery.yml is reported with its position and the notes are still checked', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-bad-'));
      temps.push(dir);
      fs.writeFileSync(path.join(dir, '.discovery.yml'), 'sections: 5\nrules: 7\nbands: [1, 2]\n');
      fs.writeFileSync(path.join(dir, 'n.discovery.md'), HEAD);
      const run = await cli(dir, '--format', 'json', '--today', TODAY);
      const report = JSON.parse(run.stdout) as { files: Array<{ path: string; diagnostics: Array<{ rule: string; line: number }> }> };
      const config = report.files.find((f) => f.path === '.discovery.yml');
      assert.ok(config && config.diagnostics.length >= 3, run.stdout);
      assert.deepEqual([...new Set(config.diagnostics.map((d) => d.line))].sort(), [1, 2, 3]);
      assert.ok(report.files.find((f) => f.path === 'n.discovery.md')?.diagnostics.some((d) => d.rule === 'DISC001'));
      assert.equal(run.code, 1, 'config errors fail the run');
    });
  });
});
