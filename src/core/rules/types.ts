import type { DiscoveryConfig } from '../configTypes';
import type { Finding, Note, RuleCode, Severity } from '../model';

/** What a rule may know besides the note itself. Rules never read the clock or the file system. */
export interface RuleContext {
  config: DiscoveryConfig;
  /** The date the rules treat as today, `YYYY-MM-DD`. */
  today: string;
  /**
   * The notes of the same engagement (same client and engagement), this note included, when the caller
   * knows them (`lintNotes`, the workspace index). Used to pick risk IDs that are free across the
   * engagement and to resolve references; without it a note is checked on its own.
   */
  engagementNotes?: Note[];
  /**
   * `false` when the caller shows no fixes (the CLI prints none): rules then leave a finding's `fixes` empty and
   * skip building their edits, which was about a third of the rules' time on a workspace. Defaults to `true`.
   */
  fixes?: boolean;
}

/**
 * A rule of the linter. `check` reports with the rule's default severity (DISC001 grades by section level);
 * the configured severity, or `off`, is applied by the caller (see `applySeverity` in `./index`).
 */
export interface RuleDefinition {
  code: RuleCode;
  /** Stable kebab-case name, e.g. `missing-section`. */
  name: string;
  defaultSeverity: Severity;
  /** One line for docs and rule listings. */
  summary: string;
  /**
   * `note`: everything the rule needs is in the note (and `ctx`). `engagement`: the rule's verdict depends on
   * the other notes of the engagement; `checkNote` skips it and `checkEngagements` runs it.
   */
  scope: 'note' | 'engagement';
  check(note: Note, ctx: RuleContext): Finding[];
}
