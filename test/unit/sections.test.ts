import * as assert from 'node:assert/strict';
import { DEFAULT_SECTIONS, closestSection, levenshtein, matchSection, normalizeHeading, sectionSlug } from '../../src/core/sections';
import type { SectionDefinition } from '../../src/core/model';

const idOf = (heading: string, defs: SectionDefinition[] = DEFAULT_SECTIONS): string | null => matchSection(heading, defs)?.id ?? null;

describe('sections', () => {
  it('lists the ten canonical sections in order with the default levels', () => {
    assert.deepEqual(
      DEFAULT_SECTIONS.map((d) => d.id),
      ['stakeholders', 'business-objectives', 'integration-mismatches', 'backlog-fit', 'skills-gaps', 'technology-options', 'success-criteria', 'commitments', 'open-questions', 'risks'],
    );
    assert.deepEqual(
      DEFAULT_SECTIONS.filter((d) => d.level === 'required').map((d) => d.name),
      ['Stakeholders', 'Integration mismatches', 'Backlog fit', 'Skills gaps', 'Success criteria', 'Risks'],
    );
    assert.ok(DEFAULT_SECTIONS.every((d) => d.level === 'required' || d.level === 'recommended'));
  });

  it('no two definitions share a normalised name or alias', () => {
    const seen = new Map<string, string>();
    for (const def of DEFAULT_SECTIONS) {
      for (const name of [def.name, ...def.aliases]) {
        const key = normalizeHeading(name);
        assert.ok(!seen.has(key), `${name} (${def.id}) collides with ${seen.get(key)}`);
        seen.set(key, def.id);
      }
    }
  });

  describe('normalizeHeading', () => {
    const cases: Array<[string, string]> = [
      ['Risks', 'risks'],
      ['  RISKS  ', 'risks'],
      ['3. Integration mismatches', 'integration mismatches'],
      ['3) Integration mismatches', 'integration mismatches'],
      ['3.1 Integration mismatches', 'integration mismatches'],
      ['III. Backlog fit', 'backlog fit'],
      ['iv) Backlog fit', 'backlog fit'],
      ['A. Stakeholders', 'stakeholders'],
      ['b) Stakeholders', 'stakeholders'],
      ['7 - Open questions', 'open questions'],
      ['🚩 Risks', 'risks'],
      ['Risks 🚩', 'risks'],
      ['🔌 4. Systems & Data', 'systems and data'],
      ['Systems&Data', 'systems and data'],
      ['**Success  criteria**', 'success criteria'],
      ['Success criteria:', 'success criteria'],
      ['Open questions?', 'open questions'],
      ["Client's goals", 'clients goals'],
      ['[Risks](#risks)', 'risks'],
      ['Skills-gaps', 'skills gaps'],
      ['Ｒｉｓｋｓ', 'risks'],
      ['2026', '2026'],
      ['A.', 'a'],
      ['', ''],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => assert.equal(normalizeHeading(input), expected));
    }
  });

  describe('matchSection', () => {
    it('matches names and aliases whatever the case, numbering, emoji and punctuation', () => {
      assert.equal(idOf('Stakeholders'), 'stakeholders');
      assert.equal(idOf('2. STAKEHOLDERS & SPONSORS'), 'stakeholders');
      assert.equal(idOf('People'), 'stakeholders');
      assert.equal(idOf('Goals'), 'business-objectives');
      assert.equal(idOf('Systems and data'), 'integration-mismatches');
      assert.equal(idOf('Integration gaps'), 'integration-mismatches');
      assert.equal(idOf('Backlog & governance'), 'backlog-fit');
      assert.equal(idOf('Capacity'), 'backlog-fit');
      assert.equal(idOf('Ability to execute'), 'skills-gaps');
      assert.equal(idOf('Team capability'), 'skills-gaps');
      assert.equal(idOf('Alternatives'), 'technology-options');
      assert.equal(idOf('Definition of success'), 'success-criteria');
      assert.equal(idOf('Action items'), 'commitments');
      assert.equal(idOf('Questions'), 'open-questions');
      assert.equal(idOf('RAID log'), 'risks');
      assert.equal(idOf('⚠️ 9. Risk register'), 'risks');
    });

    it('tolerates a trailing parenthetical only when the whole heading matches nothing', () => {
      assert.equal(idOf('Risks (RAID)'), 'risks');
      assert.equal(idOf('Open questions [as of kickoff]'), 'open-questions');
      assert.equal(idOf('Notes (risks)'), null);
    });

    it('returns null for headings that are no section', () => {
      assert.equal(idOf('Background'), null);
      assert.equal(idOf('Risk appetite and tolerance'), null);
      assert.equal(idOf(''), null);
      assert.equal(idOf('🚩'), null);
    });

    it('uses the definitions it is given', () => {
      const defs: SectionDefinition[] = [{ id: 'data-migration', name: 'Data migration', aliases: ['Migration'], level: 'required' }];
      assert.equal(idOf('1. Migration', defs), 'data-migration');
      assert.equal(idOf('Risks', defs), null);
    });
  });

  describe('levenshtein', () => {
    it('computes edit distances', () => {
      assert.equal(levenshtein('kitten', 'sitting'), 3);
      assert.equal(levenshtein('', 'abc'), 3);
      assert.equal(levenshtein('abc', ''), 3);
      assert.equal(levenshtein('same', 'same'), 0);
      assert.equal(levenshtein('stakehodlers', 'stakeholders'), 2);
    });

    it('stops at the bound and reports max + 1', () => {
      assert.equal(levenshtein('kitten', 'sitting', 2), 3);
      assert.equal(levenshtein('a', 'abcdefgh', 2), 3);
      assert.equal(levenshtein('completely different', 'nothing alike here', 1), 2);
      assert.equal(levenshtein('risk', 'risks', 1), 1);
    });

    it('is symmetric and agrees with the unbounded distance inside the bound', () => {
      const words = ['risks', 'risk', 'rsiks', 'stakeholders', 'stakeholder', 'backlog fit', 'backlogfit', 'skills gaps', ''];
      for (const a of words) {
        for (const b of words) {
          const d = levenshtein(a, b);
          assert.equal(levenshtein(b, a), d);
          for (const max of [0, 1, 2, 3]) assert.equal(levenshtein(a, b, max), d <= max ? d : max + 1, `${a}/${b}/${max}`);
        }
      }
    });
  });

  describe('closestSection', () => {
    const closest = (h: string) => {
      const c = closestSection(h, DEFAULT_SECTIONS);
      return c ? [c.def.id, c.distance] : null;
    };
    it('names the section a typo probably means', () => {
      assert.deepEqual(closest('Stakehodlers'), ['stakeholders', 2]);
      assert.deepEqual(closest('Stakeholder'), ['stakeholders', 1]);
      assert.deepEqual(closest('Risk'), ['risks', 1]);
      assert.deepEqual(closest('Rsks'), ['risks', 1]);
      assert.deepEqual(closest('4. Backlgo fit'), ['backlog-fit', 2]);
      assert.deepEqual(closest('Sucess criteria'), ['success-criteria', 1]);
      assert.deepEqual(closest('Integration missmatches'), ['integration-mismatches', 1]);
      assert.deepEqual(closest('Open qestions'), ['open-questions', 1]);
      assert.deepEqual(closest('Skill gap'), ['skills-gaps', 1]);
    });

    it('returns null for exact matches and for headings not close to anything', () => {
      assert.equal(closest('Risks'), null);
      assert.equal(closest('RAID'), null);
      assert.equal(closest('Background'), null);
      assert.equal(closest('Budget'), null);
      assert.equal(closest('Timeline'), null);
      assert.equal(closest('Rixxs'), null);
      assert.equal(closest(''), null);
    });

    it('does not treat short words as typos of short names beyond one edit', () => {
      assert.equal(closest('Rusts'), null);
      assert.deepEqual(closest('Goal'), ['business-objectives', 1]);
    });
  });

  it('sectionSlug makes ids for custom sections', () => {
    assert.equal(sectionSlug('Data migration & cut-over'), 'data-migration-and-cut-over');
    assert.equal(sectionSlug('🚩'), 'section');
  });
});
