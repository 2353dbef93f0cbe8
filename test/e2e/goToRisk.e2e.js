// End-to-end checks of "Discovery: Go to Risk..." from the command palette (the note opens at the risk's line)
// and of the hover on a risk line (score, band, owner). Runs in the `ui` scenario; the notes and lines are those
// of test/integration/fixtures/README.md.
'use strict';

const { SLOW_MS, waitUntil, runCommand, pickInQuickInput, statusItem, screenshotClip } = require('./lib/workbenchUi');

/** Runs Go to Risk, types `filter` and accepts the risk `label`; then waits for `file` to be the active tab. */
async function goToRisk(page, { filter, label, file }) {
  await runCommand(page, 'Discovery: Go to Risk...');
  await pickInQuickInput(page, { filter, expect: label });
  await page.locator('.part.editor .tab.active', { hasText: file }).waitFor({ state: 'visible', timeout: SLOW_MS });
}

/** Waits until the status bar's cursor position reads `Ln <line>, Col 1`. */
async function expectCursorLine(page, line) {
  const selection = statusItem(page, 'status.editor.selection');
  await waitUntil(page, `the status bar to read "Ln ${line}, Col 1"`, async () => {
    const text = ((await selection.textContent().catch(() => '')) || '').trim();
    return text === `Ln ${line}, Col 1` ? text : null;
  });
}

/** The rendered line of the active editor that contains `text` (the editor renders only visible lines). */
function editorLine(page, text) {
  return page.locator('.part.editor .editor-instance .monaco-editor .view-lines .view-line', { hasText: text }).first();
}

exports.checks = [
  {
    title: 'Discovery: Go to Risk... from the command palette opens the note at the risk line',
    timeoutMs: 120_000,
    async run({ page }) {
      await runCommand(page, 'View: Close All Editors');
      // A table row: Customer portal's R-1 is line 29 of customer-portal.discovery.md.
      await goToRisk(page, { filter: 'R-1 Carrier', label: 'R-1 Carrier data only available by e-mail', file: 'customer-portal.discovery.md' });
      await expectCursorLine(page, 29);
      await editorLine(page, '| R-1 | Carrier data only available by e-mail |').waitFor({ state: 'visible', timeout: SLOW_MS });
      // The cursor's line is the one highlighted: the current-line overlay sits at the risk line's height.
      await waitUntil(page, 'the current-line highlight on the risk line', async () => {
        const line = await editorLine(page, '| R-1 | Carrier data only available by e-mail |').boundingBox();
        const current = await page.locator('.part.editor .monaco-editor .view-overlays .current-line').first().boundingBox();
        return line && current && Math.abs(line.y - current.y) < 2;
      });

      // A list item in another note: Data platform's R-2 is line 27 of data-platform.discovery.md.
      await goToRisk(page, { filter: 'R-2 BI team', label: 'R-2 BI team not trained before hand-over', file: 'data-platform.discovery.md' });
      await expectCursorLine(page, 27);
      await editorLine(page, 'BI team not trained before hand-over').waitFor({ state: 'visible', timeout: SLOW_MS });
    },
  },
  {
    title: 'hovering a risk line shows its score, band, owner, due date and mitigation',
    timeoutMs: 120_000,
    async run({ page }) {
      await goToRisk(page, { filter: 'R-1 Carrier', label: 'R-1 Carrier data only available by e-mail', file: 'customer-portal.discovery.md' });
      await expectCursorLine(page, 29);
      const title = page.locator('.part.editor .monaco-editor .view-lines .view-line span', { hasText: 'Carrier data only available by e-mail' }).first();
      await title.waitFor({ state: 'visible', timeout: SLOW_MS });
      const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)', { hasText: 'Score 25 (critical)' }).first();
      // The editor shows a hover after the mouse rests on a word; on a busy machine the first rest can be missed,
      // so the mouse moves off and back until the hover is there.
      await waitUntil(
        page,
        'the risk hover',
        async () => {
          const box = await title.boundingBox();
          await page.mouse.move(box.x + 40, box.y + box.height + 30);
          await page.mouse.move(box.x + 40, box.y + box.height / 2, { steps: 3 });
          return hover.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
        },
        { timeoutMs: SLOW_MS },
      );
      const text = await hover.innerText();
      for (const expected of ['R-1 · Carrier data only available by e-mail', 'Score 25 (critical) — likelihood 5 × impact 5', 'Status: open', 'Owner: Dana', 'Due: 2025-06-30 (overdue)', 'Mitigation: none']) {
        if (!text.includes(expected)) throw new Error(`the hover lacks "${expected}":\n${text}`);
      }
      const box = await hover.boundingBox();
      const editor = await page.locator('.part.editor').boundingBox();
      await screenshotClip(page, 'hover', { x: editor.x, y: Math.max(editor.y, box.y - 30), width: Math.min(editor.width, box.x + box.width + 40 - editor.x), height: box.height + 90 });
      await page.mouse.move(editor.x + editor.width - 20, editor.y + editor.height - 20);
    },
  },
];
