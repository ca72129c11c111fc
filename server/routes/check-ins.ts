/**
 * Lone-working check-ins (issue 13): the officer presses "checked in" (queued on the phone when
 * there is no signal, sent with an Idempotency-Key), and the team leader sees each officer's last
 * check-in of the day. When one is due is the plan's (route.checkIns); who is overdue, the client's
 * reading of the two.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { actorOf } from '../actor.js';
import { userOf } from '../auth/plugin.js';
import { teamScopeOf } from '../auth/team-scope.js';
import { ACCESS } from '../auth/roles.js';
import { ProblemError } from '../errors.js';
import { CheckInBody, CheckInResponse, CheckInsQuery, IdempotencyHeaders } from '../../contract/check-ins.js';
import { ProblemSchema } from '../../contract/problem.js';
import { answerReplay, fingerprint } from './idempotency.js';

const ZONE = 'Europe/London';
/** A phone's clock runs a little fast: a check-in "from the future" beyond this is refused. */
const CLOCK_SKEW_MINUTES = 5;

export const checkInRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    {
      config: { access: ACCESS.officer },
      schema: {
        tags: ['check-ins'],
        summary: "Record the signed-in officer's lone-working check-in",
        description: 'Safe to repeat with an Idempotency-Key header: a replayed key answers the first check-in (header Idempotent-Replayed: true).',
        headers: IdempotencyHeaders,
        body: CheckInBody,
        response: { 201: CheckInResponse, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      if (!user.officerId) throw new ProblemError(403, 'Forbidden', 'This officer account names no officer record.');
      const at = DateTime.fromISO(request.body.at, { setZone: true });
      if (at.toMillis() > Date.now() + CLOCK_SKEW_MINUTES * 60_000) {
        throw new ProblemError(422, 'Check-in in the future', 'A check-in is recorded when it happens: its time is later than now.');
      }
      const checkIn = { officerId: user.officerId, at: at.toUTC().toISO()!, recordedBy: actorOf(request) };
      const day = at.setZone(ZONE).toISODate()!;
      const key = request.headers['idempotency-key'];
      const asked = fingerprint({ kind: 'check-in', officerId: checkIn.officerId, at: checkIn.at });
      reply.code(201);
      const once = await app.store.checkIns.record(checkIn, day, key === undefined ? undefined : { key, fingerprint: asked });
      return once.replayed ? answerReplay(reply, once, asked) : once.result;
    },
  );

  app.get(
    '/',
    {
      config: { access: ACCESS.officerOrTeamLeader },
      schema: {
        tags: ['check-ins'],
        summary: "Each officer's last check-in on a day (an officer: their own; a team leader of one team: their team's)",
        querystring: CheckInsQuery,
        response: { 200: z.array(CheckInResponse) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const last = await app.store.checkIns.lastOn(request.query.date);
      if (user.role === 'officer') return last.filter((c) => c.officerId === user.officerId);
      // A team leader of one team looks after their own team's lone workers.
      const team = await teamScopeOf(app.store, user);
      return team ? last.filter((c) => team.officerIds.has(c.officerId)) : last;
    },
  );
};
