/**
 * Who uses Rounds (issue 8): an officer works their own day; a team leader allocates, imports and
 * plans; a manager reads every plan and figure and tunes the yield weight; an admin keeps the
 * accounts and the settings. Roles do not nest: each route names the roles it serves.
 */
export { ROLES, RoleSchema, type Role } from '../../contract/session.js';
import type { Role } from '../../contract/session.js';

/**
 * Who may call a route, declared on every route under /api as `config: { access }` and enforced
 * by one hook (server/auth/plugin.ts): 'public' needs no session, 'signed-in' any session, a role
 * list one of those roles. Rules finer than a role (an officer's own route) are the handler's.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** Shorthands for the declarations, so that each route reads as its role table row. */
export const ACCESS = {
  public: 'public',
  signedIn: 'signed-in',
  teamLeader: ['team_leader'],
  admin: ['admin'],
  /** An officer's own doings (a lone-working check-in). */
  officer: ['officer'],
  /** The team's planning: the team leader, and the officer for their own route (checked in the handler). */
  officerOrTeamLeader: ['officer', 'team_leader'],
  /** Reading plans and figures. */
  planReaders: ['officer', 'team_leader', 'manager'],
  /** Following or cancelling a job: its owner (an admin's is a road build), and a team leader any (checked in the handler). */
  jobFollowers: ['officer', 'team_leader', 'manager', 'admin'],
  /** Figures without debtors' personal data: the team leader and the manager. */
  teamLeaderOrManager: ['team_leader', 'manager'],
  auditors: ['team_leader', 'admin'],
  weight: ['manager', 'admin'],
} as const satisfies Record<string, Access>;

/** The signed-in user a request acts for (set by the auth hook). */
export interface SignedInUser {
  username: string;
  displayName: string;
  role: Role;
  /** For an officer account: the officer record it is. */
  officerId?: string;
  /** For a team leader of one team: that team (server/auth/team-scope.ts narrows what they see). */
  team?: string;
}

/** A username's pattern, and a username as typed (trimmed, lower-cased): contract/users.ts. */
export { RESERVED_USERNAMES, USERNAME, UsernameSchema } from '../../contract/users.js';
