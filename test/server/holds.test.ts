/**
 * Holds on debtors through the API and the store: a vulnerability from an import row or an outcome
 * holds the debtor (and opens a review of others at the address); a team leader sets a manual hold
 * and clears any hold with a reason; the audit says who set or cleared what kind of hold, never
 * the reason; an erasure erases the reasons; migration 6 turns old vulnerability suspensions into
 * holds.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/store/migrations.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { onPostgres } from '../support/test-store.js';
import { registerAuditHash } from '../../server/store/sql-audit.js';
import { csvBody, importCsv, makeApp, type TestApp } from './helpers.js';

interface HoldJson {
  id: number;
  debtorRef: string;
  kind: string;
  reason: string;
  setBy: string;
  setAt: string;
  clearedBy?: string;
  clearedAt?: string;
  clearReason?: string;
}

/** A row of the revenues file; `address` defaults to one per debtor. */
function row(ref: string, debtor: string, o: { address?: string; vulnerable?: boolean } = {}): string {
  return `${ref},${debtor},Alex Example,"${o.address ?? `${ref} Sample Road`}",N11 1NN,,,council_tax,500.00,2026-01-05,2026-02-02,domestic,,${o.vulnerable ? 'yes' : 'no'},no,,`;
}

describe('holds on debtors', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
  });
  afterEach(async () => t.close());

  const holdsOf = async (debtor: string) => {
    const res = await t.inject({ url: `/api/debtors/${debtor}/holds` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<HoldJson[]>();
  };
  const audit = async (query: string) =>
    (await t.inject({ url: `/api/audit${query}` })).json<Array<{ actor: string; action: string; entityId: string; detail: Record<string, unknown> }>>();

  it('a team leader sets a manual hold and clears it with a reason; the audit records who and what kind, never the reason', async () => {
    expect((await importCsv(t.inject, csvBody([row('M-1', 'D-M')]))).statusCode).toBe(200);
    const set = await t.inject({ method: 'POST', url: '/api/debtors/D-M/holds', payload: { kind: 'manual', reason: 'Disputes the liability order at court' } });
    expect(set.statusCode, set.body).toBe(201);
    const hold = set.json<HoldJson>();
    expect(hold).toMatchObject({ debtorRef: 'D-M', kind: 'manual', reason: 'Disputes the liability order at court', setBy: 'tl' });

    const noReason = await t.inject({ method: 'POST', url: `/api/debtors/D-M/holds/${hold.id}/clear`, payload: { reason: '  ' } });
    expect(noReason.statusCode).toBe(400);
    const cleared = await t.inject({ method: 'POST', url: `/api/debtors/D-M/holds/${hold.id}/clear`, payload: { reason: 'Court found the order valid' } });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ id: hold.id, clearedBy: 'tl', clearReason: 'Court found the order valid' });
    const again = await t.inject({ method: 'POST', url: `/api/debtors/D-M/holds/${hold.id}/clear`, payload: { reason: 'twice' } });
    expect(again.statusCode).toBe(409);
    expect((await holdsOf('D-M')).map((h) => [h.kind, h.clearedBy])).toEqual([['manual', 'tl']]);

    const entries = [...(await audit('?action=hold-set')), ...(await audit('?action=hold-cleared'))];
    expect(entries.map((e) => [e.action, e.actor, e.entityId, e.detail.kind])).toEqual([
      ['hold-set', 'tl', 'D-M', 'manual'],
      ['hold-cleared', 'tl', 'D-M', 'manual'],
    ]);
    const everything = JSON.stringify(await audit('?limit=1000'));
    for (const words of ['Disputes', 'Court found']) expect(everything).not.toContain(words);
    // The read of the reasons is recorded, without them.
    expect((await audit('?entity=debtor-holds'))[0]).toMatchObject({ actor: 'tl', action: 'read', entityId: 'D-M' });
  });

  it('refuses a debtor with no case, a hold of another debtor, and a kind other than manual', async () => {
    await importCsv(t.inject, csvBody([row('A-1', 'D-A'), row('B-1', 'D-B')]));
    expect((await t.inject({ url: '/api/debtors/D-NOBODY/holds' })).statusCode).toBe(404);
    expect((await t.inject({ method: 'POST', url: '/api/debtors/D-NOBODY/holds', payload: { kind: 'manual', reason: 'x' } })).statusCode).toBe(404);
    expect((await t.inject({ method: 'POST', url: '/api/debtors/D-A/holds', payload: { kind: 'vulnerable', reason: 'x' } })).statusCode).toBe(400);
    const a = (await t.inject({ method: 'POST', url: '/api/debtors/D-A/holds', payload: { kind: 'manual', reason: 'x' } })).json<HoldJson>();
    expect((await t.inject({ method: 'POST', url: `/api/debtors/D-B/holds/${a.id}/clear`, payload: { reason: 'y' } })).statusCode).toBe(404);
    const long = 'x'.repeat(501);
    expect((await t.inject({ method: 'POST', url: '/api/debtors/D-A/holds', payload: { kind: 'manual', reason: long } })).statusCode).toBe(400);
  });

  it('a vulnerability holds the debtor and opens a review of the others at the address; clearing it clears the review', async () => {
    // V and their lodger L share an address (spelt differently); V also owes for a shop.
    await importCsv(
      t.inject,
      csvBody([
        row('V-HOME', 'D-V', { address: '8 Birch Way' }),
        row('V-SHOP', 'D-V', { address: '2 Shop Row' }),
        row('L-1', 'D-L', { address: '8 BIRCH WAY,' }),
      ]),
    );
    expect(await holdsOf('D-V')).toEqual([]);
    const outcome = await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef: 'V-SHOP', kind: 'vulnerable', at: '2026-03-02T10:15:00Z' } });
    expect(outcome.statusCode, outcome.body).toBe(201);
    const [vulnerable] = await holdsOf('D-V');
    expect(vulnerable).toMatchObject({ kind: 'vulnerable', reason: "'vulnerable' outcome recorded at a visit", setBy: 'tl' });
    expect(vulnerable.clearedAt).toBeUndefined();
    const [review] = await holdsOf('D-L');
    // The review names no one.
    expect(review).toMatchObject({ kind: 'review', reason: 'a person at this address is vulnerable: review before anyone visits' });

    // A case of the held debtor imported later is held too (the rules read the debtor's hold): nothing new to record.
    await importCsv(t.inject, csvBody([row('V-NEW', 'D-V', { address: '40 New Street' })]));
    expect((await holdsOf('D-V')).length).toBe(1);

    const cleared = await t.inject({
      method: 'POST',
      url: `/api/debtors/D-V/holds/${vulnerable.id}/clear`,
      payload: { reason: 'Reviewed with the debt adviser' },
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    const [reviewAfter] = await holdsOf('D-L');
    expect(reviewAfter).toMatchObject({ id: review.id, clearedBy: 'tl', clearReason: 'the vulnerability that opened this review was cleared' });

    // The same flag in the next file is not a new vulnerability; a new outcome is.
    const active = async () => (await holdsOf('D-V')).filter((h) => h.clearedAt === undefined).map((h) => h.kind);
    await importCsv(t.inject, csvBody([row('V-SHOP', 'D-V', { address: '2 Shop Row', vulnerable: true })]));
    expect(await active()).toEqual([]);
    await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef: 'V-HOME', kind: 'vulnerable', at: '2026-03-09T10:15:00Z' } });
    expect(await active()).toEqual(['vulnerable']);
    expect((await holdsOf('D-L')).filter((h) => h.clearedAt === undefined).map((h) => h.kind)).toEqual(['review']);
  });

  it("clearing last month's vulnerability leaves today's doorstep finding holding the debtor", async () => {
    // The file flags both of the debtor's cases: one finding.
    await importCsv(t.inject, csvBody([row('V-1', 'D-V', { vulnerable: true }), row('V-2', 'D-V', { vulnerable: true })]));
    expect(await holdsOf('D-V')).toHaveLength(1);
    const [fromFile] = await holdsOf('D-V');
    expect(fromFile.reason).toBe('vulnerability flag in the revenues file');
    // Seen at the door since: one finding, recorded on both of the debtor's cases at that visit.
    for (const caseRef of ['V-1', 'V-2']) {
      const res = await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef, kind: 'vulnerable', at: '2026-03-02T10:15:00Z' } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const active = async () => (await holdsOf('D-V')).filter((h) => h.clearedAt === undefined);
    expect((await active()).map((h) => h.reason)).toEqual(["'vulnerable' outcome recorded at a visit", 'vulnerability flag in the revenues file']);
    // The team leader, reading the file's flag, clears it: the visit's finding still holds the debtor.
    const cleared = await t.inject({ method: 'POST', url: `/api/debtors/D-V/holds/${fromFile.id}/clear`, payload: { reason: 'Flag reviewed' } });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect((await active()).map((h) => h.reason)).toEqual(["'vulnerable' outcome recorded at a visit"]);
    expect((await audit('?action=hold-set')).filter((e) => e.entityId === 'D-V').length).toBe(2);
  });

  it('a case the file moves to another debtor reference keeps the holds it was under', async () => {
    await importCsv(t.inject, csvBody([row('V-1', 'D-V', { vulnerable: true }), row('M-1', 'D-M'), row('F-1', 'D-F')]));
    const manual = await t.inject({ method: 'POST', url: '/api/debtors/D-M/holds', payload: { kind: 'manual', reason: 'Court hearing pending' } });
    expect(manual.statusCode, manual.body).toBe(201);
    // The revenues system re-keys the three debtors: D-V and D-M were held, D-F was not.
    const moved = await importCsv(t.inject, csvBody([row('V-1', 'D-V2', { vulnerable: true }), row('M-1', 'D-M2'), row('F-1', 'D-F2')]));
    expect(moved.statusCode, moved.body).toBe(200);
    const active = async (debtor: string) => (await holdsOf(debtor)).filter((h) => h.clearedAt === undefined).map((h) => [h.kind, h.reason]);
    const reason = 'a case moved here from another debtor reference, which was held: review before anyone visits';
    expect(await active('D-V2')).toEqual([['vulnerable', reason]]);
    expect(await active('D-M2')).toEqual([['manual', reason]]);
    expect(await active('D-F2')).toEqual([]);
  });

  it('a review stays open while someone at the address is still vulnerable', async () => {
    await importCsv(
      t.inject,
      csvBody([
        row('V-1', 'D-V', { address: '8 Birch Way', vulnerable: true }),
        row('W-1', 'D-W', { address: '8 Birch Way', vulnerable: true }),
        row('L-1', 'D-L', { address: '8 Birch Way' }),
      ]),
    );
    const [v] = await holdsOf('D-V');
    const [review] = await holdsOf('D-L');
    expect(review.kind).toBe('review');
    await t.inject({ method: 'POST', url: `/api/debtors/D-V/holds/${v.id}/clear`, payload: { reason: 'Reviewed' } });
    expect((await holdsOf('D-L'))[0].clearedAt).toBeUndefined();
  });

  it('an erasure erases the reasons and keeps the record of the holds', async () => {
    await importCsv(t.inject, csvBody([row('E-1', 'D-E')]));
    const hold = (
      await t.inject({ method: 'POST', url: '/api/debtors/D-E/holds', payload: { kind: 'manual', reason: 'Lives with a carer' } })
    ).json<HoldJson>();
    await t.inject({ method: 'POST', url: `/api/debtors/D-E/holds/${hold.id}/clear`, payload: { reason: 'Carer moved out' } });
    const erased = await t.as('admin')({ method: 'POST', url: '/api/debtors/D-E/erase', payload: { reason: 'Art. 17 request' } });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(await holdsOf('D-E')).toEqual([
      expect.objectContaining({ id: hold.id, kind: 'manual', reason: '[erased]', clearReason: '[erased]', clearedBy: 'tl' }),
    ]);
  });

  it('a reason written after the erasure is erased by the next retention run, and by another request', async () => {
    await importCsv(t.inject, csvBody([row('E-2', 'D-F')]));
    const hold = async (reason: string) =>
      (await t.inject({ method: 'POST', url: '/api/debtors/D-F/holds', payload: { kind: 'manual', reason } })).json<HoldJson>();
    const clear = (id: number, reason: string) => t.inject({ method: 'POST', url: `/api/debtors/D-F/holds/${id}/clear`, payload: { reason } });
    const erase = async () =>
      expect((await t.as('admin')({ method: 'POST', url: '/api/debtors/D-F/erase', payload: { reason: 'Art. 17 request' } })).statusCode).toBe(200);

    // Held before the erasure, cleared after it in a team leader's words.
    const first = await hold('Lives with a carer');
    await erase();
    await clear(first.id, 'Daughter says her health is better');
    await t.store.retention.run({
      policy: { planVersionsKept: 5, planVersionsAfterDays: 30, closedCaseDays: 365 },
      now: new Date(),
      today: new Date().toISOString().slice(0, 10),
      actor: 'test-run',
      dryRun: false,
    });
    expect(await holdsOf('D-F')).toEqual([expect.objectContaining({ id: first.id, reason: '[erased]', clearReason: '[erased]' })]);

    // The same again, erased by another request rather than the run.
    const second = await hold('Second thoughts');
    await erase();
    await clear(second.id, 'No longer needed');
    await erase();
    expect((await holdsOf('D-F')).map((h) => [h.reason, h.clearReason])).toEqual([
      ['[erased]', '[erased]'],
      ['[erased]', '[erased]'],
    ]);
  });

  it('a plan leaves the held debtor out with the reason, and plans them again once the hold is cleared', async () => {
    await t.store.saveOfficer(
      {
        id: 'o1',
        name: 'Officer One',
        start: { lat: 51.6127, lon: -0.1408 },
        end: { lat: 51.6127, lon: -0.1408 },
        shiftStart: '08:00',
        shiftEnd: '18:00',
        workingDays: [1, 2, 3, 4, 5],
        unavailableDates: [],
        breakMinutes: 30,
        breakWindow: { start: '12:00', end: '14:00' },
        skills: [],
        saturdayQuota: 0,
      },
      'test-setup',
      false,
    );
    await importCsv(t.inject, csvBody([row('H-1', 'D-H'), row('K-1', 'D-K')]));
    const hold = (await t.inject({ method: 'POST', url: '/api/debtors/D-H/holds', payload: { kind: 'manual', reason: 'Bereavement' } })).json<HoldJson>();
    const plan = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: '2026-03-03', seed: 1, maxIterations: 100 } });
    expect(plan.statusCode, plan.body).toBe(201);
    expect(plan.json().unplanned).toContainEqual({ caseRef: 'H-1', reason: 'manual-hold' });
    await t.inject({ method: 'POST', url: `/api/debtors/D-H/holds/${hold.id}/clear`, payload: { reason: 'A month has passed' } });
    const again = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: '2026-03-03', seed: 1, maxIterations: 100, replace: true } });
    expect(again.json().routes.flatMap((r: { stops: Array<{ caseRefs: string[] }> }) => r.stops.flatMap((s) => s.caseRefs))).toContain('H-1');
  });
});

