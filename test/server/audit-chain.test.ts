/**
 * The audit table as the database keeps it: append-only (triggers), hash-chained, and verified
 * row by row. Raw SQL goes through a second better-sqlite3 connection on the store's own file,
 * as someone with the file in hand would.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DayPlan } from '../../solver/rules/types.js';
import { MIGRATIONS } from '../../server/store/migrations.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { onPostgres } from '../support/test-store.js';
import { SqliteClient } from '../../server/store/sqlite-client.js';
import { verifyAuditChain } from '../../server/store/sql-audit.js';
import { OFFICER } from './helpers.js';

const plan = (visits: number): DayPlan => ({
  date: '2026-03-02',
  weight: 0.45,
  routes: [],
  unplanned: [],
  totals: { visits, miles: 0, value: 0 },
  estimate: true,
});

const CASE = {
  ref: 'CT-1',
  debtorRef: 'D-1',
  name: 'Alex Example',
  address: '1 Sample Road',
  postcode: 'N11 1NN',
  lat: 51.61,
  lon: -0.14,
  debtType: 'council_tax' as const,
  balance: 300,
  liabilityOrderDate: '2026-01-05',
  noticeDate: '2026-02-02',
  premises: 'domestic' as const,
  vulnerable: false,
  warning: false,
  doNotVisit: [],
  previousAttempts: [],
  status: 'open' as const,
};

/** Every kind of change the store audits, by several actors. */
async function mixedChanges(store: SqliteStore): Promise<void> {
  await store.saveOfficer(OFFICER, 'tl', false);
  await store.saveOfficer({ ...OFFICER, id: 'officer-b', name: 'Officer B' }, 'tl', false);
  await store.saveOfficer({ ...OFFICER, shiftStart: '09:00' }, 'tl', true);
  await store.saveCrew({ id: 'crew-1', officerIds: ['officer-a', 'officer-b'] }, 'tl');
  await store.upsertCases([CASE, { ...CASE, ref: 'CT-2' }], 'tl');
  await store.saveSettings({ ...(await store.getSettings()), defaultWeight: 0.6 }, 'admin');
  const p = await store.createPlan(plan(1), 'tl');
  await store.savePlanVersion(p.id, 1, plan(2), 'officer.a', 'edit');
  await store.recordOutcome({ caseRef: 'CT-1', kind: 'no_contact', at: '2026-03-02T10:00:00Z', officerId: 'officer-a', recordedBy: 'officer.a' });
  await store.recordEvent('tl', 'read', 'case', 'CT-2');
  await store.deleteCrew('crew-1', 'tl');
  await store.deleteOfficer('officer-b', 'tl');
}

