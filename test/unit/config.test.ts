import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import schema from '../../schemas/discovery-config.schema.json';
import {
  DEFAULT_CONFIG, RULE_NAMES, findConfigFiles, loadConfigForNote, mergeConfig, parseConfigText,
} from '../../src/core/config';
import type { ConfigProblem } from '../../src/core/configTypes';
import type { FileSystem } from '../../src/core/fs';
import { matchSection } from '../../src/core/sections';

const FIXTURES = nodePath.join(__dirname, '..', 'fixtures', 'config');
const fixture = (name: string): string => readFileSync(nodePath.join(FIXTURES, name), 'utf8');

/** The real fixture folder behind the file-system port, with `/`-separated absolute paths. */
function fixtureFs(reads: string[] = []): FileSystem {
  return {
    async readFile(p) {
      reads.push(p);
      return new Uint8Array(readFileSync(p));
    },
    async stat(p) {
      try {
        const s = statSync(p);
        return { size: s.size, mtimeMs: s.mtimeMs, type: s.isDirectory() ? 'directory' : 'file' };
      } catch {
        return null;
      }
    },
    async readDirectory(p) {
      return readdirSync(p, { withFileTypes: true }).map((d) => [d.name, d.isDirectory() ? 'directory' : 'file'] as [string, 'file' | 'directory']);
    },
  };
}

/** A file system with the given files only. */
function memoryFs(files: Record<string, string | Uint8Array>): FileSystem {
  const bytes = (v: string | Uint8Array) => (typeof v === 'string' ? new TextEncoder().encode(v) : v);
  return {
    async readFile(p) {
      if (!(p in files)) throw new Error(`ENOENT: ${p}`);
      return bytes(files[p]);
    },
    async stat(p) {
      if (p in files) return { size: bytes(files[p]).length, mtimeMs: 0, type: 'file' };
      return Object.keys(files).some((f) => f.startsWith(`${p}/`)) ? { size: 0, mtimeMs: 0, type: 'directory' } : null;
    },
    async readDirectory() {
      return [];
    },
  };
}

const lineOf = (problems: ConfigProblem[], pattern: RegExp): number => {
  const p = problems.find((x) => pattern.test(x.message));
  assert.ok(p, `no problem matching ${pattern}: ${problems.map((x) => x.message).join(' | ')}`);
  return p.range.start.line;
};

