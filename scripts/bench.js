#!/usr/bin/env node
/**
 * `npm run bench`: the performance benchmark (not a test; see docs/performance.md for how to read it).
 *
 * For workspaces of 100, 1,000 and 10,000 generated notes (scripts/lib/benchGenerator.js, seeded) it measures in
 * one run: the floor (a process that walks and reads every note, nothing else), the CLI's full check
 * (`dist/cli.js`), the workspace index built cold and warm (from the persisted cache) against the time to stat
 * the notes, the longest synchronous slice of the extension's indexing loop, the re-check of one edited note of
 * 15 KB and of 200 KB, and the peer `markdownlint-cli2` with only MD043 (required headings) configured for the
 * same sections. Prints one summary table and writes every raw figure to bench-results/bench-<time>.json.
 *
 * Options: --sizes 100,1000,10000  --runs 5  --warm-runs 9 (default: the larger of --runs and 9)  --peer-sizes 100,1000  --peer-runs 3  --peer-runs-large 1
 *          --cli-runs 9 (floor and CLI pairs for sizes up to 1,000; default: the larger of --runs and 9)
 *          --cli-only (floor, CLI and peer only: no index, warm-start or edit measurements; for iterating on the CLI)
 *          --keep (keep generated workspaces for the next run; they are reused when present)
 *          --slice-ms N (the index task's slice budget; default: the extension's, SLICE_MS in src/vscode/slices.ts)
 * Index task alone: --task index --dir <workspace> --runs N --cache <file> [--no-worker] (--no-worker: every note is
 *          parsed on the host, as before the parse worker, for before/after slice figures) [--no-summarize-on-load]
 *          (notes kept analysed until their engagement is settled, as before `summarizeOnLoad`, for before/after figures)
 *          [--no-warm-up] (no warm-up before the first build, as before src/core/warmUp.ts, for before/after figures)
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const v8 = require('node:v8');
const { SliceLog } = require('./lib/sliceLog');

const ROOT = path.join(__dirname, '..');
const SEED = 42;
const TODAY = '2026-11-22';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------------------------------------------------------------------------------------------------------------
// Child tasks (run in their own processes so each measurement starts cold)

/** Every `*.discovery.md` under `dir`, skipping node_modules and .git (as the CLI and the extension do). */
async function walk(dir) {
  const out = [];
  const pending = [dir];
  while (pending.length > 0) {
    const batch = pending.splice(0, pending.length);
    const lists = await Promise.all(batch.map((d) => fs.promises.readdir(d, { withFileTypes: true }).then((es) => [d, es])));
    for (const [d, entries] of lists) {
      for (const e of entries) {
        if (e.isDirectory()) {
          if (e.name !== 'node_modules' && e.name !== '.git') pending.push(path.join(d, e.name));
        } else if (e.isFile() && e.name.endsWith('.discovery.md')) out.push(path.join(d, e.name));
      }
    }
  }
  return out.sort();
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function taskFloor(dir) {
  const files = await walk(dir);
  let bytes = 0;
  await pool(files, 16, async (f) => {
    bytes += (await fs.promises.readFile(f)).length;
  });
  process.stdout.write(JSON.stringify({ files: files.length, bytes }));
}

/** The modules of the core the benchmark uses, as an entry point for esbuild. */
const CORE_ENTRY = [
  "export * as config from '../src/core/config';",
  "export * as index from '../src/core/workspaceIndex';",
  "export * as cache from '../src/core/indexCache';",
  "export * as risks from '../src/core/risks';",
  "export * as tree from '../src/core/tree';",
  "export * as text from '../src/core/text';",
  "export * as parse from '../src/core/parse/index';",
  "export { warmUp } from '../src/core/warmUp';",
  "export * as wholeFile from '../src/vscode/wholeFile';",
  "export * as parseWorkerClient from '../src/worker/parseWorkerClient';",
  "export { heapGuard } from '../src/cli/heapGuard';",
  "export { SLICE_MS, yieldToHost } from '../src/vscode/slices';",
].join('\n');

/**
 * The core bundled as esbuild.js bundles it into the extension and the CLI (one CommonJS file for Node 20, not
 * minified), built once per run into a temporary file that the measured processes share. The benchmark loaded the
 * TypeScript through tsx before: tsx's transform names every function when it is created (`__name`), closures
 * included, which the shipped bundles do not, and that made the index and warm-start figures slower than the code
 * that ships (warm start of 1,000 notes: 1.5-1.7x the stat pass through tsx, 1.2-1.45x bundled, same runs).
 */
function coreBundle() {
  const given = process.env.DISCOVERY_BENCH_CORE;
  if (given && fs.existsSync(given)) return given;
  const out = path.join(os.tmpdir(), `discovery-bench-core-${process.pid}.js`);
  require('esbuild').buildSync({
    stdin: { contents: CORE_ENTRY, resolveDir: __dirname, sourcefile: 'bench-core.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: out,
    logLevel: 'warning',
  });
  // The processes this one starts inherit it; the file goes when this process ends.
  process.env.DISCOVERY_BENCH_CORE = out;
  process.once('exit', () => fs.rmSync(out, { force: true }));
  return out;
}

/** Loads the core in this process (see {@link coreBundle}). */
function core() {
  return { ...require(coreBundle()), gen: require('./lib/benchGenerator.js') };
}

/**
 * The index measurements, in one process: stat floor, cold build (with the extension indexer's chunking, to find
 * the longest synchronous slice), cache write, warm start from the cache, and the re-check of edited notes.
 */
async function taskIndex(dir, runs, cacheFile, sliceMs) {
  const c = core();
  const w = c.parseWorkerClient;
  const noWorker = process.argv.includes('--no-worker');
  const workerScript = path.join(ROOT, 'dist', 'parseWorker.js');
  if (!fs.existsSync(workerScript)) throw new Error('dist/parseWorker.js is missing: run `node esbuild.js` first (npm run bench does).');
  const config = c.config.DEFAULT_CONFIG;
  const configKey = c.cache.fingerprint(config);
  const engine = `bench@${c.cache.INDEX_CACHE_VERSION}`;
  const rel = (f) => path.relative(dir, f).split(path.sep).join('/');
  const out = { stat: [], cold: [], warm: [], longestSliceMs: [], slices: [], edit15: [], edit200: [], scannerShare: 0 };

  const statAll = async () => {
    const files = await walk(dir);
    const stats = await pool(files, 16, (f) => fs.promises.stat(f));
    return { files, stats };
  };

  let index = null;
  for (let run = 0; run < runs; run++) {
    if (index !== null) {
      // Each build starts as an extension host's first scan does, without an index before it (the extension makes
      // one index for its lifetime): the one the last build left is let go and collected here, outside the
      // measurements. Collected during the next build instead, its 200 MB on 10,000 notes made full collections
      // of 96-157 ms in the second and third builds, which no extension host pays.
      index = null;
      c.heapGuard(0)();
    }
    // Floor for the warm start: walk and stat every note.
    let t = performance.now();
    await statAll();
    out.stat.push(performance.now() - t);

    // Cold: walk, stat, read, decode, then index in chunks of 24 with slices of at most `sliceMs` between yields,
    // as the extension's indexer does; the longest synchronous stretch is what would block the extension host.
    t = performance.now();
    // As the extension makes it (src/extension.ts): notes are summarised as they load.
    index = new c.index.WorkspaceIndex({ today: () => TODAY, summarizeOnLoad: !process.argv.includes('--no-summarize-on-load') });
    const { files, stats } = await statAll();
    let scanned = 0;
    const at = new Map(files.map((f, k) => [f, k]));
    // As the indexer keeps a settled note (src/vscode/indexer.ts, summaryOf): the summary the cache writes.
    const summarize = (n) => {
      const k = at.get(n.uri);
      return c.cache.summarizeNote({
        uri: n.uri,
        path: n.path,
        size: stats[k].size,
        mtimeMs: stats[k].mtimeMs,
        configKey,
        today: TODAY,
        note: n.note,
        config,
        findings: n.findings,
        skipped: n.skipped,
      });
    };
    const summaryOf = (n) => {
      // A note summarised on load comes with its summary, completed but unstamped: stamped as the cache store does.
      const k = at.get(n.uri);
      const made = n.note === null ? c.cache.stampSummary(n.summary, { size: stats[k].size, mtimeMs: stats[k].mtimeMs, configKey }) : summarize(n);
      return { summary: made, findings: made.findings() };
    };
    // As the indexer does between chunks and at the end: settle in slices (only the engagements the last chunk
    // did not add to, between chunks), then keep the settled notes as summaries, in slices too.
    const sliced = async (what, step) => {
      await slices.wait(turn());
      for (;;) {
        const sliceStart = performance.now();
        if (slices.op(what, () => step(() => performance.now() - sliceStart > sliceMs))) break;
        await slices.wait(turn());
      }
    };
    // Every stretch between two yields is one slice (see scripts/lib/sliceLog.js).
    const slices = new SliceLog();
    slices.open();
    // The extension's own yield (src/vscode/slices.ts): one slice per turn of the event loop, whoever asks.
    const turn = c.yieldToHost;
    const label = (how, n) => `${how} ${(n / 1024).toFixed(0)} KB`;
    // As the indexer does: notes the scanner reads and that are not large are parsed here, the rest in the worker.
    const worker = new w.ParseWorkerClient({ script: workerScript });
    const offHost = [];
    const parseOffHost = async (f, text) => {
      const r = await worker.parse(text);
      await turn();
      slices.begin();
      let parsed = null;
      if (r.kind === 'parsed') {
        // As the indexer does: the worker's note decoded in a slice of its own, analysed in the next.
        parsed = slices.op(label('worker, decode', text.length), () => r.read());
        await slices.wait(turn());
      }
      index.batch(() => {
        if (parsed?.parser === 'scanner') scanned++;
        if (parsed) slices.op(label('worker, analyse', text.length), () => index.upsertParsed(f, rel(f), parsed, c.text.utf8Length(text), config));
        else if (r.kind === 'tooComplex' || r.kind === 'failed') index.markSkipped(f, rel(f), r.kind === 'failed' ? r.reason : r.message, config);
        else if (r.kind === 'unavailable') throw new Error(r.reason);
      });
      slices.end();
    };
    // One bulk load, as the extension's indexer does: engagement rules run once per engagement at the end.
    index.beginBulk();
    // As the indexer does before its first scan: the engine compiled a step at a time, once per process (the first
    // build only). --no-warm-up leaves it out, for before/after figures.
    if (!process.argv.includes('--no-warm-up')) await sliced('warm up', (y) => c.warmUp(y));
    for (let i = 0; i < files.length; i += 24) {
      const chunk = files.slice(i, i + 24);
      const bytes = await slices.wait(Promise.all(chunk.map((f) => fs.promises.readFile(f))));
      // The reads resolve in an I/O callback: the indexer yields once more before its first slice.
      await slices.wait(turn());
      let j = 0;
      let sliceStart = performance.now();
      // As the indexer does: a note whose scan used up the slice is analysed in the next one.
      let held;
      while (j < chunk.length) {
        index.batch(() => {
          for (; j < chunk.length; j++) {
            const f = chunk[j];
            const carried = held;
            held = undefined;
            const decoded = carried ? { ok: true, text: carried.text } : c.text.decodeNoteBytes(bytes[j]);
            if (!decoded.ok) index.markSkipped(f, rel(f), decoded.reason, config);
            else {
              const text = decoded.text;
              // --no-worker: every note parsed on the host, as before the worker (for before/after figures).
              const parsed = carried ? carried.parsed : noWorker ? null : slices.op(label('scan', text.length), () => w.parseOnHost(text));
              if (!carried && parsed && performance.now() - sliceStart > sliceMs) {
                held = { text, parsed };
                break;
              }
              if (parsed?.parser === 'scanner') scanned++;
              if (noWorker) slices.op(label('parse, analyse', text.length), () => index.upsert(f, rel(f), text, config));
              else if (parsed) slices.op(label('analyse', text.length), () => index.upsertParsed(f, rel(f), parsed, c.text.utf8Length(text), config));
              else {
                index.expectNote(f);
                offHost.push(parseOffHost(f, text).finally(() => index.expectedDone(f)));
              }
            }
            if (performance.now() - sliceStart > sliceMs) {
              j++;
              break;
            }
          }
        });
        await slices.wait(turn());
        sliceStart = performance.now();
      }
      await sliced('settle quiet', (y) => index.settleQuiet(y));
      await sliced('compact', (y) => index.compact(summaryOf, y));
    }
    await slices.wait(Promise.all(offHost));
    worker.dispose();
    await sliced('settle', (y) => index.settle(y));
    await sliced('compact', (y) => index.compact(summaryOf, y));
    slices.op('endBulk', () => index.endBulk());
    // Notes kept as summaries whose engagement a later note joined are read again, as the indexer's queued reads
    // do (each applied in a slice of its own).
    let hydrated = 0;
    for (let asked = index.takeHydrationRequests(); asked.length > 0; asked = index.takeHydrationRequests()) {
      for (const f of asked) {
        const decoded = c.text.decodeNoteBytes(await slices.wait(fs.promises.readFile(f)));
        await slices.wait(turn());
        if (decoded.ok) slices.op(label('read again', decoded.text.length), () => index.upsert(f, rel(f), decoded.text, config));
        hydrated++;
      }
    }
    out.counters = { ...index.counters, hydrated, summaries: index.all().filter((n) => n.summary).length };
    const report = slices.close();
    const cache = c.cache.emptyIndexCache(engine);
    files.forEach((f) => {
      const n = index.get(f);
      if (!n) return;
      // A note kept as a summary in the index holds the summary the cache writes (see summaryOf); one the index
      // summarised as it loaded it is completed and stamped, as the cache store does (summaryFor).
      if (n.summary && c.cache.isUnstamped(n.summary)) cache.notes.set(f, summaryOf({ ...n, summary: c.cache.completeSummary(n.summary, n.findings) }).summary);
      else cache.notes.set(f, n.summary ?? summarize(n));
    });
    await fs.promises.writeFile(cacheFile, c.cache.serializeIndexCache(cache));
    out.cold.push(performance.now() - t);
    // What the index holds once the scan is over (the extension host's heap would hold the same), after a full
    // collection (the CLI's heap guard with a limit of 0 always collects; not part of the cold time).
    c.heapGuard(0)();
    (out.heapAfterMb ??= []).push(v8.getHeapStatistics().used_heap_size / 2 ** 20);
    out.longestSliceMs.push(report.longestMs);
    out.slices.push(report);
    out.offHost = offHost.length;
    out.worker = worker.counters;
    out.scannerShare = scanned / files.length;
  }

  // Re-check of one edited note inside the full index (parse, analyse, per-note rules, its engagement's rules).
  for (const [size, key, reps] of [
    [15 * 1024, 'edit15', 60],
    [200 * 1024, 'edit200', 15],
  ]) {
    const base = c.gen.noteOfSize(size, 5);
    const uri = path.join(dir, 'acme-logistics', 'customer-portal', `edited-${size}.discovery.md`);
    index.upsert(uri, rel(uri), base, config, 1);
    for (let k = 0; k < reps; k++) {
      // Typing: a character added in the middle of the note.
      const at = Math.floor(base.length / 2);
      const edited = base.slice(0, at) + 'xyz'.slice(0, (k % 3) + 1) + base.slice(at);
      const t = performance.now();
      index.upsert(uri, rel(uri), edited, config, k + 2);
      out[key].push(performance.now() - t);
    }
    out[`${key}Parser`] = c.parse.parseNote(base).parser;
  }

  process.stdout.write(JSON.stringify(out));
}

/**
 * The warm start, in a process of its own (as an extension host starts with nothing parsed and its code not yet
 * optimised): a stat pass, then the warm start, each measured once. The parent runs several such processes.
 */
async function taskWarm(dir, cacheFile) {
  const c = core();
  const config = c.config.DEFAULT_CONFIG;
  const configKey = c.cache.fingerprint(config);
  const engine = `bench@${c.cache.INDEX_CACHE_VERSION}`;
  const out = { stat: 0, warm: 0, reparsed: 0, rows: 0, expanded: true, allRowsMs: 0, leaves: 0, findingsMs: 0, findings: 0 };
  // The floor: list the notes and stat them as the warm start below does, 64 at a time, the next 64 asked for
  // before the last 64 are awaited.
  const statChunks = async (files, each) => {
    const statChunk = (i) => {
      const chunk = files.slice(i, i + 64);
      return Promise.all(chunk.map((f) => fs.promises.stat(f))).then((stats) => [chunk, stats]);
    };
    let pending = files.length > 0 ? statChunk(0) : null;
    for (let i = 64; pending !== null; i += 64) {
      const next = i < files.length ? statChunk(i) : null;
      each(await pending);
      pending = next;
    }
  };
  let t = performance.now();
  const listed = await walk(dir);
  await statChunks(listed, () => {});
  out.stat = performance.now() - t;

  // Warm, as the extension's warm start does it (src/vscode/indexCacheStore.ts): the cache file is read and its
  // summaries decoded from activation on, while the notes are listed and then stat-ed 64 at a time; each chunk's
  // fresh summaries are restored into a new index once the cache is decoded (no note is parsed; the count that
  // would be is reported); then the risk tree is built from the index.
  t = performance.now();
  const phases = { read: 0, listed: 0, decoded: 0, restored: 0 };
  let loaded = null;
  let file = null;
  const decoding = (async () => {
    // As the extension opens it (src/vscode/wholeFile.ts): the summaries now, the rest once the notes are restored.
    file = await c.wholeFile.openCacheFile(cacheFile);
    phases.read = performance.now() - t;
    const decode = async (from) => {
      const reading = c.cache.readIndexCache(from, engine);
      // Yielding after SLICE_MS of decoding, as the extension does (src/vscode/slices.ts, indexCacheStore.ts).
      let sliceStart = performance.now();
      let step = reading.next();
      for (; !step.done; step = reading.next()) {
        if (performance.now() - sliceStart <= c.SLICE_MS) continue;
        await c.yieldToHost();
        sliceStart = performance.now();
      }
      return step.value;
    };
    let result = await decode(file);
    if (!result.ok && result.reason === c.cache.CACHE_START_TOO_SHORT) result = await decode(await file.readRest());
    if (!result.ok) throw new Error(`the cache just written was refused: ${result.reason}`);
    loaded = result.cache;
    phases.decoded = performance.now() - t;
  })();
  const files = await walk(dir);
  phases.listed = performance.now() - t;
  const warmIndex = new c.index.WorkspaceIndex({ today: () => TODAY });
  let reparse = 0;
  const restore = (chunk, stats) =>
    warmIndex.batch(() => {
      chunk.forEach((f, k) => {
        const entry = loaded.notes.get(f);
        if (entry && c.cache.isFresh(entry, stats[k], configKey, TODAY)) {
          warmIndex.restore(f, entry.path, entry, entry, entry.skipped, config);
        } else reparse++;
      });
    });
  const waiting = [];
  // As restoreFresh does: the next chunk's stats are asked for before the chunk that came back is restored.
  await statChunks(files, (done) => {
    waiting.push(done);
    if (loaded) for (const [ch, st] of waiting.splice(0)) restore(ch, st);
  });
  await decoding;
  for (const [ch, st] of waiting.splice(0)) restore(ch, st);
  phases.restored = performance.now() - t;
  // As restoreFresh does once the notes are restored: the rows and findings are read in the thread pool.
  void file.readRest();
  // As the Open Risks view builds its tree: from each note's counts, reading a note's rows when a group is opened.
  const sources = warmIndex.all().sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0)).map((n) => c.index.riskRowSource(n));
  const tree = c.tree.buildRiskTreeFromSources(sources, c.tree.DEFAULT_TREE_STATE, { me: null, today: TODAY });
  out.warm = performance.now() - t;
  out.phases = phases;
  out.reparsed = reparse + warmIndex.counters.parsed;
  if (!tree) throw new Error('no tree');
  // With this many risks the view's groups start collapsed (`discovery.tree.expandGroups: auto`), so the rows
  // of a group are decoded and built when it is opened. Not part of the warm start, reported: opening every group.
  out.expanded = c.tree.groupsStartExpanded(tree, 'auto');
  t = performance.now();
  let leaves = 0;
  const open = (nodes) => {
    for (const n of nodes) {
      if (n.kind === 'group') open(n.children);
      else leaves++;
    }
  };
  if (!out.expanded) open(tree.roots);
  out.allRowsMs = performance.now() - t;
  out.leaves = leaves;
  out.rows = sources.reduce((n, s) => n + s.rows().length, 0);
  // Not part of the warm start: decoding every restored note's findings, as the Problems panel then does.
  t = performance.now();
  let findings = 0;
  for (const n of warmIndex.all()) findings += n.findings.length;
  out.findingsMs = performance.now() - t;
  out.findings = findings;
  process.stdout.write(JSON.stringify(out));
}

