#!/usr/bin/env node
// Checks the .vsix that `npm run package` built: only the bundle and the static contributions are inside (no
// sources, tests, maps or node_modules), the files the manifest points at are there, and the size stays small.
//
//   node scripts/checkPackage.js [path/to/file.vsix]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { zipEntries, readZipEntry } = require('./lib/zipListing');

const ROOT = path.join(__dirname, '..');
const MAX_BYTES = 1024 * 1024;

/** What may be in the package, under `extension/`. */
const ALLOWED = [
  /^dist\/extension\.js$/,
  /^dist\/parseWorker\.js$/,
  /^(snippets|syntaxes|schemas)\/[\w.-]+\.json$/,
  /^media\/[\w.-]+\.(svg|png|css|js)$/,
  /^media\/walkthrough\/[\w.-]+\.(md|svg|png)$/,
  /^(readme|changelog)\.md$/,
  /^LICENSE\.txt$/,
  /^package\.json$/,
];

function vsixPath(arg) {
  if (arg) return path.resolve(arg);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
}

/** Problems with the package's listing, as messages (empty when it is fine). */
function checkListing(entries, manifest) {
  const problems = [];
  const names = new Set();
  for (const e of entries) {
    if (e.name === 'extension.vsixmanifest' || e.name === '[Content_Types].xml') continue;
    if (!e.name.startsWith('extension/')) {
      problems.push(`unexpected entry outside extension/: ${e.name}`);
      continue;
    }
    const rel = e.name.slice('extension/'.length);
    names.add(rel);
    if (!ALLOWED.some((re) => re.test(rel))) problems.push(`should not be packaged: ${rel}`);
  }
  const required = ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', manifest.main.replace(/^\.\//, ''), manifest.icon];
  for (const c of manifest.contributes?.snippets ?? []) required.push(c.path.replace(/^\.\//, ''));
  for (const g of manifest.contributes?.grammars ?? []) required.push(g.path.replace(/^\.\//, ''));
  for (const y of manifest.contributes?.yamlValidation ?? []) required.push(y.url.replace(/^\.\//, ''));
  for (const s of manifest.contributes?.['markdown.previewStyles'] ?? []) required.push(s.replace(/^\.\//, ''));
  for (const w of manifest.contributes?.walkthroughs ?? []) for (const s of w.steps) if (s.media?.markdown) required.push(s.media.markdown);
  required.push('media/summaryPanel.js');
  // The extension starts its parse worker from this file, next to the bundle.
  required.push('dist/parseWorker.js');
  for (const r of required) if (!names.has(r)) problems.push(`missing from the package: ${r}`);
  return problems;
}

function main() {
  const file = vsixPath(process.argv[2]);
  if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} does not exist: run \`npm run package\` first`);
  const entries = zipEntries(file);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const problems = checkListing(entries, manifest);
  // A development bundle (e.g. rebuilt by `node esbuild.js` while packaging) points at a source map we do not ship.
  const bundle = readZipEntry(file, `extension/${manifest.main.replace(/^\.\//, '')}`);
  if (bundle && /\/\/# sourceMappingURL=/.test(bundle.toString('utf8'))) {
    problems.push(`${manifest.main} is a development build (it refers to a source map); package with \`npm run package\``);
  }
  const bytes = fs.statSync(file).size;
  if (bytes > MAX_BYTES) problems.push(`the package is ${(bytes / 1024).toFixed(0)} KB, more than ${MAX_BYTES / 1024} KB`);
  const unpacked = entries.reduce((n, e) => n + e.size, 0);
  console.log(`${path.relative(ROOT, file)}: ${entries.length} files, ${(bytes / 1024).toFixed(1)} KB (${(unpacked / 1024).toFixed(1)} KB unpacked)`);
  if (problems.length > 0) {
    for (const p of problems) console.error(`  ✗ ${p}`);
    process.exitCode = 1;
  } else {
    console.log('  ✓ only the bundle, manifest, snippets, syntaxes, schemas, media, README, CHANGELOG and LICENSE');
  }
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(e.message);
    process.exitCode = 1;
  }
}

module.exports = { checkListing, ALLOWED };
