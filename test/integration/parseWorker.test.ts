// Notes the host must not parse in one piece go to the parse worker (dist/parseWorker.js next to the bundle):
// inside a real VS Code, a large note that the fast scanner declines (a client's email quoted with a list in it,
// a footnote) is still indexed, and its open risks show in the Open Risks view. The note is
// test/integration/fixtures/incoming/orbit-telecom/billing-migration, made large by repeating its workshop log, as
// long-running engagements' notes grow; written with node:fs, as a copy or a checkout writes it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './lib/wait';
import { extensionApi, incomingFixture } from './lib/extension';

/** Open risks of the fixture workspace (fixtures README). */
const ALL_OPEN = 14;
const NOTE = 'orbit-telecom/billing-migration/billing-migration.discovery.md';
/** The worker takes notes above 64 KB even when the scanner reads them; this one is declined and larger. */
const LARGE_CHARS = 160 * 1024;

interface TestApi {
  notes(): Array<{ path: string; skipped: string | null; note: { parsed: { parser: string } } | null }>;
  whenIndexed(): Promise<void>;
  getRiskTreeSnapshot(): unknown;
  logLines(): readonly string[];
}

interface SnapshotNode {
  label: string;
  children?: SnapshotNode[];
}

let api: TestApi;

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder && folder.uri.scheme === 'file', 'no local workspace folder');
  return folder.uri.fsPath;
}

const risks = (): { totalOpen: number; roots: SnapshotNode[] } => api.getRiskTreeSnapshot() as { totalOpen: number; roots: SnapshotNode[] };
const leaves = (nodes: SnapshotNode[]): SnapshotNode[] => nodes.flatMap((n) => (n.children ? leaves(n.children) : [n]));

/** The fixture note with its workshop log repeated until the note is larger than `chars`. */
function largeNote(): string {
  const fixture = incomingFixture(NOTE);
  const text = fs.readFileSync(fixture, 'utf8');
  const log = text.slice(text.indexOf('### Session notes'));
  const parts = [text];
  for (let n = 2; parts.join('\n').length < LARGE_CHARS; n++) parts.push(log.replace('### Session notes', `### Session notes ${n}`));
  return parts.join('\n');
}

describe('parse worker: large notes the fast scanner declines', function () {
  this.timeout(60_000);

  before(async () => {
    api = await extensionApi<TestApi>();
    await api.whenIndexed();
  });

  after(async () => {
    fs.rmSync(path.join(root(), 'orbit-telecom'), { recursive: true, force: true });
    await waitFor('the fixture risks only', () => risks()?.totalOpen === ALL_OPEN, { timeoutMs: 20_000 });
  });

  it('indexes the note with remark off the host and shows its open risks in the Open Risks view', async () => {
    const text = largeNote();
    assert.ok(text.length > LARGE_CHARS);
    fs.mkdirSync(path.join(root(), 'orbit-telecom', 'billing-migration'), { recursive: true });
    fs.writeFileSync(path.join(root(), NOTE), text);

    const orbit = await waitFor(
      'Orbit Telecom in the Open Risks view',
      () => {
        const s = risks();
        return s && s.totalOpen === ALL_OPEN + 2 ? s.roots.find((n) => n.label === 'Orbit Telecom') : undefined;
      },
      { timeoutMs: 30_000 },
    );
    assert.deepEqual((orbit.children ?? []).map((n) => n.label), ['Billing migration']);
    assert.deepEqual(leaves(orbit.children ?? []).map((n) => n.label), [
      'R-1 Fixed-width export drops the last field of long records',
      'R-2 Parallel run shows usage a day late and finance rejects the comparison',
    ]);
    const indexed = api.notes().find((n) => n.path === NOTE);
    assert.equal(indexed?.skipped, null);
    // Read by remark (the scanner declines the quoted list), and not on the host: that would have been logged.
    assert.equal(indexed?.note?.parsed.parser, 'remark');
    assert.deepEqual(api.logLines().filter((l) => l.includes('parsed on the extension host')), []);
  });
});
