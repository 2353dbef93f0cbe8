// The warm start inside a real VS Code: the `warm-start` scenario starts VS Code twice on the same workspace and
// user data (scripts/lib/scenarios.js). The first start reads every note and writes the index cache to the
// workspace storage, and records what the views and the Problems panel show; between the starts the runner appends
// a risk to the customer portal note; the second start must show the unchanged notes from the cache — the
// same tree rows, Note Health and problems, before any note is parsed — and read the changed note again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeScenario } from './lib/scenario';
import { waitFor } from './lib/wait';
import { extensionApi } from './lib/extension';

const CHANGED = 'northwind-logistics/customer-portal/customer-portal.discovery.md';
/** The notes the fixture's checks cover (archive/ is ignored by its .discovery.yml). */
const NOTES = 5;

interface SnapshotNode {
  id: string;
  label: string;
  description: string;
  children?: SnapshotNode[];
}

interface IndexedNote {
  uri: string;
  path: string;
  note: unknown;
  skipped: string | null;
  summary?: { risks: ReadonlyArray<{ id: string | null }> } | null;
}

interface CacheStatus {
  loaded: string;
  cached: number;
  read: string | null;
  restored: number;
  toRead: number;
  parsedWhenShown: number | null;
  saves: number;
  savedNotes: number;
}

/** The part of the extension's exported API (`DiscoveryApi` in src/extension.ts) these tests use. */
interface TestApi {
  notes(): IndexedNote[];
  whenIndexed(): Promise<void>;
  whenRestored(): Promise<void>;
  indexCounters(): { parsed: number; restored: number; summarizedOnLoad: number };
  indexCacheStatus(): CacheStatus;
  problemsHeldDuringRestore(): number;
  getRiskTreeSnapshot(): unknown;
  getHealthTreeSnapshot(): unknown;
  logLines(): readonly string[];
}

/** What the first start saw, kept next to the workspace (outside it, so no watcher sees it) for the second. */
interface Recorded {
  tree: SnapshotNode[];
  badge: number | undefined;
  health: SnapshotNode[];
  problems: Record<string, string[]>;
}

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri.fsPath;
}

const recordFile = () => path.join(path.dirname(workspaceRoot()), 'warm-start-first.json');

function riskRoots(api: TestApi): SnapshotNode[] {
  return (api.getRiskTreeSnapshot() as { roots: SnapshotNode[] }).roots;
}

/** Every leaf of a tree with the path of group labels above it. */
function leaves(nodes: SnapshotNode[], above = ''): string[] {
  return nodes.flatMap((n) => (n.children ? leaves(n.children, `${above}${n.label} › `) : [`${above}${n.label} (${n.description})`]));
}

/** The problems of every note of the workspace, as `line:character rule message` lines, by relative path. */
function problems(api: TestApi): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const n of api.notes()) {
    out[n.path] = vscode.languages
      .getDiagnostics(vscode.Uri.parse(n.uri))
      .map((d) => `${d.range.start.line}:${d.range.start.character} ${typeof d.code === 'object' ? String(d.code.value) : String(d.code)} ${d.message}`)
      .sort();
  }
  return out;
}

/** The subtree of a group or leaf of the tree whose label starts with `label`. */
function without(nodes: SnapshotNode[], label: string): SnapshotNode[] {
  return nodes.filter((n) => !n.label.startsWith(label)).map((n) => (n.children ? { ...n, children: without(n.children, label) } : n));
}

describeScenario('warm-start', 'warm start, first start: the index cache is written', () => {
  it('reads every note (no cache yet) and writes the cache to the workspace storage once the scan settled', async function () {
    this.timeout(60_000);
    const api = await extensionApi<TestApi>();
    await api.whenIndexed();
    const status = await waitFor('the index cache to be written', () => {
      const s = api.indexCacheStatus();
      return s.saves > 0 && s.savedNotes === NOTES ? s : null;
    }, { timeoutMs: 30_000 });
    assert.equal(status.loaded, 'none');
    assert.equal(status.restored, 0);
    assert.equal(api.problemsHeldDuringRestore(), 0, 'no restore pass, no problems held');
    assert.ok(api.indexCounters().parsed >= NOTES);
    // Summarised as they were read, and cached all the same (savedNotes above): every note but patient-scheduling,
    // whose risk without an ID waits for its engagement (its finding names the next free ID).
    assert.ok(api.indexCounters().summarizedOnLoad >= NOTES - 1, JSON.stringify(api.indexCounters()));
    assert.ok(api.logLines().some((l) => /^info Saved the index cache \(5 notes, \d+ KB\)\.$/.test(l)), api.logLines().join('\n'));
    // The engine was compiled a step at a time before the scan read its first note (src/core/warmUp.ts), once.
    const warm = api.logLines().filter((l) => /^info Compiled the engine ahead of the first scan in \d+ slices \(\d+ ms\)\.$/.test(l));
    assert.equal(warm.length, 1, api.logLines().join('\n'));
    assert.ok(api.logLines().indexOf(warm[0]) < api.logLines().findIndex((l) => l.startsWith('info Indexed ')), api.logLines().join('\n'));
    // What the views and the Problems panel show now, for the second start to compare with.
    await waitFor('problems of every note', () => Object.values(problems(api)).filter((p) => p.length > 0).length >= 3);
    const tree = await waitFor('the risk tree', () => (riskRoots(api).length > 0 ? riskRoots(api) : null));
    const recorded: Recorded = {
      tree,
      badge: (api.getRiskTreeSnapshot() as { badge?: { value: number } }).badge?.value,
      health: (api.getHealthTreeSnapshot() as { roots: SnapshotNode[] }).roots,
      problems: problems(api),
    };
    assert.ok(!leaves(tree).some((l) => l.includes('R-90')), 'R-90 is added between the starts');
    fs.writeFileSync(recordFile(), JSON.stringify(recorded));
  });
});

