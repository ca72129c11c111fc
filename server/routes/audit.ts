import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ACCESS } from '../auth/roles.js';
import { ProblemError } from '../errors.js';
import { AuditEntry, AuditQuery } from '../../contract/audit.js';
import { ProblemSchema } from '../../contract/problem.js';

/** A London calendar day's first instant, in UTC as the audit stores `at` (the clocks change in London, so not always midnight UTC). */
const londonDayStart = (date: string) => DateTime.fromISO(date, { zone: 'Europe/London' }).startOf('day').toUTC().toISO()!;

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { access: ACCESS.auditors },
      schema: {
        tags: ['audit'],
        summary: 'Who changed or read what, newest first; every filter given must hold; page on with before=<last id>',
        querystring: AuditQuery,
        response: { 200: z.array(AuditEntry), 400: ProblemSchema },
      },
    },
    async (request) => {
      const { from, to, ...rest } = request.query;
      if (from && to && from > to)
        throw new ProblemError(400, 'Invalid request', `from ${from} is after to ${to}`, [{ field: 'querystring.from', message: 'after to' }]);
      const until = to ? londonDayStart(DateTime.fromISO(to).plus({ days: 1 }).toISODate()!) : undefined;
      return app.store.listAudit({ ...rest, ...(from ? { since: londonDayStart(from) } : {}), ...(until ? { until } : {}) });
    },
  );
};
