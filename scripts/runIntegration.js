#!/usr/bin/env node
// Runs the compiled integration suite (out/test/integration, built by `node esbuild.js`) inside a real VS Code
// extension host, once per scenario, and fails unless every test of every scenario passed.
//
//   node scripts/runIntegration.js [--scenario NAME]... [--keep]
//
// Scenario `ui` runs the end-to-end browser checks of test/e2e/*.e2e.js (code-server host only; see
// scripts/lib/uiChecks.js); it runs by default when such files exist. Scenario `vsix` packages the extension and
// installs the .vsix into the host (scripts/lib/vsixScenario.js); it runs by default too.
//
// Host: code-server 4.100.3 (VS Code 1.100.3's server, installed by scripts/setupTestHost.js) opened by headless
// Debian Chromium; or, with DISCOVERY_TEST_HOST=electron, the desktop VS Code that @vscode/test-electron downloads.
// Other knobs: DISCOVERY_TEST_TIMEOUT_MS (per scenario, default 300000), DISCOVERY_TEST_EXTENSION_PATH (load
// another extension folder instead of this repository), DISCOVERY_TEST_INDEX (another compiled test index), DISCOVERY_TEST_KEEP=1 (same as --keep: keep temp folders).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO_ROOT, CODE_SERVER_VERSION } = require('./lib/testHostPaths');
const { SCENARIOS, scenarioByName } = require('./lib/scenarios');
const { startWorkbench, stopAllWorkbenches, extensionHostLogs, RUN_FILE } = require('./lib/workbench');
const { assertInstalled } = require('./lib/codeServer');
const { takeScreenshot } = require('./lib/browser');
const { tail } = require('./lib/processes');
const { runUiChecks, loadChecks } = require('./lib/uiChecks');
const { runVsixScenario } = require('./lib/vsixScenario');

const TESTS_INDEX = path.resolve(process.env.DISCOVERY_TEST_INDEX || path.join(REPO_ROOT, 'out', 'test', 'integration', 'index'));
const TIMEOUT_MS = Number(process.env.DISCOVERY_TEST_TIMEOUT_MS || 300_000);
const HOST = process.env.DISCOVERY_TEST_HOST || 'code-server';
const EXTENSION_PATH = path.resolve(process.env.DISCOVERY_TEST_EXTENSION_PATH || REPO_ROOT);

function parseArgs(argv) {
  const options = { scenarios: [], ui: false, vsix: false, keep: process.env.DISCOVERY_TEST_KEEP === '1' };
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep') options.keep = true;
    else if (arg === '--scenario' && argv[i + 1]) names.push(argv[++i]);
    else if (arg.startsWith('--scenario=')) names.push(arg.slice('--scenario='.length));
    else throw new Error(`unknown argument ${arg}. Usage: node scripts/runIntegration.js [--scenario NAME]... [--keep]`);
  }
  if (names.length === 0) {
    options.scenarios = SCENARIOS;
    options.ui = true;
    options.vsix = true;
  }
  for (const name of names) {
    if (name === 'ui') options.ui = true;
    else if (name === 'vsix') options.vsix = true;
    else options.scenarios.push(scenarioByName(name));
  }
  return options;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function checkBuild() {
  if (!fs.existsSync(`${TESTS_INDEX}.js`)) {
    throw new Error(`${path.relative(REPO_ROOT, TESTS_INDEX)}.js is missing: build first with \`node esbuild.js\` (\`npm test\` does).`);
  }
  // esbuild never deletes outputs: a suite whose source was deleted or renamed would still run from out/.
  const outDir = path.dirname(TESTS_INDEX);
  const srcDir = path.join(REPO_ROOT, 'test', 'integration');
  if (outDir === path.join(REPO_ROOT, 'out', 'test', 'integration')) {
    for (const f of fs.readdirSync(outDir).filter((name) => name.endsWith('.test.js'))) {
      if (!fs.existsSync(path.join(srcDir, f.replace(/\.js$/, '.ts')))) {
        console.log(`removing ${path.relative(REPO_ROOT, path.join(outDir, f))}: its source is gone`);
        fs.rmSync(path.join(outDir, f), { force: true });
        fs.rmSync(path.join(outDir, `${f}.map`), { force: true });
      }
    }
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_PATH, 'package.json'), 'utf8'));
  if (manifest.main && !fs.existsSync(path.join(EXTENSION_PATH, manifest.main))) {
    console.warn(`warning: the extension's main file ${manifest.main} does not exist in ${EXTENSION_PATH}; it cannot activate.`);
  }
  return `${manifest.publisher}.${manifest.name}`;
}

