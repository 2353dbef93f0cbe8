// The workspaces the integration suite runs in. Each scenario gets a fresh copy of its fixture, a fresh VS Code
// and a fresh browser; the test index runs only the suites declared for it (test/integration/lib/scenario.ts).
'use strict';

const path = require('node:path');
const { REPO_ROOT } = require('./testHostPaths');

const FIXTURES = path.join(REPO_ROOT, 'test', 'integration', 'fixtures');

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
];

function scenarioByName(name) {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return found;
}

module.exports = { SCENARIOS, scenarioByName, FIXTURES };
