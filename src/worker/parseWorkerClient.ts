/**
 * The host's side of the parse worker (./parseWorker.ts): one worker thread, started on the first note that needs
 * it, that parses the notes which would otherwise block the host for too long. Used by the extension's indexer
 * and by the benchmark's index task.
 *
 * What it guarantees a caller, whatever happens to the thread: every `parse` settles exactly once, with the parsed
 * note, or why the note could not be parsed (skip it with that reason), or `unavailable` (no worker can run here:
 * parse on the host as before), or `cancelled`. A worker that crashes is replaced, and the note it was reading is
 * tried once more in the new worker before it is reported as failed; a worker that takes longer than the time
 * limit on one note is terminated and the note reported as failed (remark's own budget, src/core/parse/budget.ts,
 * already refuses the notes it cannot read in bounded time, so the limit only catches what nobody foresaw). A
 * worker that cannot even start twice in a row makes the client unavailable. The thread is ended when idle for a
 * while (it holds remark, tens of MB) and on dispose.
 */
import { deserialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ParsedNote } from '../core/model';
import { scanNote } from '../core/parse/index';
import type { WorkerReply, WorkerRequest } from './protocol';

/** Notes longer than this (UTF-16 units) are parsed in the worker even when the scanner reads them. */
export const WORKER_MIN_CHARS = 64 * 1024;

/** What became of one note sent to the worker. */
export type WorkerParse =
  /**
   * `read()` decodes the note the worker parsed (the same `ParsedNote` every call). Call it in the slice that uses
   * the note, not in the callback that gets the answer: decoding a large note's model allocates megabytes, and the
   * collection that may set off belongs in a slice the caller measures and yields after (see ./protocol.ts).
   */
  | { kind: 'parsed'; read: () => ParsedNote }
  /** remark's budget refused the note: skip it with `message` (the text a host parse would give). */
  | { kind: 'tooComplex'; message: string }
  /** The note could not be parsed (a parser defect, or the worker crashed twice or hung on it): skip it with `reason`. */
  | { kind: 'failed'; reason: string }
  /** No worker can run: the caller parses the note itself. */
  | { kind: 'unavailable'; reason: string }
  | { kind: 'cancelled' };

export interface ParseWorkerOptions {
  /** The worker's script: dist/parseWorker.js next to the bundle (or the TypeScript source, with a loader in `execArgv`). */
  script: string;
  execArgv?: string[];
  /** Longest one note may take in the worker before it is considered hung. */
  timeoutMs?: number;
  /** An idle worker is ended after this long; the next note starts a new one. */
  idleMs?: number;
  /** Heap limit of the worker, so a pathological note exhausts the worker's memory and not the host's. */
  maxOldGenerationSizeMb?: number;
}

/** Counters for tests and the benchmark. */
export interface ParseWorkerCounters {
  /** Worker threads started. */
  started: number;
  /** Notes answered by a worker. */
  answered: number;
  /** Workers that exited or failed while running. */
  crashes: number;
  /** Notes on which a worker was terminated for taking too long. */
  timeouts: number;
  /** Notes cancelled, queued or running. */
  cancelled: number;
}

interface Job {
  id: number;
  text: string;
  /** Times the note was sent to a worker. */
  attempts: number;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  resolve: (result: WorkerParse) => void;
}

/**
 * The note parsed on the calling thread when that is cheap (not large, and the fast scanner reads it), else `null`:
 * the note should go to the worker (`ParseWorkerClient.parse`).
 */
export function parseOnHost(text: string): ParsedNote | null {
  if (text.length > WORKER_MIN_CHARS) return null;
  try {
    return scanNote(text);
  } catch {
    // As in parseNote: a scanner defect leaves the note to the reference parser (in the worker).
    return null;
  }
}

/** Decodes the bytes of a parsed note once, on the first call. */
function reader(packed: ArrayBuffer): () => ParsedNote {
  let bytes: ArrayBuffer | null = packed;
  let note: ParsedNote | undefined;
  return () => {
    if (note === undefined) {
      note = deserialize(new Uint8Array(bytes as ArrayBuffer)) as ParsedNote;
      bytes = null;
    }
    return note;
  };
}

/** See the module comment. */
export class ParseWorkerClient {
  readonly counters: ParseWorkerCounters = { started: 0, answered: 0, crashes: 0, timeouts: 0, cancelled: 0 };
  private worker: Worker | undefined;
  private ready = false;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private jobTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private startFailures = 0;
  private unavailable: string | null = null;
  private disposed = false;
  private nextId = 1;
  private readonly timeoutMs: number;
  private readonly idleMs: number;

