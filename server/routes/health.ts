import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACCESS } from '../auth/roles.js';

const Health = z.object({
  status: z.literal('ok'),
  cases: z.number(),
  routing: z.string(),
  estimate: z.boolean(),
  checkerDisagreements: z
    .number()
    .int()
    .describe('times since the server started that the search and its independent checker disagreed on a plan: a solver bug, each one logged'),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', { config: { access: ACCESS.public }, schema: { tags: ['health'], response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
    cases: await app.store.countCases(),
    routing: app.routingBackend.name,
    estimate: app.routingBackend.estimate,
    checkerDisagreements: app.jobs.checkerDisagreements,
  }));
};
