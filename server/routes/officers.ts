import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorOf } from '../actor.js';
import { userOf } from '../auth/plugin.js';
import { teamScopeOf, type TeamScope } from '../auth/team-scope.js';
import { ACCESS, type SignedInUser } from '../auth/roles.js';
import { ProblemError } from '../errors.js';
import { assertKnownTeam } from './known-team.js';
import { saturdayMonth } from '../../solver/rules/saturdays.js';
import type { Officer as OfficerRecord } from '../../solver/rules/types.js';
import { IdParams, ifMatchHeaders } from '../../contract/common.js';
import { Crew, Officer, OfficerBody, OfficerName, OfficerWriteHeaders, SaturdayMonthSchema, SaturdaysQuery } from '../../contract/officers.js';
import { ProblemSchema } from '../../contract/problem.js';
import { saturdayRecords } from './plan-inputs.js';
import { requiredIfMatch, withTag } from './record-version.js';

/** An officer as the API answers: a record saved before the Saturday rota existed is not on it. */
const withDefaults = (o: OfficerRecord) => ({ ...o, saturdayRota: o.saturdayRota ?? false });

/**
 * A team leader of one team keeps their team's officers: another team's record is not there (404),
 * and a record they save is their team's (403 naming body.team otherwise; their team when none is given).
 */
async function teamOfficer<T extends { team?: string }>(app: FastifyInstance, user: SignedInUser, officer: T, existingId?: string): Promise<T> {
  const scope = await teamScopeOf(app.store, user);
  if (!scope) return officer;
  if (existingId !== undefined && !scope.officerIds.has(existingId)) throw new ProblemError(404, 'Not found', `No officer '${existingId}'`);
  if (officer.team !== undefined && officer.team !== scope.team)
    throw new ProblemError(403, 'Forbidden', `a team leader of team ${scope.team} keeps their own team's officers`, [
      { field: 'body.team', message: `expected '${scope.team}'` },
    ]);
  return { ...officer, team: scope.team };
}

