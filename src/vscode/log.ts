/**
 * The "Discovery Notes" output channel. Errors of background work (indexing, watchers, config files) go here
 * with enough detail to act on, never into dialogs that pile up during a branch switch.
 */
import * as vscode from 'vscode';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  /** Shows the output channel (used by the "show log" action of error messages). */
  show(): void;
}

/** Lines kept for `recentLines` (the output channel itself keeps everything). */
const RECENT_LINES = 500;

export function createLog(): Log & vscode.Disposable & { recentLines(): readonly string[] } {
  const channel = vscode.window.createOutputChannel('Discovery Notes', { log: true });
  // The channel's content cannot be read back through the API; integration tests read these instead.
  const recent: string[] = [];
  const keep = (line: string) => {
    recent.push(line);
    if (recent.length > RECENT_LINES) recent.splice(0, recent.length - RECENT_LINES);
  };
  return {
    info: (message) => {
      keep(`info ${message}`);
      channel.info(message);
    },
    warn: (message) => {
      keep(`warn ${message}`);
      channel.warn(message);
    },
    error: (message, error) => {
      const line = error === undefined ? message : `${message}: ${describe(error)}`;
      keep(`error ${line}`);
      channel.error(line);
    },
    recentLines: () => [...recent],
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
