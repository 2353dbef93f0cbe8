/**
 * Compiling the engine a piece at a time, before a host's first scan.
 *
 * V8 compiles a function the first time it runs. The first note of a fresh extension host therefore compiles the
 * scanner, then the analysis, the rules, the summary and the index's own code, each in the operation that first
 * reaches it: on a 2-core machine the first analysis alone took 11-25 ms in one piece, and 43 ms once when the
 * machine was busy (docs/performance.md), against 0.3-1.5 ms once compiled. That is most of the budget of the
 * longest block the indexer allows itself (50 ms).
 *
 * {@link warmUp} runs small steps instead, each in whatever slice the caller gives it: a sample note is parsed and
 * analysed one growing prefix at a time (front matter, then lists, then tables, then the rest), so each step reaches
 * only some code not reached before; then the rules, the summary, the engagement rules, and a throwaway index that
 * loads, settles and compacts two sample notes of one engagement as a scan does. The steps run once per process.
 * Warming up is only ever an optimisation: a step that throws is skipped.
 */
import { analyze } from './analyze';
import { DEFAULT_CONFIG } from './config';
import type { DiscoveryConfig } from './configTypes';
import { summarizeNote, UNSTAMPED } from './indexCache';
import { withoutBlocks } from './leanNote';
import { checkNote } from './lint';
import type { Note, ParsedNote } from './model';
import { parseNote } from './parse/index';
import { WorkspaceIndex } from './workspaceIndex';
import { checkEngagements } from './workspaceRules';

/** A date the sample's due dates and ages are read against (any date works). */
const TODAY = '2026-01-15';

/**
 * A short note with what discovery notes are made of, in parts that the steps parse as growing prefixes: front
 * matter, a title and paragraphs with inline markup; lists (nested, ordered), a fenced block and an HTML comment;
 * tables, risks among them; risks as task items with fields; commitments and questions.
 */
const PARTS: string[][] = [
  [
    '---',
    'client: Sample Client',
    'engagement: "Warm-up"',
    'lead: Dana Whitfield',
    'date: 2026-01-05',
    'stage: discovery',
    'tags: [sample, warm-up]',
    '---',
    '',
    '# Sample Client — warm-up: technical discovery',
    '',
    'Kick-off with the *client* IT team (see [the ticket](https://example.com/T-1)), using `OAuth2` and **SSO**.',
    'Second line of the paragraph.',
    '',
  ],
  // Lists, code, HTML.
  [
    '## Stakeholders',
    '',
    '- **Priya Raman** — Head of Digital (sponsor)',
    '- Sam Okafor, IT Manager',
    '  - deputy: Lena Fischer',
    '',
    '## Business objectives',
    '',
    '1. Submit declarations without re-keying.',
    '2. Halve the time to clearance.',
    '',
    '## Integration mismatches',
    '',
    '### Order system',
    '',
    '```json',
    '{ "format": "EDIFACT" }',
    '```',
    '',
    '<!-- Where do the systems not fit? -->',
    '',
    '## Backlog fit',
    '',
    '- Monthly steering meeting; freeze from 2026-12-14.',
    '',
  ],
  // Tables.
  [
    '## Skills gaps',
    '',
    'Nobody knows EDIFACT mapping.',
    '',
    '## Technology options',
    '',
    '| Option | Pros | Cons |',
    '| --- | --- | --- |',
    '| Gateway (SaaS) | Supported *24/7* | Cost per declaration |',
    '| Robotic automation | Cheap | Breaks on every portal change |',
    '',
    '## Success criteria',
    '',
    '- 95% of declarations without re-keying by the end of the pilot.',
    '',
    '## Risks',
    '',
    '| ID | Risk | Likelihood | Impact | Owner | Status | Due | Mitigation |',
    '| --- | --- | :-: | :-: | --- | --- | --- | --- |',
    '| R-1 | Partner set-up takes months | 4 | 3 | Mei Lin | open | 2026-01-10 | Raise it in week one |',
    '| R-2 | Freeze before go-live | likely | major | Chen Wei | monitoring | 2026-02-01 | Agree dates now |',
    '',
  ],
  // Risks as task items with fields, nested and inline.
  [
    '- [ ] R-3: Authorisations not moved in time',
    '  - likelihood: remote',
    '  - impact: moderate',
    '  - owner: Joanne Pryce',
    '  - status: open',
    '  - due: 2026-01-20',
    '  - mitigation: Walk through the steps with finance.',
    '- [x] R-4: Vendor API limits — likelihood: 2; impact: 2; owner: Sam Okafor; status: closed',
    '',
  ],
  // Commitments and questions as task items.
  [
    '## Commitments',
    '',
    '- [ ] Send sample messages for 50 shipments — owner: Mei Lin; due: 2026-01-12',
    '- [x] Share the architecture diagram — owner: Dana Whitfield; due: 2026-01-08',
    '',
    '## Open questions',
    '',
    '- [ ] Does the vendor charge for a new partner? — asked: 2026-01-05; owner: Mei Lin; refers to R-1',
    '- [x] Who owns the loyalty data? — asked: 2026-01-02; answer: Finance',
    '',
  ],
];

