/**
 * What each role is offered on screen. The server decides what each role may do (every route
 * declares its roles, server/auth/roles.ts); this table only keeps the client from offering a
 * button the server would refuse, so it must never be looser than the server.
 */
import type { Role, SessionUser } from '../api/schemas';

export const ABILITIES = {
  /** Plan a day or a week (and replace the day's plan). */
  planDays: ['team_leader'],
  /** Show any officer's day in the officer view (an officer sees their own only). */
  chooseOfficer: ['team_leader'],
  /** The caseload: unplanned cases, and adding one to a route. */
  readCaseload: ['team_leader'],
  /** Reorder, lock, remove, re-optimise and record outcomes on a route (an officer: their own). */
  editRoutes: ['officer', 'team_leader'],
  /** Plan the day once per weight and compare the figures (nothing saved). */
  compareWeights: ['team_leader', 'manager'],
  /** PUT /api/settings/default-weight. */
  setDefaultWeight: ['manager', 'admin'],
  /** Accounts and settings. */
  administer: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Ability = keyof typeof ABILITIES;

export function can(user: Pick<SessionUser, 'role'> | null, ability: Ability): boolean {
  return user !== null && (ABILITIES[ability] as readonly Role[]).includes(user.role);
}

/** The officer whose day the officer view shows: an officer's own, whatever was asked for. */
export function officerToShow(user: SessionUser | null, asked: string | null, officerIds: string[]): string | null {
  if (user?.role === 'officer') return user.officerId ?? null;
  if (asked && officerIds.includes(asked)) return asked;
  return officerIds[0] ?? asked ?? null;
}
