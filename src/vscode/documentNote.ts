/**
 * The analysed note behind an open document, at the document's current version. Hover, CodeLens and code
 * actions must never answer from an older text: when the index holds this exact version it is used (with the
 * engagement-wide findings), otherwise the note is checked again from the document's text.
 */
import type * as vscode from 'vscode';
import type { DiscoveryConfig } from '../core/configTypes';
import { lintText } from '../core/lint';
import type { Finding, Note } from '../core/model';
import type { Services } from './services';

export interface DocumentNote {
  note: Note;
  findings: Finding[];
  config: DiscoveryConfig;
  /** The document version `note` and every finding's fix were computed from. */
  version: number;
}

/** The note of `doc` at its current version, or `null` if it is skipped or changed while the config loaded. */
export async function documentNote(services: Services, doc: vscode.TextDocument): Promise<DocumentNote | null> {
  const entry = services.index.get(doc.uri.toString());
  if (entry && entry.version === doc.version) {
    return entry.note ? { note: entry.note, findings: entry.findings, config: entry.config, version: doc.version } : null;
  }
  if (entry?.skipped) return null;
  const version = doc.version;
  const config = entry?.config ?? (await services.indexer.configFor(doc.uri));
  if (doc.isClosed || doc.version !== version) return null;
  const path = entry?.path ?? services.indexer.relativePath(doc.uri);
  const { note, findings } = lintText(path, doc.getText(), config, services.today());
  return { note, findings, config, version };
}
