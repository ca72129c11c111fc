/**
 * Shared set-up for browser tests: Debian's chromium (never a downloaded browser), the client
 * built by vite, and the real server (`server/main.ts`) on a free port with a fresh database
 * seeded with the demo data.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '../support/free-port';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const CHROMIUM = '/usr/bin/chromium';

export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: the browser tests need Debian's chromium. Install it with: sudo apt-get install chromium`);
  }
}

/** A phone: 390 x 844 CSS pixels, touch, mobile viewport rules (the officer's day on the doorstep). */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true } as const;

/** A fresh profile each run (a persistent context is how playwright takes a user-data-dir); a laptop screen unless told. */
export async function launchBrowser(
  device: { viewport: { width: number; height: number }; deviceScaleFactor?: number; isMobile?: boolean; hasTouch?: boolean } = {
    viewport: { width: 1366, height: 900 },
  },
): Promise<{ context: BrowserContext; cleanup: () => void }> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), 'rounds-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    ...device,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return { context, cleanup: () => rmSync(profile, { recursive: true, force: true }) };
}

/**
 * Builds the client once per test run. The browser test files run side by side, and a second
 * `vite build` (it empties dist/client first) while another file's browser loads the app serves it
 * 404s. The first file to come builds under a lock and leaves the run's marker (the run: the test
 * runner's process, every worker's parent); the others wait for the lock and find the marker.
 */
export function buildClient(): void {
  const dist = join(ROOT, 'dist');
  const markerName = `.client-built-for-run-${process.ppid}`;
  const lock = join(dist, '.client-build.lock');
  mkdirSync(dist, { recursive: true });
  for (;;) {
    if (existsSync(join(dist, markerName))) return;
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // A lock left by a run that died mid-build is stale after a few minutes.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 300_000) rmSync(lock, { force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    try {
      if (existsSync(join(dist, markerName))) return;
      const r = spawnSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`vite build failed:\n${r.stderr || r.stdout}`);
      for (const old of readdirSync(dist).filter((f) => f.startsWith('.client-built-for-run-'))) rmSync(join(dist, old), { force: true });
      writeFileSync(join(dist, markerName), '');
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
}

export interface RunningServer {
  base: string;
  stop: () => Promise<void>;
  output: () => string;
  /** The demo accounts' generated passwords, as the server printed them once (username -> password). */
  passwords: Record<string, string>;
  /** fetch as a demo account (signs in on first use and keeps the session cookie). */
  fetchAs: (username: string, path: string, init?: RequestInit) => Promise<Response>;
}

/** The demo accounts the server printed: lines '  username  password  role ...' after the heading. */
export function demoPasswords(output: string): Record<string, string> {
  const block = output.slice(output.indexOf('Demo accounts for this database'));
  const passwords: Record<string, string> = {};
  for (const line of block.split('\n').slice(1)) {
    const m = /^ {2}(\S+)\s+(\S{20})\s/.exec(line);
    if (!m) break;
    passwords[m[1]] = m[2]!;
  }
  return passwords;
}

export async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rounds-e2e-'));
  let out = '';
  const child: ChildProcess = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['server/main.ts'], {
    cwd: ROOT,
    // Road data of its own: a developer's loaded extract (data/cache/road-data) must not change the demo.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ROUNDS_DB: join(dir, 'rounds.sqlite'), ROUNDS_ROAD_DATA_DIR: join(dir, 'road-data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 50));
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${base}/api/health`);
      // The accounts are printed just after the server starts listening.
      if (res.ok && out.includes('Demo accounts for this database')) {
        // The lines are written in one synchronous loop: a moment lets the last of them arrive.
        await new Promise((r) => setTimeout(r, 200));
        const passwords = demoPasswords(out);
        if (!passwords['team.leader']) throw new Error(`The server printed no team leader account:\n${out}`);
        const cookies = new Map<string, string>();
        const fetchAs = async (username: string, path: string, init: RequestInit = {}) => {
          let cookie = cookies.get(username);
          if (!cookie) {
            const signIn = await fetch(`${base}/api/session`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ username, password: passwords[username] }),
            });
            if (!signIn.ok) throw new Error(`sign-in as ${username} failed: ${signIn.status}`);
            cookie = signIn.headers.getSetCookie()[0].split(';')[0]!;
            cookies.set(username, cookie);
          }
          return fetch(`${base}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
        };
        return { base, stop, output: () => out, passwords, fetchAs };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`The server did not answer /api/health within 90 s:\n${out}`);
}

/** Signs in through the page's own form (as a person would). */
export async function signInOnPage(page: Page, server: RunningServer, username: string): Promise<void> {
  await page.waitForSelector('#sign-in-username');
  await page.fill('#sign-in-username', username);
  await page.fill('#sign-in-password', server.passwords[username]);
  await page.click('#sign-in-submit');
  await page.waitForSelector('#sign-in', { state: 'hidden' });
}

/** A working weekday after today (London), away from the Christmas bank holidays: plans need officers on shift. */
export function nextWorkingDay(today = new Date()): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  for (;;) {
    d.setUTCDate(d.getUTCDate() + 1);
    const iso = d.toISOString().slice(0, 10);
    const dow = d.getUTCDay();
    if (dow >= 2 && dow <= 4 && !/-(12-2[4-9]|12-3[01]|01-0[1-2])$/.test(iso)) return iso;
  }
}

export function artifactsDir(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}
