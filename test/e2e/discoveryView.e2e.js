// End-to-end checks of the Discovery side bar through the browser: the view container in the activity bar with
// its badge, the Open Risks tree with the fixture's risks (test/integration/fixtures/README.md lists them), the
// Note Health view, and regrouping the tree from the command palette. Runs in the `ui` scenario.
'use strict';

const {
  SLOW_MS,
  waitUntil,
  discoveryActivity,
  showDiscovery,
  sidebarPane,
  treeRows,
  runCommand,
  pickInQuickInput,
  parkMouse,
  screenshotClip,
  dragSash,
} = require('./lib/workbenchUi');

/** Open high-or-critical risks of the fixture's five checked notes (fixtures/README.md, "Risks"). */
const OPEN_HIGH_OR_CRITICAL = 10;

/** Top-level rows of the Open Risks tree, grouped by client (the default), and some of their risks. */
const CLIENTS = ['Greenfield Retail', 'Harbor Health Trust', 'Northwind Logistics'];
const SOME_RISKS = [
  { label: 'R-2 BI team not trained before hand-over', description: /score 12 · Jonas · due 2026-01-31 · overdue/ },
  { label: 'R-1 Till software cannot call the loyalty API online', description: /score 20 · Ravi/ },
  { label: 'R-2 Information-governance review delays go-live', description: /score 20 · Helen/ },
  { label: 'R-3 Double bookings during cut-over', description: /score 10 · Sam/ },
];

function labels(rows, level) {
  return rows.filter((r) => level === undefined || r.level === level).map((r) => r.label);
}

/** Runs "Discovery: Group Risks By..." and picks `label` by typing `filter`, as a user would. */
async function groupBy(page, filter, label) {
  await runCommand(page, 'Discovery: Group Risks By...');
  await pickInQuickInput(page, { filter, expect: label });
}

/** The sash on the right edge of the side bar (dragging it resizes the side bar). */
async function sidebarSash(page) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  const sashes = page.locator('.monaco-sash.vertical');
  for (let i = 0; i < (await sashes.count()); i++) {
    const box = await sashes.nth(i).boundingBox();
    if (box && Math.abs(box.x + box.width / 2 - (sidebar.x + sidebar.width)) <= 4 && box.height > sidebar.height / 2) return sashes.nth(i);
  }
  throw new Error('no sash on the side bar edge');
}

/** The sash between the Open Risks and Note Health panes. */
async function paneSash(page) {
  const health = await sidebarPane(page, 'Note Health').boundingBox();
  const sashes = page.locator('.part.sidebar .monaco-sash.horizontal');
  for (let i = 0; i < (await sashes.count()); i++) {
    const box = await sashes.nth(i).boundingBox();
    if (box && Math.abs(box.y + box.height / 2 - health.y) <= 4) return sashes.nth(i);
  }
  throw new Error('no sash above the Note Health view');
}

