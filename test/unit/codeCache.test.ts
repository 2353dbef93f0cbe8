import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { cacheKey, loadWithCodeCache } from '../../src/cli/codeCache';

const REPO = path.resolve(__dirname, '..', '..');

describe('CLI: code cache', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-code-cache-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads a module, writes its cache, takes it on the next load, and ignores a cache of another text', () => {
    const main = path.join(dir, 'm.js');
    const cache = path.join(dir, 'm.cache');
    const source = 'exports.twice = (n) => n * 2;\nexports.where = __filename;\nexports.fs = typeof require("node:fs").readFileSync;\n';
    fs.writeFileSync(main, source);
    const first = loadWithCodeCache(main, cache);
    assert.equal(first.fromCache, false);
    const exported = first.exports as { twice(n: number): number; where: string; fs: string };
    assert.deepEqual([exported.twice(2), exported.where, exported.fs], [4, main, 'function']);
    first.writeCache();
    assert.ok(fs.readFileSync(cache, 'latin1').startsWith(`${cacheKey(fs.readFileSync(main))}\n`));

    const second = loadWithCodeCache(main, cache);
    assert.equal(second.fromCache, true);
    assert.equal((second.exports as { twice(n: number): number }).twice(21), 42);

    // Same length, other text: V8 alone would take the cache; the key does not.
    fs.writeFileSync(main, source.replace('n * 2', 'n + 2'));
    const changed = loadWithCodeCache(main, cache);
    assert.equal(changed.fromCache, false);
    assert.equal((changed.exports as { twice(n: number): number }).twice(21), 23);

    // A cache file that is not one is ignored too.
    fs.writeFileSync(cache, 'not a cache');
    assert.equal(loadWithCodeCache(main, cache).fromCache, false);
  });

  it('runs the command from the bundle, with and without its cache, with the same report', () => {
    const out = path.join(dir, 'dist');
    const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' } as const;
    esbuild.buildSync({ ...common, entryPoints: [path.join(REPO, 'src', 'cli', 'bin.ts')], outfile: path.join(out, 'cli.js') });
    esbuild.buildSync({ ...common, entryPoints: [path.join(REPO, 'src', 'cli', 'main.ts')], outfile: path.join(out, 'cli-main.js') });
    const cwd = path.join(REPO, 'examples');
    const run = (env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [path.join(out, 'cli.js'), '--format', 'json', '--today', '2026-11-22'], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
    const plain = run();
    assert.equal(plain.status, 1, plain.stderr);
    assert.ok(!fs.existsSync(path.join(out, 'cli-main.cache')));
    const writing = run({ DISCOVERY_LINT_WRITE_CODE_CACHE: '1' });
    assert.equal(writing.stdout, plain.stdout);
    const written = fs.readFileSync(path.join(out, 'cli-main.cache'));
    assert.ok(written.length > 100_000, `a cache of ${written.length} bytes holds more than the top level`);
    const cached = run();
    assert.equal(cached.status, 1, cached.stderr);
    assert.equal(cached.stdout, plain.stdout);
    assert.equal(JSON.parse(cached.stdout).summary.files, JSON.parse(plain.stdout).summary.files);
  });
});