describe('config', () => {
  describe('DEFAULT_CONFIG', () => {
    it('has the documented defaults', () => {
      assert.equal(DEFAULT_CONFIG.sections.length, 10);
      assert.deepEqual(DEFAULT_CONFIG.bands, { medium: 5, high: 10, critical: 16 });
      assert.equal(DEFAULT_CONFIG.staleQuestionDays, 14);
      assert.equal(DEFAULT_CONFIG.maxFileBytes, 5 * 1024 * 1024);
      assert.deepEqual(DEFAULT_CONFIG.rules, {});
      assert.deepEqual(DEFAULT_CONFIG.ignore, []);
      assert.equal(DEFAULT_CONFIG.likelihoodWords['almost certain'], 5);
      assert.equal(DEFAULT_CONFIG.impactWords.severe, 5);
    });

    it('cannot be changed by accident', () => {
      assert.throws(() => {
        (DEFAULT_CONFIG.rules as Record<string, string>).DISC001 = 'off';
      });
      assert.throws(() => {
        DEFAULT_CONFIG.sections[0].level = 'optional';
      });
    });
  });

  describe('parseConfigText', () => {
    it('reads a full, valid file without problems', () => {
      const { overrides, problems } = parseConfigText(fixture('full.discovery.yml'), '/ws/.discovery.yml');
      assert.deepEqual(problems, []);
      assert.deepEqual(overrides.rules, { DISC007: 'error', DISC011: 'information', DISC012: 'off' });
      assert.deepEqual(overrides.likelihoodWords, { 'almost certain': 5, 'coin flip': 3 });
      assert.deepEqual(overrides.impactWords, { catastrophic: 5, annoying: 1 });
      assert.deepEqual(overrides.bands, { medium: 4, high: 9, critical: 15 });
      assert.equal(overrides.staleQuestionDays, 21);
      assert.deepEqual(overrides.ignore, ['**/templates/**', 'archive/*.discovery.md']);
      assert.equal(overrides.maxFileBytes, 2097152);
      assert.deepEqual(overrides.sectionAdjustments, [
        { name: 'Technology options', level: 'required' },
        { name: 'Business objectives', level: 'optional', aliases: ['Why now', 'Outcomes'] },
        { name: 'Data migration', level: 'required', aliases: ['Migration', 'Cut-over'] },
      ]);
    });

    it('map-form sections adjust the built-in ones and add new ones', () => {
      const { overrides } = parseConfigText(fixture('full.discovery.yml'), 'x');
      const config = mergeConfig(DEFAULT_CONFIG, overrides);
      assert.equal(config.sections.length, 11);
      assert.equal(config.sections.find((s) => s.id === 'technology-options')?.level, 'required');
      const objectives = config.sections.find((s) => s.id === 'business-objectives');
      assert.equal(objectives?.level, 'optional');
      assert.ok(objectives?.aliases.includes('Goals') && objectives.aliases.includes('Why now'));
      assert.deepEqual(config.sections[10], { id: 'data-migration', name: 'Data migration', aliases: ['Migration', 'Cut-over'], level: 'required' });
      assert.equal(matchSection('3. Cut-over', config.sections)?.id, 'data-migration');
      assert.equal(config.likelihoodWords.likely, 4, 'built-in words stay');
      assert.equal(config.likelihoodWords['coin flip'], 3);
    });

    it('list-form sections replace the built-in ones, keeping built-in ids and aliases', () => {
      const { overrides, problems } = parseConfigText(fixture('sections-list.discovery.yml'), 'x');
      assert.deepEqual(problems, []);
      const config = mergeConfig(DEFAULT_CONFIG, overrides);
      assert.deepEqual(config.sections.map((s) => [s.id, s.name, s.level]), [
        ['stakeholders', 'Stakeholders', 'required'],
        ['risks', 'RAID', 'required'],
        ['commitments', 'Next steps', 'recommended'],
        ['budget-and-procurement', 'Budget and procurement', 'required'],
        ['success-criteria', 'Success criteria', 'optional'],
      ]);
      assert.equal(matchSection('Risk register', config.sections)?.id, 'risks');
      assert.equal(matchSection('Risks', config.sections)?.id, 'risks');
      assert.deepEqual(config.sections[4].aliases, ['Outcomes']);
      assert.equal(matchSection('Definition of success', config.sections), null, 'given aliases replace the built-in ones');
      assert.equal(matchSection('Integration mismatches', config.sections), null);
    });

    it('reports every invalid value at its node and keeps the valid parts', () => {
      const text = fixture('invalid.discovery.yml');
      const { overrides, problems } = parseConfigText(text, '/ws/.discovery.yml');
      assert.ok(problems.every((p) => p.path === '/ws/.discovery.yml'));
      const lines = text.split('\n');
      const at = (pattern: RegExp, needle: string, severity: 'error' | 'warning') => {
        const line = lineOf(problems, pattern);
        assert.ok(lines[line].includes(needle), `${pattern} reported on line ${line}: ${lines[line]}`);
        assert.equal(problems.find((p) => pattern.test(p.message))?.severity, severity);
      };
      at(/sections\.Risks/u, 'mandatory', 'error');
      at(/Unknown key `alias`.*Did you mean `aliases`/u, 'alias:', 'warning');
      at(/rules\.DISC001/u, 'loud', 'error');
      at(/Unknown key `DISC099`/u, 'DISC099', 'warning');
      at(/scale\.likelihood\.likely/u, 'likely: 7', 'error');
      at(/Unknown key `severity` in `scale`/u, 'severity', 'warning');
      at(/`bands` must rise/u, 'medium: 12', 'error');
      at(/staleQuestionDays` must be/u, '-3', 'error');
      at(/Each entry of `ignore`/u, '42', 'error');
      at(/Invalid glob/u, '{a,{b', 'error');
      at(/maxFileBytes/u, 'lots', 'error');
      at(/Unknown key `staleQuestionDay`.*Did you mean `staleQuestionDays`/u, 'staleQuestionDay:', 'warning');
      assert.equal(problems.length, 12, problems.map((p) => p.message).join('\n'));
      // The valid parts survive.
      assert.deepEqual(overrides.rules, { DISC002: 'warning' });
      assert.deepEqual(overrides.likelihoodWords, { certain: 5 });
      assert.deepEqual(overrides.ignore, ['**/drafts/**']);
      assert.deepEqual(overrides.sectionAdjustments, [{ name: 'Stakeholders', level: 'optional' }]);
      assert.equal(overrides.bands, undefined);
      assert.equal(overrides.staleQuestionDays, undefined);
      assert.equal(overrides.maxFileBytes, undefined);
    });

    it('positions a problem on the offending characters', () => {
      const { problems } = parseConfigText('rules:\n  DISC001: loud\n', 'x');
      assert.deepEqual(problems[0].range, { start: { line: 1, character: 11 }, end: { line: 1, character: 15 } });
    });

    it('does not use a file with YAML syntax errors, and says where', () => {
      const { overrides, problems } = parseConfigText(fixture('syntax-error.discovery.yml'), 'x');
      assert.deepEqual(overrides, {});
      assert.ok(problems.length >= 1);
      assert.ok(problems.every((p) => p.severity === 'error'));
      assert.match(problems[0].message, /^Not valid YAML/u);
      assert.doesNotMatch(problems[0].message, /at line/u);
      assert.ok([2, 3].includes(problems[0].range.start.line), JSON.stringify(problems[0].range));
    });

    it('handles a BOM and CRLF', () => {
      const { overrides, problems } = parseConfigText(fixture('bom-crlf.discovery.yml'), 'x');
      assert.deepEqual(overrides.rules, { DISC002: 'off' });
      assert.equal(overrides.staleQuestionDays, 30);
      assert.equal(problems.length, 1);
      assert.deepEqual(problems[0].range, { start: { line: 3, character: 0 }, end: { line: 3, character: 3 } });
    });

    it('reads CR-only line breaks', () => {
      const { overrides, problems } = parseConfigText('staleQuestionDays: 3\rfoo: 1\r', 'x');
      assert.equal(overrides.staleQuestionDays, 3);
      assert.deepEqual(problems[0].range.start, { line: 1, character: 0 });
    });

    it('accepts an empty file or comments only', () => {
      for (const text of ['', '\n', '# nothing yet\n', '---\n']) assert.deepEqual(parseConfigText(text, 'x'), { overrides: {}, problems: [] });
    });

    it('rejects a top level that is not a mapping', () => {
      for (const text of ['- a\n- b\n', 'just text\n']) {
        const { overrides, problems } = parseConfigText(text, 'x');
        assert.deepEqual(overrides, {});
        assert.equal(problems.length, 1);
        assert.match(problems[0].message, /mapping/u);
      }
    });

    it('accepts rule names, lower-case codes, short severities and `false`', () => {
      const { overrides, problems } = parseConfigText('rules:\n  missing-section: warn\n  disc002: INFO\n  overdue: false\n  DISC013: off\n', 'x');
      assert.deepEqual(problems, []);
      assert.deepEqual(overrides.rules, { DISC001: 'warning', DISC002: 'information', DISC008: 'off', DISC013: 'off' });
    });

    it('fills bands left out from the built-in ones and checks they rise', () => {
      assert.deepEqual(parseConfigText('bands:\n  critical: 20\n', 'x').overrides.bands, { medium: 5, high: 10, critical: 20 });
      const bad = parseConfigText('bands:\n  high: 3\n', 'x');
      assert.equal(bad.overrides.bands, undefined);
      assert.match(bad.problems[0].message, /must rise/u);
      assert.match(parseConfigText('bands:\n  critical: 26\n', 'x').problems[0].message, /2 to 25/u);
    });

    it('reports list-form section entries that are not sections', () => {
      const { overrides, problems } = parseConfigText('sections:\n  - Risks\n  - level: required\n  - [x]\n  - name: Risk register\n  - "!!!"\n  - name: Budget\n    level: must\n', 'x');
      assert.deepEqual(overrides.sections?.map((s) => s.name), ['Risks', 'Budget']);
      assert.equal(overrides.sections?.[1].level, 'recommended');
      assert.deepEqual(problems.map((p) => [p.range.start.line, p.severity]), [[2, 'error'], [3, 'error'], [4, 'warning'], [5, 'error'], [7, 'error']]);
    });

    it('resolves harmless aliases and refuses alias bombs', () => {
      const ok = parseConfigText('x: &lvl error\nrules:\n  DISC001: *lvl\n', 'x');
      assert.deepEqual(ok.overrides.rules, { DISC001: 'error' });
      assert.equal(ok.problems.length, 1, 'x is unknown');
      const many = Array.from({ length: 150 }, (_, i) => `  - *g${i % 2}`).join('\n');
      const bomb = parseConfigText(`a: &g0 "*.md"\nb: &g1 "*.txt"\nignore:\n${many}\n`, 'x');
      assert.deepEqual(bomb.overrides, {});
      assert.match(bomb.problems[0].message, /alias/iu);
    });

    it('never executes anything: tags and custom types stay data', () => {
      const { problems } = parseConfigText('staleQuestionDays: !!js/function "function() { return 1 }"\n', 'x');
      assert.ok(problems.length >= 1);
    });
  });

  describe('mergeConfig', () => {
    it('merges rules and words, replaces the rest, and never shares objects', () => {
      const base = mergeConfig(DEFAULT_CONFIG, { rules: { DISC001: 'error', DISC002: 'hint' }, ignore: ['a/**'] });
      const merged = mergeConfig(base, { rules: { DISC002: 'off' }, ignore: ['b/**'], impactWords: { catastrophic: 5 } });
      assert.deepEqual(merged.rules, { DISC001: 'error', DISC002: 'off' });
      assert.deepEqual(merged.ignore, ['b/**']);
      assert.equal(merged.impactWords.catastrophic, 5);
      assert.equal(merged.impactWords.minor, 2);
      merged.sections[0].aliases.push('Mutated');
      assert.ok(!base.sections[0].aliases.includes('Mutated'));
      assert.ok(!DEFAULT_CONFIG.sections[0].aliases.includes('Mutated'));
    });

    it('applies section adjustments to the sections of the base', () => {
      const base = mergeConfig(DEFAULT_CONFIG, { sections: [{ id: 'risks', name: 'Risks', aliases: [], level: 'required' }] });
      const merged = mergeConfig(base, { sectionAdjustments: [{ name: 'risks', level: 'optional', aliases: ['Threats', 'RISKS'] }] });
      assert.deepEqual(merged.sections, [{ id: 'risks', name: 'Risks', aliases: ['Threats', 'RISKS'], level: 'optional' }]);
    });
  });

  describe('finding and loading', () => {
    const root = nodePath.join(FIXTURES, 'workspace').split(nodePath.sep).join('/');

    it('finds the .discovery.yml files above a note, nearest first, not above the root', async () => {
      const fs = fixtureFs();
      assert.deepEqual(await findConfigFiles(fs, `${root}/acme/crm-replatform/kickoff.discovery.md`, root), [`${root}/acme/.discovery.yml`, `${root}/.discovery.yml`]);
      assert.deepEqual(await findConfigFiles(fs, `${root}/globex/intro.discovery.md`, `${root}/`), [`${root}/.discovery.yml`]);
      assert.deepEqual(await findConfigFiles(fs, `${root}/acme/crm-replatform/kickoff.discovery.md`, `${root}/acme`), [`${root}/acme/.discovery.yml`]);
      assert.deepEqual(await findConfigFiles(fs, `${root}/acme/crm-replatform/kickoff.discovery.md`, `${root}/acme/crm-replatform`), []);
      assert.deepEqual(await findConfigFiles(fs, '/elsewhere/x.discovery.md', root), []);
    });

    it('applies the nearest file only', async () => {
      const reads: string[] = [];
      const { config, problems, configPath } = await loadConfigForNote(fixtureFs(reads), `${root}/acme/data-platform/notes/week-1.discovery.md`, root, DEFAULT_CONFIG);
      assert.equal(configPath, `${root}/acme/.discovery.yml`);
      assert.deepEqual(reads, [`${root}/acme/.discovery.yml`]);
      assert.deepEqual(problems, []);
      assert.equal(config.staleQuestionDays, 7);
      assert.deepEqual(config.rules, {}, 'the root file is not merged in');
      assert.equal(matchSection('Threats', config.sections)?.id, 'risks');
    });

    it('uses the root file for notes without a nearer one, and the base when there is none', async () => {
      const globex = await loadConfigForNote(fixtureFs(), `${root}/globex/intro.discovery.md`, root, DEFAULT_CONFIG);
      assert.equal(globex.config.staleQuestionDays, 30);
      assert.deepEqual(globex.config.rules, { DISC002: 'off' });
      const none = await loadConfigForNote(fixtureFs(), `${root}/globex/intro.discovery.md`, `${root}/globex`, DEFAULT_CONFIG);
      assert.equal(none.configPath, null);
      assert.deepEqual(none.config, DEFAULT_CONFIG);
      assert.notEqual(none.config, DEFAULT_CONFIG);
    });

    it('reports unreadable, oversized and non-UTF-8 files and falls back to the base', async () => {
      const cases: Array<[string | Uint8Array, RegExp]> = [
        [new Uint8Array([0x72, 0x75, 0x6c, 0x65, 0x73, 0x3a, 0xff, 0xfe]), /UTF-8/u],
        ['ignore:\n' + '  - "x"\n'.repeat(60000), /larger than/u],
      ];
      for (const [content, pattern] of cases) {
        const fs = memoryFs({ '/ws/.discovery.yml': content, '/ws/a/n.discovery.md': '# n' });
        const { config, problems, configPath } = await loadConfigForNote(fs, '/ws/a/n.discovery.md', '/ws', DEFAULT_CONFIG);
        assert.equal(configPath, '/ws/.discovery.yml');
        assert.equal(problems.length, 1);
        assert.match(problems[0].message, pattern);
        assert.deepEqual(config, DEFAULT_CONFIG);
      }
      const failing: FileSystem = { ...memoryFs({ '/ws/.discovery.yml': 'x' }), readFile: async () => { throw new Error('EACCES: permission denied'); } };
      const denied = await loadConfigForNote(failing, '/ws/n.discovery.md', '/ws', DEFAULT_CONFIG);
      assert.match(denied.problems[0].message, /EACCES/u);
    });
  });

  describe('schema', () => {
    it('describes the same keys the validator reads', () => {
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.deepEqual(Object.keys(schema.properties).sort(), ['bands', 'ignore', 'maxFileBytes', 'rules', 'scale', 'sections', 'staleQuestionDays']);
      const ruleKeys = schema.properties.rules.propertyNames.enum as string[];
      for (const [code, name] of Object.entries(RULE_NAMES)) assert.ok(ruleKeys.includes(code) && ruleKeys.includes(name), code);
      assert.equal(schema.properties.maxFileBytes.default, DEFAULT_CONFIG.maxFileBytes);
      assert.equal(schema.properties.staleQuestionDays.default, DEFAULT_CONFIG.staleQuestionDays);
      assert.equal(schema.properties.ignore.items.maxLength, 500);
    });
  });
});
