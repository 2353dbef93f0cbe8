/**
 * Seeded generator of realistic discovery-note workspaces for the benchmark (and for tests that want a
 * realistic corpus). The same seed gives byte-identical workspaces, so runs on different days compare.
 *
 * A workspace has clients / engagements / dated notes. Notes carry front matter, the ten canonical sections with
 * prose, stakeholder lists, task-list risks with nested fields, a risk table, commitments and questions, code
 * blocks and the inline markup leads write (bold IDs, links, code spans). Sizes follow a long tail from about
 * 3 KB to 200 KB. A few notes are malformed on purpose: invalid YAML, binary bytes, invalid UTF-8, and notes
 * using constructs the fast scanner leaves to remark (block quotes, reference links).
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** mulberry32: small, fast, good enough for test data. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

const CLIENTS = ['Acme Logistics', 'Borealis Health', 'Cobalt Insurance', 'Delta Retail', 'Evergreen Energy', 'Fjord Bank', 'Granite Media', 'Harbor Transit', 'Ion Telecom', 'Juniper Foods', 'Kestrel Air', 'Lumen Schools'];
const ENGAGEMENTS = ['Customer portal', 'Data platform', 'ERP integration', 'Mobile app', 'Claims automation', 'Identity migration', 'Warehouse scanning', 'Billing rewrite', 'Analytics refresh'];
const PEOPLE = ['Dana Whitfield', 'Sam Okafor', 'Priya Raman', 'Lena Fischer', 'Marco Rossi', 'Aiko Tanaka', 'Tom Baker', 'Chen Wei', 'Olga Petrova', 'Jamal Reed'];
const ROLES = ['CTO', 'Head of IT operations', 'Enterprise architect', 'Product owner', 'Security officer', 'Procurement lead', 'Data protection officer', 'Integration lead'];
const SYSTEMS = ['SAP S/4HANA', 'Salesforce', 'a legacy AS/400 order system', 'Azure AD', 'an on-prem Oracle 11g database', 'Kafka', 'a SOAP billing API', 'ServiceNow', 'a nightly SFTP export'];
const WORDS = 'the client team expects integration timeline budget vendor migration legacy data quality rollout pilot governance backlog sprint release capacity approval security review performance contract scope estimate dependency handover training support licence cutover rollback monitoring latency throughput compliance audit'.split(' ');
const LEVELS = ['1', '2', '3', '4', '5', 'low', 'medium', 'high', 'likely', 'possible', 'unlikely', 'rare', 'major', 'minor', 'severe', 'moderate'];
const STATUSES = ['open', 'mitigating', 'monitoring', 'accepted', 'closed'];
const STAGES = ['discovery', 'proposal', 'contracted', 'delivery'];

function sentence(r, min = 8, max = 22) {
  const n = r.int(min, max);
  const w = [];
  for (let i = 0; i < n; i++) w.push(r.pick(WORDS));
  let s = w.join(' ');
  s = s[0].toUpperCase() + s.slice(1);
  if (r.chance(0.25)) s += ` with ${r.pick(SYSTEMS)}`;
  if (r.chance(0.15)) s += ` (see [the ticket](https://jira.example.com/browse/DISC-${r.int(10, 999)}))`;
  if (r.chance(0.15)) s += `, using \`${r.pick(['POST /orders', 'sync_job', 'ETL', 'v2/claims', 'OAuth2'])}\``;
  if (r.chance(0.1)) s += `, which is *critical* for ${r.pick(PEOPLE)}`;
  return s + '.';
}

function paragraph(r) {
  const out = [];
  for (let i = r.int(2, 5); i > 0; i--) out.push(sentence(r));
  // Leads wrap lines in their editors: keep lines short like real notes.
  const words = out.join(' ').split(' ');
  const lines = [];
  let line = '';
  for (const w of words) {
    if (line.length + w.length > 100) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

function date(r, year = 2026) {
  return `${year}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
}

/** One risk as a task item with nested fields or inline fields. */
function riskItem(r, id) {
  const checked = r.chance(0.15) ? 'x' : ' ';
  const title = sentence(r, 4, 9).replace(/\.$/, '');
  if (r.chance(0.3)) {
    return `- [${checked}] **R-${id}** ${title} — likelihood: ${r.pick(LEVELS)}; impact: ${r.pick(LEVELS)}; owner: ${r.pick(PEOPLE)}`;
  }
  const lines = [`- [${checked}] R-${id}: ${title}`];
  lines.push(`  - likelihood: ${r.pick(LEVELS)}`);
  lines.push(`  - impact: ${r.pick(LEVELS)}`);
  if (r.chance(0.9)) lines.push(`  - owner: ${r.pick(PEOPLE)}`);
  if (r.chance(0.6)) lines.push(`  - status: ${r.pick(STATUSES)}`);
  if (r.chance(0.5)) lines.push(`  - due: ${date(r)}`);
  if (r.chance(0.7)) lines.push(`  - mitigation: ${sentence(r, 5, 12)}`);
  return lines.join('\n');
}

