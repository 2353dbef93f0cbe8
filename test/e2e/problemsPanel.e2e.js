// End-to-end check of the Problems panel through the browser: with no editor open, it lists the findings of every
// checked note of the fixture (diagnostics scope "workspace"), with rule codes and messages as
// test/integration/fixtures/README.md lists them. Runs in the `ui` scenario.
'use strict';

const { SLOW_MS, waitUntil, runCommand, statusItem, treeRows, parkMouse, screenshotClip } = require('./lib/workbenchUi');

/**
 * Findings per note (fixtures/README.md, "Findings the notes are built to trigger"). The loyalty platform's stale
 * question turns up only from 2026-12-02 on, hence a minimum there.
 */
const NOTES = [
  { file: 'patient-scheduling.discovery.md', folder: 'harbor-health/patient-scheduling', count: 6 },
  { file: 'customer-portal.discovery.md', folder: 'northwind-logistics/customer-portal', count: 8 },
  { file: 'data-platform.discovery.md', folder: 'greenfield-retail/data-platform', count: 6 },
  { file: 'loyalty-platform.discovery.md', folder: 'greenfield-retail/loyalty-platform', count: 2, orMore: true },
  { file: 'wms-integration.discovery.md', folder: 'northwind-logistics/wms-integration', count: 1 },
];

/** Some findings by code, message and position, as the Problems panel shows them. */
const SOME_FINDINGS = [
  { code: 'DISC009', message: 'Risk ID R-2 is already used on line 45 ("Information-governance review delays go-live")', where: '[Ln 47, Col 3]' },
  { code: 'DISC007', message: 'Risk R-1 is critical (score 25) and open with no mitigation', where: '[Ln 29, Col 3]' },
  { code: 'DISC008', message: 'Risk R-1 was due 2025-06-30', where: '[Ln 29, Col 89]' },
  { code: 'DISC005', message: 'Risk R-3 has no owner', where: '[Ln 31, Col 3]' },
  { code: 'DISC002', message: 'Section "Skills gaps" is empty', where: '[Ln 19, Col 1]' },
  { code: 'DISC001', message: 'Missing recommended section "Business objectives"', where: '[Ln 1, Col 1]' },
  { code: 'DISC012', message: 'Heading "Succes criteria" matches no section', where: '[Ln 30, Col 4]' },
];

/** The Problems tree as { files: [{ file, count }], markers: [{ code, message, where, source }] } from the DOM. */
async function problems(panel) {
  const rows = await treeRows(panel.locator('.markers-panel'));
  const files = rows
    .filter((r) => r.level === 1)
    .map((r) => {
      const m = /^(\d+) problems? in file (\S+) of folder (\S+)$/.exec(r.aria);
      return m ? { count: Number(m[1]), file: m[2], folder: m[3] } : { count: -1, file: r.label, folder: r.description };
    });
  const markers = await panel.locator('.markers-panel .monaco-list-row[aria-level="2"]').evaluateAll((els) =>
    els.map((el) => ({
      code: (el.querySelector('.marker-code')?.textContent || '').trim(),
      message: (el.querySelector('.marker-message')?.textContent || '').trim(),
      source: (el.querySelector('.marker-source')?.textContent || '').trim(),
      where: (el.querySelector('.marker-line')?.textContent || '').trim(),
    })),
  );
  return { files, markers };
}

