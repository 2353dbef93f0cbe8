/**
 * Risks as JSON: `{"version":1,"risks":[{"id","title","client","engagement","path","line","likelihood","impact",
 * "score","band","owner","status","due","mitigation"}]}`, unknown values as `null`.
 */
import type { RiskRow } from '../risks';

/** The JSON document for the rows, as an object (key order is the documented one). */
export function riskJsonDocument(rows: readonly RiskRow[]): unknown {
  return {
    version: 1,
    risks: rows.map((r) => ({
      id: r.id,
      title: r.title,
      client: r.client,
      engagement: r.engagement,
      path: r.path,
      line: r.line,
      likelihood: r.likelihood,
      impact: r.impact,
      score: r.score,
      band: r.band,
      owner: r.owner,
      status: r.status,
      due: r.due,
      mitigation: r.mitigation,
    })),
  };
}

/** Formats the rows as JSON text ending with a line break. */
export function formatRiskJson(rows: readonly RiskRow[]): string {
  return JSON.stringify(riskJsonDocument(rows), null, 2) + '\n';
}
