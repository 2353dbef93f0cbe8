/**
 * The workspace index: every discovery note of the workspace, analysed, with its findings.
 *
 * One source of truth for diagnostics, the risk tree, CodeLens, the status bar and the summaries. It is pure:
 * the host (the VS Code indexer, or a test) reads the files and hands the text in; the index parses, analyses
 * and lints it, and emits which notes changed. It keeps the analysed {@link Note} (plain data, no syntax trees)
 * and never the text itself, so a workspace of thousands of notes stays small.
 *
 * Per-note rules run when a note is upserted. Workspace rules (DISC009 across notes, DISC010) depend on every
 * note of an engagement, so they are recomputed only for the engagements an update touched.
 */
import type { DiscoveryConfig } from './configTypes';
import type { Finding, Note } from './model';
import { analyze } from './analyze';
import { checkNote } from './lint';
import { parseNote } from './parse/index';
import type { RuleContext } from './rules/types';
import { checkEngagements, engagementKey } from './workspaceRules';

/** One note in the index. */
export interface IndexedNote {
  /** The note's URI as a string (the identity in the index). */
  uri: string;
  /** Workspace-relative path with `/` separators (what findings and rows report). */
  path: string;
  /** The analysed note, or `null` when it was skipped. */
  note: Note | null;
  /** Per-note and workspace findings of this note, in document order. */
  findings: Finding[];
  /** Why the note was not checked (too large, binary, not UTF-8, internal error), else `null`. */
  skipped: string | null;
  /** Version of the open document the text came from, or `null` when it came from disk. */
  version: number | null;
  /** The effective configuration the note was checked with. */
  config: DiscoveryConfig;
}

/** What an update changed: URIs of notes added or updated (including workspace findings), and URIs removed. */
export interface IndexChange {
  changed: string[];
  removed: string[];
}

export interface Disposable {
  dispose(): void;
}

export interface WorkspaceIndexOptions {
  /** Today's date as YYYY-MM-DD; read on every check so a long-running host stays current. */
  today: () => string;
}

interface Entry {
  uri: string;
  path: string;
  note: Note | null;
  noteFindings: Finding[];
  workspaceFindings: Finding[];
  findings: Finding[];
  skipped: string | null;
  version: number | null;
  config: DiscoveryConfig;
  /** The engagement group this note belongs to (see {@link groupKey}). */
  group: string;
  /** The frozen public view, rebuilt when the entry changes. */
  view: IndexedNote;
}

/** Group key of a note for workspace rules: its engagement, or the note alone when client or engagement is unknown. */
function groupKey(uri: string, note: Note | null): string {
  const key = note ? engagementKey(note) : null;
  return key === null ? `\u0001${uri}` : key;
}

