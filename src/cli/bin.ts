/**
 * The `discovery-lint` command (dist/cli.js): starts the CLI bundle (dist/cli-main.js) from the V8 code cache the
 * build writes beside it (dist/cli-main.cache; see codeCache.ts). On 1,000 notes this made a run about 0.1 s
 * shorter (docs/performance.md).
 *
 * Before that, the engine's helper threads are given a lower priority than the thread that checks (threadPriority.ts).
 *
 * `DISCOVERY_LINT_WRITE_CODE_CACHE=1` writes the cache when the run ends: the build does this once, on the sample
 * notes in examples/, so that the functions a check runs are in it.
 */
import * as path from 'node:path';
import { loadWithCodeCache } from './codeCache';
import { yieldHelperThreads } from './threadPriority';

yieldHelperThreads();
const bundle = loadWithCodeCache(path.join(__dirname, 'cli-main.js'), path.join(__dirname, 'cli-main.cache'));
if (process.env.DISCOVERY_LINT_WRITE_CODE_CACHE === '1') process.once('exit', () => bundle.writeCache());
(bundle.exports as { runAsCommand(): void }).runAsCommand();
