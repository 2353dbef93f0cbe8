import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { discoveryBadges, isDiscoveryNotePath } from '../../src/markdownItPlugin';

const FIXTURES = join(__dirname, '..', 'fixtures');
const read = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8');
const PORTAL = read('summary/acme/portal/kickoff.discovery.md');
const BILLING = read('summary/acme/billing/discovery.discovery.md');
const HOSTILE = read('riskPicture/evil-corp/intranet/intranet.discovery.md');

/** What VS Code passes as `env.currentDocument`: a URI with a path. */
const doc = (path: string) => ({ currentDocument: { path, toString: () => `file://${path}` } });

function badges(html: string): string[] {
  return [...html.matchAll(/([\w-]+)(?:<\/\w+>)? <span class="discovery-badge discovery-band-(\w+)( discovery-closed)?" title="([^"]*)">(\w+)<\/span>/g)].map(
    (m) => `${m[1]} ${m[2]}${m[3] ? ' closed' : ''}`,
  );
}

function render(text: string, env?: Record<string, unknown>, options?: Parameters<typeof discoveryBadges>[1]): string {
  const md = discoveryBadges(new MarkdownIt({ html: false }), options);
  return md.render(text, env);
}

describe('markdown-it band badges', () => {
  it('puts a band badge after each scored risk ID of a list-form note', () => {
    const html = render(PORTAL, doc('/ws/acme/portal/kickoff.discovery.md'));
    // R-1 4×5=20, R-2 4×4=16 (critical from 16), R-3 2×2=4 (low), R-4 3×4=12 (high, ticked).
    assert.deepEqual(badges(html), ['R-1 critical', 'R-2 critical', 'R-3 low', 'R-4 high closed']);
    assert.match(html, /R-1 <span class="discovery-badge discovery-band-critical" title="Score 20 \(critical\): likelihood 4 × impact 5">critical<\/span>: SAML-to-OIDC bridge/);
  });

  it('badges the ID cell of table-form risks', () => {
    const html = render(BILLING, doc('/ws/acme/billing/discovery.discovery.md'));
    assert.deepEqual(badges(html), ['R-1 critical', 'R-2 medium']);
    assert.match(html, /<td>R-1 <span class="discovery-badge discovery-band-critical"/);
  });

  it('renders no badge in the preview of an ordinary Markdown file', () => {
    const html = render(PORTAL, doc('/ws/notes/kickoff.md'));
    assert.equal(badges(html).length, 0);
    assert.doesNotMatch(html, /discovery-badge/);
  });

  it('without a known document, badges only risks whose band can be computed', () => {
    const text = '# Plan\n\nWe track R-1 in the register.\n\n## Risks\n\n- R-2: Vendor lock-in\n- R-3: Data loss — likelihood: 2; impact: 5\n';
    assert.deepEqual(badges(render(text)), ['R-3 high']);
  });

  it('uses the band thresholds the host gives for the document', () => {
    const html = render(BILLING, doc('/ws/acme/billing/discovery.discovery.md'), { bandsFor: (uri) => (uri.endsWith('billing/discovery.discovery.md') ? { medium: 10, high: 20, critical: 26 } : undefined) });
    assert.deepEqual(badges(html), ['R-1 high', 'R-2 low']);
  });

  it('keeps hostile titles escaped: the badge adds markup but never lets note HTML through', () => {
    const html = render(HOSTILE, doc('/ws/evil/intranet.discovery.md'));
    assert.deepEqual(badges(html), ['R-1 critical', 'R-2 critical', 'R-3 low']);
    assert.doesNotMatch(html, /<script>|<img|<iframe/);
    // Links are markdown-it's business (and VS Code's preview security): the plugin adds the badges and nothing else.
    const plain = new MarkdownIt({ html: false }).render(HOSTILE);
    assert.equal(html.replace(/ <span class="discovery-badge [^"]*" title="[^"]*">\w+<\/span>/g, ''), plain);
  });

  it('is idle for text without risk IDs and never throws on odd input', () => {
    const md = discoveryBadges(new MarkdownIt());
    assert.equal(md.render('Just *text*.'), '<p>Just <em>text</em>.</p>\n');
    for (const odd of ['R-1', '| R-1 |\n|---|', '- [ ] R-1 likelihood: 9; impact: x', '\u0000R-2\r\n\r']) assert.doesNotThrow(() => md.render(odd, doc('/a.discovery.md')));
  });

  it('recognises note paths', () => {
    assert.equal(isDiscoveryNotePath('/x/Kickoff.Discovery.md'), true);
    assert.equal(isDiscoveryNotePath('/x/kickoff.md'), false);
  });
});
