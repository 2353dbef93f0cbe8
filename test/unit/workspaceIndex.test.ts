import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_CONFIG, mergeConfig } from '../../src/core/config';
import { lintNotes } from '../../src/core/lint';
import type { Finding } from '../../src/core/model';
import { isUnstamped, stampSummary, summarizeNote, type CachedNote } from '../../src/core/indexCache';
import { riskRows } from '../../src/core/risks';
import { indexedRiskRows, WorkspaceIndex, type IndexChange, type IndexedNote } from '../../src/core/workspaceIndex';
import { utf8Length } from '../../src/core/text';

const TODAY = '2026-11-22';
const FIXTURES = join(__dirname, '..', 'fixtures', 'workspaceIndex');
const text = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const WORKSHOP = text('workshop.discovery.md');
const FOLLOWUP = text('followup.discovery.md');
const OTHER = text('other-engagement.discovery.md');
const ROOT = 'file:///work/kestrel';
const uri = (rel: string, root = ROOT) => `${root}/${rel}`;

function newIndex(): { index: WorkspaceIndex; events: IndexChange[] } {
  const index = new WorkspaceIndex({ today: () => TODAY });
  const events: IndexChange[] = [];
  index.onDidChange((e) => events.push(e));
  return { index, events };
}

const rules = (findings: readonly Finding[], rule: string) => findings.filter((f) => f.rule === rule);

