import assert from 'node:assert/strict';
import { stat } from 'node:fs';
import { SLICE_MS, yieldToHost } from '../../src/vscode/slices';

/** Keeps the thread for `ms`, as a slice of work does. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe('yieldToHost (the extension\'s slices)', () => {
  it('runs one slice per turn of the event loop, whoever asks: the host\'s timers run between any two slices', async () => {
    const events: string[] = [];
    // Due at every turn: each slice keeps the thread for longer than the interval.
    const timer = setInterval(() => events.push('timer'), 1);
    const chain = async (name: string) => {
      for (let i = 0; i < 6; i++) {
        await yieldToHost();
        events.push(name);
        busy(2);
      }
    };
    try {
      await Promise.all([chain('a'), chain('b'), chain('c')]);
    } finally {
      clearInterval(timer);
    }
    const slices = events.filter((e) => e !== 'timer');
    assert.equal(slices.length, 18);
    // The three callers take turns, in the order they asked.
    assert.deepEqual(slices.slice(0, 6), ['a', 'b', 'c', 'a', 'b', 'c']);
    for (let i = 1; i < events.length; i++) {
      assert.ok(events[i] === 'timer' || events[i - 1] === 'timer', `two slices in one turn: ${events.slice(0, i + 1).join(' ')}`);
    }
  });

  /** Runs `body` inside an I/O callback (as a worker's answer or a file read arrives); resolves when `body`'s promise does. */
  function inIoCallback(body: () => Promise<unknown>): Promise<void> {
    return new Promise<void>((done, fail) => {
      stat(__filename, (error) => {
        if (error) fail(error);
        else body().then(() => done(), fail);
      });
    });
  }

  it('after an I/O callback that kept the thread, lets the timers run before the next slice', async () => {
    const events: string[] = [];
    await inIoCallback(() => {
      // A caller yields, then the callback keeps the thread (a collection of the heap set off here, another
      // extension's work) longer than a slice.
      const slice = yieldToHost().then(() => events.push('slice'));
      setTimeout(() => events.push('timer'), 0);
      busy(SLICE_MS * 2);
      return slice;
    });
    assert.deepEqual(events, ['timer', 'slice']);
  });

  it('does not hold back a caller whose turn comes at once', async () => {
    const events: string[] = [];
    await inIoCallback(() => {
      const slice = yieldToHost().then(() => events.push('slice'));
      setTimeout(() => events.push('timer'), 5);
      return slice.then(() => new Promise((r) => setTimeout(r, 10)));
    });
    assert.deepEqual(events, ['slice', 'timer']);
  });
});
