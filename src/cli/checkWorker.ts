/**
 * Worker threads for the CLI (see {@link CheckPool}): a large workspace is checked one engagement per job, spread
 * over a few threads (one per core). The main thread finds the notes and their configuration; the engagement of
 * each note is read from its first bytes in chunks shared by the workers and the main thread itself (which
 * works while the workers are still starting); then the main thread hands out the engagements, largest first, and
 * writes the report. A worker reads its notes synchronously (it has nothing else to do meanwhile) and returns
 * packed diagnostics, whose bytes are transferred, not copied. Any failure of a worker (it crashed, ran out of
 * memory, or a note's engagement was not the one its first bytes gave) makes the caller check the workspace on
 * its own thread instead, so the report is never partial.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { DiscoveryConfig } from '../core/configTypes';
import { checkGroup } from './checkGroup';
import { headKeySync, readSourceSync, type HeadKey } from './headKey';
import { packFile, type PackedFile } from './packedReport';

/** A note as the pool is given it: absolute path, report path and configuration. */
export interface PoolNote {
  path: string;
  rel: string;
  config: DiscoveryConfig;
}

/** A note as a job carries it: the configuration by its index in the setup's list. */
interface JobNote {
  path: string;
  rel: string;
  config: number;
}

/** The first message a worker gets: the configurations jobs refer to by index, and the date rules use. */
interface Setup {
  kind: 'setup';
  configs: DiscoveryConfig[];
  today: string;
}

type Job = { kind: 'keys'; id: number; notes: JobNote[] } | { kind: 'check'; id: number; expected: string | null; notes: JobNote[] };

type Reply =
  | { id: number; keys: HeadKey[] }
  | { id: number; files: PackedFile[]; mismatch: boolean }
  | { id: number; error: string };

/** One engagement for {@link CheckPool.check}: its key as the first bytes gave it, its notes, and their total size. */
export interface WorkerGroup {
  expected: string | null;
  notes: PoolNote[];
  bytes: number;
}

/** Raised when the workers could not give a complete report; the caller checks on its own thread. */
export class WorkersFailed extends Error {}

/** Notes per job of the key phase: small enough to share the work evenly, large enough to keep messages few. */
const KEY_CHUNK = 32;

/** Whether this thread was started by {@link CheckPool}. */
export function isCheckWorker(): boolean {
  return !isMainThread && (workerData as { discoveryCheckWorker?: boolean } | null)?.discoveryCheckWorker === true;
}

