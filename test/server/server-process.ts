/**
 * The real server (`server/main.ts`) as a child process on a database the test keeps, so that a
 * test can kill it (-9) mid-request and start it again on the same file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { freePort } from '../support/free-port.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown hook runs, as in a power cut or the OOM killer. */
  kill9: () => Promise<void>;
  stop: () => Promise<void>;
}

export async function startServerProcess(dbPath: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  let out = '';
  // The road backend is straight-line: these tests are about the store, and start-up stays quick.
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ROUNDS_DB: dbPath,
      ROUNDS_ROUTING: 'haversine',
      // Road data of its own: a developer's loaded extract would replace the straight lines.
      ROUNDS_ROAD_DATA_DIR: join(dirname(dbPath), 'road-data'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: tsx runs the server in a child node process, and a kill must reach it.
    detached: true,
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const base = `http://127.0.0.1:${port}`;
  const kill9 = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    await exited;
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    await kill9();
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${out}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok && out.includes('Rounds is serving')) return { base, child, output: () => out, kill9, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await kill9();
  throw new Error(`The server did not answer /api/health within 90 s:\n${out}`);
}

/** Signs in and answers a fetch that carries the session cookie. */
export async function signedInFetch(base: string, username: string, password: string): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie()[0].split(';')[0];
  return (path, init = {}) => fetch(`${base}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
}
