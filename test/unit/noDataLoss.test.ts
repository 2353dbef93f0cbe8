/**
 * No lost words: every edit the product makes (each rule's fixes, "insert missing sections", "mark closed",
 * fix-all) keeps the text outside the edited spans byte for byte, keeps the line-break style and the BOM, and
 * applying it twice is the same as applying it once. An edit computed for an older version of a document is
 * never applied to a newer one. Checked on the rule fixtures and on generated notes, in every line-break style.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { applyEdits } from '../../src/core/edits';
import { fixAll, insertMissingSectionsFix, markRiskClosedFix } from '../../src/core/fixes';
import { lintText } from '../../src/core/lint';
import type { Finding, Fix, TextEdit } from '../../src/core/model';
import { applyVersionedEdits, editsAreCurrent, isCurrentVersion, stampEdits, textFingerprint } from '../../src/core/versioned';
import { generatedNote, toCr, toCrlf } from './support/generatedNotes';

const FULL = process.env.DISCOVERY_FULL_RUN === '1';
const RUNS = FULL ? 1000 : 40;
const TODAY = '2026-11-22';
const PATH = 'northmoor-bank/core-banking-api/follow-up.discovery.md';
const RULE_FIXTURES = join(__dirname, '..', 'fixtures', 'rules');
const FIXTURE_TEXTS = readdirSync(RULE_FIXTURES)
  .filter((n) => n.endsWith('.discovery.md'))
  .map((n) => ({ name: n, text: readFileSync(join(RULE_FIXTURES, n), 'utf8') }));

const VARIANTS: Array<[string, (lf: string) => string]> = [
  ['LF', (t) => t],
  ['CRLF', toCrlf],
  ['CR', toCr],
  ['BOM+CRLF', (t) => `\uFEFF${toCrlf(t)}`],
  ['BOM+LF', (t) => `\uFEFF${t}`],
];

function lint(text: string): { findings: Finding[]; note: ReturnType<typeof lintText>['note'] } {
  return lintText(PATH, text, DEFAULT_CONFIG, TODAY, { standalone: true });
}

/** Line start offsets and content ends of BOM-less text, computed independently of the engine's line index. */
function lines(body: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const re = /\r\n|\r|\n/gu;
  let start = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  out.push({ start, end: body.length });
  return out;
}

interface Checked {
  result: string;
  /** Text the edits replaced (non-empty spans only). */
  replaced: string[];
}

/**
 * Applies edits with the engine and checks the result against an independent reconstruction: the original text
 * cut at the edit spans, with the new texts in between, so everything outside the spans is kept byte for byte
 * and in order. Also: spans inside the text, not overlapping, never across a line break (no line is removed);
 * inserted line breaks are the note's own; the BOM is kept.
 */
