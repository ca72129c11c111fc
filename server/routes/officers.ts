import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorOf } from '../actor.js';
import { userOf } from '../auth/plugin.js';
import { ACCESS } from '../auth/roles.js';
import { ProblemError } from '../errors.js';
import { saturdayMonth } from '../../solver/rules/saturdays.js';
import type { Officer as OfficerRecord } from '../../solver/rules/types.js';
import { IdParams } from '../../contract/common.js';
import { Crew, Officer, OfficerBody, OfficerName, SaturdayMonthSchema, SaturdaysQuery } from '../../contract/officers.js';
import { ProblemSchema } from '../../contract/problem.js';
import { saturdayRecords } from './plan-inputs.js';

/** An officer as the API answers: a record saved before the Saturday rota existed is not on it. */
const withDefaults = (o: OfficerRecord) => ({ ...o, saturdayRota: o.saturdayRota ?? false });

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
      return user.role === 'officer' ? all.filter((o) => o.id === user.officerId) : all;
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
      const [officers, records] = await Promise.all([app.store.listOfficers(), saturdayRecords(app, [month])]);
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
    { config: { access: ACCESS.planReaders }, schema: { tags: ['officers'], params: IdParams, response: { 200: Officer, 404: ProblemSchema } } },
    async (request) => {
      const user = userOf(request);
      const o = user.role === 'officer' && user.officerId !== request.params.id ? undefined : await app.store.getOfficer(request.params.id);
      if (!o) throw new ProblemError(404, 'Not found', `No officer '${request.params.id}'`);
      return withDefaults(o);
    },
  );

  app.post(
    '/',
    { config: { access: ACCESS.teamLeader }, schema: { tags: ['officers'], body: OfficerBody, response: { 201: Officer, 409: ProblemSchema } } },
    async (request, reply) => {
      const officer = { ...request.body, id: request.body.id ?? `officer-${randomUUID().slice(0, 8)}` };
      await assertKnownTeam(app, officer.team);
      reply.code(201);
      return withDefaults(await app.store.saveOfficer(officer, actorOf(request), false));
    },
  );

  app.put(
    '/:id',
    {
      config: { access: ACCESS.teamLeader },
      schema: { tags: ['officers'], params: IdParams, body: OfficerBody, response: { 200: Officer, 404: ProblemSchema } },
    },
    async (request) => {
      if (request.body.id && request.body.id !== request.params.id) {
        throw new ProblemError(400, 'Invalid request', 'the id in the body differs from the URL', [
          { field: 'body.id', message: `expected '${request.params.id}'` },
        ]);
      }
      await assertKnownTeam(app, request.body.team);
      return withDefaults(await app.store.saveOfficer({ ...request.body, id: request.params.id }, actorOf(request), true));
    },
  );

  app.delete(
    '/:id',
    { config: { access: ACCESS.teamLeader }, schema: { tags: ['officers'], params: IdParams, response: { 204: z.null(), 404: ProblemSchema } } },
    async (request, reply) => {
      await app.store.deleteOfficer(request.params.id, actorOf(request));
      return reply.code(204).send(null);
    },
  );
};

/** An officer's team must be one of the settings' teams: a typo would take them off every patch. */
async function assertKnownTeam(app: FastifyInstance, team: string | undefined): Promise<void> {
  if (team === undefined) return;
  const { teams } = await app.store.getSettings();
  if (!teams.some((t) => t.id === team)) {
    throw new ProblemError(400, 'Invalid request', `no team '${team}' in the settings' teams`, [
      { field: 'body.team', message: teams.length === 0 ? 'no teams are set (settings.teams)' : 'expected the id of a team in settings.teams' },
    ]);
  }
}

export const crewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', { config: { access: ACCESS.teamLeaderOrManager }, schema: { tags: ['crews'], response: { 200: z.array(Crew) } } }, async () =>
    app.store.listCrews(),
  );

  app.post(
    '/',
    { config: { access: ACCESS.teamLeader }, schema: { tags: ['crews'], body: Crew, response: { 201: Crew, 404: ProblemSchema } } },
    async (request, reply) => {
      if (request.body.officerIds[0] === request.body.officerIds[1]) {
        throw new ProblemError(400, 'Invalid request', 'a crew is two different officers', [
          { field: 'body.officerIds', message: 'the two officers are the same' },
        ]);
      }
      reply.code(201);
      return app.store.saveCrew(request.body, actorOf(request));
    },
  );

  app.delete(
    '/:id',
    { config: { access: ACCESS.teamLeader }, schema: { tags: ['crews'], params: IdParams, response: { 204: z.null(), 404: ProblemSchema } } },
    async (request, reply) => {
      await app.store.deleteCrew(request.params.id, actorOf(request));
      return reply.code(204).send(null);
    },
  );
};