describe.skipIf(onPostgres)('migration 6 on a SQLite file with vulnerabilities recorded before it', () => {
  it('holds each flagged debtor and opens the cases only a vulnerability suspended', async () => {
    const t = await makeApp();
    const file = join(t.dir, 'old.sqlite');
    try {
      // A database as the previous release left it: migrations 1 to 5.
      const db = new Database(file);
      registerAuditHash(db);
      db.exec('CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      for (const m of MIGRATIONS.filter((x) => x.id <= 5)) {
        db.exec(m.sql);
        db.prepare('INSERT INTO migrations VALUES (?, ?, ?)').run(m.id, m.name, '2026-01-01T00:00:00Z');
      }
      const insertCase = db.prepare(`INSERT INTO cases (ref, debtor_ref, name, address, postcode, lat, lon, debt_type, balance, liability_order_date,
        notice_date, premises, trading_hours, vulnerable, warning, do_not_visit, previous_attempts, arrangement_breached_date, status, updated_at)
        VALUES (?, ?, 'Alex Example', '1 Sample Road', 'N11 1NN', 51.6, -0.14, 'council_tax', 500, '2026-01-05', '2026-02-02', 'domestic', NULL, ?, 0, '[]', '[]', NULL, ?, '2026-03-04T12:00:00Z')`);
      insertCase.run('FLAGGED', 'D-1', 1, 'suspended'); // the import suspended it for its flag
      insertCase.run('FOUND', 'D-2', 1, 'suspended'); // a 'vulnerable' outcome suspended it
      insertCase.run('BOTH', 'D-3', 1, 'suspended'); // vulnerable, then an arrangement
      insertCase.run('ARR', 'D-4', 0, 'suspended'); // an arrangement only
      insertCase.run('PLAIN', 'D-5', 0, 'open');
      const outcome = db.prepare(`INSERT INTO outcomes (case_ref, kind, at, recorded_by) VALUES (?, ?, '2026-03-04T10:15:00Z', 'leader')`);
      outcome.run('FOUND', 'vulnerable');
      outcome.run('BOTH', 'vulnerable');
      outcome.run('BOTH', 'arrangement');
      outcome.run('ARR', 'arrangement');
      db.close();

      const store = new SqliteStore(file);
      try {
        const status = async (ref: string) => (await store.getCase(ref))!.status;
        expect([await status('FLAGGED'), await status('FOUND'), await status('BOTH'), await status('ARR'), await status('PLAIN')]).toEqual([
          'open',
          'open',
          'suspended',
          'suspended',
          'open',
        ]);
        const holds = await store.holds.forPlanning();
        expect(holds.map((h) => [h.debtorRef, h.kind, h.clearedAt])).toEqual([
          ['D-1', 'vulnerable', undefined],
          ['D-2', 'vulnerable', undefined],
          ['D-3', 'vulnerable', undefined],
        ]);
        expect((await store.holds.list('D-1'))[0]).toMatchObject({ setBy: 'migration', reason: 'vulnerability recorded before holds on debtors existed' });
      } finally {
        await store.close();
      }
    } finally {
      await t.close();
    }
  });
});
