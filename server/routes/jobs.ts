import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userOf } from '../auth/plugin.js';
import { ACCESS } from '../auth/roles.js';
import { ProblemError, toProblem } from '../errors.js';
import type { Job, JobView } from '../jobs/runner.js';
import { IdParams as Params } from '../../contract/common.js';
import { JobListItem, JobSchema } from '../../contract/jobs.js';
import { ProblemSchema } from '../../contract/problem.js';

function summary(job: Job): JobView {
  const v = job.view();
  // A week's result holds every day's plan: the status poll returns the ids only.
  if (v.result && typeof v.result === 'object' && 'days' in v.result) {
    const days = (v.result as { days: Array<{ id: string }> }).days;
    v.result = { planIds: days.map((d) => d.id) };
  }
  return v;
}

export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  /** Progress streams open per user: each holds a connection, so one user cannot hold them all. */
  const openStreams = new Map<string, number>();

  /** A job is its owner's (and any team leader's): to anyone else it does not exist. */
  const find = (request: FastifyRequest, id: string): Job => {
    const user = userOf(request);
    const job = app.jobs.get(id);
    if (!job || (job.owner !== user.username && user.role !== 'team_leader'))
      throw new ProblemError(404, 'Not found', `No planning job '${id}' (finished jobs are kept for a while only)`);
    return job;
  };

  app.get(
    '/',
    {
      config: { access: ACCESS.jobFollowers },
      schema: {
        tags: ['jobs'],
        summary: "The caller's planning jobs (a team leader: everyone's), newest first: find a waiting request's job to follow or cancel it",
        response: { 200: z.array(JobListItem) },
      },
    },
    async (request) => {
      const user = userOf(request);
      return app.jobs
        .list()
        .filter((job) => job.owner === user.username || user.role === 'team_leader')
        .reverse()
        .map((job) => ({ id: job.id, kind: job.kind, status: job.status, owner: job.owner, createdAt: job.createdAt }));
    },
  );

  app.get(
    '/:id',
    { config: { access: ACCESS.jobFollowers }, schema: { tags: ['jobs'], params: Params, response: { 200: JobSchema, 404: ProblemSchema } } },
    async (request) => summary(find(request, request.params.id)),
  );

  app.delete(
    '/:id',
    {
      config: { access: ACCESS.jobFollowers },
      schema: { tags: ['jobs'], summary: 'Cancel a planning job', params: Params, response: { 202: JobSchema, 404: ProblemSchema, 409: ProblemSchema } },
    },
    async (request, reply) => {
      const job = find(request, request.params.id);
      if (!app.jobs.cancel(job.id)) {
        throw new ProblemError(
          409,
          'Conflict',
          job.settling ? `Job '${job.id}' is finishing: too late to cancel` : `Job '${job.id}' has already finished (${job.status})`,
        );
      }
      return reply.code(202).send(summary(job));
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
      const job = find(request, request.params.id);
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
      const send = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const onProgress = (p: unknown) => send('progress', p);
      const onEnd = (v: JobView) => {
        const view = summary(job);
        if (v.status === 'failed') send('failed', { ...view, problem: toProblem(job.error) });
        else send(v.status, view);
        cleanup();
        raw.end();
      };
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
      const cleanup = () => {
        clearInterval(heartbeat);
        job.off('progress', onProgress);
        job.off('end', onEnd);
      };
      request.raw.on('close', cleanup);
      send('status', summary(job));
      if (job.progress) send('progress', job.progress);
      if (job.finished) onEnd(job.view());
      else {
        job.on('progress', onProgress);
        job.on('end', onEnd);
      }
    },
  );
};
