// The workspaces the integration suite runs in. Each scenario gets a fresh copy of its fixture, a fresh VS Code
// and a fresh browser; the test index runs only the suites declared for it (test/integration/lib/scenario.ts).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT } = require('./testHostPaths');

const FIXTURES = path.join(REPO_ROOT, 'test', 'integration', 'fixtures');
/** The note the warm-start scenario changes between its two starts, and the risk row it appends (test/integration/warmStart.test.ts). */
const WARM_START_CHANGED_NOTE = 'northwind-logistics/customer-portal/customer-portal.discovery.md';
const WARM_START_NEW_RISK = '| R-90 | Warm start re-reads a changed note | 5 | 5 | Priya | open | 2030-01-31 | Compare the tree after a restart |';

const SCENARIOS = [
  {
    name: 'workspace',
    fixture: path.join(FIXTURES, 'workspace'),
    summary: 'three clients, five engagements, risks in list and table form, a .discovery.yml',
  },
  {
    name: 'empty',
    fixture: path.join(FIXTURES, 'empty-workspace'),
    summary: 'Markdown but no discovery notes: the extension must stay inactive',
  },
  {
    // Opened through its .code-workspace file, so tests can add and remove folders without VS Code restarting
    // the extension host (as it does when a single-folder window becomes a multi-root one).
    name: 'multi-root',
    fixture: path.join(FIXTURES, 'multi-root'),
    workspaceFile: 'multi-root.code-workspace',
    summary: 'a multi-root workspace of two folders (a third one next to them is added by the tests), each with its own .discovery.yml or none',
  },
  {
    // Started twice on the same workspace and user data (a restart of VS Code): the first start writes the index
    // cache to the workspace storage, the second restores the unchanged notes from it. Between the starts one note
    // gets a new risk, which the second start must read again.
    name: 'warm-start',
    fixture: path.join(FIXTURES, 'workspace'),
    summary: 'the main fixture, started twice: the second start restores the unchanged notes from the index cache',
    restart: {
      scenario: 'warm-start-again',
      beforeRestart: (workspace) => {
        const note = path.join(workspace, WARM_START_CHANGED_NOTE);
        fs.appendFileSync(note, `${WARM_START_NEW_RISK}\n`);
      },
    },
  },
];

function scenarioByName(name) {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return found;
}

module.exports = { SCENARIOS, scenarioByName, FIXTURES };