function checkNoLoss(text: string, edits: readonly TextEdit[], what: string): Checked {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const eol = /\r\n|\r|\n/u.exec(body)?.[0] ?? '\n';
  const ls = lines(body);
  const offset = (line: number, character: number): number => {
    assert.ok(line >= 0 && line < ls.length, `${what}: line ${line} outside the text`);
    assert.ok(character >= 0 && ls[line].start + character <= ls[line].end, `${what}: character ${character} outside line ${line}`);
    return ls[line].start + character;
  };
  const spans = edits
    .map((e) => ({ start: offset(e.range.start.line, e.range.start.character), end: offset(e.range.end.line, e.range.end.character), text: e.newText }))
    .map((s, order) => ({ ...s, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let expected = '';
  let at = 0;
  const replaced: string[] = [];
  for (const s of spans) {
    assert.ok(s.end >= s.start, `${what}: reversed range`);
    assert.ok(s.start >= at, `${what}: overlapping edits`);
    const old = body.slice(s.start, s.end);
    assert.ok(!/[\r\n]/u.test(old), `${what}: an edit replaces a line break (${JSON.stringify(old)})`);
    for (const b of s.text.match(/\r\n|\r|\n/gu) ?? []) assert.equal(b, eol, `${what}: inserted line break ${JSON.stringify(b)} in a ${JSON.stringify(eol)} note`);
    assert.ok(!s.text.includes('\uFEFF'), `${what}: an edit inserts a BOM`);
    if (old !== '') replaced.push(old);
    expected += body.slice(at, s.start) + s.text;
    at = s.end;
  }
  expected += body.slice(at);
  const result = applyEdits(text, edits);
  assert.equal(result, (bom ? '\uFEFF' : '') + expected, `${what}: text outside the edits changed`);
  return { result, replaced };
}

/** The line a position moves to when `edits` are applied before it. */
function shiftLine(line: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const e of edits) {
    if (e.range.start.line > line || (e.range.start.line === line && e.range.start.character > 0)) continue;
    delta += (e.newText.match(/\r\n|\r|\n/gu) ?? []).length - (e.range.end.line - e.range.start.line);
  }
  return line + delta;
}

/**
 * Every fix of every finding keeps the text and is idempotent: after applying it, the same fix offered again at
 * the finding's new place (same rule, same title) changes nothing. Returns how many fixes were checked.
 */
function checkAllFixes(text: string, label: string): number {
  const { findings, note } = lint(text);
  let count = 0;
  const seen = new Set<string>();
  const check = (fix: Fix, rule: string, line: number): void => {
    const key = JSON.stringify(fix.edits);
    if (fix.edits.length === 0 || seen.has(key)) return;
    seen.add(key);
    const what = `${label} ${rule} "${fix.title}"`;
    const { result } = checkNoLoss(text, fix.edits, what);
    const again = lint(result).findings.filter((f) => f.rule === rule && f.range.start.line === shiftLine(line, fix.edits));
    for (const fix2 of again.flatMap((f) => f.fixes).filter((f) => f.title === fix.title)) {
      assert.equal(applyEdits(result, fix2.edits), result, `${what}: applying it a second time changes the text again`);
    }
    count++;
  };
  for (const f of findings) for (const fix of f.fixes) check(fix, f.rule, f.range.start.line);

  const sections = insertMissingSectionsFix(note, DEFAULT_CONFIG);
  if (sections) {
    const { result, replaced } = checkNoLoss(text, sections.edits, `${label} insert missing sections`);
    assert.deepEqual(replaced, [], 'inserting sections replaces nothing');
    assert.equal(insertMissingSectionsFix(lint(result).note, DEFAULT_CONFIG), null, `${label}: insert missing sections offered again`);
    count++;
  }

  for (const [i, risk] of note.risks.entries()) {
    const fix = markRiskClosedFix(note, risk);
    if (fix.edits.length === 0) continue;
    const { result } = checkNoLoss(text, fix.edits, `${label} mark closed ${risk.id ?? risk.title}`);
    const after = lint(result).note.risks;
    assert.equal(after.length, note.risks.length, `${label}: mark closed changed the number of risks`);
    assert.equal(after[i].status, 'closed', `${label}: ${risk.id ?? risk.title} is not closed after mark closed`);
    assert.deepEqual(markRiskClosedFix(lint(result).note, after[i]).edits, [], `${label}: closing twice edits again`);
    for (const [j, other] of after.entries()) if (j !== i) assert.equal(other.status, note.risks[j].status, `${label}: mark closed changed another risk`);
    count++;
  }

  // Fix all: once applied, a second run fixes only findings the first one revealed (a renamed heading makes its
  // items risks, which may lack fields), never one it already had; and it settles within a few runs.
  let current = text;
  let before = findings;
  for (let pass = 0; ; pass++) {
    const edits = fixAll(current, before);
    if (edits.length === 0) break;
    assert.ok(pass < 4, `${label}: fix all does not settle`);
    const { result } = checkNoLoss(current, edits, `${label} fix all (pass ${pass + 1})`);
    const known = new Set(before.map((f) => `${f.rule} ${f.message}`));
    const after = lint(result).findings;
    const fresh = after.filter((f) => !known.has(`${f.rule} ${f.message}`));
    assert.deepEqual(fixAll(result, after), fixAll(result, fresh), `${label}: fix all on its own output fixes again what it had fixed`);
    current = result;
    before = after;
    count++;
  }
  return count;
}

describe('no data loss in edits', function () {
  this.timeout(FULL ? 600_000 : 60_000);

  it('every fix, insert-missing-sections, mark-closed and fix-all on the rule fixtures, in every line-break style', () => {
    let count = 0;
    for (const { name, text } of FIXTURE_TEXTS) {
      const lf = text.replace(/\r\n|\r/gu, '\n');
      // The full run tries every style; the quick one LF, CR and BOM+CRLF (the generated notes cover the rest).
      for (const [variant, make] of FULL ? VARIANTS : VARIANTS.filter(([v]) => v === 'LF' || v === 'CR' || v === 'BOM+CRLF')) {
        count += checkAllFixes(make(lf), `${name} (${variant})`);
      }
    }
    assert.ok(count > 200, `only ${count} edits checked`);
  });

  it('the same on generated notes', () => {
    let count = 0;
    fc.assert(
      fc.property(generatedNote, fc.constantFrom(...VARIANTS), (lf, [variant, make]) => {
        count += checkAllFixes(make(lf), `generated (${variant}) ${JSON.stringify(lf.slice(0, 300))}`);
      }),
      { numRuns: RUNS, seed: 11 },
    );
    assert.ok(count > RUNS, `only ${count} edits checked`);
  });

  it('an edit never replaces a line break and a replacement never spans more than its own line', () => {
    // Replacements that exist (renaming a heading, replacing a status value, ticking a box) stay on one line;
    // checked above for every edit; here the fixtures must produce at least one of each kind, or the check is empty.
    const replacedKinds = new Set<string>();
    for (const { text } of FIXTURE_TEXTS) {
      const { findings, note } = lint(text);
      for (const f of findings) for (const fix of f.fixes) if (checkNoLoss(text, fix.edits, f.rule).replaced.length > 0) replacedKinds.add(f.rule);
      for (const r of note.risks) if (checkNoLoss(text, markRiskClosedFix(note, r).edits, 'close').replaced.length > 0) replacedKinds.add('close');
    }
    assert.ok(replacedKinds.has('close') && replacedKinds.has('DISC012'), `replacements seen: ${[...replacedKinds].join(', ')}`);
  });
});

describe('edits are never applied to a newer version of the note', () => {
  const base = readFileSync(join(RULE_FIXTURES, 'disc005-incomplete.discovery.md'), 'utf8');

  it('edits stamped for a version apply to that version and text only', () => {
    const { findings } = lint(base);
    const edits = fixAll(base, findings);
    assert.ok(edits.length > 0);
    const stamped = stampEdits(base, 7, edits);
    const applied = applyVersionedEdits(base, 7, stamped);
    assert.deepEqual(applied, { ok: true, text: applyEdits(base, edits) });
    assert.ok(editsAreCurrent(stamped, 7, base));
  });

  it('refuses an edit once the user typed (a newer version), whatever the edit and the typing', () => {
    fc.assert(
      fc.property(generatedNote, fc.nat(), fc.string({ minLength: 1, maxLength: 20 }), (text, at, typed) => {
        const { findings, note } = lint(text);
        const candidates: TextEdit[][] = [fixAll(text, findings), ...note.risks.map((r) => markRiskClosedFix(note, r).edits)];
        const pos = at % (text.length + 1);
        const newer = text.slice(0, pos) + typed + text.slice(pos);
        for (const edits of candidates) {
          const stamped = stampEdits(text, 1, edits);
          const refused = applyVersionedEdits(newer, 2, stamped);
          assert.equal(refused.ok, false);
          assert.ok(!editsAreCurrent(stamped, 2, newer));
          // A document closed and opened again restarts at version 1: the text still tells them apart.
          assert.equal(applyVersionedEdits(newer, 1, stamped).ok, false);
        }
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: 12 },
    );
  });

  it('versions must match exactly (an edit from a later computation is not applied to an earlier text either)', () => {
    assert.equal(isCurrentVersion(3, 3), true);
    assert.equal(isCurrentVersion(3, 4), false);
    assert.equal(isCurrentVersion(4, 3), false);
    assert.notEqual(textFingerprint('a\nb'), textFingerprint('a\r\nb'));
    assert.notEqual(textFingerprint('ab'), textFingerprint('ba'));
    assert.equal(textFingerprint('\uFEFFx'), textFingerprint('\uFEFFx'));
  });

  it('the editor adapters that apply fixes check the document version with the core guard', () => {
    // Quick fixes and fix-all are built for one document version; the command that inserts sections checks the
    // version it read. (Mark closed computes and applies in one tick; VS Code stamps the edit with that version.)
    const src = (f: string) => readFileSync(join(__dirname, '..', '..', 'src', 'vscode', f), 'utf8');
    assert.match(src('codeActions.ts'), /return isCurrentVersion\(state\.version, doc\.version\) \? actions : \[\]/u);
    assert.match(src('commands.ts'), /if \(!isCurrentVersion\(version, doc\.version\)\) throw/u);
  });
});
