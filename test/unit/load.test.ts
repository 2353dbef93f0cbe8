/**
 * Load: the workspace index stays true under a long random sequence of creates, edits, deletes, renames, open
 * documents typing ahead of the disk, and unreadable files, compared at the end with a fresh index of the final
 * files. 1,000 events in `npm test`; `DISCOVERY_FULL_RUN=1` runs the full 10,000.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_CONFIG, mergeConfig } from '../../src/core/config';
import type { DiscoveryConfig } from '../../src/core/configTypes';
import { WorkspaceIndex, type IndexedNote } from '../../src/core/workspaceIndex';
import { generatedNote } from './support/generatedNotes';

const FULL = process.env.DISCOVERY_FULL_RUN === '1';
const EVENTS = FULL ? 10_000 : 1_000;
const TODAY = '2026-11-22';
const ENGAGEMENTS = [
  ['Acme Retail', 'Loyalty platform'],
  ['Acme Retail', 'Store analytics'],
  ['Globex Logistics', 'Route optimiser'],
  ['Initech', 'Payroll migration'],
];
const FOLDERS = ['acme-retail/loyalty-platform', 'acme-retail/store-analytics', 'globex/route-optimiser', 'loose'];

/** Bodies of real notes (the rule fixtures without their front matter) and generated ones. */
function bodies(): string[] {
  const dir = join(__dirname, '..', 'fixtures', 'rules');
  const real = readdirSync(dir)
    .filter((n) => n.endsWith('.discovery.md'))
    .map((n) => readFileSync(join(dir, n), 'utf8').replace(/^---\n[\s\S]*?\n---\n/u, ''));
  const generated = fc.sample(generatedNote.map((t) => t.replace(/^---\n[\s\S]*?\n---\n/u, '')), { numRuns: 40, seed: 31 });
  return [...real, ...generated];
}

interface FileState {
  text: string;
  /** Open-document version when the text comes from an editor, else `null` (disk). */
  version: number | null;
  skipped: string | null;
  config: DiscoveryConfig;
}

const STRICT = mergeConfig(DEFAULT_CONFIG, { staleQuestionDays: 0, bands: { medium: 3, high: 6, critical: 12 } });

function comparable(n: IndexedNote): unknown {
  return { uri: n.uri, path: n.path, note: n.note, findings: n.findings, skipped: n.skipped, config: n.config };
}

