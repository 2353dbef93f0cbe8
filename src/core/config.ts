/**
 * Configuration: the built-in defaults, `.discovery.yml` parsing and validation, and merging.
 *
 * A `.discovery.yml` is data only. It is validated by hand against the shape documented in
 * `schemas/discovery-config.schema.json`: wrong types are errors, unknown keys are warnings, and every
 * problem is positioned at the offending node of the file. What is valid is kept; what is not is dropped
 * (so one bad value never disables the whole file). A file with YAML syntax errors is not used at all,
 * because a half-parsed file could mean something its author did not write.
 *
 * The nearest `.discovery.yml` above a note (inside the workspace root) is the one that applies; files
 * further up are not merged into it.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { ConfigProblem, DiscoveryConfig } from './configTypes';
import type { FileSystem } from './fs';
import { countAliases, MAX_YAML_ALIASES, offsetMapper, YAML_PARSE_OPTIONS, yamlSource, type OffsetMapper } from './frontMatter';
import { compileGlob } from './glob';
import type { RuleCode, SectionDefinition, SectionLevel, SeveritySetting } from './model';
import { DEFAULT_IMPACT_WORDS, DEFAULT_LIKELIHOOD_WORDS, DEFAULT_BANDS, normalizeLevelText } from './scale';
import { DEFAULT_SECTIONS, levenshtein, matchSection, normalizeHeading, sectionSlug } from './sections';

/** Name of the configuration file. */
export const CONFIG_FILE_NAME = '.discovery.yml';

/** A `.discovery.yml` larger than this is not read (it is reported instead). */
export const MAX_CONFIG_BYTES = 256 * 1024;

/** Longest `ignore` glob accepted. */
export const MAX_IGNORE_GLOB_LENGTH = 500;

/** Rule names, accepted in `rules:` as well as the codes. */
export const RULE_NAMES: Readonly<Record<RuleCode, string>> = Object.freeze({
  DISC001: 'missing-section',
  DISC002: 'empty-section',
  DISC003: 'front-matter-invalid',
  DISC004: 'front-matter-field',
  DISC005: 'risk-incomplete',
  DISC006: 'risk-invalid-value',
  DISC007: 'risk-unmitigated',
  DISC008: 'overdue',
  DISC009: 'duplicate-risk-id',
  DISC010: 'unknown-risk-reference',
  DISC011: 'stale-question',
  DISC012: 'heading-typo',
  DISC013: 'commitment-incomplete',
});

const SECTION_LEVELS: readonly SectionLevel[] = ['required', 'recommended', 'optional'];

