/**
 * `discovery-lint`: checks discovery notes in CI (`discovery-lint [globs...]`) and lists their risks
 * (`discovery-lint risks [globs...]`). A thin Node adapter: finding files, reading them and choosing the
 * configuration happen here; parsing, rules, risk rows and output formats are the core's.
 *
 * Exit codes: 0 clean, 1 errors (or more warnings than `--max-warnings`), 2 bad usage or an internal failure.
 */
import * as nodeOs from 'node:os';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../core/analyze';
import { DEFAULT_CONFIG, loadConfigForNote, mergeConfig, parseConfigText } from '../core/config';
import type { ConfigProblem, DiscoveryConfig } from '../core/configTypes';
import { discoverNotes } from '../core/discover';
import { formatLintJsonFiles } from '../core/format/lintJson';
import { formatLintTextFiles } from '../core/format/lintText';
import { CONFIG_RULE, diagnosticFromConfigProblem, diagnosticFromFinding, type ReportFile } from '../core/format/report';
import { formatRiskCsv } from '../core/format/riskCsv';
import { formatRiskJson } from '../core/format/riskJson';
import { formatRiskMarkdown } from '../core/format/riskMarkdown';
import { formatRiskTable } from '../core/format/riskTable';
import { formatSarifFiles, sarifLevel, type SarifRuleInfo } from '../core/format/sarif';
import type { FileSystem } from '../core/fs';
import { compileGlob, GlobError } from '../core/glob';
import { lintNotes, type NoteSource } from '../core/lint';
import type { Note } from '../core/model';
import { parseNote } from '../core/parse/index';
import { filterRisks, riskRows, sortRisks } from '../core/risks';
import { RULES, RULES_DOCS_BASE, ruleDocsUrl } from '../core/rules/index';
import { LINT_HELP, parseArgs, RISKS_HELP, UsageError, type LintArgs, type RisksArgs } from './args';
import { NodeFileSystem, toPortablePath } from './nodeFs';
import { checkGroup, lintIsolated } from './checkGroup';
import { HEAD_BYTES, headKeySync, keyFromHead, keyFromWhole, readSourceSync, sourceOf, tooLarge, unreadable, type HeadKey } from './headKey';
import { CheckPool, isCheckWorker, serveCheckJobs, WorkersFailed, type WorkerGroup } from './checkWorker';
import { heapGuard } from './heapGuard';
import { keepFile, packFile, PackedReport, type HeldFile } from './packedReport';
import { writeInPieces } from './writePieces';
import packageJson from '../../package.json';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  /** Absolute native path of the folder the command runs in. */
  cwd: string;
  stdout(text: string): void;
  /** Resolves when what was written to stdout has been taken (a pipe may be read slowly); optional. */
  stdoutReady?(): Promise<void>;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colours are used only then, unless forced). */
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Defaults to the real file system. */
  fs?: FileSystem;
  /** Defaults to the clock; used only for the default `--today`. */
  now?: () => Date;
  /**
   * Worker threads for large workspaces: the script to start (the CLI's own bundle) and how many. Without it,
   * everything runs on the calling thread (as in the tests that pass their own `fs`).
   */
  workers?: { script: string; threads: number };
}

const CONFIG_FILE = '.discovery.yml';

/** The local calendar date as `YYYY-MM-DD`. */
export function localDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function useColor(forced: boolean | null, io: CliIo): boolean {
  if (forced !== null) return forced;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}

