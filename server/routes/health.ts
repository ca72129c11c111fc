import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Health } from '../../contract/health.js';
import { ACCESS } from '../auth/roles.js';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', { config: { access: ACCESS.public }, schema: { tags: ['health'], response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
    cases: await app.store.countCases(),
    routing: app.routingBackend.name,
    estimate: app.routingBackend.estimate,
    checkerDisagreements: await app.jobs.checkerDisagreements(),
  }));
};
