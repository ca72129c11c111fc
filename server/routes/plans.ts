import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { LonLat, OsrmRouteResponse } from '../../solver/roads/backend.js';
import type { DayPlan, PlannedRoute, WeekPlan } from '../../solver/rules/types.js';
import { actorOf } from '../actor.js';
import { ProblemError } from '../errors.js';
import { planningContext } from '../jobs/context.js';
import type { PlanningData } from '../jobs/protocol.js';
import { JobCancelledError, type Job } from '../jobs/runner.js';
import { IsoDate, OsrmRouteSchema, PlanResponse, ProblemSchema } from '../schemas.js';
import { Accepted, AsyncQuery, PlanBody, PlanParams, ReplanBody, RoutesBody, SaveBody, WeekBody } from './plan-schemas.js';
import { loadPlanningData, lockedStops, saturdaysWorkedBefore } from './plan-inputs.js';
import type { StoredPlan } from '../store/store.js';

function planResponse(stored: StoredPlan) {
  return { id: stored.id, version: stored.version, ...stored.plan };
}

function checkOfficers(data: PlanningData, officerIds: string[] | undefined): void {
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

/** Waits for a job; a cancelled one is a 409 (someone else stopped it). */
async function awaitJob(job: Job): Promise<unknown> {
  try {
    return await job.done;
  } catch (err) {
    if (err instanceof JobCancelledError) throw new ProblemError(409, 'Cancelled', err.message);
    throw err;
  }
}

function accepted(job: Job) {
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
      schema: {
        tags: ['plans'],
        summary: 'Plan a day for the team (waits for the plan unless ?async=1)',
        querystring: AsyncQuery,
        body: PlanBody,
        response: { 201: PlanResponse, 202: Accepted, 400: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const data = await loadPlanningData(app);
      checkOfficers(data, request.body.officerIds);
      const actor = actorOf(request);
      const job = app.jobs.start('plan', data, { ...request.body }, async (value) => {
        const stored = await app.store.createPlan(value as DayPlan, actor);
        return { planId: stored.id, version: stored.version };
      });
      if (isAsync(request.query)) return reply.code(202).send(accepted(job));
      const { planId } = (await awaitJob(job)) as { planId: string };
      return reply.code(201).send(planResponse(await getStored(app, planId)));
    },
  );

  app.post(
    '/week',
    {
      schema: {
        tags: ['plans'],
        summary: 'Plan several days: each case on one day at most, Saturday quotas met',
        querystring: AsyncQuery,
        body: WeekBody,
        response: {
          201: z.object({
            from: z.string(),
            days: z.array(PlanResponse),
            saturdayQuotas: z.array(z.any()),
            unplanned: z.array(z.any()),
            totals: z.object({ visits: z.number(), miles: z.number(), value: z.number() }),
          }),
          202: Accepted,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const data = await loadPlanningData(app);
      checkOfficers(data, request.body.officerIds);
      const actor = actorOf(request);
      const saturdaysWorked = await saturdaysWorkedBefore(app, request.body.from);
      const job = app.jobs.start('week', data, { ...request.body, saturdaysWorked }, async (value) => {
        const week = value as WeekPlan;
        const days = [];
        for (const day of week.days) days.push(planResponse(await app.store.createPlan(day, actor)));
        return { ...week, days };
      });
      if (isAsync(request.query)) return reply.code(202).send(accepted(job));
      return reply.code(201).send((await awaitJob(job)) as WeekPlan & { days: z.infer<typeof PlanResponse>[] });
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags: ['plans'],
        summary: 'Saved plans (latest version of each), newest first',
        querystring: z.object({ date: IsoDate.optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              date: z.string(),
              version: z.number().int(),
              createdAt: z.string(),
              createdBy: z.string(),
              totals: z.object({ visits: z.number(), miles: z.number(), value: z.number() }),
            }),
          ),
        },
      },
    },
    async (request) => app.store.listPlans(request.query),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['plans'],
        params: PlanParams,
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        response: { 200: PlanResponse, 404: ProblemSchema },
      },
    },
    async (request) => planResponse(await getStored(app, request.params.id, request.query.version)),
  );

  /**
   * The officer's reorder: a walk along a fixed order, done in the request (no search). Only the
   * cases on the routes are read; only the teams sent are in the answer. The stored plan's
   * unplanned list is carried over, less the cases now on a route, plus the cases the user took
   * off a route of a team sent ('removed-by-user').
   */
  async function evaluate(id: string, body: z.infer<typeof RoutesBody>, version?: number): Promise<{ stored: StoredPlan; plan: DayPlan }> {
    const stored = await getStored(app, id, version);
    const refs = body.routes.flatMap((r) => r.caseRefs.flat());
    const [cases, officers, crews, settings] = await Promise.all([
      app.store.getCases(refs),
      app.store.listOfficers(),
      app.store.listCrews(),
      app.store.getSettings(),
    ]);
    const rules = await import('../../solver/rules/index.js');
    const plan = await rules.evaluateRoutes(planningContext({ cases, officers, crews, settings }, app.routingBackend), {
      date: stored.plan.date,
      weight: body.weight ?? stored.plan.weight,
      routes: body.routes,
    });
    const routed = new Set(refs);
    // Only the teams sent are judged: a case is "removed" when its own team's route dropped it.
    const teams = new Set(body.routes.map((r) => teamKey(r.officerIds)));
    const wasPlanned = stored.plan.routes.filter((r) => teams.has(teamKey(r.officerIds))).flatMap((r) => r.stops.flatMap((s) => s.caseRefs));
    plan.unplanned = [
      ...stored.plan.unplanned.filter((u) => !routed.has(u.caseRef)),
      ...wasPlanned.filter((ref) => !routed.has(ref)).map((caseRef) => ({ caseRef, reason: 'removed-by-user' as const })),
      ...plan.unplanned.filter((u) => !routed.has(u.caseRef)),
    ];
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
    return rules.assemblePlan({ date: sent.date, weight: sent.weight, estimate: sent.estimate }, routes, sent.unplanned);
  }

  app.post(
    '/:id/evaluate',
    {
      schema: {
        tags: ['plans'],
        summary: 'Evaluate a given order: arrivals, waits, lateness and statutory violations per stop',
        params: PlanParams,
        body: RoutesBody,
        response: { 200: PlanResponse, 404: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => {
      const { stored, plan } = await evaluate(request.params.id, request.body);
      return { id: stored.id, version: stored.version, ...plan };
    },
  );

  app.put(
    '/:id',
    {
      schema: {
        tags: ['plans'],
        summary: 'Save an edited order as a new version: the routes sent replace theirs, the others stay; a stale base version is a 409',
        params: PlanParams,
        body: SaveBody,
        response: { 200: PlanResponse, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => {
      const { stored, plan } = await evaluate(request.params.id, request.body);
      const whole = await wholeDay(stored.plan, plan);
      return planResponse(await app.store.savePlanVersion(request.params.id, request.body.baseVersion, whole, actorOf(request)));
    },
  );

  app.post(
    '/:id/replan',
    {
      schema: {
        tags: ['plans'],
        summary: 'Re-plan the rest of the day from a time and position, keeping done and locked stops',
        params: PlanParams,
        querystring: AsyncQuery,
        body: ReplanBody,
        response: { 200: PlanResponse, 202: Accepted, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const stored = await getStored(app, request.params.id);
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
      const data = await loadPlanningData(app);
      checkOfficers(data, request.body.officerIds);
      const actor = actorOf(request);
      const { baseVersion: _, locked, ...input } = request.body;
      const job = app.jobs.start(
        'replan',
        data,
        { ...input, locked: lockedStops(stored.plan, locked), date: stored.plan.date, current: stored.plan },
        async (value) => {
          const saved = await app.store.savePlanVersion(stored.id, baseVersion, value as DayPlan, actor);
          return { planId: saved.id, version: saved.version };
        },
      );
      if (isAsync(request.query)) return reply.code(202).send(accepted(job));
      const { version } = (await awaitJob(job)) as { version: number };
      return reply.code(200).send(planResponse(await getStored(app, stored.id, version)));
    },
  );

  app.get(
    '/:id/routes/:index/geometry',
    {
      schema: {
        tags: ['plans'],
        summary: "A route's road geometry and turn-by-turn steps (OSRM v5 route response)",
        params: PlanParams.extend({ index: z.coerce.number().int().min(0) }),
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        response: { 200: OsrmRouteSchema, 404: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => {
      const stored = await getStored(app, request.params.id, request.query.version);
      const route = stored.plan.routes[request.params.index];
      if (!route)
        throw new ProblemError(404, 'Not found', `Plan '${stored.id}' has ${stored.plan.routes.length} routes; there is no route ${request.params.index}`);
      const key = `${stored.id}/${stored.version}/${request.params.index}`;
      const cached = geometryCache.get(key);
      if (cached) return cached;
      const points: LonLat[] = [[route.start.lon, route.start.lat], ...route.stops.map((s): LonLat => [s.lon, s.lat]), [route.end.lon, route.end.lat]];
      const answer = await app.routingBackend.route(points, { steps: true });
      if (geometryCache.size > 500) geometryCache.delete(geometryCache.keys().next().value!);
      geometryCache.set(key, answer);
      return answer;
    },
  );
};
