// Entry point loaded by VS Code's extension host as `extensionTestsPath` (code-server and @vscode/test-electron
// alike). It runs the compiled suites next to it (out/test/integration/*.test.js) with mocha, keeps only the
// suites of the current scenario, and writes a JSON results file that the outer runner reads: the extension host's
// own output is not reliably visible to the runner (in code-server it goes to the browser console).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MAIN_SCENARIO, scenarioGrep } from './lib/scenario';

/** Shape of the results file; scripts/runIntegration.js reads it. */
export interface TestResult {
  title: string;
  fullTitle: string;
  file: string | null;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number | null;
  error: string | null;
  stack: string | null;
}

export interface ResultsFile {
  version: 1;
  scenario: string;
  settingsSource: RunSettings['source'];
  vscodeVersion: string;
  appName: string;
  startedAt: string;
  durationMs: number;
  passes: number;
  failures: number;
  pending: number;
  /** Tests selected for this scenario; more than the reported ones when a hook failed or the run was aborted. */
  selected: number;
  tests: TestResult[];
  /** Set when the suite could not run at all (mocha failed to load, a suite file threw while loading...). */
  fatal: string | null;
}

interface RunSettings {
  scenario: string;
  resultsFile: string | null;
  /** Where the settings came from; the runner sets both, so `run-file` means the environment did not arrive. */
  source: 'env' | 'run-file' | 'default';
}

/** The name of the file the runner may put next to the workspace folder when environment variables cannot reach the extension host. */
const RUN_FILE = 'discovery-test-run.json';

function readSettings(): RunSettings {
  const env = process.env;
  if (env.DISCOVERY_TEST_RESULTS || env.DISCOVERY_TEST_SCENARIO) {
    return { scenario: env.DISCOVERY_TEST_SCENARIO || MAIN_SCENARIO, resultsFile: env.DISCOVERY_TEST_RESULTS || null, source: 'env' };
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder && folder.uri.scheme === 'file') {
    const runFile = path.join(path.dirname(folder.uri.fsPath), RUN_FILE);
    if (fs.existsSync(runFile)) {
      const data = JSON.parse(fs.readFileSync(runFile, 'utf8')) as Partial<RunSettings>;
      return { scenario: data.scenario || MAIN_SCENARIO, resultsFile: data.resultsFile || null, source: 'run-file' };
    }
  }
  return { scenario: MAIN_SCENARIO, resultsFile: null, source: 'default' };
}

function writeResults(file: string | null, results: ResultsFile): void {
  const json = JSON.stringify(results, null, 2) + '\n';
  if (!file) {
    console.log(json);
    return;
  }
  // Written then renamed, so the runner polling for the file never reads half of it.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, json);
  fs.renameSync(tmp, file);
}

function errorText(error: unknown): { message: string; stack: string | null } {
  if (error instanceof Error) return { message: error.message, stack: error.stack ?? null };
  return { message: String(error), stack: null };
}

export async function run(): Promise<void> {
  const settings = readSettings();
  const started = Date.now();
  const results: ResultsFile = {
    version: 1,
    scenario: settings.scenario,
    settingsSource: settings.source,
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    passes: 0,
    failures: 0,
    pending: 0,
    selected: 0,
    tests: [],
    fatal: null,
  };
  try {
    // mocha 12 is an ES module: a dynamic import loads it on every Node the extension host may run on.
    const { default: Mocha } = await import('mocha');
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, reporter: 'spec' });
    const grep = scenarioGrep(settings.scenario);
    mocha.grep(grep.pattern);
    if (grep.invert) mocha.invert();
    const files = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith('.test.js'))
      .sort();
    for (const f of files) mocha.addFile(path.join(__dirname, f));

    const failures = await new Promise<number>((resolve, reject) => {
      try {
        const runner = mocha.run((count) => resolve(count));
        results.selected = runner.total;
        const record = (state: TestResult['state'], test: Mocha.Runnable, error?: unknown): void => {
          const err = error === undefined ? null : errorText(error);
          results.tests.push({
            title: test.title,
            fullTitle: test.fullTitle(),
            file: test.file ? path.basename(test.file) : null,
            state,
            durationMs: test.duration ?? null,
            error: err ? err.message : null,
            stack: err ? err.stack : null,
          });
        };
        runner.on('pass', (test) => record('passed', test));
        runner.on('fail', (test, error) => record('failed', test, error));
        runner.on('pending', (test) => record('pending', test));
      } catch (error) {
        reject(error);
      }
    });
    results.passes = results.tests.filter((t) => t.state === 'passed').length;
    results.failures = Math.max(failures, results.tests.filter((t) => t.state === 'failed').length);
    results.pending = results.tests.filter((t) => t.state === 'pending').length;
  } catch (error) {
    const err = errorText(error);
    results.fatal = err.stack ?? err.message;
  }
  results.durationMs = Date.now() - started;
  writeResults(settings.resultsFile, results);
  if (results.fatal) throw new Error(`integration tests could not run: ${results.fatal}`);
  if (results.failures > 0) throw new Error(`${results.failures} integration test(s) failed`);
}
