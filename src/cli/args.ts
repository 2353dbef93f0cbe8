/**
 * Command-line parsing for `discovery-lint`. Strict on purpose: an unknown option, a missing or bad value,
 * or an option of the other command is a usage error (exit code 2), because a CI job that silently ignores a
 * mistyped flag checks less than its author thinks.
 */
import type { Band } from '../core/model';
import type { RiskSortKey } from '../core/risks';

export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;
export const RISK_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export const BAND_NAMES = ['low', 'medium', 'high', 'critical'] as const;
export const SORT_KEYS = ['score', 'due', 'id'] as const;

export type LintFormat = (typeof LINT_FORMATS)[number];
export type RiskFormat = (typeof RISK_FORMATS)[number];

export interface LintArgs {
  command: 'lint';
  globs: string[];
  format: LintFormat;
  /** `YYYY-MM-DD`, or `null` for the local date. */
  today: string | null;
  config: string | null;
  /** `null`: no limit. */
  maxWarnings: number | null;
  quiet: boolean;
  /** `null`: colour when writing to a terminal. */
  color: boolean | null;
  /** Threads to check with (`--jobs`); `null`: one per core but one, up to four. */
  jobs: number | null;
}

export interface RisksArgs {
  command: 'risks';
  globs: string[];
  format: RiskFormat;
  config: string | null;
  openOnly: boolean;
  minBand: Band | null;
  owner: string | null;
  sort: RiskSortKey;
  color: boolean | null;
}

export type ParsedArgs = LintArgs | RisksArgs | { command: 'help'; topic: 'lint' | 'risks' } | { command: 'version' };

/** Bad usage: the message says what was wrong; the CLI prints it with a hint and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `true` for a real calendar date written `YYYY-MM-DD`. */
export function isValidDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`Invalid value for ${option}: "${value}". Expected one of: ${allowed.join(', ')}.`);
}

type OptionSpec = { takesValue: boolean; commands: ReadonlyArray<'lint' | 'risks'> };

const OPTIONS: Record<string, OptionSpec> = {
  '--format': { takesValue: true, commands: ['lint', 'risks'] },
  '--config': { takesValue: true, commands: ['lint', 'risks'] },
  '--color': { takesValue: false, commands: ['lint', 'risks'] },
  '--no-color': { takesValue: false, commands: ['lint', 'risks'] },
  '--help': { takesValue: false, commands: ['lint', 'risks'] },
  '--version': { takesValue: false, commands: ['lint', 'risks'] },
  '--today': { takesValue: true, commands: ['lint'] },
  '--max-warnings': { takesValue: true, commands: ['lint'] },
  '--quiet': { takesValue: false, commands: ['lint'] },
  '--jobs': { takesValue: true, commands: ['lint'] },
  '--open': { takesValue: false, commands: ['risks'] },
  '--min-band': { takesValue: true, commands: ['risks'] },
  '--owner': { takesValue: true, commands: ['risks'] },
  '--sort': { takesValue: true, commands: ['risks'] },
};

const SHORT: Record<string, string> = { '-j': '--jobs', '-f': '--format', '-c': '--config', '-q': '--quiet', '-h': '--help', '-v': '--version' };

