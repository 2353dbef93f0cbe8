/**
 * Measures how long the benchmark's indexing loop keeps the event loop to itself, the way the extension host would
 * feel it: a slice runs from the moment the loop regains control (after an await) until it yields again, so it
 * counts everything done in between (decoding, parsing, analysing, settle steps, change events, and the garbage
 * collections that happen to fall inside). Each slice keeps the operations done in it with their times, so the
 * longest slices can say what they were doing; garbage-collection pauses reported by the runtime are attributed
 * to the slice they fell in. An event-loop delay histogram runs alongside as a check that nothing outside the
 * measured slices (I/O callbacks, worker messages being deserialised) blocks longer.
 */
'use strict';

const { performance, PerformanceObserver, monitorEventLoopDelay } = require('node:perf_hooks');

const GC_KINDS = { 1: 'scavenge', 2: 'minor mark-compact', 4: 'mark-compact', 8: 'incremental marking', 16: 'weak callbacks' };

class SliceLog {
  constructor(keep = 5) {
    this.keep = keep;
    this.top = [];
    this.count = 0;
    this.start = -1;
    this.ops = [];
    this.gcs = [];
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) this.gcs.push({ start: e.startTime, ms: e.duration, kind: GC_KINDS[e.detail?.kind] ?? String(e.detail?.kind) });
    });
    this.delay = monitorEventLoopDelay({ resolution: 5 });
  }

  /** Starts observing garbage collection and the event-loop delay. */
  open() {
    this.observer.observe({ entryTypes: ['gc'] });
    this.delay.enable();
    this.begin();
  }

  /** The loop has control again: a slice starts. */
  begin() {
    this.start = performance.now();
    this.cpu = process.cpuUsage();
    this.ops = [];
  }

  /** Runs `fn` inside the current slice and records it as one operation named `label` (a string or a function of the result). */
  op(label, fn) {
    const t = performance.now();
    const result = fn();
    this.ops.push({ what: typeof label === 'function' ? label(result) : label, ms: performance.now() - t });
    return result;
  }

  /** The loop is about to yield (await): the slice ends. Returns its length in ms. */
  end() {
    const now = performance.now();
    const ms = now - this.start;
    this.count++;
    if (this.top.length < this.keep || ms > this.top[this.top.length - 1].ms) {
      const ops = [...this.ops].sort((a, b) => b.ms - a.ms);
      // The processor time the whole process had meanwhile (every thread): far below the slice's length, the
      // process was not running (the VM or the system held it); above it, other threads ran beside this one.
      const cpu = process.cpuUsage(this.cpu);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      this.top.push({ ms, cpuMs, at: this.start, until: now, ops: ops.slice(0, 4).map((o) => `${o.what} ${o.ms.toFixed(1)} ms`), opCount: ops.length });
      this.top.sort((a, b) => b.ms - a.ms);
      this.top.length = Math.min(this.top.length, this.keep);
    }
    return ms;
  }

  /** `await log.wait(promise)`: ends the slice, waits, begins the next one. */
  async wait(promise) {
    this.end();
    try {
      return await promise;
    } finally {
      this.begin();
    }
  }

  /** Stops observing and returns the report: the longest slices with what they did and the GC pauses inside them. */
  close() {
    this.end();
    this.observer.disconnect();
    this.delay.disable();
    const gcTotal = this.gcs.reduce((n, g) => n + g.ms, 0);
    const longestGc = this.gcs.reduce((m, g) => (g.ms > m.ms ? g : m), { ms: 0, kind: 'none' });
    return {
      slices: this.count,
      longestMs: this.top.length > 0 ? this.top[0].ms : 0,
      top: this.top.map((s) => {
        const gc = this.gcs.filter((g) => g.start >= s.at && g.start < s.until);
        return {
          ms: Number(s.ms.toFixed(1)),
          cpuMs: Number(s.cpuMs.toFixed(1)),
          ops: s.opCount,
          longestOps: s.ops,
          gc: gc.map((g) => `${g.kind} ${g.ms.toFixed(1)} ms`),
        };
      }),
      gcPauses: this.gcs.length,
      gcTotalMs: Number(gcTotal.toFixed(0)),
      longestGc: `${longestGc.kind} ${longestGc.ms.toFixed(1)} ms`,
      // The eight longest pauses, for how the collections are spread (the longest alone can be one outlier).
      gcTop: this.gcs.map((g) => g.ms).sort((a, b) => b - a).slice(0, 8).map((x) => Number(x.toFixed(1))),
      // The histogram measures how late a 5 ms timer fired: the longest block of the loop, plus up to 5 ms.
      eventLoopDelayMaxMs: Number((this.delay.max / 1e6).toFixed(1)),
      eventLoopDelayP99Ms: Number((this.delay.percentile(99) / 1e6).toFixed(1)),
    };
  }
}

module.exports = { SliceLog };
