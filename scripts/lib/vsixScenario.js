// Scenario `vsix`: the packaged extension, installed the way a user installs it. `npm run package` builds and
// checks the .vsix; code-server's `--install-extension` installs it into a fresh extensions folder; the workbench
// opens the main fixture with no development extension and no test index; Playwright checks that the extension
// activated and its Open Risks view shows the fixture's risks. A packaging mistake (a file left out, a bad
// `main`, a missing activation event) fails here even when the development-mode tests pass.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { REPO_ROOT, codeServerPaths } = require('./testHostPaths');
const { startCodeServer } = require('./codeServer');
const { launchBrowser, waitForWorkbench, takeScreenshot } = require('./browser');
const { killGroup } = require('./processes');

const EXTENSION_ID = 'discovery-notes.discovery-notes';

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 180_000, ...options });
  if (result.status !== 0) {
    throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${(result.stdout || '').slice(-2000)}${(result.stderr || '').slice(-2000)}`);
  }
  return result.stdout;
}

/** Builds the .vsix with `npm run package` (which also checks its listing) and returns its path. */
function buildVsix() {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, ['run', '--silent', 'package'], { cwd: REPO_ROOT });
  const vsix = path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

/**
 * Runs the scenario and returns results in the shape of the UI checks: `{ results: [{ title, state, error,
 * durationMs, screenshot }], files }`. Never throws for a failing check; throws when the host cannot start.
 */
async function runVsixScenario({ fixture, vsix = null }) {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-it-vsix-')));
  const workspace = path.join(root, 'workspace');
  fs.cpSync(fixture, workspace, { recursive: true });
  const files = { root, workspace, serverLog: path.join(root, 'code-server.log'), consoleLog: path.join(root, 'browser-console.log'), userData: path.join(root, 'user-data') };
  const dirs = { userData: files.userData, extensions: path.join(root, 'extensions') };
  const results = [];
  const check = async (title, fn) => {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ title, state: 'passed', durationMs: Date.now() - t0, error: null });
      return true;
    } catch (error) {
      const shot = page ? await takeScreenshot(page, `failure-vsix-${title}`).catch(() => null) : null;
      results.push({ title, state: 'failed', durationMs: Date.now() - t0, error: (error && error.stack) || String(error), screenshot: shot });
      return false;
    }
  };

  let page = null;
  let browser = null;
  let server = null;
  let serverPid = null;
  try {
    let file = vsix;
    const built = await check('npm run package builds a .vsix that holds only what it should', async () => {
      file = file || buildVsix();
    });
    if (!built) return { results, files };

    const installed = await check('code-server --install-extension installs the .vsix', async () => {
      const paths = codeServerPaths();
      fs.mkdirSync(dirs.extensions, { recursive: true });
      const out = run(process.execPath, [paths.entry, '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData, '--install-extension', file], {
        cwd: root,
        env: { ...process.env, CODE_SERVER_CONFIG: paths.config },
      });
      const folder = fs.readdirSync(dirs.extensions).find((d) => d.startsWith(`${EXTENSION_ID}-`));
      if (!folder) throw new Error(`no ${EXTENSION_ID}-* folder in the extensions folder after installing; output:\n${out}`);
      for (const needed of ['package.json', 'dist/extension.js', 'media/summaryPanel.js']) {
        if (!fs.existsSync(path.join(dirs.extensions, folder, needed))) throw new Error(`the installed extension lacks ${needed}`);
      }
    });
    if (!installed) return { results, files };

    await check('the installed extension activates on the fixture and its Open Risks view shows the risks', async () => {
      server = await startCodeServer({ workspace, dirs, logFile: files.serverLog, onSpawn: (pid) => (serverPid = pid) });
      browser = await launchBrowser({ profileDir: path.join(root, 'chromium-profile'), consoleLog: files.consoleLog });
      page = browser.page;
      // No payload: no development extension, no test index. Only what --install-extension put there.
      await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await waitForWorkbench(page);
      await page.locator('.activitybar [aria-label^="Discovery"]').first().click({ timeout: 30_000 });
      const rows = page.locator('.part.sidebar .monaco-list-row');
      await rows.filter({ hasText: 'Northwind Logistics' }).first().waitFor({ timeout: 30_000 });
      // The risk rows are inside collapsed groups only if grouping changed; by default engagements are expanded.
      await rows.filter({ hasText: 'R-1' }).first().waitFor({ timeout: 20_000 });
      await takeScreenshot(page, 'vsix-risk-tree', { selector: '.part.sidebar' });
    });
  } finally {
    if (browser) await browser.close();
    if (server) await server.stop();
    else if (serverPid) await killGroup(serverPid);
  }
  return { results, files };
}

module.exports = { runVsixScenario, buildVsix };
