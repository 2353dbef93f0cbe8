import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { escapeHtml, truncate } from '../../src/core/html';
import type { Note } from '../../src/core/model';
import { parseNote } from '../../src/core/parse/index';
import { computeRiskPicture, occupiedCells, type RiskPicture } from '../../src/core/riskPicture';
import type { SummarySource } from '../../src/core/summary';
import { heatMapMarkdown, panelCsp, renderExportHtml, renderPanelHtml, renderPictureMarkdown } from '../../src/core/summaryHtml';
import { clientBarsSvg, heatMapSvg, niceMax } from '../../src/core/svgCharts';

const FIXTURES = join(__dirname, '..', 'fixtures');
const TODAY = '2026-11-22';
const SUMMARY = ['summary/acme/portal/kickoff.discovery.md', 'summary/acme/billing/discovery.discovery.md', 'summary/globex/crm/workshop.discovery.md'];
const HOSTILE = 'riskPicture/evil-corp/intranet/intranet.discovery.md';
const NONCE = 'r4nd0mN0nce0123456789abc';

function load(path: string): Note {
  return analyze(parseNote(readFileSync(join(FIXTURES, path), 'utf8')), DEFAULT_CONFIG, path);
}

function sources(paths: string[]): SummarySource[] {
  return paths.map((p) => ({ note: load(p), href: `file:///ws/${p}`, staleQuestionDays: 14 }));
}

function picture(paths: string[], workspace = true): RiskPicture {
  return computeRiskPicture(sources(paths), { title: 'Risk summary: all engagements', today: TODAY, workspace });
}

/** Cell counts as `likelihood×impact=count` for the occupied cells, highest score first. */
function occupied(p: RiskPicture): string[] {
  return occupiedCells(p.heatMap).map((c) => `${c.likelihood}×${c.impact}=${c.risks.map((r) => `${r.path.split('/')[2]}:${r.id}`).join(',')}`);
}