describe.skipIf(onPostgres)('the audit table of a SQLite file (store.test.ts checks both engines)', () => {
  let dir: string;
  let path: string;
  let store: SqliteStore;
  let raw: Database.Database;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-audit-'));
    path = join(dir, 'db.sqlite');
    store = new SqliteStore(path);
    await mixedChanges(store);
    raw = new Database(path);
  });
  afterEach(async () => {
    raw.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses UPDATE and DELETE, and an INSERT that does not extend the chain', async () => {
    const rows = (raw.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    expect(rows).toBe(12);
    expect(() => raw.prepare("UPDATE audit SET detail = '{}' WHERE id = 3").run()).toThrow(/append-only: its rows cannot be changed/);
    expect(() => raw.prepare("UPDATE audit SET actor = 'someone-else'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit WHERE id = 3').run()).toThrow(/append-only: its rows cannot be deleted/);
    expect(() => raw.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    // A row slipped in without the chain, or claiming another predecessor, is refused too.
    expect(() =>
      raw.prepare("INSERT INTO audit (at, actor, action, entity, entity_id, detail) VALUES ('2026-01-01T00:00:00.000Z', 'x', 'y', 'z', '1', '{}')").run(),
    ).toThrow(/must extend the chain/);
    expect(() =>
      raw
        .prepare("INSERT INTO audit (id, at, actor, action, entity, entity_id, detail, prev_hash, hash) VALUES (?, 'x', 'x', 'y', 'z', '1', '{}', ?, ?)")
        .run(rows + 1, '0'.repeat(64), 'f'.repeat(64)),
    ).toThrow(/must extend the chain/);
    expect((raw.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBe(rows);
    expect(await verifyAuditChain(new SqliteClient(raw))).toMatchObject({ ok: true, rows });
  });

  it('chains every row to the one before: SHA-256 over the JSON of (id, at, actor, action, entity, entity_id, detail, prev_hash)', async () => {
    const rows = raw.prepare('SELECT * FROM audit ORDER BY id').all() as Array<Record<string, string | number>>;
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    for (const [i, r] of rows.entries()) {
      if (i > 0) expect(r.prev_hash).toBe(rows[i - 1].hash);
      // Recomputed here from the documented serialisation, not with the module's function.
      const text = JSON.stringify([r.id, r.at, r.actor, r.action, r.entity, r.entity_id, r.detail, r.prev_hash]);
      expect(r.hash).toBe(createHash('sha256').update(text).digest('hex'));
    }
    const report = await verifyAuditChain(new SqliteClient(raw));
    expect(report).toEqual({ ok: true, rows: 12, lastId: 12, lastHash: rows[11].hash });
  });

  it('names the first row that breaks the chain: a changed row, a deleted row, a re-hashed row, a deleted end', async () => {
    raw.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete');
    const snapshot = raw.prepare('SELECT * FROM audit ORDER BY id').all() as Array<Record<string, string | number>>;

    raw.prepare(`UPDATE audit SET detail = '{"kind":"paid"}' WHERE id = 9`).run();
    expect(await verifyAuditChain(new SqliteClient(raw))).toEqual({
      ok: false,
      rows: 8,
      id: 9,
      problem: expect.stringMatching(/contents do not match its hash/),
    });

    // Changed and re-hashed: row 9 passes on its own, row 10 no longer follows it.
    const r9 = raw.prepare('SELECT * FROM audit WHERE id = 9').get() as Record<string, string | number>;
    const rehashed = createHash('sha256')
      .update(JSON.stringify([r9.id, r9.at, r9.actor, r9.action, r9.entity, r9.entity_id, r9.detail, r9.prev_hash]))
      .digest('hex');
    raw.prepare('UPDATE audit SET hash = ? WHERE id = 9').run(rehashed);
    expect(await verifyAuditChain(new SqliteClient(raw))).toMatchObject({
      ok: false,
      rows: 9,
      id: 10,
      problem: expect.stringMatching(/does not follow row 9/),
    });

    raw.prepare('UPDATE audit SET detail = ?, hash = ? WHERE id = 9').run(snapshot[8].detail, snapshot[8].hash);
    expect(await verifyAuditChain(new SqliteClient(raw))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/append-only are missing: audit_no_update, audit_no_delete$/),
    });

    raw.prepare('DELETE FROM audit WHERE id = 5').run();
    expect(await verifyAuditChain(new SqliteClient(raw))).toMatchObject({
      ok: false,
      rows: 4,
      id: 6,
      problem: expect.stringMatching(/does not follow row 4: a row between them was deleted/),
    });
  });

  it('a deleted end or start of the trail shows too', async () => {
    raw.exec('DROP TRIGGER audit_no_delete');
    raw.prepare('DELETE FROM audit WHERE id >= 11').run();
    expect(await verifyAuditChain(new SqliteClient(raw))).toMatchObject({
      ok: false,
      rows: 10,
      id: 11,
      problem: expect.stringMatching(/rows 11\.\.12 were written and are gone/),
    });
    raw.prepare('DELETE FROM audit WHERE id = 1').run();
    expect(await verifyAuditChain(new SqliteClient(raw))).toMatchObject({
      ok: false,
      rows: 0,
      id: 2,
      problem: expect.stringMatching(/does not start the chain/),
    });
  });
});

describe.skipIf(onPostgres)('migration 3 on a SQLite file with an audit trail from before the chain', () => {
  it('hashes the rows already there, in order, and they verify with the rows written after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-audit-old-'));
    const path = join(dir, 'db.sqlite');
    try {
      // The database as the release before migration 3 left it: migrations 1, 2 and 4, with rows
      // written the old way (and a gap in the ids, as a rolled-back or removed row could leave).
      const old = new Database(path);
      old.exec('CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      for (const m of MIGRATIONS.filter((m) => m.id !== 3)) {
        old.exec(m.sql);
        old.prepare('INSERT INTO migrations VALUES (?, ?, ?)').run(m.id, m.name, '2026-01-01T00:00:00.000Z');
      }
      const insert = old.prepare('INSERT INTO audit (id, at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
      insert.run(1, '2026-01-02T09:00:00.000Z', 'tl', 'create', 'officer', 'officer-a', '{}');
      insert.run(2, '2026-01-02T09:05:00.000Z', 'tl', 'import', 'case', '*', '{"imported":3,"updated":0,"kept":0}');
      insert.run(4, '2026-01-02T09:10:00.000Z', 'admin', 'update', 'settings', '1', '{"defaultWeight":0.5,"blackoutDates":0}');
      old.close();

      const store = new SqliteStore(path);
      await store.saveOfficer(OFFICER, 'tl', false);
      const entries = await store.listAudit();
      await store.close();
      expect(entries.map((e) => [e.id, e.action, e.detail])).toEqual([
        [5, 'create', expect.objectContaining({ changes: expect.any(Array) })],
        [4, 'update', { defaultWeight: 0.5, blackoutDates: 0 }],
        [2, 'import', { imported: 3, updated: 0, kept: 0 }],
        [1, 'create', {}],
      ]);
      expect(entries[0].prevHash).toBe(entries[1].hash);

      const raw = new Database(path);
      expect(await verifyAuditChain(new SqliteClient(raw))).toMatchObject({ ok: true, rows: 4, lastId: 5 });
      expect(() => raw.prepare('DELETE FROM audit WHERE id = 1').run()).toThrow(/append-only/);
      raw.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
