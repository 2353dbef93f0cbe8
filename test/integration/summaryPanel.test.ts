// The risk summary panel and its exports inside a real VS Code, on the fixture workspace (its README lists every
// risk with likelihood and impact, from which the heat-map counts below are worked out). Panels opened here are
// closed again, and exported files deleted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './lib/wait';
import { EXTENSION_ID } from './lib/extension';

const WMS = 'northwind-logistics/wms-integration/wms-integration.discovery.md';
const PORTAL = 'northwind-logistics/customer-portal/customer-portal.discovery.md';

interface PanelSnapshot {
  key: string;
  title: string;
  note: string | null;
  visible: boolean;
  html: string;
}

/** The part of the extension's API (`DiscoveryApi` in src/extension.ts) these tests use. */
interface TestApi {
  whenIndexed(): Promise<void>;
  getSummaryPanels(): PanelSnapshot[];
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

function panels(): PanelSnapshot[] {
  return api.getSummaryPanels();
}

function panel(key: string): PanelSnapshot {
  const found = panels().find((p) => p.key === key);
  assert.ok(found, `no panel ${key}; open: ${panels().map((p) => p.key).join(', ') || 'none'}`);
  return found;
}

/** `data-cell="l-i" data-count="n"` pairs of the heat map in a panel's HTML. */
function heatCounts(html: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of html.matchAll(/data-cell="(\d-\d)" data-count="(\d+)"/g)) if (m[2] !== '0') counts[m[1]] = Number(m[2]);
  return counts;
}

async function closeSummaryPanels(): Promise<void> {
  for (const group of vscode.window.tabGroups.all) {
    const tabs = group.tabs.filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('discovery.riskSummary'));
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  }
  await waitFor('the summary panels to close', () => panels().length === 0, { timeoutMs: 5_000 });
}

