/**
 * Rules that look across the notes of one engagement (same client and engagement): DISC009 for a risk ID
 * defined in two notes, and DISC010 for references to risk IDs that no note of the engagement defines.
 */
import type { Finding, Note } from './model';
import { disc009, duplicateIdsAcrossNotes } from './rules/disc009DuplicateRiskId';
import { disc010 } from './rules/disc010UnknownRiskReference';
import { clampRange, compareFindings } from './rules/helpers';
import { applySeverity } from './rules/index';
import type { RuleContext } from './rules/types';

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/gu, ' ');
}

/**
 * The engagement a note belongs to, compared case- and spacing-insensitively, or `null` when its client or
 * engagement is unknown (such a note forms an engagement of its own).
 */
export function engagementKey(note: Note): string | null {
  const { client, engagement } = note.meta;
  if (!client || !engagement) return null;
  return `${normalizeName(client)}\u0000${normalizeName(engagement)}`;
}

/** Notes grouped by engagement, in input order; a note without client or engagement is a group of its own. */
export function groupByEngagement(notes: Note[]): Note[][] {
  const groups = new Map<string, Note[]>();
  const result: Note[][] = [];
  for (const note of notes) {
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
    if (group.length > 1) duplicateIdsAcrossNotes(group).forEach(add);
    for (const note of group) {
      const ctx: RuleContext = { ...ctxFor(note.path), engagementNotes: group };
      disc010.check(note, ctx).forEach(add);
    }
    for (const note of group) {
      const own = byPath.get(note.path);
      if (!own) continue;
      byPath.delete(note.path);
      const config = ctxFor(note.path).config;
      for (const f of applySeverity(own, config)) findings.push({ ...f, range: clampRange(f.range, note) });
    }
  }
  return findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : compareFindings(a, b)));
}

/** The rule behind the cross-note part of DISC009, for listings. */
export const WORKSPACE_RULES = [disc009, disc010] as const;
