/**
 * Kill -9 of the real server in the middle of an import and of a plan save, then a look at the
 * file: all or nothing, nothing acknowledged lost, the database intact, the audit trail whole.
 * ROUNDS_CRASH_RUNS sets the runs per kind (README: the figures of a longer run).
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { casesToCsv } from '../../server/demo/csv.js';
import { generateDemo } from '../../server/demo/generate.js';
import { demoRoadFilter } from '../../server/demo/road-filter.js';
import { seedDemo } from '../../server/demo/seed.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { SqliteClient } from '../../server/store/sqlite-client.js';
import { verifyAuditChain, type ChainReport } from '../../server/store/sql-audit.js';
import { realPostcodes } from './helpers.js';
import { signedInFetch, startServerProcess } from './server-process.js';

const RUNS = Number(process.env.ROUNDS_CRASH_RUNS ?? 3);
const SEED_DATE = '2026-03-03';
const PASSWORD = 'crash test password';

/** When the file was last written, in nanoseconds (its size says nothing: a WAL is reused from the start). */
function walWrittenAt(path: string): bigint {
  try {
    return statSync(path, { bigint: true }).mtimeNs;
  } catch {
    return 0n;
  }
}

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setImmediate(r));
}

/** Fractions in [0, 1.3) from a small deterministic generator, so a failing run can be replayed. */
function fractions(seed: number, n: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return (1.3 * x) / 2 ** 31;
  });
}

interface FileState {
  integrity: string;
  foreignKeyProblems: number;
  cases: number;
  importAudits: number;
  plans: number;
  plansWithoutTheirLatestVersion: number;
  planIds: Set<string>;
  auditChain: ChainReport;
}

async function inspect(dbPath: string): Promise<FileState> {
  const db = new Database(dbPath);
  try {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      integrity: (db.pragma('integrity_check') as Array<{ integrity_check: string }>)[0].integrity_check,
      foreignKeyProblems: (db.pragma('foreign_key_check') as unknown[]).length,
      cases: n('SELECT count(*) AS n FROM cases'),
      importAudits: n("SELECT count(*) AS n FROM audit WHERE action = 'import'"),
      plans: n('SELECT count(*) AS n FROM plans'),
      plansWithoutTheirLatestVersion: n(
        'SELECT count(*) AS n FROM plans p WHERE NOT EXISTS (SELECT 1 FROM plan_versions v WHERE v.plan_id = p.id AND v.version = p.latest_version)',
      ),
      planIds: new Set((db.prepare('SELECT id FROM plans').all() as Array<{ id: string }>).map((r) => r.id)),
      auditChain: await verifyAuditChain(new SqliteClient(db)),
    };
  } finally {
    db.close();
  }
}

