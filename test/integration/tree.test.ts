// The "Open Risks" and "Note Health" views inside a real VS Code, on the fixture workspace (its README lists the
// risks). Expected values are worked out by hand from the fixture notes, not computed with the extension's code.
// Tests that change notes put every file back as it was, so suites that run later see the fixture unchanged.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './lib/wait';
import { extensionApi } from './lib/extension';


interface SnapshotNode {
  id: string;
  label: string;
  description: string;
  contextValue: string;
  icon: string;
  color: string | null;
  collapsed?: boolean;
  opened?: boolean;
  children?: SnapshotNode[];
}

interface RiskSnapshot {
  state: { groupBy: string; sortBy: string; filter: Record<string, unknown> };
  message: string | undefined;
  description: string | undefined;
  badge: { value: number; tooltip: string } | undefined;
  shown: number;
  totalOpen: number;
  roots: SnapshotNode[];
}

interface HealthSnapshot {
  message: string | undefined;
  roots: SnapshotNode[];
}

/** The part of the extension's exported API (`DiscoveryApi` in src/extension.ts) these tests use. */
interface TestApi {
  whenIndexed(): Promise<void>;
  getRiskTreeSnapshot(): unknown;
  getHealthTreeSnapshot(): unknown;
}

let api: TestApi;

function risks(): RiskSnapshot {
  const s = api.getRiskTreeSnapshot();
  assert.ok(s, 'the Open Risks view is not registered');
  return s as RiskSnapshot;
}

function health(): HealthSnapshot {
  const s = api.getHealthTreeSnapshot();
  assert.ok(s, 'the Note Health view is not registered');
  return s as HealthSnapshot;
}

const labels = (nodes: SnapshotNode[] | undefined): string[] => (nodes ?? []).map((n) => n.label);

function leaves(nodes: SnapshotNode[]): SnapshotNode[] {
  return nodes.flatMap((n) => (n.children ? leaves(n.children) : [n]));
}

function find(nodes: SnapshotNode[], label: string): SnapshotNode {
  const found = nodes.find((n) => n.label === label);
  assert.ok(found, `no item "${label}" among: ${labels(nodes).join(', ')}`);
  return found;
}

/** Polls until the view shows what `probe` wants; the view refreshes debounced after each index change. */
function until(what: string, probe: (s: RiskSnapshot) => boolean, timeoutMs = 10_000): Promise<RiskSnapshot> {
  return waitFor(what, () => {
    const s = risks();
    return probe(s) ? s : undefined;
  }, { timeoutMs });
}

function folderUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return folder.uri;
}

function noteUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(folderUri(), ...relative.split('/'));
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/**
 * Creates a note in a folder that does not exist yet, the note written in the same instant as its folder (the
 * file watcher then reports only the folder; the indexer lists new folders for notes).
 */
async function createNote(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await writeText(uri, text);
}

/** Reverts unsaved notes and closes every editor, without the "save changes?" dialog a dirty editor would raise. */
async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.isClosed) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * code-server saves edited files after a second by default (`files.autoSave: afterDelay`), unlike desktop VS Code;
 * the tests about unsaved text need it off, as a user who relies on unsaved edits has it.
 */
async function autoSaveOff(): Promise<() => Promise<void>> {
  const files = vscode.workspace.getConfiguration('files');
  const before = files.inspect('autoSave')?.workspaceValue;
  await files.update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
  return async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', before, vscode.ConfigurationTarget.Workspace);
  };
}

const ALL_OPEN = 14;
const WMS = 'northwind-logistics/wms-integration/wms-integration.discovery.md';
const PORTAL = 'northwind-logistics/customer-portal/customer-portal.discovery.md';

