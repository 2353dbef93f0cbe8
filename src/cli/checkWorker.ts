/**
 * Worker threads for the CLI: a large workspace is checked one engagement per job, spread over a few threads (one
 * per core, see {@link checkInWorkers}). The main thread finds the notes, their configuration and their
 * engagements, hands out jobs largest first, and writes the report; a worker reads its notes (synchronously: it
 * has nothing else to do meanwhile) and returns the packed diagnostics, whose bytes are transferred, not copied.
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

interface Setup {
  discoveryCheckWorker: true;
  configs: DiscoveryConfig[];
  today: string;
}

/** One engagement for {@link checkInWorkers}: its key as the first bytes gave it, its notes, and their total size. */
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

/** Whether this thread was started by {@link checkInWorkers}. */
export function isCheckWorker(): boolean {
  return !isMainThread && (workerData as Partial<Setup> | null)?.discoveryCheckWorker === true;
}

/** The worker's side: answers jobs until the main thread lets it go. */
export function serveCheckJobs(): void {
  const { configs, today } = workerData as Setup;
  const port = parentPort!;
  port.on('message', (job: Job) => {
    let reply: Reply;
    try {
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
 * Checks `groups` on `threads` worker threads running `script` (the CLI's own bundle) and returns each group's
 * packed files, in the order of `groups`. Rejects with {@link WorkersFailed} on any failure.
 */
export function checkInWorkers(script: string, groups: readonly WorkerGroup[], today: string, threads: number): Promise<PackedFile[][]> {
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
  const setup: Setup = { discoveryCheckWorker: true, configs, today };
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let remaining = jobs.length;
    let failed = false;
    const stop = (): void => {
      for (const w of workers) void w.terminate();
    };
    const fail = (why: string): void => {
      if (failed) return;
      failed = true;
      stop();
      reject(new WorkersFailed(why));
    };
    const next = (w: Worker): void => {
      const i = queue.shift();
      if (i !== undefined) w.postMessage(jobs[i]);
    };
    if (remaining === 0) return resolve(results);
    const count = Math.max(1, Math.min(threads, jobs.length));
    for (let k = 0; k < count; k++) {
      const w = new Worker(script, { workerData: setup });
      workers.push(w);
      w.on('message', (reply: Reply) => {
        if (failed) return;
        if ('error' in reply) return fail(reply.error);
        if (reply.mismatch) return fail('a note belongs to another engagement than its first bytes say');
        results[reply.id] = reply.files;
        remaining--;
        if (remaining === 0) {
          stop();
          resolve(results);
        } else next(w);
      });
      w.on('error', (e) => fail(e instanceof Error ? e.message : String(e)));
      w.on('exit', (code) => {
        if (remaining > 0) fail(`a worker thread stopped (exit code ${code})`);
      });
      next(w);
    }
  });
}