describe('kill -9 during writes', () => {
  let dir: string;
  /** The seeded database every run starts from (a copy each, so runs do not pile up cases). */
  let basePath: string;
  const report: Array<Record<string, unknown>> = [];
  const freshDatabase = (name: string) => {
    const path = join(dir, `${name}.sqlite`);
    copyFileSync(basePath, path);
    return path;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-crash-'));
    basePath = join(dir, 'base.sqlite');
    const dbPath = basePath;
    // The demo's 1,500 cases and six officers, for something to plan, and one team leader.
    const store = new SqliteStore(dbPath);
    await seedDemo(store, realPostcodes(), { seedDate: SEED_DATE });
    await store.accounts.createUser(
      { username: 'tl', displayName: 'TL', role: 'team_leader', source: 'local', passwordHash: await hashPassword(PASSWORD) },
      'test-setup',
    );
    await store.close();
  });
  afterAll(() => {
    console.log(`kill -9 runs: ${JSON.stringify(report)}`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('an import killed at any moment is all there or not there at all', async () => {
    const demo = generateDemo(realPostcodes(), { seedDate: SEED_DATE, cases: 20_000, seed: 7 }, await demoRoadFilter());
    const csvOf = (label: string) =>
      casesToCsv(
        demo.cases.map((c) => ({ ...c, ref: `${label}-${c.ref}`, debtorRef: `${label}-${c.debtorRef}` })),
        { withCoordinates: true },
      );
    const rows = { length: demo.cases.length };
    for (const [run, fraction] of fractions(11, RUNS).entries()) {
      const dbPath = freshDatabase(`import-${run}`);
      const server = await startServerProcess(dbPath, { ROUNDS_DEMO: '0' });
      const api = await signedInFetch(server.base, 'tl', PASSWORD);
      const send = (label: string) => api('/api/cases/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csvOf(label) });
      // Two warm imports first, the second timed: the kill then falls anywhere from the upload to just after the answer.
      expect((await send(`W${run}`)).status).toBe(200);
      const t0 = Date.now();
      expect((await send(`V${run}`)).status).toBe(200);
      const importMs = Date.now() - t0;
      const delay = Math.round(fraction * importMs);
      // Every other run waits for the import's transaction to start writing the WAL (pages spill
      // there before the commit, and the commit appends the rest) and kills it at once: the moment
      // timing alone rarely hits. Nothing else writes while the import is read and checked.
      const onWrite = run % 2 === 1;
      const before = await inspect(dbPath);
      const walBefore = walWrittenAt(`${dbPath}-wal`);
      let acknowledged = false;
      const request = send(`K${run}`)
        .then((res) => (acknowledged = res.status === 200))
        .catch(() => undefined);
      if (!onWrite) await new Promise((r) => setTimeout(r, delay));
      else await waitFor(() => walWrittenAt(`${dbPath}-wal`) !== walBefore || acknowledged, 120_000);
      await server.kill9();
      await request;
      const after = await inspect(dbPath);
      const imported = after.cases - before.cases;
      report.push({ kind: 'import', run, ...(onWrite ? { killedOn: 'first WAL write' } : { delayMs: delay, importMs }), acknowledged, imported });
      expect(after.integrity).toBe('ok');
      expect(after.foreignKeyProblems).toBe(0);
      expect(after.auditChain.ok, JSON.stringify(after.auditChain)).toBe(true);
      expect([0, rows.length]).toContain(imported);
      // The audit row is written in the import's own transaction.
      expect(after.importAudits - before.importAudits).toBe(imported === 0 ? 0 : 1);
      if (acknowledged) expect(imported).toBe(rows.length);
    }
  }, 600_000);

  it('a plan save killed at any moment leaves every plan with its versions, and no acknowledged plan lost', async () => {
    const acknowledgedIds: string[] = [];
    const dbPath = freshDatabase('plans');
    for (const [run, fraction] of fractions(23, RUNS).entries()) {
      const server = await startServerProcess(dbPath, { ROUNDS_DEMO: '0' });
      const api = await signedInFetch(server.base, 'tl', PASSWORD);
      const plan = (date: string) =>
        api('/api/plans', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ date, replace: true, timeLimitMs: 300, maxIterations: 300, seed: run }),
        });
      // Plans acknowledged before the crash (the first starts the planning thread, the second is
      // timed), then one the crash interrupts.
      expect((await plan(SEED_DATE)).status).toBe(201);
      const t0 = Date.now();
      const first = await plan(SEED_DATE);
      const planMs = Date.now() - t0;
      expect(first.status, await first.clone().text()).toBe(201);
      acknowledgedIds.push(((await first.json()) as { id: string }).id);
      const delay = Math.round(fraction * planMs);
      let acknowledged: string | undefined;
      const request = plan('2026-03-04')
        .then(async (res) => (acknowledged = res.status === 201 ? ((await res.json()) as { id: string }).id : undefined))
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, delay));
      await server.kill9();
      await request;
      const after = await inspect(dbPath);
      report.push({ kind: 'plan', run, delayMs: delay, planMs, acknowledged: acknowledged !== undefined });
      expect(after.integrity).toBe('ok');
      expect(after.foreignKeyProblems).toBe(0);
      expect(after.auditChain.ok, JSON.stringify(after.auditChain)).toBe(true);
      expect(after.plansWithoutTheirLatestVersion).toBe(0);
      for (const id of [...acknowledgedIds, ...(acknowledged ? [acknowledged] : [])]) expect(after.planIds.has(id)).toBe(true);
    }
  }, 600_000);
});
