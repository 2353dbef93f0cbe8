/**
 * The command table: every command of the extension (the tree's included), registered in one loop. Each
 * command accepts its inputs as an optional argument too (for keybindings, the tree, CodeLens and tests);
 * without it, it asks.
 */
import * as vscode from 'vscode';
import { insertMissingSectionsFix } from '../core/fixes';
import { formatRiskCsv } from '../core/format/riskCsv';
import { formatRiskJson } from '../core/format/riskJson';
import { formatRiskMarkdown } from '../core/format/riskMarkdown';
import { analyze } from '../core/analyze';
import { parseNote } from '../core/parse/index';
import { newNotePaths, noteTemplate, validateName } from '../core/noteTemplate';
import { sortRisks, type RiskRow } from '../core/risks';
import { indexedRiskRows } from '../core/workspaceIndex';
import { isCurrentVersion } from '../core/versioned';
import { argObject, chooseExport, exists, uriArg } from './commandArgs';
import { COMMAND } from './commandIds';
import { toWorkspaceEdit } from './convert';
import { isNoteUri } from './indexer';
import type { CommandDefinition, Services } from './services';
import { exportRiskSummary } from './summaryExport';
import { TREE_COMMANDS } from './treeCommands';

export { COMMAND };

/**
 * Commands that create or replace files on disk; refused in an untrusted workspace (Restricted Mode). Edits in
 * an editor (quick fixes, inserting sections) stay available: they are undoable, like typing.
 */
const WRITES_FILES = new Set<string>([COMMAND.newNote, COMMAND.exportRiskRegister, COMMAND.exportRiskSummary]);

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The note a command applies to: its argument, else the active editor's note. */
function targetNote(arg: unknown): vscode.Uri | undefined {
  const given = uriArg(arg) ?? uriArg(argObject(arg).uri);
  if (given) return given;
  const active = vscode.window.activeTextEditor?.document.uri;
  return active && isNoteUri(active) ? active : undefined;
}

// --- New Discovery Note -----------------------------------------------------------------------------------------

async function newNote(services: Services, arg?: unknown): Promise<vscode.Uri | undefined> {
  const a = argObject(arg);
  const folders = vscode.workspace.workspaceFolders ?? [];
  let folder = uriArg(a.folder);
  if (!folder) {
    if (folders.length === 0) {
      void vscode.window.showWarningMessage('Open a folder first: discovery notes are created inside a workspace folder.');
      return undefined;
    }
    folder = folders.length === 1 ? folders[0].uri : (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new note' }))?.uri;
    if (!folder) return undefined;
  }
  const ask = async (what: 'client' | 'engagement', given: unknown, example: string) => {
    const value = str(given);
    if (value !== undefined) {
      const problem = validateName(value, what);
      if (problem) throw new Error(problem);
      return value.trim();
    }
    const answer = await vscode.window.showInputBox({
      title: 'New Discovery Note',
      prompt: `The ${what}'s name`,
      placeHolder: example,
      ignoreFocusOut: true,
      validateInput: (text) => validateName(text, what),
    });
    return answer?.trim();
  };
  const client = await ask('client', a.client, 'e.g. Northmoor Bank');
  if (!client) return undefined;
  const engagement = await ask('engagement', a.engagement, 'e.g. Core banking API');
  if (!engagement) return undefined;

  const config = await services.indexer.configFor(vscode.Uri.joinPath(folder, 'new.discovery.md'));
  const text = noteTemplate({ client, engagement, lead: services.me(), date: services.today(), sections: config.sections });
  for (const rel of newNotePaths(client, engagement)) {
    const target = vscode.Uri.joinPath(folder, ...rel.split('/'));
    if (await exists(target)) continue;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(doc);
    return target;
  }
  void vscode.window.showWarningMessage(`There are already many notes for ${client} / ${engagement}; none was created.`);
  return undefined;
}

// --- Summaries -------------------------------------------------------------------------------------------------

async function showRiskSummary(services: Services): Promise<vscode.Uri> {
  // The summary lists commitments and questions too: notes restored from the cache are read first.
  await services.indexer.whenAnalysed();
  return services.summaries.show();
}

async function showEngagementSummary(services: Services, arg?: unknown): Promise<vscode.Uri | undefined> {
  const note = targetNote(arg);
  if (!note) {
    void vscode.window.showInformationMessage('Open a discovery note (*.discovery.md) to see the summary of its engagement.');
    return undefined;
  }
  await services.indexer.whenAnalysed(services.index.engagementOf(note.toString()).map((n) => n.uri));
  return services.summaries.show(note);
}

// --- Go to Risk -------------------------------------------------------------------------------------------------

interface RiskPick extends vscode.QuickPickItem {
  uri: string;
  line: number;
}

function riskPicks(services: Services): RiskPick[] {
  const uriByPath = new Map<string, string>();
  const rows: RiskRow[] = [];
  for (const n of services.index.all()) {
    const own = indexedRiskRows(n);
    if (own.length === 0) continue;
    rows.push(...own);
    uriByPath.set(n.path, n.uri);
  }
  // Open risks first (by score), then the rest.
  const ordered = [...sortRisks(rows.filter((r) => r.isOpen), 'score'), ...sortRisks(rows.filter((r) => !r.isOpen), 'id')];
  return ordered.map((r: RiskRow) => ({
    label: r.id ? `${r.id} ${r.title}` : r.title,
    description: [r.score !== null ? `${r.score} ${r.band ?? ''}`.trim() : null, r.owner, r.isOpen ? null : r.status].filter(Boolean).join(' · '),
    detail: `${[r.client, r.engagement].filter(Boolean).join(' / ') || 'no client'} — ${r.path}:${r.line}`,
    uri: uriByPath.get(r.path) ?? r.path,
    line: r.line,
  }));
}

async function goToRisk(services: Services, arg?: unknown): Promise<vscode.Uri | undefined> {
  await services.indexer.whenIndexed();
  const picks = riskPicks(services);
  let chosen: RiskPick | undefined;
  const wanted = str(arg) ?? str(argObject(arg).id);
  if (wanted !== undefined) {
    chosen = picks.find((p) => p.label === wanted || p.label.startsWith(`${wanted} `));
    if (!chosen) throw new Error(`No risk ${wanted} in the workspace.`);
  } else {
    if (picks.length === 0) {
      void vscode.window.showInformationMessage('No risks in the discovery notes of this workspace yet.');
      return undefined;
    }
    chosen = await vscode.window.showQuickPick(picks, {
      title: 'Go to Risk',
      placeHolder: 'Search by ID, title, owner or client',
      matchOnDescription: true,
      matchOnDetail: true,
    });
  }
  if (!chosen) return undefined;
  const uri = vscode.Uri.parse(chosen.uri);
  const line = Math.max(0, chosen.line - 1);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, 0, line, 0) });
  return uri;
}