describe('risk picture', () => {
  describe('heat map', () => {
    it('places every open scored risk of the fixture notes in its likelihood × impact cell', () => {
      const p = picture(SUMMARY);
      // portal R-1 4×5 (due 11-15), R-2 likely×major = 4×4, R-3 2×2; R-4 (3×4) is ticked. billing R-1 almost
      // certain × severe = 5×5, R-2 possible × moderate = 3×3 (mitigating is still open). crm R-1 3×4, R-2 2×3.
      assert.deepEqual(occupied(p), ['5×5=billing:R-1', '4×5=portal:R-1', '4×4=portal:R-2', '3×4=crm:R-1', '3×3=billing:R-2', '2×3=crm:R-2', '2×2=portal:R-3']);
      const total = p.heatMap.flat().reduce((n, c) => n + c.risks.length, 0);
      assert.equal(total, 7);
      assert.equal(p.open, 7);
      assert.equal(p.unscored, 0);
    });

    it('colours every cell, empty ones too, by the band of its score', () => {
      const p = picture(SUMMARY);
      assert.equal(p.heatMap.length, 5);
      assert.ok(p.heatMap.every((row) => row.length === 5));
      assert.deepEqual([p.heatMap[0][0].band, p.heatMap[1][2].band, p.heatMap[2][3].band, p.heatMap[3][3].band, p.heatMap[4][4].band], ['low', 'medium', 'high', 'critical', 'critical']);
      const strict = computeRiskPicture(sources(SUMMARY), { title: 't', today: TODAY, workspace: true, bands: { medium: 3, high: 6, critical: 20 } });
      assert.equal(strict.heatMap[3][3].band, 'high', '16 is high when critical starts at 20');
    });

    it('puts several risks of one cell in due-date order and leaves unscored risks off the map', () => {
      const p = picture([...SUMMARY, HOSTILE]);
      const cell = p.heatMap[3][4];
      // 4×5: the hostile note's R-1 (due 11-10), portal R-1 (due 11-15), the hostile note's R-2 (no due date).
      assert.deepEqual(cell.risks.map((r) => `${r.path.split('/')[1]}:${r.id}:${r.due}`), ['evil-corp:R-1:2026-11-10', 'acme:R-1:2026-11-15', 'evil-corp:R-2:null']);
      assert.equal(p.unscored, 1, 'the hostile note\'s R-4 has no impact');
      assert.equal(p.open, 11);
      assert.equal(cell.risks[1].line, 46);
      assert.equal(cell.risks[1].href, 'file:///ws/summary/acme/portal/kickoff.discovery.md');
    });

    it('reuses the summary for bands, clients and lists', () => {
      const p = picture(SUMMARY);
      assert.deepEqual(p.byBand, { critical: 3, high: 1, medium: 2, low: 1 });
      assert.deepEqual(p.byClient.map((c) => [c.client, c.open]), [['Acme Retail', 5], ['Globex', 2]]);
      assert.deepEqual(p.unmitigated.map((i) => i.label.split(' ')[0]), ['R-1', 'R-2']);
      assert.equal(p.staleQuestions.length, 2);
    });

    it('lists open commitments, overdue first, with their lines', () => {
      const p = picture(SUMMARY);
      assert.deepEqual(
        p.commitments.map((c) => [c.text.slice(0, 24), c.due, c.overdueDays]),
        [
          ['Send the SAML metadata o', '2026-11-10', 12],
          ['Book the architecture re', '2026-12-15', null],
        ],
      );
      const lines = readFileSync(join(FIXTURES, SUMMARY[0]), 'utf8').split('\n');
      assert.match(lines[p.commitments[1].line - 1], /Book the architecture review/);
    });

    it('is an empty grid for no notes', () => {
      const p = picture([]);
      assert.equal(p.heatMap.flat().length, 25);
      assert.ok(p.heatMap.flat().every((c) => c.risks.length === 0));
      assert.match(renderExportHtml(p), /No open risk has both a likelihood and an impact yet/);
    });
  });

  describe('SVG charts', () => {
    it('draws 25 cells with the counts of the occupied ones and classes instead of colours', () => {
      const svg = heatMapSvg(picture(SUMMARY).heatMap);
      assert.equal((svg.match(/<g class="cell /g) ?? []).length, 25);
      assert.equal((svg.match(/class="cell [a-z-]+ occupied"/g) ?? []).length, 7);
      assert.match(svg, /<g class="cell band-critical occupied" data-cell="5-5" data-count="1">/);
      assert.match(svg, /role="img" aria-labelledby="heatmap-title heatmap-desc"/);
      assert.doesNotMatch(svg, /#[0-9a-f]{3,6}\b|fill="|stroke="/i, 'no hard-coded colours');
    });

    it('stacks one bar per client, widest scale a round number', () => {
      const p = picture(SUMMARY);
      const svg = clientBarsSvg(p.byClient);
      assert.equal((svg.match(/<g class="bar"/g) ?? []).length, 2);
      assert.equal((svg.match(/class="segment band-critical"/g) ?? []).length, 1, 'only Acme has critical risks');
      assert.deepEqual([niceMax(0), niceMax(3), niceMax(7), niceMax(12), niceMax(51)], [1, 3, 10, 20, 100]);
      assert.match(clientBarsSvg([]), /No open risks/);
    });
  });

  describe('escaping', () => {
    const p = picture([...SUMMARY, HOSTILE]);
    const panel = renderPanelHtml(p, { cspSource: 'https://webview.example', nonce: NONCE, scriptUri: 'https://webview.example/media/summaryPanel.js', state: { key: 'workspace' } });
    const exported = renderExportHtml(p);
    const markdown = renderPictureMarkdown(p);

    it('escapes HTML in titles, owners, clients, engagements, commitments and questions', () => {
      for (const html of [panel, exported]) {
        // The only <script> is ours in the panel; the export has none.
        assert.equal((html.match(/<script/gi) ?? []).length, html === panel ? 1 : 0);
        for (const tag of ['<img', '<iframe', '<svg onload', '<b>', '<i>']) assert.ok(!html.includes(tag), `${tag} survived`);
        assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; SSO cut-over'));
        assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt;'));
        assert.ok(html.includes('Evil &lt;b&gt;Corp&lt;/b&gt; &amp; Sons'));
        assert.ok(html.includes('&quot;Dana&quot; onmouseover=&#39;x&#39;'));
        assert.ok(html.includes('Send the &lt;b&gt;network&lt;/b&gt; diagram'));
        assert.ok(html.includes('&lt;svg onload=alert(4)&gt;'));
      }
    });

    it('never turns note text into a link: no javascript: or command: targets, and panel items are buttons', () => {
      for (const html of [panel, exported]) {
        assert.doesNotMatch(html, /href\s*=\s*["']?\s*(javascript|command):/i);
        assert.doesNotMatch(html, /<a\s/i, 'no anchors at all');
      }
      assert.ok(panel.includes('<button type="button" class="link" data-href="file:///ws/riskPicture/evil-corp/intranet/intranet.discovery.md" data-line="20"'));
      assert.ok(!exported.includes('data-href'), 'the export does not carry local URIs');
    });

    it('keeps Markdown syntax from note text literal in the Markdown export', () => {
      assert.ok(markdown.includes('R\\-2 \\[Click me\\]\\(javascript\\:alert\\(3\\)\\) for the plan'));
      assert.ok(markdown.includes('Run \\[this\\]\\(command\\:workbench\\.action\\.terminal\\.new\\) now'));
      assert.ok(markdown.includes('\\<script\\>alert\\(1\\)\\</script\\>'));
      assert.doesNotMatch(markdown, /\]\((javascript|command):/);
    });

    it('escapes the five HTML characters and drops control characters', () => {
      assert.equal(escapeHtml(`<a href="x" title='y'>&\u0000\u0007</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
      assert.equal(truncate('abcdef', 4), 'abc…');
      assert.equal(truncate('ab😀cd', 4), 'ab…', 'no half surrogate pair');
    });
  });

  describe('panel document', () => {
    const p = picture(SUMMARY);
    const html = renderPanelHtml(p, { cspSource: 'vscode-webview-resource:', nonce: NONCE, scriptUri: 'vscode-webview-resource:/media/summaryPanel.js', state: { key: 'workspace' } });

    it('has a strict CSP with the nonce on the one style and the one script', () => {
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
      assert.ok(csp, 'no CSP meta');
      assert.equal(
        csp[1].replace(/&#39;/g, "'"),
        `default-src 'none'; style-src vscode-webview-resource: 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'; img-src vscode-webview-resource: data:;`,
      );
      assert.equal(panelCsp('x:', NONCE), `default-src 'none'; style-src x: 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'; img-src x: data:;`);
      assert.match(html, new RegExp(`<style nonce="${NONCE}">`));
      assert.match(html, new RegExp(`<script nonce="${NONCE}" src="vscode-webview-resource:/media/summaryPanel.js"></script>`));
      assert.equal((html.match(/<style/g) ?? []).length, 1);
      assert.doesNotMatch(html, / on[a-z]+=/i, 'no inline event handlers');
    });

    it('loads nothing from the network', () => {
      assert.doesNotMatch(html, /https?:\/\//);
      assert.doesNotMatch(renderExportHtml(p), /https?:\/\//);
    });

    it('refuses a weak nonce or a CSP source that could break out of the policy', () => {
      const real = renderPanelHtml(p, { cspSource: "'self' https://*.vscode-cdn.net", nonce: NONCE, scriptUri: 's.js', state: null });
      assert.ok(real.includes(`style-src &#39;self&#39; https://*.vscode-cdn.net &#39;nonce-${NONCE}&#39;`), 'VS Code\'s own source is accepted');
      assert.throws(() => renderPanelHtml(p, { cspSource: 'x:', nonce: 'short', scriptUri: 's.js', state: null }), /nonce/);
      assert.throws(() => renderPanelHtml(p, { cspSource: "x:; script-src 'unsafe-inline'", nonce: NONCE, scriptUri: 's.js', state: null }), /CSP source/);
    });

    it('puts a table with caption and scoped headers behind every chart', () => {
      assert.match(html, /<caption>Open risks by likelihood \(rows\) and impact \(columns\)<\/caption>/);
      assert.equal((html.match(/<th scope="col">Impact \d<\/th>/g) ?? []).length, 5);
      assert.equal((html.match(/<th scope="row">Likelihood \d<\/th>/g) ?? []).length, 5);
      // Likelihood 5 × impact 1 scores 5: the first medium cell.
      assert.match(html, /<th scope="row">Likelihood 5<\/th><td class="band-medium" data-cell="5-1">0<\/td>/);
      assert.match(html, /<td class="band-critical" data-cell="5-5">1 <span class="ids">\(R-1\)<\/span><\/td>/);
      assert.match(html, /<caption>Open risks by client and band<\/caption>/);
      assert.match(html, /<tr><th scope="row">Acme Retail<\/th><td class="num">5<\/td><td class="num">3<\/td><td class="num">0<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">0<\/td><\/tr>/);
      assert.match(html, /<caption>Open commitments, overdue first<\/caption>/);
    });

    it('uses VS Code theme variables for colours, with high-contrast borders', () => {
      for (const v of ['--vscode-foreground', '--vscode-editor-background', '--vscode-charts-red', '--vscode-charts-orange', '--vscode-charts-yellow', '--vscode-charts-green', '--vscode-contrastBorder']) {
        assert.ok(html.includes(`var(${v}`), `${v} not used`);
      }
      assert.match(html, /body\.vscode-high-contrast/);
      const style = html.slice(html.indexOf('<style'), html.indexOf('</style>'));
      assert.doesNotMatch(style, /#[0-9a-f]{3,8}\b/i, 'no hard-coded colours in the panel');
    });

    it('carries the panel state for the serializer, escaped', () => {
      const withQuote = renderPanelHtml(p, { cspSource: 'x:', nonce: NONCE, scriptUri: 's.js', state: { key: `a"b<c` } });
      assert.ok(withQuote.includes('data-state="{&quot;key&quot;:&quot;a\\&quot;b&lt;c&quot;}"'));
    });
  });

  describe('exports', () => {
    it('writes a self-contained HTML file with a light and a dark palette', () => {
      const html = renderExportHtml(picture(SUMMARY));
      assert.match(html, /@media \(prefers-color-scheme: dark\)/);
      assert.match(html, /color-scheme: light dark/);
      assert.doesNotMatch(html, /<script|<link|src=/i);
      assert.match(html, /<h1>Risk summary: all engagements<\/h1>/);
      assert.match(html, /7 open risks in 3 notes, as of 2026-11-22\./);
    });

    it('writes the heat map as a Markdown table, likelihood 5 on top', () => {
      const p = picture(SUMMARY);
      assert.deepEqual(heatMapMarkdown(p).split('\n'), [
        '| Likelihood \\\\ Impact | 1 | 2 | 3 | 4 | 5 |',
        '| --- | :---: | :---: | :---: | :---: | :---: |',
        '| **5** | · | · | · | · | **1** (R\\-1) |',
        '| **4** | · | · | · | **1** (R\\-2) | **1** (R\\-1) |',
        '| **3** | · | · | **1** (R\\-2) | **1** (R\\-1) | · |',
        '| **2** | · | **1** (R\\-3) | **1** (R\\-2) | · | · |',
        '| **1** | · | · | · | · | · |',
      ]);
      const md = renderPictureMarkdown(p);
      const order = ['## Likelihood × impact', '## Open risks by band', '## Open risks by client', '## Top risks by score', '## Overdue', '## Open commitments', '## Unmitigated high and critical risks', '## Stale open questions'];
      const at = order.map((h) => md.indexOf(`\n${h}\n`));
      assert.ok(at.every((i) => i > 0), `missing heading: ${order.filter((_, k) => at[k] < 0).join(', ')}`);
      assert.deepEqual([...at].sort((a, b) => a - b), at, 'sections in order');
      assert.match(md, /^- Book the architecture review — Acme Retail \/ Customer portal: owner Dana Reyes · due 2026\\-12\\-15 \(\[summary\/acme\/portal\/kickoff\\\.discovery\\\.md\\:36\]\(file:\/\/\/ws\/summary\/acme\/portal\/kickoff\.discovery\.md#L36\)\)$/m);
    });
  });
});
