/**
 * Property-based tests over generated discovery notes and random Markdown: the parser and every rule never
 * throw, every range lies inside the document, the model does not depend on the line-break style or a BOM, and
 * parsing is deterministic. Seeds are fixed so a failure reproduces; `DISCOVERY_FULL_RUN=1` runs ten times more.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG, mergeConfig, parseConfigText } from '../../src/core/config';
import { lintNotes, lintText } from '../../src/core/lint';
import { parseNote } from '../../src/core/parse/index';
import { RULES } from '../../src/core/rules/index';
import { assertRangesInside, generatedNote, normalisedModel, randomMarkdown, toCr, toCrlf } from './support/generatedNotes';

const FULL = process.env.DISCOVERY_FULL_RUN === '1';
const RUNS = FULL ? 2000 : 100;
const TODAY = '2026-11-22';
const PATH = 'acme-retail/loyalty-platform/kickoff.discovery.md';

/** A configuration a team might write: renamed and custom sections, other bands and words, a rule turned off. */
const CUSTOM_CONFIG = mergeConfig(
  DEFAULT_CONFIG,
  parseConfigText(
    [
      'sections:',
      '  - name: Risks',
      '    aliases: [Hazards]',
      '    level: required',
      '  - name: Budget',
      '    level: required',
      'rules:',
      '  DISC002: off',
      '  DISC007: error',
      'bands: { medium: 3, high: 8, critical: 20 }',
      'staleQuestionDays: 0',
      '',
    ].join('\n'),
    '/w/.discovery.yml',
  ).overrides,
);

function params(seed: number): { numRuns: number; seed: number } {
  return { numRuns: RUNS, seed };
}

/** Parses, analyses and runs every rule one by one (a throwing rule is named), then the whole linter. */
function checkEverything(text: string, config = DEFAULT_CONFIG): void {
  const parsed = parseNote(text);
  assertRangesInside(parsed, text, 'parsed');
  const note = analyze(parsed, config, PATH);
  assertRangesInside(note, text, 'note');
  for (const rule of RULES) {
    let findings;
    try {
      findings = rule.check(note, { config, today: TODAY, engagementNotes: [note] });
    } catch (e) {
      assert.fail(`${rule.code} threw on ${JSON.stringify(text)}: ${e instanceof Error ? e.stack : String(e)}`);
    }
    assertRangesInside(findings, text, rule.code);
  }
  const { findings } = lintText(PATH, text, config, TODAY, { standalone: true });
  assertRangesInside(findings, text, 'lintText');
}

describe('properties of the engine over generated input', function () {
  this.timeout(FULL ? 600_000 : 60_000);

  it('parser, analysis and every rule never throw on generated notes, and every range lies inside the note', () => {
    fc.assert(
      fc.property(generatedNote, fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), (lf, eol, bom) => {
        const text = (bom ? '\uFEFF' : '') + (eol === '\n' ? lf : eol === '\r\n' ? toCrlf(lf) : toCr(lf));
        checkEverything(text);
      }),
      params(1),
    );
  });

  it('the same holds with a custom configuration (custom sections, bands, severities)', () => {
    fc.assert(fc.property(generatedNote, (text) => checkEverything(text, CUSTOM_CONFIG)), { ...params(2), numRuns: Math.ceil(RUNS / 2) });
  });

  it('parser, analysis and every rule never throw on random Markdown, and every range lies inside it', () => {
    fc.assert(fc.property(randomMarkdown, (text) => checkEverything(text)), params(3));
  });

  it('the model and the findings are the same for LF, CRLF and CR text, with or without a BOM', () => {
    fc.assert(
      fc.property(fc.oneof(generatedNote, randomMarkdown.map((t) => t.replace(/\r\n|\r/gu, '\n').replace(/^\uFEFF/u, ''))), (lf) => {
        const reference = lintText(PATH, lf, DEFAULT_CONFIG, TODAY, { standalone: true });
        const expected = normalisedModel(reference);
        for (const variant of [toCrlf(lf), toCr(lf), `\uFEFF${lf}`, `\uFEFF${toCrlf(lf)}`]) {
          const other = lintText(PATH, variant, DEFAULT_CONFIG, TODAY, { standalone: true });
          assert.equal(normalisedModel(other), expected, `differs for ${JSON.stringify(variant.slice(0, 200))}`);
          assert.equal(other.note.parsed.bom, variant.startsWith('\uFEFF'));
          if (/[\r\n]/u.test(lf)) assert.equal(other.note.parsed.eol, variant.includes('\r\n') ? '\r\n' : variant.includes('\r') ? '\r' : '\n');
        }
      }),
      { ...params(4), numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('parsing and linting are deterministic (same text, same model, twice and in any order)', () => {
    fc.assert(
      fc.property(fc.array(generatedNote, { minLength: 1, maxLength: 4 }), (texts) => {
        const first = texts.map((t) => JSON.stringify(parseNote(t)));
        const again = [...texts].reverse().map((t) => JSON.stringify(parseNote(t))).reverse();
        assert.deepEqual(again, first);
        const sources = texts.map((text, i) => ({ path: `acme/loyalty/n${i}.discovery.md`, text, config: DEFAULT_CONFIG }));
        assert.equal(JSON.stringify(lintNotes(sources, TODAY)), JSON.stringify(lintNotes(sources, TODAY)));
      }),
      { ...params(5), numRuns: Math.ceil(RUNS / 4) },
    );
  });

  it('workspace rules never throw across generated notes of one engagement, and their ranges lie inside each note', () => {
    fc.assert(
      fc.property(fc.array(generatedNote, { minLength: 2, maxLength: 5 }), (texts) => {
        const sources = texts.map((text, i) => ({ path: `acme/loyalty/n${i}.discovery.md`, text, config: DEFAULT_CONFIG }));
        const { findings } = lintNotes(sources, TODAY);
        sources.forEach((s) => assertRangesInside(findings[s.path], s.text, s.path));
      }),
      { ...params(6), numRuns: Math.ceil(RUNS / 4) },
    );
  });
});
