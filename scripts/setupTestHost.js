#!/usr/bin/env node
// Makes this machine able to run the integration tests: the Debian packages VS Code's server and a headless
// Chromium need, and code-server (VS Code's server build from npm) installed into a git-ignored cache.
// Only the npm registry and Debian mirrors are reachable on our machines, so nothing here may download from
// anywhere else (which is why @vscode/ripgrep's own install script must never run: it fetches from GitHub).
// Idempotent: a completion marker holds the installed version, so a second run only checks and returns.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { CODE_SERVER_VERSION, codeServerPaths, REPO_ROOT } = require('./lib/testHostPaths');

const APT_PACKAGES = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'ripgrep', 'chromium'];

const started = Date.now();

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function log(message) {
  console.log(`[setup] ${message}`);
}

class SetupError extends Error {}

/**
 * Runs a command with its output appended to `logFile` (npm and apt are verbose; the tail is shown on failure).
 * Throws a SetupError naming the command, the folder and the log.
 */
function run(command, args, { cwd = REPO_ROOT, env = {}, logFile } = {}) {
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  if (result.error || result.status !== 0) {
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    const why = result.error ? result.error.message : `exit code ${result.status}`;
    throw new SetupError(`\`${command} ${args.join(' ')}\` failed in ${cwd} (${why}). Last lines of ${logFile}:\n${tail}`);
  }
}

async function step(title, fn) {
  const t0 = Date.now();
  log(`${title} ...`);
  const note = await fn();
  log(`${title}: ${note ? `${note}, ` : ''}${seconds(Date.now() - t0)}`);
}

function missingAptPackages(packages) {
  return packages.filter((pkg) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return r.status !== 0 || !/\binstall ok installed\b/.test(r.stdout);
  });
}

