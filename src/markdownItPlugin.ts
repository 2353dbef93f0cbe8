/**
 * Band badges in the Markdown preview: after each risk ID of a discovery note (`R-3`), a small coloured badge
 * with the risk's band, so a lead can present the note itself. VS Code hands its markdown-it instance to
 * `extendMarkdownIt` (returned by `activate`); this module never imports markdown-it.
 *
 * Two phases, because VS Code parses without knowing the document and renders with it (`env.currentDocument`):
 *  - a core rule analyses the source with our engine and inserts a `discovery_badge` token after each risk ID
 *    whose likelihood and impact are known (list items by their first line, table rows by their row);
 *  - the renderer turns those tokens into badges only for `*.discovery.md` documents (or when the document is not
 *    known, e.g. in a hover), with the band thresholds of that note's configuration when the host knows them.
 */
import { analyze } from './core/analyze';
import { DEFAULT_CONFIG } from './core/config';
import { escapeHtml } from './core/html';
import type { Band, Risk } from './core/model';
import { parseNote } from './core/parse/index';
import { bandOf, type BandThresholds } from './core/scale';

// Types only: VS Code passes its own markdown-it instance, so nothing of markdown-it is bundled.
import type { MarkdownIt, StateCore, Token } from 'markdown-it';

type MdToken = Token;
type MdCoreState = StateCore;
/** What VS Code's preview puts in the render environment. */
interface MdRenderEnv {
  currentDocument?: { path?: string; toString(): string };
}

export interface BadgeOptions {
  /** Band thresholds for a document (by its URI string), e.g. from the note's `.discovery.yml`; default: built-in. */
  bandsFor?(documentUri: string): BandThresholds | undefined;
}

interface BadgeMeta {
  id: string;
  likelihood: number;
  impact: number;
  score: number;
  /** The band under the thresholds the note was parsed with (the built-in ones). */
  band: Band;
  open: boolean;
}

const BADGE = 'discovery_badge';
const RULE = 'discovery_risk_badges';

/** `true` for a path (or URI path) of a discovery note. */
export function isDiscoveryNotePath(path: string): boolean {
  return path.toLowerCase().endsWith('.discovery.md');
}

function badgeMeta(risk: Risk): BadgeMeta | null {
  if (!risk.id || risk.likelihood === null || risk.impact === null || risk.score === null || risk.band === null) return null;
  return { id: risk.id, likelihood: risk.likelihood, impact: risk.impact, score: risk.score, band: risk.band, open: risk.isOpen };
}

/** Splits the first text token of `inline` that contains `id` as a whole word and puts a badge token after the ID. */
function insertBadge(state: MdCoreState, inline: MdToken, meta: BadgeMeta): boolean {
  const children = inline.children;
  if (!children) return false;
  const pattern = new RegExp(`(^|[^\\w-])${meta.id.replace(/[-]/g, '\\-')}(?![\\w-])`);
  for (let i = 0; i < children.length; i++) {
    const t = children[i];
    if (t.type !== 'text') continue;
    const m = pattern.exec(t.content);
    if (!m) continue;
    const end = m.index + m[1].length + meta.id.length;
    const badge = new state.Token(BADGE, 'span', 0);
    badge.meta = { ...meta };
    const rest = t.content.slice(end);
    t.content = t.content.slice(0, end);
    const added: MdToken[] = [badge];
    if (rest) {
      const after = new state.Token('text', '', 0);
      after.content = rest;
      added.push(after);
    }
    children.splice(i + 1, 0, ...added);
    return true;
  }
  return false;
}

/** The core rule: find each risk of the note on its source line and badge its ID. */
function addBadges(state: MdCoreState): void {
  // Cheap test first: most Markdown documents have no risk IDs at all.
  if (!/\bR-\d+\b/.test(state.src)) return;
  let risks: Risk[];
  try {
    risks = analyze(parseNote(state.src), DEFAULT_CONFIG, 'preview.discovery.md').risks;
  } catch {
    return; // A preview must render even if our engine cannot read the note.
  }
  const byLine = new Map<number, BadgeMeta>();
  for (const r of risks) {
    const meta = badgeMeta(r);
    if (meta && !byLine.has(r.range.start.line)) byLine.set(r.range.start.line, meta);
  }
  if (byLine.size === 0) return;
  let rowLine: number | null = null;
  for (const token of state.tokens) {
    if (token.type === 'tr_open') rowLine = token.map ? token.map[0] : null;
    else if (token.type === 'tr_close') rowLine = null;
    else if (token.type === 'inline') {
      // A table row's cells share the row's line; a list item's first paragraph starts on the item's line.
      const line = rowLine ?? (token.map ? token.map[0] : null);
      if (line === null) continue;
      const meta = byLine.get(line);
      if (meta && insertBadge(state, token, meta)) byLine.delete(line);
    }
  }
}

function documentOf(env: MdRenderEnv | undefined): { uri: string; path: string } | null {
  const doc = env?.currentDocument;
  if (!doc) return null;
  return { uri: doc.toString(), path: typeof doc.path === 'string' ? doc.path : doc.toString() };
}

/** Adds the badge rule and renderer to a markdown-it instance; returns it, as `extendMarkdownIt` must. */
export function discoveryBadges(md: MarkdownIt, options: BadgeOptions = {}): MarkdownIt {
  md.core.ruler.push(RULE, addBadges);
  md.renderer.rules[BADGE] = (tokens, idx, _options, env) => {
    const doc = documentOf(env as MdRenderEnv | undefined);
    if (doc && !isDiscoveryNotePath(doc.path)) return '';
    const meta = tokens[idx].meta as unknown as BadgeMeta;
    const bands = doc ? options.bandsFor?.(doc.uri) : undefined;
    const band = bands ? bandOf(meta.score, bands) : meta.band;
    const title = `Score ${meta.score} (${band}): likelihood ${meta.likelihood} × impact ${meta.impact}${meta.open ? '' : ', closed'}`;
    return ` <span class="discovery-badge discovery-band-${band}${meta.open ? '' : ' discovery-closed'}" title="${escapeHtml(title)}">${band}</span>`;
  };
  return md;
}