export const officerRoutes: FastifyPluginAsyncZod = async (app) => {
  // Officers' home start points are their personal data: an officer gets their own record only.
  app.get(
    '/',
    {
      config: { access: ACCESS.planReaders },
      schema: { tags: ['officers'], summary: 'The officers (an officer gets their own record)', response: { 200: z.array(Officer) } },
    },
    async (request) => {
      const user = userOf(request);
      const all = (await app.store.listOfficers()).map(withDefaults);
      if (user.role === 'officer') return all.filter((o) => o.id === user.officerId);
      const scope = await teamScopeOf(app.store, user);
      return scope ? all.filter((o) => scope.officerIds.has(o.id)) : all;
    },
  );

  app.get(
    '/saturdays',
    {
      config: { access: ACCESS.teamLeaderOrManager },
      schema: {
        tags: ['officers'],
        summary: "Each officer's Saturdays in a month against the quota: worked (outcomes), planned (saved plans) and still owed",
        querystring: SaturdaysQuery,
        response: { 200: z.array(SaturdayMonthSchema) },
      },
    },
    async (request) => {
      const { month } = request.query;
      const [all, records, scope] = await Promise.all([app.store.listOfficers(), saturdayRecords(app, [month]), teamScopeOf(app.store, userOf(request))]);
      const officers = scope ? all.filter((o) => scope.officerIds.has(o.id)) : all;
      return saturdayMonth(officers, month, records.worked, records.planned);
    },
  );

  app.get(
    '/names',
    {
      config: { access: ACCESS.signedIn },
      schema: {
        tags: ['officers'],
        summary: "Every officer's id and name (to label routes and crews)",
        response: { 200: z.array(OfficerName) },
      },
    },
    async () => (await app.store.listOfficers()).map((o) => ({ id: o.id, name: o.name })),
  );

  app.get(
    '/:id',
    {
      config: { access: ACCESS.planReaders },
      schema: {
        tags: ['officers'],
        summary: 'One officer, with an ETag header to send back as If-Match when replacing them',
        params: IdParams,
        response: { 200: Officer, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const scope = await teamScopeOf(app.store, user);
      const hidden = (user.role === 'officer' && user.officerId !== request.params.id) || (scope !== undefined && !scope.officerIds.has(request.params.id));
      const o = hidden ? undefined : await app.store.getOfficer(request.params.id);
      if (!o) throw new ProblemError(404, 'Not found', `No officer '${request.params.id}'`);
      // The tag of the record as stored (the defaults filled in only in the answer).
      withTag(reply, o);
      return withDefaults(o);
    },
  );

  app.post(
    '/',
    { config: { access: ACCESS.teamLeader }, schema: { tags: ['officers'], body: OfficerBody, response: { 201: Officer, 409: ProblemSchema } } },
    async (request, reply) => {
      const officer = await teamOfficer(app, userOf(request), { ...request.body, id: request.body.id ?? `officer-${randomUUID().slice(0, 8)}` });
      await assertKnownTeam(app, officer.team);
      const saved = await app.store.saveOfficer(officer, actorOf(request), false);
      withTag(reply.code(201), saved);
      return withDefaults(saved);
    },
  );

  app.put(
    '/:id',
    {
      config: { access: ACCESS.teamLeader },
      schema: {
        tags: ['officers'],
        summary: 'Replace an officer: If-Match names the version read, so an edit made since is never overwritten (412)',
        params: IdParams,
        headers: OfficerWriteHeaders,
        body: OfficerBody,
        response: { 200: Officer, 404: ProblemSchema, 412: ProblemSchema, 428: ProblemSchema },
      },
    },
    async (request, reply) => {
      if (request.body.id && request.body.id !== request.params.id) {
        throw new ProblemError(400, 'Invalid request', 'the id in the body differs from the URL', [
          { field: 'body.id', message: `expected '${request.params.id}'` },
        ]);
      }
      const officer = await teamOfficer(app, userOf(request), { ...request.body, id: request.params.id }, request.params.id);
      // After the team check: another team's officer stays a 404, whatever the headers.
      const ifMatch = requiredIfMatch(request.headers, 'replacing an officer', 'GET /api/officers/:id');
      await assertKnownTeam(app, officer.team);
      const saved = await app.store.saveOfficer(officer, actorOf(request), true, ifMatch);
      withTag(reply, saved);
      return withDefaults(saved);
    },
  );

  app.delete(
    '/:id',
    { config: { access: ACCESS.teamLeader }, schema: { tags: ['officers'], params: IdParams, response: { 204: z.null(), 404: ProblemSchema } } },
    async (request, reply) => {
      await teamOfficer(app, userOf(request), {}, request.params.id);
      await app.store.deleteOfficer(request.params.id, actorOf(request));
      return reply.code(204).send(null);
    },
  );
};

/** POST and DELETE /api/crews: the version read (the ETag of GET /api/crews/:id). */
const CrewWriteHeaders = ifMatchHeaders('GET /api/crews/:id');

export const crewRoutes: FastifyPluginAsyncZod = async (app) => {
  /** A team leader of one team: the crews of their team's officers. */
  const crewOf = (scope: TeamScope | undefined, crew: { officerIds: readonly string[] }): boolean =>
    !scope || crew.officerIds.every((id) => scope.officerIds.has(id));
  const teamCrew = async (user: SignedInUser, crew: { officerIds: readonly string[] }): Promise<boolean> => crewOf(await teamScopeOf(app.store, user), crew);

  app.get('/', { config: { access: ACCESS.teamLeaderOrManager }, schema: { tags: ['crews'], response: { 200: z.array(Crew) } } }, async (request) => {
    const crews = await app.store.listCrews();
    const scope = await teamScopeOf(app.store, userOf(request));
    return crews.filter((c) => crewOf(scope, c));
  });

  app.get(
    '/:id',
    {
      config: { access: ACCESS.teamLeaderOrManager },
      schema: {
        tags: ['crews'],
        summary: 'One crew, with an ETag header to send back as If-Match when replacing or deleting it',
        params: IdParams,
        response: { 200: Crew, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const crew = (await app.store.listCrews()).find((c) => c.id === request.params.id);
      if (!crew || !(await teamCrew(userOf(request), crew))) throw new ProblemError(404, 'Not found', `No crew '${request.params.id}'`);
      return withTag(reply, crew);
    },
  );

  app.post(
    '/',
    {
      config: { access: ACCESS.teamLeader },
      schema: {
        tags: ['crews'],
        summary: 'Make a crew; replacing the crew of that id needs its ETag as If-Match (428 without, 412 when it changed since)',
        headers: CrewWriteHeaders,
        body: Crew,
        response: { 201: Crew, 404: ProblemSchema, 409: ProblemSchema, 412: ProblemSchema, 428: ProblemSchema },
      },
    },
    async (request, reply) => {
      if (request.body.officerIds[0] === request.body.officerIds[1]) {
        throw new ProblemError(400, 'Invalid request', 'a crew is two different officers', [
          { field: 'body.officerIds', message: 'the two officers are the same' },
        ]);
      }
      // Saving replaces a crew of the same id: both the crew it replaces and the new one must be the team's.
      const existing = (await app.store.listCrews()).find((c) => c.id === request.body.id);
      if (!(await teamCrew(userOf(request), request.body)) || (existing && !(await teamCrew(userOf(request), existing))))
        throw new ProblemError(403, 'Forbidden', "a team leader of one team makes crews of their own team's officers", [
          { field: 'body.officerIds', message: 'an officer of another team' },
        ]);
      // A new crew needs no tag; one that exists is replaced only on the version read.
      const ifMatch = existing
        ? requiredIfMatch(request.headers, `crew '${request.body.id}' exists: replacing it`, 'GET /api/crews/:id')
        : request.headers['if-match'];
      return withTag(reply.code(201), await app.store.saveCrew(request.body, actorOf(request), ifMatch));
    },
  );

  app.delete(
    '/:id',
    {
      config: { access: ACCESS.teamLeader },
      schema: {
        tags: ['crews'],
        summary: 'Delete a crew (If-Match, when sent: only as read)',
        params: IdParams,
        headers: CrewWriteHeaders,
        response: { 204: z.null(), 404: ProblemSchema, 412: ProblemSchema },
      },
    },
    async (request, reply) => {
      const crew = (await app.store.listCrews()).find((c) => c.id === request.params.id);
      if (crew && !(await teamCrew(userOf(request), crew))) throw new ProblemError(404, 'Not found', `No crew '${request.params.id}'`);
      await app.store.deleteCrew(request.params.id, actorOf(request), request.headers['if-match']);
      return reply.code(204).send(null);
    },
  );
};
