// The cheapest proof that the test host works and that activation is scoped: VS Code 1.100 runs our extension,
// activates it because the workspace contains notes, and leaves it alone in a workspace without any.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeScenario, MAIN_SCENARIO } from './lib/scenario';
import { sleep, waitFor } from './lib/wait';
import { EXTENSION_ID } from './lib/extension';

const FIXTURE_NOTES = [
  'archive/old-bid.discovery.md',
  'greenfield-retail/data-platform/data-platform.discovery.md',
  'greenfield-retail/loyalty-platform/loyalty-platform.discovery.md',
  'harbor-health/patient-scheduling/patient-scheduling.discovery.md',
  'northwind-logistics/customer-portal/customer-portal.discovery.md',
  'northwind-logistics/wms-integration/wms-integration.discovery.md',
];

function ourExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return extension;
}

describeScenario(MAIN_SCENARIO, 'smoke: a workspace with discovery notes', () => {
  it('runs inside VS Code 1.100', () => {
    assert.match(vscode.version, /^1\.100\./);
  });

  it('opens the fixture workspace, where VS Code finds the notes', async () => {
    const found = (await vscode.workspace.findFiles('**/*.discovery.md')).map((u) => vscode.workspace.asRelativePath(u, false));
    // Five engagements plus one under archive/ (ignored by .discovery.yml, but still a file). Other suites may
    // have added notes of their own by now, so only these must be there.
    for (const note of FIXTURE_NOTES) assert.ok(found.includes(note), `${note} not found; found:\n${found.join('\n')}`);
  });

  it('activates the extension without anything being opened', async function () {
    this.timeout(30_000);
    const extension = ourExtension();
    // Never call extension.activate() here: that would pass even if the activation events were wrong.
    await waitFor(`${EXTENSION_ID} to become active`, () => extension.isActive, { timeoutMs: 20_000, intervalMs: 200 });
  });
});

describeScenario('empty', 'smoke: a workspace without discovery notes', () => {
  it('has no notes', async () => {
    const notes = await vscode.workspace.findFiles('**/*.discovery.md');
    assert.equal(notes.length, 0);
  });

  it('leaves the extension installed but inactive', async function () {
    this.timeout(15_000);
    const extension = ourExtension();
    // Activation by workspaceContains happens within a second or two of start-up; five seconds is ample.
    await sleep(5_000);
    assert.equal(extension.isActive, false, `${EXTENSION_ID} activated in a workspace without notes`);
  });
});
