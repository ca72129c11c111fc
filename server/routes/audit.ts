import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { userOf } from '../auth/plugin.js';
import { ACCESS, type SignedInUser } from '../auth/roles.js';
import { teamScopeOf, teamSeesCase, type TeamScope } from '../auth/team-scope.js';
import { ProblemError } from '../errors.js';
import { AuditEntry, AuditQuery } from '../../contract/audit.js';
import { ProblemSchema } from '../../contract/problem.js';

/** A London calendar day's first instant, in UTC as the audit stores `at` (the clocks change in London, so not always midnight UTC). */
const londonDayStart = (date: string) => DateTime.fromISO(date, { zone: 'Europe/London' }).startOf('day').toUTC().toISO()!;

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  /**
   * A team leader of one team reads the trail of one of their team's cases, or of an account of
   * theirs (their own, their team's officers'): the whole trail names every team's cases.
   */
  async function checkTeamAudit(user: SignedInUser, query: { caseRef?: string; actor?: string }): Promise<TeamScope | undefined> {
    const scope = await teamScopeOf(app.store, user);
    if (!scope) return undefined;
    if (query.caseRef !== undefined) {
      if (await teamSeesCase(app.store, scope, query.caseRef)) return scope;
      throw new ProblemError(403, 'Forbidden', `case '${query.caseRef}' is not team ${scope.team}'s`, [
        { field: 'querystring.caseRef', message: "not your team's case" },
      ]);
    }
    if (query.actor !== undefined) {
      const account = query.actor === user.username ? undefined : await app.store.accounts.getUser(query.actor);
      if (query.actor === user.username || (account?.officerId !== undefined && scope.officerIds.has(account.officerId))) return scope;
      throw new ProblemError(403, 'Forbidden', `'${query.actor}' is not an account of team ${scope.team}`, [
        { field: 'querystring.actor', message: 'not yourself or an officer of your team' },
      ]);
    }
    throw new ProblemError(403, 'Forbidden', `a team leader of team ${scope.team} reads the trail of one of the team's cases or accounts`, [
      { field: 'querystring', message: 'give caseRef or actor' },
    ]);
  }

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
      const scope = await checkTeamAudit(userOf(request), rest);
      const until = to ? londonDayStart(DateTime.fromISO(to).plus({ days: 1 }).toISODate()!) : undefined;
      const rows = await app.store.listAudit({ ...rest, ...(from ? { since: londonDayStart(from) } : {}), ...(until ? { until } : {}) });
      // A row that lists the case among others (an import, a run sheet printed) names other teams' cases: its detail stays out.
      return scope && rest.caseRef !== undefined ? rows.map((r) => (r.entityId === rest.caseRef ? r : { ...r, detail: {} })) : rows;
    },
  );
};
