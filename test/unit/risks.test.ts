import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { parseNote } from '../../src/core/parse/index';
import { csvCell, csvRecord, filterRisks, riskRows, sortRisks, type RiskRow } from '../../src/core/risks';

const WORKSPACE = path.resolve(__dirname, '..', 'fixtures', 'cli', 'workspace');

function noteAt(rel: string) {
  return analyze(parseNote(fs.readFileSync(path.join(WORKSPACE, rel), 'utf8')), DEFAULT_CONFIG, rel);
}

function row(partial: Partial<RiskRow>): RiskRow {
  return {
    id: null,
    title: 'A risk',
    client: 'Northwind Bank',
    engagement: 'Payments API',
    path: 'northwind/payments.discovery.md',
    line: 10,
    likelihood: null,
    impact: null,
    score: null,
    band: null,
    owner: null,
    status: 'open',
    due: null,
    mitigation: null,
    isOpen: true,
    ...partial,
  };
}

const rows: RiskRow[] = [
  row({ id: 'R-1', title: 'Core banking batch window', likelihood: 4, impact: 5, score: 20, band: 'critical', owner: 'Dana Okafor', due: '2026-12-01', line: 40 }),
  row({ id: 'R-2', title: 'Vendor SDK licence', likelihood: 2, impact: 2, score: 4, band: 'low', owner: 'lee park', status: 'closed', isOpen: false, line: 44 }),
  row({ id: 'R-10', title: 'No test environment', likelihood: 3, impact: 4, score: 12, band: 'high', owner: 'Dana Okafor & Lee Park', status: 'mitigating', due: '2026-11-30', mitigation: 'Ask for a sandbox', line: 48 }),
  row({ id: null, title: 'Unscored concern', line: 52 }),
  row({ id: 'R-3', title: 'SSO migration', likelihood: 3, impact: 3, score: 9, band: 'medium', owner: 'Priya', status: 'accepted', isOpen: false, client: 'Globex', engagement: 'Portal', path: 'globex/portal.discovery.md', line: 20 }),
];

