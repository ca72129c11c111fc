/**
 * `npm run bench -- --suite agency [--db sqlite|postgres] [--workers 0,1,2,4] [--teams 40]
 * [--officers-per-team 6] [--cases 60000] [--time-limit 5] [--date YYYY-MM-DD]`: an agency's day planned through the job
 * queue (issue 12). One database holds the whole agency (bench/agency-data.ts: teams with postcode
 * patches, straight-line routing); for each worker count, a throwaway Redis, one API process with
 * ROUNDS_QUEUE and that many `npm run worker` processes plan every team's day at once, as each
 * team leader would: POST /api/plans?async=1 for the team's officers, then the job followed to
 * its end. Figures: jobs per minute, each job's seconds from request to saved plan (p50, p95),
 * peak memory per worker process (VmHWM), the database's size. Each run starts from a copy of the
 * seeded database, so every run plans the same day. 0 workers: no queue, the API's own planning
 * threads, for comparison with a borough's single machine. `--db postgres`: a throwaway cluster
 * (test/support/pg-cluster.ts, fsync off as for the tests), the agency seeded into a template
 * database and each run on a copy of it (CREATE DATABASE ... TEMPLATE); results in
 * bench/results/agency-<db>.json, written after each run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { hashPassword } from '../server/auth/passwords';
import { DEFAULT_POSTCODE_DIR, loadPostcodeIndex } from '../server/postcodes/index';
import { DEFAULT_SETTINGS } from '../server/settings';
import { openStore } from '../server/store/open';
import { freePort } from '../test/support/free-port';
import { pgBinDir, startCluster, type PgCluster } from '../test/support/pg-cluster';
import { buildAgency, type Agency } from './agency-data';
import { machineDescription, writeResults } from './vrp-report';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LEAD = { username: 'agency.lead', password: 'agency benchmark lead password' };

interface RunRow {
  workers: number;
  jobs: number;
  failed: number;
  wallSeconds: number;
  jobsPerMinute: number;
  jobSecondsP50: number;
  jobSecondsP95: number;
  /** Peak resident memory of each worker process (MB). */
  workerPeakMB: number[];
  apiPeakMB: number;
  databaseMB: number;
  refusedWithRetry: number;
  /** The machine's 1-minute load average as the run started and as it ended. */
  loadAverage1mStart: number;
  loadAverage1mEnd: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Peak resident set of a process so far, from /proc (Linux), in MB. */
function peakMB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function fileMB(path: string): number {
  return [path, `${path}-wal`].reduce((mb, f) => mb + (existsSync(f) ? statSync(f).size / 2 ** 20 : 0), 0);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A node process running a TypeScript entry point (node itself, so its pid is the one to measure). */
function node(entry: string, env: NodeJS.ProcessEnv, label: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-2000);
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && code !== null && signal === null) console.error(`${label} exited ${code}: ${tail.trim().split('\n').slice(-3).join(' | ')}`);
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
}

async function seedAgency(database: string, agency: Agency): Promise<void> {
  const store = await openStore(database);
  try {
    await store.saveSettings({ ...DEFAULT_SETTINGS, teams: agency.teams }, 'cli:bench');
    for (const officer of agency.officers) await store.saveOfficer(officer, 'cli:bench', false);
    await store.upsertCases(agency.cases, 'cli:bench');
    await store.accounts.createUser(
      {
        username: LEAD.username,
        displayName: 'Agency lead (benchmark)',
        role: 'team_leader',
        source: 'local',
        passwordHash: await hashPassword(LEAD.password),
      },
      'cli:bench',
    );
  } finally {
    await store.close();
  }
}

/** One run's database: ROUNDS_DB for it, its size, and its removal. */
interface RunDatabase {
  url: string;
  sizeMB(): Promise<number>;
  drop(): Promise<void>;
}

