import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { LonLat, OsrmRouteResponse } from '../../solver/roads/backend.js';
import { withStraightLinesOutside } from '../../solver/roads/outside.js';
import { unplannedAfterEdit } from '../../solver/rules/edits.js';
import { isSaturday } from '../../solver/rules/saturdays.js';
import type { DayPlan, Officer, PlannedRoute } from '../../solver/rules/types.js';
import type { Settings } from '../settings.js';
import { actorOf } from '../actor.js';
import { userOf } from '../auth/plugin.js';
import { perAccountPerMinute } from '../auth/account-rate-limit.js';
import { ACCESS, type SignedInUser } from '../auth/roles.js';
import { drives, planFor } from '../auth/scope.js';
import { checkTeamOfficers, checkTeamRoutes, teamPlan, teamRoutes, teamScopeOf, type TeamScope } from '../auth/team-scope.js';
import { ProblemError } from '../errors.js';
import { planningContext } from '../jobs/context.js';
import type { JobKind } from '../jobs/protocol.js';
import { JobCancelledError } from '../jobs/errors.js';
import { planResponse } from '../jobs/finish.js';
import type { StartedJob } from '../jobs/queue.js';
import { searchBudgetMs } from '../jobs/runner.js';
import { OsrmRouteSchema, PlanListItem, PlanResponse, RunSheetResponse, WeekPlanResponse } from '../../contract/plans.js';
import {
  Accepted,
  AsyncQuery,
  CurrentPlanQuery,
  PlanBody,
  PlanListQuery,
  PlanParams,
  ReplanBody,
  RouteGeometryParams,
  RoutesBody,
  SaveBody,
  SweepBody,
  VersionQuery,
  WeekBody,
} from '../../contract/plan-requests.js';
import { ProblemSchema } from '../../contract/problem.js';
import { countedFrom, lockedStops, monthsOf, saturdayRecords } from './plan-inputs.js';
import { loadPlanningData } from '../jobs/planning-data.js';
import type { PlanSeen, StoredPlan } from '../store/store.js';
import { planTeam } from '../../solver/rules/patches.js';

/** How this user sees plans, the scope read once for a request that looks at several. */
interface PlanView {
  /** Sees every plan whole (a manager, a team leader of every team). */
  whole: boolean;
  /** The plan as the user may see it: an officer their own routes, a team leader of one team their team's (team-scope.ts). */
  of(plan: DayPlan): Promise<DayPlan | undefined>;
}

async function planView(app: FastifyInstance, user: SignedInUser): Promise<PlanView> {
  const scope = await teamScopeOf(app.store, user);
  if (scope) return { whole: false, of: (plan) => teamPlan(app.store, scope, plan) };
  return { whole: user.role !== 'officer', of: (plan) => Promise.resolve(planFor(user, plan)) };
}

const responseOf = (stored: StoredPlan, plan: DayPlan) => ({
  id: stored.id,
  version: stored.version,
  createdBy: stored.createdBy,
  createdAt: stored.createdAt,
  ...plan,
});

/** The stored plan as this user may see it, and 404 for a plan with nothing of theirs (not saying it exists). */
async function visibleResponse(app: FastifyInstance, user: SignedInUser, stored: StoredPlan) {
  const plan = await (await planView(app, user)).of(stored.plan);
  if (!plan) throw new ProblemError(404, 'Not found', `No plan '${stored.id}'`);
  return responseOf(stored, plan);
}

/**
 * A team leader of one team edits their team's routes of a plan they may see, with the cases of
 * their patch or of none, or those already on their team's routes: putting another team's case on
 * a route would show them its debtor (the run sheet prints names).
 */
