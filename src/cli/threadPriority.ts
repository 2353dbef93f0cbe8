/**
 * The `discovery-lint` command's threads: its own thread checks the notes, and the JavaScript engine's helper
 * threads (four of them in Node, whatever the machine) compile hot functions and help the garbage collector. On a
 * 1,000-note check the helpers used about as much processor time as the check itself (0.9-1.0 s of compiling), so
 * on a 2-core machine they took turns with the thread they were helping. {@link yieldHelperThreads} gives them a
 * lower scheduling priority than that thread: they still do all their work, on the time it leaves. Measured on
 * 2 cores (docs/performance.md): 1,000 notes in 1.03-1.10 s instead of 1.21 s (medians of 6 alternated runs);
 * 10,000 notes 7.8-7.9 s instead of 8.1-9.2 s.
 *
 * Linux only, where each thread has an id under /proc/self/task and a priority of its own. Threads started later
 * (worker threads of a large check, libuv's file-system threads) take the priority of the thread that starts them,
 * so they are not lowered.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

/** How much nicer than the command's own thread its helpers are made (nice values: 0 normal, 19 the lowest). */
const HELPER_NICENESS = 10;

/**
 * Lowers the priority of every other thread of this process to `HELPER_NICENESS` below this thread's (never
 * raising one, never past 19), and says how many it lowered. Any failure (another system, a thread that ended
 * meanwhile) leaves that thread as it is: the check is only slower.
 */
export function yieldHelperThreads(): number {
  if (process.platform !== 'linux') return 0;
  let tasks: string[];
  let own: number;
  try {
    tasks = fs.readdirSync('/proc/self/task');
    own = os.getPriority();
  } catch {
    return 0;
  }
  const nice = Math.min(19, own + HELPER_NICENESS);
  let lowered = 0;
  for (const task of tasks) {
    const tid = Number(task);
    if (!Number.isInteger(tid) || tid === process.pid) continue;
    try {
      if (os.getPriority(tid) < nice) {
        os.setPriority(tid, nice);
        lowered++;
      }
    } catch {
      // Gone, or not ours to change: left as it is.
    }
  }
  return lowered;
}