const SAMPLE = PARTS.flat().join('\n');

/** The sample note's parts (exported for the tests, which check what each part makes the engine read). */
export const WARM_UP_PARTS: readonly (readonly string[])[] = PARTS;

/** The steps, in order, each a closure over what the steps before it made (exported for the tests). */
export function warmUpSteps(config: DiscoveryConfig): Array<() => void> {
  const notes: Note[] = [];
  const out: Array<() => void> = [];
  for (let k = 1; k <= PARTS.length; k++) {
    let parsed: ParsedNote | null = null;
    out.push(() => {
      parsed = parseNote(PARTS.slice(0, k).flat().join('\n'));
    });
    out.push(() => {
      if (parsed) notes.push(withoutBlocks(analyze(parsed, config, `sample/warm-up/${notes.length}.discovery.md`)));
    });
  }
  const whole = (): Note => notes[notes.length - 1];
  out.push(() => void checkNote(whole(), { config, today: TODAY, fixes: false }));
  // An open document's findings come with their fixes.
  out.push(() => void checkNote(analyze(parseNote(SAMPLE), config, 'sample/warm-up/open.discovery.md'), { config, today: TODAY }));
  out.push(() => {
    const note = whole();
    summarizeNote({ uri: 'warm-up:1', path: note.path, ...UNSTAMPED, today: TODAY, note, config, findings: checkNote(note, { config, today: TODAY, fixes: false }), skipped: null });
  });
  out.push(() => void checkEngagements(notes, () => ({ config, today: TODAY, fixes: false })));
  // The index's own paths, as a scan takes them: two notes of one engagement loaded, settled and compacted.
  let index: WorkspaceIndex | null = null;
  out.push(() => {
    index = new WorkspaceIndex({ today: () => TODAY, summarizeOnLoad: true });
    index.beginBulk();
    index.upsertParsed('warm-up:a', 'sample/warm-up/a.discovery.md', parseNote(SAMPLE), SAMPLE.length, config, null);
  });
  out.push(() => {
    const text = SAMPLE.replace('R-4', 'R-5');
    index?.upsertParsed('warm-up:b', 'sample/warm-up/b.discovery.md', parseNote(text), text.length, config, null);
  });
  out.push(() => void index?.settleQuiet());
  out.push(() => void index?.settle());
  out.push(() => {
    index?.compact((n) => (n.summary ? { summary: n.summary, findings: n.findings } : null));
    index?.endBulk();
    index = null;
  });
  return out;
}

/** The steps not run yet in this process (`null`: not started). */
let pending: Array<() => void> | null = null;

/** Whether every warm-up step has run in this process. */
export function warmedUp(): boolean {
  return pending !== null && pending.length === 0;
}

/**
 * Runs the warm-up steps not yet run in this process, one after another until `shouldYield()` says the caller's
 * slice is used up (at least one step per call). Returns `true` once every step has run, at once on every later
 * call; the caller yields to its host between calls until then.
 */
export function warmUp(shouldYield: () => boolean, config: DiscoveryConfig = DEFAULT_CONFIG): boolean {
  pending ??= warmUpSteps(config);
  while (pending.length > 0) {
    const step = pending.shift()!;
    try {
      step();
    } catch {
      // Only an optimisation: the scan compiles whatever this left out.
    }
    if (shouldYield()) break;
  }
  return pending.length === 0;
}
