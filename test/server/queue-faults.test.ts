/**
 * ROUNDS_QUEUE end to end, with real processes on loopback: a throwaway redis-server, two API
 * instances (server/main.ts) and two `npm run worker` processes on one SQLite file. Plans asked of
 * either instance complete; a job's progress stream works on the instance that did not take it; a
 * worker SIGKILLed mid-job leaves its job to the other, which saves it once; the queue's bound and
 * cancel hold across instances; a Redis restart keeps the queued jobs; a killed API instance's
 * client carries on at the other with the same session; road data an admin loads reaches the
 * workers' next jobs. Searches are short and the lock is 3 s, so
 * that a dead worker's job moves within seconds.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { seedDemo } from '../../server/demo/seed.js';
import { Redis } from 'ioredis';
import { QUEUE_NAME } from '../../server/jobs/queue-shared.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { CITY_OSM } from '../../solver/roads/graph/load-graph.js';
import { realPostcodes } from './helpers.js';
import { redisAvailable, startRedis, startWorker, type RedisProcess, type WorkerProcess } from './queue-processes.js';
import { signedInFetch, startServerProcess, type ServerProcess } from './server-process.js';

const SEED_DATE = '2026-03-03';
const PASSWORD = 'queue test password';
const QUEUE_MAX = 3;
type Api = Awaited<ReturnType<typeof signedInFetch>>;

const post = (api: Api, path: string, body: unknown) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A day's plan: a short search, so that the tests stay quick; `timeLimitMs` longer where a job must be caught running. */
const dayBody = (date: string, timeLimitMs = 300) => ({ date, replace: true, timeLimitMs, seed: 1 });

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}

