import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACCESS } from '../auth/roles.js';

const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { access: ACCESS.auditors },
      schema: {
        tags: ['audit'],
        summary: 'Who changed what, newest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), entity: z.string().max(32).optional() }),
        response: { 200: z.array(AuditEntry) },
      },
    },
    async (request) => app.store.listAudit(request.query),
  );
};
