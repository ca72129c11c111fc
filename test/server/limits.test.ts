/**
 * Limits, so that one request cannot take the service down (issue 8): the import's size, record
 * and field caps, the plan edits' sizes, the planning queue, the job's wall-clock cap, the search
 * one request may ask for, a waiting request whose client leaves, and the progress streams per
 * user. Uploads that stream, stop or disconnect go over a real socket (node:http), not inject.
 */
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_LIMITS } from '../../server/config.js';
import { seedDemo } from '../../server/demo/seed.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { CSV_HEADER, csvBody, importCsv, makeApp, OFFICER, sessionCookie, TEST_PASSWORD, type TestApp } from './helpers.js';

const DATE = '2026-03-03';
const FAST = { timeLimitMs: 300, maxIterations: 200, seed: 1, replace: true };
/** A search long enough to still be running when the test looks; every test stops its own. */
const LONG = { timeLimitMs: 60_000, seed: 1, replace: true };

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request over a real connection: the answer, whenever it comes, and the request to write to or destroy. */
function open(
  port: number,
  options: { method: string; path: string; headers: Record<string, string | number> },
): { req: ClientRequest; answer: Promise<Answer> } {
  const req = httpRequest({ host: '127.0.0.1', port, agent: false, ...options });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      // A stream cut short still answered with its status.
      res.on('close', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
  // Once answered, the server may close the connection on a body still being written: not a failure here.
  answer.catch(() => undefined);
  return { req, answer };
}

async function listen(t: TestApp): Promise<number> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return (t.app.server.address() as AddressInfo).port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` gives a value (not undefined), or fails after `ms`. */
async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(50);
  }
}

/** A valid import row, about 90 bytes. */
const row = (i: number) => `LIM-${i},D-${i},Alex Example,1 Sample Road,N11 1NN,,,council_tax,100,2026-01-05,2026-02-02,domestic,,no,no,,`;
const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => row(from + i)).join('\n') + '\n';

describe('the case import', () => {
  const MAX = 64 * 1024;
  let t: TestApp;
  let port: number;
  let csvHeaders: Record<string, string>;

  beforeAll(async () => {
    t = await makeApp({ captureLogs: true, extra: { limits: { importMaxBytes: MAX } } });
    port = await listen(t);
    csvHeaders = { 'content-type': 'text/csv', cookie: await t.cookie('team_leader') };
  });
  afterAll(async () => t.close());

  it('refuses a file whose content-length is over the cap with a 413 naming the limit, before reading it', async () => {
    const { req, answer } = open(port, { method: 'POST', path: '/api/cases/import', headers: { ...csvHeaders, 'content-length': MAX + 1 } });
    // Only the start of the body is sent: the answer must not wait for the rest.
    req.write(`${CSV_HEADER}\n${rows(0, 10)}`);
    const res = await answer;
    req.destroy();
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = JSON.parse(res.body);
    expect(problem).toMatchObject({ status: 413, title: 'Import file too large', maxBytes: MAX });
    // The rest of the body is not read: the connection ends with the answer.
    expect(res.headers.connection).toBe('close');
    expect(problem.detail).toContain(`${MAX} bytes`);
    expect(await t.store.countCases()).toBe(0);
  });

  it('refuses a streamed (chunked) file once it passes the cap, and imports none of it', async () => {
    const { req, answer } = open(port, { method: 'POST', path: '/api/cases/import', headers: csvHeaders });
    let answered = false;
    void answer.then(() => (answered = true));
    req.write(`${CSV_HEADER}\n`);
    let sent = 0;
    // 8 kB at a time, valid rows all, until the server answers (or well past the cap).
    for (let i = 0; !answered && sent < 4 * MAX; i += 90) {
      const chunk = rows(i, 90);
      sent += chunk.length;
      await new Promise<void>((resolve) => req.write(chunk, () => resolve()));
      await sleep(5);
    }
    const res = await answer;
    req.destroy();
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ title: 'Import file too large', maxBytes: MAX });
    expect(res.headers.connection).toBe('close');
    expect(sent).toBeGreaterThan(MAX);
    expect(sent).toBeLessThan(2 * MAX);
    expect(await t.store.countCases()).toBe(0);
  });

  it('imports a streamed file under the cap as before', async () => {
    const { req, answer } = open(port, { method: 'POST', path: '/api/cases/import', headers: csvHeaders });
    req.write(`${CSV_HEADER}\n`);
    for (let i = 0; i < 300; i += 100) req.write(rows(10_000 + i, 100));
    req.end();
    const res = await answer;
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ imported: 300, updated: 0, kept: [], otherName: [] });
    expect(await t.store.countCases()).toBe(300);
  });

  it('ends an upload the client abandons half-way: nothing imported, the server answers the next request', async () => {
    const before = await t.store.countCases();
    const { req } = open(port, { method: 'POST', path: '/api/cases/import', headers: { ...csvHeaders, 'content-length': 50_000 } });
    req.on('error', () => undefined);
    // Complete, valid rows: had the server imported what it read, they would be there.
    req.write(`${CSV_HEADER}\n${rows(20_000, 50)}`);
    await sleep(200);
    req.destroy();
    await eventually(() => (t.logs().includes('import aborted') ? true : undefined), 5000);
    const health = await t.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(await t.store.countCases()).toBe(before);
    expect(await t.store.getCase('LIM-20000')).toBeUndefined();
  });

  it('reports a record over the record cap as a row error, and imports nothing', async () => {
    const huge = `LIM-X,D-X,"${'A'.repeat(12_000)}",1 Sample Road,N11 1NN,,,council_tax,100,2026-01-05,2026-02-02,domestic,,no,no,,`;
    const res = await importCsv(t.inject, csvBody([row(30_000), huge, row(30_001)]));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ row: 3, field: '*', message: expect.stringContaining('longer than 10000 characters') }]);
    expect(await t.store.getCase('LIM-30000')).toBeUndefined();
  });

  it('reports each field over its length with its row and column, and imports nothing', async () => {
    const longName = row(40_001).replace('Alex Example', 'N'.repeat(201));
    const longRef = row(40_002).replace('LIM-40002', 'R'.repeat(65));
    const manyAttempts = row(40_003).replace(/,$/, `,${Array(150).fill('2026-03-02T18:30').join(';')}`);
    const res = await importCsv(t.inject, csvBody([row(40_000), longName, longRef, manyAttempts]));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { row: 3, field: 'name', message: 'name is longer than 200 characters' },
      { row: 4, field: 'case_ref', message: 'case_ref is longer than 64 characters' },
      { row: 5, field: 'previous_attempts', message: 'previous_attempts is longer than 2000 characters' },
    ]);
    // The message names the limit, never the value (a debtor's name).
    expect(res.body).not.toContain('NNNNNNNNNN');
    expect(await t.store.getCase('LIM-40000')).toBeUndefined();
  });
});

describe('plan edits and the search one request may ask for', () => {
  let t: TestApp;
  let planId: string;
  let version: number;
  let refs: string[];
  let officerIds: string[];

  beforeAll(async () => {
    t = await makeApp();
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 60 });
    const plan = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, ...FAST } });
    expect(plan.statusCode, plan.body).toBe(201);
    planId = plan.json().id;
    version = plan.json().version;
    refs = (await t.store.listCases()).map((c) => c.ref);
    officerIds = (await t.store.listOfficers()).map((o) => o.id);
  });
  afterAll(async () => t.close());

  const evaluate = (payload: unknown) => t.inject({ method: 'POST', url: `/api/plans/${planId}/evaluate`, payload: payload as object });

  it('refuses more routes than there are officers, naming body.routes', async () => {
    const routes = [...officerIds, 'officer-extra'].map((id, i) => ({ officerIds: [id], caseRefs: [[refs[i]]] }));
    const res = await evaluate({ routes });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ field: 'body.routes', message: `at most one route per officer (${officerIds.length})` }]);
  });

  it('refuses a route of more than 200 stops, and a stop of more than 50 cases, naming the field', async () => {
    const stops = Array.from({ length: 201 }, (_, i) => [refs[i % refs.length]]);
    for (const method of ['POST', 'PUT'] as const) {
      const url = method === 'POST' ? `/api/plans/${planId}/evaluate` : `/api/plans/${planId}`;
      const res = await t.inject({ method, url, payload: { baseVersion: version, routes: [{ officerIds: [officerIds[0]], caseRefs: stops }] } });
      expect(res.statusCode, method).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.routes.0.caseRefs']);
    }
    const crowded = await evaluate({ routes: [{ officerIds: [officerIds[0]], caseRefs: [refs.slice(0, 51)] }] });
    expect(crowded.statusCode).toBe(400);
    expect(crowded.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.routes.0.caseRefs.0']);
  });

  it("refuses an officer's record of more than 1,000 dates off or 50 skills, naming the field", async () => {
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
    for (const [field, extra] of [
      ['body.unavailableDates', { unavailableDates: Array.from({ length: 1001 }, (_, i) => day(i)) }],
      ['body.skills', { skills: Array.from({ length: 51 }, (_, i) => `skill-${i}`) }],
    ] as const) {
      const res = await t.inject({ method: 'POST', url: '/api/officers', payload: { ...OFFICER, id: 'officer-bounds', ...extra } });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const fits = await t.inject({
      method: 'POST',
      url: '/api/officers',
      payload: { ...OFFICER, id: 'officer-bounds', unavailableDates: [day(0)], skills: ['welsh'] },
    });
    expect(fits.statusCode, fits.body).toBe(201);
    expect((await t.inject({ method: 'DELETE', url: '/api/officers/officer-bounds' })).statusCode).toBe(204);
  });

  it('takes a plan edit past the 1 MB of other routes, and refuses one past its own 4 MB with a 413', async () => {
    const routes = [{ officerIds: [officerIds[0]], caseRefs: [[refs[0]]] }];
    // Unknown fields are dropped by validation: only the body's size is being tried here.
    const twoMb = await evaluate({ routes, padding: 'x'.repeat(2 * 1024 * 1024) });
    expect(twoMb.statusCode, twoMb.body.slice(0, 200)).toBe(200);
    const fiveMb = await evaluate({ routes, padding: 'x'.repeat(5 * 1024 * 1024) });
    expect(fiveMb.statusCode).toBe(413);
    expect(fiveMb.headers['content-type']).toContain('application/problem+json');
    const officer = await t.inject({ method: 'PUT', url: `/api/officers/${officerIds[0]}`, payload: { padding: 'x'.repeat(2 * 1024 * 1024) } });
    expect(officer.statusCode).toBe(413);
  });

  it('refuses a week or a sweep asking for more than 10 minutes of search, naming the fields that multiply', async () => {
    const week = await t.inject({ method: 'POST', url: '/api/plans/week', payload: { from: DATE, days: 31, timeLimitMs: 60_000, replace: true } });
    expect(week.statusCode).toBe(422);
    expect(week.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.days', 'body.timeLimitMs']);
    expect(week.json().detail).toContain('1860 s of search, more than the 600 s');
    // 10 days of 60 s is exactly the limit: accepted (and cancelled here, not run).
    const tenDays = await t.inject({ method: 'POST', url: '/api/plans/week?async=1', payload: { from: DATE, days: 10, timeLimitMs: 60_000, replace: true } });
    expect(tenDays.statusCode, tenDays.body).toBe(202);
    expect((await t.inject({ method: 'DELETE', url: `/api/jobs/${tenDays.json().jobId}` })).statusCode).toBe(202);
    const sweep = await t.as('manager')({ method: 'POST', url: '/api/plans/sweep', payload: { date: DATE, weights: Array(12).fill(1), timeLimitMs: 60_000 } });
    expect(sweep.statusCode).toBe(422);
    expect(sweep.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.weights', 'body.timeLimitMs']);
  });
});

describe('plan edits per account per minute', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await makeApp({ extra: { limits: { planEditsPerMinute: 3 } } });
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 30 });
  });
  afterAll(async () => t.close());

  it('holds an account past its edits a minute with a 429, and not another account behind the same address', async () => {
    const plan = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, ...FAST } });
    expect(plan.statusCode, plan.body).toBe(201);
    const { id, routes } = plan.json<{ id: string; routes: Array<{ officerIds: string[]; stops: Array<{ caseRefs: string[] }> }> }>();
    const edit = { routes: [{ officerIds: routes[0].officerIds, caseRefs: routes[0].stops.map((s) => s.caseRefs) }] };
    const evaluate = (inject: typeof t.inject) => inject({ method: 'POST', url: `/api/plans/${id}/evaluate`, payload: edit });
    for (let i = 0; i < 3; i++) expect((await evaluate(t.inject)).statusCode).toBe(200);
    const held = await evaluate(t.inject);
    expect(held.statusCode).toBe(429);
    expect(held.headers['content-type']).toContain('application/problem+json');
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
    // Held before its body is read: a body that would be refused (400) is not looked at.
    expect((await t.inject({ method: 'POST', url: `/api/plans/${id}/evaluate`, payload: { routes: 'not routes' } })).statusCode).toBe(429);
    // Another team leader, from the same address, is not held by the first one's edits.
    await t.store.accounts.createUser(
      { username: 'tl.two', displayName: 'Second team leader', role: 'team_leader', source: 'local', passwordHash: await hashPassword(TEST_PASSWORD) },
      'test-setup',
    );
    const signedIn = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'tl.two', password: TEST_PASSWORD } });
    const cookie = sessionCookie(signedIn);
    const second = await evaluate((options) => t.app.inject({ ...options, headers: { ...options.headers, cookie } }));
    expect(second.statusCode, second.body).toBe(200);
  });
});

describe('the planning queue, waiting requests and progress streams', () => {
  let t: TestApp;
  let port: number;
  let cookie: string;

  beforeAll(async () => {
    // One thread, one job waiting; a connection idle for a second is closed.
    t = await makeApp({ extra: { maxConcurrentJobs: 1, limits: { jobQueueMax: 1, idleTimeoutMs: 1000 } } });
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 60 });
    port = await listen(t);
    cookie = await t.cookie('team_leader');
  });
  afterAll(async () => t.close());

  const startLong = () => t.inject({ method: 'POST', url: '/api/plans?async=1', payload: { date: DATE, ...LONG } });
  const jobs = async (as: 'team_leader' | 'manager' | 'officer' = 'team_leader') =>
    (await t.as(as)({ url: '/api/jobs' })).json<Array<{ id: string; kind: string; status: string; owner: string; createdAt: string }>>();
  const cancelAll = async () => {
    for (const job of await jobs()) if (job.status === 'queued' || job.status === 'running') await t.inject({ method: 'DELETE', url: `/api/jobs/${job.id}` });
  };

  it('refuses a job when the queue is full: 429 problem+json with Retry-After; GET /api/jobs lists the jobs', async () => {
    const running = await startLong();
    const waiting = await startLong();
    expect([running.statusCode, waiting.statusCode]).toEqual([202, 202]);
    const refused = await startLong();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 429, title: 'Too many planning jobs' });
    // The running job asked for a minute of search: come back when it should have ended.
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(50);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const listed = await jobs();
    expect(listed.slice(0, 2)).toEqual([
      { id: waiting.json().jobId, kind: 'plan', status: 'queued', owner: 'tl', createdAt: expect.any(String) },
      { id: running.json().jobId, kind: 'plan', status: 'running', owner: 'tl', createdAt: expect.any(String) },
    ]);
    // Another user's jobs are not theirs to see.
    expect(await jobs('manager')).toEqual([]);
    await cancelAll();
    expect((await startLong()).statusCode).toBe(202);
    await cancelAll();
  });

  it('cancels the job of a waiting request whose client disconnects', async () => {
    const before = new Set((await jobs()).map((j) => j.id));
    const body = JSON.stringify({ date: DATE, ...LONG });
    const { req } = open(port, {
      method: 'POST',
      path: '/api/plans',
      headers: { cookie, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('error', () => undefined);
    req.end(body);
    const job = await eventually(async () => (await jobs()).find((j) => !before.has(j.id) && j.status === 'running'));
    req.destroy();
    const ended = await eventually(async () => (await jobs()).find((j) => j.id === job.id && j.status !== 'running'));
    expect(ended.status).toBe('cancelled');
  });

  it('keeps a waiting request open past the idle timeout while its job waits and runs', async () => {
    // The thread is busy for 2.5 s, so the waiting request idles in the queue longer than the 1 s idle timeout.
    const busy = await t.inject({ method: 'POST', url: '/api/plans?async=1', payload: { date: DATE, timeLimitMs: 2500, seed: 1, replace: true } });
    expect(busy.statusCode).toBe(202);
    // The next day: on the same day the busy job's plan, saved first, would refuse this one (made on what it saw before).
    const body = JSON.stringify({ date: '2026-03-04', ...FAST });
    const started = Date.now();
    const { req, answer } = open(port, {
      method: 'POST',
      path: '/api/plans',
      headers: { cookie, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.end(body);
    const res = await answer;
    expect(res.status, res.body.slice(0, 200)).toBe(201);
    expect(Date.now() - started).toBeGreaterThan(2000);
  });

  it('refuses a fifth progress stream of one user with a 429, and takes one again once a stream closes', async () => {
    const started = await startLong();
    const path = `/api/jobs/${started.json().jobId}/events`;
    const streams = [];
    for (let i = 0; i < 4; i++) {
      const stream = open(port, { method: 'GET', path, headers: { cookie } });
      stream.req.on('error', () => undefined);
      stream.req.end();
      streams.push(stream);
      // The headers arrive at once; the body streams until the job ends.
      const status = await new Promise<number>((resolve) => stream.req.on('response', (res) => resolve(res.statusCode!)));
      expect(status).toBe(200);
    }
    const fifth = open(port, { method: 'GET', path, headers: { cookie } });
    fifth.req.end();
    const refused = await fifth.answer;
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    // Another user has their own four.
    const managerView = await t.as('manager')({ url: '/api/jobs' });
    expect(managerView.statusCode).toBe(200);

    streams[0].req.destroy();
    const again = await eventually(async () => {
      const next = open(port, { method: 'GET', path, headers: { cookie } });
      next.req.on('error', () => undefined);
      next.req.end();
      const status = await new Promise<number>((resolve) => next.req.on('response', (res) => resolve(res.statusCode!)));
      if (status === 200) return next;
      await next.answer;
      return undefined;
    }, 5000);
    expect(again).toBeDefined();
    await cancelAll();
    // The job's end closes every stream.
    for (const stream of [...streams.slice(1), again]) expect((await stream.answer).status).toBe(200);
  });
});

describe("a planning job's wall-clock cap", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await makeApp({ extra: { limits: { jobTimeLimitMs: 1500 } } });
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 60 });
  });
  afterAll(async () => t.close());

  it('fails a job that runs over it with a clear problem, stops its thread, and plans again after', async () => {
    const started = Date.now();
    const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, ...LONG } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 503, title: 'Planning took too long' });
    expect(res.json().detail).toContain('ran over the 1.5-second limit of one planning job and was stopped; nothing was saved');

    const listed = (await t.inject({ url: '/api/jobs' })).json();
    const job = (await t.inject({ url: `/api/jobs/${listed[0].id}` })).json();
    expect(job).toMatchObject({ status: 'failed', error: { name: 'JobTimeLimitError', message: expect.stringContaining('ran over') } });
    expect(await t.store.listPlans({ limit: 10 })).toEqual([]);

    const next = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, ...FAST } });
    expect(next.statusCode, next.body.slice(0, 200)).toBe(201);
  });
});

describe('limits from the environment', () => {
  it('reads each variable that is set, keeps the defaults of the others, and names a bad one', () => {
    const limits = configFromEnv({ ROUNDS_IMPORT_MAX_BYTES: '1048576', ROUNDS_JOB_QUEUE_MAX: '2' }).limits;
    expect(limits).toEqual({ ...DEFAULT_LIMITS, importMaxBytes: 1_048_576, jobQueueMax: 2 });
    expect(DEFAULT_LIMITS).toMatchObject({ importMaxBytes: 20 * 1024 * 1024, jsonMaxBytes: 1024 * 1024, jobQueueMax: 8, streamsPerUser: 4 });
    expect(() => configFromEnv({ ROUNDS_JOB_TIME_LIMIT_MS: '15min' })).toThrow('environment variable ROUNDS_JOB_TIME_LIMIT_MS');
    expect(() => configFromEnv({ ROUNDS_HEADERS_TIMEOUT_MS: '700000' })).toThrow('ROUNDS_HEADERS_TIMEOUT_MS: must not exceed ROUNDS_REQUEST_TIMEOUT_MS');
  });
});
