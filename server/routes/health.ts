import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    { schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok'), cases: z.number(), routing: z.string(), estimate: z.boolean() }) } } },
    async () => ({ status: 'ok' as const, cases: await app.store.countCases(), routing: app.routingBackend.name, estimate: app.routingBackend.estimate }),
  );
};
