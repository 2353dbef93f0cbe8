import * as assert from 'node:assert/strict';
import { memoByString } from '../../src/core/detach';

describe('memoByString', () => {
  it('computes once per spelling, starts afresh when full, and never keeps arguments over the length limit', () => {
    const calls: string[] = [];
    const upper = memoByString((s: string) => {
      calls.push(s);
      return s.toUpperCase();
    }, 3, 20);
    assert.equal(upper('risks'), 'RISKS');
    assert.equal(upper('risks'), 'RISKS');
    assert.deepEqual(calls, ['risks']);
    upper('a');
    upper('b');
    // Full (3 entries): the next new spelling clears it, so `risks` is computed again afterwards.
    upper('c');
    upper('risks');
    assert.deepEqual(calls, ['risks', 'a', 'b', 'c', 'risks']);
    const long = 'x'.repeat(21);
    upper(long);
    upper(long);
    assert.deepEqual(calls.slice(-2), [long, long]);
    // Values other than strings are remembered as they are, null included.
    let n = 0;
    const day = memoByString((s: string) => (n++, s === 'bad' ? null : s.length));
    assert.equal(day('bad'), null);
    assert.equal(day('bad'), null);
    assert.equal(day('2026-11-22'), 10);
    assert.equal(n, 2);
  });
});