// --- Insert Missing Sections -------------------------------------------------------------------------------------

async function insertMissingSections(services: Services, arg?: unknown): Promise<number> {
  const uri = targetNote(arg);
  if (!uri) {
    void vscode.window.showInformationMessage('Open a discovery note (*.discovery.md) to insert its missing sections.');
    return 0;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const version = doc.version;
  const entry = services.index.get(uri.toString());
  const config = entry?.config ?? (await services.indexer.configFor(uri));
  if (!isCurrentVersion(version, doc.version)) throw new Error('The note changed while its sections were computed; run the command again.');
  const note = analyze(parseNote(doc.getText()), config, entry?.path ?? services.indexer.relativePath(uri));
  const fix = insertMissingSectionsFix(note, config);
  if (!fix || fix.edits.length === 0) {
    void vscode.window.showInformationMessage('Every required and recommended section is already there.');
    return 0;
  }
  if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(uri, fix.edits)))) throw new Error('The edit could not be applied.');
  return fix.edits.length;
}

// --- Export Risk Register -----------------------------------------------------------------------------------------

type ExportFormat = 'csv' | 'markdown' | 'json';
const FORMATS: Record<ExportFormat, { label: string; ext: string; filter: string; format: (rows: RiskRow[]) => string }> = {
  csv: { label: 'CSV (spreadsheet)', ext: 'csv', filter: 'CSV', format: formatRiskCsv },
  markdown: { label: 'Markdown table', ext: 'md', filter: 'Markdown', format: formatRiskMarkdown },
  json: { label: 'JSON', ext: 'json', filter: 'JSON', format: formatRiskJson },
};

async function exportRiskRegister(services: Services, arg?: unknown): Promise<vscode.Uri | undefined> {
  const a = argObject(arg);
  await services.indexer.whenIndexed();
  const chosen = await chooseExport(a, FORMATS, { title: 'Export Risk Register', base: 'risk-register', what: 'the risk register' });
  if (!chosen) return undefined;
  const { target } = chosen;
  const spec = FORMATS[chosen.format];
  const rows = services.index
    .all()
    .sort((x, y) => x.path.localeCompare(y.path))
    .flatMap((n) => indexedRiskRows(n));
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(spec.format(rows)));
  vscode.window.setStatusBarMessage(`Exported ${rows.length} risk${rows.length === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(target)}`, 5000);
  return target;
}

// --- Refresh -----------------------------------------------------------------------------------------------------

async function refresh(services: Services): Promise<void> {
  await services.indexer.refresh();
}

/** The extension's own commands. */
export const COMMANDS: CommandDefinition[] = [
  { id: COMMAND.newNote, run: newNote },
  { id: COMMAND.showRiskSummary, run: showRiskSummary },
  { id: COMMAND.showEngagementSummary, run: showEngagementSummary },
  { id: COMMAND.goToRisk, run: goToRisk },
  { id: COMMAND.insertMissingSections, run: insertMissingSections },
  { id: COMMAND.exportRiskRegister, run: exportRiskRegister },
  { id: COMMAND.exportRiskSummary, run: exportRiskSummary },
  { id: COMMAND.refresh, run: refresh },
];

/** Registers every command of the table (the tree's included) in one loop. */
export function registerCommands(services: Services): vscode.Disposable {
  const disposables = [...COMMANDS, ...TREE_COMMANDS].map((c) =>
    vscode.commands.registerCommand(c.id, async (...args: unknown[]) => {
      if (WRITES_FILES.has(c.id) && !vscode.workspace.isTrusted) {
        void vscode.window.showInformationMessage('This command writes files, which Discovery Notes does not do in an untrusted workspace (Restricted Mode).');
        return undefined;
      }
      try {
        return await c.run(services, ...args);
      } catch (e) {
        services.log.error(`Command ${c.id} failed`, e);
        void vscode.window.showErrorMessage(`Discovery: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      }
    }),
  );
  return vscode.Disposable.from(...disposables);
}
