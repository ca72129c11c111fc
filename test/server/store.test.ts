import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DayPlan } from '../../solver/rules/types.js';
import { MIGRATIONS } from '../../server/store/migrations.js';
import { registerAuditHash } from '../../server/store/sql-audit.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { PG_MIGRATIONS } from '../../server/store/pg-migrations.js';
import { verifyAuditChain } from '../../server/store/sql-audit.js';
import type { SqlStore } from '../../server/store/sql-store.js';
import type { Case } from '../../solver/rules/types.js';
import { onPostgres, STORE_NAME, testDatabase, type TestDatabase } from '../support/test-store.js';
import { ConflictError } from '../../server/store/store.js';

const plan = (visits: number): DayPlan => ({
  date: '2026-03-02',
  weight: 0.45,
  routes: [],
  unplanned: [],
  totals: { visits, miles: 0, value: 0 },
  estimate: true,
});

const aCase = (ref: string): Case => ({
  ref,
  debtorRef: `D-${ref}`,
  name: 'Alex Example',
  address: '12 Sample Road',
  postcode: 'N11 1NN',
  lat: 51.6166,
  lon: -0.1389,
  debtType: 'council_tax',
  balance: 100,
  liabilityOrderDate: '2026-01-05',
  noticeDate: '2026-02-02',
  premises: 'domestic',
  vulnerable: false,
  warning: false,
  doNotVisit: [],
  previousAttempts: [],
  status: 'open',
});

