// Bundles the extension, its parse worker, the CLI and the integration test suite. `--production` minifies, `--watch` rebuilds.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Every integration test file becomes part of one bundle loaded by the extension host. */
function integrationEntries() {
  const dir = path.join(__dirname, 'test', 'integration');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The command (`bin` in package.json) is a small loader that starts the CLI bundle from its code cache (src/cli/bin.ts).
  { ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js' },
  // The parse worker is its own file: the extension starts it as a worker thread from the bundle's folder.
  { ...common, entryPoints: ['src/worker/parseWorker.ts'], outfile: 'dist/parseWorker.js' },
];
const integration = integrationEntries();
if (integration.length > 0 && !production) {
  builds.push({ ...common, entryPoints: integration, outdir: 'out/test/integration', external: ['vscode', 'mocha'] });
}

async function main() {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
  writeCliCodeCache();
}

/**
 * Runs the CLI once on the sample notes in examples/ with DISCOVERY_LINT_WRITE_CODE_CACHE=1, which leaves the V8
 * code cache of the bundle in dist/cli-main.cache (see src/cli/bin.ts). Without it the CLI still works, compiling
 * as it goes; so a failure here is reported, not fatal.
 */
function writeCliCodeCache() {
  const cache = path.join(__dirname, 'dist', 'cli-main.cache');
  fs.rmSync(cache, { force: true });
  const run = spawnSync(process.execPath, [path.join(__dirname, 'dist', 'cli.js'), '--format', 'json', '--today', '2026-11-22'], {
    cwd: path.join(__dirname, 'examples'),
    env: { ...process.env, DISCOVERY_LINT_WRITE_CODE_CACHE: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (!fs.existsSync(cache) || (run.status !== 0 && run.status !== 1)) {
    console.warn(`esbuild.js: the CLI's code cache was not written (exit ${run.status}): ${(run.stderr || '').slice(0, 500)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
