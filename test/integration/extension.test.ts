// The editor features inside a real VS Code, on the fixture workspace (its README lists every risk and finding):
// problems for open and unopened notes, quick fixes, fix-all, hover, CodeLens, summaries, every command of the
// manifest, the export, and settings and .discovery.yml changes. Expected values are worked out by hand from the
// fixture notes. Every test puts the workspace back as it found it (edits reverted, files deleted, settings reset).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sleep, waitFor } from './lib/wait';
import { extensionApi, EXTENSION_ID } from './lib/extension';

const WMS = 'northwind-logistics/wms-integration/wms-integration.discovery.md';
const PORTAL = 'northwind-logistics/customer-portal/customer-portal.discovery.md';
const SCHEDULING = 'harbor-health/patient-scheduling/patient-scheduling.discovery.md';
const DATA = 'greenfield-retail/data-platform/data-platform.discovery.md';
const ARCHIVED = 'archive/old-bid.discovery.md';

/** The part of the extension's API (`DiscoveryApi` in src/extension.ts) these tests use. */
interface TestApi {
  notes(): Array<{ uri: string; path: string; findings: unknown[]; note: unknown; summary?: { risks: readonly unknown[] } | null }>;
  whenIndexed(): Promise<void>;
  summaryText(noteUri?: vscode.Uri): Promise<string>;
}

let api: TestApi;

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri;
}

const at = (rel: string) => vscode.Uri.joinPath(folder(), ...rel.split('/'));
const readText = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
const writeText = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'discovery');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code);
}

function codes(uri: vscode.Uri): string[] {
  return ours(uri).map(codeOf).sort();
}

async function waitForCodes(what: string, uri: vscode.Uri, probe: (codes: string[]) => boolean, timeoutMs = 15_000): Promise<string[]> {
  try {
    return await waitFor(what, () => {
      const c = codes(uri);
      return probe(c) ? c : undefined;
    }, { timeoutMs });
  } catch (e) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const note = api.notes().find((n) => n.uri === uri.toString()) as { version?: number | null } | undefined;
    throw new Error(`${e instanceof Error ? e.message : String(e)}; problems now: ${codes(uri).join(', ') || 'none'}; indexed version ${note?.version}; document ${doc ? `v${doc.version}${doc.isDirty ? ' dirty' : ''}` : 'not loaded'}`);
  }
}

async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(at(rel));
  return vscode.window.showTextDocument(doc);
}

