import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readWholeFile, SYNC_MAX_BYTES } from '../../src/vscode/wholeFile';

describe('readWholeFile (the index cache read in one request)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-whole-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives every byte of a file larger than the pieces fs.readFile reads in', async () => {
    const file = path.join(dir, 'cache.json');
    const bytes = new Uint8Array(3 * 512 * 1024 + 17);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 9)) & 0xff;
    fs.writeFileSync(file, bytes);
    assert.deepEqual(Buffer.from(await readWholeFile(file)), Buffer.from(bytes));
  });

  it('gives every byte of a file too large to read on the calling thread (read through the pool)', async () => {
    const file = path.join(dir, 'large.json');
    const bytes = Buffer.alloc(SYNC_MAX_BYTES + 4097);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i >> 12) & 0xff;
    bytes[bytes.length - 1] = 7;
    fs.writeFileSync(file, bytes);
    assert.ok(Buffer.from(await readWholeFile(file)).equals(bytes));
  });

  it('gives an empty file as no bytes', async () => {
    const file = path.join(dir, 'empty.json');
    fs.writeFileSync(file, '');
    assert.equal((await readWholeFile(file)).length, 0);
  });

  it('rejects for a missing file with ENOENT, as fs does', async () => {
    await assert.rejects(readWholeFile(path.join(dir, 'missing.json')), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
  });
});
