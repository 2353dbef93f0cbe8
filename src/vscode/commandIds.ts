/** Ids of the extension's own commands, defined once (the command table in `commands.ts` uses them). */
export const COMMAND = {
  newNote: 'discovery.newNote',
  showRiskSummary: 'discovery.showRiskSummary',
  showEngagementSummary: 'discovery.showEngagementSummary',
  goToRisk: 'discovery.goToRisk',
  insertMissingSections: 'discovery.insertMissingSections',
  exportRiskRegister: 'discovery.exportRiskRegister',
  exportRiskSummary: 'discovery.exportRiskSummary',
  refresh: 'discovery.refresh',
} as const;