describe('workspace index under load', function () {
  this.timeout(FULL ? 600_000 : 120_000);

  it(`stays equal to a fresh index after ${EVENTS.toLocaleString('en')} random events`, () => {
    const pool = bodies();
    const rand = fc.sample(fc.nat({ max: 1_000_000 }), { numRuns: EVENTS * 6, seed: 32 });
    let r = 0;
    const pick = (n: number): number => rand[r++ % rand.length] % n;
    const makeText = (): string => {
      const [client, engagement] = ENGAGEMENTS[pick(ENGAGEMENTS.length)];
      const fm = pick(5) === 0 ? '' : `---\nclient: ${client}\nengagement: ${engagement}\n---\n`;
      return fm + pool[pick(pool.length)];
    };

    const index = new WorkspaceIndex({ today: () => TODAY });
    let changes = 0;
    index.onDidChange((c) => (changes += c.changed.length + c.removed.length));
    const files = new Map<string, FileState>();
    let nextId = 0;
    const newUri = (): string => `file:///w/${FOLDERS[pick(FOLDERS.length)]}/note-${nextId++}.discovery.md`;
    const relPath = (uri: string): string => uri.slice('file:///w/'.length);
    const counts: Record<string, number> = {};

    const apply = (uri: string, state: FileState): void => {
      if (state.skipped !== null) index.markSkipped(uri, relPath(uri), state.skipped, state.config);
      else index.upsert(uri, relPath(uri), state.text, state.config, state.version);
    };

    // A generated workspace to start from, indexed in one batch as a first scan is.
    index.batch(() => {
      for (let i = 0; i < (FULL ? 200 : 30); i++) {
        const uri = newUri();
        const state: FileState = { text: makeText(), version: null, skipped: null, config: DEFAULT_CONFIG };
        files.set(uri, state);
        apply(uri, state);
      }
    });

    for (let e = 0; e < EVENTS; e++) {
      const uris = [...files.keys()];
      const kind = uris.length === 0 ? 0 : pick(100);
      const uri = uris.length === 0 ? '' : uris[pick(uris.length)];
      const step = (name: string, fn: () => void): void => {
        counts[name] = (counts[name] ?? 0) + 1;
        if (pick(10) === 0) index.batch(fn);
        else fn();
      };
      if (kind < 20) {
        step('create', () => {
          const u = newUri();
          const state: FileState = { text: makeText(), version: null, skipped: null, config: pick(4) === 0 ? STRICT : DEFAULT_CONFIG };
          files.set(u, state);
          apply(u, state);
        });
      } else if (kind < 50) {
        step('edit on disk', () => {
          const state = files.get(uri) as FileState;
          const next: FileState = { ...state, text: makeText(), skipped: null };
          // The index ignores disk text while an editor holds the note; so does the file model here.
          if (state.version === null) files.set(uri, next);
          index.upsert(uri, relPath(uri), next.text, next.config, null);
        });
      } else if (kind < 65) {
        step('type in an editor', () => {
          const state = files.get(uri) as FileState;
          const version = (state.version ?? 0) + 1 + pick(3);
          const next: FileState = { ...state, text: makeText(), version, skipped: null };
          files.set(uri, next);
          apply(uri, next);
          // A late result for an older version arrives after the newer one and must be ignored.
          if (pick(3) === 0) index.upsert(uri, relPath(uri), makeText(), state.config, version - 1);
        });
      } else if (kind < 70) {
        step('close editor', () => {
          const state = files.get(uri) as FileState;
          if (state.version === null) return;
          index.releaseDocument(uri);
          const disk: FileState = { ...state, text: makeText(), version: null };
          files.set(uri, disk);
          apply(uri, disk);
        });
      } else if (kind < 85) {
        step('delete', () => {
          files.delete(uri);
          index.remove(uri);
        });
      } else if (kind < 93) {
        step('rename', () => {
          const state = files.get(uri) as FileState;
          const to = newUri();
          files.delete(uri);
          files.set(to, { ...state, version: null });
          index.batch(() => {
            index.remove(uri);
            apply(to, { ...state, version: null });
          });
        });
      } else if (kind < 97) {
        step('becomes unreadable', () => {
          const state = files.get(uri) as FileState;
          if (state.version !== null) return;
          const next: FileState = { ...state, skipped: 'the file is not valid UTF-8' };
          files.set(uri, next);
          apply(uri, next);
        });
      } else {
        step('folder deleted', () => {
          const folder = `file:///w/${FOLDERS[pick(FOLDERS.length)]}`;
          for (const u of [...files.keys()]) if (u.startsWith(`${folder}/`)) files.delete(u);
          index.removeUnder(folder);
        });
      }
    }

    const rebuilt = new WorkspaceIndex({ today: () => TODAY });
    rebuilt.batch(() => {
      for (const [uri, state] of files) {
        if (state.skipped !== null) rebuilt.markSkipped(uri, relPath(uri), state.skipped, state.config);
        else rebuilt.upsert(uri, relPath(uri), state.text, state.config, state.version);
      }
    });
    const sort = (a: IndexedNote, b: IndexedNote) => (a.uri < b.uri ? -1 : 1);
    const got = index.all().sort(sort);
    const want = rebuilt.all().sort(sort);
    assert.deepEqual(got.map((n) => n.uri), want.map((n) => n.uri), 'the same notes');
    for (let i = 0; i < got.length; i++) {
      assert.deepEqual(comparable(got[i]), comparable(want[i]), `${got[i].uri} differs from a fresh index`);
    }
    assert.ok(changes > EVENTS / 2, 'change events were emitted');
    console.log(`      ${EVENTS} events (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}); ${got.length} notes at the end`);
  });
});