exports.checks = [
  {
    title: 'the Problems panel lists the findings of the notes that are not open, with rule codes',
    timeoutMs: 150_000,
    async run({ page }) {
      await runCommand(page, 'View: Close All Editors');
      await page.locator('.part.editor .tab').first().waitFor({ state: 'detached', timeout: SLOW_MS });

      // The status bar counts every note's problems: the one error is DISC009, the twelve warnings do not depend
      // on the date; information grows as questions get stale.
      await waitUntil(page, 'the problem counts in the status bar', async () => {
        const label = (await statusItem(page, 'status.problems').getAttribute('aria-label').catch(() => '')) || '';
        const m = /Errors: (\d+), Warnings: (\d+), Infos: (\d+)/.exec(label);
        return m && Number(m[1]) === 1 && Number(m[2]) === 12 && Number(m[3]) >= 10 ? m[0] : null;
      });

      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const panel = page.locator('.part.panel');
      await panel.locator('.markers-panel').waitFor({ state: 'visible', timeout: SLOW_MS });
      // A taller panel, so every file and finding is rendered (the list draws only what fits).
      await runCommand(page, 'View: Toggle Maximized Panel');
      const seen = await waitUntil(page, 'the five checked notes in the Problems panel', async () => {
        const p = await problems(panel);
        return NOTES.every((n) => p.files.some((f) => f.file === n.file)) && p.markers.length >= 23 ? p : null;
      });
      for (const note of NOTES) {
        const row = seen.files.find((f) => f.file === note.file);
        if (row.folder !== note.folder || (note.orMore ? row.count < note.count : row.count !== note.count)) {
          throw new Error(`${note.file}: ${row.count} problems in ${row.folder}; expected ${note.orMore ? 'at least ' : ''}${note.count} in ${note.folder}`);
        }
      }
      if (seen.files.length !== NOTES.length) throw new Error(`files in Problems: ${JSON.stringify(seen.files.map((f) => f.file))}`);
      for (const f of SOME_FINDINGS) {
        if (!seen.markers.some((m) => m.code === f.code && m.message.startsWith(f.message) && m.where === f.where && m.source === 'discovery')) {
          throw new Error(`no ${f.code} "${f.message}" at ${f.where} in:\n${seen.markers.map((m) => `${m.code} ${m.where} ${m.message}`).join('\n')}`);
        }
      }
      // None of them is open: these come from the workspace-wide scan, not from editors.
      if ((await page.locator('.part.editor .tab').count()) !== 0) throw new Error('an editor was opened');

      // The picture: the first two notes' findings, in a narrower window without the side bar so each row keeps
      // most of its message, its code and its position; the focus in the filter box (no selection highlight in the
      // list) and the mouse away. The layout is restored afterwards.
      const viewport = page.viewportSize();
      const sidebarShown = await page.locator('.part.sidebar').isVisible();
      if (sidebarShown) await runCommand(page, 'View: Close Primary Side Bar');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: SLOW_MS });
      await page.setViewportSize({ width: 1200, height: viewport.height });
      const filter = panel.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
      await filter.click();
      await parkMouse(page);
      const dataPlatform = panel.locator('.markers-panel .monaco-list-row[aria-level="1"]', { hasText: 'data-platform.discovery.md' });
      await waitUntil(page, 'the Problems panel laid out for the narrower window', async () => {
        const [p, row] = [await panel.boundingBox(), await dataPlatform.boundingBox()];
        return p && row && p.width < 1200 && p.width > 1100 && row.y > p.y ? { p, row } : null;
      });
      const box = await panel.boundingBox();
      const rowBox = await dataPlatform.boundingBox();
      await screenshotClip(page, 'problems', { x: box.x, y: box.y, width: box.width, height: rowBox.y + 22 * 7 + 1 - box.y });
      await page.setViewportSize(viewport);
      if (sidebarShown) await runCommand(page, 'View: Toggle Primary Side Bar Visibility');

      // The filter narrows to one rule across notes: DISC007, the four unmitigated high or critical risks.
      await filter.fill('DISC007');
      const narrowed = await waitUntil(page, 'only DISC007 findings after filtering', async () => {
        const p = await problems(panel);
        return p.markers.length === 4 && p.files.length === 4 && p.markers.every((m) => m.code === 'DISC007') ? p : null;
      });
      const files = narrowed.files.map((f) => f.file).sort();
      const expected = ['customer-portal.discovery.md', 'data-platform.discovery.md', 'loyalty-platform.discovery.md', 'patient-scheduling.discovery.md'];
      if (JSON.stringify(files) !== JSON.stringify(expected)) throw new Error(`DISC007 in ${JSON.stringify(files)}`);
      await filter.fill('');

      // Leave the layout as it was: panel back to its size, and closed.
      await runCommand(page, 'View: Toggle Maximized Panel');
      await runCommand(page, 'View: Hide Panel');
      await panel.waitFor({ state: 'hidden', timeout: SLOW_MS });
    },
  },
];
