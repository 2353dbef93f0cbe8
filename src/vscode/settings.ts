/**
 * `discovery.*` settings: read, validated, and turned into the base configuration that `.discovery.yml` files
 * then override per folder. A value of the wrong shape is ignored (and logged) rather than breaking the index.
 */
import * as vscode from 'vscode';
import { DEFAULT_CONFIG, mergeConfig, type ConfigOverrides } from '../core/config';
import type { DiscoveryConfig } from '../core/configTypes';
import type { RuleCode, SeveritySetting } from '../core/model';
import { matchSection } from '../core/sections';
import { TREE_EXPAND_VALUES, type TreeExpand } from '../core/tree';
import type { Log } from './log';

export type DiagnosticsScope = 'workspace' | 'openFiles';

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];
const RULE_CODE = /^DISC0(0[1-9]|1[0-3])$/;

/** Setting keys, each read in this file only. */
export const SETTING = {
  scope: 'diagnostics.scope',
  rules: 'rules',
  requiredSections: 'sections.required',
  bands: 'risk.bands',
  staleDays: 'questions.staleDays',
  me: 'me',
  exclude: 'exclude',
  maxFileSize: 'maxFileSize',
  treeExpand: 'tree.expandGroups',
} as const;

function section(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('discovery', scope);
}

export function diagnosticsScope(scope?: vscode.Uri): DiagnosticsScope {
  return section(scope).get<string>(SETTING.scope) === 'openFiles' ? 'openFiles' : 'workspace';
}

export function me(): string | null {
  const value = section().get<unknown>(SETTING.me);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** How the Open Risks view's groups start (`auto`: expanded while the view shows few risks). */
export function treeExpand(): TreeExpand {
  const value = section().get<unknown>(SETTING.treeExpand);
  return TREE_EXPAND_VALUES.includes(value as TreeExpand) ? (value as TreeExpand) : 'auto';
}

/** Globs of notes to leave out of the workspace scan, relative to each workspace folder. */
export function excludeGlobs(scope?: vscode.Uri): string[] {
  const value = section(scope).get<unknown>(SETTING.exclude);
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
}

/** The settings as configuration overrides, with a message for each value that had to be ignored. */
export function readOverrides(scope: vscode.Uri | undefined, log?: Log): ConfigOverrides {
  const s = section(scope);
  const overrides: ConfigOverrides = {};
  const warn = (message: string) => log?.warn(`Setting discovery.${message}`);

  const rules = s.get<unknown>(SETTING.rules);
  if (rules && typeof rules === 'object' && !Array.isArray(rules)) {
    const out: Partial<Record<RuleCode, SeveritySetting>> = {};
    for (const [code, severity] of Object.entries(rules as Record<string, unknown>)) {
      const upper = code.toUpperCase();
      if (!RULE_CODE.test(upper)) warn(`rules: unknown rule "${code}" ignored.`);
      else if (typeof severity !== 'string' || !SEVERITIES.includes(severity as SeveritySetting)) {
        warn(`rules.${code}: "${String(severity)}" is not one of ${SEVERITIES.join(', ')}; ignored.`);
      } else out[upper as RuleCode] = severity as SeveritySetting;
    }
    overrides.rules = out;
  }

  const required = s.get<unknown>(SETTING.requiredSections);
  if (Array.isArray(required) && required.length > 0) {
    const names = required.filter((n): n is string => typeof n === 'string' && n.trim() !== '').map((n) => n.trim());
    // Listed sections become required; built-in required sections that are not listed drop to recommended.
    const sections = DEFAULT_CONFIG.sections.map((d) => ({ ...d, aliases: [...d.aliases] }));
    const listed = new Set<string>();
    const extra: string[] = [];
    for (const name of names) {
      const def = matchSection(name, sections);
      if (def) listed.add(def.id);
      else extra.push(name);
    }
    for (const d of sections) {
      if (listed.has(d.id)) d.level = 'required';
      else if (d.level === 'required') d.level = 'recommended';
    }
    overrides.sections = sections;
    overrides.sectionAdjustments = extra.map((name) => ({ name, level: 'required' as const }));
  }

  const bands = s.get<unknown>(SETTING.bands);
  if (bands && typeof bands === 'object') {
    const b = bands as Record<string, unknown>;
    const merged = { ...DEFAULT_CONFIG.bands };
    for (const key of ['medium', 'high', 'critical'] as const) {
      const v = b[key];
      if (v === undefined) continue;
      if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 25) merged[key] = v;
      else warn(`risk.bands.${key}: ${String(v)} is not a whole number from 1 to 25; ignored.`);
    }
    if (merged.medium < merged.high && merged.high < merged.critical) overrides.bands = merged;
    else warn('risk.bands: thresholds must rise (medium < high < critical); the defaults are used.');
  }

  const stale = s.get<unknown>(SETTING.staleDays);
  if (stale !== undefined && stale !== null) {
    if (typeof stale === 'number' && Number.isInteger(stale) && stale >= 0) overrides.staleQuestionDays = stale;
    else warn(`questions.staleDays: ${String(stale)} is not a whole number of days; ignored.`);
  }

  const max = s.get<unknown>(SETTING.maxFileSize);
  if (max !== undefined && max !== null) {
    if (typeof max === 'number' && Number.isFinite(max) && max > 0) overrides.maxFileBytes = Math.floor(max);
    else warn(`maxFileSize: ${String(max)} is not a positive number of bytes; ignored.`);
  }

  // `discovery.exclude` is applied by the indexer on its own, so a `.discovery.yml` with its own `ignore`
  // list (which replaces the base list) cannot bring excluded notes back.
  return overrides;
}

/** The base configuration of notes in `scope` (a workspace folder or note): defaults, then settings. */
export function baseConfig(scope: vscode.Uri | undefined, log?: Log): DiscoveryConfig {
  return mergeConfig(DEFAULT_CONFIG, readOverrides(scope, log));
}