describe('risk summary panel', () => {
  const created: vscode.Uri[] = [];

  before(async function () {
    this.timeout(30_000);
    const extension = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    await api.whenIndexed();
  });

  afterEach(async () => {
    for (const uri of created.splice(0)) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  after(async () => {
    await closeSummaryPanels();
  });

  it('opens the workspace summary as a panel with the heat map of the open risks', async () => {
    await vscode.commands.executeCommand('discovery.showRiskSummary');
    // Suites before this one create and delete notes; the live panel settles on the fixture once the index has.
    await waitFor('the panel to show the fixture', () => /14 open risks in 5 notes/.test(panel('workspace').html), { timeoutMs: 15_000 });
    const p = panel('workspace');
    assert.equal(p.title, 'Risk Summary');
    assert.match(p.html, /<h1>Risk summary: all engagements<\/h1>/);
    assert.match(p.html, /14 open risks in 5 notes, as of \d{4}-\d{2}-\d{2}\./);
    // From the fixture README: the 14 open risks by likelihood-impact.
    assert.deepEqual(heatCounts(p.html), { '5-5': 1, '5-4': 1, '4-5': 1, '4-4': 2, '4-3': 1, '3-4': 3, '3-3': 1, '2-5': 1, '2-3': 2, '1-2': 1 });
    assert.match(p.html, /<tr><th scope="row">Harbor Health Trust<\/th><td class="num">3<\/td><td class="num">2<\/td><td class="num">1<\/td>/);
    assert.ok(!p.html.includes('old-bid'), 'the ignored note is not counted');
    assert.match(p.html, /Content-Security-Policy" content="default-src &#39;none&#39;; style-src [^"]* &#39;nonce-[0-9a-f]{48}&#39;; script-src &#39;nonce-[0-9a-f]{48}&#39;;/);
    assert.match(p.html, /<script nonce="[0-9a-f]{48}" src="[^"]*\/media\/summaryPanel\.js"><\/script>/);
  });

  it('reuses the workspace panel and opens one panel per engagement', async () => {
    await vscode.commands.executeCommand('discovery.showRiskSummary');
    await vscode.commands.executeCommand('discovery.showRiskSummary');
    assert.equal(panels().filter((p) => p.key === 'workspace').length, 1);
    await vscode.commands.executeCommand('discovery.showEngagementSummary', at(WMS));
    await vscode.commands.executeCommand('discovery.showEngagementSummary', at(PORTAL));
    await vscode.commands.executeCommand('discovery.showEngagementSummary', at(WMS));
    assert.equal(panels().length, 3, `panels: ${panels().map((p) => p.key).join(', ')}`);
    const wms = panels().find((p) => p.title === 'Risks: Northwind Logistics / WMS integration');
    assert.ok(wms, `titles: ${panels().map((p) => p.title).join(', ')}`);
    assert.ok(wms.visible, 'the panel shown last is visible');
    assert.match(wms.html, /3 open risks in 1 note,/);
    assert.deepEqual(heatCounts(wms.html), { '4-4': 1, '3-4': 1, '3-3': 1 });
  });

  it('updates an open panel when a note changes', async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('discovery.showRiskSummary');
    const dir = at('panel-check');
    created.push(dir);
    await vscode.workspace.fs.createDirectory(dir);
    await writeText(
      vscode.Uri.joinPath(dir, 'live.discovery.md'),
      '---\nclient: Panel Check\nengagement: Live update\n---\n\n## Risks\n\n- [ ] R-1: Nightly batch overruns the window — likelihood: 1; impact: 1; owner: Ana\n',
    );
    await waitFor('the panel to count the new risk', () => /15 open risks in 6 notes/.test(panel('workspace').html), { timeoutMs: 15_000 });
    assert.equal(heatCounts(panel('workspace').html)['1-1'], 1);
    await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
    await waitFor('the panel to drop the deleted note', () => /14 open risks in 5 notes/.test(panel('workspace').html), { timeoutMs: 15_000 });
  });

  it('exports the summary as self-contained HTML', async () => {
    const target = at('exports/risk-summary.html');
    created.push(at('exports'));
    const written = await vscode.commands.executeCommand<vscode.Uri>('discovery.exportRiskSummary', { format: 'html', target, overwrite: true });
    assert.equal(written?.toString(), target.toString());
    const html = await readText(target);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<h1>Risk summary: all engagements<\/h1>/);
    assert.match(html, /14 open risks in 5 notes/);
    assert.match(html, /@media \(prefers-color-scheme: dark\)/);
    assert.match(html, /<svg class="chart heatmap"/);
    assert.doesNotMatch(html, /<script|https?:\/\/|file:\/\/|vscode-/);
  });

  it('exports an engagement as Markdown with the heat map table and links relative to the file', async () => {
    const target = at('exports/wms.md');
    created.push(at('exports'));
    await vscode.commands.executeCommand('discovery.exportRiskSummary', { format: 'markdown', target, note: at(WMS), overwrite: true });
    const md = await readText(target);
    assert.match(md, /^# Risk summary\\: Northwind Logistics \/ WMS integration$/m);
    assert.match(md, /^\| \*\*4\*\* \| · \| · \| · \| \*\*1\*\* \(R\\-1\) \| · \|$/m);
    assert.match(md, /^\| \*\*3\*\* \| · \| · \| \*\*1\*\* \(R\\-3\) \| \*\*1\*\* \(R\\-2\) \| · \|$/m);
    assert.ok(md.includes('](../northwind-logistics/wms-integration/wms-integration.discovery.md#L'), 'relative links to the note');
  });

  it('does not replace an existing file unless told to', async () => {
    const target = at('exports/keep.md');
    created.push(at('exports'));
    await writeText(target, 'mine\n');
    const result = await vscode.commands.executeCommand('discovery.exportRiskSummary', { format: 'markdown', target });
    assert.equal(result, undefined);
    assert.equal(await readText(target), 'mine\n');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('discovery.exportRiskSummary', { format: 'pdf', target: at('exports/x.pdf') })),
      /Unknown export format "pdf"/,
    );
  });
});
