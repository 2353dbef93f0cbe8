import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DEFAULT_CONFIG, loadConfigForNote } from '../../src/core/config';
import { lintNotes, type NoteSource } from '../../src/core/lint';
import type { Finding, Note, RuleCode } from '../../src/core/model';
import { NodeFileSystem, toPortablePath } from '../../src/cli/nodeFs';

/**
 * The sample workspace in examples/ is what the README tells users to run the CLI on, so it is checked here the
 * way the CLI checks it: every note with the configuration of its nearest .discovery.yml, all notes linted
 * together, today fixed at 2026-11-22.
 */

const TODAY = '2026-11-22';
const ALL_RULES: RuleCode[] = Array.from({ length: 13 }, (_, i) => `DISC${String(i + 1).padStart(3, '0')}` as RuleCode);
const EXAMPLES = join(__dirname, '..', '..', 'examples');
const CLEAN_NOTE = 'harrowfield-nhs/patient-portal/2026-11-17-epr-integration.discovery.md';

function notePaths(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...notePaths(full));
    else if (entry.name.endsWith('.discovery.md')) out.push(full);
  }
  return out.sort();
}

interface Workspace {
  notes: Map<string, Note>;
  findings: Record<string, Finding[]>;
  configPaths: Map<string, string | null>;
}

async function lintExamples(): Promise<Workspace> {
  const fs = new NodeFileSystem();
  const root = toPortablePath(EXAMPLES);
  const sources: NoteSource[] = [];
  const configPaths = new Map<string, string | null>();
  for (const full of notePaths(EXAMPLES)) {
    const path = relative(EXAMPLES, full).split(sep).join('/');
    const loaded = await loadConfigForNote(fs, toPortablePath(full), root, DEFAULT_CONFIG);
    assert.deepEqual(loaded.problems, [], `${loaded.configPath} has no problems`);
    configPaths.set(path, loaded.configPath === null ? null : loaded.configPath.slice(root.length + 1));
    sources.push({ path, text: readFileSync(full, 'utf8'), config: loaded.config });
  }
  const { notes, findings } = lintNotes(sources, TODAY);
  return { notes: new Map(notes.map((n) => [n.path, n])), findings, configPaths };
}

function rulesOf(findings: Finding[]): Set<RuleCode> {
  return new Set(findings.map((f) => f.rule));
}

/** The table of examples/README.md: note path → the rule codes it says the note triggers. */
function readmeTable(): Map<string, Set<string>> {
  const text = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
  const table = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const link = /\[[^\]]*\]\(([^)]+\.discovery\.md)\)/u.exec(cells[1] ?? '');
    if (!link) continue;
    table.set(decodeURI(link[1]).replace(/^\.\//u, ''), new Set((cells[2] ?? '').match(/DISC\d{3}/gu) ?? []));
  }
  return table;
}

