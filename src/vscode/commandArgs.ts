/**
 * Helpers shared by commands: reading the loose arguments a command receives (from the palette, a menu, a test or
 * another extension) and choosing the file an export writes.
 */

import * as vscode from 'vscode';

/** The argument as an options object; a URI or anything else gives `{}`. */
export function argObject(arg: unknown): Record<string, unknown> {
  return arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? (arg as Record<string, unknown>) : {};
}

/** A URI given as a `vscode.Uri` or as a non-empty string. */
export function uriArg(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (typeof v === 'string' && v !== '') return vscode.Uri.parse(v);
  return undefined;
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** What an export asks for when it has to choose its file. */
export interface ExportTargetSpec {
  /** Dialog title, e.g. `Export Risk Register`. */
  title: string;
  /** Default file name in the first workspace folder, e.g. `risk-register.csv`. */
  defaultName: string;
  filter: string;
  ext: string;
  /** What the file would be replaced with, for the overwrite question, e.g. `the risk register`. */
  what: string;
}

/**
 * The file an export writes: `args.target` when given, else the user's pick in a save dialog. An existing file
 * is replaced only when `args.overwrite === true` or when a person, asked in a modal, says so (a caller that
 * passed `target` is never asked). `undefined` when there is nothing to write.
 */
export async function chooseExportTarget(args: Record<string, unknown>, spec: ExportTargetSpec): Promise<vscode.Uri | undefined> {
  let target = uriArg(args.target);
  if (!target) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target = await vscode.window.showSaveDialog({
      title: spec.title,
      defaultUri: folder ? vscode.Uri.joinPath(folder, spec.defaultName) : undefined,
      filters: { [spec.filter]: [spec.ext] },
      saveLabel: 'Export',
    });
    if (!target) return undefined;
  }
  if (await exists(target)) {
    // Programmatic callers must say so; people are asked.
    let replace = args.overwrite === true;
    if (!replace && args.target === undefined) {
      const answer = await vscode.window.showWarningMessage(
        `${vscode.workspace.asRelativePath(target)} already exists. Replace it with ${spec.what}?`,
        { modal: true },
        'Replace',
      );
      replace = answer === 'Replace';
    }
    if (!replace) return undefined;
  }
  return target;
}

/** One format an export command offers. */
export interface ExportFormatSpec {
  /** The quick pick's label, e.g. `CSV (spreadsheet)`. */
  label: string;
  detail?: string;
  ext: string;
  filter: string;
}

/**
 * The format and file of an export: `args.format` when given (an unknown one is an error naming the known ones),
 * else the user's pick; then the file as {@link chooseExportTarget} chooses it, named `<base>.<ext>` by default.
 * `undefined` when the user dismissed either question.
 */
export async function chooseExport<F extends string>(
  args: Record<string, unknown>,
  formats: Record<F, ExportFormatSpec>,
  spec: { title: string; base: string; what: string },
): Promise<{ format: F; target: vscode.Uri } | undefined> {
  const known = Object.keys(formats) as F[];
  let format = typeof args.format === 'string' ? (args.format as F) : undefined;
  if (format !== undefined && !known.includes(format)) {
    throw new Error(`Unknown export format "${format}" (${known.slice(0, -1).join(', ')} or ${known[known.length - 1]}).`);
  }
  if (!format) {
    const picked = await vscode.window.showQuickPick(
      known.map((f) => ({ label: formats[f].label, detail: formats[f].detail, value: f })),
      { title: spec.title, placeHolder: 'Format' },
    );
    if (!picked) return undefined;
    format = picked.value;
  }
  const { ext, filter } = formats[format];
  const target = await chooseExportTarget(args, { title: spec.title, defaultName: `${spec.base}.${ext}`, filter, ext, what: spec.what });
  return target ? { format, target } : undefined;
}
