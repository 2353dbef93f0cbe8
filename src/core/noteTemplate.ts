/**
 * The text and location of a new discovery note (the "New Discovery Note" command). Every section of the
 * configuration is written in order with a one-line prompt, so the note's diagnostics read as a to-do list of
 * what discovery still has to find out.
 */
import type { SectionDefinition } from './model';

export interface NoteTemplateInput {
  client: string;
  engagement: string;
  /** The lead's name (`discovery.me`), or `null` to leave the field for the user. */
  lead: string | null;
  /** YYYY-MM-DD. */
  date: string;
  sections: readonly SectionDefinition[];
  /** Line break of the new file. */
  eol?: '\n' | '\r\n';
}

/** The question each canonical section answers, written under its heading as an HTML comment. */
const PROMPTS: Record<string, string> = {
  stakeholders: 'Who sponsors this, who decides, who is on the client IT team, and who on ours?',
  'business-objectives': 'Why does the client want this now, and what changes for the business when it lands?',
  'integration-mismatches': "Where do the client's systems, data or constraints not fit what we are proposing?",
  'backlog-fit': "Where does this work land in the client's backlog, governance and release calendar?",
  'skills-gaps': 'What skills, tools or processes does the client lack to do its part?',
  'technology-options': 'Which options exist, with pros and cons of each, and which one do we recommend?',
  'success-criteria': 'What does success mean, as agreed with the client IT team?',
  commitments: 'What did each side commit to in writing? Use task items with owner and due.',
  'open-questions': 'What is still unknown? Use task items; tick them when answered.',
  risks: 'Use task items like `- [ ] R-1: Title` with likelihood, impact, owner, due and mitigation.',
};

/** A file and folder name for a client or engagement: lower case ASCII letters, digits and dashes. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug;
}

/** Why a client or engagement name cannot be used, or `null` when it can. */
export function validateName(text: string, what: 'client' | 'engagement'): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return `Enter the ${what} name.`;
  if (trimmed.length > 100) return `Keep the ${what} name under 100 characters.`;
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return `The ${what} name cannot contain control characters.`;
  if (slugify(trimmed) === '') return `The ${what} name needs at least one letter or digit.`;
  return null;
}

/**
 * Candidate paths of the new note relative to the chosen folder, best first:
 * `<client>/<engagement>/discovery.discovery.md`, then `discovery-2…`, so an existing note is never overwritten.
 * The folder layout matches the client/engagement folder fallback of the format.
 */
export function newNotePaths(client: string, engagement: string, max = 50): string[] {
  const dir = `${slugify(client)}/${slugify(engagement)}`;
  const out = [`${dir}/discovery.discovery.md`];
  for (let i = 2; i <= max; i++) out.push(`${dir}/discovery-${i}.discovery.md`);
  return out;
}

/** A YAML scalar that stays a string whatever the text (quoted when YAML would read it otherwise). */
export function yamlString(text: string): string {
  const plainSafe = /^[A-Za-z0-9][A-Za-z0-9 _.,()/'-]*$/.test(text) && !/^(true|false|yes|no|on|off|null|~)$/i.test(text);
  if (plainSafe && !/[\s]$/.test(text) && !/^\d/.test(text)) return text;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The text of a new note: front matter, a title, and every configured section with its prompt. */
export function noteTemplate(input: NoteTemplateInput): string {
  const eol = input.eol ?? '\n';
  const client = input.client.trim();
  const engagement = input.engagement.trim();
  const lines: string[] = [
    '---',
    `client: ${yamlString(client)}`,
    `engagement: ${yamlString(engagement)}`,
    `lead: ${input.lead && input.lead.trim() ? yamlString(input.lead.trim()) : '""'}`,
    `date: ${input.date}`,
    'stage: discovery',
    'tags: []',
    '---',
    '',
    `# ${client} — ${engagement}: technical discovery`,
  ];
  for (const def of input.sections) {
    lines.push('', `## ${def.name}`, '');
    const prompt = PROMPTS[def.id];
    lines.push(`<!-- ${prompt ?? `Notes on ${def.name.toLowerCase()}.`} -->`);
  }
  lines.push('');
  return lines.join(eol);
}
