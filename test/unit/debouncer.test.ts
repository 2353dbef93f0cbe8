import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Debouncer } from '../../src/vscode/debouncer';

describe('Debouncer (one rebuild per burst of index updates)', () => {
  it('runs once after a burst of requests, when they stop', async () => {
    let runs = 0;
    const d = new Debouncer(30, () => runs++);
    for (let i = 0; i < 5; i++) {
      d.schedule();
      await sleep(5);
    }
    assert.equal(d.pending, true);
    assert.equal(runs, 0, 'not while requests keep coming');
    await sleep(60);
    assert.equal(runs, 1);
    assert.equal(d.pending, false);
  });

  it('drops a scheduled run when cancelled, and says whether one was pending', async () => {
    let runs = 0;
    const d = new Debouncer(10, () => runs++);
    assert.equal(d.cancel(), false);
    d.schedule();
    assert.equal(d.cancel(), true);
    assert.equal(d.pending, false);
    await sleep(30);
    assert.equal(runs, 0);
  });
});