// ---------------------------------------------------------------------------------------------------------------
// Parent

function runProcess(args, cwd) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', path.join(__dirname, 'lib', 'maxRss.js'), ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const m = /__MAXRSS_KB__ (\d+)/.exec(r.stderr ?? '');
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr, rssMb: m ? Number(m[1]) / 1024 : NaN };
}

function ensureWorkspace(base, notes) {
  const dir = path.join(base, `ws-${notes}-seed${SEED}`);
  const marker = path.join(dir, '.generated');
  if (!fs.existsSync(marker)) {
    fs.rmSync(dir, { recursive: true, force: true });
    const { gen } = { gen: require('./lib/benchGenerator.js') };
    const { bytes } = gen.generateWorkspace(dir, { notes, seed: SEED });
    fs.writeFileSync(marker, String(bytes));
    // The peer, configured for the same required sections (in canonical order, anything in between).
    const headings = ['*'];
    for (const s of gen.REQUIRED_SECTIONS) headings.push(`## ${s}`, '*');
    fs.writeFileSync(
      path.join(dir, '.markdownlint-cli2.jsonc'),
      JSON.stringify({ config: { default: false, MD043: { headings } }, globs: ['**/*.discovery.md'], ignores: ['**/node_modules/**'] }, null, 2),
    );
  }
  return { dir, bytes: Number(fs.readFileSync(marker, 'utf8')) };
}

