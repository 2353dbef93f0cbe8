import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import { heapGuard } from '../../src/cli/heapGuard';

describe('CLI heap guard', () => {
  /**
   * Makes objects that live long enough to reach the old generation (as an engagement's notes do) and are garbage
   * as soon as this returns.
   */
  function garbage(mb: number): number {
    const held: Array<Array<{ k: number; s: string }>> = [];
    for (let i = 0; i < mb * 16; i++) held.push(Array.from({ length: 1024 }, (_, k) => ({ k, s: `${i}:${k}` })));
    return held.length;
  }

  it('collects once the heap in use passes its limit, and not before', () => {
    const used = () => v8.getHeapStatistics().used_heap_size;
    const never = heapGuard(Number.MAX_SAFE_INTEGER);
    const always = heapGuard(0);
    always();
    const floor = used();
    garbage(40);
    never();
    // Old-generation garbage stays until a full collection (a scavenge only empties the young generation).
    assert.ok(used() - floor > 8 * 2 ** 20, `a guard under its limit leaves the garbage in the heap (${used() - floor} bytes)`);
    always();
    assert.ok(used() < floor + 4 * 2 ** 20, `a guard over its limit collects (${used()} against ${floor})`);
  });
});