async function readResults(file) {
  return JSON.parse(await fs.promises.readFile(file, 'utf8'));
}

/** code-server logs this when the extension host that ran (or should have run) the tests is gone. */
const EXTENSION_HOST_EXIT = /Extension Host Process exited with code: (-?\w+), signal: (\w+)/;

/**
 * Resolves with the results file's content, or rejects when code-server or the extension host exits first, or
 * time runs out. An extension host that dies without results (a crash in the test index) fails the run within
 * seconds instead of at the timeout.
 */
async function waitForResults(file, serverExited, serverLog, timeoutMs) {
  let serverExit = null;
  serverExited.then((info) => (serverExit = info));
  const deadline = Date.now() + timeoutMs;
  let hostExit = null;
  for (;;) {
    if (fs.existsSync(file)) return readResults(file);
    if (serverExit) throw new Error(`code-server exited before the tests reported (${JSON.stringify(serverExit)})`);
    if (Date.now() > deadline) throw new Error(`no results after ${seconds(timeoutMs)} (DISCOVERY_TEST_TIMEOUT_MS)`);
    if (!hostExit) {
      const match = EXTENSION_HOST_EXIT.exec(fs.readFileSync(serverLog, 'utf8'));
      if (match) hostExit = { at: Date.now(), code: match[1], signal: match[2] };
    } else if (Date.now() - hostExit.at > 5000) {
      throw new Error(`the extension host exited (code ${hostExit.code}, signal ${hostExit.signal}) without writing results`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function printDiagnostics(files) {
  if (fs.existsSync(files.serverLog)) console.log(`--- code-server log (${files.serverLog}), last lines:\n${tail(files.serverLog, 30)}`);
  if (fs.existsSync(files.consoleLog)) console.log(`--- browser console (${files.consoleLog}), last lines:\n${tail(files.consoleLog, 30)}`);
  for (const log of extensionHostLogs(files.userData)) {
    console.log(`--- ${log}, last lines:\n${tail(log, 20)}`);
  }
}

async function runScenarioInCodeServer(scenario) {
  const first = await startOnce(scenario.name, scenario);
  if (!scenario.restart || !first.results || first.results.failures > 0 || first.results.fatal) return first;
  // A restart of VS Code on the same workspace and user data: the first start's suites ran; stop it, let the
  // scenario change the workspace as it wants, and run the second start's suites.
  await first.wb.stop();
  scenario.restart.beforeRestart?.(first.files.workspace);
  const second = await startOnce(scenario.restart.scenario, scenario, first.files.root, first.wb.server.port);
  if (!second.results) return second;
  const a = first.results;
  const b = second.results;
  return {
    ...second,
    results: {
      ...b,
      passes: a.passes + b.passes,
      failures: a.failures + b.failures,
      pending: a.pending + b.pending,
      selected: a.selected + b.selected,
      tests: [...a.tests, ...b.tests],
    },
  };
}

/** One start of VS Code on a scenario's workspace (on the folder of an earlier start when `reuseRoot` is given). */
async function startOnce(name, scenario, reuseRoot, port) {
  const wb = await startWorkbench({
    scenario: name,
    fixture: scenario.fixture,
    workspaceFile: scenario.workspaceFile,
    extensionDevelopmentPath: EXTENSION_PATH,
    extensionTestsPath: TESTS_INDEX,
    reuseRoot,
    port,
  });
  try {
    const results = await waitForResults(wb.files.results, wb.server.exited, wb.files.serverLog, TIMEOUT_MS);
    wb.timings.results = Date.now() - wb.startedAt;
    return { results, files: wb.files, wb };
  } catch (error) {
    return { results: null, error, files: wb.files, wb };
  }
}

/** Required only when asked for: the package is not a dependency, since it cannot download VS Code on our machines. */
function loadTestElectron() {
  try {
    return require('@vscode/test-electron');
  } catch {
    throw new Error('DISCOVERY_TEST_HOST=electron needs @vscode/test-electron: `npm install --no-save @vscode/test-electron` (see docs/testing.md).');
  }
}

async function runScenarioInElectron(scenario) {
  if (scenario.restart) throw new Error('a scenario that restarts VS Code runs on the code-server host only');
  const testElectron = loadTestElectron();
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `discovery-it-${scenario.name}-`)));
  const workspace = path.join(root, 'workspace');
  fs.cpSync(scenario.fixture, workspace, { recursive: true });
  const files = { root, workspace, results: path.join(root, 'results.json'), serverLog: path.join(root, 'code-server.log'), consoleLog: path.join(root, 'browser-console.log'), userData: path.join(root, 'user-data') };
  fs.writeFileSync(path.join(root, RUN_FILE), JSON.stringify({ scenario: scenario.name, resultsFile: files.results }));
  try {
    await testElectron.runTests({
      version: process.env.DISCOVERY_VSCODE_VERSION || '1.100.3',
      // Inside the git-ignored cache, next to code-server.
      cachePath: path.join(REPO_ROOT, '.cache', 'vscode-test'),
      extensionDevelopmentPath: EXTENSION_PATH,
      extensionTestsPath: TESTS_INDEX,
      extensionTestsEnv: { DISCOVERY_TEST_SCENARIO: scenario.name, DISCOVERY_TEST_RESULTS: files.results },
      launchArgs: [scenario.workspaceFile ? path.join(workspace, scenario.workspaceFile) : workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', `--user-data-dir=${files.userData}`],
    });
  } catch (error) {
    // runTests rejects when a test failed; the results file says which. No file means VS Code itself failed.
    if (!fs.existsSync(files.results)) return { results: null, error, files, wb: null };
  }
  if (!fs.existsSync(files.results)) return { results: null, error: new Error('VS Code exited without writing results'), files, wb: null };
  return { results: await readResults(files.results), files, wb: null };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const extensionId = checkBuild();
  if (HOST === 'code-server') assertInstalled();
  else if (HOST === 'electron') loadTestElectron();
  else throw new Error(`DISCOVERY_TEST_HOST must be code-server or electron, not ${HOST}`);

  const totals = { passed: 0, failed: 0, pending: 0 };
  const versions = new Set();
  const problems = [];
  const started = Date.now();
  console.log(`Integration tests of ${extensionId} (${path.relative(REPO_ROOT, EXTENSION_PATH) || 'this repository'}) on ${HOST === 'electron' ? 'VS Code desktop (@vscode/test-electron)' : `code-server ${CODE_SERVER_VERSION} + ${require('./lib/browser').CHROMIUM}`}`);

  for (const scenario of options.scenarios) {
    const t0 = Date.now();
    console.log(`\nScenario "${scenario.name}": ${scenario.summary}`);
    let outcome;
    try {
      outcome = HOST === 'electron' ? await runScenarioInElectron(scenario) : await runScenarioInCodeServer(scenario);
    } catch (error) {
      problems.push(`${scenario.name}: ${error.message}`);
      console.log(`  ✗ could not start: ${error.message}`);
      totals.failed++;
      continue;
    }
    const { results, files } = outcome;
    let ok = false;
    if (!results) {
      problems.push(`${scenario.name}: ${outcome.error.message}`);
      console.log(`  ✗ ${outcome.error.message}`);
      totals.failed++;
    } else {
      versions.add(results.vscodeVersion);
      for (const t of results.tests) {
        const mark = t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-';
        const time = t.durationMs != null ? ` (${t.durationMs} ms)` : '';
        console.log(`  ${mark} ${t.fullTitle}${t.state === 'passed' ? time : ''}`);
        if (t.state === 'failed') console.log(`      ${(t.stack || t.error || '').split('\n').slice(0, 8).join('\n      ')}`);
      }
      const reported = results.tests.length;
      if (results.selected > reported) console.log(`  ! ${results.selected - reported} of ${results.selected} selected tests did not run (a hook failed or mocha aborted the run)`);
      totals.passed += results.passes;
      totals.failed += results.failures;
      totals.pending += results.pending;
      if (results.fatal) {
        problems.push(`${scenario.name}: the test index failed: ${results.fatal.split('\n')[0]}`);
        console.log(`  ✗ the test index could not run the suites:\n${results.fatal}`);
        totals.failed++;
      } else if (results.tests.length === 0) {
        problems.push(`${scenario.name}: no tests ran`);
        console.log('  ✗ no tests ran in this scenario');
        totals.failed++;
      } else {
        ok = results.failures === 0;
      }
    }
    if (!ok) {
      if (outcome.wb) {
        const shot = await takeScreenshot(outcome.wb.page, `failure-${scenario.name}`).catch(() => null);
        if (shot) console.log(`  screenshot of the workbench: ${path.relative(REPO_ROOT, shot)}`);
      }
      printDiagnostics(files);
    }
    if (outcome.wb) {
      const t = outcome.wb.timings;
      const stopStart = Date.now();
      await outcome.wb.stop();
      const phases = [`code-server up ${seconds(t.serverReady)}`, `Chromium up ${seconds(t.browserReady)}`];
      if (t.results !== undefined) phases.push(`results ${seconds(t.results)}`);
      phases.push(`stopped in ${seconds(Date.now() - stopStart)}`);
      console.log(`  timings: ${phases.join(', ')}`);
    }
    // A failed scenario's folder (workspace copy, logs, results) is kept for a post-mortem.
    if (!options.keep && ok) fs.rmSync(files.root, { recursive: true, force: true });
    else console.log(`  kept ${files.root}`);
    console.log(`  scenario "${scenario.name}" took ${seconds(Date.now() - t0)}`);
  }

  const checks = options.ui && HOST === 'code-server' ? loadChecks() : [];
  if (checks.length > 0) {
    const t0 = Date.now();
    console.log(`\nScenario "ui": ${checks.length} end-to-end check(s) through the browser on the main fixture`);
    let ui = null;
    try {
      ui = await runUiChecks({ fixture: scenarioByName('workspace').fixture, extensionDevelopmentPath: EXTENSION_PATH });
    } catch (error) {
      problems.push(`ui: ${error.message}`);
      console.log(`  ✗ could not open the workbench: ${error.message}`);
      totals.failed++;
    }
    if (ui) {
      for (const r of ui.results) {
        console.log(`  ${r.state === 'passed' ? '✓' : '✗'} ${r.title} (${r.file}${r.state === 'passed' ? `, ${r.durationMs} ms` : ''})`);
        if (r.state === 'failed') {
          console.log(`      ${r.error.split('\n').slice(0, 8).join('\n      ')}`);
          if (r.screenshot) console.log(`      screenshot: ${path.relative(REPO_ROOT, r.screenshot)}`);
        }
        if (r.state === 'passed') totals.passed++;
        else totals.failed++;
      }
      if (ui.results.some((r) => r.state === 'failed')) printDiagnostics(ui.files);
      if (!options.keep) fs.rmSync(ui.files.root, { recursive: true, force: true });
      else console.log(`  kept ${ui.files.root}`);
    }
    console.log(`  scenario "ui" took ${seconds(Date.now() - t0)}`);
  }

  // Scenario "vsix" (scripts/lib/vsixScenario.js): the packaged extension installed with --install-extension.
  if (options.vsix && HOST === 'code-server') {
    const t0 = Date.now();
    console.log('\nScenario "vsix": npm run package, code-server --install-extension, then the UI on the main fixture');
    const vsix = await runVsixScenario({ fixture: scenarioByName('workspace').fixture }).catch((error) => ({ results: [{ title: 'run the scenario', state: 'failed', error: error.stack || String(error) }], files: null }));
    for (const r of vsix.results) {
      console.log(`  ${r.state === 'passed' ? '✓' : '✗'} ${r.title}${r.state === 'passed' ? ` (${r.durationMs} ms)` : ''}`);
      if (r.state === 'failed') console.log(`      ${r.error.split('\n').slice(0, 12).join('\n      ')}`);
      if (r.state === 'passed') totals.passed++;
      else totals.failed++;
    }
    const failed = vsix.results.some((r) => r.state === 'failed');
    if (failed && vsix.files) printDiagnostics(vsix.files);
    if (vsix.files && !failed && !options.keep) fs.rmSync(vsix.files.root, { recursive: true, force: true });
    else if (vsix.files) console.log(`  kept ${vsix.files.root}`);
    console.log(`  scenario "vsix" took ${seconds(Date.now() - t0)}`);
  }

  console.log('');
  const where = versions.size > 0 ? [...versions].join(', ') : 'unknown (no results)';
  console.log(`Integration tests ran inside VS Code ${where} in ${seconds(Date.now() - started)}${totals.pending ? `, ${totals.pending} pending` : ''}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  if (totals.passed + totals.failed === 0) console.log('nothing ran: no scenario selected, or no checks found');
  if (problems.length > 0 || totals.failed > 0 || totals.passed === 0) process.exitCode = 1;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping VS Code and Chromium`);
    stopAllWorkbenches().finally(() => process.exit(130));
  });
}

main()
  .catch((error) => {
    console.error(`integration run failed: ${error.message}`);
    process.exitCode = 1;
  })
  .finally(() => stopAllWorkbenches());