/** UTF-8 byte length of a string without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}

/** The index of the discovery notes of a workspace. See the module comment. */
export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly listeners = new Set<(change: IndexChange) => void>();
  private batchDepth = 0;
  private pendingGroups = new Set<string>();
  private pendingChanged = new Set<string>();
  private pendingRemoved = new Set<string>();
  /** Per engagement group, the risk IDs its per-note findings were computed against (see {@link riskIdSignature}). */
  private readonly groupSignatures = new Map<string, string>();

  constructor(private readonly options: WorkspaceIndexOptions) {}

  /**
   * Adds or replaces a note from its text. `version` is the open document's version, or `null`/omitted for
   * text read from disk. Open-document text wins over disk: a disk read is ignored while the note is held
   * from an open document (call {@link releaseDocument} when it closes), and an older document version never
   * replaces a newer one. Returns `false` when the text was ignored for that reason.
   */
  upsert(uri: string, relPath: string, text: string, config: DiscoveryConfig, version?: number | null): boolean {
    const v = version ?? null;
    const existing = this.entries.get(uri);
    if (existing && existing.version !== null && (v === null || v < existing.version)) return false;
    if (utf8Length(text) > config.maxFileBytes) {
      this.put(uri, relPath, null, [], tooLarge(config.maxFileBytes), v, config);
      return true;
    }
    let note: Note | null = null;
    let findings: Finding[] = [];
    let skipped: string | null = null;
    try {
      const analysed = analyze(parseNote(text), config, relPath);
      // The other notes of the engagement let fixes pick risk IDs that are free across the engagement.
      const ctx: RuleContext = { config, today: this.options.today(), engagementNotes: this.engagementNotes(uri, analysed) };
      findings = checkNote(analysed, ctx);
      note = analysed;
    } catch (e) {
      // A bug in a rule must not take the index down; the note is reported as skipped with the reason.
      note = null;
      findings = [];
      skipped = `could not be checked: ${e instanceof Error ? e.message : String(e)}`;
    }
    this.put(uri, relPath, note, findings, skipped, v, config);
    return true;
  }

  /**
   * Records a note that could not be read as text (binary, invalid UTF-8, too large to read), so it is listed
   * with its reason instead of silently missing. Ignored while the note is held from an open document.
   */
  markSkipped(uri: string, relPath: string, reason: string, config: DiscoveryConfig): boolean {
    const existing = this.entries.get(uri);
    if (existing && existing.version !== null) return false;
    this.put(uri, relPath, null, [], reason, null, config);
    return true;
  }

  /** The open document was closed: the next disk read of the note replaces its text again. */
  releaseDocument(uri: string): void {
    const entry = this.entries.get(uri);
    if (entry && entry.version !== null) {
      entry.version = null;
      entry.view = freeze(entry);
    }
  }

  /** Removes a note (deleted or renamed away). Returns `false` if it was not indexed. */
  remove(uri: string): boolean {
    const entry = this.entries.get(uri);
    if (!entry) return false;
    this.entries.delete(uri);
    this.leaveGroup(entry.group, uri);
    this.pendingGroups.add(entry.group);
    this.pendingChanged.delete(uri);
    this.pendingRemoved.add(uri);
    this.flushIfIdle();
    return true;
  }

  /** Removes every note whose URI lies under a folder URI (a workspace folder removed, a folder deleted). */
  removeUnder(folderUri: string): string[] {
    const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
    const removed: string[] = [];
    this.batch(() => {
      for (const uri of [...this.entries.keys()]) {
        if (uri.startsWith(prefix) && this.remove(uri)) removed.push(uri);
      }
    });
    return removed;
  }

  /** Removes every note (a full re-scan starts from nothing). */
  clear(): void {
    this.batch(() => {
      for (const uri of [...this.entries.keys()]) this.remove(uri);
    });
  }

  /**
   * Runs `fn` with workspace-rule recomputation and change events deferred to its end, so a scan of many notes
   * recomputes each engagement once and emits one event. Batches nest.
   */
  batch<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      return fn();
    } finally {
      this.batchDepth--;
      this.flushIfIdle();
    }
  }

  /** Every indexed note, in no particular order. */
  all(): IndexedNote[] {
    return [...this.entries.values()].map((e) => e.view);
  }

  get(uri: string): IndexedNote | undefined {
    return this.entries.get(uri)?.view;
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The notes of the same engagement as `uri` (the note itself included), for the status bar, CodeLens and the
   * engagement summary. A note without client or engagement is its own engagement.
   */
  engagementOf(uri: string): IndexedNote[] {
    const entry = this.entries.get(uri);
    if (!entry) return [];
    const members = this.groups.get(entry.group);
    if (!members) return [entry.view];
    const out: IndexedNote[] = [];
    for (const m of members) {
      const e = this.entries.get(m);
      if (e) out.push(e.view);
    }
    return out;
  }

  /** Subscribes to changes; the listener receives the URIs changed and removed by one update or batch. */
  onDidChange(listener: (change: IndexChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The analysed notes of `note`'s engagement, `note` first, with the copy of `uri` in the index left out. */
  private engagementNotes(uri: string, note: Note): Note[] {
    const members = this.groups.get(groupKey(uri, note));
    const out = [note];
    if (!members) return out;
    for (const m of members) {
      const other = m === uri ? undefined : this.entries.get(m)?.note;
      if (other) out.push(other);
    }
    return out;
  }

  private put(
    uri: string,
    path: string,
    note: Note | null,
    noteFindings: Finding[],
    skipped: string | null,
    version: number | null,
    config: DiscoveryConfig,
  ): void {
    const previous = this.entries.get(uri);
    const group = groupKey(uri, note);
    if (previous && previous.group !== group) {
      this.leaveGroup(previous.group, uri);
      this.pendingGroups.add(previous.group);
    }
    const entry: Entry = {
      uri,
      path,
      note,
      noteFindings,
      workspaceFindings: previous && previous.group === group ? previous.workspaceFindings : [],
      findings: [],
      skipped,
      version,
      config,
      group,
      view: undefined as unknown as IndexedNote,
    };
    entry.findings = merge(entry);
    entry.view = freeze(entry);
    this.entries.set(uri, entry);
    let members = this.groups.get(group);
    if (!members) this.groups.set(group, (members = new Set()));
    members.add(uri);
    this.pendingGroups.add(group);
    this.pendingRemoved.delete(uri);
    this.pendingChanged.add(uri);
    this.flushIfIdle();
  }

  private leaveGroup(group: string, uri: string): void {
    const members = this.groups.get(group);
    if (!members) return;
    members.delete(uri);
    if (members.size === 0) {
      this.groups.delete(group);
      this.groupSignatures.delete(group);
    }
  }

  private flushIfIdle(): void {
    if (this.batchDepth > 0) return;
    const groups = this.pendingGroups;
    this.pendingGroups = new Set();
    for (const group of groups) this.recomputeGroup(group);
    if (this.pendingChanged.size === 0 && this.pendingRemoved.size === 0) return;
    const change: IndexChange = { changed: [...this.pendingChanged], removed: [...this.pendingRemoved] };
    this.pendingChanged = new Set();
    this.pendingRemoved = new Set();
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // One failing listener must not starve the others (the host logs its own errors).
      }
    }
  }

  /**
   * Re-runs the per-note rules of an engagement's notes when the risk IDs of the engagement changed, since a note's
   * fixes name the next free ID across the engagement: a fix computed before another note took that ID would
   * assign a duplicate.
   */
  private recheckNotesOf(group: string, analysed: readonly Entry[]): void {
    const signature = riskIdSignature(analysed);
    const previous = this.groupSignatures.get(group);
    this.groupSignatures.set(group, signature);
    // A new group of one note was just checked with itself; any other change may move the next free ID.
    if (previous === signature || (previous === undefined && analysed.length === 1)) return;
    const notes = analysed.map((e) => e.note as Note);
    for (const e of analysed) {
      const note = e.note as Note;
      let next: Finding[];
      try {
        next = checkNote(note, { config: e.config, today: this.options.today(), engagementNotes: [note, ...notes.filter((n) => n !== note)] });
      } catch {
        continue;
      }
      if (JSON.stringify(next) === JSON.stringify(e.noteFindings)) continue;
      e.noteFindings = next;
      e.findings = merge(e);
      e.view = freeze(e);
      this.pendingChanged.add(e.uri);
    }
  }

  /** Re-runs the workspace rules for one engagement and marks the notes whose findings changed. */
  private recomputeGroup(group: string): void {
    const members = this.groups.get(group);
    if (!members || members.size === 0) return;
    const entries: Entry[] = [];
    for (const uri of members) {
      const e = this.entries.get(uri);
      if (e) entries.push(e);
    }
    const analysed = entries.filter((e) => e.note !== null);
    this.recheckNotesOf(group, analysed);
    // Workspace rules see each note under its URI, so notes with the same relative path in two workspace
    // folders stay apart; findings are mapped back to the note's own path below.
    const byUri = new Map(entries.map((e) => [e.uri, e]));
    let found: Finding[] = [];
    if (analysed.length > 0) {
      try {
        found = checkEngagements(
          analysed.map((e) => ({ ...(e.note as Note), path: e.uri })),
          (uri: string): RuleContext => ({
            config: byUri.get(uri)?.config ?? analysed[0].config,
            today: this.options.today(),
          }),
        );
      } catch {
        found = [];
      }
    }
    const perNote = new Map<string, Finding[]>();
    for (const f of found) {
      const e = byUri.get(f.path);
      if (!e) continue;
      let list = perNote.get(e.uri);
      if (!list) perNote.set(e.uri, (list = []));
      list.push({ ...f, path: e.path });
    }
    for (const e of entries) {
      const next = perNote.get(e.uri) ?? [];
      if (sameFindings(e.workspaceFindings, next)) continue;
      e.workspaceFindings = next;
      e.findings = merge(e);
      e.view = freeze(e);
      this.pendingChanged.add(e.uri);
    }
  }
}

