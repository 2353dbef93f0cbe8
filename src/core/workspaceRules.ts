/**
 * Rules that look across the notes of one engagement (same client and engagement): DISC009 for a risk ID
 * defined in two notes, and DISC010 for references to risk IDs that no note of the engagement defines.
 */
import { memoByString } from './detach';
import type { Finding, Note, NoteMeta } from './model';
import { disc009, duplicateIdsAcrossNotes } from './rules/disc009DuplicateRiskId';
import { disc010 } from './rules/disc010UnknownRiskReference';
import { compareFindings } from './rules/helpers';
import { reportedFindings } from './rules/index';
import type { RuleContext } from './rules/types';

/** A client or engagement name as compared: trimmed, lower case, single spaces (remembered: a workspace repeats a few names thousands of times). */
const normalizeName = memoByString((name: string): string => name.trim().toLowerCase().replace(/\s+/gu, ' '), 4096, 256);

/**
 * The engagement a note belongs to, compared case- and spacing-insensitively, or `null` when its client or
 * engagement is unknown (such a note forms an engagement of its own).
 */
export function engagementKey(note: Note): string | null {
  return engagementKeyOf(note.meta);
}

/** {@link engagementKey} from a note's metadata alone (a cached summary has no analysed note). */
export function engagementKeyOf(meta: Pick<NoteMeta, 'client' | 'engagement'>): string | null {
  const { client, engagement } = meta;
  if (!client || !engagement) return null;
  // Notes come folder by folder (a scan, a warm start), so the last names asked for are the next ones asked for:
  // the same key string is handed out again, already hashed for the index's maps, instead of a new one per note.
  if (client === lastKey.client && engagement === lastKey.engagement) return lastKey.key;
  const key = `${normalizeName(client)}\u0000${normalizeName(engagement)}`;
  lastKey.client = client;
  lastKey.engagement = engagement;
  lastKey.key = key;
  return key;
}

/** The last key {@link engagementKeyOf} made, and of which names. */
const lastKey: { client: string | null; engagement: string | null; key: string | null } = { client: null, engagement: null, key: null };

/** Notes grouped by engagement, in input order; a note without client or engagement is a group of its own. */
export function groupByEngagement(notes: Note[]): Note[][] {
  const groups = new Map<string, Note[]>();
  const result: Note[][] = [];
  for (let noteIndex = 0; noteIndex < notes.length; noteIndex++) {
    const note = notes[noteIndex];
    const key = engagementKey(note);
    if (key === null) {
      result.push([note]);
      continue;
    }
    let group = groups.get(key);
    if (!group) {
      group = [];
      groups.set(key, group);
      result.push(group);
    }
    group.push(note);
  }
  return result;
}

/**
 * Runs the engagement-wide rules over `notes` (any mix of engagements): DISC009 across notes (reported on the
 * later note by path) and DISC010 (references resolved against every note of the engagement). Severities come
 * from each reporting note's configuration (`ctxFor(note.path)`); findings are sorted by path, then position.
 */
export function checkEngagements(notes: Note[], ctxFor: (path: string) => RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const group of groupByEngagement(notes)) {
    const byPath = new Map<string, Finding[]>();
    const add = (f: Finding) => {
      const list = byPath.get(f.path) ?? [];
      list.push(f);
      byPath.set(f.path, list);
    };
    if (group.length > 1) duplicateIdsAcrossNotes(group, ctxFor).forEach(add);
    for (let noteIndex = 0; noteIndex < group.length; noteIndex++) {
      const note = group[noteIndex];
      const ctx: RuleContext = { ...ctxFor(note.path), engagementNotes: group };
      disc010.check(note, ctx).forEach(add);
    }
    for (let noteIndex = 0; noteIndex < group.length; noteIndex++) {
      const note = group[noteIndex];
      const own = byPath.get(note.path);
      if (!own) continue;
      byPath.delete(note.path);
      const config = ctxFor(note.path).config;
      findings.push(...reportedFindings(own, note, config));
    }
  }
  return findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : compareFindings(a, b)));
}

/**
 * The engagement-wide findings of one note of `group` (the notes of its engagement, `note` among them): what
 * {@link checkEngagements} reports for that note, without computing the other notes' DISC010 findings. The
 * workspace index uses it when an edit left the engagement's risk IDs and references as they were, so only the
 * edited note's ranges can have moved.
 */
export function checkEngagementNote(group: Note[], note: Note, ctx: RuleContext): Finding[] {
  const own: Finding[] = [];
  if (group.length > 1) for (const f of duplicateIdsAcrossNotes(group, () => ctx)) if (f.path === note.path) own.push(f);
  own.push(...disc010.check(note, { ...ctx, engagementNotes: group }));
  return reportedFindings(own, note, ctx.config).sort(compareFindings);
}

/** The rule behind the cross-note part of DISC009, for listings. */
export const WORKSPACE_RULES = [disc009, disc010] as const;
