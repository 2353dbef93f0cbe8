import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const MODULE = path.join(__dirname, '..', '..', 'src', 'cli', 'threadPriority.ts');

/** Runs `yieldHelperThreads` in a fresh Node process (under `nice`, if given) and reads back every thread's priority. */
function inChild(prefix: string[]): { lowered: number; main: number; pid: number; others: number[] } {
  const script = `
    const os = require('node:os');
    const fs = require('node:fs');
    const lowered = require(${JSON.stringify(MODULE)}).yieldHelperThreads();
    const others = fs.readdirSync('/proc/self/task').map(Number).filter((t) => t !== process.pid).map((t) => os.getPriority(t));
    process.stdout.write(JSON.stringify({ lowered, main: os.getPriority(), pid: process.pid, others }));
  `;
  const [cmd, ...args] = [...prefix, process.execPath, '--require', 'tsx/cjs', '-e', script];
  const run = spawnSync(cmd, args, { encoding: 'utf8', cwd: path.join(__dirname, '..', '..') });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

describe('CLI helper threads (yieldHelperThreads)', function () {
  before(function () {
    if (process.platform !== 'linux') this.skip();
  });

  it("lowers every other thread of the process to 10 below the checking thread, and leaves that thread as it is", () => {
    const r = inChild([]);
    // Node starts the engine's helper threads before any script runs.
    assert.ok(r.others.length >= 4, JSON.stringify(r));
    assert.ok(r.lowered >= 4, JSON.stringify(r));
    assert.equal(r.main, 0);
    assert.ok(r.others.every((p) => p === 10), JSON.stringify(r));
  });

  it('never goes past the lowest priority, and never raises a thread', () => {
    const r = inChild(['nice', '-n', '15']);
    assert.equal(r.main, 15);
    assert.ok(r.others.every((p) => p === 19), JSON.stringify(r));
    const lowest = inChild(['nice', '-n', '19']);
    assert.equal(lowest.lowered, 0);
    assert.ok(lowest.others.every((p) => p === 19), JSON.stringify(lowest));
  });
});
