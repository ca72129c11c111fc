/**
 * PostgreSQL stopped under a running API, on a throwaway cluster of the test's own: every request
 * meanwhile is a 503 problem+json with Retry-After (no stack, no connection string, in the answer or
 * the logs), and the same app answers again once the server is back, without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../server/store/postgres.js';
import { pgBinDir, startCluster, type PgCluster } from '../support/pg-cluster.js';
import { onPostgres } from '../support/test-store.js';
import { csvBody, importCsv, makeApp, type TestApp } from './helpers.js';

describe.runIf(onPostgres && pgBinDir() !== undefined)('PostgreSQL down and back (a cluster of its own)', () => {
  let cluster: PgCluster;
  let t: TestApp;
  beforeAll(async () => {
    cluster = await startCluster(pgBinDir()!);
    t = await makeApp({ captureLogs: true, store: () => PostgresStore.open(cluster.url) });
  });
  afterAll(async () => {
    await t?.close();
    cluster?.destroy();
  });

  it('answers 503 problem+json with Retry-After while the database is stopped, and 200 once it is back', async () => {
    const row = 'PG-1,D-PG-1,Alex Example,12 Sample Road,N11 1NN,51.6166,-0.1389,council_tax,100,2026-01-05,2026-02-02,domestic,,no,no,,';
    expect((await importCsv(t.inject, csvBody([row]))).statusCode).toBe(200);
    expect((await t.inject({ url: '/api/cases' })).statusCode).toBe(200);

    cluster.stop();
    for (const res of [
      await t.inject({ url: '/api/cases' }),
      await importCsv(t.inject, csvBody([row.replace('PG-1', 'PG-2')])),
      await t.as('anonymous')({ method: 'POST', url: '/api/session', payload: { username: 'someone', password: 'a long enough password' } }),
    ]) {
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({ status: 503, title: 'Service unavailable', type: expect.stringMatching(/database-unavailable$/) });
      expect(res.body).not.toMatch(/postgres:|127\.0\.0\.1|ECONNREFUSED|\bat \w+ \(/);
    }

    cluster.start();
    // The pool dropped the dead connections: the next request opens a new one.
    const back = await t.inject({ url: '/api/cases' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json<Array<{ ref: string }>>().map((c) => c.ref)).toEqual(['PG-1']);
    expect((await importCsv(t.inject, csvBody([row.replace('PG-1', 'PG-2')]))).statusCode).toBe(200);

    const logs = t.logs();
    expect(logs).toContain('database unavailable');
    expect(logs).not.toContain(cluster.url);
    expect(logs).not.toContain(`:${cluster.port}`);
  });
});
