/**
 * Worker threads for the CLI: a large workspace is checked one engagement per job, spread over a few threads (one
 * per core). The main thread finds the notes, their configuration and their
 * engagements, hands out jobs largest first, and writes the report; a worker reads its notes (synchronously: it
 * has nothing else to do meanwhile) and returns the packed diagnostics, whose bytes are transferred, not copied.
 * See {@link CheckPool}.
 * Any failure of a worker (it crashed, ran out of memory, or a note's engagement was not the one its first bytes
 * gave) makes the caller check the workspace on its own thread instead, so the report is never partial.
 */
import * as nodeFs from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { DiscoveryConfig } from '../core/configTypes';
import type { ReportFile } from '../core/format/report';
import type { NoteSource } from '../core/lint';
import { decodeNoteBytes } from '../core/text';
import { checkGroup } from './checkGroup';
import type { PackedFile } from './packedReport';

/** One note of a job: absolute path, report path, and the index of its configuration in the worker's list. */
interface JobNote {
  path: string;
  rel: string;
  config: number;
}

interface Job {
  id: number;
  expected: string | null;
  notes: JobNote[];
}

type Reply = { id: number; files: PackedFile[]; mismatch: boolean } | { id: number; error: string };

/** The first message a worker gets: the configurations jobs refer to by index, and the date rules use. */
interface Setup {
  configs: DiscoveryConfig[];
  today: string;
}

/** One engagement for {@link CheckPool.run}: its key as the first bytes gave it, its notes, and their total size. */
export interface WorkerGroup {
  expected: string | null;
  notes: Array<{ path: string; rel: string; config: DiscoveryConfig }>;
  bytes: number;
}

/** Raised when the workers could not give a complete report; the caller checks on its own thread. */
export class WorkersFailed extends Error {}

function readSourceSync(note: JobNote, config: DiscoveryConfig): NoteSource | ReportFile {
  try {
    const decoded = decodeNoteBytes(nodeFs.readFileSync(note.path));
    if (!decoded.ok) return { path: note.rel, diagnostics: [], skipped: decoded.reason };
    return { path: note.rel, text: decoded.text, config };
  } catch (e) {
    return { path: note.rel, diagnostics: [], skipped: `The file cannot be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Whether this thread was started by {@link CheckPool}. */
export function isCheckWorker(): boolean {
  return !isMainThread && (workerData as { discoveryCheckWorker?: boolean } | null)?.discoveryCheckWorker === true;
}

/** The worker's side: takes the setup, then answers jobs until the main thread lets it go. */
export function serveCheckJobs(): void {
  const port = parentPort!;
  let setup: Setup | null = null;
  port.on('message', (message: Setup | Job) => {
    if (!('id' in message)) {
      setup = message;
      return;
    }
    const job = message;
    let reply: Reply;
    try {
      const { configs, today } = setup!;
      const loaded = job.notes.map((n) => readSourceSync(n, configs[n.config]));
      const { files, mismatch } = checkGroup(loaded, job.expected, today);
      reply = { id: job.id, files, mismatch };
    } catch (e) {
      reply = { id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    const transfer = 'files' in reply ? reply.files.map((f) => f.packed.buffer as ArrayBuffer) : [];
    port.postMessage(reply, transfer);
  });
}

/**
 * Worker threads that check engagements. Started early (see the CLI's `lint`), so loading the bundle into each
 * new thread overlaps with finding and grouping the notes; {@link run} then hands out the jobs.
 */
export class CheckPool {
  private readonly workers: Worker[] = [];
  /** Why a worker failed before {@link run} was called, or `null`. */
  private early: string | null = null;
  private onFailure: ((why: string) => void) | null = null;

  /**
   * `heapMb`: the old-generation limit of each thread. A thread keeps one engagement's analysed notes at a time
   * (a few megabytes), but V8 lets garbage grow to its default limit before collecting it; a limit sized to the
   * work keeps each thread's memory near what it uses (on ten thousand notes, 2 threads: about 250 MB peak RSS for
   * the process instead of 360-450 MB). A young generation of 16 MB instead of 48 MB does the same for short-lived
   * objects. A thread that still runs out is a failed worker: the CLI then checks on its own thread.
   */
  constructor(script: string, threads: number, heapMb: number) {
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

  /** Lets the threads go (they are also let go when {@link run} settles). */
  dispose(): void {
    this.onFailure = () => undefined;
    for (const w of this.workers) void w.terminate();
  }

  /**
   * Checks `groups` and returns each group's packed files, in the order of `groups`. Rejects with
   * {@link WorkersFailed} on any failure of a worker; the pool is disposed either way.
   */
  run(groups: readonly WorkerGroup[], today: string): Promise<PackedFile[][]> {
    const configIndex = new Map<DiscoveryConfig, number>();
    const configs: DiscoveryConfig[] = [];
    const jobs: Job[] = groups.map((g, id) => ({
      id,
      expected: g.expected,
      notes: g.notes.map((n) => {
        let index = configIndex.get(n.config);
        if (index === undefined) {
          index = configs.length;
          configs.push(n.config);
          configIndex.set(n.config, index);
        }
        return { path: n.path, rel: n.rel, config: index };
      }),
    }));
    // Largest engagements first, so no thread is left with a big one at the end while the others wait.
    const queue = jobs.map((_, i) => i).sort((a, b) => groups[b].bytes - groups[a].bytes || a - b);
    const results: PackedFile[][] = new Array(groups.length);
    const setup: Setup = { configs, today };
    return new Promise<PackedFile[][]>((resolve, reject) => {
      let remaining = jobs.length;
      let settled = false;
      const finish = (error: string | null): void => {
        if (settled) return;
        settled = true;
        this.dispose();
        if (error === null) resolve(results);
        else reject(new WorkersFailed(error));
      };
      if (this.early !== null) return finish(this.early);
      this.onFailure = (why) => finish(why);
      if (remaining === 0) return finish(null);
      const next = (w: Worker): void => {
        const i = queue.shift();
        if (i !== undefined) w.postMessage(jobs[i]);
      };
      for (const w of this.workers) {
        w.on('message', (reply: Reply) => {
          if (settled) return;
          if ('error' in reply) return finish(reply.error);
          if (reply.mismatch) return finish('a note belongs to another engagement than its first bytes say');
          results[reply.id] = reply.files;
          remaining--;
          if (remaining === 0) finish(null);
          else next(w);
        });
        w.postMessage(setup);
        next(w);
      }
    });
  }
}