/** Reverts and closes every editor, so later tests (and suites) see the fixture text. */
async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.uri.scheme === 'file') {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor(`${doc.uri.path} reverted`, () => !doc.isDirty);
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

function lineOf(doc: vscode.TextDocument, needle: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  assert.fail(`no line with "${needle}" in ${doc.uri.path}`);
}

/** The quick fixes VS Code offers for one of our diagnostics. */
async function fixesFor(doc: vscode.TextDocument, rule: string, onLine?: number): Promise<vscode.CodeAction[]> {
  const diag = await waitFor(`a ${rule} diagnostic`, () =>
    ours(doc.uri).find((d) => codeOf(d) === rule && (onLine === undefined || d.range.start.line === onLine)),
  );
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    diag.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // The command does not hand back each action's diagnostics, so actions are told apart by their titles.
  return actions;
}

async function applyFix(doc: vscode.TextDocument, rule: string, title: string | RegExp, onLine?: number): Promise<vscode.CodeAction> {
  const actions = await fixesFor(doc, rule, onLine);
  const action = actions.find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
  assert.ok(action, `no fix "${title}" for ${rule}; offered: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(action.edit, `${action.title} has no workspace edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `${action.title} was not applied`);
  return action;
}

/** Resolves once VS Code's file watcher reports a file created now (it restarts after `files.*` settings change). */
async function fileWatcherReady(): Promise<void> {
  const watcher = vscode.workspace.createFileSystemWatcher('**/watcher-probe-*.txt', false, true, true);
  let seen = '';
  watcher.onDidCreate((uri) => (seen = uri.path));
  try {
    for (let i = 0; i < 20; i++) {
      const probe = at(`watcher-probe-${i}.txt`);
      await writeText(probe, 'probe');
      const ok = await waitFor('the probe', () => seen === probe.path, { timeoutMs: 1_000 }).then(() => true, () => false);
      await vscode.workspace.fs.delete(probe);
      if (ok) return;
    }
    assert.fail('the file watcher never reported the probe file');
  } finally {
    watcher.dispose();
  }
}

describe('extension: problems, fixes, hover, CodeLens, commands', function () {
  this.timeout(90_000);

  before(async () => {
    api = await extensionApi<TestApi>(30_000);
    await api.whenIndexed();
  });

  const originals = new Map<string, string>();
  before(async () => {
    for (const rel of [WMS, PORTAL, SCHEDULING, DATA]) originals.set(rel, await readText(at(rel)));
    // code-server saves after a delay by default, unlike desktop VS Code; these tests check unsaved text and revert
    // it afterwards. The setting stays off for the suites that follow: changing `files.*` settings restarts VS
    // Code's file watcher, and events in that moment are lost.
    const files = vscode.workspace.getConfiguration('files');
    if (files.get('autoSave') !== 'off') {
      await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
      await fileWatcherReady();
    }
  });

  afterEach(async function () {
    await closeAll();
    await api.whenIndexed();
    // No feature may save a note behind the user's back: the fixture notes on disk are as they were.
    const changed: string[] = [];
    for (const [rel, text] of originals) {
      if ((await readText(at(rel))) !== text) {
        changed.push(rel);
        await writeText(at(rel), text);
      }
    }
    if (changed.length > 0) {
      await api.whenIndexed();
      throw new Error(`"${this.currentTest?.title}" left changes on disk in ${changed.join(', ')}`);
    }
  });

  describe('problems', () => {
    it('reports problems of notes that were never opened, with source, rule code and docs link', async () => {
      const portal = at(PORTAL);
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === portal.toString()), 'the note must not be open');
      const found = await waitForCodes('customer-portal problems', portal, (c) => c.includes('DISC008'));
      assert.deepEqual(found, ['DISC001', 'DISC001', 'DISC001', 'DISC001', 'DISC002', 'DISC005', 'DISC007', 'DISC008']);
      const missing = ours(portal).find((d) => codeOf(d) === 'DISC001');
      assert.ok(missing && typeof missing.code === 'object');
      assert.match(missing.code.target.toString(), /docs\/rules\.md#disc001-missing-section$/);
      assert.equal(missing.severity, vscode.DiagnosticSeverity.Information, 'recommended sections are information');
      const overdue = ours(portal).find((d) => codeOf(d) === 'DISC008');
      assert.equal(overdue?.severity, vscode.DiagnosticSeverity.Warning);

      const scheduling = await waitForCodes('patient-scheduling problems', at(SCHEDULING), (c) => c.includes('DISC012'));
      for (const rule of ['DISC007', 'DISC009', 'DISC010', 'DISC011', 'DISC012', 'DISC013']) assert.ok(scheduling.includes(rule), rule);
      assert.ok(!scheduling.includes('DISC001'), 'the typo heading is not reported as a missing section');
      // Ignored by .discovery.yml.
      assert.deepEqual(codes(at(ARCHIVED)), []);
      assert.ok(!api.notes().some((n) => n.path === ARCHIVED));
    });

    it('keeps the notes of settled engagements as summaries after the scan, and reads them again for the workspace summary', async () => {
      await api.whenIndexed();
      const portal = () => api.notes().find((n) => n.path === PORTAL);
      // Not open in an editor, its engagement settled during the first scan: kept as a summary with its problems.
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === at(PORTAL).toString()), 'the note must not be open');
      assert.equal(portal()?.note, null, 'kept as a summary');
      assert.equal(portal()?.summary?.risks.length, 3);
      assert.equal(portal()?.findings.length, 8);
      // The workspace summary lists commitments and questions: every note is analysed again, and stays so.
      await vscode.commands.executeCommand('discovery.showRiskSummary');
      await api.whenIndexed();
      assert.ok(api.notes().every((n) => n.note !== null), api.notes().filter((n) => n.note === null).map((n) => n.path).join(', '));
    });

    it('reports problems of an open note, updates them while typing and drops them when fixed', async () => {
      const editor = await open(PORTAL);
      await waitForCodes('DISC002 on the open note', editor.document.uri, (c) => c.includes('DISC002'));
      const line = lineOf(editor.document, '- TBD');
      await editor.edit((b) => b.replace(editor.document.lineAt(line).range, '- Nobody in customer service has run a web product.'));
      await waitForCodes('DISC002 to vanish after the edit', editor.document.uri, (c) => !c.includes('DISC002'));
      // Typing a new problem brings a new finding (a risk with an unknown status).
      const r2 = lineOf(editor.document, '| R-2 |');
      const text = editor.document.lineAt(r2).text;
      await editor.edit((b) => b.replace(editor.document.lineAt(r2).range, text.replace('monitoring', 'pondering')));
      await waitForCodes('DISC006 for the unknown status', editor.document.uri, (c) => c.includes('DISC006'));
    });
  });

  describe('quick fixes', () => {
    it('inserts a missing section, and all missing sections', async () => {
      const editor = await open(DATA);
      await applyFix(editor.document, 'DISC001', 'Insert section "Business objectives"');
      const once = editor.document.getText();
      assert.match(once, /^## Business objectives$/m);
      assert.ok(once.indexOf('## Stakeholders') < once.indexOf('## Business objectives'));
      assert.ok(once.indexOf('## Business objectives') < once.indexOf('## Integration mismatches'), 'canonical position');
      await waitForCodes('three missing sections left', editor.document.uri, (c) => c.filter((x) => x === 'DISC001').length === 3);
      await applyFix(editor.document, 'DISC001', 'Insert all missing sections');
      const all = editor.document.getText();
      for (const h of ['Technology options', 'Commitments', 'Open questions']) assert.match(all, new RegExp(`^## ${h}$`, 'm'));
      assert.equal(all.match(/^## Business objectives$/gm)?.length, 1, 'nothing inserted twice');
      await waitForCodes('no missing section', editor.document.uri, (c) => !c.includes('DISC001'));
    });

    it('renames a heading with a typo, marking the fix preferred', async () => {
      const editor = await open(SCHEDULING);
      const line = lineOf(editor.document, '## Succes criteria');
      const action = await applyFix(editor.document, 'DISC012', 'Rename heading to "Success criteria"');
      assert.equal(action.isPreferred, true);
      assert.equal(editor.document.lineAt(line).text, '## Success criteria');
    });

    it('adds missing risk and commitment fields as stubs, and a mitigation stub', async () => {
      const portal = await open(PORTAL);
      const r3 = lineOf(portal.document, '| R-3 |');
      await applyFix(portal.document, 'DISC005', /owner/, r3);
      assert.match(portal.document.lineAt(r3).text, /\|\s*unlikely\s*\|\s*moderate\s*\|\s*TBD\s*\|/);

      const data = await open(DATA);
      const r2 = lineOf(data.document, 'R-2: BI team not trained');
      await applyFix(data.document, 'DISC007', 'Add "mitigation: TBD"', r2);
      assert.match(data.document.getText(), /mitigation: TBD/);

      const scheduling = await open(SCHEDULING);
      const commitment = lineOf(scheduling.document, 'information-governance questionnaire');
      await applyFix(scheduling.document, 'DISC013', /owner: TBD/, commitment);
      assert.match(scheduling.document.getText(), /owner: TBD/);
    });

    it('renumbers a duplicate risk ID to a free one', async () => {
      const editor = await open(SCHEDULING);
      const dup = lineOf(editor.document, 'Booking office resists the change');
      await applyFix(editor.document, 'DISC009', /^Renumber to R-\d+$/, dup);
      const id = /\|\s*(R-\d+)\s*\|/.exec(editor.document.lineAt(dup).text)?.[1];
      assert.ok(id && !['R-1', 'R-2', 'R-3', 'R-7'].includes(id), `renumbered to ${id}`);
    });

    it('fixes everything at once with source.fixAll.discovery, undoably', async () => {
      const editor = await open(SCHEDULING);
      const before = editor.document.getText();
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        editor.document.uri,
        new vscode.Range(0, 0, editor.document.lineCount, 0),
        'source.fixAll.discovery',
      );
      const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.discovery');
      assert.ok(fixAll?.edit, `no fix-all action among ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
      const after = editor.document.getText();
      assert.match(after, /^## Success criteria$/m);
      await waitForCodes('fixed problems to vanish', editor.document.uri, (c) => !c.includes('DISC012') && !c.includes('DISC009'));
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), before, 'one undo restores the note');
    });
  });

  describe('hover and CodeLens', () => {
    it('shows score, band, owner, due date and mitigation on a risk, as untrusted text', async () => {
      const editor = await open(PORTAL);
      const line = lineOf(editor.document, '| R-1 |');
      await api.whenIndexed();
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, 3));
      const texts = hovers.flatMap((h) => h.contents.map((c) => (c instanceof vscode.MarkdownString ? c.value : String(c))));
      const ours = texts.map(unescape).find((t) => t.includes('Score 25'));
      assert.ok(ours, `no risk hover among: ${texts.join(' || ')}`);
      assert.match(ours, /R-1 · Carrier data only available by e-mail/);
      assert.match(ours, /Score 25 \(critical\) — likelihood 5 × impact 5/);
      assert.match(ours, /Owner: Dana/);
      assert.match(ours, /Due: 2025-06-30 \(overdue\)/);
      assert.match(ours, /Mitigation: none/);
    });

    it('counts the note\'s risks above the Risks heading and opens the engagement summary', async () => {
      const editor = await open(PORTAL);
      await api.whenIndexed();
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10);
      const lens = lenses.find((l) => l.command?.command === 'discovery.showEngagementSummary');
      assert.ok(lens?.command, 'no risk CodeLens');
      assert.equal(lens.command.title, '3 open · 1 critical · 1 high · 1 overdue');
      assert.equal(lens.range.start.line, lineOf(editor.document, '## Risks'));
      const summary = await vscode.commands.executeCommand<vscode.Uri>(lens.command.command, ...(lens.command.arguments ?? []));
      assert.equal(summary.scheme, 'discovery-summary');
      const text = (await vscode.workspace.openTextDocument(summary)).getText();
      assert.match(unescape(text), /^# Risk summary: Northwind Logistics \/ Customer portal$/m);
      assert.match(text, /^3 open risks in 1 note/m);
      const r1 = lineOf(editor.document, '| R-1 |') + 1;
      assert.ok(text.includes(`${at(PORTAL).toString()}#L${r1})`), 'links to the risk line');
    });
  });

  describe('summaries', () => {
    it('summarises the workspace: bands, clients, top risks, overdue, unmitigated, stale questions', async () => {
      const uri = await vscode.commands.executeCommand<vscode.Uri>('discovery.showRiskSummary');
      const text = unescape((await vscode.workspace.openTextDocument(uri)).getText());
      assert.match(text, /^14 open risks in 5 notes, as of \d{4}-\d{2}-\d{2}\.$/m);
      assert.match(text, /^\| critical \| 5 \|$/m);
      assert.match(text, /^\| high \| 5 \|$/m);
      assert.match(text, /^\| Harbor Health Trust \| 3 \| 2 \| 1 \| 0 \| 0 \| 0 \|$/m);
      const overdue = text.slice(text.indexOf('## Overdue'), text.indexOf('## Unmitigated'));
      assert.match(overdue, /Risk R-1 Carrier data only available by e-mail/);
      assert.match(overdue, /Risk R-2 BI team not trained before hand-over/);
      const unmitigated = text.slice(text.indexOf('## Unmitigated'), text.indexOf('## Stale'));
      assert.equal((unmitigated.match(/^- \[/gm) ?? []).length, 4, 'portal R-1, scheduling R-2, loyalty R-1, data R-2');
      assert.ok(!text.includes('old-bid'), 'the ignored note is not counted');
    });
  });

  describe('settings and .discovery.yml', () => {
    const config = () => vscode.workspace.getConfiguration('discovery');

    afterEach(async () => {
      await config().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('diagnostics.scope', undefined, vscode.ConfigurationTarget.Workspace);
    });

    it('applies rule severities from settings', async () => {
      const portal = at(PORTAL);
      await waitForCodes('DISC007 before', portal, (c) => c.includes('DISC007'));
      await config().update('rules', { DISC007: 'off', DISC002: 'error' }, vscode.ConfigurationTarget.Workspace);
      await waitForCodes('DISC007 off', portal, (c) => !c.includes('DISC007'));
      await waitForCodes('DISC002 as an error', portal, () => ours(portal).some((d) => codeOf(d) === 'DISC002' && d.severity === vscode.DiagnosticSeverity.Error));
      await config().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      await waitForCodes('DISC007 back', portal, (c) => c.includes('DISC007'));
    });

    it('limits problems to open notes with diagnostics.scope = openFiles', async () => {
      await waitForCodes('problems of an unopened note', at(PORTAL), (c) => c.length > 0);
      await config().update('diagnostics.scope', 'openFiles', vscode.ConfigurationTarget.Workspace);
      await waitForCodes('no problems for the unopened note', at(PORTAL), (c) => c.length === 0);
      await open(DATA);
      await waitForCodes('problems for the open note', at(DATA), (c) => c.includes('DISC008'));
      await config().update('diagnostics.scope', undefined, vscode.ConfigurationTarget.Workspace);
      await waitForCodes('problems back', at(PORTAL), (c) => c.length > 0);
    });

    it('applies .discovery.yml changes and reports its own errors in it', async () => {
      const yml = at('.discovery.yml');
      const original = await readText(yml);
      try {
        await writeText(yml, original.replace('rules:\n', 'rules:\n  DISC002: off\n'));
        await waitForCodes('DISC002 off through .discovery.yml', at(PORTAL), (c) => c.length > 0 && !c.includes('DISC002'));
        await writeText(yml, original.replace('staleQuestionDays: 21', 'staleQuestionDays: soon'));
        await waitFor('a problem in .discovery.yml', () => ours(yml).length > 0);
        await waitForCodes('DISC002 back', at(PORTAL), (c) => c.includes('DISC002'));
      } finally {
        await writeText(yml, original);
      }
      await waitFor('.discovery.yml clean again', () => ours(yml).length === 0);
    });
  });

  describe('commands', () => {
    const created: vscode.Uri[] = [];

    after(async () => {
      for (const uri of created) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
      await api.whenIndexed();
    });

    it('creates a new note from the template in client/engagement folders, never overwriting', async () => {
      const first = await vscode.commands.executeCommand<vscode.Uri>('discovery.newNote', { client: 'Test Client', engagement: 'Pilot Project' });
      created.push(at('test-client'));
      assert.equal(first.toString(), at('test-client/pilot-project/discovery.discovery.md').toString());
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), first.toString());
      const text = await readText(first);
      assert.match(text, /^client: Test Client$/m);
      assert.match(text, /^## Risks$/m);
      const second = await vscode.commands.executeCommand<vscode.Uri>('discovery.newNote', { client: 'Test Client', engagement: 'Pilot Project' });
      assert.equal(second.toString(), at('test-client/pilot-project/discovery-2.discovery.md').toString());
      assert.equal(await readText(first), text, 'the first note is untouched');
      await waitFor('the new notes indexed', () => api.notes().filter((n) => n.path.startsWith('test-client/')).length === 2);
      await closeAll();
      // Deleting the folder removes its notes from the index and their problems at once.
      await vscode.workspace.fs.delete(at('test-client'), { recursive: true, useTrash: false });
      await waitFor('the deleted notes gone', () => !api.notes().some((n) => n.path.startsWith('test-client/')));
      assert.deepEqual(codes(first), []);
    });

    it('exports the risk register as CSV, Markdown and JSON, and does not overwrite without consent', async () => {
      const dir = at('exports');
      created.push(dir);
      const csv = await vscode.commands.executeCommand<vscode.Uri>('discovery.exportRiskRegister', { format: 'csv', target: vscode.Uri.joinPath(dir, 'risks.csv') });
      const csvText = await readText(csv);
      const lines = csvText.trim().split(/\r?\n/);
      assert.equal(lines.length, 1 + 17, 'a header and the 17 risks of the checked notes');
      assert.match(lines[0], /^id,/i);
      assert.ok(!csvText.includes('old-bid'));

      const json = await vscode.commands.executeCommand<vscode.Uri>('discovery.exportRiskRegister', { format: 'json', target: vscode.Uri.joinPath(dir, 'risks.json') });
      const doc = JSON.parse(await readText(json)) as { version: number; risks: Array<{ id: string; title: string; score: number; band: string; path: string }> };
      assert.equal(doc.version, 1);
      assert.equal(doc.risks.length, 17);
      const carrier = doc.risks.find((r) => r.title === 'Carrier data only available by e-mail');
      assert.deepEqual([carrier?.id, carrier?.score, carrier?.band, carrier?.path], ['R-1', 25, 'critical', PORTAL]);

      const md = await vscode.commands.executeCommand<vscode.Uri>('discovery.exportRiskRegister', { format: 'markdown', target: vscode.Uri.joinPath(dir, 'risks.md') });
      assert.match(await readText(md), /Carrier data only available by e-mail/);

      await writeText(csv, 'keep me');
      const refused = await vscode.commands.executeCommand<vscode.Uri | undefined>('discovery.exportRiskRegister', { format: 'csv', target: csv });
      assert.equal(refused, undefined);
      assert.equal(await readText(csv), 'keep me');
      await vscode.commands.executeCommand('discovery.exportRiskRegister', { format: 'csv', target: csv, overwrite: true });
      assert.equal(await readText(csv), csvText);
    });

    it('goes to a risk by ID, highest score first', async () => {
      await vscode.commands.executeCommand('discovery.goToRisk', 'R-3');
      const editor = await waitFor('an editor on the risk', () => vscode.window.activeTextEditor);
      // Of the open R-3s, Harbor Health's (score 10) ranks first.
      assert.equal(editor.document.uri.toString(), at(SCHEDULING).toString());
      assert.match(editor.document.lineAt(editor.selection.active.line).text, /\|\s*R-3\s*\|/);
    });

    it('inserts missing sections into the active note', async () => {
      await open(PORTAL);
      const inserted = await vscode.commands.executeCommand<number>('discovery.insertMissingSections');
      assert.ok(inserted > 0);
      const text = vscode.window.activeTextEditor!.document.getText();
      for (const h of ['Business objectives', 'Technology options', 'Commitments', 'Open questions']) assert.match(text, new RegExp(`^## ${h}$`, 'm'));
      assert.equal(await vscode.commands.executeCommand<number>('discovery.insertMissingSections'), 0, 'nothing to insert the second time');
    });

    it('runs every command of the manifest without error', async () => {
      const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: Array<{ command: string }> } };
      const dir = at('exports');
      created.push(dir);
      // Arguments that keep each command from prompting; a new command must be added here to pass.
      const args: Record<string, unknown[]> = {
        'discovery.newNote': [{ client: 'Command Check', engagement: 'Every command' }],
        'discovery.showRiskSummary': [],
        'discovery.showEngagementSummary': [at(WMS)],
        'discovery.goToRisk': ['R-1'],
        'discovery.insertMissingSections': [at(DATA)],
        'discovery.exportRiskRegister': [{ format: 'json', target: vscode.Uri.joinPath(dir, 'all.json'), overwrite: true }],
        'discovery.exportRiskSummary': [{ format: 'markdown', target: vscode.Uri.joinPath(dir, 'summary.md'), overwrite: true }],
        'discovery.refresh': [],
        'discovery.tree.groupBy': ['band'],
        'discovery.tree.sortBy': ['due'],
        'discovery.tree.filter': ['Dana'],
        'discovery.tree.filterMinBand': ['high'],
        'discovery.tree.filterOwner': ['Dana'],
        'discovery.tree.toggleOnlyMine': [false],
        'discovery.tree.clearFilter': [],
        'discovery.tree.expandAll': [],
        'discovery.tree.markClosed': [],
        'discovery.tree.copyAsMarkdown': [],
        'discovery.tree.openRisk': [],
      };
      created.push(at('command-check'));
      const declared = manifest.contributes.commands.map((c) => c.command);
      assert.deepEqual(declared.filter((id) => !(id in args)), [], 'commands without test arguments');
      for (const id of declared) {
        try {
          await vscode.commands.executeCommand(id, ...args[id]);
        } catch (e) {
          assert.fail(`${id} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      await vscode.commands.executeCommand('discovery.tree.groupBy', 'client');
      await vscode.commands.executeCommand('discovery.tree.sortBy', 'score');
      await vscode.commands.executeCommand('discovery.tree.clearFilter');
      await sleep(100);
    });
  });
});
