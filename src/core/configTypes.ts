import type { RuleCode, SectionDefinition, SeveritySetting, Range } from './model';

/** The effective configuration for one note: built-in defaults, then settings, then `.discovery.yml`. */
export interface DiscoveryConfig {
  sections: SectionDefinition[];
  /** Severity per rule; a rule missing here uses its default. */
  rules: Partial<Record<RuleCode, SeveritySetting>>;
  /** Words accepted for likelihood and impact, lower-cased, mapped to 1..5. */
  likelihoodWords: Record<string, number>;
  impactWords: Record<string, number>;
  /** Lowest score of each band above `low` (defaults: medium 5, high 10, critical 16). */
  bands: { medium: number; high: number; critical: number };
  /** An open question asked more than this many days ago is stale (DISC011). */
  staleQuestionDays: number;
  /** Globs (relative to the folder of the `.discovery.yml`, or to the workspace) of notes to skip. */
  ignore: string[];
  /** Notes larger than this many bytes are skipped with a reason. */
  maxFileBytes: number;
}

/** A problem in a `.discovery.yml` file, positioned in that file. */
export interface ConfigProblem {
  path: string;
  message: string;
  range: Range;
  severity: 'error' | 'warning';
}