exports.checks = [
  {
    title: 'the Discovery view container shows the fixture risks, the badge of open high and critical risks, and Note Health',
    timeoutMs: 150_000,
    async run({ page }) {
      // The view container is a static contribution: it is there before the extension has activated.
      const activity = discoveryActivity(page);
      await activity.waitFor({ state: 'visible', timeout: SLOW_MS });

      // The badge is the Open Risks view's, summed up on the container's icon once the workspace is indexed.
      const badge = activity.locator('.badge .badge-content');
      await waitUntil(page, `the Discovery badge to read ${OPEN_HIGH_OR_CRITICAL}`, async () => (await badge.isVisible()) && (await badge.textContent()).trim() === String(OPEN_HIGH_OR_CRITICAL));
      const tooltip = await activity.locator('a.action-label').getAttribute('aria-label');
      if (!/5 critical and 5 high open risks/.test(tooltip || '')) throw new Error(`unexpected badge tooltip: ${tooltip}`);

      await showDiscovery(page);
      await runCommand(page, 'View: Close All Editors');
      const risks = sidebarPane(page, 'Open Risks');
      const header = risks.locator('.pane-header');
      await header.locator('.description', { hasText: 'by client · score' }).waitFor({ timeout: SLOW_MS });

      // Clients at the top level, engagements below, risks with score, owner and due date in the description.
      const rows = await waitUntil(page, 'the clients and risks in Open Risks', async () => {
        const r = await treeRows(risks);
        const top = labels(r, 1);
        return CLIENTS.every((c) => top.includes(c)) && SOME_RISKS.every((s) => r.some((x) => x.label === s.label)) ? r : null;
      });
      const top = labels(rows, 1);
      if (JSON.stringify(top) !== JSON.stringify(CLIENTS)) throw new Error(`top-level rows: ${JSON.stringify(top)}`);
      for (const { label, description } of SOME_RISKS) {
        const row = rows.find((r) => r.label === label);
        if (row.level !== 3 || !description.test(row.description)) throw new Error(`risk row ${JSON.stringify(row)} does not match ${description}`);
      }
      const greenfield = rows.find((r) => r.label === 'Greenfield Retail');
      if (!/^5 open · 1 critical · 2 high$/.test(greenfield.description)) throw new Error(`Greenfield Retail: ${greenfield.description}`);
      // The closed R-4 of WMS integration, the accepted duplicate R-2 and the archived note's R-1 never show.
      for (const absent of ['R-4', 'R-2 Booking office resists the change']) {
        if (rows.some((r) => r.label.startsWith(`${absent} `) || r.label === absent)) throw new Error(`${absent} is listed but is not open`);
      }

      // Note Health: only Patient scheduling (its duplicate R-2 is an error); its problems are its children.
      const health = sidebarPane(page, 'Note Health');
      const noteRow = health.locator('.monaco-list-row', { hasText: 'Harbor Health Trust / Patient scheduling' });
      await noteRow.waitFor({ state: 'visible', timeout: SLOW_MS });
      const wasExpanded = (await noteRow.getAttribute('aria-expanded')) === 'true';
      if (!wasExpanded) await noteRow.locator('.monaco-tl-twistie').click();
      const healthRows = await waitUntil(page, 'the problems of Patient scheduling in Note Health', async () => {
        const r = await treeRows(health);
        return r.some((x) => x.label.startsWith('DISC009 ')) ? r : null;
      });
      const notes = labels(healthRows, 1);
      if (JSON.stringify(notes) !== JSON.stringify(['Harbor Health Trust / Patient scheduling — patient-scheduling.discovery.md'])) {
        throw new Error(`Note Health lists ${JSON.stringify(notes)}`);
      }
      if (!/^1 error · 4 warnings$/.test(healthRows[0].description)) throw new Error(`Note Health description: ${healthRows[0].description}`);
      for (const rule of ['DISC009', 'DISC012', 'DISC007', 'DISC010', 'DISC013']) {
        if (!healthRows.some((r) => r.level === 2 && r.label.startsWith(`${rule} `))) throw new Error(`${rule} missing from Note Health: ${JSON.stringify(labels(healthRows))}`);
      }

      // The picture: a wider side bar and a taller Open Risks pane, so every row fits unclipped; then the layout
      // goes back to what it was for the checks that follow.
      const restoreWidth = await dragSash(page, await sidebarSash(page), { dx: 270 });
      const paneBox = await risks.boundingBox();
      const healthBox = await health.boundingBox();
      const wanted = 22 * 24; // header + 22 rows of 22 px, and a little air
      const restoreSplit = paneBox.height < wanted ? await dragSash(page, await paneSash(page), { dy: Math.min(wanted - paneBox.height, healthBox.height - 22 * 9) }) : null;
      await risks.locator('.monaco-list-row', { hasText: 'R-3 Single sign-on with the customer directory not possible' }).waitFor({ state: 'visible', timeout: SLOW_MS });
      // Focus away from the trees (no focus outline in the picture) and the mouse away from every tooltip.
      await runCommand(page, 'View: Focus Active Editor Group');
      await parkMouse(page);
      await page.locator('.monaco-hover, .workbench-hover').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      const sidebar = await page.locator('.part.sidebar').boundingBox();
      const bottom = (await health.locator('.monaco-list-row').last().boundingBox()) || sidebar;
      await screenshotClip(page, 'risk-tree', { x: 0, y: sidebar.y, width: sidebar.x + sidebar.width, height: bottom.y + bottom.height + 12 - sidebar.y });
      if (restoreSplit) await restoreSplit();
      await restoreWidth();
      if (!wasExpanded) await noteRow.locator('.monaco-tl-twistie').click();
    },
  },
  {
    title: 'Discovery: Group Risks By... → band turns the top level of Open Risks into bands, critical first',
    timeoutMs: 120_000,
    async run({ page }) {
      await showDiscovery(page);
      const risks = sidebarPane(page, 'Open Risks');
      await groupBy(page, 'band', 'By band (critical first)');
      await risks.locator('.pane-header .description', { hasText: 'by band · score' }).waitFor({ timeout: SLOW_MS });
      const rows = await waitUntil(page, 'band groups at the top of Open Risks', async () => {
        const r = await treeRows(risks);
        return labels(r, 1)[0] === 'Critical' ? r : null;
      });
      const top = labels(rows, 1);
      // Rows are rendered only as far as the pane is tall: every rendered top-level row must be a band, in order.
      const bands = ['Critical', 'High', 'Medium', 'Low'];
      if (top.some((l, i) => l !== bands[i])) throw new Error(`top-level rows after grouping by band: ${JSON.stringify(top)}`);
      if (top.some((l) => CLIENTS.includes(l))) throw new Error('client groups are still at the top level');
      const critical = rows.find((r) => r.label === 'Critical');
      if (!/^5 open\b/.test(critical.description)) throw new Error(`Critical group: ${critical.description}`);
      // Under Critical: the five open critical risks, highest score first; Carrier data (25) leads.
      const firstRisk = rows[rows.indexOf(critical) + 1];
      if (firstRisk.level !== 2 || firstRisk.label !== 'R-1 Carrier data only available by e-mail') throw new Error(`first critical risk: ${JSON.stringify(firstRisk)}`);

      // Back to the default, which the other checks and pictures expect.
      await groupBy(page, 'client', 'By client and engagement');
      await risks.locator('.pane-header .description', { hasText: 'by client · score' }).waitFor({ timeout: SLOW_MS });
      await waitUntil(page, 'client groups back at the top of Open Risks', async () => labels(await treeRows(risks), 1)[0] === CLIENTS[0]);
    },
  },
];
