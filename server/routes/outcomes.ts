import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../actor.js';
import { userOf } from '../auth/plugin.js';
import { ACCESS } from '../auth/roles.js';
import { officerCaseRefs } from '../auth/scope.js';
import { ProblemError } from '../errors.js';
import { OutcomeBody, OutcomeListItem, OutcomeQuery, OutcomeResponse } from '../../contract/outcomes.js';
import { ProblemSchema } from '../../contract/problem.js';

export const outcomeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    {
      config: { access: ACCESS.officerOrTeamLeader },
      schema: {
        tags: ['outcomes'],
        summary: 'Record a visit outcome; it feeds the next plan (an officer: on their own stops, under their own id)',
        body: OutcomeBody,
        response: { 201: OutcomeResponse, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      let body = request.body;
      if (user.role === 'officer') {
        if (!(await officerCaseRefs(app.store, user.officerId!)).has(body.caseRef)) throw new ProblemError(404, 'Not found', `No case '${body.caseRef}'`);
        // The outcome is the officer's own visit, whatever the body says.
        body = { ...body, officerId: user.officerId };
      }
      const saved = await app.store.recordOutcome({ ...body, recordedBy: actorOf(request) });
      const c = await app.store.getCase(saved.caseRef);
      reply.code(201);
      return { ...saved, caseStatus: c?.status ?? 'unknown' };
    },
  );

  app.get(
    '/',
    {
      config: { access: ACCESS.officerOrTeamLeader },
      schema: {
        tags: ['outcomes'],
        summary: 'Recorded outcomes (an officer: of one case on their own routes)',
        querystring: OutcomeQuery,
        response: { 200: z.array(OutcomeListItem), 404: ProblemSchema },
      },
    },
    async (request) => {
      const user = userOf(request);
      const { caseRef } = request.query;
      if (user.role === 'officer' && (!caseRef || !(await officerCaseRefs(app.store, user.officerId!)).has(caseRef))) {
        throw new ProblemError(404, 'Not found', caseRef ? `No case '${caseRef}'` : 'an officer reads the outcomes of one of their cases: give caseRef');
      }
      const outcomes = await app.store.listOutcomes(caseRef);
      // Notes are officers' words about a person: reading them is recorded, as reading a case is.
      await app.store.recordEvent(user.username, 'read', 'outcome', caseRef ?? '*', {
        outcomes: outcomes.length,
        notes: outcomes.filter((o) => o.note).length,
      });
      return outcomes;
    },
  );
};