function riskTable(r, firstId, rows) {
  const out = ['| ID | Risk | Likelihood | Impact | Owner | Status | Mitigation |', '| --- | --- | :-: | :-: | --- | --- | --- |'];
  for (let i = 0; i < rows; i++) {
    out.push(`| R-${firstId + i} | ${sentence(r, 3, 7).replace(/\.$/, '')} | ${r.pick(LEVELS)} | ${r.pick(LEVELS)} | ${r.pick(PEOPLE)} | ${r.pick(STATUSES)} | ${sentence(r, 3, 8)} |`);
  }
  return out.join('\n');
}

/**
 * One note of about `targetBytes` (never much less; sections grow until the size is reached).
 * `kind`: 'normal' | 'badYaml' | 'fallback'.
 */
function noteText(r, { client, engagement, targetBytes, kind = 'normal' }) {
  const fm = kind === 'badYaml'
    ? `---\nclient: ${client}\nengagement: [${engagement}\nlead: ${r.pick(PEOPLE)}\n---\n`
    : `---\nclient: ${client}\nengagement: ${engagement}\nlead: ${r.pick(PEOPLE)}\ndate: ${date(r)}\nstage: ${r.pick(STAGES)}\ntags: [${r.pick(['portal', 'erp', 'data', 'mobile'])}, ${r.pick(['q4', 'rfp', 'pilot'])}]\n---\n`;
  const parts = [fm, `# ${engagement} — discovery notes\n`, paragraph(r) + '\n'];
  let riskId = 1;
  const sections = {
    Stakeholders: () => PEOPLE.slice(0, r.int(3, 7)).map((p) => `- ${p} — ${r.pick(ROLES)}${r.chance(0.3) ? `, ${sentence(r, 3, 8)}` : ''}`).join('\n'),
    'Business objectives': () => `${paragraph(r)}\n\n1. ${sentence(r)}\n2. ${sentence(r)}\n3. ${sentence(r)}`,
    'Integration mismatches': () => `### ${r.pick(SYSTEMS)}\n\n${paragraph(r)}\n\n\`\`\`json\n{ "orderId": "A-${r.int(100, 999)}", "status": "${r.pick(STATUSES)}" }\n\`\`\`\n\n- ${sentence(r)}\n- ${sentence(r)}\n  - ${sentence(r, 4, 8)}`,
    'Backlog fit': () => `${paragraph(r)}\n\n- Sprint capacity: ${r.int(10, 60)} points\n- Change board meets every ${r.pick(['Monday', 'second Tuesday', 'month'])}`,
    'Skills gaps': () => `- [ ] ${sentence(r, 4, 10)}\n- [ ] ${sentence(r, 4, 10)}\n\n${paragraph(r)}`,
    'Technology options': () => `| Option | Pros | Cons |\n| --- | --- | --- |\n| ${r.pick(SYSTEMS)} | ${sentence(r, 3, 6)} | ${sentence(r, 3, 6)} |\n| Build in-house | ${sentence(r, 3, 6)} | ${sentence(r, 3, 6)} |\n\n${paragraph(r)}`,
    'Success criteria': () => `- ${sentence(r)}\n- ${sentence(r)}\n- p95 latency under ${r.int(100, 900)} ms`,
    Commitments: () => [1, 2, 3].map(() => `- [${r.chance(0.3) ? 'x' : ' '}] ${sentence(r, 4, 9)}\n  - owner: ${r.pick(PEOPLE)}\n  - due: ${date(r)}`).join('\n'),
    'Open questions': () => [1, 2].map(() => `- [${r.chance(0.3) ? 'x' : ' '}] ${sentence(r, 4, 9).replace(/\.$/, '?')}\n  - asked: ${date(r)}\n  - owner: ${r.pick(PEOPLE)}`).join('\n'),
    Risks: () => {
      const items = [];
      for (let i = r.int(2, 5); i > 0; i--) items.push(riskItem(r, riskId++));
      const table = r.chance(0.5) ? `\n\n${riskTable(r, riskId, 3)}` : '';
      if (table) riskId += 3;
      return items.join('\n') + table;
    },
  };
  const names = Object.keys(sections);
  const bodies = names.map((n) => [sections[n]()]);
  if (kind === 'fallback') bodies[0].push(`> ${sentence(r)}\n> ${sentence(r)}`);
  let size = parts.join('\n').length + bodies.flat().join('\n\n').length;
  // Grow the note: longer notes have more prose, items and risks, spread over the sections.
  while (size < targetBytes) {
    const k = r.int(0, names.length - 1);
    const name = names[k];
    const add = name === 'Risks' ? riskItem(r, riskId++) : name === 'Stakeholders' || name === 'Success criteria' ? `- ${sentence(r)}` : paragraph(r);
    if (name === 'Risks') {
      // Keep the task list contiguous: append to the list body rather than after the table.
      bodies[k].splice(0, 1, `${add}\n${bodies[k][0]}`);
    } else bodies[k].push(add);
    size += add.length + 2;
  }
  names.forEach((n, k) => parts.push(`## ${n}\n\n${bodies[k].join('\n\n')}\n`));
  return parts.join('\n');
}

