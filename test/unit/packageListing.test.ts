import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// scripts/ is plain CommonJS run by Node; the check of the .vsix listing is a pure function of the entries.
const { checkListing } = require('../../scripts/checkPackage.js') as {
  checkListing(entries: Array<{ name: string; size: number }>, manifest: unknown): string[];
};

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

/** The listing of a good package: what the manifest needs, under extension/. */
function goodListing(): Array<{ name: string; size: number }> {
  const files = ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'dist/extension.js', 'dist/parseWorker.js', 'media/icon.png', 'media/discovery.svg', 'media/summaryPanel.js', 'media/preview.css', 'snippets/discovery.json', 'syntaxes/discovery.injection.tmLanguage.json', 'schemas/discovery-config.schema.json'];
  for (const w of manifest.contributes.walkthroughs ?? []) for (const s of w.steps) if (s.media?.markdown) files.push(s.media.markdown);
  return [{ name: 'extension.vsixmanifest', size: 1 }, { name: '[Content_Types].xml', size: 1 }, ...files.map((f) => ({ name: `extension/${f}`, size: 100 }))];
}

describe('package listing check', () => {
  it('accepts the bundle and the static contributions', () => {
    assert.deepEqual(checkListing(goodListing(), manifest), []);
  });

  it('rejects sources, tests, source maps, node_modules and the CLI bundle', () => {
    const bad = ['extension/src/extension.ts', 'extension/test/unit/a.test.ts', 'extension/dist/extension.js.map', 'extension/dist/parseWorker.js.map', 'extension/node_modules/yaml/index.js', 'extension/dist/cli.js', 'extension/.vscodeignore', 'extension/media/screenshots/overview-dark.png'];
    const problems = checkListing([...goodListing(), ...bad.map((name) => ({ name, size: 1 }))], manifest);
    assert.deepEqual(problems, bad.map((b) => `should not be packaged: ${b.slice('extension/'.length)}`));
  });

  it('reports files the manifest needs but the package lacks', () => {
    const listing = goodListing().filter((e) => !/media\/(preview\.css|icon\.png)$/.test(e.name));
    assert.deepEqual(checkListing(listing, manifest).sort(), ['missing from the package: media/icon.png', 'missing from the package: media/preview.css']);
  });

  it('reports a package without the parse worker the extension starts from its dist folder', () => {
    const listing = goodListing().filter((e) => e.name !== 'extension/dist/parseWorker.js');
    assert.deepEqual(checkListing(listing, manifest), ['missing from the package: dist/parseWorker.js']);
  });
});
