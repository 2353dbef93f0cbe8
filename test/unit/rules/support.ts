/** Shared helpers for the rule, lint and fix tests: fixtures, linting, and the no-data-loss checks of edits. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { DiscoveryConfig } from '../../../src/core/configTypes';
import { applyEdits } from '../../../src/core/edits';
import { lintText } from '../../../src/core/lint';
import type { Finding, Fix, Note, Position, RuleCode, TextEdit } from '../../../src/core/model';

export const TODAY = '2026-11-22';
export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'rules');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/gu, '\r\n');
}

export function withBom(text: string): string {
  return `\uFEFF${text}`;
}

export interface Linted {
  text: string;
  note: Note;
  findings: Finding[];
}

/** Lints text as a note at `path` (default: a path with no folders, so nothing comes from folder names). */
export function lint(text: string, path = 'note.discovery.md', config: DiscoveryConfig = DEFAULT_CONFIG): Linted {
  const { note, findings } = lintText(path, text, config, TODAY, { standalone: true });
  return { text, note, findings };
}

export function lintFixture(name: string, path?: string, config?: DiscoveryConfig): Linted {
  return lint(fixture(name), path ?? `fixtures/${name}`, config);
}

export function ofRule(findings: Finding[], code: RuleCode): Finding[] {
  return findings.filter((f) => f.rule === code);
}

export function preferred(finding: Finding): Fix {
  const fix = finding.fixes.find((f) => f.preferred);
  assert.ok(fix, `expected a preferred fix on ${finding.rule}: ${finding.message}`);
  return fix;
}

function lineStarts(body: string): number[] {
  const starts = [0];
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 13 && body.charCodeAt(i + 1) === 10) {
      starts.push(i + 2);
      i++;
    } else if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

/** Offset of a position in BOM-less text, asserting the position lies inside the text. */
export function offsetOf(body: string, p: Position): number {
  const starts = lineStarts(body);
  assert.ok(p.line >= 0 && p.line < starts.length, `line ${p.line} outside the text`);
  const lineEnd = p.line + 1 < starts.length ? starts[p.line + 1] : body.length;
  const content = body.slice(starts[p.line], lineEnd).replace(/\r?\n$|\r$/u, '');
  assert.ok(p.character >= 0 && p.character <= content.length, `character ${p.character} outside line ${p.line}`);
  return starts[p.line] + p.character;
}

/**
 * Applies edits and checks the no-data-loss properties: edits lie inside the text and do not overlap, the text
 * outside the edited spans is kept byte for byte and in order, replaced spans stay on one line (no line is
 * removed), inserted line breaks are the note's own, and a BOM is kept.
 */
export function applyChecked(text: string, edits: TextEdit[]): string {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const eol = /\r\n|\r|\n/u.exec(body)?.[0] ?? '\n';
  const spans = edits
    .map((e) => ({ start: offsetOf(body, e.range.start), end: offsetOf(body, e.range.end), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let expected = '';
  let at = 0;
  for (const s of spans) {
    assert.ok(s.start >= at, 'edits overlap');
    assert.ok(s.end >= s.start, 'edit range is reversed');
    assert.ok(!/[\r\n]/u.test(body.slice(s.start, s.end)), `an edit replaces a line break: ${JSON.stringify(body.slice(s.start, s.end))}`);
    const breaks = s.newText.match(/\r\n|\r|\n/gu) ?? [];
    assert.ok(breaks.every((b) => b === eol), `inserted line breaks must be ${JSON.stringify(eol)}`);
    expected += body.slice(at, s.start) + s.newText;
    at = s.end;
  }
  expected += body.slice(at);
  const result = applyEdits(text, edits);
  assert.equal(result, (bom ? '\uFEFF' : '') + expected);
  return result;
}

/** Text replaced by the edits (non-empty spans only), for asserting that a fix replaces exactly what it names. */
export function replacedTexts(text: string, edits: TextEdit[]): string[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return edits
    .map((e) => body.slice(offsetOf(body, e.range.start), offsetOf(body, e.range.end)))
    .filter((s) => s !== '');
}

/** The line a finding's line moves to once `edits` are applied (edits before it add or remove lines). */
export function shiftedLine(line: number, edits: TextEdit[]): number {
  let delta = 0;
  for (const e of edits) {
    if (e.range.start.line > line || (e.range.start.line === line && e.range.start.character > 0)) continue;
    const added = (e.newText.match(/\r\n|\r|\n/gu) ?? []).length;
    delta += added - (e.range.end.line - e.range.start.line);
  }
  return line + delta;
}
