// Helpers for the end-to-end checks: finding the Discovery views, their tree rows, the quick input, the status
// bar, and taking screenshots of a region of the page. Everything waits for a condition rather than a fixed time:
// CI runs these on a loaded 2-core machine where the workbench can take many seconds to settle.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { SCREENSHOT_DIR } = require('../../../scripts/lib/browser');

/** Generous default for anything the extension does after a UI action (activation, indexing, a tree refresh). */
const SLOW_MS = 60_000;

/**
 * Polls `probe` until it returns a truthy value and returns that value; throws with `what` and the last value seen
 * after `timeoutMs`. For conditions that span several elements (a whole list of rows), where a single locator wait
 * does not fit.
 */
async function waitUntil(page, what, probe, { timeoutMs = SLOW_MS, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen}`);
    }
    await page.waitForTimeout(intervalMs);
  }
}

/** The activity bar entry of the Discovery view container (its anchor carries the title, then the badge tooltip). */
function discoveryActivity(page) {
  return page.locator('.part.activitybar li.action-item').filter({ has: page.locator('a.action-label[aria-label^="Discovery"]') });
}

/** Shows the Discovery view container in the side bar unless it is already shown (a second click would hide it). */
async function showDiscovery(page) {
  const item = discoveryActivity(page);
  await item.waitFor({ state: 'visible', timeout: SLOW_MS });
  const shown = (await item.getAttribute('aria-selected')) === 'true' && (await page.locator('.part.sidebar').isVisible());
  // Clicked near its top left corner: the badge sits on the bottom right and takes the pointer there.
  if (!shown) await item.click({ position: { x: 12, y: 12 } });
  await page.locator('.part.sidebar .pane-header h3.title', { hasText: 'Open Risks' }).waitFor({ state: 'visible', timeout: SLOW_MS });
}

/** A view (pane) of the side bar by its exact title, e.g. "Open Risks". */
function sidebarPane(page, title) {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${title}$`, 'i') }) });
}

/**
 * The rendered rows of a tree (a side-bar pane or the Problems panel) as `{ level, label, description, aria }`,
 * top to bottom. Only rows the list has rendered are returned: keep the tree small enough to fit, or scroll.
 */
async function treeRows(container) {
  const rows = await container.locator('.monaco-list-row').evaluateAll((els) =>
    els.map((el) => ({
      top: parseFloat(el.style.top || '0'),
      level: Number(el.getAttribute('aria-level') || '0'),
      label: (el.querySelector('.label-name')?.textContent || '').trim(),
      description: (el.querySelector('.label-description')?.textContent || '').trim(),
      aria: el.getAttribute('aria-label') || '',
      text: el.innerText,
    })),
  );
  return rows.sort((a, b) => a.top - b.top).map(({ top: _top, ...row }) => row);
}

/**
 * Runs a command through the command palette by its title, as a user would (F1, type, Enter). Until the
 * extension host has registered the contributions the palette answers "No matching commands"; then the palette
 * is closed and the command typed again, until `timeoutMs`.
 */
async function runCommand(page, title, { timeoutMs = SLOW_MS } = {}) {
  const widget = quickInput(page);
  const input = widget.locator('input.input, .quick-input-box input').first();
  const row = widget.locator('.monaco-list-row', { hasText: title }).first();
  await waitUntil(
    page,
    `the command "${title}" in the command palette`,
    async () => {
      if (!(await widget.isVisible())) await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`);
      const found = await row.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
      if (!found) await input.press('Escape');
      return found;
    },
    { timeoutMs, intervalMs: 1_000 },
  );
  await input.press('Enter');
}

/** The open quick input (command palette or a quick pick). */
function quickInput(page) {
  return page.locator('.quick-input-widget');
}

/**
 * In an open quick pick: waits for a row containing `expect` to show (the extension fills the list
 * asynchronously), types `filter`, waits until that row is the focused one (the best match; with `only`, the one
 * row left) and accepts it with Enter.
 */
async function pickInQuickInput(page, { filter, expect, only = false, timeoutMs = SLOW_MS }) {
  const widget = quickInput(page);
  const input = widget.locator('input.input, .quick-input-box input').first();
  await widget.locator('.monaco-list-row', { hasText: expect }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(filter);
  await waitUntil(
    page,
    `"${filter}" to make "${expect}" the ${only ? 'only' : 'focused'} item of the quick pick`,
    async () => {
      const rows = await widget.locator('.monaco-list-row').evaluateAll((els) => els.map((el) => ({ text: el.innerText, focused: el.classList.contains('focused') })));
      const focused = rows.filter((r) => r.focused);
      const ok = focused.length === 1 && focused[0].text.includes(expect) && (!only || rows.length === 1);
      return ok ? rows : (rows.length ? null : undefined) ?? null;
    },
    { timeoutMs },
  );
  await input.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: timeoutMs });
}

/** The text of a status bar entry by its id (e.g. `status.editor.selection`, `status.problems`). */
function statusItem(page, id) {
  return page.locator(`.part.statusbar .statusbar-item[id="${id}"]`);
}

/** Moves the mouse to a neutral spot of the editor area so no hover or tooltip ends up in a picture. */
async function parkMouse(page) {
  const size = page.viewportSize() || { width: 1400, height: 900 };
  await page.mouse.move(size.width - 20, Math.round(size.height / 2));
}

/**
 * Saves `.screenshots/<name>.png` of the page region `clip` ({ x, y, width, height }, clamped to the viewport) and
 * returns its path. A clipped picture of the part that matters keeps the README's images small.
 */
async function screenshotClip(page, name, clip) {
  const size = page.viewportSize() || { width: 1400, height: 900 };
  const x = Math.max(0, Math.floor(clip.x));
  const y = Math.max(0, Math.floor(clip.y));
  const region = { x, y, width: Math.min(Math.ceil(clip.width), size.width - x), height: Math.min(Math.ceil(clip.height), size.height - y) };
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, clip: region });
  return file;
}

/**
 * Drags a sash (the splitter between two parts) by `dx`/`dy` pixels. Returns a function that drags it back, so a
 * check can leave the layout as it found it for the checks after it.
 */
async function dragSash(page, sash, { dx = 0, dy = 0 }) {
  const box = await sash.boundingBox();
  if (!box) throw new Error('the sash to drag is not visible');
  const drag = async (fromX, fromY, toX, toY) => {
    await page.mouse.move(fromX, fromY);
    await page.mouse.down();
    await page.mouse.move((fromX + toX) / 2, (fromY + toY) / 2, { steps: 4 });
    await page.mouse.move(toX, toY, { steps: 4 });
    await page.mouse.up();
  };
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await drag(x, y, x + dx, y + dy);
  return () => drag(x + dx, y + dy, x, y);
}

module.exports = {
  SLOW_MS,
  waitUntil,
  discoveryActivity,
  showDiscovery,
  sidebarPane,
  treeRows,
  quickInput,
  runCommand,
  pickInQuickInput,
  statusItem,
  parkMouse,
  screenshotClip,
  dragSash,
};
