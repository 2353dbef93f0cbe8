// Scenarios are the workspaces the runner opens VS Code on (scripts/lib/scenarios.js lists them). A suite runs in
// the main scenario, the fixture workspace, unless it is declared for another one with `describeScenario`.

/** The fixture workspace of test/integration/fixtures/workspace (see its README for what it contains). */
export const MAIN_SCENARIO = 'workspace';

/** Prefix of the top-level suite titles of a scenario; the test index selects suites by it (mocha grep). */
export function scenarioTag(name: string): string {
  return `[${name}]`;
}

/** A top-level `describe` that only runs when VS Code was opened on the named scenario's workspace. */
export function describeScenario(name: string, title: string, fn: (this: Mocha.Suite) => void): Mocha.Suite {
  return name === MAIN_SCENARIO ? describe(title, fn) : describe(`${scenarioTag(name)} ${title}`, fn);
}

/** The mocha grep that selects the suites of `scenario`: tagged ones for it, untagged ones for the main one. */
export function scenarioGrep(scenario: string): { pattern: RegExp; invert: boolean } {
  if (scenario === MAIN_SCENARIO) return { pattern: /^\[[\w-]+\] /, invert: true };
  return { pattern: new RegExp(`^${scenarioTag(scenario).replace(/[[\]]/g, '\\$&')} `), invert: false };
}
