import * as assert from 'node:assert/strict';
import { WRITE_CONFIRM_CHARS, WRITE_PIECE_CHARS, writeInPieces } from '../../src/cli/writePieces';

describe('writing the report in pieces', () => {
  it('writes everything in order, in pieces of at least 32 K characters but the last, and waits every megabyte', async () => {
    // Chunks as the formats make them: many small ones (the text format's lines), a few large (JSON's pieces).
    const chunks: string[] = [];
    for (let i = 0; i < 20_000; i++) chunks.push(`line ${i} — ${'x'.repeat(i % 90)}\n`);
    for (let i = 0; i < 40; i++) chunks.push('y'.repeat(35_000 + i));
    const events: Array<{ write: number } | 'ready'> = [];
    let written = '';
    await writeInPieces(
      chunks,
      (text) => {
        written += text;
        events.push({ write: text.length });
      },
      async () => {
        events.push('ready');
      },
    );
    assert.equal(written, chunks.join(''));
    const writes = events.filter((e): e is { write: number } => e !== 'ready').map((e) => e.write);
    for (const n of writes.slice(0, -1)) assert.ok(n >= WRITE_PIECE_CHARS && n < WRITE_PIECE_CHARS + 36_000, `a piece of ${n}`);
    assert.ok(writes.length < chunks.length / 20, `${writes.length} writes for ${chunks.length} chunks`);
    // Never more than a megabyte and a piece written since the last wait.
    let since = 0;
    let waits = 0;
    for (const e of events) {
      if (e === 'ready') {
        assert.ok(since >= WRITE_CONFIRM_CHARS, `waited after ${since}`);
        since = 0;
        waits++;
      } else since += e.write;
      assert.ok(since < WRITE_CONFIRM_CHARS + WRITE_PIECE_CHARS + 36_000);
    }
    assert.ok(written.length > 2.2 * WRITE_CONFIRM_CHARS, `${written.length} characters`);
    assert.ok(waits >= 2 && waits <= written.length / WRITE_CONFIRM_CHARS, `${waits} waits`);
  });

  it('writes a short report at once, and an empty one as one empty write, without waiting', async () => {
    for (const chunks of [['{', '"a"', '}\n'], []]) {
      const writes: string[] = [];
      let waited = false;
      await writeInPieces(chunks, (t) => void writes.push(t), async () => void (waited = true));
      assert.deepEqual(writes, [chunks.join('')]);
      assert.equal(waited, false);
    }
  });
});