async function main() {
  const task = arg('task', null);
  if (task === 'floor') return taskFloor(arg('dir'));
  if (task === 'warm') return taskWarm(arg('dir'), arg('cache'));
  if (task === 'index') return taskIndex(arg('dir'), Number(arg('runs', '3')), arg('cache'), Number(arg('slice-ms', String(core().SLICE_MS))));

  const sizes = arg('sizes', '100,1000,10000').split(',').map(Number);
  const runs = Number(arg('runs', '5'));
  const peerSizes = arg('peer-sizes', '100,1000').split(',').filter(Boolean).map(Number);
  const peerRuns = Number(arg('peer-runs', '3'));
  const peerRunsLarge = Number(arg('peer-runs-large', '1'));
  // The extension's slice budget (src/vscode/slices.ts) unless --slice-ms says otherwise.
  const sliceMs = Number(arg('slice-ms', String(core().SLICE_MS)));
  // A warm start is a fraction of a second against a stat pass of tens of milliseconds on a machine whose timings
  // swing by half between runs: more fresh processes than the other measurements, for a steadier median.
  const warmRuns = Number(arg('warm-runs', String(Math.max(runs, 9))));
  // The same holds for the floor of up to 1,000 notes (0.2-0.4 s from one run to the next at the same code, while the
  // CLI moved by a fifth), and the CLI/floor target is a ratio of two medians: up to 1,000 notes, at least 9 pairs
  // of processes (`--cli-runs`), so one fast or slow floor moves the ratio less. 10,000 notes keep `--runs`.
  const cliRuns = (n) => (n <= 1000 ? Number(arg('cli-runs', String(Math.max(runs, 9)))) : runs);
  const cli = path.join(ROOT, 'dist', 'cli.js');
  coreBundle();
  const peerBin = path.join(ROOT, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `node esbuild.js` first (npm run bench does).');
  const base = path.join(os.tmpdir(), 'discovery-bench');
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, memMb: Math.round(os.totalmem() / 2 ** 20) },
    seed: SEED,
    runs,
    sizes: {},
  };

  for (const n of sizes) {
    const { dir, bytes } = ensureWorkspace(base, n);
    process.stderr.write(`\n${n} notes (${(bytes / 2 ** 20).toFixed(1)} MB) in ${dir}\n`);
    const r = { notes: n, bytes, floor: [], floorRss: [], cli: [], cliRss: [], cliStatus: null, peer: [], peerRss: [], index: null };
    // Interleave floor and CLI runs so both see the same machine state; the first of each warms the page cache.
    runProcess([__filename, '--task', 'floor', '--dir', dir], dir);
    runProcess([cli, '--format', 'json', '--today', TODAY], dir);
    for (let k = 0; k < cliRuns(n); k++) {
      const f = runProcess([__filename, '--task', 'floor', '--dir', dir], dir);
      r.floor.push(f.ms);
      r.floorRss.push(f.rssMb);
      const c = runProcess([cli, '--format', 'json', '--today', TODAY], dir);
      if (c.status !== 0 && c.status !== 1) throw new Error(`CLI failed (${c.status}): ${c.stderr.slice(0, 2000)}`);
      r.cliStatus = c.status;
      r.cli.push(c.ms);
      r.cliRss.push(c.rssMb);
      process.stderr.write(`  floor ${f.ms.toFixed(0)} ms, cli ${c.ms.toFixed(0)} ms (${c.rssMb.toFixed(0)} MB)\n`);
    }
    const summary = JSON.parse(runProcess([cli, '--format', 'json', '--today', TODAY], dir).stdout).summary;
    r.cliSummary = summary;

    const cliOnly = process.argv.includes('--cli-only');
    const ix = cliOnly
      ? { status: 0, rssMb: NaN, stdout: JSON.stringify({ stat: [], cold: [], warm: [], warmStat: [], warmFindings: [], warmReparsed: 0, warmRows: 0, longestSliceMs: [], edit15: [], edit200: [], scannerShare: NaN }) }
      : runProcess([__filename, '--task', 'index', '--dir', dir, '--runs', String(Math.min(runs, 3)), '--cache', path.join(base, `cache-${n}.json`), '--slice-ms', String(sliceMs)], dir);
    if (ix.status !== 0) throw new Error(`index task failed: ${ix.stderr.slice(0, 3000)}`);
    r.index = JSON.parse(ix.stdout);
    r.index.rssMb = ix.rssMb;
    // Warm starts from the cache the index task wrote, each in a fresh process (see taskWarm).
    Object.assign(r.index, { warm: [], warmStat: [], warmFindings: [], warmPhases: [], warmOpenAllMs: [], warmReparsed: 0, warmRows: 0 });
    for (let k = 0; !cliOnly && k < warmRuns; k++) {
      const w = runProcess([__filename, '--task', 'warm', '--dir', dir, '--cache', path.join(base, `cache-${n}.json`)], dir);
      if (w.status !== 0) throw new Error(`warm task failed: ${w.stderr.slice(0, 3000)}`);
      const o = JSON.parse(w.stdout);
      r.index.warm.push(o.warm);
      r.index.warmStat.push(o.stat);
      r.index.warmFindings.push(o.findingsMs);
      r.index.warmPhases.push(o.phases);
      r.index.warmOpenAllMs.push(o.allRowsMs);
      r.index.warmReparsed = Math.max(r.index.warmReparsed, o.reparsed);
      r.index.warmRows = o.rows;
    }
    process.stderr.write(`  index: stat ${median(r.index.warmStat).toFixed(0)} ms, cold ${median(r.index.cold).toFixed(0)} ms (heap afterwards ${Math.max(...(r.index.heapAfterMb ?? [NaN])).toFixed(0)} MB), warm ${median(r.index.warm).toFixed(0)} ms (then decoding every finding ${median(r.index.warmFindings).toFixed(0)} ms)\n`);

    if (peerSizes.includes(n)) {
      const reps = n >= 1000 ? peerRunsLarge : peerRuns;
      for (let k = 0; k < reps; k++) {
        const p = runProcess([peerBin], dir);
        if (p.status !== 0 && p.status !== 1) throw new Error(`markdownlint-cli2 failed (${p.status}): ${p.stderr.slice(0, 2000)}`);
        r.peer.push(p.ms);
        r.peerRss.push(p.rssMb);
        r.peerFindings = (p.stdout + p.stderr).split('\n').filter((l) => l.includes('MD043')).length;
        process.stderr.write(`  peer ${p.ms.toFixed(0)} ms (${p.rssMb.toFixed(0)} MB)\n`);
      }
    }
    results.sizes[n] = r;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Summary
  const rows = [];
  const targets = [];
  const fmtS = (ms) => (Number.isNaN(ms) ? '—' : (ms / 1000).toFixed(2));
  const fmtR = (x) => (Number.isNaN(x) ? '—' : x.toFixed(x < 0.1 ? 3 : 2));
  for (const n of sizes) {
    const r = results.sizes[n];
    const floor = median(r.floor);
    const cliMs = median(r.cli);
    const peer = median(r.peer);
    const ix = r.index;
    r.summary = {
      floorMs: floor,
      cliMs,
      cliVsFloor: cliMs / floor,
      peerMs: peer,
      cliVsPeer: cliMs / peer,
      cliPeakRssMb: Math.max(...r.cliRss),
      floorPeakRssMb: Math.max(...r.floorRss),
      notesPerSecond: n / (cliMs / 1000),
      statMs: median(ix.warmStat),
      indexColdMs: median(ix.cold),
      indexWarmMs: median(ix.warm),
      warmVsStat: median(ix.warm) / median(ix.warmStat),
      warmReparsed: ix.warmReparsed,
      longestSliceMs: Math.max(...ix.longestSliceMs),
      // The event-loop delay probe also sees what blocks between two measured slices (a collection of the heap).
      longestBlockMs: Math.max(...ix.longestSliceMs, ...(ix.slices ?? []).map((r) => r.eventLoopDelayMaxMs ?? 0)),
      edit15Ms: median(ix.edit15),
      edit200Ms: median(ix.edit200),
      scannerShare: ix.scannerShare,
    };
    const s = r.summary;
    rows.push([
      String(n),
      `${(r.bytes / 2 ** 20).toFixed(1)}`,
      fmtS(floor),
      fmtS(cliMs),
      fmtR(s.cliVsFloor),
      fmtS(peer),
      fmtR(s.cliVsPeer),
      s.cliPeakRssMb.toFixed(0),
      s.notesPerSecond.toFixed(0),
      s.statMs.toFixed(0),
      s.indexColdMs.toFixed(0),
      s.indexWarmMs.toFixed(0),
      fmtR(s.warmVsStat),
      s.longestSliceMs.toFixed(1),
      s.longestBlockMs.toFixed(1),
      s.edit15Ms.toFixed(2),
      s.edit200Ms.toFixed(1),
      `${(s.scannerShare * 100).toFixed(0)}%`,
    ]);
  }
  const header = ['notes', 'MB', 'floor s', 'CLI s', 'CLI/floor', 'peer s', 'CLI/peer', 'CLI RSS MB', 'notes/s', 'stat ms', 'cold ms', 'warm ms', 'warm/stat', 'slice ms', 'block ms', 'edit 15K ms', 'edit 200K ms', 'scanner'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  const table = [line(header), `|${widths.map((w) => '-'.repeat(w + 1) + ':').join('|')}|`, ...rows.map(line)].join('\n');

  const at = (n) => results.sizes[n] && results.sizes[n].summary;
  const check = (name, ok, detail) => targets.push({ name, ok, detail });
  if (at(1000)) {
    const s = at(1000);
    check('cold CLI check of 1,000 notes <= 5x floor', s.cliVsFloor <= 5, `${s.cliVsFloor.toFixed(2)}x`);
    if (!Number.isNaN(s.cliVsPeer)) check('cold CLI check of 1,000 notes <= 0.1x markdownlint-cli2', s.cliVsPeer <= 0.1, `${s.cliVsPeer.toFixed(3)}x`);
    if (!Number.isNaN(s.warmVsStat)) check('warm index of 1,000 notes <= 1.5x stat', s.warmVsStat <= 1.5, `${s.warmVsStat.toFixed(2)}x, ${s.warmReparsed} re-parsed`);
  }
  const anySize = at(1000) || at(sizes[0]);
  const indexed = !Number.isNaN(anySize.edit15Ms);
  if (indexed) {
    check('re-check of an edited 15 KB note, median <= 5 ms', anySize.edit15Ms <= 5, `${anySize.edit15Ms.toFixed(2)} ms`);
    check('re-check of an edited 200 KB note, median <= 50 ms', anySize.edit200Ms <= 50, `${anySize.edit200Ms.toFixed(1)} ms`);
  }
  if (at(1000) && at(10000)) {
    const ratio = at(10000).cliMs / at(1000).cliMs;
    check('10,000 notes within 12x of 1,000 (CLI)', ratio <= 12, `${ratio.toFixed(2)}x`);
    check('CLI peak RSS on 10,000 notes < 300 MB', at(10000).cliPeakRssMb < 300, `${at(10000).cliPeakRssMb.toFixed(0)} MB`);
  }
  const slice = Math.max(...sizes.map((n) => at(n).longestSliceMs));
  const block = Math.max(...sizes.map((n) => at(n).longestBlockMs));
  if (indexed) {
    check('indexing never blocks > 50 ms at a time', Math.max(slice, block) <= 50, `${slice.toFixed(1)} ms longest slice, ${block.toFixed(1)} ms longest event-loop delay`);
  }
  results.targets = targets;

  const outDir = path.join(ROOT, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `bench-${results.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(outFile, JSON.stringify(results, null, 2));

  const peerNote = sizes.filter((n) => !peerSizes.includes(n));
  process.stdout.write(
    `\nDiscovery Notes benchmark — ${results.machine.cpus} cores, Node ${results.machine.node}, medians of ${runs} runs` +
      ` (peer: ${peerRuns} runs, ${peerRunsLarge} on 1,000+ notes${peerNote.length ? `; not run on ${peerNote.join(', ')}` : ''})\n\n${table}\n\n` +
      targets.map((t) => `${t.ok ? 'PASS' : 'FAIL'}  ${t.name}: ${t.detail}`).join('\n') +
      `\n\nRaw figures: ${path.relative(ROOT, outFile)}\n`,
  );
  if (!arg('keep', null) && process.argv.includes('--clean')) fs.rmSync(base, { recursive: true, force: true });
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
