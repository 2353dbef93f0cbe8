// Starts VS Code's server (code-server, installed by scripts/setupTestHost.js) for one workspace, with throwaway
// user data and extension folders so runs never share state.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { codeServerPaths, CODE_SERVER_VERSION } = require('./testHostPaths');
const { spawnGroup, killGroup, freePort, tail } = require('./processes');

/**
 * User settings that keep the workbench quiet and deterministic under test, and make code-server behave like
 * desktop VS Code where their defaults differ (code-server auto-saves after a delay; desktop does not).
 */
const TEST_SETTINGS = {
  'files.autoSave': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'git.enabled': false,
};

function assertInstalled() {
  const p = codeServerPaths();
  let marker = null;
  try {
    marker = JSON.parse(fs.readFileSync(p.marker, 'utf8'));
  } catch {
    // handled below
  }
  if (!marker || marker.version !== CODE_SERVER_VERSION || !fs.existsSync(p.entry)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${p.dir}. Run \`npm run setup\` (or \`node scripts/setupTestHost.js\`) first.`);
  }
  return { paths: p, marker };
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

/**
 * Starts code-server on a free port of 127.0.0.1 and waits until it answers.
 * `dirs`: { userData, extensions } (created if needed); `env`: extra environment (it reaches the extension host);
 * `onSpawn(pid)`: called as soon as the process exists, before it answers (so a caller can stop it meanwhile).
 * @returns {Promise<{ port: number, origin: string, pid: number, logFile: string, exited: Promise<unknown>, stop(): Promise<void> }>}
 */
async function startCodeServer({ workspace, dirs, env = {}, logFile, startTimeoutMs = 60_000, settings = {}, onSpawn, port: wantedPort }) {
  const { paths } = assertInstalled();
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.mkdirSync(dirs.extensions, { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...TEST_SETTINGS, ...settings }, null, 2));
  // A restart asks for the port of the earlier start: the workspace's identity (and storage) includes it.
  const port = wantedPort ?? (await freePort());
  const args = [
    paths.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    workspace,
  ];
  const { child, exited } = spawnGroup(process.execPath, args, {
    cwd: workspace,
    env: { ...process.env, ...env, CODE_SERVER_CONFIG: paths.config },
    logFile,
  });
  if (onSpawn) onSpawn(child.pid);
  let exitInfo = null;
  exited.then((info) => (exitInfo = info));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  while (!(await httpOk(`${origin}/healthz`))) {
    if (exitInfo) throw new Error(`code-server exited while starting (${JSON.stringify(exitInfo)}). Log tail:\n${tail(logFile)}`);
    if (Date.now() > deadline) {
      await killGroup(child.pid);
      throw new Error(`code-server did not answer on ${origin} within ${startTimeoutMs} ms. Log tail:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, origin, pid: child.pid, logFile, exited, stop: () => killGroup(child.pid) };
}

/**
 * The workbench URL that opens the folder `workspace` (or the multi-root `workspaceFile`, a `.code-workspace` file)
 * and, when `extensionTestsPath` is given, runs that test index in the extension host (the `payload` query is how
 * VS Code's web workbench receives development options).
 */
function workbenchUrl({ origin, port, workspace, workspaceFile, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  const open = workspaceFile ? `workspace=${encodeURIComponent(workspaceFile)}` : `folder=${encodeURIComponent(workspace)}`;
  return `${origin}/?${open}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

module.exports = { startCodeServer, workbenchUrl, assertInstalled, TEST_SETTINGS };