describeScenario('warm-start-again', 'warm start, second start: unchanged notes come from the index cache', () => {
  let api: TestApi;
  let first: Recorded;

  before(async function () {
    this.timeout(60_000);
    api = await extensionApi<TestApi>();
    first = JSON.parse(fs.readFileSync(recordFile(), 'utf8')) as Recorded;
    await api.whenRestored();
  });

  it('restored the unchanged notes and showed them before any note was parsed', () => {
    const status = api.indexCacheStatus();
    assert.equal(status.loaded, 'loaded');
    assert.equal(status.cached, NOTES);
    // Its summaries first, its rows and findings once the notes were restored (src/vscode/wholeFile.ts).
    assert.match(String(status.read), /^parts/);
    assert.equal(status.restored, NOTES - 1, 'every note but the changed one');
    assert.equal(status.toRead, 1);
    assert.equal(status.parsedWhenShown, 0, 'the tree was drawn from the cache before any note was parsed');
    assert.ok(api.logLines().some((l) => /^info Restored 4 of 5 discovery notes from the index cache in \d+ ms; 1 to read\.$/.test(l)), api.logLines().join('\n'));
  });

  it('parsed only the changed note, whose new risk the tree shows', async function () {
    this.timeout(30_000);
    await api.whenIndexed();
    const counters = api.indexCounters();
    assert.equal(counters.restored, NOTES - 1);
    assert.equal(counters.parsed, 1, 'the other engagements are not read again');
    const notes = api.notes();
    const changed = notes.find((n) => n.path === CHANGED);
    // Read and settled in the scan, it is kept as a summary like the restored notes (WorkspaceIndex.compact).
    assert.ok(changed?.summary && changed.skipped === null, 'the changed note was read');
    assert.ok(changed.summary.risks.some((r) => r.id === 'R-90'), 'its summary has the new risk');
    for (const n of notes.filter((x) => x.path !== CHANGED)) {
      assert.equal(n.note, null, `${n.path} stays restored`);
      assert.ok(n.summary, `${n.path} has its cached summary`);
    }
    const rows = await waitFor('R-90 in the tree', () => {
      const all = leaves(riskRoots(api));
      return all.some((l) => l.includes('R-90 Warm start re-reads a changed note')) ? all : null;
    }, { timeoutMs: 15_000 });
    assert.ok(rows.includes('Northwind Logistics › Customer portal › R-90 Warm start re-reads a changed note (score 25 · Priya · due 2030-01-31)'), rows.join('\n'));
  });

  it('shows the same tree rows, Note Health and problems for the unchanged notes as the first start', async function () {
    this.timeout(30_000);
    await api.whenIndexed();
    // The customer portal engagement gained R-90; everything else must be exactly as before the restart.
    const tree = await waitFor('the tree with R-90', () => (leaves(riskRoots(api)).some((l) => l.includes('R-90')) ? riskRoots(api) : null));
    const strip = (nodes: SnapshotNode[]) => leaves(nodes).filter((l) => !l.includes('Customer portal'));
    assert.deepEqual(strip(tree), strip(first.tree));
    assert.ok(strip(tree).length >= 8, 'the unchanged notes have rows');
    assert.deepEqual(
      without((api.getHealthTreeSnapshot() as { roots: SnapshotNode[] }).roots, 'Northwind Logistics / Customer portal'),
      without(first.health, 'Northwind Logistics / Customer portal'),
    );
    const now = problems(api);
    for (const [p, list] of Object.entries(first.problems)) {
      if (p === CHANGED) continue;
      assert.deepEqual(now[p], list, `problems of ${p}`);
    }
    assert.ok(Object.entries(now).some(([p, list]) => p !== CHANGED && list.length > 0), 'restored notes have problems');
    // Their problems waited for the restore pass (the tree is drawn first), then were published.
    assert.equal(api.problemsHeldDuringRestore(), NOTES - 1);
  });
});
