/**
 * ROUNDS_QUEUE over TLS (`rediss://`), as a council's managed Redis or one across machines is
 * reached: a throwaway redis-server listening on TLS only, with a certificate from a CA of the
 * test's own that the processes trust through NODE_EXTRA_CA_CERTS (Node's own setting for a
 * private CA). A plan asked of the API is run by a worker and saved, over TLS both ways; and a
 * process that does not trust the CA is refused, rather than connecting without checking.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { seedDemo } from '../../server/demo/seed.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { realPostcodes } from './helpers.js';
import { redisAvailable, startRedis, startWorker, type RedisProcess, type RedisTls, type WorkerProcess } from './queue-processes.js';
import { signedInFetch, startServerProcess, type ServerProcess } from './server-process.js';

const SEED_DATE = '2026-03-03';
const PASSWORD = 'queue tls test password';

/** A CA and a certificate for 127.0.0.1 signed by it, made with openssl in `dir`. */
function makeCertificates(dir: string): RedisTls {
  const run = (...args: string[]) => {
    const done = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (done.status !== 0) throw new Error(`openssl ${args[0]} failed: ${done.stderr}`);
  };
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Rounds test CA', '-keyout', 'ca.key', '-out', 'ca.crt');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'redis.key', '-out', 'redis.csr');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  run('x509', '-req', '-in', 'redis.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', 'redis.crt');
  return { certFile: join(dir, 'redis.crt'), keyFile: join(dir, 'redis.key'), caFile: join(dir, 'ca.crt'), ca: readFileSync(join(dir, 'ca.crt'), 'utf8') };
}

describe.skipIf(!redisAvailable())('the planning queue over TLS (rediss://)', () => {
  let dir: string;
  let dbPath: string;
  let tls: RedisTls;
  let redis: RedisProcess;
  let api: ServerProcess;
  let worker: WorkerProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-queue-tls-'));
    dbPath = join(dir, 'rounds.sqlite');
    const store = new SqliteStore(dbPath);
    await seedDemo(store, realPostcodes(), { seedDate: SEED_DATE, cases: 300 });
    await store.accounts.createUser(
      { username: 'tl', displayName: 'TL', role: 'team_leader', source: 'local', passwordHash: await hashPassword(PASSWORD) },
      'test-setup',
    );
    await store.close();
    tls = makeCertificates(dir);
    redis = await startRedis(dir, tls);
    const trust = { NODE_EXTRA_CA_CERTS: tls.caFile };
    api = await startServerProcess(dbPath, { ROUNDS_DEMO: '0', ROUNDS_QUEUE: redis.url, ...trust });
    worker = await startWorker(dbPath, redis.url, trust);
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled([worker?.stop(), api?.stop()]);
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('a plan asked of the API is planned by a worker and saved, with Redis reached over TLS', async () => {
    expect(redis.url).toMatch(/^rediss:\/\//);
    const session = await signedInFetch(api.base, 'tl', PASSWORD);
    const res = await session('/api/plans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ date: SEED_DATE, replace: true, timeLimitMs: 300, seed: 1 }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ version: 1, date: SEED_DATE });
    // The worker, not the API, ran it (its log line follows the job's end).
    const deadline = Date.now() + 10_000;
    while (!worker.output().includes('planning job done') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(worker.output()).toContain('planning job done');
  });

  it('a client that does not trust the CA is refused: TLS is checked, not just switched on', async () => {
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const errors: Error[] = [];
    client.on('error', (e: Error) => errors.push(e));
    await expect(client.connect()).rejects.toThrow();
    client.disconnect();
    expect(errors.map((e) => e.message).join('\n')).toMatch(/self[- ]signed|unable to verify|certificate/i);
    // Nothing answers in plain text on the TLS port either.
    const plain = new Redis(redis.url.replace('rediss://', 'redis://'), {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 2000,
    });
    plain.on('error', () => undefined);
    await expect(plain.connect().then(() => plain.ping())).rejects.toThrow();
    plain.disconnect();
  });
});
