import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { emptyList, mapList } from '../../src/core/lists';

const ROOT = join(__dirname, '..', '..');

/**
 * Asks V8, in a process of its own started with `--allow-natives-syntax`, for the elements kind of the arrays the
 * engine makes: `[smi, object, holey]` flags per array named in `script`'s result.
 */
function elementsKinds(script: string): Record<string, [boolean, boolean, boolean]> {
  const probe = `
    const kind = new Function('a', 'return [%HasSmiElements(a), %HasObjectElements(a), %HasHoleyElements(a)]');
    const arrays = (() => { ${script} })();
    process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(arrays).map(([k, a]) => [k, kind(a)]))));`;
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--require', require.resolve('tsx/cjs'), '-e', probe], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

describe('lists of one elements kind (src/core/lists.ts)', function () {
  this.timeout(30_000);

  it('maps as Array.prototype.map does, and gives a new empty list each time', () => {
    assert.deepEqual(mapList([1, 2, 3], (n) => `n${n}`), ['n1', 'n2', 'n3']);
    assert.deepEqual(mapList([], (n: number) => n), []);
    const a = emptyList<string>();
    const b = emptyList<string>();
    a.push('x');
    assert.deepEqual(a, ['x']);
    assert.deepEqual(b, []);
  });

  it('makes empty and full lists, and the model\'s lists that may be empty, of the kind of a list of objects', () => {
    const kinds = elementsKinds(`
      const { emptyList, mapList } = require('./src/core/lists');
      const { parseNote } = require('./src/core/parse/index');
      const { analyze } = require('./src/core/analyze');
      const { readFastYaml } = require('./src/core/fastYaml');
      const { DEFAULT_CONFIG } = require('./src/core/config');
      const bare = analyze(parseNote('---\\ntitle: Kick-off\\ntags: []\\n---\\nNo sections yet.\\n'), DEFAULT_CONFIG, 'a.discovery.md');
      const full = analyze(parseNote('---\\ntags: [portal, q4]\\n---\\n## Risks\\n\\n- R-1 Vendor limits\\n'), DEFAULT_CONFIG, 'b.discovery.md');
      return {
        literal: [],
        emptyList: emptyList(),
        mapListEmpty: mapList([], (x) => x),
        mapListFull: mapList([1, 2], (x) => ({ x })),
        flowListEmpty: readFastYaml('tags: []').data.tags,
        flowListFull: readFastYaml('tags: [a, b]').data.tags,
        sectionsNone: bare.sections,
        sectionsSome: full.sections,
        tagsNone: bare.meta.tags,
        tagsSome: full.meta.tags,
      };`);
    // The control: an empty literal is an array of small integers, which is what the engine's lists must not be.
    assert.deepEqual(kinds.literal, [true, false, false]);
    for (const [name, kind] of Object.entries(kinds)) {
      if (name !== 'literal') assert.deepEqual(kind, [false, true, false], name);
    }
  });
});