describe('WorkspaceIndex', () => {
  it('indexes a note with its analysis and per-note findings, and reports the change', () => {
    const { index, events } = newIndex();
    assert.equal(index.upsert(uri('customs/workshop.discovery.md'), 'customs/workshop.discovery.md', WORKSHOP, DEFAULT_CONFIG), true);
    const n = index.get(uri('customs/workshop.discovery.md'));
    assert.ok(n?.note);
    assert.equal(n.path, 'customs/workshop.discovery.md');
    assert.equal(n.note.meta.engagement, 'Customs gateway');
    assert.deepEqual(n.note.risks.map((r) => r.id), ['R-1', 'R-2']);
    assert.equal(n.skipped, null);
    assert.equal(n.version, null);
    assert.ok(n.findings.every((f) => f.path === 'customs/workshop.discovery.md'));
    assert.deepEqual(events, [{ changed: [uri('customs/workshop.discovery.md')], removed: [] }]);
    // Alone, the note references R-9 that no note of the engagement defines.
    assert.equal(rules(n.findings, 'DISC010').length, 1);
  });

  it('recomputes workspace rules for the engagement when a related note arrives or leaves', () => {
    const { index, events } = newIndex();
    const a = uri('customs/workshop.discovery.md');
    const b = uri('customs/followup.discovery.md');
    const c = uri('telematics/notes.discovery.md');
    index.upsert(a, 'customs/workshop.discovery.md', WORKSHOP, DEFAULT_CONFIG);
    index.upsert(c, 'telematics/notes.discovery.md', OTHER, DEFAULT_CONFIG);
    events.length = 0;

    index.upsert(b, 'customs/followup.discovery.md', FOLLOWUP, DEFAULT_CONFIG);
    // R-9 now resolves; R-1 is defined in both notes of the engagement.
    assert.equal(rules(index.get(a)!.findings, 'DISC010').length, 0);
    const duplicates = [...rules(index.get(a)!.findings, 'DISC009'), ...rules(index.get(b)!.findings, 'DISC009')];
    assert.equal(duplicates.length, 1);
    assert.match(duplicates[0].message, /R-1/);
    // The other engagement's R-1 is no duplicate, and that note was not touched.
    assert.equal(rules(index.get(c)!.findings, 'DISC009').length, 0);
    assert.deepEqual(events.length, 1);
    assert.ok(events[0].changed.includes(a) && events[0].changed.includes(b));
    assert.ok(!events[0].changed.includes(c));

    events.length = 0;
    assert.equal(index.remove(b), true);
    assert.equal(index.get(b), undefined);
    assert.equal(rules(index.get(a)!.findings, 'DISC010').length, 1);
    assert.equal(rules(index.get(a)!.findings, 'DISC009').length, 0);
    assert.deepEqual(events, [{ changed: [a], removed: [b] }]);
    assert.equal(index.remove(b), false);
  });

  it('moves a note between engagements when its front matter changes', () => {
    const { index } = newIndex();
    const a = uri('a.discovery.md');
    const b = uri('b.discovery.md');
    index.upsert(a, 'a.discovery.md', WORKSHOP, DEFAULT_CONFIG);
    index.upsert(b, 'b.discovery.md', FOLLOWUP, DEFAULT_CONFIG);
    assert.equal(index.engagementOf(a).length, 2);
    const moved = FOLLOWUP.replace('engagement: Customs gateway', 'engagement: Warehouse telematics');
    index.upsert(b, 'b.discovery.md', moved, DEFAULT_CONFIG);
    assert.deepEqual(index.engagementOf(a).map((n) => n.uri), [a]);
    assert.equal(rules(index.get(a)!.findings, 'DISC010').length, 1, 'R-9 no longer defined in the engagement');
    assert.equal(rules([...index.get(a)!.findings, ...index.get(b)!.findings], 'DISC009').length, 0);
  });

  it('lets open-document text win over disk, and never takes an older document version', () => {
    const { index } = newIndex();
    const a = uri('customs/workshop.discovery.md');
    const edited = WORKSHOP.replace('R-2: Sample messages', 'R-3: Sample messages');
    assert.equal(index.upsert(a, 'customs/workshop.discovery.md', edited, DEFAULT_CONFIG, 5), true);
    assert.equal(index.upsert(a, 'customs/workshop.discovery.md', WORKSHOP, DEFAULT_CONFIG), false, 'disk ignored while open');
    assert.equal(index.upsert(a, 'customs/workshop.discovery.md', WORKSHOP, DEFAULT_CONFIG, 4), false, 'older version ignored');
    assert.equal(index.markSkipped(a, 'customs/workshop.discovery.md', 'binary', DEFAULT_CONFIG), false);
    assert.deepEqual(index.get(a)!.note!.risks.map((r) => r.id), ['R-1', 'R-3']);
    assert.equal(index.get(a)!.version, 5);

    index.releaseDocument(a);
    assert.equal(index.get(a)!.version, null);
    assert.equal(index.upsert(a, 'customs/workshop.discovery.md', WORKSHOP, DEFAULT_CONFIG), true);
    assert.deepEqual(index.get(a)!.note!.risks.map((r) => r.id), ['R-1', 'R-2']);
  });

  it('gives quick fixes and list items to open documents only: a note from disk, or released, has the same findings without fixes', () => {
    const { index } = newIndex();
    const a = uri('customs/workshop.discovery.md');
    const b = uri('customs/followup.discovery.md');
    index.upsert(a, 'customs/workshop.discovery.md', WORKSHOP, DEFAULT_CONFIG);
    index.upsert(b, 'customs/followup.discovery.md', FOLLOWUP, DEFAULT_CONFIG);
    const fromDisk = index.get(b)!.findings;
    assert.ok(fromDisk.length > 0 && fromDisk.every((f) => f.fixes.length === 0));
    // Nor does it keep the list items and tables of its sections, which only the analysis and the fixes read.
    const lean = index.get(b)!.note!;
    assert.ok(lean.parsed.sections.length > 0 && lean.parsed.sections.every((s) => s.items.length === 0 && s.tables.length === 0));
    assert.ok(lean.sections.every((s, i) => s.parsed === lean.parsed.sections[i]));
    assert.ok(lean.risks.length > 0);
    assert.ok(rules(fromDisk, 'DISC009').length + rules(index.get(a)!.findings, 'DISC009').length === 1, 'the cross-note duplicate is there');

    index.upsert(b, 'customs/followup.discovery.md', FOLLOWUP, DEFAULT_CONFIG, 1);
    const open = index.get(b)!.findings;
    const strip = (list: readonly Finding[]) => list.map((f) => ({ ...f, fixes: [] }));
    assert.deepEqual(strip(open), strip(fromDisk));
    assert.ok(open.filter((f) => f.fixes.length > 0).length >= 2, 'the open document has its fixes');
    assert.ok(index.get(b)!.note!.parsed.sections.some((s) => s.items.length > 0), 'and its whole model');
    // The other note of the engagement stays without fixes.
    assert.ok(index.get(a)!.findings.every((f) => f.fixes.length === 0));

    index.releaseDocument(b);
    assert.deepEqual(index.get(b)!.findings, fromDisk);
  });

  it('keeps notes with the same relative path in two workspace folders apart', () => {
    const { index } = newIndex();
    const one = uri('notes.discovery.md', 'file:///work/one');
    const two = uri('notes.discovery.md', 'file:///work/two');
    index.upsert(one, 'notes.discovery.md', WORKSHOP, DEFAULT_CONFIG);
    index.upsert(two, 'notes.discovery.md', FOLLOWUP, DEFAULT_CONFIG);
    assert.equal(index.size, 2);
    // Same engagement: the duplicate R-1 is reported once, on one of the two notes, with the note's own path.
    const dup = [...index.get(one)!.findings, ...index.get(two)!.findings].filter((f) => f.rule === 'DISC009');
    assert.equal(dup.length, 1);
    assert.equal(dup[0].path, 'notes.discovery.md');
  });

  it('skips a note over the size limit with a reason, and records unreadable notes', () => {
    const { index } = newIndex();
    const small = mergeConfig(DEFAULT_CONFIG, { maxFileBytes: 1000 });
    index.upsert(uri('big.discovery.md'), 'big.discovery.md', WORKSHOP, small);
    const big = index.get(uri('big.discovery.md'))!;
    assert.equal(big.note, null);
    assert.deepEqual(big.findings, []);
    assert.match(big.skipped ?? '', /1000 bytes/);

    index.markSkipped(uri('bin.discovery.md'), 'bin.discovery.md', 'contains NUL bytes (binary)', DEFAULT_CONFIG);
    assert.equal(index.get(uri('bin.discovery.md'))!.skipped, 'contains NUL bytes (binary)');
  });

  it('removes everything under a folder, and nothing beside it', () => {
    const { index, events } = newIndex();
    index.upsert(uri('customs/a.discovery.md'), 'customs/a.discovery.md', WORKSHOP, DEFAULT_CONFIG);
    index.upsert(uri('customs/deep/b.discovery.md'), 'customs/deep/b.discovery.md', FOLLOWUP, DEFAULT_CONFIG);
    index.upsert(uri('customs-old/c.discovery.md'), 'customs-old/c.discovery.md', OTHER, DEFAULT_CONFIG);
    events.length = 0;
    const removed = index.removeUnder(uri('customs'));
    assert.deepEqual(removed.sort(), [uri('customs/a.discovery.md'), uri('customs/deep/b.discovery.md')]);
    assert.deepEqual(index.all().map((n) => n.uri), [uri('customs-old/c.discovery.md')]);
    assert.equal(events.length, 1, 'one event for the whole folder');
    assert.deepEqual(events[0].removed.sort(), removed);
  });

  it('emits one event for a batch and recomputes each engagement once', () => {
    const { index, events } = newIndex();
    index.batch(() => {
      index.upsert(uri('a.discovery.md'), 'a.discovery.md', WORKSHOP, DEFAULT_CONFIG);
      index.upsert(uri('b.discovery.md'), 'b.discovery.md', FOLLOWUP, DEFAULT_CONFIG);
      index.batch(() => index.upsert(uri('c.discovery.md'), 'c.discovery.md', OTHER, DEFAULT_CONFIG));
      assert.equal(events.length, 0);
    });
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].changed.sort(), [uri('a.discovery.md'), uri('b.discovery.md'), uri('c.discovery.md')]);
    index.clear();
    assert.equal(index.size, 0);
    assert.equal(events.length, 2);
  });

  it('keeps notifying other listeners when one throws, and stops after dispose', () => {
    const index = new WorkspaceIndex({ today: () => TODAY });
    let calls = 0;
    index.onDidChange(() => {
      throw new Error('listener bug');
    });
    const sub = index.onDidChange(() => calls++);
    index.upsert(uri('a.discovery.md'), 'a.discovery.md', WORKSHOP, DEFAULT_CONFIG);
    assert.equal(calls, 1);
    sub.dispose();
    index.upsert(uri('a.discovery.md'), 'a.discovery.md', FOLLOWUP, DEFAULT_CONFIG);
    assert.equal(calls, 1);
  });

  it('reads the date on every check (overdue follows the calendar)', () => {
    let today = '2026-12-01';
    const index = new WorkspaceIndex({ today: () => today });
    index.upsert(uri('a.discovery.md'), 'a.discovery.md', FOLLOWUP, DEFAULT_CONFIG);
    assert.equal(rules(index.get(uri('a.discovery.md'))!.findings, 'DISC008').length, 0);
    today = '2026-12-16';
    index.upsert(uri('a.discovery.md'), 'a.discovery.md', FOLLOWUP, DEFAULT_CONFIG);
    assert.equal(rules(index.get(uri('a.discovery.md'))!.findings, 'DISC008').length, 2);
  });

  it('counts UTF-8 bytes like an encoder', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a\ud800b', 'Ω≈ç√∫˜µ≤≥÷']) {
      assert.equal(utf8Length(s), new TextEncoder().encode(s).length, JSON.stringify(s));
    }
  });

  it('after any sequence of updates, agrees with linting the final notes from scratch', () => {
    const docs = [WORKSHOP, FOLLOWUP, OTHER, WORKSHOP.replace('R-9', 'R-2'), FOLLOWUP.replace('Customs gateway', 'Warehouse telematics')];
    const paths = ['kestrel/customs/a.discovery.md', 'kestrel/customs/b.discovery.md', 'kestrel/c.discovery.md', 'd.discovery.md'];
    const op = fc.oneof(
      fc.record({ kind: fc.constant('upsert' as const), at: fc.nat(paths.length - 1), doc: fc.nat(docs.length - 1) }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat(paths.length - 1) }),
      fc.record({ kind: fc.constant('removeUnder' as const), folder: fc.constantFrom('kestrel/customs', 'kestrel') }),
    );
    const key = (f: Finding) => `${f.path}|${f.rule}|${f.severity}|${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const index = new WorkspaceIndex({ today: () => TODAY });
        const current = new Map<string, string>();
        for (const o of ops) {
          if (o.kind === 'upsert') {
            index.upsert(uri(paths[o.at]), paths[o.at], docs[o.doc], DEFAULT_CONFIG);
            current.set(paths[o.at], docs[o.doc]);
          } else if (o.kind === 'remove') {
            index.remove(uri(paths[o.at]));
            current.delete(paths[o.at]);
          } else {
            index.removeUnder(uri(o.folder));
            for (const p of [...current.keys()]) if (p.startsWith(`${o.folder}/`)) current.delete(p);
          }
        }
        const expected = lintNotes([...current].map(([path, t]) => ({ path, text: t, config: DEFAULT_CONFIG })), TODAY);
        assert.deepEqual(index.all().map((n) => n.path).sort(), [...current.keys()].sort());
        for (const n of index.all()) {
          assert.deepEqual(n.findings.map(key).sort(), (expected.findings[n.path] ?? []).map(key).sort(), n.path);
        }
      }),
      { numRuns: 60, seed: 20261122 },
    );
  });
  /** Bulk loads, edits and removals in any order, and what the notes are after them (for the properties below). */
  const BULK_DOCS = [
    WORKSHOP,
    FOLLOWUP,
    OTHER,
    WORKSHOP.replace('R-9', 'R-2'),
    FOLLOWUP.replace('Customs gateway', 'Warehouse telematics'),
    // Notes whose own findings name the next ID free across the engagement: a risk without an ID, an ID twice.
    WORKSHOP.replace('R-2: Sample', 'Sample'),
    FOLLOWUP.replace('R-9: Broker', 'R-1: Broker'),
  ];
  const BULK_PATHS = ['kestrel/customs/a.discovery.md', 'kestrel/customs/b.discovery.md', 'kestrel/customs/e.discovery.md', 'kestrel/c.discovery.md', 'd.discovery.md'];
  // The fourth (`end`) is left out where a run stays in one bulk load.
  const bulkOps = [
    fc.record({ kind: fc.constant('upsert' as const), at: fc.nat(BULK_PATHS.length - 1), doc: fc.nat(BULK_DOCS.length - 1), typed: fc.boolean() }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat(BULK_PATHS.length - 1) }),
    fc.record({ kind: fc.constant('begin' as const) }),
    fc.record({ kind: fc.constant('end' as const) }),
    fc.record({ kind: fc.constant('settle' as const), steps: fc.nat(4) }),
  ];
  type BulkOp = { kind: 'upsert'; at: number; doc: number; typed: boolean } | { kind: 'remove'; at: number } | { kind: 'begin' } | { kind: 'end' } | { kind: 'settle'; steps: number };

  class BulkRun {
    readonly index: WorkspaceIndex;
    readonly current = new Map<string, string>();
    private depth = 0;
    private version = 1;

    constructor(options: { summarizeOnLoad?: boolean } = {}) {
      this.index = new WorkspaceIndex({ today: () => TODAY, ...options });
    }

    apply(o: BulkOp): void {
      const index = this.index;
      if (o.kind === 'upsert') {
        const at = uri(BULK_PATHS[o.at]);
        // Open-document text stays held; releasing it first keeps the model simple (last write wins).
        index.releaseDocument(at);
        index.upsert(at, BULK_PATHS[o.at], BULK_DOCS[o.doc], DEFAULT_CONFIG, o.typed ? this.version++ : null);
        index.releaseDocument(at);
        this.current.set(BULK_PATHS[o.at], BULK_DOCS[o.doc]);
      } else if (o.kind === 'remove') {
        index.remove(uri(BULK_PATHS[o.at]));
        this.current.delete(BULK_PATHS[o.at]);
      } else if (o.kind === 'begin') {
        index.beginBulk();
        this.depth++;
      } else if (o.kind === 'end') {
        if (this.depth > 0) this.depth--;
        index.endBulk();
      } else if (o.kind === 'settle') {
        let left = o.steps;
        index.settle(() => left-- <= 0);
      }
    }

    /** Ends the open bulk loads; `then` runs after (reads a host would still do). */
    finish(then: () => void = () => {}): void {
      while (this.depth-- > 0) this.index.endBulk();
      then();
      assert.equal(this.index.unsettled, false);
    }

    /** The index agrees with linting the final notes from scratch (findings by `key`, and risk rows). */
    assertAgrees(key: (f: Finding) => string): void {
      const sources = [...this.current].map(([path, t]) => ({ path, text: t, config: DEFAULT_CONFIG }));
      const expected = lintNotes(sources, TODAY);
      // Fixes are computed for open documents only: a note read from disk (no version) has none.
      const fromDisk = lintNotes(sources, TODAY, { fixes: false });
      assert.deepEqual(this.index.all().map((n) => n.path).sort(), [...this.current.keys()].sort());
      for (const n of this.index.all()) {
        const want = (n.version !== null ? expected : fromDisk).findings[n.path] ?? [];
        assert.deepEqual(n.findings.map(key).sort(), want.map(key).sort(), n.path);
        const note = expected.notes.find((x) => x.path === n.path);
        assert.deepEqual(JSON.parse(JSON.stringify(indexedRiskRows(n))), JSON.parse(JSON.stringify(note ? riskRows([note]) : [])), n.path);
      }
    }
  }

  const findingKey = (f: Finding) => `${f.path}|${f.rule}|${f.severity}|${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}|${f.message}`;

  it('in bulk loads settled in random steps, with edits meanwhile, agrees with linting the final notes from scratch', () => {
    const key = (f: Finding) => `${findingKey(f)}|${f.fixes.map((x) => x.title).join(';')}`;
    fc.assert(
      fc.property(fc.array(fc.oneof(...bulkOps), { maxLength: 16 }), (ops) => {
        const run = new BulkRun();
        for (const o of ops) run.apply(o);
        run.finish();
        run.assertAgrees(key);
      }),
      { numRuns: 150, seed: 20261122 },
    );
  });

  /** What the indexer keeps a settled note as (src/vscode/indexer.ts, summaryOf, without an index cache). */
  const summarize = (n: IndexedNote) => {
    const made = summarizeNote({ uri: n.uri, path: n.path, size: -1, mtimeMs: -1, configKey: '', today: '', note: n.note, config: n.config, findings: n.findings, skipped: null });
    return { summary: made, findings: made.findings() };
  };

  /**
   * Bulk loads with compaction, hydration and views asking for notes, in any order, agree with linting the final
   * notes from scratch. `summarizeOnLoad`: notes are summarised as they load; `stamp`: the host stamps such a
   * summary when compacting (else it keeps it unstamped, as without an index cache).
   */
  function compactProperty(options: { summarizeOnLoad?: boolean; stamp?: boolean; oneBulkLoad?: boolean }): { compacted: number; early: number } {
    const op = fc.oneof(
      // `oneBulkLoad`: no bulk load ends before the last operation (a scan from start to end).
      ...bulkOps.filter((o) => !options.oneBulkLoad || o !== bulkOps[3]),
      fc.record({ kind: fc.constant('settleQuiet' as const), steps: fc.nat(4) }),
      // `quiet`: as the indexer between chunks, settle what the last chunk did not add to first.
      fc.record({ kind: fc.constant('compact' as const), steps: fc.nat(2), quiet: fc.boolean() }),
      fc.record({ kind: fc.constant('hydrate' as const) }),
      fc.record({ kind: fc.constant('want' as const), at: fc.nat(BULK_PATHS.length - 1) }),
    );
    let compacted = 0;
    let early = 0;
    const keep = (n: IndexedNote) => {
      if (n.note !== null) return summarize(n);
      assert.ok(n.summary && isUnstamped(n.summary), 'a note summarised on load comes with its summary, unstamped');
      assert.equal(n.summary.findingCount, n.findings.length);
      if (!options.stamp) return null;
      const stamped = stampSummary(n.summary, { size: 1, mtimeMs: 1, configKey: 'k' });
      return { summary: stamped, findings: stamped.findings() };
    };
    fc.assert(
      fc.property(fc.array(op, { maxLength: 24 }), (ops) => {
        const run = new BulkRun({ summarizeOnLoad: options.summarizeOnLoad });
        const index = run.index;
        // Notes are summarised on load in a bulk load only: start inside one, as a scan does.
        if (options.summarizeOnLoad) run.apply({ kind: 'begin' });
        // As the indexer does: a note asked for is read again from disk (its current text).
        const hydrate = () => {
          for (const u of index.takeHydrationRequests()) {
            const p = u.slice(ROOT.length + 1);
            const t = run.current.get(p);
            if (t !== undefined) index.upsert(u, p, t, DEFAULT_CONFIG);
          }
        };
        for (const o of ops) {
          if (o.kind === 'settleQuiet') {
            let left = o.steps;
            index.settleQuiet(() => left-- <= 0);
          } else if (o.kind === 'compact') {
            let left = o.steps;
            if (o.quiet) index.settleQuiet();
            index.compact(keep, () => left-- <= 0);
            compacted += index.all().filter((n) => n.summary).length;
          } else if (o.kind === 'hydrate') hydrate();
          else if (o.kind === 'want') index.requestHydration([uri(BULK_PATHS[o.at])]);
          else run.apply(o);
        }
        run.finish(() => {
          for (let k = 0; k < 4; k++) hydrate();
        });
        // Kept notes have no fixes (an open document's check gives them), so findings are compared without.
        run.assertAgrees(findingKey);
        early += index.counters.summarizedOnLoad;
      }),
      { numRuns: 200, seed: 20261122 },
    );
    return { compacted, early };
  }

  it('with settled engagements kept as summaries during bulk loads (compact), agrees with linting the final notes from scratch', () => {
    const { compacted, early } = compactProperty({});
    assert.ok(compacted > 0, 'some runs kept notes as summaries');
    assert.equal(early, 0);
  });

  it('with notes summarised as they load (summarizeOnLoad), agrees with linting the final notes from scratch', () => {
    for (const [stamp, oneBulkLoad] of [
      [true, true],
      [false, true],
      [true, false],
    ]) {
      const { compacted, early } = compactProperty({ summarizeOnLoad: true, stamp, oneBulkLoad });
      assert.ok(compacted > 0 && early > 30, `${early} notes summarised on load (${JSON.stringify({ stamp, oneBulkLoad })})`);
    }
  });


  it('summarises a note as it loads, checks its engagement against what is left of it, and completes its summary once settled', () => {
    const index = new WorkspaceIndex({ today: () => TODAY, summarizeOnLoad: true });
    const paths = { a: 'customs/workshop.discovery.md', gap: 'customs/gap.discovery.md', b: 'customs/followup.discovery.md', c: 'telematics/notes.discovery.md' };
    const texts = { a: WORKSHOP, gap: WORKSHOP.replace('R-2: Sample', 'Sample').replace(/R-1:/u, 'R-4:'), b: FOLLOWUP, c: OTHER };
    index.beginBulk();
    index.batch(() => {
      for (const k of ['a', 'gap', 'c'] as const) index.upsert(uri(paths[k]), paths[k], texts[k], DEFAULT_CONFIG);
    });
    // Analysed as it is read; checked and summarised by the next settle step (the engagements were all just added
    // to, so none of them is settled by this one).
    assert.ok(index.get(uri(paths.a))!.note);
    assert.equal(index.settleQuiet(), true);
    const a = index.get(uri(paths.a))!;
    // Summarised: its rows and its own findings are there, the engagement's are not yet.
    assert.equal(a.note, null);
    assert.ok(a.summary && isUnstamped(a.summary));
    assert.deepEqual(a.summary.risks.map((r) => r.id), ['R-1', 'R-2']);
    assert.ok(a.findings.length > 0 && rules(a.findings, 'DISC010').length === 0);
    // A risk without an ID: its finding names the next ID free across the engagement, so the note waits for it.
    assert.ok(index.get(uri(paths.gap))!.note);
    assert.equal(index.counters.summarizedOnLoad, 2);
    // A note joins the engagement before it is settled: what is kept of the others is enough, nothing is read again.
    index.batch(() => index.upsert(uri(paths.b), paths.b, texts.b, DEFAULT_CONFIG));
    index.settle();
    assert.deepEqual(index.takeHydrationRequests(), []);
    const expected = lintNotes(Object.entries(paths).map(([k, path]) => ({ path, text: texts[k as keyof typeof texts], config: DEFAULT_CONFIG })), TODAY, { fixes: false }).findings;
    const check = () => {
      for (const path of Object.values(paths)) assert.deepEqual(index.get(uri(path))!.findings.map(findingKey).sort(), expected[path].map(findingKey).sort(), path);
    };
    check();
    assert.ok(rules(index.get(uri(paths.a))!.findings, 'DISC009').length > 0, 'R-1 in two notes of the engagement');
    assert.match(rules(index.get(uri(paths.gap))!.findings, 'DISC005')[0].message, /R-10 is free/u);
    // Compacting stamps the summaries, now with every finding of the note.
    index.compact((n) => {
      if (n.note !== null) return summarize(n);
      const stamped = stampSummary(n.summary as CachedNote, { size: 10, mtimeMs: 20, configKey: 'k' });
      return { summary: stamped, findings: stamped.findings() };
    });
    index.endBulk();
    check();
    for (const k of ['a', 'b', 'c'] as const) {
      const n = index.get(uri(paths[k]))!;
      const summary = n.summary as CachedNote;
      assert.equal(summary.size, 10, k);
      assert.deepEqual(summary.findings().map(findingKey), n.findings.map(findingKey), k);
    }
    // Kept as summaries now: a note joining the engagement asks for them to be read again.
    index.upsert(uri('customs/late.discovery.md'), 'customs/late.discovery.md', FOLLOWUP.replace(/R-(\d+)/gu, 'R-5$1'), DEFAULT_CONFIG);
    assert.deepEqual(index.takeHydrationRequests().sort(), [uri(paths.b), uri(paths.gap), uri(paths.a)].sort());
  });

  it('keeps an engagement as summaries once a later chunk adds nothing to it, and reads it again when a note joins it', () => {
    const { index } = newIndex();
    const a = uri('customs/workshop.discovery.md');
    const b = uri('customs/followup.discovery.md');
    const c = uri('telematics/notes.discovery.md');
    const open = uri('telematics/open.discovery.md');
    index.beginBulk();
    index.batch(() => {
      index.upsert(a, 'customs/workshop.discovery.md', WORKSHOP, DEFAULT_CONFIG);
      index.upsert(c, 'telematics/notes.discovery.md', OTHER, DEFAULT_CONFIG);
      index.upsert(open, 'telematics/open.discovery.md', OTHER.replace(/R-(\d+)/g, 'R-7$1'), DEFAULT_CONFIG, 3);
    });
    // Both engagements were just added to: nothing is settled yet.
    assert.equal(index.settleQuiet(), true);
    assert.equal(index.compact(summarize), true);
    assert.ok(index.all().every((n) => n.note !== null));
    // The next chunk adds to the customs engagement only: the telematics one is settled and kept as summaries,
    // except the note open in an editor.
    index.batch(() => index.upsert(b, 'customs/followup.discovery.md', FOLLOWUP, DEFAULT_CONFIG));
    index.settleQuiet();
    index.compact(summarize);
    assert.equal(index.get(c)!.note, null);
    assert.ok(index.get(c)!.summary);
    assert.ok(index.get(open)!.note, 'a note open in an editor stays analysed');
    assert.ok(index.get(a)!.note && index.get(b)!.note, 'the engagement still receiving notes stays analysed');
    assert.deepEqual(index.takeHydrationRequests(), []);
    // A note of the settled engagement turns up after all: its kept notes are asked for again.
    const late = uri('telematics/late.discovery.md');
    index.batch(() => index.upsert(late, 'telematics/late.discovery.md', OTHER.replace(/R-(\d+)/g, 'R-9$1'), DEFAULT_CONFIG));
    index.settle();
    assert.deepEqual(index.takeHydrationRequests(), [c]);
    index.endBulk();
  });

  it('leaves an engagement unsettled while a note of its folder is still being parsed elsewhere', () => {
    const { index } = newIndex();
    const c = uri('telematics/notes.discovery.md');
    const big = uri('telematics/big.discovery.md');
    const a = uri('customs/workshop.discovery.md');
    index.beginBulk();
    index.batch(() => index.upsert(c, 'telematics/notes.discovery.md', OTHER, DEFAULT_CONFIG));
    index.expectNote(big);
    index.settleQuiet();
    // A chunk that adds only to another engagement, while the large telematics note is still in the worker.
    index.batch(() => index.upsert(a, 'customs/workshop.discovery.md', WORKSHOP, DEFAULT_CONFIG));
    index.settleQuiet();
    index.compact(summarize);
    assert.ok(index.get(c)!.note, 'not settled: its folder still expects a note');
    // The note arrives, joins the engagement, and only then is the folder done.
    index.batch(() => index.upsert(big, 'telematics/big.discovery.md', OTHER.replace(/R-(\d+)/g, 'R-9$1'), DEFAULT_CONFIG));
    index.expectedDone(big);
    index.settleQuiet();
    assert.ok(index.get(c)!.note, 'the chunk that brought the late note added to the engagement');
    // The next chunk adds to the customs engagement only: now the telematics one is settled, with its late note.
    index.batch(() => index.upsert(uri('customs/followup.discovery.md'), 'customs/followup.discovery.md', FOLLOWUP, DEFAULT_CONFIG));
    index.settleQuiet();
    index.compact(summarize);
    assert.equal(index.get(c)!.note, null);
    assert.equal(index.get(big)!.note, null);
    assert.deepEqual(index.takeHydrationRequests(), [], 'nothing read again');
    index.endBulk();
  });

  it('stops keeping summaries during a scan that lists engagements interleaved, instead of reading notes again and again', () => {
    const { index } = newIndex();
    // Twelve engagements, eight notes each, listed round-robin (one flat folder of notes named by date, say).
    const engagements = Array.from({ length: 12 }, (_, k) => `Engagement ${k}`);
    const notes: Array<[string, string]> = [];
    for (let n = 0; n < 8; n++) {
      for (const [k, name] of engagements.entries()) {
        const risks = OTHER.replace(/R-(\d+)/g, `R-${n}$1`);
        notes.push([`flat/${n}-${k}.discovery.md`, risks.replace(/^engagement:.*$/m, `engagement: ${name}`)]);
      }
    }
    const texts = new Map(notes.map(([p, t]) => [uri(p), [p, t] as const]));
    index.beginBulk();
    // As the indexer: chunks of reads, then settle the quiet engagements and compact; notes asked for are read.
    for (let i = 0; i < notes.length; i += 6) {
      index.batch(() => {
        for (const [p, t] of notes.slice(i, i + 6)) index.upsert(uri(p), p, t, DEFAULT_CONFIG);
      });
      index.settleQuiet();
      index.compact(summarize);
      for (const u of index.takeHydrationRequests()) {
        const [p, t] = texts.get(u)!;
        index.upsert(u, p, t, DEFAULT_CONFIG);
      }
    }
    index.settle();
    index.compact(summarize);
    for (let k = 0; k < 4; k++) {
      for (const u of index.takeHydrationRequests()) {
        const [p, t] = texts.get(u)!;
        index.upsert(u, p, t, DEFAULT_CONFIG);
      }
      index.settle();
    }
    index.endBulk();
    assert.ok(index.counters.parsed <= notes.length + 4 * 8, `notes parsed ${index.counters.parsed} times for ${notes.length} notes`);
    const expected = lintNotes(notes.map(([path, t]) => ({ path, text: t, config: DEFAULT_CONFIG })), TODAY);
    for (const n of index.all()) assert.deepEqual(n.findings.map(findingKey).sort(), expected.findings[n.path].map(findingKey).sort(), n.path);
  });

  it('keeps a large engagement as summaries in steps, note by note, when asked to yield', () => {
    const { index } = newIndex();
    index.beginBulk();
    index.batch(() => {
      for (let i = 0; i < 30; i++) index.upsert(uri(`customs/n${i}.discovery.md`), `customs/n${i}.discovery.md`, i % 2 ? WORKSHOP : FOLLOWUP, DEFAULT_CONFIG);
    });
    index.settleQuiet();
    index.settleQuiet();
    let calls = 0;
    let kept = 0;
    for (;;) {
      calls++;
      let left = 5;
      const done = index.compact(summarize, () => left-- <= 0);
      const now = index.all().filter((n) => n.summary).length;
      assert.ok(now - kept <= 5, `at most five notes per step (${now - kept})`);
      kept = now;
      if (done) break;
      assert.ok(calls < 20, 'compaction makes progress');
    }
    assert.equal(kept, 30);
    assert.ok(calls >= 6, `${calls} steps`);
    index.endBulk();
  });

  it('keeps notes a view asked for analysed, and stops keeping summaries once a view needs every note', () => {
    const { index } = newIndex();
    const a = uri('customs/workshop.discovery.md');
    const c = uri('telematics/notes.discovery.md');
    index.beginBulk();
    index.batch(() => {
      index.upsert(a, 'customs/workshop.discovery.md', WORKSHOP, DEFAULT_CONFIG);
      index.upsert(c, 'telematics/notes.discovery.md', OTHER, DEFAULT_CONFIG);
    });
    index.requestHydration([a]);
    index.settleQuiet();
    index.settleQuiet();
    index.compact(summarize);
    assert.ok(index.get(a)!.note, 'asked for by a view');
    assert.equal(index.get(c)!.note, null);
    index.keepAnalysed();
    assert.deepEqual(index.takeHydrationRequests(), [c]);
    index.upsert(c, 'telematics/notes.discovery.md', OTHER, DEFAULT_CONFIG);
    index.settle();
    index.compact(summarize);
    assert.ok(index.get(c)!.note, 'no note is kept as a summary once every note is needed');
    index.endBulk();
  });

  it('loads an engagement in bulk with each note checked once, and re-checks only the edited note when its risk IDs stay', () => {
    const { index, events } = newIndex();
    const notes = Array.from({ length: 30 }, (_, i) => [`kestrel/customs/n${i}.discovery.md`, i % 2 ? WORKSHOP : FOLLOWUP] as const);
    index.beginBulk();
    for (const [p, t] of notes) index.batch(() => index.upsert(uri(p), p, t, DEFAULT_CONFIG));
    assert.equal(index.counters.checked, 0, 'rules wait for the engagement to be complete');
    assert.ok(events.length > 0, 'the tree hears of notes as they arrive');
    index.endBulk();
    assert.equal(index.counters.checked, notes.length);
    assert.equal(index.counters.engagementRecomputes, 1);
    const expected = lintNotes(notes.map(([path, t]) => ({ path, text: t, config: DEFAULT_CONFIG })), TODAY);
    for (const n of index.all()) assert.equal(n.findings.length, expected.findings[n.path].length, n.path);

    // An edit that keeps the risk IDs: the note's own rules and its engagement findings, nothing else.
    const [p0, t0] = notes[0];
    index.upsert(uri(p0), p0, `${t0}\nA closing remark.\n`, DEFAULT_CONFIG, 1);
    assert.equal(index.counters.checked, notes.length + 1);
    assert.equal(index.counters.engagementRecomputes, 1);
    // An edit that changes them: the whole engagement again.
    index.upsert(uri(p0), p0, OTHER.replace(/^engagement:.*$/m, 'engagement: Customs gateway'), DEFAULT_CONFIG, 2);
    assert.equal(index.counters.engagementRecomputes, 2);
  });
});