/** Memoises `.discovery.yml` look-ups: every note of a folder asks for the same files. */
function cachingConfigReads(fs: FileSystem): FileSystem {
  const stats = new Map<string, ReturnType<FileSystem['stat']>>();
  const reads = new Map<string, ReturnType<FileSystem['readFile']>>();
  const isConfig = (p: string): boolean => p.endsWith(`/${CONFIG_FILE}`);
  return {
    readDirectory: (p) => fs.readDirectory(p),
    stat(p) {
      if (!isConfig(p)) return fs.stat(p);
      let s = stats.get(p);
      if (!s) stats.set(p, (s = fs.stat(p)));
      return s;
    },
    readFile(p) {
      if (!isConfig(p)) return fs.readFile(p);
      let r = reads.get(p);
      if (!r) reads.set(p, (r = fs.readFile(p)));
      return r;
    },
    readHead: (p: string, max: number) => readHead(fs, p, max),
  } as FileSystem;
}

/** A note found and configured, not read yet. */
interface Candidate {
  /** Absolute path with `/`. */
  path: string;
  /** Path for output (relative to the working folder). */
  rel: string;
  config: DiscoveryConfig;
}


/** An empty, `.` or `..` segment: a path without one is already what `path.posix.relative` would give. */
const UNPLAIN_SEGMENT = /(?:^|\/)\.{0,2}(?=\/|$)/;

/**
 * `path.posix.relative(from, to)` for two absolute `/` paths, `from` normalised: the rest of `to` when it is a plain
 * path under `from` (every note the walk finds), else Node's answer. Asked twice per note (its display path and its
 * folder's ignore globs); `relative` resolves both paths each time, about 6 µs a call.
 */
function relativePath(from: string, to: string): string {
  if (to.length > from.length + 1 && to.charCodeAt(from.length) === 47 && to.startsWith(from)) {
    const rest = to.slice(from.length + 1);
    if (!UNPLAIN_SEGMENT.test(rest)) return rest;
  }
  return nodePath.posix.relative(from, to);
}

/** A note's analysed engagement differs from the one its first bytes gave. */
class EngagementMismatch extends Error {}

/**
 * Below this many bytes of notes the CLI checks on its own thread: starting a worker (loading the bundle into a
 * fresh isolate) costs about as much as checking a megabyte of notes.
 */
const WORKER_MIN_BYTES = 1 << 20;

/** Workspaces of up to this many notes are read whole while their engagements are found (see lintByEngagement). */
const WHOLE_READ_NOTES = 4000;

/** The largest note read whole then; a larger one is read again when its engagement is checked. */
const WHOLE_READ_MAX = 256 * 1024;

/**
 * From this many bytes of notes on, the single-thread check keeps its heap down between engagements (heapGuard.ts)
 * and packs each file's diagnostics (packedReport.ts); below it, the heap stays small either way.
 */
const GUARDED_BYTES = 32 * 2 ** 20;

/** From this many notes on, the worker threads are started before the notes' sizes are known (see below). */
const WORKER_MIN_NOTES = 48;

/**
 * The heap limit of a worker thread for engagements of up to `largestBytes` of notes: an analysed note takes about
 * six times its size, so twelve times plus room for the engine itself, and never under 256 MB.
 */
function workerHeapMb(largestBytes: number): number {
  return Math.max(256, Math.ceil(64 + (12 * largestBytes) / 2 ** 20));
}

/** The first `max` bytes of a file (all of it when the port cannot read part of a file). */
async function readHead(fs: FileSystem, path: string, max: number): Promise<{ bytes: Uint8Array; complete: boolean }> {
  const partial = fs as FileSystem & { readHead?: (path: string, max: number) => Promise<{ bytes: Uint8Array; complete: boolean }> };
  if (typeof partial.readHead === 'function') return partial.readHead(path, max);
  return { bytes: await fs.readFile(path), complete: true };
}

/** The state shared by both commands: what was found, read and configured. */
interface Workspace {
  sources: NoteSource[];
  skipped: ReportFile[];
  configProblems: ConfigProblem[];
}

class Runner {
  private readonly fs: FileSystem;
  private readonly root: string;

  constructor(private readonly io: CliIo) {
    this.fs = cachingConfigReads(io.fs ?? new NodeFileSystem());
    this.root = toPortablePath(nodePath.resolve(io.cwd));
  }

