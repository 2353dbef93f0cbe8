/**
 * The rule table: every rule of the linter with its stable code, name, default severity and documentation link.
 */
import type { DiscoveryConfig } from '../configTypes';
import { emptyList, mapList } from '../lists';
import type { Finding, Note, RuleCode, Severity } from '../model';
import { disc001 } from './disc001MissingSection';
import { disc002 } from './disc002EmptySection';
import { disc003 } from './disc003FrontMatterInvalid';
import { disc004 } from './disc004FrontMatterField';
import { disc005 } from './disc005RiskIncomplete';
import { disc006 } from './disc006RiskInvalidValue';
import { disc007 } from './disc007RiskUnmitigated';
import { disc008 } from './disc008Overdue';
import { disc009 } from './disc009DuplicateRiskId';
import { disc010 } from './disc010UnknownRiskReference';
import { disc011 } from './disc011StaleQuestion';
import { disc012 } from './disc012HeadingTypo';
import { disc013 } from './disc013CommitmentIncomplete';
import { clampRange } from './helpers';
import type { RuleDefinition } from './types';

export type { RuleContext, RuleDefinition } from './types';

/** All rules, in code order. */
export const RULES: readonly RuleDefinition[] = Object.freeze([
  disc001,
  disc002,
  disc003,
  disc004,
  disc005,
  disc006,
  disc007,
  disc008,
  disc009,
  disc010,
  disc011,
  disc012,
  disc013,
]);

const BY_CODE = new Map<string, RuleDefinition>(RULES.map((r) => [r.code, r]));

/** The rule with this code, or `undefined` for an unknown code. */
export function ruleByCode(code: string): RuleDefinition | undefined {
  return BY_CODE.get(code);
}

/** Where the rules are documented (docs/rules.md in the repository). */
export const RULES_DOCS_BASE = 'https://github.com/discovery-notes/discovery-notes/blob/main/docs/rules.md';

/** Link to a rule's section of docs/rules.md (`## DISC001 missing-section` → `#disc001-missing-section`). */
export function ruleDocsUrl(code: RuleCode): string {
  const rule = BY_CODE.get(code);
  const anchor = rule ? `${code}-${rule.name}` : code;
  return `${RULES_DOCS_BASE}#${anchor.toLowerCase()}`;
}

/** The severity a finding of `code` is shown with: the configured one, else `fallback`; `null` when off. */
export function effectiveSeverity(code: RuleCode, fallback: Severity, config: DiscoveryConfig): Severity | null {
  const setting = config.rules?.[code];
  if (setting === 'off') return null;
  return setting ?? fallback;
}

/** Applies the configured severities to findings, dropping those of rules that are off. */
export function applySeverity(findings: Finding[], config: DiscoveryConfig): Finding[] {
  const out = emptyList<Finding>();
  for (let findingIndex = 0; findingIndex < findings.length; findingIndex++) {
    const finding = findings[findingIndex];
    const severity = effectiveSeverity(finding.rule, finding.severity, config);
    if (severity === null) continue;
    out.push(severity === finding.severity ? finding : { ...finding, severity });
  }
  return out;
}

/**
 * A note's findings as they are reported: {@link applySeverity} with the note's configuration, and every range kept
 * inside the note (`clampRange`). Each finding is written out as a new literal rather than spread from the old one:
 * the per-note check makes one per finding, and V8 builds a spread literal one property at a time.
 */
export function reportedFindings(findings: Finding[], note: Note, config: DiscoveryConfig): Finding[] {
  return mapList(applySeverity(findings, config), (f): Finding => ({
    rule: f.rule,
    name: f.name,
    severity: f.severity,
    message: f.message,
    range: clampRange(f.range, note),
    path: f.path,
    fixes: f.fixes,
  }));
}
