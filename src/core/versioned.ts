/**
 * Edits tied to the text they were computed from. A fix is computed from one version of a document; if the user
 * types before it is applied, its positions point into a different text, and applying it there would replace the
 * wrong characters. Stamping the edits with the document version and a fingerprint of the text lets every adapter
 * refuse such an edit instead of applying it.
 */
import { applyEdits } from './edits';
import type { TextEdit } from './model';

/** Edits with the document version and text fingerprint they were computed from. */
export interface VersionedEdits {
  version: number;
  fingerprint: string;
  edits: readonly TextEdit[];
}

/**
 * A cheap fingerprint of a text (its length and a 32-bit FNV-1a hash of its UTF-16 units). Versions restart when
 * a document is closed and opened again, so the text itself is compared too.
 */
export function textFingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${text.length}:${h.toString(16).padStart(8, '0')}`;
}

/** Stamps `edits` computed from `text` at document version `version`. */
export function stampEdits(text: string, version: number, edits: readonly TextEdit[]): VersionedEdits {
  return { version, fingerprint: textFingerprint(text), edits };
}

/**
 * `true` when something computed for document version `computedFor` may still be used at version `current`.
 * Versions only grow while a document is open, so anything but equality means the text moved on.
 */
export function isCurrentVersion(computedFor: number, current: number): boolean {
  return computedFor === current;
}

/** `true` when `stamped` was computed from exactly this version and text. */
export function editsAreCurrent(stamped: VersionedEdits, version: number, text: string): boolean {
  return isCurrentVersion(stamped.version, version) && stamped.fingerprint === textFingerprint(text);
}

/**
 * Applies stamped edits to the document's current text, or refuses with a reason when they were computed for
 * another version or another text. Never applies a stale edit.
 */
export function applyVersionedEdits(
  text: string,
  version: number,
  stamped: VersionedEdits,
): { ok: true; text: string } | { ok: false; reason: string } {
  if (!isCurrentVersion(stamped.version, version)) {
    return { ok: false, reason: `the note changed (version ${stamped.version} -> ${version}) since the edit was computed` };
  }
  if (stamped.fingerprint !== textFingerprint(text)) {
    return { ok: false, reason: 'the note text differs from the text the edit was computed from' };
  }
  return { ok: true, text: applyEdits(text, stamped.edits) };
}
