import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import type { Note } from '../../src/core/model';
import { parseNote } from '../../src/core/parse/index';
import {
  computeSummary,
  countRisks,
  daysBetween,
  escapeMarkdown,
  formatRiskCounts,
  isOverdue,
  renderSummary,
  type SummarySource,
} from '../../src/core/summary';

const ROOT = join(__dirname, '..', 'fixtures', 'summary');
const TODAY = '2026-11-22';
const PATHS = ['acme/portal/kickoff.discovery.md', 'acme/billing/discovery.discovery.md', 'globex/crm/workshop.discovery.md'];

function load(path: string): Note {
  return analyze(parseNote(readFileSync(join(ROOT, path), 'utf8')), DEFAULT_CONFIG, path);
}

function sources(): SummarySource[] {
  return PATHS.map((p) => ({ note: load(p), href: `file:///ws/${p}`, staleQuestionDays: 14 }));
}

describe('summary', () => {
  describe('dates', () => {
    it('counts days between valid dates and rejects invalid ones', () => {
      assert.equal(daysBetween('2026-11-15', TODAY), 7);
      assert.equal(daysBetween('2026-12-31', '2027-01-01'), 1);
      assert.equal(daysBetween('2026-02-30', TODAY), null);
      assert.equal(daysBetween('next week', TODAY), null);
    });

    it('treats only dates strictly before today as overdue', () => {
      assert.equal(isOverdue('2026-11-21', TODAY), true);
      assert.equal(isOverdue(TODAY, TODAY), false);
      assert.equal(isOverdue(null, TODAY), false);
      assert.equal(isOverdue('soon', TODAY), false);
    });
  });

  describe('countRisks / formatRiskCounts', () => {
    it('counts open, critical, high and overdue risks of a note', () => {
      const counts = countRisks([load(PATHS[0])], TODAY);
      // R-1 (20, overdue), R-2 (16), R-3 (4) are open; R-4 is ticked.
      assert.deepEqual(counts, { open: 3, critical: 2, high: 0, overdue: 1 });
      assert.equal(formatRiskCounts(counts), '3 open · 2 critical · 1 overdue');
    });

    it('leaves zero counts other than open out of the label', () => {
      assert.equal(formatRiskCounts({ open: 0, critical: 0, high: 0, overdue: 0 }), '0 open');
      assert.equal(formatRiskCounts({ open: 2, critical: 0, high: 1, overdue: 0 }), '2 open · 1 high');
    });
  });

  describe('computeSummary', () => {
    const data = computeSummary(sources(), TODAY);

    it('counts open risks by band and by client', () => {
      assert.equal(data.notes, 3);
      assert.equal(data.open, 7);
      assert.deepEqual(data.byBand, { critical: 3, high: 1, medium: 2, low: 1 });
      assert.equal(data.unscored, 0);
      assert.deepEqual(
        data.byClient.map((c) => [c.client, c.open, c.byBand.critical, c.byBand.high, c.byBand.medium, c.byBand.low]),
        [
          ['Acme Retail', 5, 3, 0, 1, 1],
          ['Globex', 2, 0, 1, 1, 0],
        ],
      );
    });

    it('lists the top open risks by score, closed ones left out', () => {
      assert.deepEqual(
        data.topRisks.map((i) => `${i.path.split('/')[1]} ${i.label.split(' ')[0]} ${i.detail.split(' · ')[0]}`),
        [
          'billing R-1 score 25 (critical)',
          'portal R-1 score 20 (critical)',
          'portal R-2 score 16 (critical)',
          'crm R-1 score 12 (high)',
          'billing R-2 score 9 (medium)',
          'crm R-2 score 6 (medium)',
          'portal R-3 score 4 (low)',
        ],
      );
      assert.ok(!data.topRisks.some((i) => i.label.startsWith('R-4')));
    });

    it('bounds the top list', () => {
      assert.equal(computeSummary(sources(), TODAY, 2).topRisks.length, 2);
    });

    it('lists overdue risks and commitments, most overdue first, with the line of each', () => {
      assert.deepEqual(
        data.overdue.map((i) => [i.label.slice(0, 45), i.path, i.detail.replace(/^.* · /, '')]),
        [
          ['Risk R-2 Integration team capacity taken by t', PATHS[2], '21 days overdue'],
          ['Commitment: Send the SAML metadata of the tes', PATHS[0], '12 days overdue'],
          ['Risk R-1 SAML-to-OIDC bridge adds latency to ', PATHS[0], '7 days overdue'],
        ],
      );
      const text = readFileSync(join(ROOT, PATHS[0]), 'utf8').split('\n');
      const commitment = data.overdue[1];
      assert.match(text[commitment.line - 1], /Send the SAML metadata/);
      assert.equal(commitment.href, `file:///ws/${PATHS[0]}`);
    });

    it('lists open high and critical risks without a mitigation', () => {
      assert.deepEqual(
        data.unmitigated.map((i) => `${i.path.split('/')[1]} ${i.label.split(' ')[0]}`),
        ['billing R-1', 'portal R-2'],
      );
    });

    it('lists open questions asked longer ago than the note allows, oldest first', () => {
      assert.deepEqual(
        data.staleQuestions.map((i) => [i.path, i.detail]),
        [
          [PATHS[1], 'asked 2026-10-01 (52 days ago) · owner Paul Grant'],
          [PATHS[0], 'asked 2026-10-20 (33 days ago) · owner Maria Lopez'],
        ],
      );
    });

    it('uses each note\'s own stale-question days', () => {
      const relaxed = sources().map((s) => (s.note.path === PATHS[1] ? { ...s, staleQuestionDays: 60 } : s));
      assert.deepEqual(computeSummary(relaxed, TODAY).staleQuestions.map((i) => i.path), [PATHS[0]]);
    });

    it('is empty for no notes', () => {
      const empty = computeSummary([], TODAY);
      assert.equal(empty.open, 0);
      assert.deepEqual([empty.topRisks, empty.overdue, empty.unmitigated, empty.staleQuestions, empty.byClient], [[], [], [], [], []]);
    });
  });

  describe('renderSummary', () => {
    const md = renderSummary(computeSummary(sources(), TODAY), { title: 'Risk summary: all engagements', today: TODAY, workspace: true });

    it('has every part with counts', () => {
      for (const heading of ['# Risk summary: all engagements', '## Open risks by band', '## Open risks by client', '## Top risks by score', '## Overdue', '## Unmitigated high and critical risks', '## Stale open questions']) {
        assert.ok(md.split('\n').some((l) => l.replace(/\\/g, '') === heading), `missing ${heading}`);
      }
      assert.match(md, /^7 open risks in 3 notes, as of 2026-11-22\.$/m);
      assert.match(md, /^\| critical \| 3 \|$/m);
      assert.match(md, /^\| Acme Retail \| 5 \| 3 \| 0 \| 1 \| 1 \| 0 \|$/m);
    });

    it('links every item to its note and line', () => {
      const portal = sources()[0].note;
      const r1 = portal.risks.find((r) => r.id === 'R-1');
      assert.ok(r1);
      assert.ok(md.includes(`(file:///ws/${PATHS[0]}#L${r1.range.start.line + 1})`));
      const links = md.match(/\]\(file:\/\/\/ws\/[^)]+#L\d+\)/g) ?? [];
      // top 7 + overdue 3 + unmitigated 2 + stale 2 items, each linked twice (label and location).
      assert.equal(links.length, 2 * (7 + 3 + 2 + 2));
    });

    it('escapes note text so it renders literally', () => {
      assert.ok(!md.includes('<b>'), 'raw HTML from a risk title must not reach the Markdown');
      assert.ok(md.includes('\\<b\\>pushes\\</b\\>'));
    });

    it('leaves out the by-client table for one engagement', () => {
      const one = renderSummary(computeSummary(sources().slice(0, 1), TODAY), { title: 'Risk summary: Acme Retail / Customer portal', today: TODAY, workspace: false });
      assert.ok(!one.includes('Open risks by client'));
      assert.match(one, /^3 open risks in 1 note, as of/m);
    });

    it('says when notes were skipped', () => {
      const withSkipped = renderSummary(computeSummary([], TODAY), { title: 'x', today: TODAY, workspace: true, skipped: 2 });
      assert.match(withSkipped, /2 notes were skipped/);
    });
  });

  describe('escapeMarkdown', () => {
    it('neutralises links, HTML, emphasis and command URIs', () => {
      const out = escapeMarkdown('[click](command:workbench.action.terminal.new) <script>alert(1)</script> *bold* `code`');
      assert.ok(!/\[click\]\(/.test(out));
      assert.ok(!out.includes('<script>'));
      assert.ok(!/(^|[^\\])\*/.test(out));
      assert.ok(!/(^|[^\\])`/.test(out));
    });

    it('keeps the text a reader sees', () => {
      const input = 'R-3: Vendor API (v2) rate limits — 50% of calls & more!';
      const rendered = escapeMarkdown(input).replace(/\\(.)/g, '$1');
      assert.equal(rendered, input);
    });

    it('keeps a title on one line', () => {
      assert.ok(!escapeMarkdown('a\n# heading\r\n- item').includes('\n'));
    });
  });
});
