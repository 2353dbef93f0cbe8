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

export function createLog(): Log & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('Discovery Notes', { log: true });
  return {
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message, error) => {
      if (error === undefined) channel.error(message);
      else channel.error(`${message}: ${describe(error)}`);
    },
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
