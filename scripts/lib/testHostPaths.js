// Where the test host lives. Shared by the set-up script and the integration runner so they cannot disagree.
'use strict';

const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** code-server 4.100.3 ships VS Code 1.100.3, the newest that runs on Node 20 (our engines.vscode floor is 1.100). */
const CODE_SERVER_VERSION = '4.100.3';

function codeServerPaths(version = CODE_SERVER_VERSION) {
  const cacheRoot = path.join(REPO_ROOT, '.cache', 'test-host');
  const dir = path.join(cacheRoot, `code-server-${version}`);
  const pkg = path.join(dir, 'node_modules', 'code-server');
  return {
    cacheRoot,
    dir,
    pkg,
    entry: path.join(pkg, 'out', 'node', 'entry.js'),
    vscodeDir: path.join(pkg, 'lib', 'vscode'),
    marker: path.join(dir, '.installed.json'),
    /** An explicit config file, so code-server never reads or writes ~/.config/code-server. */
    config: path.join(dir, 'config.yaml'),
  };
}

module.exports = { REPO_ROOT, CODE_SERVER_VERSION, codeServerPaths };
