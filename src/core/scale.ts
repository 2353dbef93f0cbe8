/**
 * The risk scale: likelihood and impact levels 1..5, their score (likelihood × impact, 1..25) and band.
 */
import { memoByString } from './detach';
import type { Band } from './model';

/**
 * Likelihood words (lower case, single spaces) and their level.
 *
 * The five scale words are the usual risk-matrix ones. `low` / `medium` / `high` are accepted as shorthand
 * and read as the mid-points 2 / 3 / 4, so that a lead who writes "high" is neither escalated to the top of
 * the scale nor under-rated; `very low` / `very high` are the ends (1 and 5).
 */
export const DEFAULT_LIKELIHOOD_WORDS: Readonly<Record<string, number>> = Object.freeze({
  rare: 1,
  unlikely: 2,
  possible: 3,
  likely: 4,
  'almost certain': 5,
  'very low': 1,
  low: 2,
  medium: 3,
  med: 3,
  high: 4,
  'very high': 5,
});

/**
 * Impact words and their level: negligible 1, minor 2, moderate 3, major 4, severe 5, with the same
 * `low` 2 / `medium` 3 / `high` 4 shorthand (and `very low` 1, `very high` 5) as likelihood, plus
 * `critical` 5 because leads commonly write it for the worst impact.
 */
export const DEFAULT_IMPACT_WORDS: Readonly<Record<string, number>> = Object.freeze({
  negligible: 1,
  minor: 2,
  moderate: 3,
  major: 4,
  severe: 5,
  'very low': 1,
  low: 2,
  medium: 3,
  med: 3,
  high: 4,
  'very high': 5,
  critical: 5,
});

/** The bands from lowest to highest. */
export const BANDS: readonly Band[] = Object.freeze(['low', 'medium', 'high', 'critical'] as const);

/** Lowest score of each band above `low`. */
export interface BandThresholds {
  medium: number;
  high: number;
  critical: number;
}

export const DEFAULT_BANDS: Readonly<BandThresholds> = Object.freeze({ medium: 5, high: 10, critical: 16 });

const MAX_LEVEL_TEXT = 100;

/**
 * A hyphen between two letters (`almost-certain`). Made once: the bundler turns a lookbehind with a Unicode
 * property into a constructor call, which in the function below made a regular expression per call.
 */
const HYPHEN_IN_WORD = /(?<=\p{L})-(?=\p{L})/gu;

/** Lower-cases and collapses whitespace, and drops emphasis markers, so `**Almost  Certain**` reads as a word. */
export function normalizeLevelText(raw: string): string {
  return raw
    .replace(/[*_`~]/gu, '')
    .trim()
    .toLowerCase()
    .replace(HYPHEN_IN_WORD, ' ')
    .replace(/\s+/gu, ' ')
    .replace(/[.!]+$/u, '')
    .trim();
}

function parseSimpleLevel(text: string, words: Readonly<Record<string, number>>): number | null {
  // `4`, `4/5`, `4 / 5`, `4 of 5`
  const digits = /^([0-9]+)(?:\s*(?:\/|of)\s*5)?$/u.exec(text);
  if (digits) {
    const n = Number(digits[1]);
    return n >= 1 && n <= 5 ? n : null;
  }
  const n = Object.prototype.hasOwnProperty.call(words, text) ? words[text] : undefined;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}

/**
 * Reads a likelihood or impact value: a digit 1..5 (also `4/5`), or a word of `words` (case-insensitive,
 * extra whitespace ignored). A value with a parenthetical, `likely (4)` or `4 (likely)`, is accepted when
 * both halves agree. Anything else, including `0` or `6`, is `null`.
 */
export function parseLevel(raw: string, words: Readonly<Record<string, number>>): number | null {
  // No level is written in more than a few words; a long value is prose, and skipping it bounds the work.
  if (raw.length > MAX_LEVEL_TEXT) return null;
  // A workspace writes the same few values thousands of times (`4`, `high`, `**likely**`): each is read once per
  // word list. Normalising them again was about 3 % of checking 1,000 notes.
  let memo = levelMemo.get(words);
  if (memo === undefined) {
    // Each configuration has its own copy of the lists (the CLI makes one per folder: 216 on 1,000 notes), and
    // copies with the same words share one memo.
    const key = JSON.stringify(Object.entries(words));
    memo = levelMemoByWords.get(key);
    if (memo === undefined) {
      memo = memoByString((text) => parseLevelUncached(text, words), 1024);
      // Bounded, as the memos are: a long-running host may see many edits of a configuration's words.
      if (levelMemoByWords.size >= 64) levelMemoByWords.clear();
      levelMemoByWords.set(key, memo);
    }
    levelMemo.set(words, memo);
  }
  return memo(raw);
}

/** {@link parseLevel}'s memo per word list. */
const levelMemo = new WeakMap<Readonly<Record<string, number>>, (raw: string) => number | null>();
/** The same memos by the words and numbers of their list (a workspace has few distinct lists). */
const levelMemoByWords = new Map<string, (raw: string) => number | null>();

function parseLevelUncached(raw: string, words: Readonly<Record<string, number>>): number | null {
  const text = normalizeLevelText(raw);
  if (text === '') return null;
  const simple = parseSimpleLevel(text, words);
  if (simple !== null) return simple;
  const paren = /^([^()]+?)\s*\(([^()]+)\)$/u.exec(text);
  if (!paren) return null;
  const outer = parseSimpleLevel(paren[1].trim(), words);
  const inner = parseSimpleLevel(paren[2].trim(), words);
  return outer !== null && outer === inner ? outer : null;
}

/** Likelihood × impact, or `null` if either is unknown. */
export function scoreOf(likelihood: number | null, impact: number | null): number | null {
  return likelihood === null || impact === null ? null : likelihood * impact;
}

/** The band a score falls in: `critical` at or above `bands.critical`, then `high`, `medium`, else `low`. */
export function bandOf(score: number, bands: BandThresholds): Band {
  if (score >= bands.critical) return 'critical';
  if (score >= bands.high) return 'high';
  if (score >= bands.medium) return 'medium';
  return 'low';
}

/** Position of a band in {@link BANDS} (low 0 … critical 3), for comparisons such as "at least high". */
export function bandRank(band: Band): number {
  return BANDS.indexOf(band);
}