describe('risk tree: the Open Risks view', function () {
  this.timeout(60_000);

  let restoreAutoSave: (() => Promise<void>) | undefined;

  before(async () => {
    api = await extensionApi<TestApi>();
    await api.whenIndexed();
    restoreAutoSave = await autoSaveOff();
    await vscode.commands.executeCommand('discovery.tree.clearFilter');
    await vscode.commands.executeCommand('discovery.tree.groupBy', 'client');
    await vscode.commands.executeCommand('discovery.tree.sortBy', 'score');
    await until('the fixture risks', (s) => s.totalOpen === ALL_OPEN);
  });

  after(async () => {
    await closeAllEditors();
    await restoreAutoSave?.();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('discovery.tree.clearFilter');
    await vscode.commands.executeCommand('discovery.tree.groupBy', 'client');
    await vscode.commands.executeCommand('discovery.tree.sortBy', 'score');
  });

  it('shows every open risk grouped by client, then engagement, highest score first', () => {
    const s = risks();
    assert.equal(s.totalOpen, ALL_OPEN);
    assert.equal(s.shown, ALL_OPEN);
    assert.equal(s.message, undefined);
    assert.deepEqual(labels(s.roots), ['Greenfield Retail', 'Harbor Health Trust', 'Northwind Logistics']);
    const greenfield = find(s.roots, 'Greenfield Retail');
    assert.equal(greenfield.description, '5 open · 1 critical · 2 high');
    assert.deepEqual(labels(greenfield.children), ['Data platform', 'Loyalty platform']);
    const loyalty = find(greenfield.children ?? [], 'Loyalty platform');
    assert.deepEqual(labels(loyalty.children), [
      'R-1 Till software cannot call the loyalty API online',
      'R-2 Offshore team unavailable for hand-over',
      'R-3 GDPR consent flows not signed off by legal',
    ]);
    const harbor = find(s.roots, 'Harbor Health Trust');
    const scheduling = find(harbor.children ?? [], 'Patient scheduling');
    // The accepted R-2 of the table is not open, so it is not listed; the two R-2 rows keep distinct ids.
    assert.deepEqual(labels(scheduling.children), [
      'R-2 Information-governance review delays go-live',
      'R-1 HL7 v2 to FHIR mapping loses appointment reasons',
      'R-3 Double bookings during cut-over',
    ]);
    const northwind = find(s.roots, 'Northwind Logistics');
    const wms = find(northwind.children ?? [], 'WMS integration');
    // R-4 is ticked, so closed.
    assert.deepEqual(labels(wms.children), [
      'R-1 WMS only exports nightly flat files',
      'R-2 Order IDs truncated between ERP and WMS',
      'R-3 Architecture board slot missed, start slips a month',
    ]);
    const all = leaves(s.roots);
    assert.equal(all.length, ALL_OPEN);
    assert.equal(new Set(all.map((n) => n.id)).size, ALL_OPEN);
  });

  it('describes each risk with score, owner and due date, and colours its icon by band with theme colours', () => {
    const all = leaves(risks().roots);
    const carrier = find(all, 'R-1 Carrier data only available by e-mail');
    assert.equal(carrier.description, 'score 25 · Dana · due 2025-06-30 · overdue');
    assert.equal(carrier.contextValue, 'discovery.risk');
    assert.deepEqual([carrier.icon, carrier.color], ['warning', 'charts.red']);
    const sso = find(all, 'R-3 Single sign-on with the customer directory not possible');
    assert.equal(sso.description, 'score 6 · unassigned');
    assert.deepEqual([sso.icon, sso.color], ['circle-filled', 'charts.yellow']);
    const csv = find(all, 'R-1 CSV layouts change without notice');
    assert.equal(csv.description, 'score 12 · Ravi · monitoring');
    assert.equal(csv.color, 'charts.orange');
    const gdpr = find(all, 'R-3 GDPR consent flows not signed off by legal');
    assert.equal(gdpr.color, 'charts.blue');
  });

  it('shows a badge with the open high and critical risks', () => {
    const s = risks();
    assert.deepEqual(s.badge, { value: 10, tooltip: '5 critical and 5 high open risks' });
  });

  it('groups by band, by owner and flat, and sorts by due date and ID', async () => {
    await vscode.commands.executeCommand('discovery.tree.groupBy', 'band');
    let s = await until('band groups', (x) => x.state.groupBy === 'band');
    assert.deepEqual(labels(s.roots), ['Critical', 'High', 'Medium', 'Low']);
    assert.deepEqual(s.roots.map((n) => n.children?.length), [5, 5, 3, 1]);
    assert.equal(s.description, 'by band · score');

    await vscode.commands.executeCommand('discovery.tree.groupBy', 'owner');
    s = await until('owner groups', (x) => x.state.groupBy === 'owner');
    assert.deepEqual(labels(s.roots), ['Claire', 'Dana', 'Helen', 'Ines', 'Jonas', 'Oliver', 'Priya', 'Ravi', 'Sam', 'Tom', 'Unassigned']);
    assert.deepEqual(labels(find(s.roots, 'Dana').children), ['R-1 Carrier data only available by e-mail', 'R-1 WMS only exports nightly flat files']);

    await vscode.commands.executeCommand('discovery.tree.groupBy', 'flat');
    await vscode.commands.executeCommand('discovery.tree.sortBy', 'due');
    s = await until('a flat list by due date', (x) => x.state.groupBy === 'flat' && x.state.sortBy === 'due');
    assert.equal(s.roots.length, ALL_OPEN);
    assert.deepEqual(labels(s.roots.slice(0, 3)), [
      'R-1 Carrier data only available by e-mail',
      'R-2 BI team not trained before hand-over',
      'R-2 IT refuses to host the portal',
    ]);
    assert.equal(s.description, 'by flat · due date');

    await vscode.commands.executeCommand('discovery.tree.sortBy', 'id');
    s = await until('a flat list by ID', (x) => x.state.sortBy === 'id');
    assert.deepEqual(s.roots.map((n) => n.label.split(' ')[0]), ['R-1', 'R-1', 'R-1', 'R-1', 'R-1', 'R-2', 'R-2', 'R-2', 'R-2', 'R-2', 'R-3', 'R-3', 'R-3', 'R-3']);
  });

  it('filters by text, minimum band and owner, says so in the view, and clears', async () => {
    await vscode.commands.executeCommand('discovery.tree.filter', 'hand-over');
    let s = await until('the text filter', (x) => x.shown === 2);
    assert.deepEqual(labels(leaves(s.roots)), ['R-2 BI team not trained before hand-over', 'R-2 Offshore team unavailable for hand-over']);
    assert.equal(s.message, 'Filter: "hand-over" — 2 of 14 open risks');
    assert.equal(s.badge?.value, 10, 'the badge counts the whole workspace');

    await vscode.commands.executeCommand('discovery.tree.clearFilter');
    await vscode.commands.executeCommand('discovery.tree.filterMinBand', 'critical');
    s = await until('the band filter', (x) => x.state.filter.minBand === 'critical');
    assert.equal(s.shown, 5);
    assert.deepEqual(labels(s.roots), ['Greenfield Retail', 'Harbor Health Trust', 'Northwind Logistics']);

    await vscode.commands.executeCommand('discovery.tree.filterOwner', 'Dana');
    s = await until('the owner filter', (x) => x.state.filter.owner === 'Dana');
    assert.deepEqual(labels(leaves(s.roots)), ['R-1 Carrier data only available by e-mail', 'R-1 WMS only exports nightly flat files']);
    assert.equal(s.message, 'Filter: critical only · owner Dana — 2 of 14 open risks');

    await vscode.commands.executeCommand('discovery.tree.clearFilter');
    s = await until('no filter', (x) => x.shown === ALL_OPEN);
    assert.equal(s.message, undefined);
    assert.deepEqual(s.state.filter, {});
  });

  it('"only mine" follows the discovery.me setting', async () => {
    const config = vscode.workspace.getConfiguration('discovery');
    await config.update('me', 'Ravi', vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('discovery.tree.toggleOnlyMine', true);
      let s = await until('Ravi\'s risks', (x) => x.shown === 2);
      // Grouped by client then engagement: Data platform comes before Loyalty platform.
      assert.deepEqual(labels(leaves(s.roots)), ['R-1 CSV layouts change without notice', 'R-1 Till software cannot call the loyalty API online']);
      assert.equal(s.message, 'Filter: only mine (Ravi) — 2 of 14 open risks');
      await config.update('me', 'Helen', vscode.ConfigurationTarget.Workspace);
      s = await until('Helen\'s risks', (x) => x.shown === 1 && leaves(x.roots)[0].label.startsWith('R-2 Information'));
    } finally {
      await config.update('me', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('starts groups expanded for a few risks, collapsed when discovery.tree.expandGroups says so, and opens them all with Expand All', async () => {
    const groupsOf = (nodes: SnapshotNode[]): SnapshotNode[] => nodes.flatMap((n) => (n.children ? [n, ...groupsOf(n.children)] : []));
    const before = risks();
    assert.ok(groupsOf(before.roots).length > 3);
    assert.ok(groupsOf(before.roots).every((g) => g.collapsed === false), 'auto expands the 14 risks of the fixture');
    const config = vscode.workspace.getConfiguration('discovery');
    await config.update('tree.expandGroups', 'collapsed', vscode.ConfigurationTarget.Workspace);
    try {
      const s = await until('collapsed groups', (x) => groupsOf(x.roots).every((g) => g.collapsed === true));
      // Collapsed groups still hold every risk, with the same ids, once opened.
      assert.deepEqual(leaves(s.roots).map((n) => n.id), leaves(before.roots).map((n) => n.id));
      assert.equal(s.shown, ALL_OPEN);
      // "Expand All" opens every group, as VS Code reports back (onDidExpandElement).
      const opened = await vscode.commands.executeCommand<number>('discovery.tree.expandAll');
      assert.equal(opened, groupsOf(s.roots).length);
      await until('every group opened in the view', (x) => groupsOf(x.roots).every((g) => g.opened === true));
    } finally {
      await config.update('tree.expandGroups', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('expanded groups again', (x) => groupsOf(x.roots).every((g) => g.collapsed === false));
  });

  it('adds a new note\'s risks, follows unsaved edits, and drops them when the note is deleted', async () => {
    const uri = noteUri('zenith-labs/pilot/pilot.discovery.md');
    await createNote(
      uri,
      [
        '---',
        'client: Zenith Labs',
        'engagement: Pilot',
        '---',
        '',
        '## Risks',
        '',
        '- [ ] R-1: Lab instruments export only PDF — likelihood: likely; impact: severe; owner: Kai',
        '',
      ].join('\n'),
    );
    try {
      let s = await until('the new note in the tree', (x) => labels(x.roots).includes('Zenith Labs'));
      assert.equal(s.totalOpen, ALL_OPEN + 1);
      assert.deepEqual(labels(find(find(s.roots, 'Zenith Labs').children ?? [], 'Pilot').children), ['R-1 Lab instruments export only PDF']);
      assert.equal(s.badge?.value, 11);

      // Unsaved text wins over the file on disk.
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const line = doc.lineAt(7);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, line.range, '- [ ] R-1: Lab instruments export only scanned PDF — likelihood: rare; impact: minor; owner: Kai');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(doc.isDirty);
      s = await until('the unsaved title', (x) => leaves(x.roots).some((n) => n.label === 'R-1 Lab instruments export only scanned PDF'));
      assert.equal(s.badge?.value, 10);
      assert.match(await readText(uri), /export only PDF/, 'the file on disk is unchanged');
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folderUri(), 'zenith-labs'), { recursive: true });
    }
    const s = await until('the deleted note gone', (x) => !labels(x.roots).includes('Zenith Labs'));
    assert.equal(s.totalOpen, ALL_OPEN);
  });

  it('follows a renamed note without duplicates', async () => {
    const from = noteUri(WMS);
    const to = noteUri('northwind-logistics/wms-integration/wms-integration-v2.discovery.md');
    const encodedOld = encodeURIComponent(WMS);
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(from, to);
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const s = await until('the renamed note', (x) =>
        leaves(x.roots).some((n) => n.id.includes(encodeURIComponent('wms-integration-v2.discovery.md'))),
      );
      assert.equal(s.totalOpen, ALL_OPEN);
      assert.ok(!leaves(s.roots).some((n) => n.id.includes(encodedOld)), 'no item of the old path is left');
    } finally {
      const back = new vscode.WorkspaceEdit();
      back.renameFile(to, from);
      await vscode.workspace.applyEdit(back);
      await closeAllEditors();
    }
    await until('the note back under its name', (x) => leaves(x.roots).some((n) => n.id.includes(encodedOld)) && x.totalOpen === ALL_OPEN);
  });

  it('copies a risk as Markdown', async () => {
    const item = find(leaves(risks().roots), 'R-2 Order IDs truncated between ERP and WMS');
    const text = await vscode.commands.executeCommand<string>('discovery.tree.copyAsMarkdown', item.id);
    assert.equal(
      text,
      '- **R-2** Order IDs truncated between ERP and WMS — score 12 (high) · owner: Ines · status: mitigating · mitigation: Mapping table maintained by the integration layer · Northwind Logistics / WMS integration',
    );
  });

  it('marks a risk closed in a note that is not open, and saves it', async () => {
    const uri = noteUri(WMS);
    const original = await readText(uri);
    try {
      const item = find(leaves(risks().roots), 'R-3 Architecture board slot missed, start slips a month');
      const closed = await vscode.commands.executeCommand<number>('discovery.tree.markClosed', item.id);
      assert.equal(closed, 1);
      const text = await readText(uri);
      assert.match(text, /^- \[x\] R-3: Architecture board slot missed/m);
      // Everything else is as it was.
      assert.equal(text.replace('- [x] R-3:', '- [ ] R-3:'), original);
      const s = await until('the closed risk gone', (x) => x.totalOpen === ALL_OPEN - 1);
      assert.ok(!leaves(s.roots).some((n) => n.label.startsWith('R-3 Architecture')));
    } finally {
      await writeText(uri, original);
      await closeAllEditors();
    }
    await until('the risk back', (x) => x.totalOpen === ALL_OPEN);
  });

  it('marks a risk closed in an open note as an unsaved, undoable edit', async () => {
    const uri = noteUri(PORTAL);
    const original = await readText(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    try {
      const item = find(leaves(risks().roots), 'R-2 IT refuses to host the portal');
      const closed = await vscode.commands.executeCommand<number>('discovery.tree.markClosed', item.id);
      assert.equal(closed, 1);
      assert.ok(doc.isDirty, 'the open note is left with the unsaved change');
      assert.equal(await readText(uri), original, 'nothing is written to disk');
      assert.match(doc.getText(), /\| R-2 \| IT refuses to host the portal \| possible \| major \| Oliver \| closed \|/);
      await until('the closed risk gone', (x) => x.totalOpen === ALL_OPEN - 1);
      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), original);
      await until('the risk back after undo', (x) => x.totalOpen === ALL_OPEN);
    } finally {
      await closeAllEditors();
    }
  });
});

describe('risk tree: the Note Health view', function () {
  this.timeout(30_000);

  before(async () => {
    api = await extensionApi<TestApi>();
    await api.whenIndexed();
  });

  it('lists notes with missing required sections or errors, worst first, with their problems', async () => {
    const s = await waitFor('health rows', () => {
      const h = health();
      return h.roots.length > 0 ? h : undefined;
    });
    // Every fixture note has its required sections (Patient scheduling's "Succes criteria" is a typo, not a
    // gap); only Patient scheduling has an error: its table repeats R-2.
    assert.deepEqual(labels(s.roots), ['Harbor Health Trust / Patient scheduling — patient-scheduling.discovery.md']);
    const [harbor] = s.roots;
    assert.match(harbor.description, /^\d+ errors? · \d+ warnings?$/);
    assert.deepEqual([harbor.icon, harbor.color], ['error', 'problemsErrorIcon.foreground']);
    const children = labels(harbor.children);
    assert.ok(children.some((l) => l.startsWith('DISC009 ')), children.join('\n'));
    for (const rule of ['DISC012', 'DISC007', 'DISC010', 'DISC013']) {
      assert.ok(children.some((l) => l.startsWith(`${rule} `)), `${rule} in:\n${children.join('\n')}`);
    }
    assert.ok(!children.some((l) => l.startsWith('DISC011 ')), 'information findings are not listed');
    assert.ok(!children.some((l) => l.startsWith('Missing section')));
  });

  it('adds a note that lacks required sections, and removes it once they are added', async () => {
    const uri = noteUri('zenith-labs/audit/audit.discovery.md');
    await createNote(uri, ['---', 'client: Zenith Labs', 'engagement: Audit', '---', '', '## Stakeholders', '', '- Kai, CTO', ''].join('\n'));
    try {
      const label = 'Zenith Labs / Audit — audit.discovery.md';
      const s = await waitFor('the new note in Note Health', () => {
        const h = health();
        return h.roots.some((r) => r.label === label) ? h : undefined;
      });
      const row = s.roots.find((r) => r.label === label);
      assert.ok(row);
      assert.match(row.description, /^5 missing\b/);
      assert.deepEqual(labels(row.children).slice(0, 5), [
        'Missing section: Integration mismatches',
        'Missing section: Backlog fit',
        'Missing section: Skills gaps',
        'Missing section: Success criteria',
        'Missing section: Risks',
      ]);
      // Worst first: the note with an error stays above the one with gaps only.
      assert.equal(s.roots[0].label, 'Harbor Health Trust / Patient scheduling — patient-scheduling.discovery.md');
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folderUri(), 'zenith-labs'), { recursive: true });
    }
    await waitFor('the deleted note gone from Note Health', () => health().roots.length === 1);
  });
});