const SEVERITY_WORDS: Readonly<Record<string, SeveritySetting>> = Object.freeze({
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  information: 'information',
  info: 'information',
  hint: 'hint',
  off: 'off',
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The built-in configuration (frozen; {@link mergeConfig} always returns fresh objects). */
export const DEFAULT_CONFIG: DiscoveryConfig = deepFreeze({
  sections: DEFAULT_SECTIONS.map((s) => ({ ...s, aliases: [...s.aliases] })),
  rules: {},
  likelihoodWords: { ...DEFAULT_LIKELIHOOD_WORDS },
  impactWords: { ...DEFAULT_IMPACT_WORDS },
  bands: { ...DEFAULT_BANDS },
  staleQuestionDays: 14,
  ignore: [],
  maxFileBytes: 5 * 1024 * 1024,
});

/** An adjustment of one section from the map form of `sections:`. */
export interface SectionAdjustment {
  /** The section's name or any alias; a name no section answers to adds a new section. */
  name: string;
  level?: SectionLevel;
  /** Added to the section's aliases. */
  aliases?: string[];
}

/**
 * What one configuration layer sets. `sections` (the list form) replaces the sections;
 * `sectionAdjustments` (the map form) adjusts them; `rules` and the scale words are merged key by key
 * over the base; everything else replaces the base value.
 */
export interface ConfigOverrides extends Partial<DiscoveryConfig> {
  sectionAdjustments?: SectionAdjustment[];
}

/** Copies a configuration so callers can never reach into another one's objects. */
function cloneConfig(c: DiscoveryConfig): DiscoveryConfig {
  return {
    sections: c.sections.map((s) => ({ ...s, aliases: [...s.aliases] })),
    rules: { ...c.rules },
    likelihoodWords: { ...c.likelihoodWords },
    impactWords: { ...c.impactWords },
    bands: { ...c.bands },
    staleQuestionDays: c.staleQuestionDays,
    ignore: [...c.ignore],
    maxFileBytes: c.maxFileBytes,
  };
}

/** `base` with `overrides` applied (see {@link ConfigOverrides} for how each key combines). */
export function mergeConfig(base: DiscoveryConfig, overrides: ConfigOverrides): DiscoveryConfig {
  const out = cloneConfig(base);
  if (overrides.sections) out.sections = overrides.sections.map((s) => ({ ...s, aliases: [...s.aliases] }));
  for (const adj of overrides.sectionAdjustments ?? []) {
    const def = matchSection(adj.name, out.sections);
    if (def) {
      if (adj.level) def.level = adj.level;
      for (const alias of adj.aliases ?? []) {
        if (!def.aliases.some((a) => normalizeHeading(a) === normalizeHeading(alias))) def.aliases.push(alias);
      }
    } else {
      out.sections.push({ id: uniqueId(sectionSlug(adj.name), out.sections), name: adj.name, aliases: [...(adj.aliases ?? [])], level: adj.level ?? 'recommended' });
    }
  }
  if (overrides.rules) out.rules = { ...out.rules, ...overrides.rules };
  if (overrides.likelihoodWords) out.likelihoodWords = { ...out.likelihoodWords, ...overrides.likelihoodWords };
  if (overrides.impactWords) out.impactWords = { ...out.impactWords, ...overrides.impactWords };
  if (overrides.bands) out.bands = { ...overrides.bands };
  if (overrides.staleQuestionDays !== undefined) out.staleQuestionDays = overrides.staleQuestionDays;
  if (overrides.ignore) out.ignore = [...overrides.ignore];
  if (overrides.maxFileBytes !== undefined) out.maxFileBytes = overrides.maxFileBytes;
  return out;
}

function uniqueId(id: string, sections: SectionDefinition[]): string {
  let candidate = id;
  for (let n = 2; sections.some((s) => s.id === candidate); n++) candidate = `${id}-${n}`;
  return candidate;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

const TOP_LEVEL_KEYS = ['sections', 'rules', 'scale', 'bands', 'staleQuestionDays', 'ignore', 'maxFileBytes'] as const;

/** Walks one parsed `.discovery.yml`, collecting overrides and problems. */
class ConfigReader {
  readonly problems: ConfigProblem[] = [];
  readonly overrides: ConfigOverrides = {};

  constructor(
    private readonly doc: Document.Parsed,
    private readonly map: OffsetMapper,
    private readonly path: string,
  ) {}

  report(node: YamlNode | null | undefined, severity: 'error' | 'warning', message: string): void {
    const r = node?.range;
    const range = r ? this.map.range(r[0], r[1]) : this.map.range(0, 0);
    if (range.start.line === range.end.line && range.start.character === range.end.character) {
      range.end = this.map.lineEnd(r ? r[0] : 0);
    }
    this.problems.push({ path: this.path, message, range, severity });
  }

  /** The node itself, or the node an alias points at. */
  deref(node: unknown): YamlNode | null {
    if (isAlias(node)) return (node.resolve(this.doc) as YamlNode | undefined) ?? null;
    return (node as YamlNode | null) ?? null;
  }

  keyText(pair: Pair): { text: string | null; node: YamlNode | null } {
    const node = this.deref(pair.key);
    return { text: isScalar(node) && node.value !== null ? String(node.value) : null, node };
  }

  /** The pairs of a mapping node, each with its key as text; reports non-text keys. */
  entries(node: YamlNode): Array<{ key: string; keyNode: YamlNode | null; value: YamlNode | null }> {
    if (!isMap(node)) return [];
    const out: Array<{ key: string; keyNode: YamlNode | null; value: YamlNode | null }> = [];
    for (const pair of node.items) {
      const { text, node: keyNode } = this.keyText(pair);
      if (text === null) {
        this.report(keyNode ?? node, 'error', 'Keys must be plain text.');
        continue;
      }
      out.push({ key: text, keyNode, value: this.deref(pair.value) });
    }
    return out;
  }

  expectMap(node: YamlNode | null, where: string): boolean {
    if (isMap(node)) return true;
    this.report(node, 'error', `\`${where}\` must be a mapping of \`key: value\` entries.`);
    return false;
  }

  string(node: YamlNode | null): string | null {
    return isScalar(node) && typeof node.value === 'string' ? node.value : null;
  }

  integer(node: YamlNode | null, where: string, min: number, max: number): number | null {
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.report(node, 'error', `\`${where}\` must be a whole number from ${min} to ${max}.`);
    return null;
  }

  unknownKey(keyNode: YamlNode | null, key: string, known: readonly string[], where: string): void {
    const close = known.find((k) => levenshtein(k.toLowerCase(), key.toLowerCase(), 2) <= 2);
    const hint = close ? ` Did you mean \`${close}\`?` : ` Known keys: ${known.join(', ')}.`;
    this.report(keyNode, 'warning', `Unknown key \`${key}\`${where ? ` in \`${where}\`` : ''}; it is ignored.${hint}`);
  }

  read(root: YamlNode): void {
    for (const { key, keyNode, value } of this.entries(root)) {
      switch (key) {
        case 'sections':
          this.readSections(value);
          break;
        case 'rules':
          this.readRules(value);
          break;
        case 'scale':
          this.readScale(value);
          break;
        case 'bands':
          this.readBands(value);
          break;
        case 'staleQuestionDays': {
          const n = this.integer(value, 'staleQuestionDays', 0, 36500);
          if (n !== null) this.overrides.staleQuestionDays = n;
          break;
        }
        case 'ignore':
          this.readIgnore(value);
          break;
        case 'maxFileBytes': {
          const n = this.integer(value, 'maxFileBytes', 1, Number.MAX_SAFE_INTEGER);
          if (n !== null) this.overrides.maxFileBytes = n;
          break;
        }
        default:
          this.unknownKey(keyNode, key, TOP_LEVEL_KEYS, '');
      }
    }
  }

  level(node: YamlNode | null, where: string): SectionLevel | null {
    const text = this.string(node)?.trim().toLowerCase();
    if (text && (SECTION_LEVELS as readonly string[]).includes(text)) return text as SectionLevel;
    this.report(node, 'error', `\`${where}\` must be one of ${SECTION_LEVELS.join(', ')}.`);
    return null;
  }

  aliases(node: YamlNode | null, where: string): string[] | null {
    if (!isSeq(node)) {
      this.report(node, 'error', `\`${where}\` must be a list of names.`);
      return null;
    }
    const out: string[] = [];
    for (const item of node.items) {
      const n = this.deref(item);
      const text = this.string(n)?.trim();
      if (!text || normalizeHeading(text) === '') this.report(n, 'error', `Each entry of \`${where}\` must be a name with letters or digits.`);
      else out.push(text);
    }
    return out;
  }

  /**
   * `sections:` as a list replaces the sections: each entry is a name, or `{ name, aliases?, level? }`.
   * An entry naming a built-in section keeps its id, and its built-in aliases and level unless given.
   * `sections:` as a mapping adjusts the sections: `Name: level` or `Name: { level?, aliases? }`.
   */
  readSections(node: YamlNode | null): void {
    if (isSeq(node)) {
      const defs: SectionDefinition[] = [];
      for (const raw of node.items) {
        const item = this.deref(raw);
        const def = this.sectionEntry(item);
        if (!def) continue;
        if (defs.some((d) => matchSection(def.name, [d]) || d.id === def.id)) {
          this.report(item, 'warning', `Section \`${def.name}\` is listed twice; the first entry is used.`);
          continue;
        }
        defs.push({ ...def, id: uniqueId(def.id, defs) });
      }
      this.overrides.sections = defs;
      return;
    }
    if (isMap(node)) {
      const adjustments: SectionAdjustment[] = [];
      for (const { key, value } of this.entries(node)) {
        const name = key.trim();
        const where = `sections.${name}`;
        if (normalizeHeading(name) === '') {
          this.report(value, 'error', 'A section name must have letters or digits.');
          continue;
        }
        const adj: SectionAdjustment = { name };
        if (value === null || (isScalar(value) && value.value === null)) {
          // `Risks:` with nothing after it changes nothing.
        } else if (isScalar(value)) {
          const level = this.level(value, where);
          if (!level) continue;
          adj.level = level;
        } else if (isMap(value)) {
          for (const entry of this.entries(value)) {
            if (entry.key === 'level') {
              const level = this.level(entry.value, `${where}.level`);
              if (level) adj.level = level;
            } else if (entry.key === 'aliases') {
              const aliases = this.aliases(entry.value, `${where}.aliases`);
              if (aliases) adj.aliases = aliases;
            } else {
              this.unknownKey(entry.keyNode, entry.key, ['level', 'aliases'], where);
            }
          }
        } else {
          this.report(value, 'error', `\`${where}\` must be a level (${SECTION_LEVELS.join(', ')}) or a mapping with \`level\` and \`aliases\`.`);
          continue;
        }
        adjustments.push(adj);
      }
      this.overrides.sectionAdjustments = adjustments;
      return;
    }
    this.report(node, 'error', '`sections` must be a list of sections (replacing the built-in ones) or a mapping of section name to level (adjusting them).');
  }

  sectionEntry(item: YamlNode | null): SectionDefinition | null {
    let name: string | null = null;
    let aliases: string[] | null = null;
    let level: SectionLevel | null = null;
    if (isScalar(item) && typeof item.value === 'string') {
      name = item.value.trim();
    } else if (isMap(item)) {
      let nameNode: YamlNode | null = null;
      for (const entry of this.entries(item)) {
        if (entry.key === 'name') {
          nameNode = entry.value;
          name = this.string(entry.value)?.trim() ?? null;
          if (name === null) this.report(entry.value, 'error', 'A section `name` must be text.');
        } else if (entry.key === 'aliases') {
          aliases = this.aliases(entry.value, 'sections[].aliases');
        } else if (entry.key === 'level') {
          level = this.level(entry.value, 'sections[].level');
        } else {
          this.unknownKey(entry.keyNode, entry.key, ['name', 'aliases', 'level'], 'sections[]');
        }
      }
      if (name === null) {
        if (!nameNode) this.report(item, 'error', 'Each section needs a `name`.');
        return null;
      }
    } else {
      this.report(item, 'error', 'Each entry of `sections` must be a section name or a mapping with `name`, `aliases` and `level`.');
      return null;
    }
    if (normalizeHeading(name) === '') {
      this.report(item, 'error', 'A section name must have letters or digits.');
      return null;
    }
    const builtIn = matchSection(name, DEFAULT_SECTIONS);
    return {
      id: builtIn ? builtIn.id : sectionSlug(name),
      name,
      aliases: aliases ?? (builtIn ? [...builtIn.aliases, builtIn.name].filter((a) => normalizeHeading(a) !== normalizeHeading(name)) : []),
      level: level ?? builtIn?.level ?? 'recommended',
    };
  }

  readRules(node: YamlNode | null): void {
    if (!this.expectMap(node, 'rules') || !node) return;
    const rules: Partial<Record<RuleCode, SeveritySetting>> = {};
    const codes = Object.keys(RULE_NAMES) as RuleCode[];
    for (const { key, keyNode, value } of this.entries(node)) {
      const k = key.trim();
      const code = codes.find((c) => c.toLowerCase() === k.toLowerCase() || RULE_NAMES[c] === k.toLowerCase());
      if (!code) {
        this.unknownKey(keyNode, key, [...codes, ...Object.values(RULE_NAMES)], 'rules');
        continue;
      }
      const raw = isScalar(value) ? value.value : undefined;
      const word = typeof raw === 'string' ? raw.trim().toLowerCase() : null;
      // `false` reads naturally as "off"; YAML 1.2 keeps `off` itself a string.
      const setting = raw === false ? 'off' : word !== null && Object.hasOwn(SEVERITY_WORDS, word) ? SEVERITY_WORDS[word] : undefined;
      if (!setting) {
        this.report(value, 'error', `\`rules.${k}\` must be one of error, warning, information, hint, off.`);
        continue;
      }
      rules[code] = setting;
    }
    this.overrides.rules = rules;
  }

  readScale(node: YamlNode | null): void {
    if (!this.expectMap(node, 'scale') || !node) return;
    for (const { key, keyNode, value } of this.entries(node)) {
      if (key !== 'likelihood' && key !== 'impact') {
        this.unknownKey(keyNode, key, ['likelihood', 'impact'], 'scale');
        continue;
      }
      if (!this.expectMap(value, `scale.${key}`) || !value) continue;
      const words: Record<string, number> = {};
      for (const entry of this.entries(value)) {
        const word = normalizeLevelText(entry.key);
        if (word === '' || /^[0-9]/u.test(word)) {
          this.report(entry.keyNode, 'error', `\`scale.${key}\` words must be words (digits 1 to 5 are always accepted).`);
          continue;
        }
        const n = this.integer(entry.value, `scale.${key}.${entry.key}`, 1, 5);
        if (n !== null) words[word] = n;
      }
      if (key === 'likelihood') this.overrides.likelihoodWords = words;
      else this.overrides.impactWords = words;
    }
  }

  readBands(node: YamlNode | null): void {
    if (!this.expectMap(node, 'bands') || !node) return;
    const bands = { ...DEFAULT_BANDS };
    let ok = true;
    for (const { key, keyNode, value } of this.entries(node)) {
      if (key !== 'medium' && key !== 'high' && key !== 'critical') {
        this.unknownKey(keyNode, key, ['medium', 'high', 'critical'], 'bands');
        continue;
      }
      const n = this.integer(value, `bands.${key}`, 2, 25);
      if (n === null) ok = false;
      else bands[key] = n;
    }
    if (!ok) return;
    if (!(bands.medium < bands.high && bands.high < bands.critical)) {
      this.report(node, 'error', `\`bands\` must rise: medium < high < critical (here ${bands.medium}, ${bands.high}, ${bands.critical}); the built-in bands are used.`);
      return;
    }
    this.overrides.bands = bands;
  }

  readIgnore(node: YamlNode | null): void {
    if (!isSeq(node)) {
      this.report(node, 'error', '`ignore` must be a list of globs.');
      return;
    }
    const globs: string[] = [];
    for (const raw of node.items) {
      const item = this.deref(raw);
      const glob = this.string(item);
      if (glob === null || glob.trim() === '') {
        this.report(item, 'error', 'Each entry of `ignore` must be a non-empty glob.');
        continue;
      }
      if (glob.length > MAX_IGNORE_GLOB_LENGTH) {
        this.report(item, 'error', `An \`ignore\` glob must be at most ${MAX_IGNORE_GLOB_LENGTH} characters long.`);
        continue;
      }
      try {
        compileGlob(glob);
      } catch (e) {
        this.report(item, 'error', `Invalid glob: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      globs.push(glob);
    }
    this.overrides.ignore = globs;
  }
}

/**
 * Parses and validates the text of a `.discovery.yml` (`path` is only used in the problems). Returns the
 * valid settings and every problem found, positioned in the file. Never throws.
 */
export function parseConfigText(text: string, path: string): { overrides: ConfigOverrides; problems: ConfigProblem[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const map = offsetMapper(body, 0);
  let doc: Document.Parsed;
  try {
    doc = parseDocument(yamlSource(body), YAML_PARSE_OPTIONS);
  } catch (e) {
    return { overrides: {}, problems: [{ path, message: `Not valid YAML: ${e instanceof Error ? e.message : String(e)}`, range: map.range(0, 0), severity: 'error' }] };
  }
  const reader = new ConfigReader(doc, map, path);
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const message = err.message.replace(/ at line \d+, column \d+:?[\s\S]*$/u, '').trim();
      reader.report({ range: [err.pos[0], err.pos[1], err.pos[1]] } as YamlNode, 'error', `Not valid YAML: ${message}. The file is not used until this is fixed.`);
    }
    return { overrides: {}, problems: reader.problems };
  }
  if (countAliases(doc) > MAX_YAML_ALIASES) {
    reader.report(null, 'error', `More than ${MAX_YAML_ALIASES} YAML aliases; the file is not used.`);
    return { overrides: {}, problems: reader.problems };
  }
  const root = doc.contents as YamlNode | null;
  if (root === null || (isScalar(root) && root.value === null)) return { overrides: {}, problems: [] };
  if (!isMap(root)) {
    reader.report(root, 'error', 'A `.discovery.yml` must be a mapping of settings (`key: value`).');
    return { overrides: {}, problems: reader.problems };
  }
  reader.read(root);
  return { overrides: reader.overrides, problems: reader.problems };
}

// ---------------------------------------------------------------------------------------------------------------
// Finding and loading
// ---------------------------------------------------------------------------------------------------------------

/** Parent folder of a `/`-separated path (`/` for a top-level entry). */
function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : p.slice(0, i);
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function isInside(path: string, root: string): boolean {
  return root === '/' ? path.startsWith('/') : path === root || path.startsWith(`${root}/`);
}

/**
 * The `.discovery.yml` files above a note, from the note's folder up to `root` inclusive, nearest first.
 * Empty when the note is not inside `root`.
 */
export async function findConfigFiles(fs: FileSystem, notePath: string, root: string): Promise<string[]> {
  const top = trimSlash(root);
  const found: string[] = [];
  if (!isInside(notePath, top)) return found;
  let dir = parentOf(notePath);
  for (;;) {
    if (!isInside(dir, top)) break;
    const candidate = dir.endsWith('/') ? `${dir}${CONFIG_FILE_NAME}` : `${dir}/${CONFIG_FILE_NAME}`;
    const stat = await fs.stat(candidate).catch(() => null);
    if (stat?.type === 'file') found.push(candidate);
    if (dir === top) break;
    const up = parentOf(dir);
    if (up === dir) break;
    dir = up;
  }
  return found;
}

const problemAtStart = (path: string, message: string): ConfigProblem => ({
  path,
  message,
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  severity: 'error',
});

/**
 * The effective configuration of a note: `base` with the nearest `.discovery.yml` above the note (inside
 * `root`) applied, the problems of that file, and its path (`null` when there is none). Never throws: an
 * unreadable, oversized or non-UTF-8 file is reported and `base` is used.
 */
export async function loadConfigForNote(
  fs: FileSystem,
  notePath: string,
  root: string,
  base: DiscoveryConfig,
): Promise<{ config: DiscoveryConfig; problems: ConfigProblem[]; configPath: string | null }> {
  const [configPath] = await findConfigFiles(fs, notePath, root);
  if (!configPath) return { config: cloneConfig(base), problems: [], configPath: null };
  let text: string;
  try {
    const stat = await fs.stat(configPath);
    if (stat && stat.size > MAX_CONFIG_BYTES) {
      return { config: cloneConfig(base), problems: [problemAtStart(configPath, `The file is larger than ${MAX_CONFIG_BYTES} bytes and is not used.`)], configPath };
    }
    const bytes = await fs.readFile(configPath);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    const reason = e instanceof TypeError ? 'it is not valid UTF-8' : e instanceof Error ? e.message : String(e);
    return { config: cloneConfig(base), problems: [problemAtStart(configPath, `The file cannot be read (${reason}) and is not used.`)], configPath };
  }
  const { overrides, problems } = parseConfigText(text, configPath);
  return { config: mergeConfig(base, overrides), problems, configPath };
}
