/**
 * The manifest and the code must agree: every declared command is in the command table and every command of the
 * table is declared; menus and keybindings name declared commands; views have providers; settings are read;
 * files the manifest points at exist; the VS Code engine matches the API types.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../src/core/config';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const contributes = pkg.contributes ?? {};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}
const SOURCES = sourceFiles(join(ROOT, 'src')).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const read = (rel: string) => readFileSync(join(ROOT, rel), 'utf8');

/** `{ key: 'id', ... }` entries of an `export const NAME = { ... } as const` object in a source file. */
function constObject(rel: string, name: string): Map<string, string> {
  const text = read(rel);
  const start = text.indexOf(`export const ${name} = {`);
  assert.ok(start >= 0, `${name} not found in ${rel}`);
  const body = text.slice(start, text.indexOf('} as const', start));
  const map = new Map<string, string>();
  for (const m of body.matchAll(/(\w+):\s*'([^']+)'/g)) map.set(m[1], m[2]);
  return map;
}

/** Command ids registered through the table: `{ id: CONST.key, run: ... }` entries, resolved to their ids. */
function tableIds(rel: string, table: string, constName: string, ids: Map<string, string>): string[] {
  const text = read(rel);
  const start = text.indexOf(`export const ${table}`);
  assert.ok(start >= 0, `${table} not found in ${rel}`);
  const body = text.slice(start, text.indexOf('];', start));
  const out: string[] = [];
  for (const m of body.matchAll(new RegExp(`id:\\s*${constName}\\.(\\w+)`, 'g'))) {
    const id = ids.get(m[1]);
    assert.ok(id, `${constName}.${m[1]} has no id`);
    out.push(id);
  }
  return out;
}

const OWN = constObject('src/vscode/commandIds.ts', 'COMMAND');
const TREE = constObject('src/vscode/treeCommands.ts', 'TREE_COMMAND');
const TABLE = [
  ...tableIds('src/vscode/commands.ts', 'COMMANDS', 'COMMAND', OWN),
  ...tableIds('src/vscode/treeCommands.ts', 'TREE_COMMANDS', 'TREE_COMMAND', TREE),
];
const DECLARED: string[] = (contributes.commands ?? []).map((c: { command: string }) => c.command);