async function checkTeamEdit(
  app: FastifyInstance,
  scope: TeamScope | undefined,
  stored: StoredPlan,
  routes: Array<{ officerIds: string[] }>,
  refs: string[],
): Promise<void> {
  if (!scope) return;
  // The team's routes decide; the unplanned list only when the team has none (teamPlan's rule).
  const own = teamRoutes(scope, stored.plan);
  if (own === undefined || (own.length === 0 && !(await teamPlan(app.store, scope, stored.plan))))
    throw new ProblemError(404, 'Not found', `No plan '${stored.id}'`);
  checkTeamRoutes(scope, routes);
  const onTeamRoutes = new Set(own.flatMap((r) => r.stops.flatMap((st) => st.caseRefs)));
  const unknown = refs.filter((ref) => !onTeamRoutes.has(ref));
  const seen = new Set((await app.store.getCases(unknown)).filter((c) => scope.holdsPostcode(c.postcode)).map((c) => c.ref));
  // Another team's case and a case that does not exist are refused alike: the answer must not
  // tell a team leader which references exist in another team's patch.
  const refused = unknown.find((ref) => !seen.has(ref));
  if (refused !== undefined)
    throw new ProblemError(403, 'Forbidden', `case '${refused}' is not a case of team ${scope.team}`, [
      { field: 'body', message: `'${refused}' is not in your team's patch` },
    ]);
}

/** A team leader of one team plans their team's officers: all of them when none are named (never the whole area). */
function teamOfficerIds(scope: TeamScope | undefined, officerIds: string[] | undefined): string[] | undefined {
  if (!scope) return officerIds;
  checkTeamOfficers(scope, officerIds);
  if (officerIds !== undefined) return officerIds;
  if (scope.officerIds.size === 0)
    throw new ProblemError(422, 'Cannot plan', `team ${scope.team} has no officers: add officers to the team first`, [
      { field: 'body.officerIds', message: `no officer of team ${scope.team}` },
    ]);
  return [...scope.officerIds].sort();
}

/**
 * An officer may change only their own route, and only with the cases that have been on it in
 * some version of this plan (reordering, taking off, putting back): never another officer's
 * route, never a case of the caseload they were not given.
 */
/** The cases that have been on an officer's route in some version of the plan: all an officer may order, lock or mark done. */
async function casesGivenTo(app: FastifyInstance, user: SignedInUser, stored: StoredPlan): Promise<Set<string>> {
  if (!stored.plan.routes.some((r) => drives(r, user.officerId))) throw new ProblemError(404, 'Not found', `No plan '${stored.id}'`);
  const given = new Set<string>();
  for (let v = 1; v <= stored.version; v++) {
    const version = v === stored.version ? stored : await app.store.getPlan(stored.id, v);
    for (const r of version?.plan.routes ?? []) if (drives(r, user.officerId)) for (const s of r.stops) for (const ref of s.caseRefs) given.add(ref);
  }
  return given;
}

async function checkOwnRoutes(
  app: FastifyInstance,
  user: SignedInUser,
  stored: StoredPlan,
  routes: Array<{ officerIds: string[]; caseRefs: string[][] }>,
): Promise<void> {
  if (user.role !== 'officer') return;
  const given = await casesGivenTo(app, user, stored);
  routes.forEach((route, i) => {
    if (!drives(route, user.officerId)) {
      throw new ProblemError(403, 'Forbidden', 'an officer may change only their own route', [
        { field: `body.routes.${i}.officerIds`, message: 'not your route' },
      ]);
    }
    // The crew is the team leader's to set: a crew of the officer's own making would give them its
    // first member's start and end (another officer's home) and that officer's cases.
    const crew = route.officerIds.join('\n');
    if (!stored.plan.routes.some((r) => drives(r, user.officerId) && r.officerIds.join('\n') === crew)) {
      throw new ProblemError(403, 'Forbidden', 'an officer may change the order of their own route, not who drives it', [
        { field: `body.routes.${i}.officerIds`, message: 'not a crew of yours in this plan' },
      ]);
    }
    const foreign = route.caseRefs.flat().find((ref) => !given.has(ref));
    if (foreign)
      throw new ProblemError(403, 'Forbidden', `case '${foreign}' has not been on your route`, [
        { field: `body.routes.${i}.caseRefs`, message: `'${foreign}' was never on your route` },
      ]);
  });
}

/**
 * Each date's current plan as this request sees it, for the job to check it is still so when it
 * saves (a plan made or edited meanwhile is not replaced). Planning a day that already has a plan
 * replaces it only when asked to: without `replace`, a 409 says whose plan it is (to a team leader
 * of one team, only when they may see it).
 */