describe('risks', () => {
  describe('riskRows', () => {
    it('flattens list and table risks of real notes, with note metadata and 1-based lines', () => {
      const kickoff = 'acme-retail/loyalty-platform/2026-11-05-kickoff.discovery.md';
      const review = 'acme-retail/loyalty-platform/2026-11-12-data-review.discovery.md';
      const rows = riskRows([noteAt(kickoff), noteAt(review)]);
      assert.deepEqual(rows.map((r) => r.id), ['R-1', 'R-2', 'R-3', 'R-4', 'R-5']);
      assert.deepEqual(rows[0], {
        id: 'R-1',
        title: 'Nightly POS files arrive too late for same-day points',
        client: 'Acme Retail',
        engagement: 'Loyalty platform',
        path: kickoff,
        line: 62,
        likelihood: 4,
        impact: 4,
        score: 16,
        band: 'critical',
        owner: 'Jin Park',
        status: 'mitigating',
        due: '2027-01-29',
        mitigation: 'Pilot the MuleSoft adapter on 20 stores with intraday file drops',
        isOpen: true,
      });
      assert.equal(rows[2].status, 'closed', 'a ticked box closes the risk');
      assert.equal(rows[2].isOpen, false);
      assert.equal(rows[3].path, review);
      assert.equal(rows[3].line, 30, 'a table risk starts on its row');
      assert.equal(rows[4].owner, null);
    });
  });

  describe('filterRisks', () => {
    it('keeps open risks only', () => {
      assert.deepEqual(filterRisks(rows, { openOnly: true }).map((r) => r.title), [
        'Core banking batch window',
        'No test environment',
        'Unscored concern',
      ]);
    });

    it('keeps risks at or above a band and drops unscored ones', () => {
      assert.deepEqual(filterRisks(rows, { minBand: 'high' }).map((r) => r.id), ['R-1', 'R-10']);
      assert.deepEqual(filterRisks(rows, { minBand: 'medium' }).map((r) => r.id), ['R-1', 'R-10', 'R-3']);
      assert.equal(filterRisks(rows, { minBand: 'low' }).length, 4);
    });

    it('matches owners case-insensitively, including one name of a shared owner', () => {
      assert.deepEqual(filterRisks(rows, { owner: 'DANA OKAFOR' }).map((r) => r.id), ['R-1', 'R-10']);
      assert.deepEqual(filterRisks(rows, { owner: 'Lee  Park' }).map((r) => r.id), ['R-2', 'R-10']);
      assert.deepEqual(filterRisks(rows, { owner: 'Dana' }).map((r) => r.id), []);
      assert.equal(filterRisks(rows, { owner: '  ' }).length, rows.length);
    });

    it('combines criteria and searches text', () => {
      assert.deepEqual(filterRisks(rows, { openOnly: true, minBand: 'high', owner: 'lee park' }).map((r) => r.id), ['R-10']);
      assert.deepEqual(filterRisks(rows, { text: 'SANDBOX' }).map((r) => r.id), ['R-10']);
      assert.deepEqual(filterRisks(rows, { text: 'globex' }).map((r) => r.id), ['R-3']);
    });
  });

  describe('sortRisks', () => {
    it('sorts by score, highest first, unscored last', () => {
      assert.deepEqual(sortRisks(rows, 'score').map((r) => r.id), ['R-1', 'R-10', 'R-3', 'R-2', null]);
    });

    it('sorts by due date, earliest first, then by score', () => {
      assert.deepEqual(sortRisks(rows, 'due').map((r) => r.id), ['R-10', 'R-1', 'R-3', 'R-2', null]);
    });

    it('sorts IDs numerically', () => {
      assert.deepEqual(sortRisks(rows, 'id').map((r) => r.id), ['R-1', 'R-2', 'R-3', 'R-10', null]);
    });

    it('orders many rows with ties and missing values as the comparison the sort is defined by, input order last', () => {
      // The definition, written as a plain stable comparator sort: the packed numeric sort must agree with it.
      const nullsLast = <T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number): number =>
        a === null ? (b === null ? 0 : 1) : b === null ? -1 : cmp(a, b);
      const str = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
      const idKey = (id: string): [string, number | null] => {
        const m = /(\d+)\s*$/.exec(id);
        return m ? [id.slice(0, m.index), Number(m[1])] : [id, null];
      };
      const ids = (a: string, b: string): number => {
        if (a === b) return 0;
        const [pa, na] = idKey(a);
        const [pb, nb] = idKey(b);
        if (pa !== pb) return pa < pb ? -1 : 1;
        if (na !== null && nb !== null) return na - nb;
        return a < b ? -1 : 1;
      };
      const location = (a: RiskRow, b: RiskRow): number => str(a.path, b.path) || a.line - b.line;
      const reference: Record<'score' | 'due' | 'id', (a: RiskRow, b: RiskRow) => number> = {
        score: (a, b) => nullsLast(a.score, b.score, (x, y) => y - x) || nullsLast(a.due, b.due, str) || location(a, b),
        due: (a, b) => nullsLast(a.due, b.due, str) || nullsLast(a.score, b.score, (x, y) => y - x) || location(a, b),
        id: (a, b) => nullsLast(a.id, b.id, ids) || location(a, b),
      };
      let seed = 7;
      const pick = <T>(list: readonly T[]): T => list[(seed = (seed * 1103515245 + 12345) % 2147483648) % list.length];
      const many: RiskRow[] = [];
      for (let i = 0; i < 400; i++) {
        many.push(
          row({
            id: pick([null, 'R-1', 'R-01', 'R-2', 'R-10', 'R-10', 'RISK', 'A-3', 'R-2 ', 'Ä-1']),
            title: `t${i}`,
            score: pick([null, 1, 4, 9, 12, 12, 20, 25, 2.5]),
            due: pick([null, '2026-11-30', '2026-12-01', '2027-01-15', 'soon', '']),
            path: pick(['a.discovery.md', 'b/a.discovery.md', 'B.discovery.md', 'é.discovery.md']),
            line: pick([1, 2, 10, 10, 300]),
          }),
        );
      }
      for (const by of ['score', 'due', 'id'] as const) {
        const expected = [...many].sort(reference[by]);
        assert.deepEqual(sortRisks(many, by).map((r) => r.title), expected.map((r) => r.title), by);
      }
    });

    it('does not modify its input', () => {
      const before = rows.map((r) => r.id);
      sortRisks(rows, 'score');
      assert.deepEqual(rows.map((r) => r.id), before);
    });
  });

  describe('csvCell', () => {
    it('neutralises cells a spreadsheet would run as formulas', () => {
      assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
      assert.equal(csvCell('+1'), "'+1");
      assert.equal(csvCell('-2+3'), "'-2+3");
      assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
      assert.equal(csvCell('\tcmd'), "'\tcmd");
      assert.equal(csvCell('\rcmd'), `"'\rcmd"`);
      assert.equal(csvCell('  =1+1'), "'  =1+1");
      assert.equal(csvCell('\uFF1D1+1'), "'\uFF1D1+1");
    });

    it('quotes per RFC 4180 and leaves plain text alone', () => {
      assert.equal(csvCell('Dana Okafor'), 'Dana Okafor');
      assert.equal(csvCell('a, b'), '"a, b"');
      assert.equal(csvCell('say "hi"'), '"say ""hi"""');
      assert.equal(csvCell('two\nlines'), '"two\nlines"');
      assert.equal(csvCell('1+1=2'), '1+1=2');
    });

    it('writes numbers, booleans and nulls', () => {
      assert.equal(csvCell(20), '20');
      assert.equal(csvCell(-3), '-3');
      assert.equal(csvCell(null), '');
      assert.equal(csvCell(true), 'true');
      assert.equal(csvRecord(['a', 1, null, '=x']), "a,1,,'=x\r\n");
    });
  });
});
