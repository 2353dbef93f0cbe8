/**
 * Teaching the block scanner's code its rare paths before a workspace reaches them (the CLI, src/cli/checkGroup.ts).
 *
 * V8 compiles the scanner's `line` (src/core/parse/scanner.ts) with the types each of its operations has seen so
 * far. An operation that has never run, such as the start of a block quote after a list, has seen nothing: the
 * optimised code gives up there, the scanner runs unoptimised again, and `line` is compiled a second time (about
 * 120 ms of processor time on a compiler thread that shares the second core with the collector). In a 1,000-note
 * check that happened about a hundred notes in, at the workspace's first quote of that kind, and the scanner ran
 * unoptimised for about seventy more notes.
 *
 * {@link warmUpScanner} scans a short sample that takes those paths a few times first. Few: V8 only records what
 * a function sees once the function has run a while (its feedback is allocated lazily), so the first round teaches
 * little; and many rounds would make V8 optimise the scanner for the sample alone, which the workspace then
 * contradicts elsewhere (with twenty rounds, `exceedsNesting` was compiled on the sample's feedback and thrown
 * away at the first real note). Three rounds take 6-9 ms in a fresh process without a code cache, most of it
 * compiling the scanner to bytecode, which the first note would do anyway. Measured in alternated CLI processes on
 * 1,000 notes: see docs/performance.md, "What makes it fast".
 */
import { scanNote } from './scanner';

/**
 * The sample: a note the scanner reads to the end (a unit test holds it to that, and to remark), with the
 * constructs whose paths are rare in real notes: block quotes (after a blank line, interrupting a paragraph, right
 * after a list, over several lines), indented code, a setext heading, HTML blocks, a thematic break, loose and
 * ordered lists, task boxes, a fence inside a list item, and a table right after a paragraph.
 */
export const SCANNER_SAMPLE = [
  '---',
  'client: Sample',
  'tags: [a, b]',
  '---',
  '',
  '# Sample — warm-up',
  '',
  'A paragraph with *emphasis*, `code` and [a link](https://example.com).',
  '> A quote that interrupts it.',
  '> Its second line.',
  '',
  '## Stakeholders',
  '',
  '- Priya — sponsor',
  '  - deputy: Sam',
  '* Another list',
  '',
  '> A quote after a blank line.',
  '',
  '1. First',
  '2) Second',
  '',
  '- [ ] open task',
  '- [x] done task',
  '',
  '  Loose continuation.',
  '',
  '> A quote right after a list.',
  '',
  '    indented code',
  '',
  'Setext heading',
  '--------------',
  '',
  '<div>',
  'html',
  '</div>',
  '',
  '<!-- a comment -->',
  '',
  '***',
  '',
  '- item with a fence',
  '',
  '  ```js',
  '  let x = 1;',
  '  ```',
  '',
  '~~~',
  'tilde fence',
  '~~~',
  '',
  '## Risks',
  '',
  'Risks as a table:',
  '| ID | Risk | Likelihood |',
  '|:---|------|-----------:|',
  '| R-1 | Vendor | 3 |',
  '',
  '### Closing ###',
  '',
].join('\n');

/** How many times {@link warmUpScanner} scans the sample (see the module's comment). */
const SCANNER_WARM_UP_ROUNDS = 3;

let warmed = false;

/** Scans {@link SCANNER_SAMPLE} a few times, once per thread; later calls do nothing. Never throws. */
export function warmUpScanner(): void {
  if (warmed) return;
  warmed = true;
  try {
    for (let i = 0; i < SCANNER_WARM_UP_ROUNDS; i++) scanNote(SCANNER_SAMPLE);
  } catch {
    // Only ever an optimisation.
  }
}