describe('manifest', () => {
  describe('commands', () => {
    it('registers the whole table in one loop', () => {
      const commands = read('src/vscode/commands.ts');
      assert.match(commands, /\[\.\.\.COMMANDS, \.\.\.TREE_COMMANDS\]\.map\(/);
      const registering = SOURCES.filter((s) => /commands\.registerCommand\(/.test(s.text)).map((s) => s.file.slice(ROOT.length + 1));
      assert.deepEqual(registering, [join('src', 'vscode', 'commands.ts')]);
    });

    it('declares every command of the table, and the table has every declared command', () => {
      assert.equal(new Set(TABLE).size, TABLE.length, 'an id is in the table twice');
      assert.deepEqual([...DECLARED].sort(), [...TABLE].sort());
      assert.ok(TABLE.length >= 7 + 10);
    });

    it('defines each id once in the code', () => {
      for (const id of TABLE) {
        const definitions = SOURCES.flatMap((s) => s.text.match(new RegExp(`'${id.replace(/\./g, '\\.')}'`, 'g')) ?? []);
        assert.equal(definitions.length, 1, `${id} is spelled out ${definitions.length} times in src`);
      }
    });

    it('puts every command in the Discovery category with a title', () => {
      for (const c of contributes.commands) {
        assert.equal(c.category, 'Discovery', c.command);
        assert.ok(typeof c.title === 'string' && c.title.length > 0, c.command);
      }
    });

    it('gives every command a palette when-clause', () => {
      const palette = new Map<string, string>((contributes.menus?.commandPalette ?? []).map((m: { command: string; when: string }) => [m.command, m.when]));
      for (const id of DECLARED) assert.ok(typeof palette.get(id) === 'string' && palette.get(id) !== '', `${id} has no commandPalette when`);
    });

    it('names only declared commands in menus and keybindings', () => {
      const declared = new Set(DECLARED);
      for (const [menu, entries] of Object.entries(contributes.menus ?? {})) {
        for (const e of entries as Array<{ command?: string; submenu?: string }>) {
          if (e.command) assert.ok(declared.has(e.command), `${menu}: ${e.command} is not declared`);
        }
      }
      for (const k of contributes.keybindings ?? []) assert.ok(declared.has(k.command), `keybinding: ${k.command} is not declared`);
      for (const w of contributes.viewsWelcome ?? []) {
        for (const m of (w.contents as string).matchAll(/\(command:([\w.]+)/g)) {
          if (m[1].startsWith('discovery.')) assert.ok(declared.has(m[1]), `welcome content: ${m[1]} is not declared`);
        }
      }
    });
  });

  describe('views', () => {
    it('has a provider registration for every view', () => {
      const views = Object.values(contributes.views ?? {}).flat() as Array<{ id: string }>;
      assert.ok(views.length >= 2);
      for (const { id } of views) {
        const owner = SOURCES.find((s) => s.text.includes(`'${id}'`) && /window\.(createTreeView|registerTreeDataProvider)\(/.test(s.text));
        assert.ok(owner, `no createTreeView/registerTreeDataProvider in the file defining '${id}'`);
        const constName = owner.text.match(new RegExp(`const (\\w+) = '${id.replace(/\./g, '\\.')}'`))?.[1];
        const registered = new RegExp(`window\\.(createTreeView|registerTreeDataProvider)\\(\\s*(${constName ?? '_none_'}|'${id.replace(/\./g, '\\.')}')`);
        assert.ok(registered.test(owner.text), `${id} is not the id passed to the registration`);
      }
    });

    it('registers every feature in activate', () => {
      const ext = read('src/extension.ts');
      for (const f of ['registerDiagnostics', 'registerCodeActions', 'registerHover', 'registerCodeLens', 'registerStatusBar', 'registerRiskTree', 'registerHealthTree', 'registerCommands']) {
        assert.match(ext, new RegExp(`^\\s+${f},$`, 'm'), `${f} is not in activate's register list`);
      }
    });
  });

  describe('when-clause context keys', () => {
    it('sets every discovery.* context key that a when-clause reads', () => {
      const whens: string[] = [];
      for (const entries of Object.values(contributes.menus ?? {})) for (const e of entries as Array<{ when?: string }>) if (e.when) whens.push(e.when);
      for (const w of contributes.viewsWelcome ?? []) if (w.when) whens.push(w.when);
      const keys = new Set(whens.flatMap((w) => w.match(/\bdiscovery\.[\w.]+/g) ?? []).filter((k) => !k.startsWith('discovery.openRisks') && !k.startsWith('discovery.noteHealth')));
      const viewItems = new Set(whens.flatMap((w) => [...w.matchAll(/viewItem == (discovery\.[\w.]+)/g)].map((m) => m[1])));
      const all = SOURCES.map((s) => s.text).join('\n');
      for (const key of keys) {
        if (viewItems.has(key)) continue;
        const constName = all.match(new RegExp(`const (\\w+) = '${key.replace(/\./g, '\\.')}'`))?.[1];
        assert.ok(constName || all.includes(`'${key}'`), `context key ${key} is never defined in src`);
        assert.ok(/'setContext'/.test(all), 'nothing sets a context key');
      }
    });
  });

  describe('settings', () => {
    const properties = contributes.configuration?.properties ?? {};

    it('contributes the documented settings with descriptions', () => {
      const expected = ['diagnostics.scope', 'rules', 'sections.required', 'risk.bands', 'questions.staleDays', 'me', 'exclude', 'maxFileSize', 'tree.expandGroups'];
      assert.deepEqual(Object.keys(properties).sort(), expected.map((k) => `discovery.${k}`).sort());
      for (const [key, p] of Object.entries(properties) as Array<[string, { description?: string; markdownDescription?: string }]>) {
        assert.ok((p.markdownDescription ?? p.description ?? '').length > 30, `${key} needs a clear description`);
      }
    });

    it('reads every setting in the code', () => {
      const setting = constObject('src/vscode/settings.ts', 'SETTING');
      const values = new Set(setting.values());
      const settingsTs = read('src/vscode/settings.ts');
      for (const key of Object.keys(properties)) {
        const name = key.slice('discovery.'.length);
        assert.ok(values.has(name), `${key} is not in SETTING`);
        const constKey = [...setting].find(([, v]) => v === name)![0];
        assert.match(settingsTs, new RegExp(`\\.get<[^>]+>\\(SETTING\\.${constKey}\\)`), `${key} is never read`);
      }
    });

    it('defaults match the engine defaults', () => {
      assert.deepEqual(properties['discovery.risk.bands'].default, DEFAULT_CONFIG.bands);
      assert.equal(properties['discovery.questions.staleDays'].default, DEFAULT_CONFIG.staleQuestionDays);
      assert.equal(properties['discovery.maxFileSize'].default, DEFAULT_CONFIG.maxFileBytes);
    });
  });

  describe('package', () => {
    it('targets VS Code 1.100 or older with matching API types', () => {
      const engine = /^\^?(\d+)\.(\d+)\./.exec(pkg.engines.vscode);
      assert.ok(engine, pkg.engines.vscode);
      const [major, minor] = [Number(engine[1]), Number(engine[2])];
      assert.ok(major === 1 && minor <= 100, `engines.vscode ${pkg.engines.vscode} must be <= 1.100`);
      const types = /^\D*(\d+)\.(\d+)\./.exec(pkg.devDependencies['@types/vscode']);
      assert.ok(types);
      assert.deepEqual([Number(types[1]), Number(types[2])], [major, minor], '@types/vscode must match engines.vscode');
    });

    it('activates on notes, never on everything', () => {
      assert.ok(!pkg.activationEvents.includes('*'));
      assert.ok(pkg.activationEvents.includes('workspaceContains:**/*.discovery.md'));
    });

    it('points only at files that exist', () => {
      const files = [
        pkg.icon,
        ...(contributes.snippets ?? []).map((s: { path: string }) => s.path),
        ...(contributes.grammars ?? []).map((g: { path: string }) => g.path),
        ...(contributes.viewsContainers?.activitybar ?? []).map((v: { icon: string }) => v.icon),
        ...(contributes.yamlValidation ?? []).map((v: { url: string }) => v.url),
      ];
      for (const f of files) assert.ok(existsSync(join(ROOT, f)), `${f} does not exist`);
      const png = readFileSync(join(ROOT, pkg.icon));
      assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
      assert.equal(png.readUInt32BE(16), 128);
      assert.equal(png.readUInt32BE(20), 128);
    });

    it('injects the grammar into Markdown and contributes snippets for Markdown', () => {
      assert.deepEqual(contributes.grammars[0].injectTo, ['text.html.markdown']);
      const grammar = JSON.parse(read(contributes.grammars[0].path.replace(/^\.\//, '')));
      assert.equal(grammar.scopeName, contributes.grammars[0].scopeName);
      assert.equal(contributes.snippets[0].language, 'markdown');
    });

    it('declares workspace trust and virtual workspace support with a description', () => {
      assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
      assert.match(pkg.capabilities.untrustedWorkspaces.description, /\.discovery\.yml/);
      assert.ok('virtualWorkspaces' in pkg.capabilities);
    });

    it('ships only the bundle, its parse worker and static files', () => {
      const ignore = read('.vscodeignore').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
      assert.equal(ignore[0], '**');
      const kept = ignore.slice(1).map((l) => l.replace(/^!/, ''));
      // media/ is listed by kind so the README's screenshots (media/screenshots/) stay out of the package.
      for (const k of kept) assert.match(k, /^(dist\/(extension|parseWorker)\.js|(snippets|syntaxes|schemas|media\/walkthrough)\/\*\*|media\/\*\.(svg|png|css|js)|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/);
      assert.equal(pkg.main, './dist/extension.js');
      assert.ok(pkg.repository?.url?.startsWith('https://github.com/'));
      assert.ok(existsSync(join(ROOT, 'LICENSE')));
    });
  });
});
