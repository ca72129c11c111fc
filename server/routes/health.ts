import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACCESS } from '../auth/roles.js';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { access: ACCESS.public },
      schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok'), cases: z.number(), routing: z.string(), estimate: z.boolean() }) } },
    },
    async () => ({ status: 'ok' as const, cases: await app.store.countCases(), routing: app.routingBackend.name, estimate: app.routingBackend.estimate }),
  );
};
