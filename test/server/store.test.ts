import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DayPlan } from '../../solver/rules/types.js';
import { MIGRATIONS } from '../../server/store/migrations.js';
import { registerAuditHash } from '../../server/store/sql-audit.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { ConflictError } from '../../server/store/store.js';

const plan = (visits: number): DayPlan => ({
  date: '2026-03-02',
  weight: 0.45,
  routes: [],
  unplanned: [],
  totals: { visits, miles: 0, value: 0 },
  estimate: true,
});

describe('SqliteStore', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-store-'));
    store = new SqliteStore(join(dir, 'db.sqlite'));
  });
  afterEach(async () => {
    await store.close();
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

  it('migrates once: reopening the file keeps data and applies nothing twice', async () => {
    await store.createPlan(plan(1), 'a');
    await store.close();
    store = new SqliteStore(join(dir, 'db.sqlite'));
    expect((await store.listAudit()).length).toBe(1);
  });
});

describe('migration 7: notice method, notice period, Breathing Space', () => {
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
