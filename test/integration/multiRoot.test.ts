// A multi-root workspace inside a real VS Code (scenario "multi-root": test/integration/fixtures/multi-root, opened
// through multi-root.code-workspace with the folders alpha-agency and beta-agency; gamma-agency lies next to them
// and is added by a test). Notes of every folder are indexed and listed, folders added or removed while VS Code
// runs are followed, and a folder's .discovery.yml applies to that folder only. Expected values are worked out by
// hand from the fixture notes (see the fixtures README).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeScenario } from './lib/scenario';
import { waitFor } from './lib/wait';
import { extensionApi, incomingFixture } from './lib/extension';

const CLAIMS = 'orion-insurance/claims-portal/claims-portal.discovery.md';
const METERS = 'polar-energy/smart-meters/smart-meters.discovery.md';
const PITCH = 'drafts/pitch.discovery.md';
const ARCHIVE = 'quasar-media/archive-migration/archive-migration.discovery.md';

interface SnapshotNode {
  label: string;
  description: string;
  children?: SnapshotNode[];
}

interface RiskSnapshot {
  totalOpen: number;
  roots: SnapshotNode[];
}

/** The part of the extension's API (`DiscoveryApi` in src/extension.ts) these tests use. */
interface TestApi {
  notes(): Array<{ uri: string; path: string; findings: Array<{ rule: string }> }>;
  whenIndexed(): Promise<void>;
  getRiskTreeSnapshot(): unknown;
}

let api: TestApi;

const risks = (): RiskSnapshot => api.getRiskTreeSnapshot() as RiskSnapshot;
const labels = (nodes: SnapshotNode[] | undefined): string[] => (nodes ?? []).map((n) => n.label);

function leaves(nodes: SnapshotNode[]): SnapshotNode[] {
  return nodes.flatMap((n) => (n.children ? leaves(n.children) : [n]));
}

function folderNamed(name: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(found, `no workspace folder ${name} among ${vscode.workspace.workspaceFolders?.map((f) => f.name).join(', ')}`);
  return found;
}

/** The indexed notes as `folder name:relative path`. */
function indexed(): string[] {
  return api
    .notes()
    .map((n) => {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(n.uri));
      return `${folder?.name ?? '(none)'}:${n.path}`;
    })
    .sort();
}

function rulesOf(folder: string, rel: string): string[] {
  const uri = vscode.Uri.joinPath(folderNamed(folder).uri, ...rel.split('/')).toString();
  const note = api.notes().find((n) => n.uri === uri);
  assert.ok(note, `${folder}:${rel} is not indexed`);
  return [...new Set(note.findings.map((f) => f.rule))].sort();
}

function until(what: string, probe: (s: RiskSnapshot) => boolean, timeoutMs = 10_000): Promise<RiskSnapshot> {
  return waitFor(what, () => (probe(risks()) ? risks() : undefined), { timeoutMs }).catch((e) => {
    throw new Error(`${(e as Error).message}; the view shows ${JSON.stringify(labels(risks().roots))} with ${risks().totalOpen} open; indexed: ${indexed().join(', ')}`);
  });
}

/** Changes the workspace folders and resolves once VS Code has applied the change (one change at a time). */
async function changeFolders(start: number, deleteCount: number, ...add: vscode.Uri[]): Promise<vscode.WorkspaceFoldersChangeEvent> {
  const changed = new Promise<vscode.WorkspaceFoldersChangeEvent>((resolve) => {
    const sub = vscode.workspace.onDidChangeWorkspaceFolders((e) => {
      sub.dispose();
      resolve(e);
    });
  });
  assert.ok(vscode.workspace.updateWorkspaceFolders(start, deleteCount, ...add.map((uri) => ({ uri }))), 'VS Code refused the folder change');
  return changed;
}

const INITIAL = ['alpha-agency:' + CLAIMS, 'beta-agency:' + PITCH, 'beta-agency:' + METERS];

