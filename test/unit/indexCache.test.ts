import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, mergeConfig } from '../../src/core/config';
import {
  CACHE_START_TOO_SHORT,
  completeSummary,
  emptyIndexCache,
  fingerprint,
  INDEX_CACHE_VERSION,
  isFresh,
  isUnstamped,
  parseIndexCache,
  readIndexCache,
  serializeIndexCache,
  stampSummary,
  summarizeNote,
  type CacheFileParts,
  type CachedNote,
  type IndexCache,
} from '../../src/core/indexCache';
import { countRisks, riskRows } from '../../src/core/risks';
import { noteHealthRows } from '../../src/core/tree';
import { indexedRiskRows, WorkspaceIndex } from '../../src/core/workspaceIndex';

const TODAY = '2026-11-22';
const ENGINE = 'discovery-notes@0.1.0/cache-v2';
const ANALYZE = join(__dirname, '..', 'fixtures', 'analyze');
const INDEX_FIXTURES = join(__dirname, '..', 'fixtures', 'workspaceIndex');
const ROOT = 'file:///work/kestrel';
const CONFIG_KEY = fingerprint(DEFAULT_CONFIG);

/** Indexes real notes, then summarises each as the extension does before writing the cache. */
function indexed(files: Array<[dir: string, file: string, rel: string]>): { index: WorkspaceIndex; cache: IndexCache } {
  const index = new WorkspaceIndex({ today: () => TODAY });
  index.batch(() => {
    for (const [dir, file, rel] of files) index.upsert(`${ROOT}/${rel}`, rel, readFileSync(join(dir, file), 'utf8'), DEFAULT_CONFIG);
  });
  const cache = emptyIndexCache(ENGINE);
  files.forEach(([, , rel], i) => {
    const n = index.get(`${ROOT}/${rel}`)!;
    cache.notes.set(
      n.uri,
      summarizeNote({ uri: n.uri, path: n.path, size: 1000 + i, mtimeMs: 1_700_000_000_000 + i * 1000.5, configKey: CONFIG_KEY, today: TODAY, note: n.note, config: n.config, findings: n.findings, skipped: n.skipped }),
    );
  });
  return { index, cache };
}

const ANALYZE_NOTES: Array<[string, string, string]> = [
  [ANALYZE, 'list-form.discovery.md', 'acme/portal/list-form.discovery.md'],
  [ANALYZE, 'table-form.discovery.md', 'acme/portal/table-form.discovery.md'],
  [ANALYZE, 'problems.discovery.md', 'acme/portal/problems.discovery.md'],
];

/** A summary as plain data (its findings decoded), for comparisons. */
/** What a summary says, whether written or read back (a note read from a file decodes its rows and findings). */
function plain(n: CachedNote): object {
  const { uri, path, size, mtimeMs, configKey, today, meta, risks, riskCounts, missing, missingAt, skipped, findingCount } = n;
  return { uri, path, size, mtimeMs, configKey, today, meta, risks, riskCounts, missing, missingAt, skipped, findingCount, findings: n.findings() };
}

function ok(text: string | Uint8Array, engine = ENGINE): IndexCache {
  const r = parseIndexCache(text, engine);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.cache;
}

function refused(text: string | Uint8Array, engine = ENGINE): string {
  const r = parseIndexCache(text, engine);
  assert.ok(!r.ok, 'the cache should have been refused');
  return r.reason;
}

function refused2(r: ReturnType<typeof parseIndexCache>): string {
  assert.ok(!r.ok, 'the cache should have been refused');
  return r.reason;
}

