import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openCacheFile, readWholeFile, SYNC_MAX_BYTES } from '../../src/vscode/wholeFile';

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

  describe('openCacheFile (the index cache for a warm start)', () => {
    const fileOf = (name: string, length: number) => {
      const file = path.join(dir, name);
      const bytes = Buffer.alloc(length);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 10)) & 0xff;
      fs.writeFileSync(file, bytes);
      return { file, bytes };
    };

    it('reads a first part at once, any bytes for the asking, then the rest in one go', async () => {
      const { file, bytes } = fileOf('parts.bin', 4 * 1024 * 1024 + 5);
      const opened = await openCacheFile(file);
      assert.equal(opened.complete, false);
      assert.equal(opened.size, bytes.length);
      assert.ok(opened.start.length >= bytes.length / 8 && opened.start.length < bytes.length, `first part of ${opened.start.length} bytes`);
      assert.ok(Buffer.from(opened.start).equals(bytes.subarray(0, opened.start.length)));
      // Before the rest is read: bytes past the first part, read for the asking.
      const far = bytes.length - 1000;
      assert.ok(Buffer.from(opened.read(far, far + 700)).equals(bytes.subarray(far, far + 700)));
      assert.ok(Buffer.from(opened.read(10, 20)).equals(bytes.subarray(10, 20)));
      const all = await opened.readRest();
      assert.ok(Buffer.from(all).equals(bytes));
      assert.equal(opened.readRest(), opened.readRest(), 'read once');
      assert.ok(Buffer.from(opened.read(far, bytes.length)).equals(bytes.subarray(far)));
    });

    it('reads nothing more once closed, and a file cut short since gives what there is', async () => {
      const { file, bytes } = fileOf('closed.bin', 2 * 1024 * 1024);
      const closed = await openCacheFile(file);
      closed.close();
      assert.equal(closed.read(bytes.length - 10, bytes.length).length, 0);
      const cut = await openCacheFile(file);
      fs.truncateSync(file, bytes.length - 100);
      assert.equal(cut.read(bytes.length - 200, bytes.length).length, 100, 'the bytes there are');
      assert.equal((await cut.readRest()).length, bytes.length - 100);
    });

    it('reads a small file whole, and rejects for a missing one with ENOENT', async () => {
      const { file, bytes } = fileOf('small.bin', 4 * 1024);
      const opened = await openCacheFile(file);
      assert.equal(opened.complete, true);
      assert.ok(Buffer.from(opened.start).equals(bytes));
      await assert.rejects(openCacheFile(path.join(dir, 'missing.bin')), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
    });
  });
});
