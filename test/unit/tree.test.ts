import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_TREE_STATE,
  applyTreeFilter,
  buildRiskTree,
  describeFilter,
  escapeMarkdownText,
  findNode,
  groupsStartExpanded,
  buildRiskTreeFromSources,
  AUTO_EXPAND_MAX_RISKS,
  isFiltered,
  normalizeTreeState,
  ownersOf,
  parentOf,
  riskAsMarkdown,
  riskBadge,
  riskDescription,
  riskTooltipMarkdown,
  risksUnder,
  type RiskGroupNode,
  type RiskLeafNode,
  type RiskTree,
  type RiskTreeNode,
  type TreeViewState,
  noteHealthRows,
  findRiskForRow,
  riskLabel,
  type HealthSource,
} from '../../src/core/tree';
import { markRiskClosedFix } from '../../src/core/fixes';
import { applyEdits } from '../../src/core/edits';
import { countRisks, riskRows, type RiskRow, type RiskRowSource } from '../../src/core/risks';
import type { Band, Note, RiskStatus } from '../../src/core/model';
import { lintText } from '../../src/core/lint';
import { DEFAULT_CONFIG } from '../../src/core/config';

/**
 * Risk rows of three clients, as `riskRows` reports them for a small consultancy workspace. Rows are the
 * tree's whole input, so they are written out here; the note-level parts are tested from fixture notes below.
 */
function row(partial: Partial<RiskRow> & Pick<RiskRow, 'title' | 'path' | 'line'>): RiskRow {
  const likelihood = partial.likelihood ?? null;
  const impact = partial.impact ?? null;
  const score = likelihood !== null && impact !== null ? likelihood * impact : null;
  const band: Band | null = score === null ? null : score >= 16 ? 'critical' : score >= 10 ? 'high' : score >= 5 ? 'medium' : 'low';
  const status: RiskStatus = partial.status ?? 'open';
  return {
    id: null,
    client: null,
    engagement: null,
    owner: null,
    due: null,
    mitigation: null,
    ...partial,
    likelihood,
    impact,
    score,
    band,
    status,
    isOpen: status === 'open' || status === 'mitigating' || status === 'monitoring',
  };
}

const ACME_PORTAL = 'acme/portal/kickoff.discovery.md';
const ACME_ERP = 'acme/erp/erp.discovery.md';
const BETA = 'beta/app/app.discovery.md';
const LOOSE = 'scratch/ideas.discovery.md';

const ROWS: RiskRow[] = [
  row({ id: 'R-1', title: 'Vendor API rate limits', client: 'Acme', engagement: 'Portal rebuild', path: ACME_PORTAL, line: 40, likelihood: 4, impact: 5, owner: 'Dana', due: '2026-12-01', mitigation: 'Ask the vendor for a sandbox quota' }),
  row({ id: 'R-2', title: 'SSO provider undecided', client: 'Acme', engagement: 'Portal rebuild', path: ACME_PORTAL, line: 44, likelihood: 3, impact: 3, owner: 'Lee', due: '2026-11-30' }),
  row({ id: 'R-3', title: 'Legacy data quality', client: 'Acme', engagement: 'Portal rebuild', path: ACME_PORTAL, line: 48, likelihood: 2, impact: 2, status: 'closed', owner: 'Dana' }),
  row({ id: 'R-10', title: 'Key-user availability', client: 'acme', engagement: 'ERP integration', path: ACME_ERP, line: 30, likelihood: 4, impact: 3, owner: 'dana', due: '2026-11-01', status: 'mitigating' }),
  row({ id: 'R-4', title: 'Batch window too short', client: 'Acme', engagement: 'ERP integration', path: ACME_ERP, line: 34, likelihood: 2, impact: 4 }),
  row({ id: 'R-1', title: 'App store review delays', client: 'Beta Bank', engagement: 'Mobile app', path: BETA, line: 22, likelihood: 5, impact: 4, owner: 'Dana & Lee', due: '2027-01-15' }),
  row({ id: 'R-2', title: 'Accessibility audit scope', client: 'Beta Bank', engagement: 'Mobile app', path: BETA, line: 26, likelihood: 1, impact: 3, owner: 'Sam', status: 'accepted' }),
  row({ title: 'Nobody owns the hosting budget', path: LOOSE, line: 12, likelihood: 3, impact: 4 }),
  row({ title: 'Unscored worry', path: LOOSE, line: 15 }),
];

