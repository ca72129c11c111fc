import { describe, expect, it } from 'vitest';
import type { Queued } from '../../client/src/offline/device';
import { queueFor, signOutWarning, UNREADABLE_OWNER_LABEL } from '../../client/src/state/waiting';

const item = (key: string, username: string, state: Queued['state'] = 'queued'): Queued => ({
  key,
  username,
  kind: 'outcome',
  body: {},
  label: `No contact: ${key}`,
  queuedAt: '2026-03-03T10:00:00Z',
  state,
});

describe('the records waiting on the phone', () => {
  it("shows an officer their own, and one whose officer cannot be read without its label, never another officer's", () => {
    const all = [item('a1', 'asha'), item('b1', 'ben'), item('x1', '', 'conflict')];
    expect(queueFor(all, 'asha')).toEqual([item('a1', 'asha'), { ...item('x1', '', 'conflict'), label: UNREADABLE_OWNER_LABEL }]);
    expect(queueFor(all, 'ben').map((q) => q.key)).toEqual(['b1', 'x1']);
    expect(queueFor(all, undefined)).toEqual([]);
  });

  it('asks before sign-out deletes what is still listed, sent or not, and not when nothing is', () => {
    expect(signOutWarning([])).toBeUndefined();
    expect(signOutWarning([item('a1', 'asha')])).toBe('1 record is not sent yet (no connection). Signing out deletes it from this phone.\n\nSign out anyway?');
    expect(signOutWarning([item('a1', 'asha'), item('a2', 'asha'), item('x1', '', 'conflict')])).toBe(
      '2 records are not sent yet (no connection); 1 record was not taken (refused, or unreadable) and is still listed. Signing out deletes them from this phone.\n\nSign out anyway?',
    );
  });
});