/** Parses the arguments after the program name. Throws {@link UsageError} on bad usage. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const args = [...argv];
  const command: 'lint' | 'risks' = args[0] === 'risks' ? 'risks' : 'lint';
  if (command === 'risks') args.shift();

  const globs: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      globs.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      globs.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const rawName = eq >= 0 ? arg.slice(0, eq) : arg;
    const name = SHORT[rawName] ?? rawName;
    const spec = OPTIONS[name];
    if (!spec) throw new UsageError(`Unknown option: ${rawName}`);
    if (!spec.commands.includes(command)) {
      throw new UsageError(
        command === 'risks' ? `${name} is not an option of \`risks\`.` : `${name} is an option of \`risks\` only (\`discovery-lint risks ${name} …\`).`,
      );
    }
    if (spec.takesValue) {
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < args.length) value = args[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value.`);
      if (values.has(name) && values.get(name) !== value) throw new UsageError(`${name} is given twice with different values.`);
      values.set(name, value);
    } else {
      if (eq >= 0) throw new UsageError(`${name} does not take a value.`);
      flags.add(name);
    }
  }

  if (flags.has('--help')) return { command: 'help', topic: command };
  if (flags.has('--version')) return { command: 'version' };
  if (flags.has('--color') && flags.has('--no-color')) throw new UsageError('--color and --no-color cannot be used together.');
  const color = flags.has('--color') ? true : flags.has('--no-color') ? false : null;
  const config = values.get('--config') ?? null;
  if (config !== null && config.trim() === '') throw new UsageError('--config needs a file name.');

  if (command === 'lint') {
    const today = values.get('--today') ?? null;
    if (today !== null && !isValidDate(today)) {
      throw new UsageError(`Invalid value for --today: "${today}". Expected a date written YYYY-MM-DD.`);
    }
    const rawMax = values.get('--max-warnings');
    let maxWarnings: number | null = null;
    if (rawMax !== undefined) {
      if (!/^-?\d+$/.test(rawMax) || Number(rawMax) < -1 || !Number.isSafeInteger(Number(rawMax))) {
        throw new UsageError(`Invalid value for --max-warnings: "${rawMax}". Expected a whole number (-1 for no limit).`);
      }
      maxWarnings = Number(rawMax) === -1 ? null : Number(rawMax);
    }
    const rawJobs = values.get('--jobs');
    let jobs: number | null = null;
    if (rawJobs !== undefined) {
      if (!/^\d+$/.test(rawJobs) || Number(rawJobs) < 1 || Number(rawJobs) > 64) {
        throw new UsageError(`Invalid value for --jobs: "${rawJobs}". Expected a whole number from 1 to 64.`);
      }
      jobs = Number(rawJobs);
    }
    return {
      command,
      globs,
      format: oneOf('--format', values.get('--format') ?? 'text', LINT_FORMATS),
      today,
      config,
      maxWarnings,
      quiet: flags.has('--quiet'),
      color,
      jobs,
    };
  }

  const owner = values.get('--owner') ?? null;
  if (owner !== null && owner.trim() === '') throw new UsageError('--owner needs a name.');
  const minBand = values.get('--min-band');
  return {
    command,
    globs,
    format: oneOf('--format', values.get('--format') ?? 'table', RISK_FORMATS),
    config,
    openOnly: flags.has('--open'),
    minBand: minBand === undefined ? null : oneOf('--min-band', minBand, BAND_NAMES),
    owner,
    sort: oneOf('--sort', values.get('--sort') ?? 'score', SORT_KEYS),
    color,
  };
}

export const LINT_HELP = `Usage: discovery-lint [options] [globs or paths...]
       discovery-lint risks [options] [globs or paths...]

Checks discovery notes (*.discovery.md). Without globs, every **/*.discovery.md under the current
folder is checked (node_modules and .git are skipped, and the ignore globs of .discovery.yml).
A folder stands for every note under it.

Options:
  -f, --format text|json|sarif   output format (default: text)
      --today YYYY-MM-DD         the date rules treat as today (default: the local date)
  -c, --config FILE              use this configuration for every note instead of the nearest .discovery.yml
      --max-warnings N           exit with 1 when there are more than N warnings (-1: no limit)
  -q, --quiet                    report errors only
  -j, --jobs N                   check with N threads (default: one per core but one, up to 4; 1: no worker threads)
      --color, --no-color        force colours on or off (default: on when writing to a terminal)
  -h, --help                     show this help (discovery-lint risks --help: the risks command)
  -v, --version                  print the version

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many warnings,
2 bad usage (unknown option, bad value, a glob or file that matches no note, unreadable --config).
`;

export const RISKS_HELP = `Usage: discovery-lint risks [options] [globs or paths...]

Lists the risks of discovery notes, highest score first.

Options:
  -f, --format table|json|csv|markdown   output format (default: table)
      --open                             only risks still open (open, mitigating, monitoring)
      --min-band low|medium|high|critical  only risks of this band or above
      --owner NAME                       only risks owned by NAME (case-insensitive)
      --sort score|due|id                order of the rows (default: score)
  -c, --config FILE                      use this configuration for every note
      --color, --no-color                force colours on or off
  -h, --help                             show this help

Exit codes: 0 success, 2 bad usage.
`;