  constructor(private readonly options: ParseWorkerOptions) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.idleMs = options.idleMs ?? 60_000;
  }

  /** Parses `text` in the worker. Aborting `signal` drops the note if it is queued, and stops the worker if it is reading it. */
  parse(text: string, signal?: AbortSignal): Promise<WorkerParse> {
    if (this.disposed || signal?.aborted) return Promise.resolve({ kind: 'cancelled' });
    if (this.unavailable !== null) return Promise.resolve({ kind: 'unavailable', reason: this.unavailable });
    return new Promise((resolve) => {
      const job: Job = { id: this.nextId++, text, attempts: 0, signal, onAbort: undefined, resolve };
      if (signal) {
        job.onAbort = () => this.abort(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Notes queued or being parsed. */
  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  /** Whether a worker thread is running now. */
  get alive(): boolean {
    return this.worker !== undefined;
  }

  /** Ends the worker; every note not answered yet settles as cancelled. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopWorker();
    const jobs = this.running ? [this.running, ...this.queue] : [...this.queue];
    this.running = undefined;
    this.queue.length = 0;
    for (const job of jobs) this.finish(job, { kind: 'cancelled' });
  }

  // -------------------------------------------------------------------------------------------------------------

  private finish(job: Job, result: WorkerParse): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (result.kind === 'cancelled') this.counters.cancelled++;
    job.resolve(result);
  }

  private abort(job: Job): void {
    if (this.running === job) {
      // The note is being read: ending the worker is the only way to stop it (a new one starts for the next note).
      this.running = undefined;
      this.stopWorker();
      this.finish(job, { kind: 'cancelled' });
      this.pump();
      return;
    }
    const at = this.queue.indexOf(job);
    if (at >= 0) {
      this.queue.splice(at, 1);
      this.finish(job, { kind: 'cancelled' });
    }
  }

  private pump(): void {
    if (this.disposed || this.running) return;
    if (this.unavailable !== null) {
      const reason = this.unavailable;
      for (const job of this.queue.splice(0)) this.finish(job, { kind: 'unavailable', reason });
      return;
    }
    if (this.queue.length === 0) {
      this.goIdle();
      return;
    }
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
    if (!this.worker) {
      this.start();
      return;
    }
    if (!this.ready) return;
    const job = this.queue.shift() as Job;
    this.running = job;
    job.attempts++;
    this.worker.ref();
    this.jobTimer = setTimeout(() => this.timedOut(job), this.timeoutMs);
    this.worker.postMessage({ id: job.id, text: job.text } satisfies WorkerRequest);
  }

  private goIdle(): void {
    // An idle worker must not keep a process alive (the CLI-like bench, tests); it is ended after a while.
    this.worker?.unref();
    if (!this.worker || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (!this.running && this.queue.length === 0) this.stopWorker();
    }, this.idleMs);
    this.idleTimer.unref?.();
  }

  private start(): void {
    let worker: Worker;
    try {
      worker = new Worker(this.options.script, {
        execArgv: this.options.execArgv,
        resourceLimits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb ?? 512 },
      });
    } catch (e) {
      this.startFailed(e instanceof Error ? e.message : String(e));
      return;
    }
    this.worker = worker;
    this.ready = false;
    this.counters.started++;
    // A worker that never says it is ready (stuck loading) counts as one that could not start.
    this.jobTimer = setTimeout(() => {
      if (this.worker !== worker || this.ready) return;
      this.stopWorker();
      this.startFailed('it did not load in time');
    }, this.timeoutMs);
    worker.on('message', (m: WorkerReply) => this.onMessage(worker, m));
    worker.on('error', (e: Error) => this.onExit(worker, e.message));
    worker.on('exit', (code: number) => this.onExit(worker, `exit code ${code}`));
  }

  private startFailed(reason: string): void {
    this.startFailures++;
    if (this.startFailures >= 2) this.unavailable = `the parse worker could not start (${reason})`;
    this.pump();
  }

  private onMessage(worker: Worker, m: WorkerReply): void {
    if (worker !== this.worker) return;
    if ('ready' in m) {
      this.clearJobTimer();
      this.ready = true;
      this.startFailures = 0;
      this.pump();
      return;
    }
    const job = this.running;
    if (!job || job.id !== m.id) return;
    this.clearJobTimer();
    this.running = undefined;
    this.counters.answered++;
    if (m.ok) this.finish(job, { kind: 'parsed', read: reader(m.packed) });
    else if (m.tooComplex) this.finish(job, { kind: 'tooComplex', message: m.message });
    else this.finish(job, { kind: 'failed', reason: `could not be checked: ${m.message}` });
    this.pump();
  }

  /** The current worker failed or exited (a worker this client stopped itself is no longer current). */
  private onExit(worker: Worker, why: string): void {
    if (worker !== this.worker) return;
    const wasReady = this.ready;
    this.worker = undefined;
    this.ready = false;
    this.clearJobTimer();
    const job = this.running;
    this.running = undefined;
    if (!wasReady) {
      this.startFailed(why);
      return;
    }
    this.counters.crashes++;
    if (job) {
      // The crash may have nothing to do with this note (memory pressure, a killed thread): one more try.
      if (job.attempts < 2) this.queue.unshift(job);
      else this.finish(job, { kind: 'failed', reason: `could not be checked: the parser stopped while reading it (${why})` });
    }
    this.pump();
  }

  private timedOut(job: Job): void {
    if (this.running !== job) return;
    this.jobTimer = undefined;
    this.counters.timeouts++;
    this.running = undefined;
    this.stopWorker();
    this.finish(job, { kind: 'failed', reason: `could not be checked: parsing it took longer than ${Math.round(this.timeoutMs / 1000)} s` });
    this.pump();
  }

  private clearJobTimer(): void {
    if (this.jobTimer) clearTimeout(this.jobTimer);
    this.jobTimer = undefined;
  }

  private stopWorker(): void {
    this.clearJobTimer();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const worker = this.worker;
    this.worker = undefined;
    this.ready = false;
    if (worker) void worker.terminate();
  }
}
