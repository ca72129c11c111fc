/**
 * The real processes of a queued deployment for the fault tests: a throwaway redis-server on a
 * free loopback port (append-only file in the test's folder, so a restart keeps the queue) and
 * `npm run worker` processes (server/cli/worker.ts) on the test's database.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../support/free-port.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Whether redis-server is installed; the queue tests skip (saying so) without it unless ROUNDS_TEST_REQUIRE_REDIS=1. */
export function redisServerPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

export function redisAvailable(): boolean {
  if (redisServerPath()) return true;
  if (process.env.ROUNDS_TEST_REQUIRE_REDIS === '1') throw new Error('ROUNDS_TEST_REQUIRE_REDIS=1 but redis-server is not installed');
  console.log('Skipping the queue tests: redis-server is not installed (apt-get install redis-server).');
  return false;
}

export interface RedisProcess {
  url: string;
  /** SIGTERM: the append-only file is flushed. */
  stop: () => Promise<void>;
  /** Starts it again on the same port and folder. */
  start: () => Promise<void>;
}

async function waitUntil(what: string, done: () => Promise<boolean> | boolean, timeoutMs: number, output = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} within ${timeoutMs / 1000} s:\n${output()}`);
}

async function answersPing(url: string, ca?: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, ...(ca ? { tls: { ca } } : {}) });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A server certificate and key (PEM files) and the CA that signed it (PEM text), for TLS. */
export interface RedisTls {
  certFile: string;
  keyFile: string;
  caFile: string;
  ca: string;
}

export async function startRedis(dir: string, tls?: RedisTls): Promise<RedisProcess> {
  const port = await freePort();
  // With TLS, only the TLS port listens: nothing reaches this Redis in plain text.
  const url = `${tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`;
  const listen = tls
    ? [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cert-file',
        tls.certFile,
        '--tls-key-file',
        tls.keyFile,
        '--tls-ca-cert-file',
        tls.caFile,
        '--tls-auth-clients',
        'no',
      ]
    : ['--port', String(port)];
  let child: ChildProcess;
  let out = '';
  const launch = async () => {
    child = spawn(redisServerPath()!, [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await waitUntil(
      'redis-server did not answer',
      () => answersPing(url, tls?.ca),
      20_000,
      () => out,
    );
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  await launch();
  return { url, stop, start: launch };
}

export interface WorkerProcess {
  output: () => string;
  /** SIGKILL to its process group (tsx runs the worker in a child node process). */
  kill9: () => Promise<void>;
  /** SIGTERM, then SIGKILL after 15 s; true when it exited by itself. */
  stop: () => Promise<boolean>;
}

export async function startWorker(dbPath: string, queueUrl: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
  let out = '';
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['server/cli/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ROUNDS_DB: dbPath,
      ROUNDS_QUEUE: queueUrl,
      ROUNDS_ROUTING: 'haversine',
      ROUNDS_ROAD_DATA_DIR: join(dbPath, '..', 'road-data'),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const kill9 = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    await exited;
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    const byItself = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))]);
    await kill9();
    return byItself;
  };
  await waitUntil(
    'the worker did not start',
    () => {
      if (child.exitCode !== null) throw new Error(`the worker exited (${child.exitCode}):\n${out}`);
      return out.includes('Rounds worker is taking planning jobs');
    },
    90_000,
    () => out,
  );
  return { output: () => out, kill9, stop };
}