/** Where the agency is seeded once and each run gets a fresh copy of it. */
interface BenchDatabase {
  /** ROUNDS_DB of the template the agency is seeded into. */
  template: string;
  templateMB(): Promise<number>;
  copy(dir: string): Promise<RunDatabase>;
  close(): Promise<void>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function sqliteDatabase(): BenchDatabase {
  const seedDir = mkdtempSync(join(tmpdir(), 'rounds-agency-seed-'));
  const template = join(seedDir, 'agency.sqlite');
  return {
    template,
    templateMB: async () => fileMB(template),
    async copy(dir) {
      const url = join(dir, 'agency.sqlite');
      copyFileSync(template, url);
      return { url, sizeMB: async () => fileMB(url), drop: async () => undefined };
    },
    close: async () => rmSync(seedDir, { recursive: true, force: true }),
  };
}

async function postgresDatabase(): Promise<BenchDatabase> {
  const bin = pgBinDir();
  if (!bin) throw new Error('--db postgres needs PostgreSQL (Debian package postgresql)');
  const cluster: PgCluster = await startCluster(bin);
  const urlOf = (name: string) => cluster.url.replace(/\/postgres$/, `/${name}`);
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const sizeMB = (name: string) =>
    admin(async (c) => Number((await c.query<{ size: string }>('SELECT pg_database_size($1) AS size', [name])).rows[0].size) / 2 ** 20);
  await admin((c) => c.query('CREATE DATABASE agency_template'));
  let runs = 0;
  return {
    template: urlOf('agency_template'),
    templateMB: () => sizeMB('agency_template'),
    async copy() {
      const name = `agency_run_${++runs}`;
      // Names are ours (no user text): a template copy needs no connection open on the template.
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE agency_template`));
      return { url: urlOf(name), sizeMB: () => sizeMB(name), drop: () => admin((c) => c.query(`DROP DATABASE ${name}`)).then(() => undefined) };
    },
    close: async () => cluster.destroy(),
  };
}

interface RunOptions {
  workers: number;
  database: BenchDatabase;
  agency: Agency;
  date: string;
  timeLimitMs: number;
}

async function runOnce(options: RunOptions): Promise<RunRow> {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-agency-'));
  const loadStart = loadavg()[0];
  const database = await options.database.copy(dir);
  const redisPort = await freePort();
  const apiPort = await freePort();
  // 0 workers: no queue at all, the API's own planning threads (a borough's single machine).
  const queued = options.workers > 0;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    ROUNDS_DEMO: '0',
    ROUNDS_DB: database.url,
    ...(queued ? { ROUNDS_QUEUE: `redis://127.0.0.1:${redisPort}` } : {}),
    ROUNDS_ROUTING: 'haversine',
    PORT: String(apiPort),
    HOST: '127.0.0.1',
  };
  const processes: ChildProcess[] = [];
  try {
    if (queued) {
      const redisArgs = ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
      processes.push(spawn('redis-server', redisArgs, { stdio: 'ignore' }));
      await waitFor(async () => spawnSync('redis-cli', ['-p', String(redisPort), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG', 'redis');
    }
    const api = node('server/main.ts', env, 'api');
    processes.push(api);
    const workers = Array.from({ length: options.workers }, (_, i) => node('server/cli/worker.ts', env, `worker ${i + 1}`));
    processes.push(...workers);
    const base = `http://127.0.0.1:${apiPort}`;
    await waitFor(async () => (await fetch(`${base}/api/health`)).ok, 'the API', 120_000);

    const signIn = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(LEAD) });
    if (!signIn.ok) throw new Error(`sign-in: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const headers = { cookie, 'content-type': 'application/json' };

    let refused = 0;
    const started = Date.now();
    // Every team leader asks for their team's day at once; a 429 is waited out as a client would.
    const seconds = await Promise.all(
      options.agency.teams.map(async (team) => {
        const officerIds = options.agency.officers.filter((o) => o.team === team.id).map((o) => o.id);
        const asked = Date.now();
        let jobId: string | undefined;
        while (jobId === undefined) {
          const res = await fetch(`${base}/api/plans?async=1`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ date: options.date, officerIds, timeLimitMs: options.timeLimitMs, seed: 1 }),
          });
          if (res.status === 429) {
            refused++;
            await sleep(1000 * Number(res.headers.get('retry-after') ?? 5));
            continue;
          }
          if (res.status !== 202) throw new Error(`team ${team.id}: POST /api/plans answered ${res.status} ${await res.text()}`);
          jobId = ((await res.json()) as { jobId: string }).jobId;
        }
        for (;;) {
          await sleep(250);
          const res = await fetch(`${base}/api/jobs/${jobId}`, { headers: { cookie } });
          if (!res.ok) continue;
          const view = (await res.json()) as { status: string; error?: { message: string } };
          if (view.status === 'done') return (Date.now() - asked) / 1000;
          if (view.status === 'failed' || view.status === 'cancelled') {
            console.error(`team ${team.id}: job ${view.status}: ${view.error?.message ?? ''}`);
            return undefined;
          }
        }
      }),
    );
    const wallSeconds = (Date.now() - started) / 1000;
    const done = seconds.filter((s): s is number => s !== undefined).sort((a, b) => a - b);
    const row: RunRow = {
      workers: options.workers,
      jobs: done.length,
      failed: seconds.length - done.length,
      wallSeconds,
      jobsPerMinute: done.length / (wallSeconds / 60),
      jobSecondsP50: percentile(done, 50),
      jobSecondsP95: percentile(done, 95),
      workerPeakMB: workers.map((w) => peakMB(w.pid)),
      apiPeakMB: peakMB(api.pid),
      databaseMB: await database.sizeMB(),
      refusedWithRetry: refused,
      loadAverage1mStart: round2(loadStart),
      loadAverage1mEnd: round2(loadavg()[0]),
    };
    return row;
  } finally {
    for (const child of processes.reverse()) await stop(child);
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runAgencyBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    options: {
      db: { type: 'string', default: 'sqlite' },
      workers: { type: 'string', default: '1,2,4' },
      teams: { type: 'string', default: '40' },
      'officers-per-team': { type: 'string', default: '6' },
      cases: { type: 'string', default: '60000' },
      'time-limit': { type: 'string', default: '5' },
      date: { type: 'string', default: '2026-03-03' },
    },
  });
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('the agency suite needs redis-server (Debian package redis-server)');
  const engine = String(values.db);
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`--db: sqlite or postgres, not ${engine}`);
  const workerCounts = String(values.workers).split(',').map(Number);
  const date = String(values.date);
  const timeLimitMs = Number(values['time-limit']) * 1000;
  const agency = buildAgency(loadPostcodeIndex(DEFAULT_POSTCODE_DIR), {
    teams: Number(values.teams),
    officersPerTeam: Number(values['officers-per-team']),
    cases: Number(values.cases),
    seedDate: date,
  });
  console.log(
    `suite agency: ${agency.teams.length} teams, ${agency.officers.length} officers, ${agency.cases.length} cases on ${date}, ${engine}; ` +
      `each team's day through the queue, ${timeLimitMs / 1000} s search, straight-line routing`,
  );
  const database = engine === 'postgres' ? await postgresDatabase() : sqliteDatabase();
  try {
    const seeding = Date.now();
    await seedAgency(database.template, agency);
    const seededMB = await database.templateMB();
    const seedSeconds = (Date.now() - seeding) / 1000;
    console.log(`seeded in ${seedSeconds.toFixed(0)} s: database ${seededMB.toFixed(0)} MB before planning`);
    console.log('workers  jobs  failed  wall s  jobs/min  job s p50  job s p95  worker peak MB  API peak MB  database MB');
    const rows: RunRow[] = [];
    for (const workers of workerCounts) {
      const row = await runOnce({ workers, database, agency, date, timeLimitMs });
      rows.push(row);
      console.log(
        `${String(row.workers).padStart(7)} ${String(row.jobs).padStart(5)} ${String(row.failed).padStart(7)} ${row.wallSeconds.toFixed(0).padStart(7)} ` +
          `${row.jobsPerMinute.toFixed(1).padStart(9)} ${row.jobSecondsP50.toFixed(1).padStart(10)} ${row.jobSecondsP95.toFixed(1).padStart(10)} ` +
          `${(row.workerPeakMB.length ? Math.max(...row.workerPeakMB).toFixed(0) : '-').padStart(15)} ${row.apiPeakMB.toFixed(0).padStart(12)} ${row.databaseMB.toFixed(0).padStart(12)}`,
      );
      // Written after each run, so a long series keeps what it measured if stopped.
      const file = writeResults(`agency-${engine}`, {
        suite: 'agency',
        db: engine,
        date,
        timeLimitMs,
        teams: agency.teams.length,
        officers: agency.officers.length,
        cases: agency.cases.length,
        seedSeconds,
        seededDatabaseMB: seededMB,
        machine: machineDescription(),
        rows,
      });
      if (rows.length === workerCounts.length) console.log(`results: ${file}`);
    }
    if (rows.some((r) => r.failed > 0)) process.exitCode = 1;
  } finally {
    await database.close();
  }
}
