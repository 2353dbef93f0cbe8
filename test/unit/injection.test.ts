/**
 * Injection: whatever a note's author writes into a risk's title, owner or mitigation (HTML, script tags,
 * `javascript:` and `command:` links, images from remote hosts, Markdown link tricks) renders as plain text in
 * the tree tooltips, the hovers and the summaries. The builders' Markdown is parsed with a real CommonMark + GFM
 * parser and must contain no link, image, HTML or definition other than the summary's own links to the notes,
 * and the hostile text must come out literally. CSV cells are neutralised, and new notes stay inside the folder
 * the user chose.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { formatRiskCsv } from '../../src/core/format/riskCsv';
import { riskHoverMarkdown } from '../../src/core/hover';
import type { Note, Risk } from '../../src/core/model';
import { newNotePaths, noteTemplate, validateName } from '../../src/core/noteTemplate';
import { parseNote } from '../../src/core/parse/index';
import { normalize } from '../../src/core/paths';
import { csvCell, riskRows, type RiskRow } from '../../src/core/risks';
import { computeSummary, renderSummary } from '../../src/core/summary';
import { riskTooltipMarkdown } from '../../src/core/tree';

const TODAY = '2026-11-22';
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="command:workbench.action.terminal.new">open</a>',
  '[click me](javascript:alert(document.cookie))',
  '[run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%22%7D)',
  '<command:discovery.refresh>',
  '<https://evil.example/x>',
  '![tracker](https://evil.example/pixel.png)',
  'https://evil.example/phish and www.evil.example',
  '[ref link][r] [r]: command:x',
  '[x](<command:foo bar>)',
  '&lt;script&gt; &#x3C;b&#x3E;',
  '`code` **bold** _em_ ~~strike~~',
  '$(alert) $(zap)',
  'line\\',
  '<!-- hidden --> <?php echo 1 ?>',
  '| a | b |',
];

const processor = unified().use(remarkParse).use(remarkGfm);

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  children?: MdNode[];
}

/** Parses Markdown the way a renderer would and lists what is active (links with their URLs, images, HTML...) and the text. */
function render(markdown: string): { active: Array<{ type: string; url?: string }>; text: string } {
  const tree = processor.parse(markdown) as MdNode;
  const active: Array<{ type: string; url?: string }> = [];
  const text: string[] = [];
  const stack: MdNode[] = [tree];
  while (stack.length > 0) {
    const n = stack.pop() as MdNode;
    if (['link', 'image', 'html', 'linkReference', 'imageReference', 'definition', 'footnoteReference', 'footnoteDefinition'].includes(n.type)) {
      active.push({ type: n.type, url: n.url });
    }
    if (typeof n.value === 'string' && n.type !== 'html') text.push(n.value);
    if (n.children) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return { active, text: text.join('') };
}

function squash(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

/**
 * GFM autolink literals: a renderer with linkify (the Markdown preview) turns the text `https://…` or `www.…`
 * into a link even when its punctuation is escaped. Such a link only opens a web page the note's author wrote
 * (no command, script or file), and is listed as a known limit in docs/reliability.md; everything else must be inert.
 */
function isAutolinkLiteral(url: string | undefined): boolean {
  return url !== undefined && /^(https?:\/\/|mailto:)/iu.test(url);
}

function assertPlain(markdown: string, payloads: string[], what: string, allowedUrls: (url: string) => boolean = () => false): void {
  const { active, text } = render(markdown);
  const bad = active.filter((a) => !(a.type === 'link' && a.url !== undefined && (allowedUrls(a.url) || isAutolinkLiteral(a.url))));
  assert.deepEqual(bad, [], `${what}: active Markdown in ${JSON.stringify(markdown)}`);
  const flat = squash(text);
  for (const p of payloads) assert.ok(flat.includes(squash(p)), `${what}: ${JSON.stringify(p)} not shown literally in ${JSON.stringify(flat)}`);
}

function hostileRisk(title: string, owner: string, mitigation: string): Risk {
  return {
    id: 'R-1',
    title,
    form: 'list',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    fields: {},
    likelihood: 4,
    impact: 5,
    score: 20,
    band: 'critical',
    owner,
    status: 'open',
    isOpen: true,
    due: '2026-01-01',
    mitigation,
    problems: [],
    checkboxRange: null,
    insertFieldAt: { line: 0, character: 1 },
    fieldIndent: '  ',
  };
}

function hostileRow(title: string, owner: string, mitigation: string, client = 'Acme', engagement = 'Loyalty'): RiskRow {
  return {
    id: 'R-1', title, client, engagement, path: 'acme/loyalty/kickoff.discovery.md', line: 12, likelihood: 4, impact: 5, score: 20,
    band: 'critical', owner, status: 'open', due: '2026-01-01', mitigation, isOpen: true,
  };
}

/** A real note whose risks, client and engagement carry the payload (so it goes through the parser too). */
function hostileNote(payload: string, path = 'acme/loyalty/kickoff.discovery.md'): Note {
  const text = [
    '---',
    `client: ${JSON.stringify(`Acme ${payload}`)}`,
    `engagement: ${JSON.stringify(`Loyalty ${payload}`)}`,
    '---',
    '## Risks',
    '',
    `- [ ] R-1: ${payload} — likelihood: 4; impact: 5; owner: ${payload}; due: 2026-01-01`,
    `- [ ] R-2: Vendor ${payload}`,
    '  - likelihood: 5',
    '  - impact: 4',
    `  - mitigation: ${payload}`,
    '',
    '## Open questions',
    '',
    `- [ ] ${payload} — asked: 2026-01-02`,
    '',
  ].join('\n');
  return analyze(parseNote(text), DEFAULT_CONFIG, path);
}

describe('injection: note text renders as plain text', () => {
  it('risk hovers show each payload literally, with nothing active', () => {
    for (const p of PAYLOADS) assertPlain(riskHoverMarkdown(hostileRisk(p, p, p), TODAY), [p], 'hover');
  });

  it('risk tree tooltips show each payload literally, with nothing active', () => {
    for (const p of PAYLOADS) assertPlain(riskTooltipMarkdown(hostileRow(p, p, p, p, p)), [p], 'tooltip');
  });

  it('hovers and tooltips of risks parsed from hostile notes have nothing active', () => {
    for (const p of PAYLOADS) {
      const note = hostileNote(p);
      assert.ok(note.risks.length === 2, `${p}: ${note.risks.length} risks`);
      for (const risk of note.risks) assertPlain(riskHoverMarkdown(risk, TODAY), [], `hover of ${JSON.stringify(p)}`);
      for (const row of riskRows([note])) assertPlain(riskTooltipMarkdown(row), [], `tooltip of ${JSON.stringify(p)}`);
    }
  });

  it('summaries link only to the notes, and show the payloads literally', () => {
    const href = 'file:///work/acme/loyalty/kickoff.discovery.md';
    for (const p of PAYLOADS) {
      const note = hostileNote(p);
      const data = computeSummary([{ note, href, staleQuestionDays: 14 }], TODAY);
      assert.ok(data.topRisks.length > 0 && data.overdue.length > 0 && data.staleQuestions.length > 0);
      for (const workspace of [true, false]) {
        const md = renderSummary(data, { title: `Risk summary: ${p}`, today: TODAY, workspace });
        assertPlain(md, [p], `summary of ${JSON.stringify(p)}`, (url) => url.startsWith(`${href}#L`));
      }
    }
  });

  it('a hostile note path or link target cannot break out of the summary link', () => {
    const note = hostileNote('x', 'acme/loyalty/a) [x](command:evil) (.discovery.md');
    const href = 'file:///w/a) [x](command:evil) <b> (.discovery.md';
    const md = renderSummary(computeSummary([{ note, href, staleQuestionDays: 14 }], TODAY), { title: 'S', today: TODAY, workspace: true });
    const { active } = render(md);
    assert.ok(active.length > 0);
    for (const a of active) {
      assert.equal(a.type, 'link');
      assert.ok(!a.url?.startsWith('command:') && a.url?.startsWith('file:///w/a'), `link to ${a.url}`);
    }
  });

  it('any text at all renders inert in hovers, tooltips and summaries (generated)', () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(fc.constantFrom('<', '>', '[', ']', '(', ')', '!', '`', '*', '_', '\\', 'command:', 'javascript:', 'http://x.y', 'www.a.b', '&', '#', ';', '"', "'", '|', '\n', ' ', 'a', '$', '~'), { maxLength: 40 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(hostile, hostile, hostile, (title, owner, mitigation) => {
        assertPlain(riskHoverMarkdown(hostileRisk(title, owner, mitigation), TODAY), [], 'hover');
        assertPlain(riskTooltipMarkdown(hostileRow(title, owner, mitigation, owner, title)), [], 'tooltip');
      }),
      { numRuns: 300, seed: 21 },
    );
  });
});

describe('injection: exports and new files', () => {
  it('CSV cells that a spreadsheet would run as a formula are neutralised', () => {
    const formulas = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '  =cmd|"/C calc"!A0', '＝1', '＋1', '－1', '＠x'];
    for (const f of formulas) {
      const cell = csvCell(f);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/gu, '"') : cell;
      assert.ok(unquoted.startsWith("'"), `${JSON.stringify(f)} became ${JSON.stringify(cell)}`);
    }
    assert.equal(csvCell('Vendor = risk'), 'Vendor = risk', 'an equals sign inside text is left alone');
    assert.equal(csvCell(-3), '-3', 'numbers are numbers');
  });

  it('a CSV export of hostile risks has every text cell neutralised and every record intact', () => {
    const rows = PAYLOADS.map((p) => hostileRow(`=${p}`, `+${p}`, `@${p}\r\n=2`, `-${p}`, p)).map((r, i) => ({ ...r, line: i + 1 }));
    const csv = formatRiskCsv(rows);
    const records = csv.split('\r\n').slice(1, -1);
    // Quoted cells may hold line breaks; count records by parsing.
    let count = 0;
    let inQuotes = false;
    let cell = '';
    const cells: string[] = [];
    for (let i = 0; i < csv.length; i++) {
      const c = csv[i];
      if (inQuotes) {
        if (c === '"' && csv[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') inQuotes = false;
        else cell += c;
      } else if (c === '"') inQuotes = true;
      else if (c === ',') {
        cells.push(cell);
        cell = '';
      } else if (c === '\r' && csv[i + 1] === '\n') {
        cells.push(cell);
        cell = '';
        count++;
        i++;
      } else cell += c;
    }
    assert.equal(count, rows.length + 1, `records: ${records.length}`);
    for (const value of cells) assert.ok(!/^[ \t\r]*[=+\-@＝＋－＠]/u.test(value) || /^-?\d+$/u.test(value), `unsafe cell ${JSON.stringify(value)}`);
  });

  it('new-note paths stay inside the chosen folder whatever the client and engagement names', () => {
    const names = ['../../etc', '..', '/abs/olute', 'C:\\Windows\\System32', 'a/../../b', '~/.ssh', '%2e%2e%2f', '.', '.git', 'node_modules', '\u2025\u2025', 'ＮＵＬ/..'];
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...names), fc.string({ minLength: 1, maxLength: 40 })), fc.oneof(fc.constantFrom(...names), fc.string({ minLength: 1, maxLength: 40 })), (client, engagement) => {
        // The command asks for names with validateName and creates nothing for a refused one.
        if (validateName(client, 'client') !== null || validateName(engagement, 'engagement') !== null) return;
        for (const rel of newNotePaths(client.trim(), engagement.trim(), 3)) {
          assert.equal(normalize(rel), rel, `${rel} is not normalised`);
          const segments = rel.split('/');
          assert.equal(segments.length, 3, rel);
          for (const s of segments) assert.match(s, /^[a-z0-9][a-z0-9.-]*$/u, `segment ${JSON.stringify(s)} of ${rel}`);
          assert.ok(!segments.includes('..') && !rel.startsWith('/') && !rel.includes('\\'));
        }
      }),
      { numRuns: 300, seed: 22 },
    );
  });

  it('a new note made from hostile names is a valid note whose front matter holds the names as text', () => {
    assert.notEqual(validateName('client: injected\nstage: closed', 'client'), null, 'a line break is refused');
    for (const p of ['client: injected stage: closed', '"; rm -rf ~; "', '--- x', '{a: 1}', '*alias', '&anchor x', "O'Brien & Sons", 'null', '2026-11-22', '#1']) {
      assert.equal(validateName(p, 'client'), null, p);
      const note = analyze(parseNote(noteTemplate({ client: p, engagement: p, lead: p, date: TODAY, sections: DEFAULT_CONFIG.sections })), DEFAULT_CONFIG, 'x/y/z.discovery.md');
      assert.equal(note.frontMatter.error, null, `${JSON.stringify(p)}: ${note.frontMatter.error?.message}`);
      assert.equal(note.meta.client, p, `${JSON.stringify(p)} read back as ${JSON.stringify(note.meta.client)}`);
      assert.equal(note.meta.engagement, p);
      assert.equal(note.meta.stage, 'discovery', `${JSON.stringify(p)} changed the stage`);
    }
  });
});

