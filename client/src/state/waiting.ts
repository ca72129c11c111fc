/** The records waiting on the phone, as the signed-in officer sees them and is asked about at sign-out. */
import type { Queued } from '../offline/device';

export const UNREADABLE_OWNER_LABEL = 'A record kept on this phone whose officer this version cannot read: tell the office';

/**
 * The waiting items the signed-in officer sees: their own, and any whose officer cannot be read
 * (damaged, or kept by an earlier version), which would otherwise be shown to no one and deleted
 * unseen at sign-out. Those are shown without their label: on a phone passed between officers it
 * may name another officer's visit.
 */
export function queueFor(all: readonly Queued[], username: string | undefined): Queued[] {
  if (username === undefined) return [];
  return all.flatMap((q) => (q.username === username ? [q] : q.username === '' ? [{ ...q, label: UNREADABLE_OWNER_LABEL }] : []));
}

/** The question before sign-out deletes what is still listed (not sent, refused, unreadable); none when nothing is. */
export function signOutWarning(queue: readonly Queued[]): string | undefined {
  const waiting = queue.filter((q) => q.state === 'queued').length;
  const refused = queue.length - waiting;
  if (queue.length === 0) return undefined;
  const parts: string[] = [];
  if (waiting > 0) parts.push(`${waiting} ${waiting === 1 ? 'record is' : 'records are'} not sent yet (no connection)`);
  if (refused > 0)
    parts.push(
      `${refused} ${refused === 1 ? 'record was' : 'records were'} not taken (refused, or unreadable) and ${refused === 1 ? 'is' : 'are'} still listed`,
    );
  return `${parts.join('; ')}. Signing out deletes ${queue.length === 1 ? 'it' : 'them'} from this phone.\n\nSign out anyway?`;
}