async function currentPlansSeen(
  app: FastifyInstance,
  user: SignedInUser,
  dates: string[],
  replace: boolean | undefined,
  team: string | undefined,
): Promise<Record<string, PlanSeen | null>> {
  const seen: Record<string, PlanSeen | null> = {};
  // A team's plan meets its own and the whole area's; the whole area's meets every team's.
  for (const date of dates) seen[date] = await app.store.currentPlanSeen(date, team);
  if (replace) return seen;
  const view = await planView(app, user);
  for (const date of dates) {
    const id = seen[date]?.id;
    const current = id ? await app.store.getPlan(id) : undefined;
    if (!current) continue;
    if (!(await view.of(current.plan)))
      throw new ProblemError(409, 'Plan exists', `${date} already has a plan; send replace: true to replace it`, [
        { field: 'body.replace', message: 'the day has a plan' },
      ]);
    throw new ProblemError(
      409,
      'Plan exists',
      `${date} already has a plan, made by ${current.createdBy} (version ${current.version}); send replace: true to replace it`,
      [{ field: 'body.replace', message: 'the day has a plan' }],
      { currentPlan: { id: current.id, date, version: current.version, createdBy: current.createdBy, createdAt: current.createdAt } },
    );
  }
  return seen;
}

function datesFrom(from: string, days: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

/** The officers and settings a planning request is checked against (its job reads the caseload itself). */
async function planningPeople(app: FastifyInstance): Promise<{ officers: Officer[]; settings: Settings }> {
  const [officers, settings] = await Promise.all([app.store.listOfficers(), app.store.getSettings()]);
  return { officers, settings };
}

function checkOfficers(data: { officers: readonly Officer[] }, officerIds: string[] | undefined): void {
  if (data.officers.length === 0)
    throw new ProblemError(422, 'Cannot plan', 'there are no officers: add officers first', [{ field: 'body.officerIds', message: 'no officers exist' }]);
  if (!officerIds) return;
  const known = new Set(data.officers.map((o) => o.id));
  const errors = officerIds.flatMap((id, i) => (known.has(id) ? [] : [{ field: `body.officerIds.${i}`, message: `no officer '${id}'` }]));
  if (errors.length > 0) throw new ProblemError(422, 'Cannot plan', errors.map((e) => e.message).join('; '), errors);
}

async function getStored(app: FastifyInstance, id: string, version?: number): Promise<StoredPlan> {
  const stored = await app.store.getPlan(id, version);
  if (!stored) throw new ProblemError(404, 'Not found', version ? `No version ${version} of plan '${id}'` : `No plan '${id}'`);
  return stored;
}

/**
 * Waits for a job; a cancelled one is a 409 (someone else stopped it). A client that goes away
 * cancels it: nobody is left to read the plan. No bytes flow while the job waits and runs, so the
 * idle timeout is lifted meanwhile (the job's wall-clock cap bounds the run instead).
 */
async function awaitJob<R>(app: FastifyInstance, job: StartedJob<R>, reply: FastifyReply): Promise<R> {
  const response = reply.raw;
  const onClose = () => {
    if (!response.writableEnded)
      void app.jobs.cancel(job.id).catch((err: unknown) => app.log.warn({ err, jobId: job.id }, 'could not cancel an abandoned job'));
  };
  response.on('close', onClose);
  setIdleTimeout(reply, 0);
  try {
    return await job.done;
  } catch (err) {
    if (err instanceof JobCancelledError) throw new ProblemError(409, 'Cancelled', err.message);
    throw err;
  } finally {
    response.off('close', onClose);
    setIdleTimeout(reply, app.limits.idleTimeoutMs);
  }
}

/** The connection's idle timeout, 0 for none (app.inject's stand-in socket has none to set). */
function setIdleTimeout(reply: FastifyReply, ms: number): void {
  const socket = reply.raw.socket;
  if (socket && !socket.destroyed && typeof socket.setTimeout === 'function') socket.setTimeout(ms);
}

/** The search one request asks for (days or weights x each search's limit) is bounded: a 422 naming the fields that multiply. */
function checkSearchBudget(app: FastifyInstance, kind: JobKind, input: { timeLimitMs?: number; days?: number; weights?: readonly unknown[] }): void {
  const asked = searchBudgetMs(kind, input);
  const max = app.limits.searchMaxMs;
  if (asked <= max) return;
  // What multiplies the time limit: the days of a week, the weights of a sweep.
  const searches = kind === 'week' ? 'days' : kind === 'sweep' ? 'weights' : undefined;
  const message = `asks for ${asked / 1000} s of search, more than the ${max / 1000} s one request may take`;
  throw new ProblemError(
    422,
    'Too much search',
    `${message}: ${searches ? `fewer ${searches} or ` : ''}a shorter timeLimitMs`,
    [...(searches ? [{ field: `body.${searches}`, message }] : []), { field: 'body.timeLimitMs', message }],
    { searchMaxMs: max },
  );
}

/** A day has at most one route per officer. */
function checkRouteCount(routes: number, officers: number): void {
  if (routes <= officers) return;
  throw new ProblemError(422, 'Too many routes', `${routes} routes sent, but there are ${officers} officers`, [
    { field: 'body.routes', message: `at most one route per officer (${officers})` },
  ]);
}

function accepted(job: StartedJob<unknown>) {
  return { jobId: job.id, status: job.status, events: `/api/jobs/${job.id}/events` };
}

/** A route's team, whatever order its officers are listed in. */
const teamKey = (officerIds: readonly string[]) => [...officerIds].sort().join('+');

const isAsync = (q: { async?: string }) => q.async === '1' || q.async === 'true';

export const planRoutes: FastifyPluginAsyncZod = async (app) => {
  const geometryCache = new Map<string, OsrmRouteResponse>();

  app.post(
    '/',
    {
      config: { access: ACCESS.teamLeader },
      schema: {
        tags: ['plans'],
        summary: 'Plan a day for the team (waits for the plan unless ?async=1)',
        querystring: AsyncQuery,
        body: PlanBody,
        response: { 201: PlanResponse, 202: Accepted, 400: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { replace, ...asked } = request.body;
      checkSearchBudget(app, 'plan', asked);
      const input = { ...asked, officerIds: teamOfficerIds(await teamScopeOf(app.store, userOf(request)), asked.officerIds) };
      const data = await planningPeople(app);
      checkOfficers(data, input.officerIds);
      const team = planTeam(data.settings.teams, data.officers, input.officerIds);
      const seen = await currentPlansSeen(app, userOf(request), [input.date], replace, team);
      // A Saturday's plan knows who still owes one this month (solver/rules/saturdays.ts).
      const countedSaturdays = isSaturday(input.date) ? countedFrom(await saturdayRecords(app, monthsOf(input.date, 1))) : undefined;
      const job = await app.jobs.start({
        kind: 'plan',
        input: { ...input, ...(countedSaturdays ? { countedSaturdays } : {}) },
        owner: actorOf(request),
        team,
        seen,
      });
      if (isAsync(request.query)) return reply.code(202).send(accepted(job));
      const { planId } = await awaitJob(app, job, reply);
      return reply.code(201).send(planResponse(await getStored(app, planId)));
    },
  );

  app.post(
    '/week',
    {
      config: { access: ACCESS.teamLeader },
      schema: {
        tags: ['plans'],
        summary: 'Plan up to 31 days: each case on one day at most; the Saturday rota chosen so each officer meets the quota, spread across the team',
        querystring: AsyncQuery,
        body: WeekBody,
        response: {
          201: WeekPlanResponse,
          202: Accepted,
          422: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { replace, ...asked } = request.body;
      checkSearchBudget(app, 'week', asked);
      const input = { ...asked, officerIds: teamOfficerIds(await teamScopeOf(app.store, userOf(request)), asked.officerIds) };
      const data = await planningPeople(app);
      checkOfficers(data, input.officerIds);
      const team = planTeam(data.settings.teams, data.officers, input.officerIds);
      const seen = await currentPlansSeen(app, userOf(request), datesFrom(input.from, input.days), replace, team);
      const countedSaturdays = countedFrom(await saturdayRecords(app, monthsOf(input.from, input.days)));
      const job = await app.jobs.start({ kind: 'week', input: { ...input, countedSaturdays }, owner: actorOf(request), team, seen });
      if (isAsync(request.query)) return reply.code(202).send(accepted(job));
      const week = await awaitJob(app, job, reply);
      const days = await Promise.all(week.days.map(async (d) => planResponse(await getStored(app, d.id, d.version))));
      return reply.code(201).send({ ...week, days });
    },
  );

  app.get(
    '/',
    {
      config: { access: ACCESS.planReaders },
      schema: {
        tags: ['plans'],
        summary: 'Saved plans (latest version of each), newest first (an officer: those with a route of theirs)',
        querystring: PlanListQuery,
        response: { 200: z.array(PlanListItem) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const plans = await app.store.listPlans(request.query);
      const view = await planView(app, user);
      if (view.whole) return plans;
      // An officer's totals are their own routes', a team leader of one team's their team's.
      const visible = await Promise.all(plans.map(async (p) => view.of((await app.store.getPlan(p.id))!.plan)));
      return plans.flatMap((p, i) => (visible[i] ? [{ ...p, totals: visible[i].totals }] : []));
    },
  );

  app.get(
    '/current',
    {
      config: { access: ACCESS.planReaders },
      schema: {
        tags: ['plans'],
        summary: "The day's current plan: the latest version of the plan made last for the date (an officer: their own route in it); 204 when there is none",
        querystring: CurrentPlanQuery,
        response: { 200: PlanResponse, 204: z.null() },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      // An officer's day is their own team's plan (or the whole area's), whatever team is asked for; a team leader of one team's, theirs.
      const team =
        user.role === 'officer' ? (user.officerId ? (await app.store.getOfficer(user.officerId))?.team : undefined) : (user.team ?? request.query.team);
      const id = await app.store.currentPlanId(request.query.date, team);
      const stored = id ? await getStored(app, id) : undefined;
      // No plan yet (or none with a route of this officer's) is the ordinary state of a new day, not an error.
      const plan = stored ? await (await planView(app, user)).of(stored.plan) : undefined;
      if (!stored || !plan) return reply.code(204).send(null);
      return responseOf(stored, plan);
    },
  );

  app.post(
    '/sweep',
    {
      config: { access: ACCESS.teamLeaderOrManager },
      schema: {
        tags: ['plans'],
        summary: 'Compare weights: one day plan per weight, nothing saved; the job answers {date, points[{weight, visits, miles, value}]}',
        body: SweepBody,
        response: { 202: Accepted, 422: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      checkSearchBudget(app, 'sweep', request.body);
      const officerIds = teamOfficerIds(await teamScopeOf(app.store, userOf(request)), request.body.officerIds);
      checkOfficers(await planningPeople(app), officerIds);
      const job = await app.jobs.start({ kind: 'sweep', input: { ...request.body, officerIds }, owner: actorOf(request) });
      return reply.code(202).send(accepted(job));
    },
  );

  app.get(
    '/:id',
    {
      config: { access: ACCESS.planReaders },
      schema: {
        tags: ['plans'],
        summary: 'A saved plan (latest version unless ?version=); an officer gets their own routes, and 404 for a plan without one',
        params: PlanParams,
        querystring: VersionQuery,
        response: { 200: PlanResponse, 404: ProblemSchema },
      },
    },
    async (request) => visibleResponse(app, userOf(request), await getStored(app, request.params.id, request.query.version)),
  );

  /**
   * The officer's reorder: a walk along a fixed order, done in the request (no search). The rules
   * see what the planner sees (the person and the premises: the debtor's other cases, others at the
   * address, the holds), plus any closed case put on a route; only the teams sent are in the
   * answer, but its unplanned list is the whole day's (unplannedAfterEdit), the teams not sent
   * keeping their stored routes. Each stop keeps the window the stored plan gave it, and each
   * route its break, while they still fit.
   */
  async function evaluate(id: string, body: z.infer<typeof RoutesBody>, version?: number): Promise<{ stored: StoredPlan; plan: DayPlan }> {
    const stored = await getStored(app, id, version);
    const refs = body.routes.flatMap((r) => r.caseRefs.flat());
    const [onRoutes, data] = await Promise.all([app.store.getCases(refs), loadPlanningData(app.store)]);
    checkRouteCount(body.routes.length, data.officers.length);
    const known = new Set(data.cases.map((c) => c.ref));
    const cases = [...data.cases, ...onRoutes.filter((c) => !known.has(c.ref))];
    const rules = await import('../../solver/rules/index.js');
    const plan = await rules.evaluateRoutes(planningContext({ ...data, cases }, app.routingBackend), {
      date: stored.plan.date,
      weight: body.weight ?? stored.plan.weight,
      routes: body.routes,
      planned: stored.plan,
    });
    const sent = new Set(body.routes.map((r) => teamKey(r.officerIds)));
    const untouched = stored.plan.routes.filter((r) => !sent.has(teamKey(r.officerIds))).flatMap((r) => r.stops.flatMap((s) => s.caseRefs));
    plan.unplanned = unplannedAfterEdit(stored.plan, [...refs, ...untouched]);
    return { stored, plan };
  }

  /**
   * The whole day a PUT saves: the stored routes in their order with the sent teams' routes in
   * their place (a team new to the plan last), so that a route not sent stays exactly as it was.
   * A case or an officer both on a sent route and on one not sent would be on two routes: the
   * edit must send both.
   */
  async function wholeDay(stored: DayPlan, sent: DayPlan): Promise<DayPlan> {
    const sentByTeam = new Map(sent.routes.map((r) => [teamKey(r.officerIds), r]));
    const routes: PlannedRoute[] = stored.routes.map((r) => sentByTeam.get(teamKey(r.officerIds)) ?? r);
    const storedTeams = new Set(stored.routes.map((r) => teamKey(r.officerIds)));
    routes.push(...sent.routes.filter((r) => !storedTeams.has(teamKey(r.officerIds))));

    const notSent = stored.routes.filter((r) => !sentByTeam.has(teamKey(r.officerIds)));
    const errors: Array<{ field: string; message: string }> = [];
    sent.routes.forEach((r, i) => {
      const first = sent.routes.findIndex((o) => teamKey(o.officerIds) === teamKey(r.officerIds));
      if (first < i) errors.push({ field: `body.routes.${i}.officerIds`, message: `the route of ${r.officerIds.join(' and ')} is sent twice` });
      for (const other of notSent) {
        const who = other.officerIds.join(' and ');
        const officer = r.officerIds.find((id) => other.officerIds.includes(id));
        if (officer) errors.push({ field: `body.routes.${i}.officerIds`, message: `officer '${officer}' also has the route of ${who}, which was not sent` });
        const onBoth = new Set(other.stops.flatMap((st) => st.caseRefs));
        r.stops.forEach((st, k) => {
          for (const ref of st.caseRefs.filter((c) => onBoth.has(c))) {
            errors.push({ field: `body.routes.${i}.caseRefs.${k}`, message: `case '${ref}' is still on the route of ${who}, which was not sent` });
          }
        });
      }
    });
    if (errors.length > 0) throw new ProblemError(422, 'Cannot save', `${errors.map((e) => e.message).join('; ')}: send that route too`, errors);

    const rules = await import('../../solver/rules/index.js');
    const whole = rules.assemblePlan({ date: sent.date, weight: sent.weight, estimate: sent.estimate, roads: sent.roads }, routes, sent.unplanned);
    return stored.team === undefined ? whole : { ...whole, team: stored.team };
  }

  app.post(
    '/:id/evaluate',
    {
      config: { access: ACCESS.officerOrTeamLeader, rateLimit: perAccountPerMinute(app.limits.planEditsPerMinute) },
      bodyLimit: app.limits.planEditMaxBytes,
      schema: {
        tags: ['plans'],
        summary: 'Evaluate a given order: arrivals, waits, lateness and statutory violations per stop (an officer: their own route)',
        params: PlanParams,
        body: RoutesBody,
        response: { 200: PlanResponse, 404: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => {
      const user = userOf(request);
      const scope = await teamScopeOf(app.store, user);
      const current = await getStored(app, request.params.id);
      await checkOwnRoutes(app, user, current, request.body.routes);
      await checkTeamEdit(
        app,
        scope,
        current,
        request.body.routes,
        request.body.routes.flatMap((r) => r.caseRefs.flat()),
      );
      const { stored, plan } = await evaluate(request.params.id, request.body);
      // The unplanned list is the whole day's: an officer sees none of it, a team leader of one team their patch's.
      const unplanned =
        user.role === 'officer' ? [] : scope ? ((await teamPlan(app.store, scope, { ...plan, team: stored.plan.team }))?.unplanned ?? []) : plan.unplanned;
      return { id: stored.id, version: stored.version, ...plan, unplanned };
    },
  );

  app.put(
    '/:id',
    {
      config: { access: ACCESS.officerOrTeamLeader, rateLimit: perAccountPerMinute(app.limits.planEditsPerMinute) },
      bodyLimit: app.limits.planEditMaxBytes,
      schema: {
        tags: ['plans'],
        summary:
          'Save an edited order as a new version: the routes sent replace theirs, the others stay; a stale base version is a 409 (an officer: their own route)',
        params: PlanParams,
        body: SaveBody,
        response: { 200: PlanResponse, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => {
      const user = userOf(request);
      const current = await getStored(app, request.params.id);
      await checkOwnRoutes(app, user, current, request.body.routes);
      await checkTeamEdit(
        app,
        await teamScopeOf(app.store, user),
        current,
        request.body.routes,
        request.body.routes.flatMap((r) => r.caseRefs.flat()),
      );
      const { stored, plan } = await evaluate(request.params.id, request.body);
      const whole = await wholeDay(stored.plan, plan);
      return visibleResponse(app, user, await app.store.savePlanVersion(request.params.id, request.body.baseVersion, whole, actorOf(request), 'edit'));
    },
  );

  app.post(
    '/:id/replan',
    {
      config: { access: ACCESS.officerOrTeamLeader },
      schema: {
        tags: ['plans'],
        summary: 'Re-plan the rest of the day from a time and position, keeping done and locked stops (an officer: their own route)',
        params: PlanParams,
        querystring: AsyncQuery,
        body: ReplanBody,
        response: { 200: PlanResponse, 202: Accepted, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      checkSearchBudget(app, 'replan', request.body);
      const stored = await getStored(app, request.params.id);
      const user = userOf(request);
      const scope = await teamScopeOf(app.store, user);
      if (scope) {
        checkTeamOfficers(scope, request.body.officerIds);
        const refs = [...(request.body.locked ?? []).flat(), ...request.body.done];
        await checkTeamEdit(app, scope, stored, [{ officerIds: request.body.officerIds }], refs);
      }
      if (user.role === 'officer') {
        if (!planFor(user, stored.plan)) throw new ProblemError(404, 'Not found', `No plan '${stored.id}'`);
        if (!request.body.officerIds.includes(user.officerId!)) {
          throw new ProblemError(403, 'Forbidden', 'an officer re-plans only their own route', [{ field: 'body.officerIds', message: 'not your route' }]);
        }
        // Locking a case onto the route would give the officer its debtor's details: only their own cases.
        const given = await casesGivenTo(app, user, stored);
        for (const [field, refs] of [
          ['locked', (request.body.locked ?? []).flat()],
          ['done', request.body.done],
        ] as const) {
          const foreign = refs.find((ref) => !given.has(ref));
          if (foreign) {
            throw new ProblemError(403, 'Forbidden', `case '${foreign}' has not been on your route`, [
              { field: `body.${field}`, message: `'${foreign}' was never on your route` },
            ]);
          }
        }
      }
      const baseVersion = request.body.baseVersion ?? stored.version;
      if (baseVersion !== stored.version) {
        throw new ProblemError(
          409,
          'Conflict',
          `Plan '${stored.id}' was changed: version ${stored.version} is current, this re-plan was based on version ${baseVersion}`,
          undefined,
          { currentVersion: stored.version },
        );
      }
      checkOfficers(await planningPeople(app), request.body.officerIds);
      const { baseVersion: _, locked, ...input } = request.body;
      // The job reads the caseload itself: a re-plan of one team's route, the team's part (planning-data.ts).
      const job = await app.jobs.start({
        kind: 'replan',
        input: { ...input, locked: lockedStops(stored.plan, locked), date: stored.plan.date, current: stored.plan },
        owner: actorOf(request),
        replanOf: { planId: stored.id, baseVersion },
      });
      if (isAsync(request.query)) return reply.code(202).send(accepted(job));
      const { version } = await awaitJob(app, job, reply);
      return reply.code(200).send(await visibleResponse(app, user, await getStored(app, stored.id, version)));
    },
  );

  app.get(
    '/:id/run-sheet',
    {
      config: { access: ACCESS.officerOrTeamLeader },
      schema: {
        tags: ['plans'],
        summary:
          "The run sheet to print: each stop of the routes the caller sees with its cases' names and addresses (an officer: their own route); recorded in the audit as a read",
        params: PlanParams,
        querystring: VersionQuery,
        response: { 200: RunSheetResponse, 404: ProblemSchema },
      },
    },
    async (request) => {
      const user = userOf(request);
      const visible = await visibleResponse(app, user, await getStored(app, request.params.id, request.query.version));
      const caseRefs = visible.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs));
      // A team leader of one team prints no other team's debtor (a mixed crew's stop, a stop placed by another).
      const scope = await teamScopeOf(app.store, user);
      const readable = (await app.store.getCases(caseRefs)).filter((c) => !scope || scope.holdsPostcode(c.postcode));
      const cases = new Map(readable.map((c) => [c.ref, c]));
      // Who printed whose name and address, and when: the refs, never the names.
      await app.store.recordEvent(user.username, 'read', 'run-sheet', visible.id, {
        version: visible.version,
        date: visible.date,
        officerIds: visible.routes.map((r) => r.officerIds),
        caseRefs,
      });
      return {
        id: visible.id,
        version: visible.version,
        date: visible.date,
        routes: visible.routes.map((r) => ({
          officerIds: r.officerIds,
          stops: r.stops.map((s) => ({
            caseRefs: s.caseRefs,
            arrival: s.arrival,
            cases: s.caseRefs.flatMap((ref) => {
              const c = cases.get(ref);
              return c ? [{ ref, name: c.name, address: c.address, postcode: c.postcode }] : [];
            }),
          })),
        })),
      };
    },
  );

  app.get(
    '/:id/routes/:index/geometry',
    {
      config: { access: ACCESS.planReaders },
      schema: {
        tags: ['plans'],
        summary: "A route's road geometry and turn-by-turn steps (OSRM v5 route response); the index counts the routes the caller sees",
        params: RouteGeometryParams,
        querystring: VersionQuery,
        response: { 200: OsrmRouteSchema, 404: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => {
      const stored = await getStored(app, request.params.id, request.query.version);
      const visible = await visibleResponse(app, userOf(request), stored);
      const route = visible.routes[request.params.index];
      if (!route)
        throw new ProblemError(404, 'Not found', `Plan '${stored.id}' has ${visible.routes.length} routes; there is no route ${request.params.index}`);
      const points: LonLat[] = [[route.start.lon, route.start.lat], ...route.stops.map((s): LonLat => [s.lon, s.lat]), [route.end.lon, route.end.lat]];
      // Keyed by the points, not the version: an erasure coarsens a stored version's stops in place,
      // and the exact road to the erased debtor's door must not be answered from the cache.
      const key = points.join(';');
      const cached = geometryCache.get(key);
      if (cached) return cached;
      // A stop beyond the road data (planned on estimates, or on road data since replaced) is drawn
      // straight and the answer says it is an estimate, rather than failing the whole route.
      const answer = await withStraightLinesOutside(app.routingBackend).route(points, { steps: true });
      if (geometryCache.size > 500) geometryCache.delete(geometryCache.keys().next().value!);
      geometryCache.set(key, answer);
      return answer;
    },
  );
};