function state(partial: Partial<TreeViewState> = {}): TreeViewState {
  return { ...DEFAULT_TREE_STATE, filter: {}, ...partial };
}

function labels(nodes: RiskTreeNode[]): string[] {
  return nodes.map((n) => n.label);
}

function groups(nodes: RiskTreeNode[]): RiskGroupNode[] {
  return nodes.map((n) => {
    assert.equal(n.kind, 'group');
    return n as RiskGroupNode;
  });
}

function allNodes(tree: RiskTree): RiskTreeNode[] {
  const out: RiskTreeNode[] = [];
  const walk = (ns: RiskTreeNode[]) => {
    for (const n of ns) {
      out.push(n);
      if (n.kind === 'group') walk(n.children);
    }
  };
  walk(tree.roots);
  return out;
}

describe('risk tree', () => {
  describe('grouping', () => {
    it('groups client → engagement → risk, merging spellings of a client and putting unnamed last', () => {
      const tree = buildRiskTree(ROWS, state());
      assert.deepEqual(labels(tree.roots), ['Acme', 'Beta Bank', '(no client)']);
      const acme = groups(tree.roots)[0];
      assert.equal(acme.count, 4);
      assert.equal(acme.description, '4 open · 1 critical · 1 high');
      assert.deepEqual(labels(acme.children), ['ERP integration', 'Portal rebuild']);
      const [erp, portal] = groups(acme.children);
      assert.deepEqual(labels(portal.children), ['R-1 Vendor API rate limits', 'R-2 SSO provider undecided']);
      assert.deepEqual(labels(erp.children), ['R-10 Key-user availability', 'R-4 Batch window too short']);
      const none = groups(tree.roots)[2];
      assert.deepEqual(labels(none.children), ['(no engagement)']);
      assert.deepEqual(labels(groups(none.children)[0].children), ['Nobody owns the hosting budget', 'Unscored worry']);
    });

    it('shows only open risks (open, mitigating, monitoring)', () => {
      const tree = buildRiskTree(ROWS, state({ groupBy: 'flat' }));
      const shown = tree.roots.map((n) => (n as RiskLeafNode).row.status);
      assert.ok(shown.every((s) => s === 'open' || s === 'mitigating' || s === 'monitoring'));
      assert.equal(tree.shown, 7);
      assert.equal(tree.totalOpen, 7);
      assert.ok(!labels(tree.roots).includes('R-3 Legacy data quality'));
    });

    it('groups by band, critical first, unscored last', () => {
      const tree = buildRiskTree(ROWS, state({ groupBy: 'band' }));
      assert.deepEqual(labels(tree.roots), ['Critical', 'High', 'Medium', 'Unscored']);
      const [critical, high, medium, unscored] = groups(tree.roots);
      assert.equal(critical.band, 'critical');
      assert.equal(unscored.band, null);
      // Equal scores: the earlier due date first.
      assert.deepEqual(labels(critical.children), ['R-1 Vendor API rate limits', 'R-1 App store review delays']);
      assert.deepEqual(labels(high.children), ['R-10 Key-user availability', 'Nobody owns the hosting budget']);
      assert.deepEqual(labels(medium.children), ['R-2 SSO provider undecided', 'R-4 Batch window too short']);
      assert.equal(critical.description, '2 open');
    });

    it('groups by owner case-insensitively with an Unassigned group last', () => {
      const tree = buildRiskTree(ROWS, state({ groupBy: 'owner' }));
      assert.deepEqual(labels(tree.roots), ['Dana', 'Dana & Lee', 'Lee', 'Unassigned']);
      const [dana, , , unassigned] = groups(tree.roots);
      assert.deepEqual(labels(dana.children), ['R-1 Vendor API rate limits', 'R-10 Key-user availability']);
      assert.equal(unassigned.count, 3);
    });

    it('lists risks flat', () => {
      const tree = buildRiskTree(ROWS, state({ groupBy: 'flat' }));
      assert.ok(tree.roots.every((n) => n.kind === 'risk' && n.parentId === null));
      assert.equal(tree.roots.length, 7);
    });
  });

  describe('sorting', () => {
    it('sorts by score (highest first), then due date', () => {
      const tree = buildRiskTree(ROWS, state({ groupBy: 'flat', sortBy: 'score' }));
      assert.deepEqual(
        tree.roots.map((n) => (n as RiskLeafNode).row.score),
        [20, 20, 12, 12, 9, 8, null],
      );
      assert.equal(tree.roots[0].label, 'R-1 Vendor API rate limits');
    });

    it('sorts by due date, earliest first, undated last', () => {
      const tree = buildRiskTree(ROWS, state({ groupBy: 'flat', sortBy: 'due' }));
      assert.deepEqual(
        tree.roots.slice(0, 4).map((n) => (n as RiskLeafNode).row.due),
        ['2026-11-01', '2026-11-30', '2026-12-01', '2027-01-15'],
      );
      assert.equal((tree.roots[6] as RiskLeafNode).row.due, null);
    });

    it('sorts by ID with numbers compared as numbers, within each group', () => {
      const tree = buildRiskTree(ROWS, state({ sortBy: 'id' }));
      const portal = groups(groups(tree.roots)[0].children)[1];
      assert.deepEqual(labels(portal.children), ['R-1 Vendor API rate limits', 'R-2 SSO provider undecided']);
      const erp = groups(groups(tree.roots)[0].children)[0];
      assert.deepEqual(labels(erp.children), ['R-4 Batch window too short', 'R-10 Key-user availability']);
    });
  });

  describe('filtering', () => {
    it('filters by text in title, owner, mitigation, client', () => {
      const byMitigation = buildRiskTree(ROWS, state({ groupBy: 'flat', filter: { text: 'SANDBOX' } }));
      assert.deepEqual(labels(byMitigation.roots), ['R-1 Vendor API rate limits']);
      const byClient = buildRiskTree(ROWS, state({ groupBy: 'flat', filter: { text: 'beta bank' } }));
      assert.deepEqual(labels(byClient.roots), ['R-1 App store review delays']);
      assert.equal(byClient.shown, 1);
      assert.equal(byClient.totalOpen, 7);
    });

    it('filters by minimum band', () => {
      const tree = buildRiskTree(ROWS, state({ groupBy: 'flat', filter: { minBand: 'high' } }));
      assert.deepEqual(
        tree.roots.map((n) => (n as RiskLeafNode).row.band),
        ['critical', 'critical', 'high', 'high'],
      );
    });

    it('filters by owner, including a shared owner', () => {
      const tree = buildRiskTree(ROWS, state({ groupBy: 'flat', filter: { owner: 'lee' } }));
      assert.deepEqual(labels(tree.roots), ['R-1 App store review delays', 'R-2 SSO provider undecided']);
    });

    it('"only mine" uses discovery.me, and matches nobody while it is empty', () => {
      const mine = buildRiskTree(ROWS, state({ groupBy: 'flat', filter: { onlyMine: true } }), { me: 'Dana' });
      assert.deepEqual(labels(mine.roots), ['R-1 Vendor API rate limits', 'R-1 App store review delays', 'R-10 Key-user availability']);
      const at = applyTreeFilter(ROWS.filter((r) => r.isOpen), { onlyMine: true }, '@dana');
      assert.equal(at.length, 3);
      const nobody = buildRiskTree(ROWS, state({ groupBy: 'flat', filter: { onlyMine: true } }), { me: '' });
      assert.equal(nobody.roots.length, 0);
      assert.equal(nobody.totalOpen, 7);
    });

    it('combines filters, and drops groups left empty', () => {
      const tree = buildRiskTree(ROWS, state({ filter: { minBand: 'critical', onlyMine: true } }), { me: 'Dana' });
      assert.deepEqual(labels(tree.roots), ['Acme', 'Beta Bank']);
      assert.deepEqual(labels(groups(tree.roots)[0].children), ['Portal rebuild']);
    });

    it('describes the active filter for the view message', () => {
      assert.equal(isFiltered({}), false);
      assert.equal(describeFilter({}, 'Dana', 7, 7), undefined);
      assert.equal(isFiltered({ onlyMine: true }), true);
      assert.equal(
        describeFilter({ text: 'api', minBand: 'high', owner: 'Lee', onlyMine: true }, 'Dana', 0, 7),
        'Filter: "api" · high or above · owner Lee · only mine (Dana) — 0 of 7 open risks',
      );
      assert.equal(describeFilter({ onlyMine: true }, null, 0, 1), 'Filter: only mine (set discovery.me) — 0 of 1 open risk');
    });
  });

  describe('ids and parents', () => {
    it('gives every node a unique id and a parent that leads back to the root', () => {
      for (const groupBy of ['client', 'band', 'owner', 'flat'] as const) {
        const tree = buildRiskTree(ROWS, state({ groupBy }));
        const nodes = allNodes(tree);
        assert.equal(new Set(nodes.map((n) => n.id)).size, nodes.length, groupBy);
        assert.equal(tree.byId.size, nodes.length, groupBy);
        for (const n of nodes) {
          const parent = parentOf(tree, n);
          if (n.parentId === null) assert.equal(parent, undefined);
          else {
            assert.ok(parent, `${groupBy}: parent of ${n.id}`);
            assert.ok(parent.children.includes(n), `${groupBy}: ${n.id} is a child of its parent`);
          }
        }
      }
    });

    it('keeps ids stable across edits that move lines, re-sorting and changing other notes', () => {
      const before = buildRiskTree(ROWS, state());
      const moved = ROWS.map((r) => (r.path === ACME_PORTAL ? { ...r, line: r.line + 7 } : r));
      const withNew = [...moved, row({ id: 'R-5', title: 'New one', client: 'Beta Bank', engagement: 'Mobile app', path: BETA, line: 40, likelihood: 5, impact: 5 })];
      const after = buildRiskTree(withNew, state({ sortBy: 'due' }));
      const idsBefore = allNodes(before).map((n) => n.id);
      const idsAfter = new Set(allNodes(after).map((n) => n.id));
      for (const id of idsBefore) assert.ok(idsAfter.has(id), id);
    });

    it('tells apart risks with the same ID in different notes and repeated IDs in one note', () => {
      const dup = [...ROWS, row({ id: 'R-1', title: 'Duplicate id', client: 'Acme', engagement: 'Portal rebuild', path: ACME_PORTAL, line: 60, likelihood: 1, impact: 1 })];
      const tree = buildRiskTree(dup, state({ groupBy: 'flat' }));
      const r1 = tree.roots.filter((n) => n.label.startsWith('R-1 '));
      assert.equal(r1.length, 3);
      assert.equal(new Set(r1.map((n) => n.id)).size, 3);
    });

    it('collects the risks under a group for copy as Markdown', () => {
      const tree = buildRiskTree(ROWS, state());
      assert.equal(risksUnder(tree.roots[0]).length, 4);
      assert.deepEqual(risksUnder(groups(tree.roots)[0].children[1]).map((r) => r.id), ['R-1', 'R-2']);
    });
  });

  describe('risks built when their group is opened', () => {
    const manyRows = (n: number): RiskRow[] =>
      Array.from({ length: n }, (_, i) =>
        row({ id: `R-${i % 7}`, title: `Risk ${i}`, client: `Client ${i % 5}`, engagement: `Eng ${i % 3}`, path: `c${i % 5}/e${i % 3}/n${i % 4}.discovery.md`, line: 10 + i, likelihood: 1 + (i % 5), impact: 1 + ((i * 3) % 5) }),
      );

    it('builds the groups with their counts but no risk until a group is read', () => {
      const tree = buildRiskTree(manyRows(300), state());
      const leavesBuilt = () => [...tree.byId.values()].filter((n) => n.kind === 'risk').length;
      assert.equal(leavesBuilt(), 0);
      const client = groups(tree.roots)[0];
      assert.equal(client.count, 60);
      const engagement = groups(client.children)[0];
      assert.equal(leavesBuilt(), 0, 'reading a client builds its engagements only');
      assert.equal(engagement.children.length, engagement.count);
      assert.equal(leavesBuilt(), engagement.count);
      assert.equal(engagement.children, engagement.children, 'built once');
    });

    it('gives the same ids and order whichever group is opened first, as a tree built all at once', () => {
      for (const groupBy of ['client', 'band', 'owner'] as const) {
        const rows = manyRows(120);
        const forward = allNodes(buildRiskTree(rows, state({ groupBy }))).map((n) => `${n.id} ${n.label} ${n.description}`);
        const tree = buildRiskTree(rows, state({ groupBy }));
        const bottom: RiskGroupNode[] = [];
        const collect = (ns: RiskTreeNode[]) => {
          for (const n of ns) {
            if (n.kind !== 'group') continue;
            if (n.groupKind === 'client') collect(n.children);
            else bottom.push(n);
          }
        };
        collect(tree.roots);
        for (const g of [...bottom].reverse()) void g.children;
        assert.deepEqual(allNodes(tree).map((n) => `${n.id} ${n.label} ${n.description}`), forward, groupBy);
        assert.equal(new Set(forward.map((s) => s.split(' ')[0])).size, forward.length, `${groupBy}: ids are unique`);
      }
    });

    it('sorts the risks of each group as a whole-tree sort would', () => {
      const rows = manyRows(90);
      for (const sortBy of ['score', 'due', 'id'] as const) {
        const flat = buildRiskTree(rows, state({ groupBy: 'flat', sortBy })).roots.map((n) => n.label);
        for (const g of groups(buildRiskTree(rows, state({ groupBy: 'band', sortBy })).roots)) {
          const inGroup = labels(g.children);
          assert.deepEqual(inGroup, flat.filter((l) => inGroup.includes(l)), `${sortBy} ${g.label}`);
        }
      }
    });

    it('finds a risk by id before its group was read, and nothing for an unknown id', () => {
      const rows = manyRows(50);
      const ids = allNodes(buildRiskTree(rows, state())).filter((n) => n.kind === 'risk').map((n) => n.id);
      const tree = buildRiskTree(rows, state());
      for (const id of ids) assert.equal(findNode(tree, id)?.id, id);
      assert.equal(findNode(tree, '/client:nobody/engagement:x/risk:a.md:R-1'), undefined);
      assert.equal(findNode(tree, 'R-1'), undefined);
      const flat = buildRiskTree(rows, state({ groupBy: 'flat' }));
      assert.equal(findNode(flat, flat.roots[3].id), flat.roots[3]);
    });

    it('builds the same tree from per-note sources, reading no note\'s rows until a group is opened', () => {
      const rows = [...ROWS, ...manyRows(150), row({ id: 'R-9', title: 'Closed only', client: 'Gamma', engagement: 'X', path: 'g/x.discovery.md', line: 3, status: 'closed' })];
      const byPath = new Map<string, RiskRow[]>();
      for (const r of rows) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
      let reads = 0;
      const sources = (): RiskRowSource[] =>
        [...byPath.values()].map((own) => ({ client: own[0].client, engagement: own[0].engagement, counts: countRisks(own), rows: () => (reads++, own) }));
      const shape = (t: RiskTree) => ({ nodes: allNodes(t).map((n) => `${n.id}|${n.label}|${n.description}|${n.kind === 'group' ? n.count : ''}`), shown: t.shown, totalOpen: t.totalOpen, badge: t.badge });
      for (const groupBy of ['client', 'band', 'owner', 'flat'] as const) {
        for (const filter of [{}, { text: 'risk 1' }, { minBand: 'high' as const }]) {
          for (const sortBy of ['score', 'due', 'id'] as const) {
            const s = state({ groupBy, sortBy, filter });
            assert.deepEqual(shape(buildRiskTreeFromSources(sources(), s, { today: '2026-11-20' })), shape(buildRiskTree(rows, s, { today: '2026-11-20' })), `${groupBy} ${sortBy} ${JSON.stringify(filter)}`);
          }
        }
      }
      reads = 0;
      const tree = buildRiskTreeFromSources(sources(), state());
      assert.equal(reads, 0, 'groups and counts come from the sources');
      const engagement = groups(groups(tree.roots)[0].children)[0];
      assert.equal(reads, 0);
      assert.equal(engagement.children.length, engagement.count);
      assert.ok(reads > 0 && reads <= (engagement.sources?.length ?? 0), 'only the notes of the opened group are read');
      assert.equal(labels(tree.roots).includes('Gamma'), false, 'a client with no open risk has no group');
    });

    it('starts groups expanded while few risks are shown, unless told otherwise', () => {
      assert.equal(AUTO_EXPAND_MAX_RISKS, 200);
      assert.equal(groupsStartExpanded(buildRiskTree(manyRows(200), state()), 'auto'), true);
      assert.equal(groupsStartExpanded(buildRiskTree(manyRows(201), state()), 'auto'), false);
      const filtered = buildRiskTree(manyRows(400), state({ filter: { text: 'Risk 1' } }));
      assert.ok(filtered.shown <= 200);
      assert.equal(groupsStartExpanded(filtered, 'auto'), true, 'counts what the filter shows');
      assert.equal(groupsStartExpanded(buildRiskTree(manyRows(5000), state()), 'expanded'), true);
      assert.equal(groupsStartExpanded(buildRiskTree(manyRows(3), state()), 'collapsed'), false);
    });
  });

  describe('badge', () => {
    it('counts open high and critical risks in the workspace, ignoring the filter', () => {
      assert.deepEqual(riskBadge(ROWS), { value: 4, tooltip: '2 critical and 2 high open risks' });
      const filtered = buildRiskTree(ROWS, state({ filter: { text: 'nothing matches this' } }));
      assert.equal(filtered.badge.value, 4);
      const closed = ROWS.map((r) => ({ ...r, isOpen: false, status: 'closed' as const }));
      assert.equal(riskBadge(closed).value, 0);
      assert.equal(riskBadge([ROWS[0]]).tooltip, '1 critical and 0 high open risk');
    });
  });

  describe('items', () => {
    it('describes a risk with score, owner and due date', () => {
      assert.equal(riskDescription(ROWS[0]), 'score 20 · Dana · due 2026-12-01');
      assert.equal(riskDescription(ROWS[8]), 'no score · unassigned');
      assert.equal(riskDescription(ROWS[3]), 'score 12 · dana · due 2026-11-01 · mitigating');
    });

    it('marks overdue open risks', () => {
      const tree = buildRiskTree(ROWS, state({ groupBy: 'flat' }), { today: '2026-11-22' });
      const overdue = tree.roots.filter((n) => (n as RiskLeafNode).overdue).map((n) => n.label);
      assert.deepEqual(overdue, ['R-10 Key-user availability']);
      const r10 = tree.roots.find((n) => n.label === 'R-10 Key-user availability') as RiskLeafNode;
      assert.equal(r10.description, 'score 12 · dana · due 2026-11-01 · mitigating · overdue');
    });

    it('copies a risk as one Markdown list item', () => {
      assert.equal(
        riskAsMarkdown(ROWS[0]),
        '- **R-1** Vendor API rate limits — score 20 (critical) · owner: Dana · status: open · due: 2026-12-01 · mitigation: Ask the vendor for a sandbox quota · Acme / Portal rebuild',
      );
    });

    it('lists distinct owners of open risks', () => {
      assert.deepEqual(ownersOf(ROWS), ['Dana', 'Dana & Lee', 'Lee']);
    });
  });

  describe('tooltip escaping', () => {
    const hostile = row({
      id: 'R-9',
      title: '<img src=x onerror=alert(1)> [click](javascript:alert(1)) <script>x</script>',
      owner: '[me](command:workbench.action.terminal.new)',
      mitigation: '**bold** `code` <a href="command:evil">x</a> https://example.com/x_y ![i](https://e/x.png)\n# heading\n    indented',
      client: '<b>Client</b>',
      engagement: 'E&mdash;1',
      path: 'x/y.discovery.md',
      line: 3,
      likelihood: 2,
      impact: 2,
    });

    it('escapes every Markdown and HTML character from the note', () => {
      const md = riskTooltipMarkdown(hostile);
      const values = [hostile.title, hostile.owner, hostile.mitigation, hostile.client, hostile.engagement] as string[];
      for (const v of values) {
        const escaped = escapeMarkdownText(v);
        assert.ok(md.includes(escaped));
        // Every punctuation character left in the value is preceded by a backslash.
        assert.doesNotMatch(escaped.replace(/\\[!-/:-@[-`{-~]/g, ''), /[!-/:-@[-`{-~]/);
      }
      // Nothing that would become HTML, a link, an autolink, emphasis, code or an entity survives unescaped.
      for (const raw of [/(?<!\\)<img/, /(?<!\\)<script/, /(?<!\\)\]\(/, /https:\/\//, /(?<!\\)\*\*bold/, /(?<!\\)`code/, /(?<!\\)&mdash;/]) {
        assert.doesNotMatch(md, raw);
      }
      assert.doesNotMatch(md, /\n {4}/);
      assert.doesNotMatch(md, /\n#/);
    });

    it('escapes each ASCII punctuation character and flattens line breaks', () => {
      assert.equal(escapeMarkdownText('a<b>[c](d)'), 'a\\<b\\>\\[c\\]\\(d\\)');
      assert.equal(escapeMarkdownText('one\ntwo\r\n  three'), 'one two three');
      assert.equal(escapeMarkdownText('plain words 42'), 'plain words 42');
      assert.equal(escapeMarkdownText('$(zap)'), '\\$\\(zap\\)');
    });
  });

  describe('persisted state', () => {
    it('reads a stored state and falls back field by field on anything unknown', () => {
      assert.deepEqual(normalizeTreeState(undefined), { groupBy: 'client', sortBy: 'score', filter: {} });
      assert.deepEqual(normalizeTreeState({ groupBy: 'band', sortBy: 'due', filter: { text: '  api ', minBand: 'high', owner: 'Dana', onlyMine: true } }), {
        groupBy: 'band',
        sortBy: 'due',
        filter: { text: 'api', minBand: 'high', owner: 'Dana', onlyMine: true },
      });
      assert.deepEqual(normalizeTreeState({ groupBy: 'tag', sortBy: 7, filter: { minBand: 'huge', onlyMine: 'yes', text: 3 } }), {
        groupBy: 'client',
        sortBy: 'score',
        filter: {},
      });
      assert.equal(normalizeTreeState({ filter: { text: 'x'.repeat(5000) } }).filter.text?.length, 200);
    });
  });
});

describe('note health', () => {
  const FIXTURES = join(__dirname, '..', 'fixtures', 'tree');
  const PATHS = [
    'acme/portal/2026-11-02-complete.discovery.md',
    'acme/portal/2026-11-09-gaps.discovery.md',
    'beta/app/2026-10-20-broken.discovery.md',
  ];

  function sources(): HealthSource[] {
    return PATHS.map((path) => {
      const { note, findings } = lintText(path, readFileSync(join(FIXTURES, path), 'utf8'), DEFAULT_CONFIG, '2026-11-22');
      return { uri: `file:///ws/${path}`, path, note, findings, skipped: null, config: DEFAULT_CONFIG };
    });
  }

  it('lists notes with missing required sections or errors, worst first, and leaves healthy notes out', () => {
    const rows = noteHealthRows(sources());
    assert.deepEqual(
      rows.map((r) => r.path),
      ['beta/app/2026-10-20-broken.discovery.md', 'acme/portal/2026-11-09-gaps.discovery.md'],
    );
    const [broken, gaps] = rows;
    assert.deepEqual(gaps.missing, ['Backlog fit', 'Success criteria']);
    assert.equal(gaps.errors, 0);
    assert.equal(gaps.worst, 'warning');
    assert.match(gaps.description, /^2 missing\b/);
    assert.equal(gaps.label, 'Acme Retail / Portal rebuild — 2026-11-09-gaps.discovery.md');
    assert.ok(broken.errors >= 2, broken.description);
    assert.equal(broken.worst, 'error');
    assert.match(broken.description, /^\d+ errors\b/);
    assert.deepEqual(broken.missing, []);
    assert.equal(broken.label, 'beta / app — 2026-10-20-broken.discovery.md');
  });

  it('lists missing sections first, then findings, each pointing into the note, without repeating DISC001', () => {
    const [broken, gaps] = noteHealthRows(sources());
    assert.deepEqual(
      gaps.items.filter((i) => i.kind === 'missing-section').map((i) => i.label),
      ['Missing section: Backlog fit', 'Missing section: Success criteria'],
    );
    assert.ok(gaps.items.every((i) => i.rule !== 'DISC001' || i.kind === 'missing-section'));
    const rules = broken.items.map((i) => i.rule);
    assert.ok(rules.includes('DISC003'), rules.join(','));
    assert.ok(rules.includes('DISC006'), rules.join(','));
    const invalid = broken.items.find((i) => i.rule === 'DISC006');
    assert.equal(invalid?.range.start.line, 31);
    for (const row of [broken, gaps]) {
      assert.equal(new Set(row.items.map((i) => i.id)).size, row.items.length);
    }
  });

  it('lists a note that could not be checked, with the reason', () => {
    const skipped: HealthSource = {
      uri: 'file:///ws/huge.discovery.md',
      path: 'huge.discovery.md',
      note: null,
      findings: [],
      skipped: 'larger than the maximum of 2000000 bytes',
      config: DEFAULT_CONFIG,
    };
    const rows = noteHealthRows([...sources(), skipped]);
    const row = rows.find((r) => r.path === 'huge.discovery.md');
    assert.ok(row);
    assert.equal(row.label, 'huge.discovery.md');
    assert.equal(row.worst, 'error');
    assert.equal(row.items[0].label, 'Not checked: larger than the maximum of 2000000 bytes');
  });

  it('builds the risk tree from the fixture notes: closed risks left out, engagement groups shared across notes', () => {
    const notes = sources().map((s) => s.note as Note);
    const tree = buildRiskTree(riskRows(notes), state());
    // The broken note's front matter does not parse, so its client and engagement come from its folders.
    assert.deepEqual(labels(tree.roots), ['Acme Retail', 'beta']);
    const portal = groups(groups(tree.roots)[0].children)[0];
    assert.equal(portal.label, 'Portal rebuild');
    assert.deepEqual(labels(portal.children), [
      'R-1 Order service rate limits block the new portal\'s load tests',
      'R-3 DAM export has to be scripted by hand',
    ]);
  });
});

describe('mark closed: finding the risk of a row and closing it', () => {
  const PATH = 'acme/portal/close-risks.discovery.md';
  const TEXT = readFileSync(join(__dirname, '..', 'fixtures', 'tree', 'close-risks.discovery.md'), 'utf8');

  function analysed(text: string): Note {
    return lintText(PATH, text, DEFAULT_CONFIG, '2026-11-22').note;
  }

  function rowFor(note: Note, label: string): RiskRow {
    const found = riskRows([note]).find((r) => riskLabel(r) === label);
    assert.ok(found, label);
    return found;
  }

  /** Closes the risk the row stands for in `text`, the way the tree's command does. */
  function close(text: string, row: RiskRow): string {
    const note = analysed(text);
    const risk = findRiskForRow(note.risks, row);
    assert.ok(risk, `risk of ${riskLabel(row)}`);
    return applyEdits(text, markRiskClosedFix(note, risk).edits);
  }

  it('finds a risk by its unique ID even after lines moved and the title changed', () => {
    const row = rowFor(analysed(TEXT), 'R-1 Order service rate limits block load tests');
    const edited = analysed(TEXT.replace('# Portal rebuild: risk review\n', '# Portal rebuild: risk review\n\nNew intro.\n\n').replace('block load tests', 'block the load tests'));
    const risk = findRiskForRow(edited.risks, row);
    assert.equal(risk?.title, 'Order service rate limits block the load tests');
  });

  it('tells repeated IDs apart by title, and finds a risk without ID by its title', () => {
    const note = analysed(TEXT);
    const second = findRiskForRow(note.risks, rowFor(note, 'R-4 Search index rebuild takes a weekend'));
    assert.equal(second?.title, 'Search index rebuild takes a weekend');
    const noId = findRiskForRow(note.risks, rowFor(note, 'Nobody owns the CDN budget'));
    assert.equal(noId?.id, null);
    assert.equal(noId?.title, 'Nobody owns the CDN budget');
  });

  it('finds nothing once the risk is gone', () => {
    const row = rowFor(analysed(TEXT), 'Nobody owns the CDN budget');
    const without = analysed(TEXT.replace(/- \[ \] Nobody owns the CDN budget\n {2}- likelihood: 3\n {2}- impact: 2\n/, ''));
    assert.equal(findRiskForRow(without.risks, row), undefined);
  });

  it('ticks the box of a task item and changes nothing else', () => {
    const row = rowFor(analysed(TEXT), 'R-1 Order service rate limits block load tests');
    const out = close(TEXT, row);
    assert.equal(out, TEXT.replace('- [ ] R-1:', '- [x] R-1:'));
    assert.equal(rowFor(analysed(out), 'R-1 Order service rate limits block load tests').isOpen, false);
    // Closing again changes nothing.
    const note = analysed(out);
    const risk = findRiskForRow(note.risks, row);
    assert.ok(risk);
    assert.deepEqual(markRiskClosedFix(note, risk).edits, []);
  });

  it('closes the second of two risks with the same ID, not the first', () => {
    const out = close(TEXT, rowFor(analysed(TEXT), 'R-4 Search index rebuild takes a weekend'));
    assert.match(out, /- \[ \] R-4: Payment provider sandbox unstable/);
    assert.match(out, /- \[x\] R-4: Search index rebuild takes a weekend/);
  });

  it('sets status: closed on a plain item and in a table row', () => {
    const plain = close(TEXT, rowFor(analysed(TEXT), 'R-3 Content freeze not agreed'));
    assert.equal(plain, TEXT.replace('  - status: open\n', '  - status: closed\n'));
    const table = close(TEXT, rowFor(analysed(TEXT), 'R-5 Accessibility audit booked late'));
    assert.match(table, /\| R-5 \| Accessibility audit booked late \| 3 \| 3 \| Lee \| closed \|/);
    assert.equal(riskRows([analysed(table)]).find((r) => r.id === 'R-5')?.status, 'closed');
  });

  it('keeps CRLF line endings and a BOM', () => {
    const crlf = '\uFEFF' + TEXT.replace(/\n/g, '\r\n');
    const out = close(crlf, rowFor(analysed(crlf), 'R-2 Hosting contract renewal falls mid-project'));
    assert.ok(out.startsWith('\uFEFF'));
    assert.doesNotMatch(out.replace(/\r\n/g, ''), /[\r\n]/);
    assert.equal(rowFor(analysed(out), 'R-2 Hosting contract renewal falls mid-project').status, 'closed');
  });
});
