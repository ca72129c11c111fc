import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../actor.js';
import { userOf } from '../auth/plugin.js';
import { ACCESS } from '../auth/roles.js';
import { officerCaseRefs } from '../auth/scope.js';
import { teamScopeOf, teamSeesCase, teamsOwn } from '../auth/team-scope.js';
import { ProblemError } from '../errors.js';
import { addDays } from '../../solver/rules/calendar.js';
import { localPartsOf } from '../../solver/rules/instants.js';
import { IdempotencyHeaders } from '../../contract/check-ins.js';
import { OutcomeBody, OutcomeListItem, OutcomeQuery, OutcomeResponse } from '../../contract/outcomes.js';
import { ProblemSchema } from '../../contract/problem.js';
import type { RecordedOutcome } from '../store/store.js';
import { answerReplay, fingerprint } from './idempotency.js';

/** The answer for a keyed outcome: the outcome as recorded, with the status it left its case in then. */
function replayed({ outcome, caseStatus }: RecordedOutcome): z.infer<typeof OutcomeResponse> {
  const { balanceBefore: _kept, ...shown } = outcome;
  return { ...shown, caseStatus };
}

/** Outcome days are London days, as check-ins' are. */
const ZONE = 'Europe/London';

/** The Link header (RFC 8288) of the page after one that read up to `lastId`, keeping the caller's filters and limit. */
function nextLink(query: { caseRef?: string; since?: string; limit: number }, lastId: number): string {
  const params = new URLSearchParams();
  if (query.caseRef !== undefined) params.set('caseRef', query.caseRef);
  if (query.since !== undefined) params.set('since', query.since);
  params.set('limit', String(query.limit));
  params.set('after', String(lastId));
  return `</api/outcomes?${params.toString()}>; rel="next"`;
}

export const outcomeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    {
      config: { access: ACCESS.officerOrTeamLeader },
      schema: {
        tags: ['outcomes'],
        summary: 'Record a visit outcome; it feeds the next plan (an officer: on their own stops, under their own id)',
        description:
          'With an Idempotency-Key header the request is safe to repeat (a phone re-sending a queued outcome): a key already used by the same user answers the first result (201, header Idempotent-Replayed: true) and records nothing; the key with a different body is a 422.',
        headers: IdempotencyHeaders,
        body: OutcomeBody,
        response: { 201: OutcomeResponse, 404: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const key = request.headers['idempotency-key'];
      let body = request.body;
      reply.code(201);
      // A replay answers the first result even if the case has since left the officer's route.
      const first = key === undefined ? undefined : await app.store.keyedOutcome(actorOf(request), key);
      const asked = () => fingerprint(user.role === 'officer' ? { ...body, officerId: user.officerId } : body);
      if (first) return replayed(answerReplay(reply, first, asked()));
      const team = await teamScopeOf(app.store, user);
      if (team) {
        if (!(await teamSeesCase(app.store, team, body.caseRef))) throw new ProblemError(404, 'Not found', `No case '${body.caseRef}'`);
        if (body.officerId !== undefined && !team.officerIds.has(body.officerId))
          throw new ProblemError(403, 'Forbidden', `officer '${body.officerId}' is not in team ${team.team}`, [
            { field: 'body.officerId', message: `not an officer of team ${team.team}` },
          ]);
      }
      if (user.role === 'officer') {
        if (!(await officerCaseRefs(app.store, user.officerId!)).has(body.caseRef)) throw new ProblemError(404, 'Not found', `No case '${body.caseRef}'`);
        // The outcome is the officer's own visit, whatever the body says.
        body = { ...body, officerId: user.officerId };
      }
      if (key !== undefined) {
        const once = await app.store.recordOutcomeOnce({ ...body, recordedBy: actorOf(request) }, { key, fingerprint: fingerprint(body) });
        return replayed(once.replayed ? answerReplay(reply, once, fingerprint(body)) : once.result);
      }
      const saved = await app.store.recordOutcome({ ...body, recordedBy: actorOf(request) });
      const c = await app.store.getCase(saved.caseRef);
      return { ...saved, caseStatus: c?.status ?? 'unknown' };
    },
  );

  app.get(
    '/',
    {
      config: { access: ACCESS.officerOrTeamLeader },
      schema: {
        tags: ['outcomes'],
        summary: 'Recorded outcomes, oldest first (an officer: of one case on their own routes, or of all of them since a day)',
        description:
          'Paged by id: a page reads at most `limit` outcomes with an id above `after`, then keeps those the caller may see (an officer: their own cases; a team leader of a team: its cases; `since`: the London day). So a page may hold fewer than `limit`, even none, and still not be the last: while the answer carries a `Link: <...>; rel="next"` header, follow it (it keeps caseRef, since and limit, with `after` the last id read); the last page has no `Link`.',
        querystring: OutcomeQuery,
        response: { 200: z.array(OutcomeListItem), 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const { caseRef, since, limit, after } = request.query;
      const own = user.role === 'officer' ? await officerCaseRefs(app.store, user.officerId!) : undefined;
      if (own && (caseRef ? !own.has(caseRef) : since === undefined)) {
        throw new ProblemError(
          404,
          'Not found',
          caseRef ? `No case '${caseRef}'` : 'an officer reads the outcomes of one of their cases (caseRef) or of their routes since a day (since)',
        );
      }
      const team = await teamScopeOf(app.store, user);
      if (team && caseRef && !(await teamSeesCase(app.store, team, caseRef))) throw new ProblemError(404, 'Not found', `No case '${caseRef}'`);
      // The London day of each, as planning reads it: a time without an offset is a London time.
      const onOrAfter = (o: { at: string }) => since === undefined || localPartsOf(o.at, ZONE, 'outcome time').date >= since;
      // The store reads from two days before: any offset (less than a day) puts a time's written
      // date within a day of its UTC date, and London's within a day too; the London day is checked here.
      const stored = await app.store.listOutcomes(caseRef, since === undefined ? undefined : addDays(since, -2), { after: after ?? 0, limit });
      // A full page read may have more after it: the next starts after the last row read (kept or not).
      if (stored.length === limit) reply.header('link', nextLink({ caseRef, since, limit }, stored[stored.length - 1].id));
      const all = stored.filter((o) => onOrAfter(o) && (!own || own.has(o.caseRef)));
      // A team leader of one team reads their team's cases' outcomes only.
      const outcomes = team && !caseRef ? await teamsOwn(app.store, team, all) : all;
      // Notes are officers' words about a person: reading them is recorded, as reading a case is.
      await app.store.recordEvent(user.username, 'read', 'outcome', caseRef ?? '*', {
        ...(since ? { since } : {}),
        ...(after !== undefined ? { after } : {}),
        outcomes: outcomes.length,
        notes: outcomes.filter((o) => o.note).length,
      });
      return outcomes;
    },
  );
};
