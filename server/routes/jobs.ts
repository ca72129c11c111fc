import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userOf } from '../auth/plugin.js';
import { ACCESS, type SignedInUser } from '../auth/roles.js';
import { ProblemError, toProblem } from '../errors.js';
import { isFinished, type JobRecord } from '../jobs/queue.js';
import { IdParams as Params } from '../../contract/common.js';
import { JOB_EVENTS, JobListItem, JobSchema, type JobEventName } from '../../contract/jobs.js';
import { ProblemSchema } from '../../contract/problem.js';

/** A job as the API answers it. */
function summary(job: JobRecord) {
  let result = job.result;
  // A week's result holds every day's plan: the status poll returns the ids only.
  if (result && typeof result === 'object' && 'days' in result) {
    const days = (result as { days: Array<{ id: string }> }).days;
    result = { planIds: days.map((d) => d.id) };
  }
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    ...(job.progress ? { progress: job.progress } : {}),
    ...(result !== undefined ? { result } : {}),
    // The message as an error answer gives it: a known failure says what went wrong, an internal one
    // (a database error naming a host, say) only that one happened, as the error handler answers.
    ...(job.error ? { error: { name: job.error.name, message: toProblem(job.error).detail } } : {}),
    createdAt: job.createdAt,
  };
}

export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  /** Progress streams open per user: each holds a connection, so one user cannot hold them all. */
  const openStreams = new Map<string, number>();

  /** A team leader follows every job, or, of one team, their team's (a job's team: server/jobs/queue.ts). */
  const follows = (user: SignedInUser, job: Pick<JobRecord, 'owner' | 'team'>): boolean =>
    job.owner === user.username || (user.role === 'team_leader' && (user.team === undefined || job.team === user.team));

  /** A job is its owner's (and a team leader's, as `follows` says): to anyone else it does not exist. */
  const find = async (request: FastifyRequest, id: string): Promise<JobRecord> => {
    const user = userOf(request);
    const job = await app.jobs.get(id);
    if (!job || !follows(user, job)) throw new ProblemError(404, 'Not found', `No planning job '${id}' (finished jobs are kept for a while only)`);
    return job;
  };

  app.get(
    '/',
    {
      config: { access: ACCESS.jobFollowers },
      schema: {
        tags: ['jobs'],
        summary: "The caller's planning jobs (a team leader: everyone's, or their team's), newest first: find a waiting request's job to follow or cancel it",
        response: { 200: z.array(JobListItem) },
      },
    },
    async (request) => {
      const user = userOf(request);
      return (await app.jobs.list())
        .filter((job) => follows(user, job))
        .map((job) => ({ id: job.id, kind: job.kind, status: job.status, owner: job.owner, createdAt: job.createdAt }));
    },
  );

  app.get(
    '/:id',
    { config: { access: ACCESS.jobFollowers }, schema: { tags: ['jobs'], params: Params, response: { 200: JobSchema, 404: ProblemSchema } } },
    async (request) => summary(await find(request, request.params.id)),
  );

  app.delete(
    '/:id',
    {
      config: { access: ACCESS.jobFollowers },
      schema: { tags: ['jobs'], summary: 'Cancel a planning job', params: Params, response: { 202: JobSchema, 404: ProblemSchema, 409: ProblemSchema } },
    },
    async (request, reply) => {
      const job = await find(request, request.params.id);
      const outcome = await app.jobs.cancel(job.id);
      const now = (await app.jobs.get(job.id)) ?? job;
      if (outcome !== 'cancelled') {
        throw new ProblemError(
          409,
          'Conflict',
          outcome === 'settling' ? `Job '${job.id}' is finishing: too late to cancel` : `Job '${job.id}' has already finished (${now.status})`,
        );
      }
      return reply.code(202).send(summary(now));
    },
  );

  // Server-sent events: 'progress' while the search runs, then one 'done', 'failed' or 'cancelled'.
  app.get(
    '/:id/events',
    {
      config: { access: ACCESS.jobFollowers },
      schema: {
        tags: ['jobs'],
        summary: 'Progress of a planning job as server-sent events',
        params: Params,
        produces: ['text/event-stream'],
        response: { 404: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const job = await find(request, request.params.id);
      const username = userOf(request).username;
      const open = openStreams.get(username) ?? 0;
      if (open >= app.limits.streamsPerUser) {
        throw new ProblemError(429, 'Too many streams', `you have ${open} progress streams open, the most one user may; close one first`, undefined, {
          retryAfterSeconds: 15,
        });
      }
      openStreams.set(username, open + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const left = (openStreams.get(username) ?? 1) - 1;
        if (left > 0) openStreams.set(username, left);
        else openStreams.delete(username);
      };
      reply.raw.on('close', release);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      // Each event's payload is the contract's (contract/jobs.ts JOB_EVENTS), checked by the compiler.
      const send = <E extends JobEventName>(event: E, data: z.input<(typeof JOB_EVENTS)[E]>) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      let ended = false;
      let started = false;
      /** An end heard before the status was sent, sent after it. */
      let early: JobRecord | undefined;
      const onEnd = (end: JobRecord) => {
        if (ended) return;
        if (!started) {
          early = end;
          return;
        }
        ended = true;
        const view = summary(end);
        if (end.status === 'failed') send('failed', { ...view, problem: toProblem(end.error) });
        else send(end.status === 'cancelled' ? 'cancelled' : 'done', view);
        cleanup();
        raw.end();
      };
      // Followed before the status is read again, so that an end between the two is not missed.
      const unfollow = app.jobs.follow(job.id, { progress: (p) => started && !ended && send('progress', p), end: onEnd });
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
      const cleanup = () => {
        clearInterval(heartbeat);
        unfollow();
      };
      request.raw.on('close', cleanup);
      const now = (await app.jobs.get(job.id)) ?? job;
      started = true;
      send('status', summary(now));
      if (now.progress) send('progress', now.progress);
      if (isFinished(now.status)) onEnd(now);
      else if (early) onEnd(early);
    },
  );
};
