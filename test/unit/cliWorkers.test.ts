import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { runCli, type CliIo } from '../../src/cli/main';
import { CheckPool, WorkersFailed } from '../../src/cli/checkWorker';
import { DEFAULT_CONFIG } from '../../src/core/config';

const REPO = path.resolve(__dirname, '..', '..');
const MAIN = path.join(REPO, 'src', 'cli', 'main.ts');
const generator = require('../../scripts/lib/benchGenerator.js') as { generateWorkspace(dir: string, o: { notes: number; seed: number }): { bytes: number } };

/**
 * The CLI bundled from the current sources as `npm run build` bundles it (worker threads start the bundle itself,
 * and a worker thread cannot load TypeScript through the test's loader).
 */
function bundleCli(outDir: string): string {
  const outfile = path.join(outDir, 'cli.js');
  esbuild.buildSync({ entryPoints: [MAIN], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  return outfile;
}

async function inProcess(cwd: string, workers: CliIo['workers'], ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, env: {}, workers });
  return { code, stdout, stderr };
}

describe('CLI: worker threads', function () {
  this.timeout(180_000);
  let workspace: string;
  let bundle: string;
  const spawnCli = (cwd: string, ...argv: string[]): { status: number | null; stdout: string; stderr: string } =>
    spawnSync(process.execPath, [bundle, ...argv], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });

  before(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-cli-workers-'));
    bundle = bundleCli(fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-cli-bundle-')));
    // A realistic workspace of more than a megabyte (the size from which threads are used), with malformed notes.
    const { bytes } = generator.generateWorkspace(workspace, { notes: 120, seed: 7 });
    assert.ok(bytes > 1 << 20, `the workspace should be over 1 MB, is ${bytes} bytes`);
    // Notes that are not checked: binary bytes, and notes over maxFileBytes.
    fs.writeFileSync(path.join(workspace, 'binary.discovery.md'), Buffer.from([0x23, 0x20, 0, 1, 2]));
    fs.writeFileSync(path.join(workspace, '.discovery.yml'), 'maxFileBytes: 150000\n');
  });

  after(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
  });

  it('gives byte for byte the report of a single thread, in every format', () => {
    for (const format of ['json', 'text', 'sarif']) {
      const one = spawnCli(workspace, '--format', format, '--today', '2026-11-22', '--jobs', '1');
      const two = spawnCli(workspace, '--format', format, '--today', '2026-11-22', '--jobs', '3');
      assert.equal(one.status, 1, one.stderr);
      assert.equal(two.status, one.status, two.stderr);
      assert.equal(two.stderr, one.stderr);
      assert.ok(two.stdout === one.stdout, `${format}: the outputs differ`);
      if (format === 'json') {
        const report = JSON.parse(one.stdout) as { files: Array<{ path: string; skipped?: string }>; summary: { files: number; skipped: number } };
        assert.ok(report.summary.files > 120);
        const skipped = report.files.filter((f) => f.skipped !== undefined).map((f) => f.path);
        for (const p of ['binary.discovery.md']) assert.ok(skipped.includes(p), `${p} should be skipped`);
        assert.ok(report.files.some((f) => f.skipped !== undefined && /maxFileBytes/.test(f.skipped)), 'a note over maxFileBytes is skipped');
      }
    }
  });

  it('checks on its own thread when a worker fails, and the report is still complete', async () => {
    const crashing = path.join(workspace, 'crash.js');
    fs.writeFileSync(crashing, "throw new Error('worker failed to start');\n");
    const exiting = path.join(workspace, 'exit.js');
    fs.writeFileSync(exiting, 'process.exit(3);\n');
    const reference = await inProcess(workspace, undefined, '--format', 'json', '--today', '2026-11-22');
    for (const script of [crashing, exiting]) {
      const run = await inProcess(workspace, { script, threads: 2 }, '--format', 'json', '--today', '2026-11-22');
      assert.equal(run.code, reference.code);
      assert.equal(run.stdout, reference.stdout);
      assert.match(run.stderr, /checking with worker threads failed \(.+\); checking on one thread instead/);
    }
  });

  it('rejects with WorkersFailed when a worker crashes or exits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-cli-worker-fail-'));
    try {
      const crashing = path.join(dir, 'crash.js');
      fs.writeFileSync(crashing, "throw new Error('boom');\n");
      const silent = path.join(dir, 'silent.js');
      // Starts, never answers, and exits when its port closes: the pool must not wait forever.
      fs.writeFileSync(silent, "require('node:worker_threads').parentPort.once('message', () => process.exit(0));\n");
      const groups = [
        { expected: null, notes: [{ path: path.join(dir, 'a.discovery.md'), rel: 'a.discovery.md', config: DEFAULT_CONFIG }], bytes: 1 },
        { expected: null, notes: [{ path: path.join(dir, 'b.discovery.md'), rel: 'b.discovery.md', config: DEFAULT_CONFIG }], bytes: 1 },
      ];
      for (const script of [crashing, silent]) {
        await assert.rejects(new CheckPool(script, 2, 256, '2026-11-22').check(groups), WorkersFailed);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
