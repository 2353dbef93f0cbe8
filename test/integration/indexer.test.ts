// The index inside a real VS Code when whole folders appear or vanish at once: a client folder copied in, a
// nested client/engagement tree written without pauses, a folder deleted, and a burst of hundreds of creates,
// deletes, renames and rewrites like a branch switch. Files are written with node:fs, as git, unzip or a copy in
// a terminal write them (not through VS Code), and each test ends with the workspace as it found it.
//
// Expected values are worked out by hand from test/integration/fixtures/incoming/ (see the fixtures README) and,
// for the burst, from the files the test itself wrote; never computed with the extension's code.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { difference as differenceFromDisk, notesOnDisk as notesOnDiskUnder, sameList, waitForIndexToMatchDisk as waitForMatch } from './lib/indexOnDisk';
import { waitFor } from './lib/wait';
import { extensionApi, incomingFixture } from './lib/extension';

/** Open risks of the fixture workspace (fixtures README). */
const ALL_OPEN = 14;
/** The fixture's indexed notes (archive/old-bid is ignored by its .discovery.yml). */
const FIXTURE_NOTES = [
  'greenfield-retail/data-platform/data-platform.discovery.md',
  'greenfield-retail/loyalty-platform/loyalty-platform.discovery.md',
  'harbor-health/patient-scheduling/patient-scheduling.discovery.md',
  'northwind-logistics/customer-portal/customer-portal.discovery.md',
  'northwind-logistics/wms-integration/wms-integration.discovery.md',
];
/** Folders copied into the workspace by the tests: test/integration/fixtures/incoming of the extension's repository. */
const incoming = (): string => incomingFixture();
const ACME_NOTES = [
  'acme-freight/customs-api/customs-api.discovery.md',
  'acme-freight/driver-app/driver-app.discovery.md',
  'acme-freight/driver-app/workshops/kickoff.discovery.md',
];

interface IndexedRisk {
  id: string | null;
  title: string;
  isOpen: boolean;
}

/** The part of the extension's API (`DiscoveryApi` in src/extension.ts) these tests use. */
interface TestApi {
  notes(): Array<{ uri: string; path: string; note: { risks: IndexedRisk[] } | null }>;
  whenIndexed(): Promise<void>;
  getRiskTreeSnapshot(): unknown;
}

interface SnapshotNode {
  label: string;
  description: string;
  children?: SnapshotNode[];
}

interface RiskSnapshot {
  totalOpen: number;
  roots: SnapshotNode[];
}

let api: TestApi;

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder && folder.uri.scheme === 'file', 'no local workspace folder');
  return folder.uri.fsPath;
}

const indexedPaths = (): string[] => api.notes().map((n) => n.path).sort();
const risks = (): RiskSnapshot => api.getRiskTreeSnapshot() as RiskSnapshot;
const labels = (nodes: SnapshotNode[] | undefined): string[] => (nodes ?? []).map((n) => n.label);

function leaves(nodes: SnapshotNode[]): SnapshotNode[] {
  return nodes.flatMap((n) => (n.children ? leaves(n.children) : [n]));
}

const notesOnDisk = (): string[] => notesOnDiskUnder(root());
const difference = (): string => differenceFromDisk(indexedPaths(), root());
const waitForIndexToMatchDisk = (what: string, timeoutMs?: number): Promise<void> => waitForMatch(indexedPaths, root(), what, timeoutMs);

async function backToFixture(): Promise<void> {
  await waitFor('the fixture notes only', () => sameList(indexedPaths(), FIXTURE_NOTES) && risks()?.totalOpen === ALL_OPEN, { timeoutMs: 20_000 });
}

/** A generated note of the burst: `rev` is written into every risk title so a stale read shows. */
function burstNote(client: number, engagement: number, note: number, rev: number): string {
  return [
    '---',
    `client: Burst Client ${client}`,
    `engagement: Engagement ${engagement}`,
    'date: 2026-11-20',
    '---',
    '',
    `# Burst client ${client}, engagement ${engagement}, note ${note}`,
    '',
    '## Stakeholders',
    '- Sam Okoro, sponsor',
    '',
    '## Risks',
    `- [ ] R-${note * 2 + 1}: Vendor hand-over slips, rev ${rev} — likelihood: possible; impact: major; owner: Sam`,
    `- [x] R-${note * 2 + 2}: Licence renewal missed, rev ${rev} — likelihood: rare; impact: minor; owner: Sam`,
    '',
  ].join('\n');
}