/** Sizes in bytes with a long tail: most notes 3-20 KB, some to 60 KB, about 1 % at 200 KB. */
function pickSize(r) {
  const x = r.next();
  if (x < 0.01) return 200 * 1024;
  if (x < 0.1) return r.int(30, 60) * 1024;
  return r.int(3, 20) * 1024;
}

/**
 * Writes a workspace of `notes` notes under `dir` (created). Returns the list of files written and their total
 * size. About 1 % of the notes are malformed (YAML, binary, not UTF-8) and about 2 % use constructs that the
 * scanner leaves to remark.
 */
function generateWorkspace(dir, { notes, seed = 42 }) {
  const r = rng(seed);
  const files = [];
  let bytes = 0;
  for (let i = 0; i < notes; i++) {
    const client = CLIENTS[i % CLIENTS.length];
    const engagement = ENGAGEMENTS[Math.floor(i / CLIENTS.length) % ENGAGEMENTS.length];
    const folder = path.join(dir, slug(client), slug(engagement));
    const file = path.join(folder, `${date(r, 2020 + (i % 7))}-note-${i}.discovery.md`);
    const x = r.next();
    let data;
    if (x < 0.003) data = Buffer.concat([Buffer.from('---\nclient: x\n---\n'), Buffer.from([0, 1, 2, 0, 255])]);
    else if (x < 0.006) data = Buffer.concat([Buffer.from('## Risks\n\n- [ ] R-1: caf'), Buffer.from([0xe9, 0x0a])]);
    else {
      const kind = x < 0.01 ? 'badYaml' : x < 0.03 ? 'fallback' : 'normal';
      data = Buffer.from(noteText(r, { client, engagement, targetBytes: pickSize(r), kind }), 'utf8');
    }
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(file, data);
    files.push(file);
    bytes += data.length;
  }
  // A few files the walk must skip.
  fs.mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules', 'pkg', 'x.discovery.md'), '# not a note\n');
  fs.writeFileSync(path.join(dir, 'README.md'), '# Engagements\n');
  return { files, bytes };
}

/** A single normal note of about `bytes` bytes (for the edit benchmark). */
function noteOfSize(bytes, seed = 7) {
  return noteText(rng(seed), { client: 'Acme Logistics', engagement: 'Customer portal', targetBytes: bytes });
}

function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

module.exports = { rng, generateWorkspace, noteOfSize, noteText, REQUIRED_SECTIONS: ['Stakeholders', 'Integration mismatches', 'Backlog fit', 'Skills gaps', 'Success criteria', 'Risks'] };
