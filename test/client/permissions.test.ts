import { describe, expect, it } from 'vitest';
import type { Role } from '../../client/src/api/schemas';
import { can, officerToShow, type Ability } from '../../client/src/state/permissions';
import { VIEWS_FOR, allowedView } from '../../client/src/state/store';

const user = (role: Role, officerId?: string) => ({ username: 'u', displayName: 'U', role, ...(officerId ? { officerId } : {}) });

describe('what each role is offered', () => {
  // The server's role table (issue 8, server/auth/roles.ts), written out: the client offers no more.
  const expected: Record<Role, Ability[]> = {
    officer: ['editRoutes'],
    team_leader: ['planDays', 'chooseOfficer', 'readCaseload', 'editRoutes', 'compareWeights'],
    manager: ['compareWeights', 'setDefaultWeight'],
    admin: ['setDefaultWeight', 'administer'],
  };
  const all: Ability[] = ['planDays', 'chooseOfficer', 'readCaseload', 'editRoutes', 'compareWeights', 'setDefaultWeight', 'administer'];

  it.each(Object.entries(expected))('%s', (role, abilities) => {
    expect(all.filter((a) => can(user(role as Role), a))).toEqual(abilities);
  });

  it('nobody signed in is offered nothing', () => {
    expect(all.filter((a) => can(null, a))).toEqual([]);
  });

  it('the views: an officer their day, a team leader three, a manager and an admin their own', () => {
    expect(VIEWS_FOR).toEqual({ officer: ['officer'], team_leader: ['officer', 'team', 'manager'], manager: ['manager'], admin: ['admin'] });
    expect(allowedView('team', user('officer', 'o1'))).toBe('officer');
    expect(allowedView('officer', user('manager'))).toBe('manager');
    expect(allowedView('manager', user('admin'))).toBe('admin');
    expect(allowedView('manager', user('team_leader'))).toBe('manager');
  });

  it('an officer is shown their own day whatever is asked; a team leader the officer chosen', () => {
    expect(officerToShow(user('officer', 'o2'), 'o1', ['o2'])).toBe('o2');
    expect(officerToShow(user('officer', 'o2'), null, [])).toBe('o2');
    expect(officerToShow(user('team_leader'), 'o3', ['o1', 'o3'])).toBe('o3');
    expect(officerToShow(user('team_leader'), 'gone', ['o1', 'o3'])).toBe('o1');
    expect(officerToShow(user('team_leader'), null, ['o1'])).toBe('o1');
  });
});
