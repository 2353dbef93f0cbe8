// End-to-end checks through the browser UI: the workbench is opened on the main fixture without a test index, so
// the extension runs as a user would see it, and each check drives the page with Playwright.
//
// A check file is `test/e2e/<name>.e2e.js` (plain CommonJS, run by Node in the runner, not in VS Code) exporting
// `checks`: an array of `{ title, run(tools) }`; `tools` is { page, workspace, screenshot(name, options),
// runFromCommandPalette(title), waitForWorkbench() }. Screenshots land in `.screenshots/`.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT } = require('./testHostPaths');
const { startWorkbench } = require('./workbench');
const { takeScreenshot, runFromCommandPalette, waitForWorkbench } = require('./browser');

const E2E_DIR = path.join(REPO_ROOT, 'test', 'e2e');
const CHECK_TIMEOUT_MS = 60_000;

function loadChecks(dir = E2E_DIR) {
  if (!fs.existsSync(dir)) return [];
  const checks = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.js')).sort()) {
    const mod = require(path.join(dir, file));
    for (const check of mod.checks || []) checks.push({ ...check, file });
  }
  return checks;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs every check in one workbench session on `fixture` (checks run in file order and may depend on the
 * workbench state the previous one left). Returns one result per check; never throws for a failing check.
 */
async function runUiChecks({ fixture, extensionDevelopmentPath, checks = loadChecks() }) {
  if (checks.length === 0) return { results: [], files: null };
  const wb = await startWorkbench({ scenario: 'ui', fixture, extensionDevelopmentPath, waitForUi: true });
  const tools = {
    page: wb.page,
    workspace: wb.files.workspace,
    screenshot: (name, options) => takeScreenshot(wb.page, name, options),
    runFromCommandPalette: (title, options) => runFromCommandPalette(wb.page, title, options),
    waitForWorkbench: () => waitForWorkbench(wb.page),
  };
  const results = [];
  try {
    for (const check of checks) {
      const t0 = Date.now();
      try {
        await withTimeout(Promise.resolve().then(() => check.run(tools)), check.timeoutMs || CHECK_TIMEOUT_MS, check.title);
        results.push({ title: check.title, file: check.file, state: 'passed', durationMs: Date.now() - t0, error: null });
      } catch (error) {
        const shot = await takeScreenshot(wb.page, `failure-ui-${check.title}`).catch(() => null);
        results.push({ title: check.title, file: check.file, state: 'failed', durationMs: Date.now() - t0, error: (error && error.stack) || String(error), screenshot: shot });
      }
    }
  } finally {
    await wb.stop();
  }
  return { results, files: wb.files, timings: wb.timings };
}

module.exports = { runUiChecks, loadChecks, E2E_DIR };
