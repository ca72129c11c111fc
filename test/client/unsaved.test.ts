import { describe, expect, it } from 'vitest';
import type { Plan } from '../../client/src/api/schemas';
import type { Draft } from '../../client/src/state/draft';
import { afterSignIn, changedMeanwhile, rebased, resendBody, unsavedEdit } from '../../client/src/state/unsaved';

const plan = { id: 'p1', version: 4, date: '2026-07-01', routes: [], unplanned: [], totals: { visits: 0, miles: 0, value: 0 } } as unknown as Plan;
const draft: Draft = {
  routes: [
    { officerIds: ['a'], visits: [['2'], ['1', '1b']] },
    { officerIds: ['b', 'c'], visits: [['3']] },
  ],
};

describe('an edit the ended session did not save', () => {
  it('is kept with the plan and the version it was made on', () => {
    expect(unsavedEdit(plan, draft, draft)).toEqual({ planId: 'p1', baseVersion: 4, draft });
  });

  it('is not kept when a later edit replaced it, or there is no saved plan to put it on', () => {
    const later: Draft = { routes: [draft.routes[1], draft.routes[0]] };
    expect(unsavedEdit(plan, draft, later)).toBeNull();
    expect(unsavedEdit(null, draft, draft)).toBeNull();
    // A plan the server did not send (the contract gives every answer an id and a version).
    expect(unsavedEdit({ ...plan, id: undefined } as unknown as Plan, draft, draft)).toBeNull();
    expect(unsavedEdit({ ...plan, version: undefined } as unknown as Plan, draft, draft)).toBeNull();
  });

  it('builds on an earlier edit of the same plan saved after it was kept, never on an older version', () => {
    const edit = { planId: 'p1', baseVersion: 4, draft };
    expect(rebased(edit, 'p1', 5)).toEqual({ planId: 'p1', baseVersion: 5, draft });
    expect(rebased(edit, 'p1', 3)).toBe(edit);
    expect(rebased(edit, 'other', 9)).toBe(edit);
    expect(rebased(null, 'p1', 9)).toBeNull();
  });

  it('is re-sent whole, on the version it was made on', () => {
    expect(resendBody({ planId: 'p1', baseVersion: 4, draft })).toEqual({
      baseVersion: 4,
      routes: [
        { officerIds: ['a'], caseRefs: [['2'], ['1', '1b']] },
        { officerIds: ['b', 'c'], caseRefs: [['3']] },
      ],
    });
  });

  it('signing in: the same user re-sends it, anyone else starts afresh', () => {
    const edit = { planId: 'p1', baseVersion: 4, draft };
    expect(afterSignIn(null, { username: 'ann' }, null)).toEqual({ kind: 'load' });
    expect(afterSignIn({ username: 'ann' }, { username: 'ann' }, edit)).toEqual({ kind: 'resend', edit });
    expect(afterSignIn({ username: 'ann' }, { username: 'ann' }, null)).toEqual({ kind: 'refresh' });
    expect(afterSignIn({ username: 'ann' }, { username: 'bob' }, edit)).toEqual({ kind: 'fresh' });
  });

  it('a 409 on re-sending says someone else changed the plan, with the server’s words', () => {
    const text = changedMeanwhile("Plan 'p1' was changed: version 6 is current, this edit was based on version 4");
    expect(text).toMatch(/^Your change was not saved: someone else changed the plan/);
    expect(text).toContain('version 6 is current');
  });
});
