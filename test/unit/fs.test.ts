import assert from 'node:assert/strict';
import { FileNotFoundError, MemoryFileSystem } from '../../src/core/fs';
import { basename, dirname, extname, isAbsolute, isInside, join, normalize, relative } from '../../src/core/paths';
import { decodeNoteBytes } from '../../src/core/text';

describe('fs', () => {
  describe('MemoryFileSystem', () => {
    const make = () =>
      new MemoryFileSystem({
        '/work/acme/erp/2026-11-03-kickoff.discovery.md': '---\nclient: Acme\n---\n## Risks\n',
        '/work/acme/.discovery.yml': 'sections: []\n',
        '/work/globex/notes.discovery.md': new Uint8Array([0xef, 0xbb, 0xbf, 0x23]),
      });

    it('reads strings as UTF-8 and bytes as given', async () => {
      const fs = make();
      const text = decodeNoteBytes(await fs.readFile('/work/acme/erp/2026-11-03-kickoff.discovery.md'));
      assert.deepEqual(text, { ok: true, text: '---\nclient: Acme\n---\n## Risks\n' });
      assert.deepEqual([...(await fs.readFile('/work/globex/notes.discovery.md'))], [0xef, 0xbb, 0xbf, 0x23]);
    });

    it('rejects a missing file with an ENOENT error', async () => {
      await assert.rejects(make().readFile('/work/missing.discovery.md'), (e: unknown) => e instanceof FileNotFoundError && e.code === 'ENOENT');
      await assert.rejects(make().readFile('/work/acme'), FileNotFoundError);
    });

    it('stats files, implied folders and missing paths', async () => {
      const fs = make();
      const stat = await fs.stat('/work/acme/.discovery.yml');
      assert.equal(stat?.type, 'file');
      assert.equal(stat?.size, 13);
      assert.equal((await fs.stat('/work/acme/erp'))?.type, 'directory');
      assert.equal((await fs.stat('/'))?.type, 'directory');
      assert.equal(await fs.stat('/work/nope'), null);
    });

    it('lists a folder sorted by name, with types', async () => {
      const fs = make();
      assert.deepEqual(await fs.readDirectory('/work'), [['acme', 'directory'], ['globex', 'directory']]);
      assert.deepEqual(await fs.readDirectory('/work/acme/'), [['.discovery.yml', 'file'], ['erp', 'directory']]);
      fs.mkdir('/work/empty');
      assert.deepEqual(await fs.readDirectory('/work/empty'), []);
      await assert.rejects(fs.readDirectory('/work/acme/.discovery.yml'), FileNotFoundError);
    });

    it('normalises paths', async () => {
      const fs = make();
      assert.equal((await fs.stat('/work//acme/./erp/../.discovery.yml'))?.type, 'file');
    });

    it('advances the modification time on every write and deletes files and folders', async () => {
      const fs = make();
      const path = '/work/acme/erp/2026-11-03-kickoff.discovery.md';
      const before = (await fs.stat(path))!.mtimeMs;
      fs.writeFile(path, '## Risks\n- [ ] R-1: x\n');
      const after = (await fs.stat(path))!;
      assert.ok(after.mtimeMs > before);
      assert.equal(after.size, 22);
      assert.equal(fs.delete('/work/acme'), true);
      assert.equal(await fs.stat(path), null);
      assert.equal(await fs.stat('/work/acme'), null);
      assert.deepEqual(fs.listFiles(), ['/work/globex/notes.discovery.md']);
      assert.equal(fs.delete('/work/acme'), false);
    });
  });

  describe('paths', () => {
    it('normalize', () => {
      assert.equal(normalize('/a//b/./c/../d/'), '/a/b/d');
      assert.equal(normalize('/../a'), '/a');
      assert.equal(normalize('../a/../../b'), '../../b');
      assert.equal(normalize(''), '.');
      assert.equal(normalize('./'), '.');
      assert.equal(normalize('/'), '/');
    });

    it('join', () => {
      assert.equal(join('/work', 'acme', '../globex', 'notes.discovery.md'), '/work/globex/notes.discovery.md');
      assert.equal(join('a', '', 'b'), 'a/b');
      assert.equal(join(), '.');
    });

    it('dirname and basename', () => {
      assert.equal(dirname('/work/acme/note.discovery.md'), '/work/acme');
      assert.equal(dirname('/work'), '/');
      assert.equal(dirname('/'), '/');
      assert.equal(dirname('note.md'), '.');
      assert.equal(dirname('a/b/'), 'a');
      assert.equal(basename('/work/acme/note.discovery.md'), 'note.discovery.md');
      assert.equal(basename('/work/acme/note.discovery.md', '.discovery.md'), 'note');
      assert.equal(basename('/work/acme/'), 'acme');
      assert.equal(basename('.discovery.md', '.discovery.md'), '.discovery.md');
      assert.equal(basename('/'), '');
    });

    it('extname and isAbsolute', () => {
      assert.equal(extname('/w/note.discovery.md'), '.md');
      assert.equal(extname('/w/.discovery'), '');
      assert.equal(extname('/w/Makefile'), '');
      assert.equal(isAbsolute('/w'), true);
      assert.equal(isAbsolute('w'), false);
    });

    it('relative', () => {
      assert.equal(relative('/work', '/work/acme/erp/note.discovery.md'), 'acme/erp/note.discovery.md');
      assert.equal(relative('/work/acme', '/work/globex/x.md'), '../globex/x.md');
      assert.equal(relative('/work/acme', '/work/acme'), '');
      assert.equal(relative('/work/acme/erp', '/work'), '../..');
      assert.equal(relative('/', '/a'), 'a');
    });

    it('isInside', () => {
      assert.equal(isInside('/work/acme/x.md', '/work'), true);
      assert.equal(isInside('/work', '/work/'), true);
      assert.equal(isInside('/workshop/x.md', '/work'), false);
      assert.equal(isInside('/a', '/'), true);
    });
  });
});