/**
 * What the per-note rules read from the other notes of an engagement: which risk IDs are defined or referenced
 * where (the next free ID of DISC005/DISC009 fixes, DISC010). When it is unchanged, no note's findings can be.
 */
function riskIdSignature(entries: readonly Entry[]): string {
  return entries
    .map((e) => {
      const note = e.note as Note;
      return `${e.uri}\u0000${note.risks.map((r) => r.id ?? '').join(',')}\u0000${note.references.map((r) => r.id).join(',')}`;
    })
    .sort()
    .join('\u0001');
}

function tooLarge(max: number): string {
  return `larger than the maximum of ${max} bytes (discovery.maxFileSize / maxFileBytes)`;
}

function merge(e: Entry): Finding[] {
  return [...e.noteFindings, ...e.workspaceFindings].sort(compareFindings);
}

function freeze(e: Entry): IndexedNote {
  return Object.freeze({
    uri: e.uri,
    path: e.path,
    note: e.note,
    findings: e.findings,
    skipped: e.skipped,
    version: e.version,
    config: e.config,
  });
}

function sameFindings(a: Finding[], b: Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (
      x.rule !== y.rule ||
      x.message !== y.message ||
      x.severity !== y.severity ||
      x.range.start.line !== y.range.start.line ||
      x.range.start.character !== y.range.start.character ||
      x.range.end.line !== y.range.end.line ||
      x.range.end.character !== y.range.end.character
    ) {
      return false;
    }
  }
  return true;
}