function ensureAptPackages(logFile, packages = APT_PACKAGES) {
  if (process.platform !== 'linux' || spawnSync('dpkg-query', ['--version']).status !== 0) {
    return 'not a Debian-like system: skipped (install the equivalents of these packages yourself: ' + packages.join(' ') + ')';
  }
  const missing = missingAptPackages(packages);
  if (missing.length === 0) return `all ${packages.length} packages already installed`;
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  if (!asRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new SetupError(`missing Debian packages: ${missing.join(' ')}. Run as root or install them: sudo apt-get install ${missing.join(' ')}`);
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => (sudo.length ? run(sudo[0], [...sudo.slice(1), 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { env, logFile }) : run('apt-get', args, { env, logFile }));
  log(`  installing ${missing.join(' ')} (apt-get update first)`);
  apt('update');
  apt('install', '-y', '--no-install-recommends', ...missing);
  const still = missingAptPackages(packages);
  if (still.length > 0) throw new SetupError(`apt-get finished but these packages are still not installed: ${still.join(' ')}`);
  return `installed ${missing.join(' ')}`;
}

function readMarker(markerFile) {
  try {
    return JSON.parse(fs.readFileSync(markerFile, 'utf8'));
  } catch {
    return null;
  }
}

/** Replaces whatever is at `linkPath` by a symlink to `target` (relative targets stay relative). */
function forceSymlink(target, linkPath) {
  fs.mkdirSync(path.dirname(linkPath), { recursive: true });
  fs.rmSync(linkPath, { force: true, recursive: true });
  fs.symlinkSync(target, linkPath);
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

async function ensureCodeServer(logFile) {
  const p = codeServerPaths();
  const marker = readMarker(p.marker);
  if (marker && marker.version === CODE_SERVER_VERSION && fs.existsSync(p.entry)) {
    return `code-server ${marker.version} (VS Code ${marker.vscodeVersion}) already installed in ${path.relative(REPO_ROOT, p.dir)}`;
  }
  // A previous run stopped half-way (no marker): start over rather than trust a partial tree.
  fs.rmSync(p.dir, { recursive: true, force: true });
  fs.mkdirSync(p.dir, { recursive: true });
  fs.writeFileSync(p.config, 'auth: none\n');
  fs.writeFileSync(path.join(p.dir, 'package.json'), JSON.stringify({ name: 'discovery-notes-test-host', private: true }, null, 2) + '\n');

  const rg = which('rg');
  if (!rg) throw new SetupError('ripgrep (`rg`) is not on PATH; install the Debian package `ripgrep`.');
  // node-pty's install script calls `npx node-gyp`; the user config may say `yes=false`.
  // As root, npm drops privileges for scripts unless told not to.
  const env = { npm_config_yes: 'true', npm_config_unsafe_perm: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const npm = (cwd, ...args) => run('npm', args, { cwd, env, logFile });

  await step(`  npm install code-server@${CODE_SERVER_VERSION} --ignore-scripts`, () => npm(p.dir, 'install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-package-lock'));
  await step('  VS Code server dependencies (lib/vscode, no scripts yet)', () => npm(p.vscodeDir, 'install', '--omit=dev', '--ignore-scripts'));
  // Before any install script runs: @vscode/ripgrep's postinstall skips the download when the binary exists.
  forceSymlink(rg, path.join(p.vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  await step('  build native modules (npm rebuild in lib/vscode)', () => npm(p.vscodeDir, 'rebuild'));
  forceSymlink('node_modules', path.join(p.vscodeDir, 'node_modules.asar'));
  forceSymlink('code-linux.sh', path.join(p.vscodeDir, 'bin', 'remote-cli', 'code-server'));
  forceSymlink('browser-linux.sh', path.join(p.vscodeDir, 'bin', 'helpers', 'browser.sh'));
  await step('  built-in extensions dependencies (lib/vscode/extensions)', () => npm(path.join(p.vscodeDir, 'extensions'), 'install', '--omit=dev'));
  await step('  argon2 from source', () => npm(p.dir, 'rebuild', 'argon2', '--build-from-source'));

  // CODE_SERVER_CONFIG keeps code-server from writing a default config into the user's home folder.
  const version = spawnSync(process.execPath, [p.entry, '--version'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, CODE_SERVER_CONFIG: p.config },
  });
  const versionLine = (version.stdout || '').split('\n').find((line) => line.startsWith(`${CODE_SERVER_VERSION} `));
  if (version.status !== 0 || !versionLine) {
    throw new SetupError(`code-server does not start: \`node ${p.entry} --version\` gave status ${version.status}:\n${version.stdout}\n${version.stderr}`);
  }
  const vscodeVersion = JSON.parse(fs.readFileSync(path.join(p.vscodeDir, 'package.json'), 'utf8')).version;
  fs.writeFileSync(p.marker, JSON.stringify({ version: CODE_SERVER_VERSION, vscodeVersion, installedAt: new Date().toISOString() }, null, 2) + '\n');
  return `code-server ${CODE_SERVER_VERSION} (VS Code ${vscodeVersion}) installed in ${path.relative(REPO_ROOT, p.dir)}`;
}

function checkChromium() {
  const chromium = process.env.DISCOVERY_CHROMIUM || '/usr/bin/chromium';
  const r = spawnSync(chromium, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new SetupError(`${chromium} --version failed: ${r.stderr || r.error}`);
  return r.stdout.trim();
}

async function main() {
  const p = codeServerPaths();
  fs.mkdirSync(p.cacheRoot, { recursive: true });
  const logFile = path.join(p.cacheRoot, 'setup.log');
  fs.writeFileSync(logFile, `setup started ${new Date().toISOString()}\n`);
  log(`test host set-up (details in ${path.relative(REPO_ROOT, logFile)})`);
  await step('Debian packages', () => ensureAptPackages(logFile));
  await step('Chromium', () => checkChromium());
  await step('code-server', () => ensureCodeServer(logFile));
  log(`ready in ${seconds(Date.now() - started)}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`[setup] FAILED after ${seconds(Date.now() - started)}: ${error instanceof SetupError ? error.message : error.stack || error}`);
    process.exit(1);
  });
}

module.exports = { ensureAptPackages, APT_PACKAGES };
