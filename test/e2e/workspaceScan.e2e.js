// End-to-end check of a long scan through the browser: with more than 300 notes to read, "Discovery: Refresh"
// shows its progress in a notification with a Cancel button; Cancel stops the scan part-way and says so; a second
// Refresh reads every note. Runs last in the `ui` scenario (its file name sorts last): it adds 1,500 generated
// notes (scripts/lib/benchGenerator.js) to the workspace and removes them at the end.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { generateWorkspace } = require('../../scripts/lib/benchGenerator');
const { SLOW_MS, waitUntil, showDiscovery, sidebarPane, treeRows, runCommand } = require('./lib/workbenchUi');

const NOTES = 1500;
const FOLDER = 'scan-load';
/** A client of the generated notes (the fixture has none of that name). */
const GENERATED_CLIENT = 'Acme Logistics';

/** The toast of a notification whose text contains `text`. */
function toast(page, text) {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text });
}

async function clientRows(page) {
  return (await treeRows(sidebarPane(page, 'Open Risks'))).filter((r) => r.level === 1).map((r) => r.label);
}

const checks = [
  {
    title: 'a long scan shows its progress in a notification; Cancel stops it part-way and says so; Refresh reads every note',
    timeoutMs: 300_000,
    async run({ page, workspace }) {
      const dir = path.join(workspace, FOLDER);
      generateWorkspace(dir, { notes: NOTES, seed: 11 });
      try {
        await showDiscovery(page);
        // The new notes arrive as file events first.
        await waitUntil(page, `${GENERATED_CLIENT} in Open Risks`, async () => (await clientRows(page)).includes(GENERATED_CLIENT), { timeoutMs: 180_000 });

        await runCommand(page, 'Discovery: Refresh');
        const progress = toast(page, 'Discovery: indexing notes');
        await progress.waitFor({ state: 'visible', timeout: SLOW_MS });
        // The count of notes read so far, out of every note of the workspace (the generated ones and the fixture's).
        const shown = await waitUntil(page, 'the progress count', async () => {
          const m = /(\d+)\/(\d+)/.exec(await progress.innerText());
          return m ? { done: Number(m[1]), of: Number(m[2]) } : null;
        });
        const total = shown.of;
        if (total < NOTES || total > NOTES + 10) throw new Error(`the progress counts ${total} notes, not the ${NOTES} generated and the fixture's`);
        await progress.getByRole('button', { name: 'Cancel' }).click();

        const said = toast(page, 'The scan of discovery notes was cancelled');
        await said.waitFor({ state: 'visible', timeout: SLOW_MS });
        await progress.waitFor({ state: 'hidden', timeout: SLOW_MS });
        const m = /cancelled after (\d+) of (\d+) notes/.exec(await said.innerText());
        if (!m) throw new Error(`unexpected message: ${await said.innerText()}`);
        if (Number(m[2]) !== total || Number(m[1]) >= total) throw new Error(`the scan was not stopped part-way: ${m[0]}`);
        await said.getByRole('button', { name: /Clear|Close/ }).first().click().catch(() => undefined);

        // Scanning again reads every note to the end.
        await runCommand(page, 'Discovery: Refresh');
        await progress.waitFor({ state: 'visible', timeout: SLOW_MS });
        await progress.waitFor({ state: 'hidden', timeout: 240_000 });
        if (await toast(page, 'cancelled after').isVisible()) throw new Error('the second scan was cancelled');
        if (!(await clientRows(page)).includes(GENERATED_CLIENT)) throw new Error(`${GENERATED_CLIENT} left Open Risks`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        await waitUntil(page, 'the generated clients to leave Open Risks', async () => !(await clientRows(page)).includes(GENERATED_CLIENT), { timeoutMs: 120_000 });
      }
    },
  },
];

module.exports = { checks };
