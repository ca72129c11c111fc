/**
 * One API instance in-process on ROUNDS_QUEUE (a throwaway redis-server, no worker): a road build
 * still runs in the instance's own threads and its event stream, listing and end come from there;
 * a planning job waits in Redis, and cancelling it ends its stream with 'cancelled' at once.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { RedisQueue } from '../../server/jobs/redis-queue.js';
import { ThreadQueue } from '../../server/jobs/thread-queue.js';
import { CITY_OSM } from '../../solver/roads/graph/load-graph.js';
import { makeApp, type TestApp } from './helpers.js';
import { redisAvailable, startRedis, type RedisProcess } from './queue-processes.js';

describe.skipIf(!redisAvailable())('an API instance on the queue', () => {
  let dir: string;
  let redis: RedisProcess;
  let t: TestApp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-queue-app-'));
    redis = await startRedis(dir);
    t = await makeApp({
      extra: { planningQueue: (runner, store, log) => new RedisQueue(new ThreadQueue(runner, store), { url: redis.url, maxQueued: 4, log }) },
    });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("builds a road extract in the instance's own thread, followed over its event stream", async () => {
    const admin = t.as('admin');
    const accepted = await admin({
      method: 'PUT',
      url: '/api/roads/extract?name=london-city.osm.pbf',
      headers: { 'content-type': 'application/octet-stream' },
      payload: readFileSync(CITY_OSM),
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const { jobId } = accepted.json<{ jobId: string }>();
    const stream = await admin({ url: `/api/jobs/${jobId}/events` });
    expect(stream.body).toContain('event: progress');
    expect(stream.body).toMatch(/event: done\ndata: .*"roadKm"/);
    expect((await admin({ url: '/api/jobs' })).json()).toContainEqual(expect.objectContaining({ id: jobId, kind: 'roads', status: 'done' }));
  }, 120_000);

  it('keeps a planning job waiting in Redis with no worker; a cancel ends its stream at once', async () => {
    await seedDemo(t.store, t.app.postcodes, { seedDate: '2026-03-03', cases: 200 });
    const accepted = await t.inject({ method: 'POST', url: '/api/plans?async=1', payload: { date: '2026-03-03', timeLimitMs: 300 } });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const { jobId } = accepted.json<{ jobId: string }>();
    expect(t.app.jobRunner.list().map((j) => j.id)).not.toContain(jobId);
    expect((await t.inject({ url: `/api/jobs/${jobId}` })).json()).toMatchObject({ status: 'queued', kind: 'plan' });
    const stream = t.inject({ url: `/api/jobs/${jobId}/events` });
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.inject({ method: 'DELETE', url: `/api/jobs/${jobId}` })).statusCode).toBe(202);
    const body = (await stream).body;
    expect(body).toContain('event: status');
    expect(body).toMatch(/event: cancelled\ndata: .*"status":"cancelled"/);
    expect((await t.inject({ method: 'DELETE', url: `/api/jobs/${jobId}` })).statusCode).toBe(409);
  }, 60_000);
});
