/**
 * DISC007 risk-unmitigated: an open risk in the high or critical band with no mitigation (`TBD` counts as none).
 * A lead cares because these are the risks a client asks about first, and "we know, no plan" is the answer that
 * loses the deal or the project.
 * Fix: add a `mitigation: TBD` stub to fill in; it is still reported until a real mitigation is written.
 */
import { canStub, fieldEdits, findingOf, fixesIf, isPlaceholder, riskAnchor, riskLabel, STUB } from './helpers';
import type { RuleDefinition } from './types';

export const disc007: RuleDefinition = {
  code: 'DISC007',
  name: 'risk-unmitigated',
  defaultSeverity: 'warning',
  summary: 'An open high or critical risk has no mitigation.',
  scope: 'note',
  check(note, ctx) {
    const findings = [];
    for (let riskIndex = 0; riskIndex < note.risks.length; riskIndex++) {
      const risk = note.risks[riskIndex];
      if (!risk.isOpen || (risk.band !== 'high' && risk.band !== 'critical')) continue;
      if (!isPlaceholder(risk.mitigation ?? risk.fields.mitigation?.raw)) continue;
      const fixes = fixesIf(ctx, () => {
        const edits = canStub(risk, 'mitigation') ? fieldEdits(note, risk, [['mitigation', STUB]]) : [];
        return [edits.length > 0 ? { title: `Add "mitigation: ${STUB}"`, edits, preferred: true } : null];
      });
      findings.push(
        findingOf(
          disc007,
          note,
          riskAnchor(risk),
          `${riskLabel(risk)} is ${risk.band} (score ${risk.score ?? '?'}) and open with no mitigation: write how it will be reduced, or accept it explicitly (status: accepted).`,
          fixes,
        ),
      );
    }
    return findings;
  },
};