describe('index cache', () => {
  it('round-trips real notes: metadata, risk rows, missing sections and findings come back equal', () => {
    const { cache } = indexed(ANALYZE_NOTES);
    const skipped = summarizeNote({ uri: `${ROOT}/acme/portal/binary.discovery.md`, path: 'acme/portal/binary.discovery.md', size: 9, mtimeMs: 1, configKey: 'k', today: TODAY, note: null, config: DEFAULT_CONFIG, findings: [], skipped: 'the file looks binary' });
    cache.notes.set(skipped.uri, skipped);
    const back = ok(serializeIndexCache(cache));
    assert.equal(back.engine, ENGINE);
    assert.deepEqual([...back.notes.keys()], [...cache.notes.keys()]);
    for (const [uri, n] of cache.notes) assert.deepEqual(plain(back.notes.get(uri)!), plain(n), uri);
    assert.ok([...back.notes.values()].flatMap((n) => n.risks).length >= 4, 'the fixtures hold risks');
    assert.ok([...back.notes.values()].some((n) => n.findings().length > 0), 'and findings');
    assert.ok([...back.notes.values()].some((n) => n.missing.length > 0), 'and missing sections');
    // Text and bytes read the same; non-ASCII text survives the byte offsets of the findings block.
    assert.deepEqual(plain(ok(new TextEncoder().encode(serializeIndexCache(cache))).notes.get(skipped.uri)!), plain(skipped));
  });

  it('keeps the byte ranges of findings right with non-ASCII text, across many lines of summaries', () => {
    const cache = emptyIndexCache(ENGINE);
    for (let i = 0; i < 130; i++) {
      const path = `zürich/café-${i}.discovery.md`;
      const message = `Risk “R-${i}” — ${'ü'.repeat(i % 7)} 🚧 ${i}`;
      cache.notes.set(`${ROOT}/${path}`, {
        ...summarizeNote({ uri: `${ROOT}/${path}`, path, size: i, mtimeMs: i, configKey: 'k', today: TODAY, note: null, config: DEFAULT_CONFIG, findings: [], skipped: null }),
        findingCount: 1,
        findings: () => [{ rule: 'DISC005', name: 'risk-id', severity: 'warning', message, range: { start: { line: i, character: 1 }, end: { line: i, character: 4 } }, path, fixes: [] }],
      });
    }
    const back = ok(serializeIndexCache(cache));
    assert.equal(back.notes.size, 130);
    // Decoded out of order: each note's range stands on its own.
    for (const i of [129, 0, 64, 7, 50, 51]) {
      const path = `zürich/café-${i}.discovery.md`;
      const [f] = back.notes.get(`${ROOT}/${path}`)!.findings();
      assert.equal(f.message, `Risk “R-${i}” — ${'ü'.repeat(i % 7)} 🚧 ${i}`);
      assert.equal(f.path, path);
      assert.equal(f.range.start.line, i);
    }
  });

  it('decodes in steps that give the same cache', () => {
    const { cache } = indexed(ANALYZE_NOTES);
    for (let i = 0; i < 120; i++) cache.notes.set(`${ROOT}/n${i}.discovery.md`, summarizeNote({ uri: `${ROOT}/n${i}.discovery.md`, path: `n${i}.discovery.md`, size: i, mtimeMs: i, configKey: 'k', today: TODAY, note: null, config: DEFAULT_CONFIG, findings: [], skipped: null }));
    const text = serializeIndexCache(cache);
    const reading = readIndexCache(text, ENGINE);
    let steps = 0;
    let step = reading.next();
    while (!step.done) {
      steps++;
      step = reading.next();
    }
    assert.ok(steps >= 3, `123 notes are decoded in several steps (${steps})`);
    assert.ok(step.value.ok);
    assert.deepEqual([...step.value.cache.notes.values()].map(plain), [...ok(text).notes.values()].map(plain));
  });

  it('refuses another format version, another engine, and text that is not a cache — with the reason', () => {
    const { cache } = indexed(ANALYZE_NOTES);
    const text = serializeIndexCache(cache);
    assert.match(refused(text, 'discovery-notes@0.2.0/cache-v2'), /written by discovery-notes@0\.1\.0/);
    assert.match(refused(text.replace(`"version":${INDEX_CACHE_VERSION},`, `"version":${INDEX_CACHE_VERSION + 1},`)), /format version/);
    // The version 1 format (one JSON object) and foreign files.
    assert.match(refused(JSON.stringify({ version: 1, engine: ENGINE, configKeys: [], days: [], notes: [] })), /not an index cache/);
    for (const foreign of ['', 'null', '{"version":2', '[]', '\u0000\u0001\u0002 binary', '{"format":"discovery-index-cache",']) {
      assert.ok(refused(foreign));
    }
    assert.ok(refused(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x00])));
  });

  it('refuses a cache cut off or padded anywhere, or whose head and findings are out of step', () => {
    const { cache } = indexed(ANALYZE_NOTES);
    const bytes = new TextEncoder().encode(serializeIndexCache(cache));
    const cuts = new Set([1, 40, bytes.indexOf(10), bytes.indexOf(10) + 1, Math.floor(bytes.length / 2), bytes.length - 2, bytes.length - 1]);
    for (const cut of cuts) assert.ok(refused(bytes.subarray(0, cut)), `cut at ${cut}`);
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    padded[bytes.length] = 0x5d;
    assert.match(refused(padded), /cut off or padded/);
    // A note pointing into the middle of another note's findings.
    const text = serializeIndexCache(cache);
    const shifted = text.replace(/,0,(\d+),(\d+),(\d+)\]/u, (_m, rowsEnd: string, end: string, count: string) => `,1,${rowsEnd},${end},${count}]`);
    assert.notEqual(shifted, text);
    assert.match(refused(shifted), /out of step|unreadable/);
  });

  it('reports damaged findings of one note when they are first read, and keeps the others', () => {
    const { cache } = indexed(ANALYZE_NOTES);
    const text = serializeIndexCache(cache);
    // Same length, brackets intact, inside the findings block: only decoding the note can tell.
    const block = text.lastIndexOf('\n') + 1;
    const at = text.indexOf('"DISC', block);
    const damaged = `${text.slice(0, at)}\u0001${text.slice(at + 1)}`;
    const reported: string[] = [];
    const r = parseIndexCache(damaged, ENGINE, { onDamaged: (note) => reported.push(note.uri) });
    assert.ok(r.ok);
    const notes = [...r.cache.notes.values()];
    const counts = notes.map((n) => n.findings().length);
    assert.equal(reported.length, 1);
    assert.equal(r.cache.notes.get(reported[0])!.findings().length, 0);
    assert.equal(reported.length, 1, 'reported once');
    assert.ok(counts.filter((c) => c > 0).length >= 1, 'the other notes keep their findings');
  });

  it('decodes a note\'s risk rows when first read, with their counts known before', () => {
    const { cache } = indexed(ANALYZE_NOTES);
    const text = serializeIndexCache(cache);
    const back = ok(text);
    for (const [uri, written] of cache.notes) {
      const read = back.notes.get(uri)!;
      assert.deepEqual(read.riskCounts, countRisks(written.risks), uri);
      assert.deepEqual(read.risks, written.risks, uri);
      assert.equal(read.risks, read.risks, 'decoded once');
    }
    assert.ok([...back.notes.values()].some((n) => n.riskCounts.open > 0 && n.riskCounts.critical + n.riskCounts.high > 0), 'the fixtures hold open high risks');
  });

  it('reads the summaries from a first part of the file and each note\'s rows and findings when first read', () => {
    const { cache } = indexed(ANALYZE_NOTES);
    const bytes = new TextEncoder().encode(serializeIndexCache(cache));
    const block = bytes.lastIndexOf(10) + 1;
    const asked: Array<[number, number]> = [];
    const parts = (startLength: number, file = bytes): CacheFileParts => ({
      start: file.subarray(0, startLength),
      size: file.length,
      complete: startLength === file.length,
      read: (from, to) => {
        asked.push([from, to]);
        return file.slice(from, to);
      },
    });
    // The first part ends just after the summaries: nothing else is read until a note decodes.
    const r = parseIndexCache(parts(block), ENGINE);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.equal(asked.length, 0, 'no row or finding read yet');
    assert.deepEqual([...r.cache.notes.values()].map(plain), [...ok(bytes).notes.values()].map(plain));
    assert.equal(asked.length, 2 * cache.notes.size, 'each note read its rows and its findings once');
    assert.ok(asked.every(([from, to]) => from >= block && to <= bytes.length && to > from), 'only bytes of the block were read');
    // A first part that stops inside the summaries: the caller reads the whole file and tries again.
    assert.equal(refused2(parseIndexCache(parts(block - 2), ENGINE)), CACHE_START_TOO_SHORT);
    // A file shorter or longer than its head says is refused from its size, without reading the block.
    asked.length = 0;
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    assert.match(refused2(parseIndexCache(parts(block, longer), ENGINE)), /cut off or padded/);
    assert.equal(asked.length, 0);
    // A note whose bytes can no longer be read whole reports them damaged; the others decode.
    const damaged: string[] = [];
    const first = [...cache.notes.keys()][0];
    const short = parseIndexCache({ ...parts(block), read: (from, to) => bytes.slice(from, from === block ? to - 1 : to) }, ENGINE, {
      onDamaged: (note) => damaged.push(note.uri),
    });
    assert.ok(short.ok);
    for (const n of short.cache.notes.values()) n.findings();
    assert.deepEqual(damaged, []);
    for (const n of short.cache.notes.values()) void n.risks;
    assert.deepEqual(damaged, [first], 'the note whose rows came up short');
    assert.deepEqual(short.cache.notes.get(first)!.risks, []);
  });

  it('reports damaged risk rows, or rows out of step with their counts, when first read', () => {
    const { cache } = indexed(ANALYZE_NOTES);
    const text = serializeIndexCache(cache);
    const block = text.lastIndexOf('\n') + 1;
    // Same length, brackets intact: a row's "open" flag turned into a value no row has.
    const at = text.indexOf('"R-', block);
    assert.ok(at > 0);
    const damaged = `${text.slice(0, at)}\u0001${text.slice(at + 1)}`;
    const reported: string[] = [];
    const r = parseIndexCache(damaged, ENGINE, { onDamaged: (note) => reported.push(note.uri) });
    assert.ok(r.ok, 'the damage is found on first read, not before');
    assert.equal(reported.length, 0);
    for (const n of r.cache.notes.values()) void n.risks;
    assert.equal(reported.length, 1);
    assert.deepEqual(r.cache.notes.get(reported[0])!.risks, []);
    // Counts that do not match the rows: a closed row written as open.
    const flipped = text.replace(/("closed",[^\]]*,)0\]/u, '$11]');
    assert.notEqual(flipped, text, 'the fixtures hold a closed risk');
    const seen: string[] = [];
    const f = parseIndexCache(flipped, ENGINE, { onDamaged: (note, e) => seen.push(`${note.uri} ${String(e)}`) });
    assert.ok(f.ok);
    for (const n of f.cache.notes.values()) void n.risks;
    assert.equal(seen.length, 1);
    assert.match(seen[0], /counts out of step/);
  });

  it('is fresh only for the same size, modification time, configuration and day', () => {
    const { cache } = indexed(ANALYZE_NOTES);
    const s = [...cache.notes.values()][1];
    const stat = { size: s.size, mtimeMs: s.mtimeMs };
    assert.ok(isFresh(s, stat));
    assert.ok(isFresh(s, stat, CONFIG_KEY, TODAY));
    assert.ok(!isFresh(s, { ...stat, size: s.size + 1 }));
    assert.ok(!isFresh(s, { ...stat, mtimeMs: s.mtimeMs + 1 }));
    assert.ok(!isFresh(s, stat, fingerprint(mergeConfig(DEFAULT_CONFIG, { staleQuestionDays: 3 })), TODAY));
    assert.ok(!isFresh(s, stat, CONFIG_KEY, '2026-11-23'));
    // The config fingerprint is stable across copies of the same configuration.
    assert.equal(fingerprint(DEFAULT_CONFIG), fingerprint(JSON.parse(JSON.stringify(DEFAULT_CONFIG))));
  });

  it('writes a note summarised as it loaded, once completed and stamped, as the summary of the analysed note', () => {
    const files: Array<[string, string, string]> = [
      [INDEX_FIXTURES, 'workshop.discovery.md', 'customs/workshop.discovery.md'],
      [INDEX_FIXTURES, 'followup.discovery.md', 'customs/followup.discovery.md'],
      [INDEX_FIXTURES, 'other-engagement.discovery.md', 'telematics/notes.discovery.md'],
    ];
    const { index, cache: expected } = indexed(files);
    const early = new WorkspaceIndex({ today: () => TODAY, summarizeOnLoad: true });
    early.beginBulk();
    early.batch(() => {
      for (const [dir, file, rel] of files) early.upsert(`${ROOT}/${rel}`, rel, readFileSync(join(dir, file), 'utf8'), DEFAULT_CONFIG);
    });
    early.settle();
    const stamps = new Map([...expected.notes.values()].map((n) => [n.uri, n]));
    early.compact((n) => {
      assert.equal(n.note, null);
      assert.ok(n.summary && isUnstamped(n.summary));
      const want = stamps.get(n.uri)!;
      const stamped = stampSummary(n.summary, { size: want.size, mtimeMs: want.mtimeMs, configKey: want.configKey });
      return { summary: stamped, findings: stamped.findings() };
    });
    early.endBulk();
    assert.equal(early.counters.summarizedOnLoad, files.length);
    const cache = emptyIndexCache(ENGINE);
    for (const [, , rel] of files) {
      const n = early.get(`${ROOT}/${rel}`)!;
      assert.deepEqual(n.findings, index.get(`${ROOT}/${rel}`)!.findings.map((f) => ({ ...f, fixes: [] })), rel);
      cache.notes.set(n.uri, n.summary as CachedNote);
    }
    assert.equal(serializeIndexCache(cache), serializeIndexCache(expected));
  });

  it('completes a summary with the findings it lacks, reusing those it holds', () => {
    const { cache } = indexed(ANALYZE_NOTES);
    const summary = [...cache.notes.values()][2];
    const held = summary.findings();
    const extra = { ...held[0], message: 'An engagement finding', fixes: [{ title: 'x', edits: [] }] };
    const complete = completeSummary(summary, [...held, extra]);
    assert.equal(complete.findingCount, held.length + 1);
    held.forEach((f, i) => assert.equal(complete.findings()[i], f));
    assert.deepEqual(complete.findings()[held.length], { ...extra, fixes: [] });
    assert.equal(summary.findingCount, held.length, 'the summary itself is left as it was');
    assert.equal(isUnstamped(summary), false);
  });

  it('copies the strings it keeps, so a summary never pins the text of its note', () => {
    const big = `${'x'.repeat(100_000)}Vendor API rate limits`;
    const title = big.slice(100_000);
    const { index } = indexed([[ANALYZE, 'list-form.discovery.md', 'a.discovery.md']]);
    const n = index.get(`${ROOT}/a.discovery.md`)!;
    const note = { ...n.note!, risks: n.note!.risks.map((r) => ({ ...r, title })) };
    const s = summarizeNote({ uri: n.uri, path: n.path, size: 1, mtimeMs: 1, configKey: 'k', today: TODAY, note, config: DEFAULT_CONFIG, findings: [], skipped: null });
    assert.equal(s.risks[0].title, 'Vendor API rate limits');
  });
});

