// Debian's Chromium, driven by playwright-core, opens the VS Code workbench. Also the base for end-to-end checks
// through the UI: open the workbench, run palette commands, take screenshots.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT } = require('./testHostPaths');

const CHROMIUM = process.env.DISCOVERY_CHROMIUM || '/usr/bin/chromium';
/** Headless, no sandbox (we may be root), and nothing that reaches for the network on its own. */
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT_DIR = path.join(REPO_ROOT, '.screenshots');

/**
 * Launches Chromium with a fresh profile in `profileDir` and returns the context and its first page.
 * Browser console messages are appended to `consoleLog` (the extension host's output in code-server ends up there).
 */
async function launchBrowser({ profileDir, consoleLog, viewport = { width: 1400, height: 900 } }) {
  const { chromium } = require('playwright-core');
  fs.mkdirSync(profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    // The runner has its own overall timeout; Playwright's default 30 s is too short for a cold workbench.
    timeout: 60_000,
    // The runner's own signal handlers stop Chromium *and* code-server; Playwright's would exit before the latter.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = context.pages()[0] || (await context.newPage());
  if (consoleLog) {
    const write = (line) => fs.appendFileSync(consoleLog, line + '\n');
    page.on('console', (msg) => write(`[${msg.type()}] ${msg.text()}`));
    page.on('pageerror', (error) => write(`[pageerror] ${error.stack || error.message}`));
    page.on('crash', () => write('[crash] the page crashed'));
  }
  return { context, page, close: () => context.close().catch(() => undefined) };
}

/** Waits until the workbench has rendered (the activity bar and status bar exist). */
async function waitForWorkbench(page, timeoutMs = 60_000) {
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: timeoutMs });
}

/**
 * Saves a PNG of the page (or of the first element matching `selector`) as `.screenshots/<name>.png` and returns
 * its path. `.screenshots/` is git-ignored; pick the good ones for the README by hand.
 */
async function takeScreenshot(page, name, { selector, dir = SCREENSHOT_DIR } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  if (selector) await page.locator(selector).first().screenshot({ path: file });
  else await page.screenshot({ path: file });
  return file;
}

/** Runs a command through the command palette by its title as shown there (e.g. `Discovery: Refresh`). */
async function runFromCommandPalette(page, title, { timeoutMs = 10_000 } = {}) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.press('Enter');
}

module.exports = { launchBrowser, waitForWorkbench, takeScreenshot, runFromCommandPalette, CHROMIUM, CHROMIUM_ARGS, SCREENSHOT_DIR };
