/**
 * Robustness corpora nobody here wrote: every example of the CommonMark spec (and the GFM extensions' examples
 * embedded in the spec text) turned into notes, and the Markdown files under `node_modules` renamed as notes. Zero
 * crashes, every range inside its note, each note within a time bound; the counts are printed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { lintText } from '../../src/core/lint';
import { assertRangesInside } from './support/generatedNotes';

const FULL = process.env.DISCOVERY_FULL_RUN === '1';
/** Longest one corpus note may take (a hang guard on a loaded CI machine, not a benchmark). */
const PER_NOTE_BOUND_MS = 10_000;
const TODAY = '2026-11-22';
const PATH = 'acme-retail/loyalty-platform/corpus.discovery.md';
/** Files under node_modules read in `npm test` (all of them with `DISCOVERY_FULL_RUN=1`). */
const MODULE_FILES = FULL ? Infinity : 150;
const MAX_FILE_BYTES = 512 * 1024;

const spec = require('commonmark-spec') as { tests: Array<{ markdown: string; section: string; number: number }> };

function check(text: string, where: string, stats: { notes: number; slowestMs: number; slowest: string }): void {
  const start = performance.now();
  let result;
  try {
    result = lintText(PATH, text, DEFAULT_CONFIG, TODAY, { standalone: true });
  } catch (e) {
    assert.fail(`${where} crashed: ${e instanceof Error ? e.stack : String(e)}`);
  }
  const ms = performance.now() - start;
  assert.ok(ms < PER_NOTE_BOUND_MS, `${where} took ${Math.round(ms)} ms`);
  assertRangesInside(result.note, text, `${where} note`);
  assertRangesInside(result.findings, text, `${where} findings`);
  stats.notes++;
  if (ms > stats.slowestMs) {
    stats.slowestMs = ms;
    stats.slowest = where;
  }
}

function markdownFilesUnder(root: string, limit: number): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0 && out.length < limit) {
    const dir = stack.pop() as string;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && !e.isSymbolicLink()) stack.push(full);
      else if (e.isFile() && /\.(md|markdown)$/iu.test(e.name) && out.length < limit) out.push(full);
    }
  }
  return out;
}

describe('robustness corpora', function () {
  this.timeout(FULL ? 1_200_000 : 120_000);

  it('every CommonMark spec example, alone and under a Risks heading with front matter, in LF and CRLF', () => {
    const stats = { notes: 0, slowestMs: 0, slowest: '' };
    for (const t of spec.tests) {
      const where = `spec example ${t.number} (${t.section})`;
      check(t.markdown, where, stats);
      const note = `---\nclient: Acme\nengagement: Loyalty\n---\n## Risks\n\n${t.markdown}\n## Stakeholders\n\n- [ ] R-1: ${t.markdown.split('\n')[0]}\n`;
      check(note, `${where} in a note`, stats);
      check(note.replace(/\n/gu, '\r\n'), `${where} in a CRLF note`, stats);
    }
    assert.ok(spec.tests.length > 600, `only ${spec.tests.length} spec examples`);
    console.log(`      ${spec.tests.length} spec examples -> ${stats.notes} notes, 0 crashes; slowest ${Math.round(stats.slowestMs)} ms (${stats.slowest})`);
  });

  it('Markdown files found under node_modules, renamed as notes', () => {
    const files = markdownFilesUnder(path.join(__dirname, '..', '..', 'node_modules'), MODULE_FILES);
    const stats = { notes: 0, slowestMs: 0, slowest: '' };
    let skipped = 0;
    let bytes = 0;
    for (const file of files) {
      const buf = fs.readFileSync(file);
      if (buf.length > MAX_FILE_BYTES) {
        skipped++;
        continue;
      }
      bytes += buf.length;
      check(buf.toString('utf8'), path.relative(path.join(__dirname, '..', '..'), file), stats);
    }
    assert.ok(stats.notes >= Math.min(files.length, 100) - skipped, `only ${stats.notes} notes read`);
    console.log(
      `      ${stats.notes} Markdown files (${Math.round(bytes / 1024)} KB) from node_modules, 0 crashes, ${skipped} over ${MAX_FILE_BYTES / 1024} KB left out; slowest ${Math.round(stats.slowestMs)} ms (${stats.slowest})`,
    );
  });
});
