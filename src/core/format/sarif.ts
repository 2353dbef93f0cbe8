/**
 * SARIF 2.1.0 output for code-scanning services: one run, the rule table in `tool.driver.rules`, one result per
 * diagnostic with a 1-based region, URIs relative to the `%SRCROOT%` base, and skipped files as tool execution
 * notifications.
 */
import type { LintReport, ReportSeverity } from './report';

export interface SarifRuleInfo {
  /** e.g. `DISC001`. */
  id: string;
  /** e.g. `missing-section`. */
  name: string;
  shortDescription: string;
  /** Absolute URL of the rule's documentation. */
  helpUri?: string;
  defaultLevel?: SarifLevel;
}

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifOptions {
  toolName: string;
  toolVersion: string;
  informationUri?: string;
  rules: readonly SarifRuleInfo[];
  /** Absolute `file:` URI of the folder paths are relative to, ending with `/`. */
  rootUri?: string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** error -> error, warning -> warning, information -> note. */
export function sarifLevel(severity: ReportSeverity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** A relative `/`-separated path as a URI reference: every segment percent-encoded. */
export function relativeUri(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** The SARIF log as an object. */
export function sarifDocument(report: LintReport, options: SarifOptions): unknown {
  const rules = options.rules.map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.shortDescription },
    ...(r.helpUri ? { helpUri: r.helpUri } : {}),
    ...(r.defaultLevel ? { defaultConfiguration: { level: r.defaultLevel } } : {}),
  }));
  const ruleIndex = new Map<string, number>(rules.map((r, i) => [r.id, i]));
  // A result must point at a rule the driver declares; declare any rule the table did not name.
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      if (!ruleIndex.has(d.rule)) {
        ruleIndex.set(d.rule, rules.length);
        rules.push({ id: d.rule, name: d.name, shortDescription: { text: d.name } });
      }
    }
  }
  const location = (path: string, region?: Record<string, number>) => ({
    physicalLocation: {
      artifactLocation: { uri: relativeUri(path), ...(options.rootUri ? { uriBaseId: '%SRCROOT%' } : {}) },
      ...(region ? { region } : {}),
    },
  });
  const results = report.files.flatMap((file) =>
    file.diagnostics.map((d) => ({
      ruleId: d.rule,
      ruleIndex: ruleIndex.get(d.rule),
      level: sarifLevel(d.severity),
      message: { text: d.message },
      locations: [
        location(file.path, { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn }),
      ],
    })),
  );
  const notifications = report.files
    .filter((f) => f.skipped !== undefined)
    .map((f) => ({
      level: 'warning',
      message: { text: `Skipped ${f.path}: ${f.skipped}` },
      locations: [location(f.path)],
    }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: options.toolName,
            version: options.toolVersion,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules,
          },
        },
        ...(options.rootUri ? { originalUriBaseIds: { '%SRCROOT%': { uri: options.rootUri } } } : {}),
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

/** Formats the report as a SARIF 2.1.0 JSON text ending with a line break. */
export function formatSarif(report: LintReport, options: SarifOptions): string {
  return JSON.stringify(sarifDocument(report, options), null, 2) + '\n';
}