describe(`the store (${STORE_NAME})`, () => {
  let dir: string;
  let db: TestDatabase;
  let store: SqlStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-store-'));
    db = await testDatabase(dir);
    store = await db.open();
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('versions plans and refuses a save based on a stale version', async () => {
    const v1 = await store.createPlan(plan(1), 'a');
    const v2 = await store.savePlanVersion(v1.id, 1, plan(2), 'b');
    expect(v2.version).toBe(2);
    // A second editor who also started from version 1 must not overwrite version 2.
    await expect(store.savePlanVersion(v1.id, 1, plan(3), 'c')).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getPlan(v1.id))!.plan.totals.visits).toBe(2);
    expect((await store.getPlan(v1.id, 1))!.plan.totals.visits).toBe(1);
    const audit = await store.listAudit({ entity: 'plan' });
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['b', 'update'],
      ['a', 'create'],
    ]);
  });

  it('saves once per planning job: a retried job answers the version its first attempt saved', async () => {
    const first = await store.createPlan(plan(1), 'tl', 'plan', 'job-1');
    const retried = await store.createPlan(plan(7), 'tl', 'plan', 'job-1');
    expect(retried.id).toBe(first.id);
    expect(retried.version).toBe(1);
    expect(retried.plan.totals.visits).toBe(1);
    expect((await store.listPlans()).length).toBe(1);

    const replan = await store.savePlanVersion(first.id, 1, plan(2), 'tl', 'replan', 'job-2');
    // The retry's base version is stale by now: it must answer the first save, not a 409 or a version 3.
    const replanAgain = await store.savePlanVersion(first.id, 1, plan(9), 'tl', 'replan', 'job-2');
    expect([replan.version, replanAgain.version]).toEqual([2, 2]);
    expect((await store.getPlan(first.id))!.plan.totals.visits).toBe(2);
    expect((await store.listAudit({ entity: 'plan' })).length).toBe(2);
    // Without a job id every save is its own version, as before.
    expect((await store.createPlan(plan(1), 'tl')).id).not.toBe(first.id);
  });

  it('migrates once: reopening the database keeps data and applies nothing twice', async () => {
    await store.createPlan(plan(1), 'a');
    await store.close();
    store = await db.open();
    expect((await store.listAudit()).length).toBe(1);
  });

  it('two instances starting at once on a new database migrate it once', async () => {
    const [a, b] = await Promise.all([db.open(), db.open()]);
    try {
      const raw = db.raw();
      try {
        const ids = (await raw.all<{ id: number }>('SELECT id FROM migrations ORDER BY id')).map((r) => Number(r.id));
        expect(ids).toEqual(MIGRATIONS.map((m) => m.id));
      } finally {
        await raw.close();
      }
      await a.createPlan(plan(1), 'a');
      expect((await b.listPlans()).length).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('concurrent saves on one base version: one new version, every other a 409', async () => {
    const v1 = await store.createPlan(plan(1), 'a');
    const results = await Promise.allSettled([2, 3, 4, 5].map((n) => store.savePlanVersion(v1.id, 1, plan(n), `editor-${n}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect(r.reason).toBeInstanceOf(ConflictError);
    expect((await store.getPlan(v1.id))!.version).toBe(2);
    expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: 2 });
  });

  it('an import is all or nothing: a row the database refuses leaves nothing of the file, and no audit row', async () => {
    const good = aCase('GOOD-1');
    await expect(store.upsertCases([good, { ...aCase('BAD-1'), balance: -5 }], 'tl')).rejects.toThrow();
    expect(await store.countCases()).toBe(0);
    expect(await store.listAudit()).toEqual([]);
    expect((await store.upsertCases([good], 'tl')).imported).toBe(1);
  });

  it('keeps the audit trail append-only: UPDATE, DELETE and a row around the chain refused; verify names a deleted end', async () => {
    await store.createPlan(plan(1), 'a');
    await store.recordEvent('a', 'read', 'case', 'X-1', { count: 1 });
    await store.recordEvent('a', 'read', 'case', 'X-2', { count: 2 });
    const raw = db.raw();
    try {
      await expect(raw.run("UPDATE audit SET detail = '{}' WHERE id = 2")).rejects.toThrow(/append-only: its rows cannot be changed/);
      await expect(raw.run('DELETE FROM audit WHERE id = 3')).rejects.toThrow(/append-only: its rows cannot be deleted/);
      const around = "INSERT INTO audit (id, at, actor, action, entity, entity_id, detail, prev_hash, hash) VALUES (4, 'x', 'x', 'y', 'z', '1', '{}', ?, ?)";
      await expect(raw.run(around, ['0'.repeat(64), 'f'.repeat(64)])).rejects.toThrow(/must extend the chain/);
      expect(await verifyAuditChain(raw)).toMatchObject({ ok: true, rows: 3, lastId: 3 });
      // Someone with the owner's rights drops a trigger and deletes the end: it shows.
      await raw.exec(raw.dialect.name === 'postgres' ? 'DROP TRIGGER audit_no_delete ON audit' : 'DROP TRIGGER audit_no_delete');
      await raw.run('DELETE FROM audit WHERE id = 3');
      expect(await verifyAuditChain(raw)).toMatchObject({ ok: false, rows: 2, id: 3, problem: expect.stringMatching(/were written and are gone/) });
    } finally {
      await raw.close();
    }
  });

  it('lists the audit rows about a case ref: the case itself or a detail naming the whole ref', async () => {
    await store.recordEvent('a', 'read', 'case', 'REF-1');
    await store.recordEvent('a', 'import', 'case', '*', { added: ['REF-10', 'REF-1'] });
    await store.recordEvent('a', 'import', 'case', '*', { added: ['REF-100'] });
    expect((await store.listAudit({ caseRef: 'REF-1' })).map((e) => e.id)).toEqual([2, 1]);
    expect((await store.listAudit({ caseRef: 'REF-10' })).map((e) => e.id)).toEqual([2]);
  });
});

describe('migrations', () => {
  it('PostgreSQL mirrors SQLite migration by migration: the same ids and names, in order', () => {
    expect(PG_MIGRATIONS.map((m) => [m.id, m.name])).toEqual(MIGRATIONS.map((m) => [m.id, m.name]));
  });
});

describe.skipIf(onPostgres)('migration 7 on a SQLite file: notice method, notice period, Breathing Space', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the cases of a database from before it, read as posted notices, and then stores the new fields', async () => {
    const path = join(dir, 'old.sqlite');
    const db = new Database(path);
    // Migration 3 (the audit chain) hashes with the store's SQL function.
    registerAuditHash(db);
    db.exec('CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of MIGRATIONS.filter((m) => m.id <= 5)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO migrations VALUES (?, ?, ?)').run(m.id, m.name, '2025-01-01T00:00:00Z');
    }
    db.prepare(
      `INSERT INTO cases (ref, debtor_ref, name, address, postcode, lat, lon, debt_type, balance, liability_order_date,
      notice_date, premises, vulnerable, warning, do_not_visit, previous_attempts, status, updated_at)
      VALUES ('OLD', 'D-1', 'Alex Example', '12 Sample Road', 'N11 1NN', 51.6166, -0.1389, 'council_tax', 100, '2026-01-05', '2026-02-02', 'domestic', 0, 0, '[]', '[]', 'open', '2026-02-03T10:00:00.000Z')`,
    ).run();
    db.close();

    const store = new SqliteStore(path);
    try {
      const old = (await store.getCase('OLD'))!;
      expect([old.noticeMethod, old.noticePeriodDays, old.breathingSpaceUntil]).toEqual([undefined, undefined, undefined]);
      await store.upsertCases([{ ...old, noticeMethod: 'fixed', noticePeriodDays: 28, breathingSpaceUntil: '2026-04-01' }], 'leader');
      expect(await store.getCase('OLD')).toMatchObject({ noticeMethod: 'fixed', noticePeriodDays: 28, breathingSpaceUntil: '2026-04-01' });
      // The column checks hold the lawful values only.
      const raw = new Database(path);
      try {
        expect(() => raw.prepare("UPDATE cases SET notice_period_days = 5 WHERE ref = 'OLD'").run()).toThrow(/CHECK constraint/);
      } finally {
        raw.close();
      }
    } finally {
      await store.close();
    }
  });
});
