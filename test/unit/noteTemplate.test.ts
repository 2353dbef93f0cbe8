import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, mergeConfig } from '../../src/core/config';
import { lintText } from '../../src/core/lint';
import { newNotePaths, noteTemplate, slugify, validateName, yamlString } from '../../src/core/noteTemplate';

const TODAY = '2026-11-22';

describe('noteTemplate', () => {
  describe('slugify', () => {
    it('makes readable folder names', () => {
      assert.equal(slugify('Northmoor Regional Bank'), 'northmoor-regional-bank');
      assert.equal(slugify('  Café & Co. (UK) '), 'cafe-and-co-uk');
      assert.equal(slugify('Müller/Søn: ERP 2.0'), 'muller-s-n-erp-2-0');
      assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
      assert.equal(slugify('★★★'), '');
    });

    it('bounds the length without a trailing dash', () => {
      const slug = slugify('a'.repeat(59) + ' bcd');
      assert.ok(slug.length <= 60);
      assert.ok(!slug.endsWith('-'));
    });
  });

  describe('validateName', () => {
    it('accepts ordinary names and explains what is wrong otherwise', () => {
      assert.equal(validateName('Acme Retail', 'client'), null);
      assert.match(validateName('   ', 'client') ?? '', /Enter the client name/);
      assert.match(validateName('x'.repeat(101), 'engagement') ?? '', /under 100/);
      assert.match(validateName('bad\u0007name', 'client') ?? '', /control characters/);
      assert.match(validateName('★★★', 'engagement') ?? '', /letter or digit/);
    });
  });

  describe('newNotePaths', () => {
    it('puts the note in client/engagement folders and offers fresh names after the first', () => {
      const paths = newNotePaths('Acme Retail', 'Customer Portal', 4);
      assert.deepEqual(paths, [
        'acme-retail/customer-portal/discovery.discovery.md',
        'acme-retail/customer-portal/discovery-2.discovery.md',
        'acme-retail/customer-portal/discovery-3.discovery.md',
        'acme-retail/customer-portal/discovery-4.discovery.md',
      ]);
      assert.equal(new Set(newNotePaths('a', 'b')).size, 50);
    });
  });

  describe('yamlString', () => {
    it('quotes what YAML would read as something else', () => {
      assert.equal(yamlString('Acme Retail'), 'Acme Retail');
      assert.equal(yamlString('yes'), '"yes"');
      assert.equal(yamlString('2026'), '"2026"');
      assert.equal(yamlString('Ops: core'), '"Ops: core"');
      assert.equal(yamlString('#1 "client"'), '"#1 \\"client\\""');
    });
  });

  describe('noteTemplate', () => {
    const text = noteTemplate({ client: 'Acme: Retail', engagement: 'Customer portal', lead: 'Dana Reyes', date: TODAY, sections: DEFAULT_CONFIG.sections });

    it('is a note whose front matter and sections the engine reads back', () => {
      const { note, findings } = lintText('acme-retail/customer-portal/discovery.discovery.md', text, DEFAULT_CONFIG, TODAY);
      assert.equal(note.meta.client, 'Acme: Retail');
      assert.equal(note.meta.engagement, 'Customer portal');
      assert.equal(note.meta.clientSource, 'front-matter');
      assert.equal(note.meta.lead, 'Dana Reyes');
      assert.equal(note.meta.date, TODAY);
      assert.equal(note.meta.stage, 'discovery');
      assert.deepEqual(
        note.sections.map((s) => s.id),
        DEFAULT_CONFIG.sections.map((s) => s.id),
      );
      const rules = new Set(findings.map((f) => f.rule));
      for (const rule of ['DISC001', 'DISC003', 'DISC004', 'DISC012'] as const) assert.ok(!rules.has(rule), `unexpected ${rule}`);
    });

    it('leaves the sections for the lead to fill (the empty-section rule says so)', () => {
      const { findings } = lintText('a/b/discovery.discovery.md', text, DEFAULT_CONFIG, TODAY);
      const empty = findings.filter((f) => f.rule === 'DISC002');
      assert.equal(empty.length, DEFAULT_CONFIG.sections.length);
    });

    it('follows the configured sections and line ending', () => {
      const config = mergeConfig(DEFAULT_CONFIG, { sectionAdjustments: [{ name: 'Data protection', level: 'required' }] });
      const crlf = noteTemplate({ client: 'Globex', engagement: 'CRM', lead: null, date: TODAY, sections: config.sections, eol: '\r\n' });
      assert.ok(crlf.includes('## Data protection\r\n'));
      assert.ok(!/[^\r]\n/.test(crlf), 'every line break is CRLF');
      assert.match(crlf, /^lead: ""\r$/m);
      const { note } = lintText('globex/crm/discovery.discovery.md', crlf, config, TODAY);
      assert.ok(note.sections.some((s) => s.id === config.sections[config.sections.length - 1].id));
    });
  });
});
