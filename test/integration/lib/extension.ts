// The extension under test, as the suites reach it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './wait';

export const EXTENSION_ID = 'discovery-notes.discovery-notes';

/**
 * The extension's test API once VS Code has activated it. The suites wait for the activation the fixture's notes
 * cause instead of asking for it, so a broken activation event fails them. `T` is the part of the API a suite uses.
 */
export async function extensionApi<T>(timeoutMs = 20_000): Promise<T> {
  const extension = vscode.extensions.getExtension<T>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  await waitFor('the extension to activate', () => extension.isActive, { timeoutMs });
  return extension.exports;
}

/** A path under the fixtures the suites copy into the workspace while VS Code runs (`test/integration/fixtures/incoming`). */
export function incomingFixture(...parts: string[]): string {
  return path.join(vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '', 'test', 'integration', 'fixtures', 'incoming', ...parts);
}
