/**
 * Loading a CommonJS bundle from a V8 code cache kept beside it, for the `discovery-lint` command (src/cli/bin.ts):
 * a run then does not parse and compile the engine's functions again. Node 20 has no compile cache of its own
 * (`module.enableCompileCache` came with Node 22); this is the same technique, done by hand.
 *
 * The cache is used only when its first line is the hash of the bundle's text and of the Node version that wrote
 * it: V8 itself checks only the length of the source, and bytecode of another text would be wrong code. A missing,
 * stale or rejected cache costs nothing but the compile the run would have done anyway.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** A bundle loaded by {@link loadWithCodeCache}. */
export interface LoadedBundle {
  exports: unknown;
  /** Whether V8 took the cached code (`false` also when there was none, or it was for another text). */
  fromCache: boolean;
  /** Writes the code cache of the bundle as compiled so far (call it late: it then holds what the run compiled). */
  writeCache(): void;
}

/**
 * The first line of a cache file for the bundle `bytes` (its file as read) on this Node version. The bytes are
 * hashed rather than the decoded text: the same digest (the text hashes as its UTF-8), for a tenth of the time
 * (1 ms against 9-13 ms on the CLI's bundle, whose messages are not all ASCII).
 */
export function cacheKey(bytes: Uint8Array): string {
  return createHash('sha256').update(process.version).update('\0').update(bytes).digest('hex');
}

/** The cached data in `file` written for exactly `key`, or `undefined`. */
function readCache(file: string, key: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const eol = data.indexOf(10);
  return eol > 0 && data.toString('latin1', 0, eol) === key ? data.subarray(eol + 1) : undefined;
}

/** Runs the CommonJS bundle `main` (an absolute path) as a module, compiled from the code cache in `cacheFile` when that fits. */
export function loadWithCodeCache(main: string, cacheFile: string): LoadedBundle {
  const bytes = fs.readFileSync(main);
  const key = cacheKey(bytes);
  const source = bytes.toString('utf8');
  const cachedData = readCache(cacheFile, key);
  // The wrapper Node puts around a CommonJS module, on the bundle's first line so its line numbers stay as they are.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename: main, cachedData });
  const mod: { exports: unknown } = { exports: {} };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(main), mod, main, path.dirname(main));
  return {
    exports: mod.exports,
    fromCache: cachedData !== undefined && !script.cachedDataRejected,
    writeCache: () => fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${key}\n`, 'latin1'), script.createCachedData()])),
  };
}
