import { createHash } from 'node:crypto';

/**
 * A strong HTTP entity tag (RFC 9110 8.8.3) for a stored record: a digest of its JSON. The record
 * round-trips through JSON unchanged, so the tag of what a caller read equals the tag of the stored
 * record until someone saves it again: a write that names an older tag is refused, not applied over
 * the other person's change.
 */
export function recordTag(record: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(record)).digest('base64url').slice(0, 27)}"`;
}
