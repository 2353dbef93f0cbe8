/**
 * Preloaded (`node -r`) into processes the benchmark measures: reports the process's peak resident set size on
 * exit, on stderr, in a line the benchmark picks out.
 */
'use strict';

process.on('exit', () => {
  process.stderr.write(`\n__MAXRSS_KB__ ${process.resourceUsage().maxRSS}\n`);
});
