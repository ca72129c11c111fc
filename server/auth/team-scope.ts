import { Patches, patchRule } from '../../solver/rules/patches.js';
import { assemblePlan } from '../../solver/rules/plan-output.js';
import type { DayPlan } from '../../solver/rules/types.js';
import { ProblemError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { SignedInUser } from './roles.js';

/**
 * What a team leader of one team (their account's `team`) may see: need to know, as a council's
 * data protection officer reads it. The cases of their team's patch and those in no patch (the
 * cases their officers may be given: solver/rules/patches.ts), their team's plans whole, and of a
 * plan of the whole area their team's routes with the unplanned cases they may see. A team
 * leader of every team (no `team` on the account), a manager and an admin see every team's; an
 * officer's narrower view is scope.ts's.
 */
export interface TeamScope {
  team: string;
  /** The officers whose team it is. */
  officerIds: ReadonlySet<string>;
  /** True for a postcode of the team's patch or of no patch. */
  holdsPostcode(postcode: string): boolean;
}

/**
 * The scope of a team leader of one team; undefined for everyone else. A team no longer in the
 * settings is refused (403): its patch is gone, and planning would fall back to the whole area's.
 */
export async function teamScopeOf(store: Store, user: SignedInUser): Promise<TeamScope | undefined> {
  if (user.role !== 'team_leader' || user.team === undefined) return undefined;
  const team = user.team;
  const [settings, officers] = await Promise.all([store.getSettings(), store.listOfficers()]);
  if (!settings.teams.some((t) => t.id === team))
    throw new ProblemError(403, 'Forbidden', `your account's team '${team}' is not one of the settings' teams: an admin sets your team again`);
  const rule = patchRule(new Patches(settings.teams), new Set([team]));
  return {
    team,
    officerIds: new Set(officers.filter((o) => o.team === team).map((o) => o.id)),
    holdsPostcode: (postcode) => rule(postcode) !== 'other',
  };
}

/** A route of the team: one of its officers drives it (alone or in a crew). */
export function teamDrives(scope: TeamScope, route: { officerIds: readonly string[] }): boolean {
  return route.officerIds.some((id) => scope.officerIds.has(id));
}

/** The routes of a plan that are the team's: all of their team's plan, none of another team's (undefined), their officers' of the whole area's. */
export function teamRoutes(scope: TeamScope, plan: DayPlan): DayPlan['routes'] | undefined {
  if (plan.team === scope.team) return plan.routes;
  if (plan.team !== undefined) return undefined;
  return plan.routes.filter((r) => teamDrives(scope, r));
}

/**
 * The plan as the team leader may see it: their team's plan whole; another team's not at all
 * (undefined); of the whole area's, their team's routes and the unplanned cases of their patch or
 * of none (undefined when no route is theirs and nothing unplanned is theirs to plan).
 */
export async function teamPlan(store: Store, scope: TeamScope, plan: DayPlan): Promise<DayPlan | undefined> {
  if (plan.team === scope.team) return plan;
  const routes = teamRoutes(scope, plan);
  if (routes === undefined) return undefined;
  const unplanned = await teamsOwn(store, scope, plan.unplanned);
  if (routes.length === 0 && unplanned.length === 0) return undefined;
  return assemblePlan(plan, routes, unplanned);
}

/** The officers a team leader of one team names in a planning request: theirs only (403 naming the first other). */
export function checkTeamOfficers(scope: TeamScope | undefined, officerIds: readonly string[] | undefined): void {
  if (!scope || officerIds === undefined) return;
  const i = officerIds.findIndex((id) => !scope.officerIds.has(id));
  if (i >= 0)
    throw new ProblemError(403, 'Forbidden', `officer '${officerIds[i]}' is not in team ${scope.team}`, [
      { field: `body.officerIds.${i}`, message: `not an officer of team ${scope.team}` },
    ]);
}

/** The routes an edit sends: the team's officers' only (an officer's route carries their home start and shift). */
export function checkTeamRoutes(scope: TeamScope | undefined, routes: ReadonlyArray<{ officerIds: readonly string[] }>): void {
  if (!scope) return;
  routes.forEach((route, i) => {
    const other = route.officerIds.find((id) => !scope.officerIds.has(id));
    if (other !== undefined)
      throw new ProblemError(403, 'Forbidden', `officer '${other}' is not in team ${scope.team}: a team leader changes their own team's routes`, [
        { field: `body.routes.${i}.officerIds`, message: `not an officer of team ${scope.team}` },
      ]);
  });
}

/** Whether the team leader may see this case (a case that does not exist: false). */
export async function teamSeesCase(store: Store, scope: TeamScope, ref: string): Promise<boolean> {
  const found = await store.getCase(ref);
  return found !== undefined && scope.holdsPostcode(found.postcode);
}

/**
 * Whether the team leader may see this debtor: one of their cases, open or closed, is the team's
 * to see (a debtor whose cases are all closed keeps their holds, and their team leader sees them).
 */
export async function teamSeesDebtor(store: Store, scope: TeamScope, debtorRef: string): Promise<boolean> {
  return (await store.debtorPostcodes([debtorRef])).some((k) => scope.holdsPostcode(k.postcode));
}

/** The items whose case the team leader may see (one read of the cases for the lot). */
export async function teamsOwn<T extends { caseRef: string }>(store: Store, scope: TeamScope, items: T[]): Promise<T[]> {
  const postcodes = new Map((await store.getCases([...new Set(items.map((i) => i.caseRef))])).map((c) => [c.ref, c.postcode]));
  return items.filter((i) => {
    const postcode = postcodes.get(i.caseRef);
    return postcode !== undefined && scope.holdsPostcode(postcode);
  });
}
