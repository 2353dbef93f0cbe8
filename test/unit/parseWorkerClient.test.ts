import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoteTooComplexError, parseNote, REMARK_MAX_INLINE_OPENERS } from '../../src/core/parse/index';
import { ParseWorkerClient, parseOnHost, WORKER_MIN_CHARS, type WorkerParse } from '../../src/worker/parseWorkerClient';

// Real worker threads over the TypeScript sources, loaded through tsx (what the bundle dist/parseWorker.js is built from).
const TSX = ['--require', require.resolve('tsx/cjs')];
const WORKER = join(__dirname, '..', '..', 'src', 'worker', 'parseWorker.ts');
const MISBEHAVING = join(__dirname, 'support', 'misbehavingParseWorker.ts');
/** A realistic note the scanner declines: a client's email quoted with a list inside the quote, and a footnote. */
const DECLINED = readFileSync(join(__dirname, '..', 'integration', 'fixtures', 'incoming', 'orbit-telecom', 'billing-migration', 'billing-migration.discovery.md'), 'utf8');
const PLAIN = readFileSync(join(__dirname, '..', 'fixtures', 'workspaceIndex', 'workshop.discovery.md'), 'utf8');

function parsed(r: WorkerParse) {
  assert.equal(r.kind, 'parsed', JSON.stringify(r).slice(0, 300));
  return (r as Extract<WorkerParse, { kind: 'parsed' }>).read();
}

describe('parse worker client', function () {
  this.timeout(60_000);
  const clients: ParseWorkerClient[] = [];
  const client = (script = WORKER, extra: { timeoutMs?: number; idleMs?: number } = {}) => {
    const c = new ParseWorkerClient({ script, execArgv: TSX, ...extra });
    clients.push(c);
    return c;
  };
  afterEach(() => {
    for (const c of clients.splice(0)) c.dispose();
  });

  it('leaves large notes and notes the scanner declines to the worker, and parses the rest on the host', () => {
    assert.equal(parseOnHost(DECLINED), null);
    assert.deepEqual(parseOnHost(PLAIN), parseNote(PLAIN));
    const large = PLAIN + '\nMore notes from the workshop, as the engagement went on.\n'.repeat(Math.ceil(WORKER_MIN_CHARS / 50));
    assert.ok(large.length > WORKER_MIN_CHARS);
    assert.equal(parseOnHost(large), null);
  });

  it('parses in a worker thread exactly what parseNote gives on the host, started on the first note', async () => {
    const c = client();
    assert.equal(c.alive, false);
    const [a, b] = await Promise.all([c.parse(DECLINED), c.parse(PLAIN)]);
    assert.deepEqual(parsed(a), parseNote(DECLINED));
    assert.equal(parsed(a).parser, 'remark');
    assert.deepEqual(parsed(b), parseNote(PLAIN));
    assert.deepEqual(c.counters, { started: 1, answered: 2, crashes: 0, timeouts: 0, cancelled: 0 });
    c.dispose();
    assert.equal(c.alive, false);
  });

  it('reports a note remark may not take with the same message as the host', async () => {
    // A paragraph dense with inline openers inside a quoted list: declined by the scanner, refused by the budget.
    const text = `# Note\n\n## Risks\n\n> - ${'*_['.repeat(REMARK_MAX_INLINE_OPENERS)}\n`;
    let hostMessage = '';
    try {
      parseNote(text);
    } catch (e) {
      assert.ok(e instanceof NoteTooComplexError);
      hostMessage = e.message;
    }
    assert.notEqual(hostMessage, '');
    assert.deepEqual(await client().parse(text), { kind: 'tooComplex', message: hostMessage });
  });

  it('replaces a worker that crashes, tries the note once more, and reports it failed when it crashes again', async () => {
    const c = client(MISBEHAVING);
    const crash = await c.parse('CRASH\n# Note\n');
    assert.equal(crash.kind, 'failed');
    assert.match((crash as { reason: string }).reason, /the parser stopped while reading it/);
    // The next note is parsed by a new worker.
    assert.deepEqual(parsed(await c.parse(PLAIN)), parseNote(PLAIN));
    assert.deepEqual(c.counters, { started: 3, answered: 1, crashes: 2, timeouts: 0, cancelled: 0 });
  });

  it('keeps the note a worker crashed on for reasons of its own: the retry in a new worker parses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-worker-'));
    try {
      const c = client(MISBEHAVING);
      const text = `CRASH-ONCE ${join(dir, 'crashed')}\n${PLAIN}`;
      const queued = c.parse(PLAIN);
      const [first, second] = await Promise.all([c.parse(text), queued]);
      assert.deepEqual(parsed(first), parseNote(text));
      assert.deepEqual(parsed(second), parseNote(PLAIN));
      assert.equal(c.counters.crashes, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ends a worker that hangs on a note, reports the note failed and parses the next one', async () => {
    const c = client(MISBEHAVING, { timeoutMs: 1500 });
    const [hung, next] = await Promise.all([c.parse('HANG\n# Note\n'), c.parse(PLAIN)]);
    assert.deepEqual(hung, { kind: 'failed', reason: 'could not be checked: parsing it took longer than 2 s' });
    assert.deepEqual(parsed(next), parseNote(PLAIN));
    assert.equal(c.counters.timeouts, 1);
    assert.equal(c.counters.started, 2);
  });

  it('drops queued notes and stops the note being read when their scan is cancelled; other notes go on', async () => {
    const c = client(MISBEHAVING);
    const scan = new AbortController();
    const running = c.parse('HANG\n# Note\n', scan.signal);
    const queued = [c.parse(DECLINED, scan.signal), c.parse(PLAIN, scan.signal)];
    const other = c.parse(PLAIN);
    scan.abort();
    assert.deepEqual(await Promise.all([running, ...queued]), [{ kind: 'cancelled' }, { kind: 'cancelled' }, { kind: 'cancelled' }]);
    assert.deepEqual(parsed(await other), parseNote(PLAIN));
    assert.equal(c.counters.cancelled, 3);
    assert.deepEqual(await c.parse(PLAIN, scan.signal), { kind: 'cancelled' });
  });

  it('says it is unavailable when no worker can start, so the caller parses on the host', async () => {
    const c = client(join(__dirname, 'support', 'no-such-worker.js'));
    const r = await c.parse(PLAIN);
    assert.equal(r.kind, 'unavailable');
    assert.match((r as { reason: string }).reason, /the parse worker could not start/);
    assert.equal((await c.parse(PLAIN)).kind, 'unavailable');
  });

  it('settles every pending note as cancelled on dispose and ends the thread', async () => {
    const c = client(MISBEHAVING);
    const pending = [c.parse('HANG\n# Note\n'), c.parse(PLAIN)];
    await new Promise((r) => setTimeout(r, 300));
    c.dispose();
    assert.deepEqual(await Promise.all(pending), [{ kind: 'cancelled' }, { kind: 'cancelled' }]);
    assert.equal(c.alive, false);
    assert.deepEqual(await c.parse(PLAIN), { kind: 'cancelled' });
  });

  it('ends an idle worker after a while and starts a new one for the next note', async () => {
    const c = client(WORKER, { idleMs: 50 });
    parsed(await c.parse(PLAIN));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(c.alive, false);
    parsed(await c.parse(PLAIN));
    assert.equal(c.counters.started, 2);
  });
});