describe('examples workspace', () => {
  let ws: Workspace;

  before(async () => {
    ws = await lintExamples();
  });

  it('has at least three clients, several engagements and notes laid out as client/engagement/name', () => {
    const paths = [...ws.notes.keys()];
    assert.ok(paths.length >= 6, `${paths.length} notes`);
    for (const p of paths) assert.equal(p.split('/').length, 3, `${p} is <client>/<engagement>/<name>.discovery.md`);
    const clients = new Set(paths.map((p) => p.split('/')[0]));
    const engagements = new Set(paths.map((p) => p.split('/').slice(0, 2).join('/')));
    assert.ok(clients.size >= 3, `${clients.size} clients`);
    assert.ok(engagements.size >= clients.size + 2, `${engagements.size} engagements`);
  });

  it('triggers every rule at least once', () => {
    const seen = new Set(Object.values(ws.findings).flatMap((f) => [...rulesOf(f)]));
    const missing = ALL_RULES.filter((code) => !seen.has(code));
    assert.deepEqual(missing, [], `rules never triggered: ${missing.join(', ')}`);
  });

  it('has exactly one clean note, and it is the patient portal note', () => {
    const clean = Object.entries(ws.findings)
      .filter(([, findings]) => findings.length === 0)
      .map(([path]) => path);
    assert.deepEqual(clean, [CLEAN_NOTE], JSON.stringify(ws.findings[CLEAN_NOTE]?.map((f) => `${f.rule} ${f.message}`)));
  });

  it('the clean note is complete: every canonical section, scored risks in table form, nothing open past due', () => {
    const note = ws.notes.get(CLEAN_NOTE);
    assert.ok(note);
    assert.deepEqual(
      note.sections.map((s) => s.id),
      DEFAULT_CONFIG.sections.map((s) => s.id),
    );
    assert.ok(note.risks.length >= 3);
    for (const risk of note.risks) {
      assert.equal(risk.form, 'table');
      assert.ok(risk.score !== null && risk.owner && risk.due && risk.due > TODAY, `${risk.id} is complete and due later`);
    }
    assert.equal(note.meta.clientSource, 'front-matter');
    assert.equal(note.meta.engagementSource, 'front-matter');
  });

  it('matches the table in examples/README.md note by note', () => {
    const table = readmeTable();
    assert.deepEqual([...table.keys()].sort(), [...ws.notes.keys()].sort(), 'the README lists every note');
    for (const [path, expected] of table) {
      const actual = [...rulesOf(ws.findings[path] ?? [])].sort();
      assert.deepEqual(actual, [...expected].sort(), `${path}: README says ${[...expected].join(', ') || 'none'}`);
    }
  });

  it('applies the nearest .discovery.yml: Kestrel Freight has its own, the others use the workspace one', () => {
    for (const [path, configPath] of ws.configPaths) {
      assert.equal(configPath, path.startsWith('kestrel-freight/') ? 'kestrel-freight/.discovery.yml' : '.discovery.yml', path);
    }
    const customs = 'kestrel-freight/customs-gateway/2026-11-12-kickoff.discovery.md';
    const note = ws.notes.get(customs);
    assert.ok(note);
    // "Change governance" is Kestrel's alias for Backlog fit.
    assert.ok(note.sections.some((s) => s.id === 'backlog-fit' && s.parsed.heading.text === 'Change governance'));
    // "remote" is Kestrel's likelihood word for level 1.
    assert.equal(note.risks.find((r) => r.id === 'R-2')?.likelihood, 1);
    // A question asked 17 days ago is not stale under Kestrel's 21 days.
    assert.ok(note.questions.some((q) => q.asked === '2026-11-05' && !q.answered));
    assert.ok(!rulesOf(ws.findings[customs]).has('DISC011'));
    // The workspace configuration raises DISC007 to an error.
    const unmitigated = Object.values(ws.findings).flat().filter((f) => f.rule === 'DISC007');
    assert.ok(unmitigated.length > 0 && unmitigated.every((f) => f.severity === 'error'));
  });

  it('reports the seeded problems where they are written', () => {
    const at = (path: string, rule: RuleCode) => (ws.findings[path] ?? []).filter((f) => f.rule === rule);
    const lineOf = (path: string, needle: string) => {
      const lines = readFileSync(join(EXAMPLES, path), 'utf8').split('\n');
      const index = lines.findIndex((l) => l.includes(needle));
      assert.ok(index >= 0, `${needle} in ${path}`);
      return index;
    };
    const workshop = 'northmoor-bank/core-banking-api/2026-10-14-discovery-workshop.discovery.md';
    const review = 'northmoor-bank/core-banking-api/2026-11-03-security-review.discovery.md';
    const theatre = 'harrowfield-nhs/theatre-scheduling/2026-10-06-site-visit.discovery.md';
    assert.ok(at(workshop, 'DISC010').some((f) => f.range.start.line === lineOf(workshop, 'R-99')));
    assert.ok(at(review, 'DISC009').some((f) => f.range.start.line === lineOf(review, '| R-4 |')), 'R-4 is also defined in the workshop note');
    assert.ok(at(review, 'DISC006').some((f) => f.range.start.line === lineOf(review, 'very likely-ish')));
    assert.ok(at(review, 'DISC006').some((f) => f.range.start.line === lineOf(review, '| 7 |')));
    assert.ok(at(theatre, 'DISC012').some((f) => f.range.start.line === lineOf(theatre, '## Sucess critera')));
    assert.ok(at(theatre, 'DISC003').some((f) => f.range.start.line === lineOf(theatre, 'tags: [nhs')));
    assert.equal(at(theatre, 'DISC001').length, 0, 'a heading typo is not also a missing section');
    const risks = [...ws.notes.values()].flatMap((n) => n.risks);
    assert.ok(risks.some((r) => r.form === 'list' && r.fields.likelihood && r.fields.mitigation), 'nested list fields');
    assert.ok(risks.some((r) => r.form === 'table'), 'table rows');
  });
});