describe('indexer: folders that appear or vanish at once', function () {
  this.timeout(90_000);

  const created = new Set<string>();

  before(async () => {
    api = await extensionApi<TestApi>();
    await api.whenIndexed();
    await backToFixture();
  });

  afterEach(async () => {
    for (const dir of created) fs.rmSync(path.join(root(), dir), { recursive: true, force: true });
    created.clear();
    await backToFixture();
  });

  it('indexes every note of a client folder copied in one go, and drops them all when the folder is deleted', async () => {
    created.add('acme-freight');
    fs.cpSync(path.join(incoming(), 'acme-freight'), path.join(root(), 'acme-freight'), { recursive: true });

    await waitFor('the copied notes in the index', () => ACME_NOTES.every((p) => indexedPaths().includes(p)), { timeoutMs: 15_000 }).catch((e) => {
      throw new Error(`${(e as Error).message}; ${difference()}`);
    });
    const s = await waitFor('Acme Freight in the Open Risks view', () => {
      const x = risks();
      return labels(x.roots).includes('Acme Freight') && x.totalOpen === ALL_OPEN + 4 ? x : undefined;
    });
    const acme = s.roots.find((n) => n.label === 'Acme Freight');
    assert.ok(acme);
    assert.deepEqual(labels(acme.children), ['Customs API', 'Driver app']);
    assert.deepEqual(labels(leaves(acme.children ?? [])), [
      'R-1 Broker rate limit blocks the nightly batch',
      'R-2 ICS2 schema changes during the project',
      'R-3 Works council objects to location tracking outside shifts',
      'R-1 Telematics vendor will not raise the reporting rate',
    ]);

    // The whole client folder goes at once (the watcher reports only the folder).
    fs.rmSync(path.join(root(), 'acme-freight'), { recursive: true });
    await waitFor('every Acme note gone', () => !indexedPaths().some((p) => p.startsWith('acme-freight/')));
    await waitFor('Acme Freight gone from the view', () => !labels(risks().roots).includes('Acme Freight') && risks().totalOpen === ALL_OPEN);
  });

  it('indexes a nested client/engagement tree written without pauses, and drops one engagement folder', async () => {
    created.add('delta-bank');
    const base = path.join(root(), 'delta-bank');
    const files: Record<string, string> = {};
    for (const [engagement, title] of [
      ['open-banking', 'PSD2 consent screens rejected by the regulator'],
      ['card-migration', 'Card processor cut-over window too short'],
    ]) {
      const text = [
        '---',
        'client: Delta Bank',
        `engagement: ${engagement === 'open-banking' ? 'Open banking' : 'Card migration'}`,
        '---',
        '',
        '## Risks',
        `- [ ] R-1: ${title} — likelihood: likely; impact: major; owner: Mira`,
        '',
      ].join('\n');
      files[`delta-bank/${engagement}/${engagement}.discovery.md`] = text;
      files[`delta-bank/${engagement}/workshops/2026-11/notes.discovery.md`] = text.replace('R-1:', 'R-2:').replace(title, `${title} (workshop)`);
    }
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root(), rel)), { recursive: true });
      fs.writeFileSync(path.join(root(), rel), text);
    }

    await waitForIndexToMatchDisk('the nested notes in the index');
    assert.deepEqual(indexedPaths().filter((p) => p.startsWith('delta-bank/')), Object.keys(files).sort());
    const s = await waitFor('Delta Bank in the view', () => {
      const x = risks();
      return x.totalOpen === ALL_OPEN + 4 ? x : undefined;
    });
    assert.deepEqual(labels(s.roots.find((n) => n.label === 'Delta Bank')?.children), ['Card migration', 'Open banking']);

    fs.rmSync(path.join(base, 'open-banking'), { recursive: true });
    await waitFor('the open-banking notes gone', () => !indexedPaths().some((p) => p.startsWith('delta-bank/open-banking/')));
    assert.deepEqual(indexedPaths().filter((p) => p.startsWith('delta-bank/')), [
      'delta-bank/card-migration/card-migration.discovery.md',
      'delta-bank/card-migration/workshops/2026-11/notes.discovery.md',
    ]);
    await waitFor('only Card migration left', () => labels(risks().roots.find((n) => n.label === 'Delta Bank')?.children).join() === 'Card migration');
  });

  it('ends a burst of hundreds of creates, deletes, renames and rewrites equal to what is on disk', async () => {
    const CLIENTS = 40;
    const folder = (c: number) => `burst-client-${String(c).padStart(2, '0')}`;
    const noteRel = (c: number, e: number, n: number, dir = folder(c)) => `${dir}/engagement-${e}/note-${n}.discovery.md`;
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root(), rel)), { recursive: true });
      fs.writeFileSync(path.join(root(), rel), text);
    };
    // Checkout of a branch with 40 new client folders, 2 engagements of 2 notes each: 160 notes, 240 new paths.
    for (let c = 0; c < CLIENTS; c++) {
      created.add(folder(c));
      for (let e = 0; e < 2; e++) for (let n = 0; n < 2; n++) write(noteRel(c, e, n), burstNote(c, e, n, 1));
    }
    // ...and, without waiting, the next checkout: 10 clients deleted, 10 renamed, 20 notes rewritten, 10 engagement
    // folders replaced by new ones, one client's notes turned into plain Markdown.
    const expectedRev = new Map<string, number>();
    for (let c = 0; c < 10; c++) fs.rmSync(path.join(root(), folder(c)), { recursive: true });
    for (let c = 10; c < 20; c++) {
      const to = `renamed-${folder(c)}`;
      created.add(to);
      fs.renameSync(path.join(root(), folder(c)), path.join(root(), to));
    }
    for (let c = 20; c < 30; c++) {
      write(noteRel(c, 0, 0), burstNote(c, 0, 0, 2));
      write(noteRel(c, 1, 1), burstNote(c, 1, 1, 2));
      expectedRev.set(noteRel(c, 0, 0), 2);
      expectedRev.set(noteRel(c, 1, 1), 2);
    }
    for (let c = 30; c < 39; c++) {
      fs.rmSync(path.join(root(), folder(c), 'engagement-1'), { recursive: true });
      for (let n = 0; n < 3; n++) write(`${folder(c)}/engagement-2/note-${n}.discovery.md`, burstNote(c, 2, n, 3));
      for (let n = 0; n < 3; n++) expectedRev.set(`${folder(c)}/engagement-2/note-${n}.discovery.md`, 3);
    }
    for (let e = 0; e < 2; e++) {
      for (let n = 0; n < 2; n++) {
        const rel = noteRel(39, e, n);
        fs.renameSync(path.join(root(), rel), path.join(root(), rel.replace(/\.discovery\.md$/, '.md')));
      }
    }

    const disk = notesOnDisk();
    // 30 clients left: 10 renamed (40 notes), 10 with two rewrites (40), 9 with a replaced engagement (9 × 5), 1 plain.
    assert.equal(disk.length - FIXTURE_NOTES.length, 40 + 40 + 45);
    await waitForIndexToMatchDisk('the index to equal the notes on disk after the burst', 30_000);
    await api.whenIndexed();
    assert.ok(sameList(indexedPaths(), notesOnDisk()), difference());

    // Every note holds the text of its last write, not an earlier revision.
    for (const n of api.notes()) {
      if (!n.path.includes('burst-client-')) continue;
      const rev = expectedRev.get(n.path) ?? 1;
      assert.ok(n.note, `${n.path} was skipped`);
      assert.deepEqual(n.note.risks.map((r) => r.title.replace(/.*, rev /, 'rev ')), [`rev ${rev}`, `rev ${rev}`], n.path);
    }
    // One open risk per note, in the view too.
    await waitFor('the view to count one open risk per generated note', () => risks().totalOpen === ALL_OPEN + 125);
  });
});