  /** A path for output: relative to the working folder with `/`, or as given when outside it. */
  display(absolute: string): string {
    const rel = relativePath(this.root, absolute);
    return rel === '' ? '.' : rel;
  }

  /** Command-line paths and globs as globs relative to the working folder. */
  private includes(globs: readonly string[]): string[] {
    return globs.map((glob) => {
      const portable = toPortablePath(glob);
      const literal = !/[*?[{]/.test(portable);
      if (!literal && !nodePath.posix.isAbsolute(portable) && !portable.split('/').includes('..')) return portable;
      if (!literal) throw new UsageError(`"${glob}": a glob must be relative to the current folder and stay inside it.`);
      const absolute = toPortablePath(nodePath.resolve(this.io.cwd, glob));
      const rel = nodePath.posix.relative(this.root, absolute);
      if (rel.startsWith('..') || nodePath.posix.isAbsolute(rel)) {
        throw new UsageError(`"${glob}" is outside the current folder; run discovery-lint from a folder that contains it.`);
      }
      return rel === '' ? '.' : rel.replace(/[*?[\]{}\\]/g, '\\$&');
    });
  }

  /** The configuration given with `--config`, or `null`. Throws a usage error when it cannot be read. */
  private async explicitConfig(file: string | null): Promise<{ config: DiscoveryConfig; problems: ConfigProblem[] } | null> {
    if (file === null) return null;
    const absolute = toPortablePath(nodePath.resolve(this.io.cwd, file));
    let text: string;
    try {
      const info = await this.fs.stat(absolute);
      if (info?.type !== 'file') throw new Error('no such file');
      text = new TextDecoder('utf-8', { fatal: true }).decode(await this.fs.readFile(absolute));
    } catch (e) {
      const reason = e instanceof TypeError ? 'not valid UTF-8' : e instanceof Error ? e.message : String(e);
      throw new UsageError(`Cannot read the configuration file "${file}": ${reason}.`);
    }
    const { overrides, problems } = parseConfigText(text, this.display(absolute));
    return { config: mergeConfig(DEFAULT_CONFIG, overrides), problems };
  }

  /** Finds and configures the notes (ignored ones left out). Throws a usage error for a glob that matches nothing. */
  private async find(globs: readonly string[], configFile: string | null): Promise<{ candidates: Candidate[]; configProblems: ConfigProblem[] }> {
    const explicit = await this.explicitConfig(configFile);
    let found;
    try {
      found = await discoverNotes(this.fs, this.root, { include: this.includes(globs) });
    } catch (e) {
      if (e instanceof GlobError) throw new UsageError(`Invalid glob "${e.glob}": ${e.message}`);
      throw e;
    }
    if (globs.length > 0 && found.unmatched.length > 0) {
      const which = found.unmatched.map((g) => `"${g}"`).join(', ');
      throw new UsageError(`No discovery notes match ${which}.`);
    }
    if (found.paths.length === 0) this.io.stderr(`No *.discovery.md files found under ${this.io.cwd}.\n`);

    const configProblems: ConfigProblem[] = explicit ? [...explicit.problems] : [];
    const ignoreMatchers = new Map<string, Array<(p: string) => boolean>>();
    const ignored = (config: DiscoveryConfig, configDir: string, notePath: string): boolean => {
      const key = `${configDir}\n${config.ignore.join('\n')}`;
      let matchers = ignoreMatchers.get(key);
      if (!matchers) {
        matchers = [];
        for (const glob of config.ignore) {
          try {
            matchers.push(compileGlob(glob));
          } catch {
            // config.ts reports invalid ignore globs with their position; here they simply match nothing.
          }
        }
        ignoreMatchers.set(key, matchers);
      }
      const rel = relativePath(configDir, notePath);
      return !rel.startsWith('..') && matchers.some((m) => m(rel));
    };

    // Every note of a folder has the same configuration: load it once per folder, so ten thousand notes share a
    // few configuration objects (and the section names each one memoises) instead of holding one copy each.
    const perFolder = new Map<string, ReturnType<typeof loadConfigForNote>>();
    const configFor = (path: string): ReturnType<typeof loadConfigForNote> => {
      const folder = nodePath.posix.dirname(path);
      let loaded = perFolder.get(folder);
      if (!loaded) {
        loaded = loadConfigForNote(this.fs, path, this.root, DEFAULT_CONFIG);
        perFolder.set(folder, loaded);
        void loaded.then((l) => configProblems.push(...l.problems));
      }
      return loaded;
    };
    const candidates = await Promise.all(
      found.paths.map(async (path): Promise<Candidate | null> => {
        let config: DiscoveryConfig;
        let configDir = this.root;
        if (explicit) config = explicit.config;
        else {
          const loaded = await configFor(path);
          config = loaded.config;
          if (loaded.configPath !== null) configDir = nodePath.posix.dirname(loaded.configPath);
        }
        if (ignored(config, configDir, path)) return null;
        return { path, rel: this.display(path), config };
      }),
    );
    return { candidates: candidates.filter((c): c is Candidate => c !== null), configProblems: this.uniqueProblems(configProblems) };
  }

  /** Reads and decodes one note, or says why it is skipped. `checkSize`: stat it first against `maxFileBytes`. */
  private async readSource(c: Candidate, checkSize = true): Promise<NoteSource | ReportFile> {
    try {
      if (checkSize) {
        const info = await this.fs.stat(c.path);
        const large = info ? tooLarge(info.size, c.config) : null;
        if (large !== null) return { path: c.rel, diagnostics: [], skipped: large };
      }
      return sourceOf(await this.fs.readFile(c.path), c.rel, c.config);
    } catch (e) {
      return unreadable(c.rel, e);
    }
  }

  /** Finds, configures and reads the notes. Throws a usage error for a glob that matches nothing. */
  async load(globs: readonly string[], configFile: string | null): Promise<Workspace> {
    const { candidates, configProblems } = await this.find(globs, configFile);
    const results = await Promise.all(candidates.map((c) => this.readSource(c)));
    const sources: NoteSource[] = [];
    const skipped: ReportFile[] = [];
    for (const r of results) {
      if ('text' in r) sources.push(r);
      else skipped.push(r);
    }
    return { sources, skipped, configProblems };
  }

  /** Every note of a folder reports the same config problems; keep each once, with a display path. */
  private uniqueProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
    const seen = new Set<string>();
    const out: ConfigProblem[] = [];
    for (const p of problems) {
      const path = p.path.startsWith('/') || /^[A-Za-z]:\//.test(p.path) ? this.display(p.path) : p.path;
      const key = `${path}\n${p.range.start.line}:${p.range.start.character}\n${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...p, path });
    }
    return out;
  }

  /**
   * Checks every note, one engagement at a time: the engagement of each note is read from the start of its file
   * (front matter, else folders), then each engagement's notes are read, analysed and checked together and only
   * their diagnostics are kept. Memory stays bounded by the largest engagement, not the workspace. Should a
   * note's analysed engagement differ from the one its first bytes gave (never expected), everything is checked
   * again with all notes at once.
   */
  private async lintByEngagement(candidates: Candidate[], today: string, jobs: number | null): Promise<HeldFile[]> {
    const held: HeldFile[] = [];
    // Notes skipped before any engagement is checked (too large, unreadable).
    const files: ReportFile[] = [];
    const groups = new Map<string, WorkerGroup>();
    const order: WorkerGroup[] = [];
    // The notes are on disk, not behind a file system of the caller's own: worker threads can read them, and so
    // can this thread, without the port's promises (see headKeySync).
    const onDisk = this.io.fs === undefined;
    const workers = onDisk ? this.io.workers : undefined;
    const threads = jobs ?? workers?.threads ?? 1;
    // Started now, each thread loads the bundle while this one reads the start of every note.
    let pool = workers && threads > 1 && candidates.length >= WORKER_MIN_NOTES ? new CheckPool(workers.script, threads, workerHeapMb(0), today) : null;
    let keyed: HeadKey[] | null = null;
    if (pool) {
      try {
        // The workers read the first bytes too (so does this thread, while they start): the notes are on disk.
        keyed = await pool.keys(candidates, (c) => headKeySync(c.path, c.rel, c.config));
      } catch (e) {
        this.workersFailed(e);
        pool = null;
      }
    }
    // Notes read whole while their engagements were found, until checked (see below).
    const read = new Map<Candidate, Uint8Array>();
    if (keyed === null) {
      // One note at a time: starting every read at once would only hold every note's first bytes in memory
      // together (80 MB on ten thousand notes).
      keyed = [];
      if (onDisk) {
        // In a workspace of up to WHOLE_READ_NOTES notes, each note is read whole at once (bytes outside the heap,
        // up to GUARDED_BYTES in all) rather than opened a second time to be checked: one open, size and close
        // per note instead of two, which on 1,000 notes was about 30 ms of system calls.
        let budget = candidates.length <= WHOLE_READ_NOTES ? GUARDED_BYTES : 0;
        for (const c of candidates) {
          const k = headKeySync(c.path, c.rel, c.config, Math.min(budget, WHOLE_READ_MAX));
          if (!('diagnostics' in k) && k.whole !== undefined) {
            read.set(c, k.whole);
            budget -= k.whole.length;
            keyed.push({ key: k.key, bytes: k.bytes });
          } else keyed.push(k);
        }
      } else for (const c of candidates) keyed.push(await this.headKey(c));
    }
    let totalBytes = 0;
    keyed.forEach((k, i) => {
      const c = candidates[i];
      if ('diagnostics' in k) return void files.push(k);
      totalBytes += k.bytes;
      if (k.key === null) return void order.push({ expected: null, notes: [c], bytes: k.bytes });
      let group = groups.get(k.key);
      if (!group) {
        group = { expected: k.key, notes: [], bytes: 0 };
        groups.set(k.key, group);
        order.push(group);
      }
      group.notes.push(c);
      group.bytes += k.bytes;
    });
    if (pool && (order.length < 2 || totalBytes < WORKER_MIN_BYTES)) {
      pool.dispose();
      pool = null;
    }
    const heapMb = workerHeapMb(order.reduce((max, g) => Math.max(max, g.bytes), 0));
    if (pool && heapMb > workerHeapMb(0)) {
      // An engagement too large for the threads started early: start them again with room for it.
      pool.dispose();
      pool = new CheckPool(workers!.script, threads, heapMb, today);
    }
    if (pool) {
      try {
        const results = await pool.check(order);
        for (const f of files) held.push(packFile(f));
        for (const r of results) held.push(...r);
        return held;
      } catch (e) {
        // Checked again below, on this thread: a failed worker must not cost the report its completeness.
        this.workersFailed(e);
      }
    }
    // Only worth it where the heap can grow large: the workers' heaps are bounded by their resource limits. Below
    // that, the diagnostics are kept as they are rather than packed (see packedReport.ts).
    const large = totalBytes >= GUARDED_BYTES;
    const guard = large ? heapGuard() : () => {};
    const hold = large ? packFile : keepFile;
    for (const { expected, notes } of order) {
      const loaded = onDisk
        ? notes.map((n) => {
            const bytes = read.get(n);
            if (bytes === undefined) return readSourceSync(n.path, n.rel, n.config);
            read.delete(n);
            return sourceOf(bytes, n.rel, n.config);
          })
        : await Promise.all(notes.map((n) => this.readSource(n, false)));
      const checked = checkGroup<HeldFile>(loaded, expected, today, hold);
      if (checked.mismatch) throw new EngagementMismatch();
      held.push(...checked.files);
      guard();
    }
    for (const f of files) held.push(hold(f));
    return held;
  }

  /** Says that the worker threads failed and the check goes on on this thread; rethrows any other error. */
  private workersFailed(e: unknown): void {
    if (!(e instanceof WorkersFailed)) throw e;
    this.io.stderr(`discovery-lint: checking with worker threads failed (${e.message}); checking on one thread instead.\n`);
  }

  /** The engagement key of a note from its first bytes, or why it is skipped. */
  private async headKey(c: Candidate): Promise<HeadKey> {
    try {
      const info = await this.fs.stat(c.path);
      const size = info?.size ?? 0;
      const large = info ? tooLarge(info.size, c.config) : null;
      if (large !== null) return { path: c.rel, diagnostics: [], skipped: large };
      const key = keyFromHead(await readHead(this.fs, c.path, HEAD_BYTES), c.rel);
      return { key: key !== undefined ? key : keyFromWhole(await this.fs.readFile(c.path), c.rel), bytes: size };
    } catch (e) {
      return unreadable(c.rel, e);
    }
  }

  async lint(args: LintArgs): Promise<number> {
    const today = args.today ?? localDate(this.io.now ? this.io.now() : new Date());
    const { candidates, configProblems } = await this.find(args.globs, args.config);
    let files: HeldFile[];
    try {
      files = await this.lintByEngagement(candidates, today, args.jobs);
    } catch (e) {
      if (!(e instanceof EngagementMismatch)) throw e;
      const loaded = await Promise.all(candidates.map((c) => this.readSource(c)));
      const sources = loaded.filter((r): r is NoteSource => 'text' in r);
      const skipped = loaded.filter((r): r is ReportFile => !('text' in r));
      const findings = lintIsolated(sources, (source) => source.path, (some) => lintNotes(some, today, { fixes: false }).findings, skipped);
      files = skipped.map(packFile);
      for (const source of sources) {
        if (skipped.some((f) => f.path === source.path)) continue;
        files.push(packFile({ path: source.path, diagnostics: (findings[source.path] ?? []).map(diagnosticFromFinding) }));
      }
    }
    for (const problem of configProblems) {
      files.push(packFile({ path: problem.path, diagnostics: [diagnosticFromConfigProblem(problem)] }));
    }
    const report = new PackedReport(files);
    const quiet = args.quiet;
    const color = useColor(args.color, this.io);
    // One file unpacked at a time, written in pieces (src/cli/writePieces.ts).
    const io = this.io;
    const write = (chunks: Iterable<string>): Promise<void> => writeInPieces(chunks, (text) => io.stdout(text), io.stdoutReady && (() => io.stdoutReady!()));

    switch (args.format) {
      case 'json':
        await write(formatLintJsonFiles(report.fileCount, report.files(quiet), report.shownSummary(quiet)));
        break;
      case 'sarif':
        await write(
          formatSarifFiles(() => report.files(quiet), {
            toolName: 'discovery-lint',
            toolVersion: packageJson.version,
            informationUri: RULES_DOCS_BASE,
            rules: sarifRules(),
            rootUri: pathToFileURL(nodePath.resolve(this.io.cwd)).href.replace(/\/?$/, '/'),
          }),
        );
        break;
      default:
        await write(formatLintTextFiles(report.files(quiet), report.shownSummary(quiet), { color }));
    }

    const { errors, warnings } = report.summary;
    if (errors > 0) return 1;
    if (args.maxWarnings !== null && warnings > args.maxWarnings) {
      this.io.stderr(`discovery-lint found too many warnings (${warnings}; maximum: ${args.maxWarnings}).\n`);
      return 1;
    }
    return 0;
  }

  async risks(args: RisksArgs): Promise<number> {
    const { sources, skipped, configProblems } = await this.load(args.globs, args.config);
    for (const p of configProblems) {
      this.io.stderr(`${p.severity}: ${p.path}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}\n`);
    }
    for (const s of skipped) this.io.stderr(`skipped: ${s.path}: ${s.skipped}\n`);
    const notes: Note[] = [];
    for (const s of sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      try {
        notes.push(analyze(parseNote(s.text), s.config, s.path));
      } catch (e) {
        this.io.stderr(`skipped: ${s.path}: Internal error while reading the note: ${errorText(e)}\n`);
      }
    }
    const rows = sortRisks(
      filterRisks(riskRows(notes), {
        openOnly: args.openOnly,
        ...(args.minBand ? { minBand: args.minBand } : {}),
        ...(args.owner ? { owner: args.owner } : {}),
      }),
      args.sort,
    );
    switch (args.format) {
      case 'json':
        this.io.stdout(formatRiskJson(rows));
        break;
      case 'csv':
        this.io.stdout(formatRiskCsv(rows));
        break;
      case 'markdown':
        this.io.stdout(formatRiskMarkdown(rows));
        break;
      default:
        this.io.stdout(formatRiskTable(rows, { color: useColor(args.color, this.io) }));
    }
    return 0;
  }
}

/** The rule table for SARIF, with the pseudo-rule under which `.discovery.yml` problems are reported. */
function sarifRules(): SarifRuleInfo[] {
  const rules: SarifRuleInfo[] = RULES.map((r) => ({
    id: r.code,
    name: r.name,
    shortDescription: r.summary,
    helpUri: ruleDocsUrl(r.code),
    defaultLevel: sarifLevel(r.defaultSeverity === 'hint' ? 'information' : r.defaultSeverity),
  }));
  rules.push({
    id: CONFIG_RULE.rule,
    name: CONFIG_RULE.name,
    shortDescription: 'A .discovery.yml file has a setting that is invalid or not understood.',
    helpUri: RULES_DOCS_BASE.replace(/rules\.md$/, 'cli.md#configuration-problems'),
    defaultLevel: 'error',
  });
  return rules;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}


/** Runs the CLI with the given arguments (without the program name) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`discovery-lint: ${e.message}\nRun \`discovery-lint --help\` for usage.\n`);
      return 2;
    }
    throw e;
  }
  try {
    switch (parsed.command) {
      case 'help':
        io.stdout(parsed.topic === 'risks' ? RISKS_HELP : LINT_HELP);
        return 0;
      case 'version':
        io.stdout(`${packageJson.version}\n`);
        return 0;
      case 'lint':
        return await new Runner(io).lint(parsed);
      case 'risks':
        return await new Runner(io).risks(parsed);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`discovery-lint: ${e.message}\n`);
      return 2;
    }
    io.stderr(`discovery-lint: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 2;
  }
}

/** The real process: arguments, working folder, terminals and environment. */
function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stdoutReady: () => (process.stdout.writableNeedDrain ? new Promise<void>((resolve) => process.stdout.once('drain', () => resolve())) : Promise.resolve()),
    stderr: (text) => void process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    // One thread per core but one, up to four: the garbage collector works beside each thread, and on 2 cores one
    // thread checked 1,000 notes faster than two workers (1.9 s against 2.2 s; docs/performance.md).
    workers: { script: __filename, threads: Math.max(1, Math.min(4, nodeOs.availableParallelism() - 1)) },
  };
}

/** Runs the command line of this process, with its exit code (the command's entry point, src/cli/bin.ts, calls it). */
export function runAsCommand(): void {
  // A closed pipe (`discovery-lint risks | head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  runCli(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`discovery-lint: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}

if (isCheckWorker()) serveCheckJobs();
// Started directly (`node dist/cli-main.js`, as the tests do with a bundle of their own) rather than from bin.ts.
else if (require.main === module) runAsCommand();
