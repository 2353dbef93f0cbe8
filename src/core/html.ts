/**
 * HTML escaping for the documents we generate (the summary panel, its HTML export, the SVG charts). Every piece
 * of note text goes through here: titles, owners and paths come from files a lead did not necessarily write.
 */
import { wholeCharacterPrefix } from './text';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML/SVG element content and for quoted attribute values. Control characters other than tab
 * and line breaks are dropped: they are invalid in XML (SVG) and never meaningful in a title.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Shortens text to `max` characters (UTF-16 units, never splitting a surrogate pair) with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${wholeCharacterPrefix(text, Math.max(0, max - 1))}…`;
}
