import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../actor.js';
import { ProblemSchema } from '../schemas.js';

const OutcomeKind = z.enum(['paid', 'arrangement', 'no_contact', 'goods_controlled', 'vulnerable', 'gone_away']);

const OutcomeBody = z.object({
  caseRef: z.string().min(1).max(64),
  kind: OutcomeKind,
  at: z.iso.datetime({ offset: true, local: true }).describe('when the visit happened, ISO 8601'),
  officerId: z.string().max(64).optional(),
  amount: z.number().positive().max(10_000_000).optional(),
  note: z.string().max(2000).optional(),
});

const OutcomeResponse = OutcomeBody.extend({ id: z.number().int(), recordedBy: z.string(), caseStatus: z.string() });

export const outcomeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    {
      schema: {
        tags: ['outcomes'],
        summary: 'Record a visit outcome; it feeds the next plan',
        body: OutcomeBody,
        response: { 201: OutcomeResponse, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const saved = await app.store.recordOutcome({ ...request.body, recordedBy: actorOf(request) });
      const c = await app.store.getCase(saved.caseRef);
      reply.code(201);
      return { ...saved, caseStatus: c?.status ?? 'unknown' };
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags: ['outcomes'],
        querystring: z.object({ caseRef: z.string().optional() }),
        response: { 200: z.array(OutcomeResponse.omit({ caseStatus: true })) },
      },
    },
    async (request) => app.store.listOutcomes(request.query.caseRef),
  );
};