describe('workspace trust: nothing from the workspace changes what runs', () => {
  const root = join(__dirname, '..', '..');
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => join(e.parentPath, e.name));

  it('the manifest declares limited support for untrusted workspaces, and says .discovery.yml is data only', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { capabilities: { untrustedWorkspaces: { supported: unknown; description: string } } };
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /data only/u);
  });

  it('the extension and the engine never run code, spawn processes or build a RegExp from data', () => {
    for (const file of [...sources('src/core'), ...sources('src/vscode'), join(root, 'src', 'extension.ts')]) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /child_process|\beval\(|new Function\b|\bimport\(/u, file);
      // Every RegExp is a literal: `new RegExp(` would build one from a value.
      assert.doesNotMatch(text, /new RegExp\(|RegExp\(/u, file);
    }
  });

  it('commands that write files refuse in Restricted Mode', () => {
    const commands = readFileSync(join(root, 'src', 'vscode', 'commands.ts'), 'utf8');
    assert.match(commands, /if \(WRITES_FILES\.has\(c\.id\) && !vscode\.workspace\.isTrusted\)/u);
    const writes = /const WRITES_FILES = new Set<string>\(\[([^\]]*)\]\)/u.exec(commands)?.[1] ?? '';
    for (const id of ['newNote', 'exportRiskRegister']) assert.ok(writes.includes(`COMMAND.${id}`), `${id} is not guarded`);
    // Every vscode.workspace.fs.writeFile is in one of those commands.
    const writers = [...commands.matchAll(/async function (\w+)\([^]*?(?=\nasync function |\n\/\/ ---|$)/gu)].filter((m) => m[0].includes('fs.writeFile')).map((m) => m[1]);
    assert.deepEqual(writers.filter((w) => !['newNote', 'exportRiskRegister', 'exportRiskSummary'].includes(w)), []);
  });
});
