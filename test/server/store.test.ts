import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DayPlan } from '../../solver/rules/types.js';
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

  it('migrates once: reopening the file keeps data and applies nothing twice', async () => {
    await store.createPlan(plan(1), 'a');
    await store.close();
    store = new SqliteStore(join(dir, 'db.sqlite'));
    expect((await store.listAudit()).length).toBe(1);
  });
});
