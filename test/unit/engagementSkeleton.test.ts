import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { engagementSkeleton, withoutBlocks } from '../../src/core/leanNote';
import { checkNote } from '../../src/core/lint';
import type { Note, Range } from '../../src/core/model';
import { parseNote } from '../../src/core/parse/index';
import { allocatesRiskIds } from '../../src/core/rules/helpers';
import type { RuleContext } from '../../src/core/rules/types';
import { checkEngagements, groupByEngagement } from '../../src/core/workspaceRules';
import { FIXTURES, TODAY } from './rules/support';

/** `text` with the single-line `range` replaced by `by`. */
function replaceRange(text: string, range: Range, by: string): string {
  const lines = text.split('\n');
  const line = lines[range.start.line];
  lines[range.start.line] = line.slice(0, range.start.character) + by + line.slice(range.end.character);
  return lines.join('\n');
}

const generator = require('../../scripts/lib/benchGenerator.js') as {
  generateWorkspace(dir: string, o: { notes: number; seed: number }): { files: string[] };
};

/**
 * The workspace index keeps, for a note it summarised while its engagement was still loading, only the note's
 * engagement skeleton (src/core/leanNote.ts). These tests hold the skeleton to what it stands in for: the
 * engagement rules, and the per-note rules that look at the engagement, find the same on it as on the note.
 */
describe('engagement skeleton', () => {
  let notes: Note[];
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'discovery-skeleton-'));
    const { files } = generator.generateWorkspace(dir, { notes: 120, seed: 23 });
    const fixtures = (readdirSync(FIXTURES, { recursive: true }) as string[])
      .map((n) => n.replace(/\\/gu, '/'))
      .filter((n) => n.endsWith('.discovery.md'))
      .map((n) => ({ path: `fixtures/${n}`, text: readFileSync(join(FIXTURES, n), 'utf8') }));
    // The generator spreads notes over many engagements; here they share five, of about two dozen notes each.
    const generated = files.map((f, k) => ({
      path: relative(dir, f).split('\\').join('/'),
      text: readFileSync(f, 'utf8').replace(/^engagement: .*$/mu, `engagement: Shared ${k % 5}`).replace(/^client: .*$/mu, 'client: Skeleton'),
    }));
    notes = [];
    const add = (path: string, text: string) => {
      try {
        const note = withoutBlocks(analyze(parseNote(text), DEFAULT_CONFIG, path));
        notes.push(note);
        return note;
      } catch {
        // A generated note made to be unreadable: nothing to compare.
        return null;
      }
    };
    for (const s of fixtures) add(s.path, s.text);
    for (const [k, s] of generated.entries()) {
      const note = add(s.path, s.text);
      // Every fifth note again beside itself, with a risk's ID taken away or given the ID of the risk before it:
      // notes whose own findings name the next free ID of their engagement.
      const ids = note?.risks.filter((r) => r.fields.id) ?? [];
      if (k % 5 !== 0 || ids.length < 2) continue;
      const target = ids[1].fields.id!.range;
      add(s.path.replace(/\.discovery\.md$/u, '-edited.discovery.md'), replaceRange(s.text, target, k % 10 === 0 ? '' : (ids[0].id as string)));
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const ctx = (fixes: boolean): RuleContext => ({ config: DEFAULT_CONFIG, today: TODAY, fixes });
  const skeletonOf = (n: Note) => engagementSkeleton(n, { ...n.meta, tags: [...n.meta.tags] });

  it('gives the engagement rules the same findings as the notes it stands for', () => {
    const groups = groupByEngagement(notes);
    let compared = 0;
    let acrossNotes = 0;
    for (const group of groups) {
      const full = checkEngagements(group, () => ctx(false));
      const skeletons = checkEngagements(group.map(skeletonOf), () => ctx(false));
      assert.deepEqual(skeletons, full, group[0].path);
      // With some notes analysed and some skeletons, as while an engagement is being loaded.
      const mixed = checkEngagements(group.map((n, i) => (i % 2 === 0 ? skeletonOf(n) : n)), () => ctx(false));
      assert.deepEqual(mixed, full, group[0].path);
      compared += full.length;
      acrossNotes += full.filter((f) => f.rule === 'DISC009').length;
    }
    assert.ok(groups.filter((g) => g.length > 3).length > 5, `engagements of several notes: ${groups.map((g) => g.length).join(',')}`);
    assert.ok(compared > 100 && acrossNotes > 20, `${compared} findings, ${acrossNotes} DISC009 across notes`);
  });

  it("leaves a note's own findings as they are unless it has a risk without an ID or an ID twice", () => {
    let independent = 0;
    let allocating = 0;
    for (const group of groupByEngagement(notes)) {
      const skeletons = group.map(skeletonOf);
      for (const [i, note] of group.entries()) {
        const withEngagement = checkNote(note, { ...ctx(false), engagementNotes: group });
        if (!allocatesRiskIds(note)) {
          // What the index finds when it checks the note as it is loaded, before the rest of its engagement.
          assert.deepEqual(checkNote(note, ctx(false)), withEngagement, note.path);
          independent++;
          continue;
        }
        allocating++;
        // A note that waits for its engagement is checked against the others' skeletons (the next free ID).
        for (const fixes of [false, true]) {
          const others = [...skeletons.slice(0, i), note, ...skeletons.slice(i + 1)];
          assert.deepEqual(
            checkNote(note, { ...ctx(fixes), engagementNotes: others }),
            checkNote(note, { ...ctx(fixes), engagementNotes: group }),
            note.path,
          );
        }
      }
    }
    assert.ok(independent > 100 && allocating > 5, `${independent} independent notes, ${allocating} that allocate IDs`);
  });

  it('tells the notes whose own findings name a free ID', () => {
    const note = (risks: string) => analyze(parseNote(`---\nclient: A\nengagement: B\n---\n\n## Risks\n\n${risks}\n`), DEFAULT_CONFIG, 'a.discovery.md');
    assert.equal(allocatesRiskIds(note('- [ ] R-1: One\n- [ ] R-2: Two')), false);
    assert.equal(allocatesRiskIds(note('- [ ] R-1: One\n- [ ] Two')), true);
    assert.equal(allocatesRiskIds(note('- [ ] R-1: One\n- [ ] r-01: Two')), true);
    assert.equal(allocatesRiskIds(note('No risks yet.')), false);
  });

  it('keeps a small part of the note', () => {
    const sized = notes.filter((n) => n.risks.length > 3);
    assert.ok(sized.length > 50);
    let note = 0;
    let skeleton = 0;
    for (const n of sized) {
      note += JSON.stringify(n).length;
      skeleton += JSON.stringify(skeletonOf(n)).length;
    }
    assert.ok(skeleton * 4 < note, `skeletons ${skeleton} characters of JSON against ${note} for the lean notes`);
  });
});
