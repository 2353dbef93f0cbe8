// One VS Code for one scenario: a fresh temp folder holding a copy of the fixture workspace, code-server's user
// data and extensions folders, the browser profile, the logs and the results file. Used by the integration
// runner (with a test index) and by end-to-end UI checks (without one).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO_ROOT } = require('./testHostPaths');
const { startCodeServer, workbenchUrl } = require('./codeServer');
const { launchBrowser, waitForWorkbench } = require('./browser');
const { killGroup } = require('./processes');

/** Stop functions of every workbench started and not yet stopped, so a signal handler can stop them all. */
const active = new Set();

/** Stops every workbench of this process (code-server and Chromium with their process groups). */
async function stopAllWorkbenches() {
  await Promise.all([...active].map((stop) => stop()));
}

/** File next to the workspace copy that tells the test index its scenario and results path (see index.ts). */
const RUN_FILE = 'discovery-test-run.json';

/**
 * Starts code-server and Chromium on a fresh copy of `fixture`.
 * @param {object} options
 * @param {string} options.scenario  scenario name, passed to the test index
 * @param {string} options.fixture   folder copied as the workspace
 * @param {string} [options.workspaceFile]  a `.code-workspace` file inside the fixture: opens that multi-root workspace
 * @param {string} [options.extensionDevelopmentPath]  the extension under test (default: the repository)
 * @param {string|null} [options.extensionTestsPath]    compiled test index without `.js`; null opens the plain workbench
 * @param {boolean} [options.waitForUi]  wait until the workbench has rendered (for UI checks)
 * @param {string} [options.reuseRoot]  the folder of an earlier (stopped) workbench: start again on its workspace
 *   and user data (a restart of VS Code), with a results file, logs and browser profile of this start's own
 * @param {number} [options.port]  the port of that earlier start (VS Code's identity of a remote workspace, and so
 *   its workspace storage, includes the server's address)
 */
async function startWorkbench({
  scenario,
  fixture,
  workspaceFile,
  extensionDevelopmentPath = REPO_ROOT,
  extensionTestsPath = null,
  waitForUi = false,
  reuseRoot = undefined,
  port = undefined,
}) {
  // realpath: code-server and the extension host see resolved paths; /tmp may be a symlink on some systems.
  const root = reuseRoot ?? fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `discovery-it-${scenario}-`)));
  const workspace = path.join(root, 'workspace');
  if (!reuseRoot) fs.cpSync(fixture, workspace, { recursive: true });
  // A restart keeps the workspace and user data; what belongs to one start is named after its scenario.
  const own = (name, ext) => path.join(root, reuseRoot ? `${name}-${scenario}${ext}` : `${name}${ext}`);
  const files = {
    root,
    workspace,
    results: own('results', '.json'),
    serverLog: own('code-server', '.log'),
    consoleLog: own('browser-console', '.log'),
    userData: path.join(root, 'user-data'),
  };
  fs.writeFileSync(path.join(root, RUN_FILE), JSON.stringify({ scenario, resultsFile: files.results }, null, 2));

  let server = null;
  let serverPid = null;
  let browser = null;
  const t0 = Date.now();
  /** Milliseconds from the start of startWorkbench at which each phase ended. */
  const timings = {};
  const stop = async () => {
    active.delete(stop);
    // Browser first: a workbench that loses its server reconnects in a loop and logs noise.
    if (browser) await browser.close();
    if (server) await server.stop();
    else if (serverPid) await killGroup(serverPid);
  };
  // Registered before anything starts: a signal during start-up must still stop what did start.
  active.add(stop);
  try {
    server = await startCodeServer({
      workspace,
      dirs: { userData: files.userData, extensions: path.join(root, 'extensions') },
      env: { DISCOVERY_TEST_SCENARIO: scenario, DISCOVERY_TEST_RESULTS: files.results },
      logFile: files.serverLog,
      onSpawn: (pid) => (serverPid = pid),
      port,
    });
    timings.serverReady = Date.now() - t0;
    browser = await launchBrowser({ profileDir: own('chromium-profile', ''), consoleLog: files.consoleLog });
    const url = workbenchUrl({
      origin: server.origin,
      port: server.port,
      workspace,
      workspaceFile: workspaceFile ? path.join(workspace, workspaceFile) : undefined,
      extensionDevelopmentPath,
      extensionTestsPath,
    });
    timings.browserReady = Date.now() - t0;
    await browser.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    if (waitForUi) await waitForWorkbench(browser.page);
    timings.pageLoaded = Date.now() - t0;
  } catch (error) {
    await stop();
    throw error;
  }
  return { files, server, page: browser.page, context: browser.context, stop, startedAt: t0, timings };
}

/** Extension host logs written by code-server under the user data folder (useful when the test index never reported). */
function extensionHostLogs(userData) {
  const found = [];
  const walk = (dir) => {
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // The host's own logs only: per-extension logs (exthost1/vscode.git/...) are noise here.
      else if (/^(exthost|remoteagent|remoteexthost)\.log$/.test(e.name)) found.push(p);
    }
  };
  walk(path.join(userData, 'logs'));
  return found;
}

module.exports = { startWorkbench, stopAllWorkbenches, extensionHostLogs, RUN_FILE };
