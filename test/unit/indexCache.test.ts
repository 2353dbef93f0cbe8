import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/core/config';
import {
  cachedRiskRows,
  emptyIndexCache,
  fingerprint,
  INDEX_CACHE_VERSION,
  isFresh,
  parseIndexCache,
  serializeIndexCache,
  summarizeNote,
} from '../../src/core/indexCache';
import { lintText } from '../../src/core/lint';
import { riskRows } from '../../src/core/risks';

const fixtures = join(__dirname, '..', 'fixtures', 'analyze');
const TODAY = '2026-11-22';

function summaryOf(file: string, mtimeMs: number) {
  const text = readFileSync(join(fixtures, file), 'utf8');
  const path = `acme/portal/${file}`;
  const { note, findings } = lintText(path, text, DEFAULT_CONFIG, TODAY);
  return summarizeNote({
    path,
    size: Buffer.byteLength(text),
    mtimeMs,
    configKey: fingerprint(DEFAULT_CONFIG),
    today: TODAY,
    meta: note.meta,
    risks: riskRows([note]),
    findings,
    skipped: null,
  });
}

describe('index cache', () => {
  const engine = 'discovery-notes@0.1.0';

  it('round-trips real notes: metadata, risk rows and findings come back equal', () => {
    const cache = emptyIndexCache(engine);
    for (const [i, f] of ['list-form.discovery.md', 'table-form.discovery.md', 'problems.discovery.md'].entries()) {
      const s = summaryOf(f, 1_700_000_000_000 + i * 1000.5);
      cache.notes.set(s.path, s);
    }
    cache.notes.set('acme/portal/binary.discovery.md', {
      ...summarizeNote({ path: 'acme/portal/binary.discovery.md', size: 9, mtimeMs: 1, configKey: 'k', today: TODAY, meta: null, risks: [], findings: [], skipped: 'the file looks binary' }),
    });
    const text = serializeIndexCache(cache);
    const back = parseIndexCache(text, engine);
    assert.ok(back);
    assert.deepEqual(back, cache);
    assert.ok(cachedRiskRows(back).length >= 4, 'the fixtures hold risks');
    assert.ok([...back.notes.values()].some((n) => n.findings.length > 0), 'and findings');
  });

  it('invalidates on another format version, another engine, or text that is not a cache', () => {
    const cache = emptyIndexCache(engine);
    const s = summaryOf('list-form.discovery.md', 5);
    cache.notes.set(s.path, s);
    const text = serializeIndexCache(cache);
    assert.equal(parseIndexCache(text, 'discovery-notes@0.2.0'), null);
    const other = JSON.parse(text) as { version: number };
    other.version = INDEX_CACHE_VERSION + 1;
    assert.equal(parseIndexCache(JSON.stringify(other), engine), null);
    assert.equal(parseIndexCache('{"version":1', engine), null);
    assert.equal(parseIndexCache('null', engine), null);
    assert.equal(parseIndexCache(text.replace('"notes":[[', '"notes":[[null,'), engine), null);
  });

  it('is fresh only for the same size, modification time and configuration', () => {
    const s = summaryOf('list-form.discovery.md', 1234.5);
    assert.ok(isFresh(s, { size: s.size, mtimeMs: 1234.5 }));
    assert.ok(isFresh(s, { size: s.size, mtimeMs: 1234.5 }, fingerprint(DEFAULT_CONFIG)));
    assert.ok(!isFresh(s, { size: s.size + 1, mtimeMs: 1234.5 }));
    assert.ok(!isFresh(s, { size: s.size, mtimeMs: 1235 }));
    assert.ok(!isFresh(s, { size: s.size, mtimeMs: 1234.5 }, fingerprint({ ...DEFAULT_CONFIG, staleQuestionDays: 3 })));
  });

  it('keeps the values of strings cut from a large text, and config fingerprints are stable', () => {
    const big = `${'x'.repeat(100_000)}Vendor API rate limits`;
    const title = big.slice(100_000);
    const s = summarizeNote({
      path: 'a.discovery.md',
      size: 1,
      mtimeMs: 1,
      configKey: 'k',
      today: TODAY,
      meta: null,
      risks: [{ id: 'R-1', title, client: null, engagement: null, path: 'a.discovery.md', line: 3, likelihood: 4, impact: 5, score: 20, band: 'critical', owner: null, status: 'open', due: null, mitigation: null, isOpen: true }],
      findings: [],
      skipped: null,
    });
    assert.equal(s.risks[0].title, 'Vendor API rate limits');
    assert.equal(fingerprint(DEFAULT_CONFIG), fingerprint(JSON.parse(JSON.stringify(DEFAULT_CONFIG))));
  });
});
