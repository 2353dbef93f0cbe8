// End-to-end checks of the risk summary panel and the walkthrough through the browser, with screenshots in a
// dark and a light theme (the README uses them). Runs in the `ui` scenario on the main fixture.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/**
 * The frame of the summary panel's document. VS Code nests webviews in two iframes placed outside the editor
 * part, so the frame is found by its content.
 */
async function panelFrame(page, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const found = await frame.locator('h1', { hasText: 'Risk summary: all engagements' }).count().catch(() => 0);
      if (found > 0) return frame;
    }
    if (Date.now() > deadline) throw new Error('the risk summary panel did not show within the time limit');
    await page.waitForTimeout(250);
  }
}

/**
 * Switches the colour theme through the workspace settings (VS Code applies the change live). The theme picker is
 * not used: its list fills asynchronously and offers the Marketplace, which is unreachable here.
 */
async function setTheme(page, workspace, theme) {
  const dir = path.join(workspace, '.vscode');
  const file = path.join(dir, 'settings.json');
  const dark = theme.includes('Dark');
  fs.mkdirSync(dir, { recursive: true });
  // A settings file written in the same instant as its new folder can be missed by the workbench's file watcher
  // (it reports only the folder); writing it again into the existing folder is reported, so retry until the
  // theme shows, within one overall deadline.
  const deadline = Date.now() + 30_000;
  for (;;) {
    fs.writeFileSync(file, JSON.stringify({ 'workbench.colorTheme': theme }, null, 2));
    try {
      await page.waitForFunction((d) => document.querySelector('.monaco-workbench')?.classList.contains(d ? 'vs-dark' : 'vs'), dark, { timeout: 4_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`the workbench did not switch to the theme ${theme}: ${e.message}`);
    }
  }
}

async function openSummary(page, runFromCommandPalette) {
  await runFromCommandPalette('Discovery: Show Risk Summary');
  const frame = await panelFrame(page);
  await frame.locator('svg.heatmap .cell.occupied').first().waitFor({ timeout: 10_000 });
  return frame;
}

/** The Discovery view next to the panel, and the panel scrolled to its top: the picture the README shows. */
async function prepareShot(page) {
  const tree = page.locator('.part.sidebar .monaco-list-row', { hasText: 'R-1' }).first();
  if (!(await tree.isVisible().catch(() => false))) {
    await page.locator('.activitybar [aria-label^="Discovery"]').first().click();
    await tree.waitFor({ timeout: 20_000 });
  }
  // Away from the activity bar, so no hover tooltip ends up in the picture.
  await page.mouse.move(200, 760);
  await page.waitForTimeout(400);
  // Look the frame up again: a theme change or a live update may have reloaded the panel's document.
  await (await panelFrame(page)).evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
}

exports.checks = [
  {
    title: 'the risk summary panel shows the heat map, the client bars and the lists (dark theme)',
    timeoutMs: 90_000,
    async run({ page, workspace, screenshot, runFromCommandPalette }) {
      await setTheme(page, workspace, 'Default Dark Modern');
      const frame = await openSummary(page, runFromCommandPalette);
      // 14 open risks of the fixture in 10 occupied cells; 3 clients in the bar chart.
      const occupied = await frame.locator('svg.heatmap .cell.occupied').count();
      if (occupied !== 10) throw new Error(`expected 10 occupied heat-map cells, found ${occupied}`);
      const bars = await frame.locator('svg.bars g.bar').count();
      if (bars !== 3) throw new Error(`expected 3 client bars, found ${bars}`);
      const intro = await frame.locator('.intro').textContent();
      if (!/^14 open risks in 5 notes/.test(intro || '')) throw new Error(`unexpected intro: ${intro}`);
      // Clicking a cell with several risks selects its rows in the table.
      await frame.locator('svg.heatmap .cell[data-cell="3-4"]').click();
      const selected = await frame.locator('tr.selected[data-cell="3-4"]').count();
      if (selected !== 3) throw new Error(`expected the 3 risks of cell 3×4 selected, found ${selected}`);
      await prepareShot(page);
      await screenshot('summary-panel-dark', { selector: '.part.editor' });
      await screenshot('overview-dark');
    },
  },
  {
    title: 'the risk summary panel follows a light theme, and a click on a risk opens its note',
    timeoutMs: 90_000,
    async run({ page, workspace, screenshot, runFromCommandPalette }) {
      await setTheme(page, workspace, 'Default Light Modern');
      await openSummary(page, runFromCommandPalette);
      await prepareShot(page);
      await screenshot('summary-panel-light', { selector: '.part.editor' });
      await screenshot('overview-light');
      // A cell with one risk opens that note at the risk's line.
      await (await panelFrame(page)).locator('svg.heatmap .cell[data-cell="5-5"]').click();
      await page.locator('.part.editor .tab', { hasText: 'customer-portal.discovery.md' }).first().waitFor({ timeout: 15_000 });
      await setTheme(page, workspace, 'Default Dark Modern');
    },
  },
  {
    title: 'the walkthrough lists its four steps',
    timeoutMs: 90_000,
    async run({ page, screenshot, runFromCommandPalette }) {
      await runFromCommandPalette('View: Close All Editors');
      await runFromCommandPalette('Welcome: Open Walkthrough...');
      const input = page.locator('.quick-input-widget input');
      await input.fill('Discovery Notes');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get Started with Discovery Notes' }).first().waitFor({ timeout: 10_000 });
      await input.press('Enter');
      const steps = page.locator('.part.editor .getting-started-step');
      await steps.filter({ hasText: 'Create a discovery note' }).first().waitFor({ timeout: 20_000 });
      for (const title of ['See what is missing', 'Look at the risk tree', 'Open the risk summary']) {
        await steps.filter({ hasText: title }).first().waitFor({ timeout: 5_000 });
      }
      await page.waitForTimeout(1000);
      await screenshot('walkthrough', { selector: '.part.editor' });
    },
  },
];