/** The worker's side: takes the setup, then answers jobs until the main thread lets it go. */
export function serveCheckJobs(): void {
  const port = parentPort!;
  let setup: Setup | null = null;
  port.on('message', (message: Setup | Job) => {
    if (message.kind === 'setup') {
      setup = message;
      return;
    }
    let reply: Reply;
    try {
      const { configs, today } = setup!;
      if (message.kind === 'keys') {
        reply = { id: message.id, keys: message.notes.map((n) => headKeySync(n.path, n.rel, configs[n.config])) };
      } else {
        const loaded = message.notes.map((n) => readSourceSync(n.path, n.rel, configs[n.config]));
        const { files, mismatch } = checkGroup(loaded, message.expected, today, packFile);
        reply = { id: message.id, files, mismatch };
      }
    } catch (e) {
      reply = { id: message.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    const transfer = 'files' in reply ? reply.files.map((f) => f.packed.buffer as ArrayBuffer) : [];
    port.postMessage(reply, transfer);
  });
}

/**
 * Worker threads that check engagements. Started early (see the CLI's `lintByEngagement`), so loading the bundle
 * into each new thread overlaps with finding the notes; {@link keys} then {@link check} hand out the jobs.
 */
export class CheckPool {
  private readonly workers: Worker[] = [];
  /** Why a worker failed while no phase was running, or `null`. */
  private early: string | null = null;
  private onFailure: ((why: string) => void) | null = null;
  private readonly configIndex = new Map<DiscoveryConfig, number>();
  private readonly configs: DiscoveryConfig[] = [];
  /** How many configurations the workers have been sent. */
  private sent = 0;

  /**
   * `heapMb`: the old-generation limit of each thread. A thread keeps one engagement's analysed notes at a time
   * (a few megabytes), but V8 lets garbage grow to its default limit before collecting it; a limit sized to the
   * work keeps each thread's memory near what it uses (on ten thousand notes, 2 threads: about 250 MB peak RSS for
   * the process instead of 360-450 MB). A young generation of 16 MB instead of 48 MB does the same for short-lived
   * objects. A thread that still runs out is a failed worker: the CLI then checks on its own thread.
   */
  constructor(
    script: string,
    threads: number,
    heapMb: number,
    private readonly today: string,
  ) {
    for (let k = 0; k < Math.max(1, threads); k++) {
      const w = new Worker(script, {
        workerData: { discoveryCheckWorker: true },
        resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16 },
      });
      w.on('error', (e) => this.failed(e instanceof Error ? e.message : String(e)));
      w.on('exit', (code) => this.failed(`a worker thread stopped (exit code ${code})`));
      this.workers.push(w);
    }
  }

  private failed(why: string): void {
    if (this.onFailure) this.onFailure(why);
    else this.early ??= why;
  }

  /** Lets the threads go. */
  dispose(): void {
    this.onFailure = () => undefined;
    for (const w of this.workers) void w.terminate();
  }

  private jobNotes(notes: readonly PoolNote[]): JobNote[] {
    return notes.map((n) => {
      let index = this.configIndex.get(n.config);
      if (index === undefined) {
        index = this.configs.length;
        this.configs.push(n.config);
        this.configIndex.set(n.config, index);
      }
      return { path: n.path, rel: n.rel, config: index };
    });
  }

  /** Sends the configurations the jobs so far refer to, when there are new ones. */
  private configure(): void {
    if (this.sent === this.configs.length) return;
    this.sent = this.configs.length;
    const setup: Setup = { kind: 'setup', configs: this.configs, today: this.today };
    for (const w of this.workers) w.postMessage(setup);
  }

  /**
   * Runs `jobs` on the workers, one at a time per worker, in the order of `queue` (indexes into `jobs`);
   * `local`, when given, takes jobs from the same queue on this thread between messages, so the work starts
   * before the workers are up. Resolves with each job's reply, rejects with {@link WorkersFailed}.
   */
  private phase<R extends Reply>(jobs: Job[], queue: number[], local?: (job: Job) => R): Promise<R[]> {
    this.configure();
    const results: R[] = new Array(jobs.length);
    return new Promise<R[]>((resolve, reject) => {
      let remaining = jobs.length;
      let settled = false;
      const listeners: Array<[Worker, (reply: Reply) => void]> = [];
      const finish = (error: string | null): void => {
        if (settled) return;
        settled = true;
        for (const [w, l] of listeners) w.off('message', l);
        this.onFailure = null;
        if (error === null) resolve(results);
        else {
          this.dispose();
          reject(new WorkersFailed(error));
        }
      };
      if (this.early !== null) return finish(this.early);
      this.onFailure = (why) => finish(why);
      if (remaining === 0) return finish(null);
      const done = (reply: R): void => {
        results[reply.id] = reply;
        if (--remaining === 0) finish(null);
      };
      const next = (w: Worker): void => {
        const i = queue.shift();
        if (i !== undefined) w.postMessage(jobs[i]);
      };
      for (const w of this.workers) {
        const listener = (reply: Reply): void => {
          if (settled) return;
          if ('error' in reply) return finish(reply.error);
          if ('mismatch' in reply && reply.mismatch) return finish('a note belongs to another engagement than its first bytes say');
          done(reply as R);
          if (!settled) next(w);
        };
        w.on('message', listener);
        listeners.push([w, listener]);
        next(w);
      }
      if (local) {
        const step = (): void => {
          if (settled) return;
          const i = queue.shift();
          if (i === undefined) return;
          done(local(jobs[i]));
          // Between jobs, let the workers' answers in and hand them their next job.
          setImmediate(step);
        };
        setImmediate(step);
      }
    });
  }

  /**
   * The {@link HeadKey} of every note, in order, read by the workers and by this thread with `local` (the same
   * reading: the notes are on disk).
   */
  async keys(notes: readonly PoolNote[], local: (note: PoolNote) => HeadKey): Promise<HeadKey[]> {
    const all = this.jobNotes(notes);
    const jobs: Job[] = [];
    for (let at = 0; at < all.length; at += KEY_CHUNK) jobs.push({ kind: 'keys', id: jobs.length, notes: all.slice(at, at + KEY_CHUNK) });
    const queue = jobs.map((_, i) => i);
    const replies = await this.phase<{ id: number; keys: HeadKey[] }>(jobs, queue, (job) => ({
      id: job.id,
      keys: job.notes.map((n) => local({ path: n.path, rel: n.rel, config: this.configs[n.config] })),
    }));
    return replies.flatMap((r) => r.keys);
  }

  /**
   * Checks `groups` and returns each group's packed files, in the order of `groups`. Rejects with
   * {@link WorkersFailed} on any failure of a worker. The threads are let go afterwards.
   */
  async check(groups: readonly WorkerGroup[]): Promise<PackedFile[][]> {
    const jobs: Job[] = groups.map((g, id) => ({ kind: 'check', id, expected: g.expected, notes: this.jobNotes(g.notes) }));
    // Largest engagements first, so no thread is left with a big one at the end while the others wait.
    const queue = jobs.map((_, i) => i).sort((a, b) => groups[b].bytes - groups[a].bytes || a - b);
    try {
      const replies = await this.phase<{ id: number; files: PackedFile[]; mismatch: boolean }>(jobs, queue);
      return replies.map((r) => r.files);
    } finally {
      this.dispose();
    }
  }
}
