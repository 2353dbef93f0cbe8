// The engagement status bar item inside a real VS Code, on the fixture workspace (its README lists every risk):
// the open risks of the active note's engagement, following the active editor and changes to the engagement's
// notes, hidden for editors that are not notes. Expected texts are worked out by hand from the fixture notes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './lib/wait';
import { extensionApi } from './lib/extension';

const WMS = 'northwind-logistics/wms-integration/wms-integration.discovery.md';
const PORTAL = 'northwind-logistics/customer-portal/customer-portal.discovery.md';
const DATA = 'greenfield-retail/data-platform/data-platform.discovery.md';

interface StatusBarSnapshot {
  visible: boolean;
  text: string;
  tooltip: string;
  command: string | null;
  arguments: string[];
}

/** The part of the extension's API (`DiscoveryApi` in src/extension.ts) these tests use. */
interface TestApi {
  whenIndexed(): Promise<void>;
  notes(): Array<{ path: string }>;
  statusBarSnapshot(): StatusBarSnapshot | undefined;
}

let api: TestApi;

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder');
  return f.uri;
}

const at = (rel: string) => vscode.Uri.joinPath(folder(), ...rel.split('/'));

function snapshot(): StatusBarSnapshot {
  const s = api.statusBarSnapshot();
  assert.ok(s, 'the status bar item is not registered');
  return s;
}

async function show(rel: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(at(rel)));
}

/** Waits until the item shows `text` (it follows the active editor and index changes asynchronously). */
function until(what: string, probe: (s: StatusBarSnapshot) => boolean): Promise<StatusBarSnapshot> {
  return waitFor(what, () => (probe(snapshot()) ? snapshot() : undefined)).catch((e) => {
    throw new Error(`${(e as Error).message}; the item shows ${JSON.stringify(snapshot())}`);
  });
}

describe('status bar: open risks of the active note\'s engagement', function () {
  this.timeout(60_000);

  before(async () => {
    api = await extensionApi<TestApi>();
    await api.whenIndexed();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the open, critical, high and overdue counts of the engagement and opens its summary', async () => {
    await show(WMS);
    // WMS integration: R-1 critical (16), R-2 high (12), R-3 medium (9) open; R-4 ticked.
    const s = await until('the WMS counts', (x) => x.visible && x.text.includes('3 open · 1 critical · 1 high'));
    assert.equal(s.text, '$(warning) 3 open · 1 critical · 1 high');
    assert.equal(s.tooltip, 'Open risks of Northwind Logistics / WMS integration across 1 note. Click for the summary.');
    assert.equal(s.command, 'discovery.showEngagementSummary');
    assert.deepEqual(s.arguments, [at(WMS).toString()]);
  });

  it('changes when another engagement\'s note becomes active, and hides for an editor that is not a note', async () => {
    await show(PORTAL);
    // Customer portal: R-1 critical (25, due 2025-06-30, overdue), R-2 high (12), R-3 medium (6).
    await until('the portal counts', (x) => x.visible && x.text === '$(warning) 3 open · 1 critical · 1 high · 1 overdue');
    await show(DATA);
    // Data platform: R-1 high (12), R-2 high (12, overdue); R-3 closed by status.
    let s = await until('the data platform counts', (x) => x.visible && x.text === '$(warning) 2 open · 2 high · 1 overdue');
    assert.equal(s.tooltip, 'Open risks of Greenfield Retail / Data platform across 1 note. Click for the summary.');
    assert.deepEqual(s.arguments, [at(DATA).toString()]);

    await show('README.md');
    s = await until('the item hidden for README.md', (x) => !x.visible);
    await show('docs/meeting-template.md');
    assert.equal(snapshot().visible, false, 'a Markdown file that is not a note shows nothing');
    // An ignored note (archive/** in .discovery.yml) is not in the index, so nothing is shown for it either.
    await show('archive/old-bid.discovery.md');
    await until('the item hidden for the ignored note', (x) => !x.visible);

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the item hidden with no editor', (x) => !x.visible);
    await show(DATA);
    await until('the item back', (x) => x.visible && x.text === '$(warning) 2 open · 2 high · 1 overdue');
  });

  it('counts every note of the engagement and follows changes to them', async () => {
    await show(WMS);
    await until('the WMS counts', (x) => x.text === '$(warning) 3 open · 1 critical · 1 high');
    // A second note of the same engagement, written to disk while the first one is active.
    const extra = at('northwind-logistics/wms-integration/cut-over.discovery.md');
    const text = [
      '---',
      'client: Northwind Logistics',
      'engagement: WMS integration',
      '---',
      '',
      '## Risks',
      '- [ ] R-5: Weekend cut-over clashes with peak season — likelihood: possible; impact: minor; owner: Dana',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(extra, new TextEncoder().encode(text));
    try {
      // 3 × 2 = 6, medium.
      const s = await until('the second note counted', (x) => x.text === '$(warning) 4 open · 1 critical · 1 high');
      assert.equal(s.tooltip, 'Open risks of Northwind Logistics / WMS integration across 2 notes. Click for the summary.');
    } finally {
      await vscode.workspace.fs.delete(extra);
    }
    await until('the count back to the fixture', (x) => x.text === '$(warning) 3 open · 1 critical · 1 high');
  });

  it('shows a shield when the engagement has no critical or overdue risk', async () => {
    const uri = at('zenith-labs/pilot/pilot.discovery.md');
    const text = [
      '---',
      'client: Zenith Labs',
      'engagement: Pilot',
      '---',
      '',
      '## Risks',
      '- [ ] R-1: Lab instruments export only PDF — likelihood: possible; impact: moderate; owner: Kai',
      '- [ ] R-2: Pilot site closes for audit in March — likelihood: likely; impact: major; owner: Kai; due: 2030-03-01',
      '',
    ].join('\n');
    // The folder and the note right after it, as a script would write them.
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      await waitFor('the pilot note indexed', () => api.notes().some((n) => n.path === 'zenith-labs/pilot/pilot.discovery.md'));
      await show('zenith-labs/pilot/pilot.discovery.md');
      // R-1 3 × 3 = 9 medium; R-2 4 × 4 = 16 critical would show a warning, so it is closed by an edit below.
      await until('the pilot counts', (x) => x.text === '$(warning) 2 open · 1 critical');
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor);
      const line = editor.document.lineAt(7);
      await editor.edit((b) => b.replace(line.range, line.text.replace('- [ ]', '- [x]')));
      await until('the shield after closing the critical risk (unsaved)', (x) => x.text === '$(shield) 1 open');
    } finally {
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.isDirty && doc.uri.toString() === uri.toString()) {
          await vscode.window.showTextDocument(doc);
          await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        }
      }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), 'zenith-labs'), { recursive: true });
    }
    await waitFor('the pilot note gone', () => !api.notes().some((n) => n.path.startsWith('zenith-labs/')));
  });
});