interface JobView {
  id: string;
  status: string;
  result?: { planId?: string; version?: number };
  error?: { name: string };
}
const jobOf = async (api: Api, id: string) => (await (await api(`/api/jobs/${id}`)).json()) as JobView;
const ended = (api: Api, id: string, timeoutMs?: number) =>
  eventually(
    `job ${id} ended`,
    async () => {
      const job = await jobOf(api, id);
      return ['done', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
    },
    timeoutMs,
  );

describe.skipIf(!redisAvailable())('planning through the queue (Redis, two API instances, two workers)', () => {
  let dir: string;
  let dbPath: string;
  let redis: RedisProcess;
  let a: ServerProcess;
  let b: ServerProcess;
  let workers: WorkerProcess[] = [];
  let onA: Api;
  let onB: Api;
  // One job of a team at a time across both workers; a 3 s lock; 4 s for a stopped worker's job; a 15 s cap.
  const workerEnv = { ROUNDS_WORKER_LOCK_MS: '3000', ROUNDS_WORKER_SHUTDOWN_MS: '4000', ROUNDS_TEAM_CONCURRENCY: '1', ROUNDS_JOB_TIME_LIMIT_MS: '15000' };

  /** When each worker started and finished a job, from its log. */
  const runsOf = (jobId: string) =>
    workers.flatMap((w) =>
      w
        .output()
        .split('\n')
        .filter((line) => line.includes(jobId))
        .map((line) => JSON.parse(line) as { msg: string; time: number }),
    );

  const inspect = <T>(sql: string, ...params: unknown[]): T => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db.prepare(sql).get(...params) as T;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-queue-'));
    dbPath = join(dir, 'rounds.sqlite');
    const store = new SqliteStore(dbPath);
    await seedDemo(store, realPostcodes(), { seedDate: SEED_DATE });
    const passwordHash = await hashPassword(PASSWORD);
    for (const [username, role] of [
      ['tl', 'team_leader'],
      ['tl2', 'team_leader'],
      ['mgr', 'manager'],
      ['adm', 'admin'],
    ] as const)
      await store.accounts.createUser({ username, displayName: username.toUpperCase(), role, source: 'local', passwordHash }, 'test-setup');
    await store.close();
    redis = await startRedis(dir);
    const env = { ROUNDS_DEMO: '0', ROUNDS_QUEUE: redis.url, ROUNDS_JOB_QUEUE_MAX: String(QUEUE_MAX) };
    // One after the other: the first may build the client.
    a = await startServerProcess(dbPath, env);
    b = await startServerProcess(dbPath, env);
    workers = await Promise.all([startWorker(dbPath, redis.url, workerEnv), startWorker(dbPath, redis.url, workerEnv)]);
    onA = await signedInFetch(a.base, 'tl', PASSWORD);
    onB = await signedInFetch(b.base, 'tl', PASSWORD);
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled([...workers.map((w) => w.stop()), a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('plans asked of either instance complete, and each instance answers for the other’s jobs', async () => {
    const waited = await post(onA, '/api/plans', dayBody(SEED_DATE));
    expect(waited.status, await waited.clone().text()).toBe(201);
    const plan = (await waited.json()) as { id: string; version: number; date: string };
    expect(plan).toMatchObject({ version: 1, date: SEED_DATE });

    const accepted = await post(onB, '/api/plans?async=1', dayBody('2026-03-04'));
    expect(accepted.status).toBe(202);
    const { jobId } = (await accepted.json()) as { jobId: string };
    const done = await ended(onA, jobId);
    expect(done).toMatchObject({ status: 'done', result: { version: 1 } });
    expect((await onB(`/api/plans/${done.result!.planId}`)).status).toBe(200);
    // Both instances list it, with its owner.
    for (const api of [onA, onB]) expect(((await (await api('/api/jobs')).json()) as JobView[]).map((j) => j.id)).toContain(jobId);
    // A re-plan of it on B and a two-day week on A: the worker saves them, the waiting requests answer.
    const route = (plan as unknown as { routes: Array<{ officerIds: string[]; start: { lat: number; lon: number } }> }).routes[0];
    const replanned = await post(onB, `/api/plans/${plan.id}/replan`, {
      officerIds: route.officerIds,
      from: { time: `${SEED_DATE}T12:00:00Z`, lat: route.start.lat, lon: route.start.lon },
      timeLimitMs: 300,
      seed: 1,
    });
    expect(replanned.status, await replanned.clone().text()).toBe(200);
    expect(await replanned.json()).toMatchObject({ id: plan.id, version: 2 });
    const week = await post(onA, '/api/plans/week', { from: '2026-03-24', days: 2, replace: true, timeLimitMs: 200, seed: 1 });
    expect(week.status, await week.clone().text()).toBe(201);
    const days = ((await week.json()) as { days: Array<{ id: string; date: string; version: number }> }).days;
    expect(days.map((d) => [d.date, d.version])).toEqual([
      ['2026-03-24', 1],
      ['2026-03-25', 1],
    ]);
    expect(inspect<{ n: number }>("SELECT count(*) AS n FROM plan_versions WHERE job_id LIKE '%:2026-03-2_'").n).toBe(2);
    // What Redis keeps of them for an hour: no plan and no position (out of an erasure's reach).
    const kept = new Redis(redis.url, { lazyConnect: true });
    try {
      const jobs = (await (await onA('/api/jobs')).json()) as Array<JobView & { kind: string }>;
      for (const job of jobs.filter((j) => j.kind === 'replan' || j.kind === 'week')) {
        const [data, returned] = await kept.hmget(`bull:${QUEUE_NAME}:${job.id}`, 'data', 'returnvalue');
        expect(data, job.kind).not.toMatch(/"current"|"lat"|"lon"|"routes"/);
        expect(returned, job.kind).not.toMatch(/"routes"|"stops"/);
      }
      expect(jobs.map((j) => j.kind)).toEqual(expect.arrayContaining(['replan', 'week']));
    } finally {
      kept.disconnect();
    }
    // An unknown id is a 404 on both.
    for (const api of [onA, onB]) expect((await api('/api/jobs/no-such-job')).status).toBe(404);
  }, 120_000);

  it("keeps a job to its owner and the team leaders on every instance (a manager's sweep)", async () => {
    const manager = await signedInFetch(a.base, 'mgr', PASSWORD);
    const admin = await signedInFetch(b.base, 'adm', PASSWORD);
    const accepted = await post(manager, '/api/plans/sweep', { date: SEED_DATE, weights: [0.5, 2], timeLimitMs: 200, seed: 1 });
    expect(accepted.status).toBe(202);
    const { jobId } = (await accepted.json()) as { jobId: string };
    expect((await admin(`/api/jobs/${jobId}`)).status).toBe(404);
    expect((await admin(`/api/jobs/${jobId}`, { method: 'DELETE' })).status).toBe(404);
    expect(((await (await admin('/api/jobs')).json()) as JobView[]).map((j) => j.id)).not.toContain(jobId);
    const done = await ended(onB, jobId);
    expect(done.status).toBe('done');
    expect((done.result as unknown as { points: unknown[] }).points).toHaveLength(2);
    expect((await jobOf(await signedInFetch(b.base, 'mgr', PASSWORD), jobId)).status).toBe('done');
  }, 120_000);

  it('streams the progress and end of a job taken by A on B', async () => {
    const accepted = await post(onA, '/api/plans?async=1', dayBody('2026-03-05', 1500));
    const { jobId } = (await accepted.json()) as { jobId: string };
    const stream = await onB(`/api/jobs/${jobId}/events`);
    expect(stream.status).toBe(200);
    const text = await stream.text();
    expect(text).toContain('event: status');
    expect(text).toContain('event: progress');
    expect(text).toMatch(/event: done\ndata: .*"planId"/);
    // No personal data in the events: the demo's names never appear.
    expect(text).not.toMatch(/"name"|"address"|"postcode"/);
  }, 120_000);

  it('cancels a running job from the other instance: nothing saved', async () => {
    const accepted = await post(onA, '/api/plans?async=1', dayBody('2026-03-06', 20_000));
    const { jobId } = (await accepted.json()) as { jobId: string };
    await eventually('the job runs', async () => ((await jobOf(onB, jobId)).status === 'running' ? true : undefined));
    const cancelled = await onB(`/api/jobs/${jobId}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(202);
    expect(((await cancelled.json()) as JobView).status).toBe('cancelled');
    expect(await ended(onA, jobId, 20_000)).toMatchObject({ status: 'cancelled', error: { name: 'JobCancelledError' } });
    expect(inspect<{ n: number }>("SELECT count(*) AS n FROM plans WHERE date = '2026-03-06'").n).toBe(0);
  }, 120_000);

  it('does not save over a day plan edited while the job ran: failed with a conflict, not retried, the edit kept', async () => {
    const made = await post(onA, '/api/plans', dayBody('2026-03-10'));
    expect(made.status, await made.clone().text()).toBe(201);
    const plan = (await made.json()) as { id: string; version: number; routes: Array<{ officerIds: string[]; stops: Array<{ caseRefs: string[] }> }> };
    const accepted = await post(onA, '/api/plans?async=1', dayBody('2026-03-10', 3000));
    const { jobId } = (await accepted.json()) as { jobId: string };
    // An officer's order saved on B while the worker searches.
    const routes = plan.routes.map((r) => ({ officerIds: r.officerIds, caseRefs: r.stops.map((st) => st.caseRefs) }));
    const edited = await onB(`/api/plans/${plan.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ routes, baseVersion: plan.version }),
    });
    expect(edited.status, await edited.clone().text()).toBe(200);
    expect(await ended(onB, jobId, 60_000)).toMatchObject({ status: 'failed', error: { name: 'ConflictError' } });
    expect(runsOf(jobId).filter((l) => l.msg === 'planning job started')).toHaveLength(1);
    expect(inspect<{ n: number }>("SELECT count(*) AS n FROM plans WHERE date = '2026-03-10'").n).toBe(1);
    expect((await (await onA('/api/plans/current?date=2026-03-10')).json()) as { id: string; version: number }).toMatchObject({ id: plan.id, version: 2 });
  }, 120_000);

  it("runs one team's jobs one at a time across workers, another team's beside them", async () => {
    const onB2 = await signedInFetch(b.base, 'tl2', PASSWORD);
    const asked = await Promise.all([
      post(onA, '/api/plans?async=1', dayBody('2026-03-17', 1500)),
      post(onB, '/api/plans?async=1', dayBody('2026-03-18', 1500)),
      post(onB2, '/api/plans?async=1', dayBody('2026-03-19', 1500)),
    ]);
    const [first, second, other] = await Promise.all(asked.map(async (res) => ((await res.json()) as { jobId: string }).jobId));
    for (const id of [first, second, other]) expect((await ended(onA, id)).status).toBe('done');
    // A worker logs a job done just after the queue marks it so: wait for both of its lines.
    const span = (id: string) =>
      eventually(
        `job ${id}'s log lines`,
        async () => {
          const lines = runsOf(id);
          const start = lines.find((l) => l.msg === 'planning job started');
          const end = lines.find((l) => l.msg === 'planning job done');
          return start && end ? { start: start.time, end: end.time } : undefined;
        },
        10_000,
      );
    const [x, y] = [await span(first), await span(second)];
    expect(x.end <= y.start || y.end <= x.start, JSON.stringify({ x, y })).toBe(true);
  }, 120_000);

  it('stops a job at the wall-clock cap on the worker: failed, not retried, nothing saved', async () => {
    const accepted = await post(onA, '/api/plans?async=1', dayBody('2026-03-20', 30_000));
    const { jobId } = (await accepted.json()) as { jobId: string };
    const failed = await ended(onB, jobId, 60_000);
    expect(failed).toMatchObject({ status: 'failed', error: { name: 'JobTimeLimitError' } });
    expect(runsOf(jobId).filter((l) => l.msg === 'planning job started')).toHaveLength(1);
    expect(inspect<{ n: number }>("SELECT count(*) AS n FROM plans WHERE date = '2026-03-20'").n).toBe(0);
  }, 120_000);

  it('puts the job of a worker stopped with SIGTERM back on the queue past the grace time; the other worker saves it', async () => {
    const accepted = await post(onA, '/api/plans?async=1', dayBody('2026-03-23', 10_000));
    const { jobId } = (await accepted.json()) as { jobId: string };
    const running = await eventually('a worker took the job', async () => workers.find((w) => w.output().includes(jobId)));
    // It exits by itself once the grace time is over and the job is back on the queue.
    expect(await running.stop()).toBe(true);
    const survivor = workers.find((w) => w !== running)!;
    expect((await ended(onB, jobId, 90_000)).status).toBe('done');
    expect(survivor.output()).toContain(jobId);
    expect(inspect<{ n: number }>('SELECT count(*) AS n FROM plan_versions WHERE job_id = ?', jobId).n).toBe(1);
    workers = [survivor, await startWorker(dbPath, redis.url, workerEnv)];
  }, 180_000);

  it('moves the job of a worker SIGKILLed mid-search to the other worker, which saves one plan version', async () => {
    const accepted = await post(onB, '/api/plans?async=1', dayBody('2026-03-09', 4000));
    const { jobId } = (await accepted.json()) as { jobId: string };
    const running = await eventually('a worker took the job', async () => workers.find((w) => w.output().includes(jobId)));
    await new Promise((r) => setTimeout(r, 1000));
    await running.kill9();
    const survivor = workers.find((w) => w !== running)!;
    const done = await ended(onA, jobId, 90_000);
    expect(done.status, JSON.stringify(done)).toBe('done');
    expect(survivor.output()).toContain(jobId);
    expect(inspect<{ n: number }>('SELECT count(*) AS n FROM plan_versions WHERE job_id = ?', jobId).n).toBe(1);
    expect(inspect<{ n: number }>("SELECT count(*) AS n FROM plans WHERE date = '2026-03-09'").n).toBe(1);
    expect(inspect<{ n: number }>("SELECT count(*) AS n FROM audit WHERE entity = 'plan' AND entity_id = ?", done.result!.planId).n).toBe(1);
    workers = [survivor, await startWorker(dbPath, redis.url, workerEnv)];
  }, 180_000);

  it('bounds the queue across instances (429 with Retry-After), cancels a waiting job anywhere, and keeps queued jobs over a Redis restart (503 meanwhile)', async () => {
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
    const ids: string[] = [];
    for (const [i, api] of [onA, onB, onA].entries()) {
      const res = await post(api, '/api/plans?async=1', dayBody(`2026-03-1${i}`));
      expect(res.status, await res.clone().text()).toBe(202);
      ids.push(((await res.json()) as { jobId: string }).jobId);
    }
    const refused = await post(onB, '/api/plans?async=1', dayBody('2026-03-13'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(5);
    expect(await refused.json()).toMatchObject({ status: 429, title: 'Too many planning jobs' });
    // A waiting job cancelled on the other instance leaves the queue at once.
    expect((await onB(`/api/jobs/${ids[2]}`, { method: 'DELETE' })).status).toBe(202);
    expect((await jobOf(onA, ids[2])).status).toBe('cancelled');
    const room = await post(onB, '/api/plans?async=1', dayBody('2026-03-13'));
    expect(room.status).toBe(202);
    ids.push(((await room.json()) as { jobId: string }).jobId);

    await redis.stop();
    // Meanwhile a new job is refused at once, and is not added behind the client's back when Redis returns.
    const away = await post(onA, '/api/plans?async=1', dayBody('2026-03-26'));
    expect(away.status).toBe(503);
    expect(await away.json()).toMatchObject({ status: 503, title: 'Planning queue unavailable' });
    expect(away.headers.get('retry-after')).toBe('30');
    expect((await onB('/api/health')).status).toBe(200);
    await redis.start();
    const queued = [ids[0], ids[1], ids[3]];
    // Both instances reconnect by themselves and find the jobs still waiting.
    for (const api of [onA, onB])
      for (const id of queued)
        expect(await eventually(`job ${id} readable again`, async () => ((await api(`/api/jobs/${id}`)).ok ? (await jobOf(api, id)).status : undefined))).toBe(
          'queued',
        );
    workers = [await startWorker(dbPath, redis.url, workerEnv)];
    for (const id of queued) expect(await ended(onB, id, 90_000)).toMatchObject({ status: 'done', result: { version: 1 } });
    expect((await jobOf(onA, ids[2])).status).toBe('cancelled');
    expect(inspect<{ n: number }>("SELECT count(*) AS n FROM plans WHERE date = '2026-03-26'").n).toBe(0);
  }, 240_000);

  it('carries on at B with the same session when A is killed', async () => {
    // Signed in at A; the session is in the store, not in A.
    const signIn = await post(fetch, `${a.base}/api/session`, { username: 'tl2', password: PASSWORD });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie()[0].split(';')[0];
    await a.kill9();
    const atB: Api = (path, init = {}) => fetch(`${b.base}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
    expect(((await (await atB('/api/session')).json()) as { username: string }).username).toBe('tl2');
    const res = await post(atB, '/api/plans', dayBody('2026-03-16'));
    expect(res.status, await res.clone().text()).toBe(201);
    expect(((await res.json()) as { createdBy: string }).createdBy).toBe('tl2');
  }, 120_000);

  it('plans on road data an admin loaded from the app from the next job, with no worker restarted', async () => {
    // The City of London's extract loaded at B: the demo's officers now start beyond the road data.
    const admin = await signedInFetch(b.base, 'adm', PASSWORD);
    const accepted = await admin('/api/roads/extract?name=london-city.osm.pbf', {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: readFileSync(CITY_OSM),
    });
    expect(accepted.status, await accepted.clone().text()).toBe(202);
    const { jobId } = (await accepted.json()) as { jobId: string };
    expect(await ended(admin, jobId)).toMatchObject({ status: 'done' });
    // Each worker read the switch before its next job: the plan is refused on the City's roads, by the worker that took it.
    const res = await post(onB, '/api/plans', dayBody('2026-03-17'));
    expect(res.status, await res.clone().text()).toBe(422);
    expect(((await res.json()) as { detail: string }).detail).toContain('is outside the road data in use (london-city.osm.pbf)');
    expect(workers.some((w) => w.output().includes('road data switched'))).toBe(true);
  }, 180_000);
});
