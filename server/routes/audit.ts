import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ACCESS } from '../auth/roles.js';
import { ProblemError } from '../errors.js';
import { IsoDate, ProblemSchema } from '../schemas.js';

const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string().describe('ISO 8601, UTC'),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  detail: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

const Name = z.string().min(1).max(32);

const AuditQuery = z.object({
  actor: z.string().min(1).max(128).optional().describe('the username who acted'),
  caseRef: z.string().min(1).max(64).optional().describe('entries about this case, or whose detail lists it (an import, a run sheet printed)'),
  action: Name.optional().describe('e.g. create, update, delete, import, outcome, read, sign-in'),
  entity: Name.optional().describe('e.g. case, officer, crew, settings, plan, run-sheet, user, session'),
  from: IsoDate.optional().describe('first day, a London calendar day (YYYY-MM-DD)'),
  to: IsoDate.optional().describe('last day, inclusive, a London calendar day (YYYY-MM-DD)'),
  before: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('the next page: entries older than this id (the last id of the page before)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

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