describeScenario('multi-root', 'multi-root workspace', function () {
  this.timeout(60_000);

  before(async () => {
    api = await extensionApi<TestApi>();
    await api.whenIndexed();
    assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['alpha-agency', 'beta-agency']);
  });

  it('indexes the notes of both folders and lists their risks in the Open Risks view', async () => {
    await waitFor('the notes of both folders', () => indexed().join() === INITIAL.join());
    // Orion: R-1 likely × severe = 20, R-2 possible × major = 12. Polar: R-1 20, R-2 unlikely × major = 8; pitch 9.
    const s = await until('both clients in the view', (x) => x.totalOpen === 5);
    assert.deepEqual(labels(s.roots), ['Orion Insurance', 'Polar Energy']);
    const polar = s.roots.find((n) => n.label === 'Polar Energy');
    assert.deepEqual(labels(polar?.children), ['Heat pumps pitch', 'Smart meters']);
    assert.deepEqual(labels(leaves(s.roots)), [
      'R-1 Mainframe connector has no maintainer',
      'R-2 Quote latency breaks the portal\'s promise',
      'R-1 Installer network too small for the rollout',
      'R-1 Billing import cannot take 96 readings per meter per day',
      'R-2 Meter firmware update needed in the field',
    ]);
  });

  it('applies a folder\'s .discovery.yml to the notes of that folder only', async () => {
    await waitFor('the notes of both folders', () => indexed().join() === INITIAL.join());
    // alpha-agency ignores drafts/**; beta-agency has no .discovery.yml, so its drafts are notes like any other.
    assert.ok(!indexed().includes('alpha-agency:drafts/idea.discovery.md'));
    assert.ok(indexed().includes(`beta-agency:${PITCH}`));
    assert.ok(!leaves(risks().roots).some((n) => n.label.includes('Draft risk of Alpha')));
    // alpha-agency turns DISC007 (high or critical risk without mitigation) off; both notes have such risks.
    assert.ok(!rulesOf('alpha-agency', CLAIMS).includes('DISC007'), rulesOf('alpha-agency', CLAIMS).join());
    assert.ok(rulesOf('beta-agency', METERS).includes('DISC007'), rulesOf('beta-agency', METERS).join());
    // The same in the Problems of both notes.
    const claims = vscode.Uri.joinPath(folderNamed('alpha-agency').uri, ...CLAIMS.split('/'));
    const meters = vscode.Uri.joinPath(folderNamed('beta-agency').uri, ...METERS.split('/'));
    const codes = (uri: vscode.Uri) =>
      vscode.languages
        .getDiagnostics(uri)
        .filter((d) => d.source === 'discovery')
        .map((d) => (typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code)));
    await waitFor('DISC007 in the smart meters note', () => codes(meters).includes('DISC007'));
    await waitFor('the claims note checked', () => codes(claims).length > 0);
    assert.ok(!codes(claims).includes('DISC007'), codes(claims).join());
  });

  it('finds the notes of a client folder copied into the second folder in one go', async () => {
    const incoming = incomingFixture('acme-freight');
    const target = path.join(folderNamed('beta-agency').uri.fsPath, 'acme-freight');
    fs.cpSync(incoming, target, { recursive: true });
    try {
      await waitFor('the copied notes under beta-agency', () =>
        ['customs-api/customs-api.discovery.md', 'driver-app/driver-app.discovery.md', 'driver-app/workshops/kickoff.discovery.md'].every((p) =>
          indexed().includes(`beta-agency:acme-freight/${p}`),
        ),
      );
      await until('Acme Freight in the view', (x) => labels(x.roots).includes('Acme Freight') && x.totalOpen === 9);
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
    }
    await waitFor('the copied notes gone', () => indexed().join() === INITIAL.join());
  });

  it('indexes a folder added while VS Code runs, and drops a removed folder\'s risks at once', async () => {
    const gamma = vscode.Uri.joinPath(folderNamed('alpha-agency').uri, '..', 'gamma-agency');
    const beta = folderNamed('beta-agency').uri;
    // Never the first folder: changing it restarts every extension (the deprecated rootPath changes).
    const added = await changeFolders(2, 0, gamma);
    assert.deepEqual(added.added.map((f) => f.name), ['gamma-agency']);
    try {
      await waitFor('the added folder\'s note', () => indexed().includes(`gamma-agency:${ARCHIVE}`));
      // Quasar: R-1 possible × severe = 15, high.
      let s = await until('Quasar Media in the view', (x) => labels(x.roots).includes('Quasar Media') && x.totalOpen === 6);
      assert.deepEqual(labels(leaves(s.roots.filter((n) => n.label === 'Quasar Media'))), ['R-1 Tapes from the 1980s unreadable']);

      const removed = await changeFolders(1, 1);
      assert.deepEqual(removed.removed.map((f) => f.name), ['beta-agency']);
      // The index drops the folder's notes while handling the event itself, before anything else runs.
      assert.ok(!api.notes().some((n) => n.uri.startsWith(`${beta.toString()}/`)), `still indexed: ${indexed().join(', ')}`);
      s = await until('Polar Energy gone from the view', (x) => !labels(x.roots).includes('Polar Energy'), 2_000);
      assert.deepEqual(labels(s.roots), ['Orion Insurance', 'Quasar Media']);
      assert.equal(s.totalOpen, 3);
      await api.whenIndexed();
      assert.deepEqual(indexed(), [`alpha-agency:${CLAIMS}`, `gamma-agency:${ARCHIVE}`]);
    } finally {
      // Back to alpha-agency and beta-agency, one change at a time.
      if (vscode.workspace.workspaceFolders?.some((f) => f.name === 'gamma-agency')) {
        const at = vscode.workspace.workspaceFolders.findIndex((f) => f.name === 'gamma-agency');
        await changeFolders(at, 1);
      }
      if (!vscode.workspace.workspaceFolders?.some((f) => f.name === 'beta-agency')) await changeFolders(1, 0, beta);
    }
    await waitFor('the two folders\' notes again', () => indexed().join() === INITIAL.join());
    await until('the two clients again', (x) => x.totalOpen === 5 && labels(x.roots).join() === 'Orion Insurance,Polar Energy');
  });
});