describe('restoring the index from the cache', () => {
  const FILES: Array<[string, string, string]> = [
    [INDEX_FIXTURES, 'workshop.discovery.md', 'customs/workshop.discovery.md'],
    [INDEX_FIXTURES, 'followup.discovery.md', 'customs/followup.discovery.md'],
    [INDEX_FIXTURES, 'other-engagement.discovery.md', 'telematics/notes.discovery.md'],
    ...ANALYZE_NOTES,
  ];

  function restored(): { live: WorkspaceIndex; warm: WorkspaceIndex; decoded: string[]; hydrations: number[] } {
    const { index: live, cache } = indexed(FILES);
    const back = ok(serializeIndexCache(cache));
    const warm = new WorkspaceIndex({ today: () => TODAY });
    const decoded: string[] = [];
    const hydrations: number[] = [];
    warm.onHydrationRequest(() => hydrations.push(1));
    warm.batch(() => {
      for (const n of back.notes.values()) {
        warm.restore(n.uri, n.path, n, () => (decoded.push(n.uri), n.findings()), n.skipped, DEFAULT_CONFIG);
      }
    });
    return { live, warm, decoded, hydrations };
  }

  it('shows the same risk rows, Note Health and problems as the parsed notes, without parsing any', () => {
    const { live, warm, decoded } = restored();
    assert.deepEqual(warm.counters, { parsed: 0, restored: FILES.length, checked: 0, engagementRecomputes: 0, summarizedOnLoad: 0 });
    const byUri = (a: { uri: string }, b: { uri: string }) => (a.uri < b.uri ? -1 : 1);
    const liveNotes = live.all().sort(byUri);
    const warmNotes = warm.all().sort(byUri);
    assert.deepEqual(warmNotes.flatMap((n) => indexedRiskRows(n)), riskRows(liveNotes.map((n) => n.note!)));
    assert.equal(decoded.length, 0, 'the rows need no findings');
    const strip = (fs: readonly { fixes: unknown[] }[]) => fs.map((f) => ({ ...f, fixes: [] }));
    for (let i = 0; i < liveNotes.length; i++) assert.deepEqual(warmNotes[i].findings, strip(liveNotes[i].findings), liveNotes[i].uri);
    assert.equal(decoded.length, FILES.length, 'each note decoded its findings once, when they were read');
    for (const n of warmNotes) void n.findings;
    assert.equal(decoded.length, FILES.length);
    const health = (index: WorkspaceIndex) => noteHealthRows(index.all());
    assert.deepEqual(health(warm), health(live));
    assert.ok(health(warm).some((r) => r.missing.length > 0), 'a restored note lacks sections');
  });

  it('asks for the restored notes of an engagement to be read when one of its notes changes, and only those', () => {
    const { warm, hydrations } = restored();
    const workshop = `${ROOT}/customs/workshop.discovery.md`;
    warm.upsert(workshop, 'customs/workshop.discovery.md', readFileSync(join(INDEX_FIXTURES, 'workshop.discovery.md'), 'utf8'), DEFAULT_CONFIG);
    assert.equal(hydrations.length, 1);
    // The other notes of the Customs gateway engagement, none of another engagement.
    assert.deepEqual(warm.takeHydrationRequests().sort(), [`${ROOT}/acme/portal/problems.discovery.md`, `${ROOT}/customs/followup.discovery.md`]);
    assert.deepEqual(warm.takeHydrationRequests(), [], 'each note is asked for once');
    assert.equal(warm.counters.parsed, 1);
    assert.ok(warm.get(`${ROOT}/telematics/notes.discovery.md`)!.summary, 'another engagement stays restored');
  });

  it('hands out notes a view asks for, and never notes that are already parsed', () => {
    const { warm, hydrations } = restored();
    const other = `${ROOT}/telematics/notes.discovery.md`;
    assert.equal(warm.requestHydration([other, `${ROOT}/nowhere.discovery.md`]), 1);
    assert.equal(hydrations.length, 1);
    assert.equal(warm.summaryUris().length, FILES.length);
    warm.upsert(other, 'telematics/notes.discovery.md', readFileSync(join(INDEX_FIXTURES, 'other-engagement.discovery.md'), 'utf8'), DEFAULT_CONFIG);
    assert.deepEqual(warm.takeHydrationRequests(), [], 'read meanwhile');
    assert.equal(warm.requestHydration([other]), 0);
    assert.equal(warm.summaryUris().length, FILES.length - 1);
  });
});
