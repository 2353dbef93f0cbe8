/**
 * The parse worker (src/worker/parseWorker.ts) with ways to misbehave, for the worker client's tests: a note whose
 * first line is `CRASH` ends the thread, `CRASH-ONCE <file>` ends it unless <file> exists (and creates it), and
 * `HANG` blocks the thread for good. Any other note is parsed by the real worker.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (m: { text: string }) => {
  const first = m.text.slice(0, m.text.indexOf('\n'));
  if (first === 'CRASH') process.exit(3);
  if (first.startsWith('CRASH-ONCE ')) {
    const marker = first.slice('CRASH-ONCE '.length);
    if (!existsSync(marker)) {
      writeFileSync(marker, '');
      process.exit(3);
    }
  }
  // Blocks without spinning a core: nobody ever notifies this cell.
  if (first === 'HANG') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});

// Loaded after the listener above, so that listener sees each note first.
require('../../../src/worker/parseWorker');
