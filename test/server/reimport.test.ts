import Database from 'better-sqlite3';
import type { InjectOptions } from 'fastify';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/store/migrations.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { onPostgres } from '../support/test-store.js';
import { csvBody, makeApp, type TestApp } from './helpers.js';

/** Every request of this file goes through here, so that sign-in headers are added in one place. */
function inject(t: TestApp, options: InjectOptions & { url: string }) {
  return t.inject(options);
}

const importFile = (t: TestApp, rows: string[]) =>
  inject(t, { method: 'POST', url: '/api/cases/import', headers: { 'content-type': 'text/csv' }, payload: csvBody(rows) });
const record = (t: TestApp, caseRef: string, kind: string, at: string, extra: Record<string, unknown> = {}) =>
  inject(t, { method: 'POST', url: '/api/outcomes', payload: { caseRef, kind, at, ...extra } });
const getCase = async (t: TestApp, ref: string) => (await inject(t, { url: `/api/cases/${ref}` })).json();

/** One row of the revenues export: every column a file has, with the ones these tests vary. */
function row(ref: string, o: { balance?: string; address?: string; vulnerable?: 'yes' | 'no'; attempts?: string } = {}): string {
  const address = o.address ?? `${ref.length} Sample Road`;
  return `${ref},D-${ref},Alex Example,"${address}",N11 1NN,,,council_tax,${o.balance ?? '500.00'},2026-01-05,2026-02-02,domestic,,${o.vulnerable ?? 'no'},no,,${o.attempts ?? ''}`;
}

describe('a re-import keeps what was recorded in Rounds', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
  });
  afterEach(async () => t.close());

  it('suspensions, closures and vulnerabilities recorded stay; the file updates what the revenues system owns', async () => {
    // Rows as a spreadsheet numbers them: the header is row 1.
    const refs = ['PLAIN', 'VULN', 'ARR', 'PAID', 'GONE', 'PART', 'GOODS'];
    const first = await importFile(
      t,
      refs.map((r) => row(r)),
    );
    expect(first.json()).toEqual({ imported: 7, updated: 0, kept: [], otherName: [] });

    for (const [ref, kind, extra] of [
      ['VULN', 'vulnerable', {}],
      ['ARR', 'arrangement', {}],
      ['PAID', 'paid', { amount: 500 }],
      ['GONE', 'gone_away', {}],
      ['PART', 'paid', { amount: 100 }],
      ['GOODS', 'goods_controlled', {}],
    ] as const) {
      const res = await record(t, ref, kind, '2026-03-04T10:15:00Z', extra);
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await getCase(t, 'PART')).balance).toBe(400);

    // The next export: same cases, new balances and a corrected address, every case open and not vulnerable.
    const again = await importFile(
      t,
      refs.map((r) => row(r, { balance: '480.00', address: `${r.length} Sample Road, Flat 1` })),
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({
      imported: 0,
      updated: 7,
      kept: [
        { row: 3, caseRef: 'VULN', fields: ['vulnerable'], reason: 'vulnerability recorded 2026-03-04' },
        { row: 4, caseRef: 'ARR', fields: ['status'], reason: 'suspended: arrangement recorded 2026-03-04' },
        { row: 5, caseRef: 'PAID', fields: ['status'], reason: "closed by a 'paid' outcome recorded 2026-03-04" },
        { row: 6, caseRef: 'GONE', fields: ['status'], reason: "closed by a 'gone_away' outcome recorded 2026-03-04" },
        { row: 8, caseRef: 'GOODS', fields: ['status'], reason: "closed by a 'goods_controlled' outcome recorded 2026-03-04" },
      ],
      otherName: [],
    });

    const expected: Record<string, { status: string; vulnerable: boolean }> = {
      PLAIN: { status: 'open', vulnerable: false },
      // Held through its debtor (a vulnerability hold), not suspended.
      VULN: { status: 'open', vulnerable: true },
      ARR: { status: 'suspended', vulnerable: false },
      PAID: { status: 'closed', vulnerable: false },
      GONE: { status: 'closed', vulnerable: false },
      PART: { status: 'open', vulnerable: false },
      GOODS: { status: 'closed', vulnerable: false },
    };
    for (const ref of refs) {
      const c = await getCase(t, ref);
      expect({ status: c.status, vulnerable: c.flags.vulnerable }, ref).toEqual(expected[ref]);
      // The revenues system's own fields come from the file whatever was recorded.
      expect(c.balance, ref).toBe(480);
      expect(c.address, ref).toBe(`${ref.length} Sample Road, Flat 1`);
    }

    // A third import of the same file keeps the same rows: the record decides, not the last import.
    const third = await importFile(
      t,
      refs.map((r) => row(r, { balance: '480.00' })),
    );
    expect(third.json().kept.map((k: { caseRef: string }) => k.caseRef)).toEqual(['VULN', 'ARR', 'PAID', 'GONE', 'GOODS']);
    expect((await getCase(t, 'PAID')).status).toBe('closed');

    const audit = (await inject(t, { url: '/api/audit' })).json<Array<{ action: string; detail: Record<string, unknown> }>>();
    // The audit lists the refs: none added, two taking the file whole, five keeping what Rounds recorded.
    expect(audit.find((a) => a.action === 'import')?.detail).toEqual({
      counts: { added: 0, updated: 2, kept: 5 },
      added: [],
      updated: ['PLAIN', 'PART'],
      kept: ['VULN', 'ARR', 'PAID', 'GONE', 'GOODS'],
    });
  });

  it('a part payment recorded on the doorstep is not undone by a file exported before it', async () => {
    expect((await importFile(t, [row('PART', { balance: '500.00' })])).json()).toMatchObject({ imported: 1 });
    // £100 paid on the doorstep on 4 March, then £50 on 6 March: £500 -> £400 -> £350.
    expect((await record(t, 'PART', 'paid', '2026-03-04T10:15:00Z', { amount: 100 })).statusCode).toBe(201);
    expect((await record(t, 'PART', 'paid', '2026-03-06T11:00:00Z', { amount: 50 })).statusCode).toBe(201);
    expect((await getCase(t, 'PART')).balance).toBe(350);

    // The export of 3 March still says £500: both payments are taken off again.
    const stale = await importFile(t, [row('PART', { balance: '500.00' })]);
    expect(stale.json().kept).toEqual([
      { row: 2, caseRef: 'PART', fields: ['balance'], reason: "the balance less the part payments recorded since 2026-03-04 (the file's is from before them)" },
    ]);
    expect((await getCase(t, 'PART')).balance).toBe(350);
    // An export with the first payment posted (£400): the second is taken off.
    await importFile(t, [row('PART', { balance: '400.00' })]);
    expect((await getCase(t, 'PART')).balance).toBe(350);
    // The revenues system's own later figure (both posted, and costs added): the file's stands.
    const posted = await importFile(t, [row('PART', { balance: '362.50' })]);
    expect(posted.json().kept).toEqual([]);
    expect((await getCase(t, 'PART')).balance).toBe(362.5);
  });

  it('a file that itself says vulnerable holds the debtor, on first import and when it raises the flag later', async () => {
    const holdsOf = async (ref: string) => (await inject(t, { url: `/api/debtors/D-${ref}/holds` })).json<Array<{ kind: string; clearedAt?: string }>>();
    await importFile(t, [row('NEW-V', { vulnerable: 'yes' }), row('LATER-V')]);
    expect(await getCase(t, 'NEW-V')).toMatchObject({ status: 'open', flags: { vulnerable: true } });
    expect((await holdsOf('NEW-V')).map((h) => h.kind)).toEqual(['vulnerable']);
    expect(await holdsOf('LATER-V')).toEqual([]);

    const again = await importFile(t, [row('NEW-V', { vulnerable: 'yes' }), row('LATER-V', { vulnerable: 'yes' })]);
    expect(again.json().kept).toEqual([]);
    // The same flag again is no new vulnerability: still the one hold.
    expect((await holdsOf('NEW-V')).length).toBe(1);
    expect(await getCase(t, 'LATER-V')).toMatchObject({ status: 'open', flags: { vulnerable: true } });
    expect((await holdsOf('LATER-V')).map((h) => h.kind)).toEqual(['vulnerable']);
    // The revenues system may lift its own flag; the hold stays until a team leader clears it.
    await importFile(t, [row('LATER-V', { vulnerable: 'no' })]);
    expect(await getCase(t, 'LATER-V')).toMatchObject({ status: 'open', flags: { vulnerable: false } });
    expect((await holdsOf('LATER-V'))[0].clearedAt).toBeUndefined();
  });

  it('a vulnerability recorded and then vulnerable=yes in the file: one hold, nothing to report', async () => {
    await importFile(t, [row('V')]);
    await record(t, 'V', 'vulnerable', '2026-03-04T10:15:00Z');
    const again = await importFile(t, [row('V', { vulnerable: 'yes' })]);
    expect(again.json()).toEqual({ imported: 0, updated: 1, kept: [], otherName: [] });
    expect(await getCase(t, 'V')).toMatchObject({ status: 'open', flags: { vulnerable: true } });
    expect((await t.store.holds.list('D-V')).map((h) => h.kind)).toEqual(['vulnerable']);
  });

  it('no-contact attempts recorded merge with the file: union by instant, sorted; kept only when the file drops one', async () => {
    await importFile(t, [row('PLAIN'), row('NOC', { attempts: '2026-02-20T18:30' })]);
    expect((await record(t, 'NOC', 'no_contact', '2026-03-04T10:15:00Z')).statusCode).toBe(201);
    expect((await record(t, 'NOC', 'no_contact', '2026-03-05T17:40:00Z')).statusCode).toBe(201);

    // The export has caught up with one attempt (in its own spelling) and lists an older one; it lacks 5 March.
    const again = await importFile(t, [row('PLAIN'), row('NOC', { attempts: '2026-03-04T10:15;2026-01-28T09:00' })]);
    expect(again.json().kept).toEqual([{ row: 3, caseRef: 'NOC', fields: ['previous_attempts'], reason: 'a no-contact attempt recorded 2026-03-05 kept' }]);
    expect((await getCase(t, 'NOC')).previousAttempts).toEqual(['2026-01-28T09:00:00+00:00', '2026-03-04T10:15:00+00:00', '2026-03-05T17:40:00Z']);
    expect((await getCase(t, 'NOC')).status).toBe('open');

    // A file that lists every recorded attempt is not a kept row.
    const caughtUp = await importFile(t, [row('NOC', { attempts: '2026-03-05T17:40;2026-03-04T10:15' })]);
    expect(caughtUp.json().kept).toEqual([]);
    expect((await getCase(t, 'NOC')).previousAttempts).toEqual(['2026-03-04T10:15:00+00:00', '2026-03-05T17:40:00+00:00']);
  });

  it('the import is one transaction: a bad row leaves the recorded state and the file untouched', async () => {
    await importFile(t, [row('VULN')]);
    await record(t, 'VULN', 'vulnerable', '2026-03-04T10:15:00Z');
    const bad = await importFile(t, [
      row('VULN', { balance: '10' }),
      'BROKEN,D-9,Jo Dummy,6 Test Lane,N11 1NN,,,council_tax,-3,2026-01-05,2026-02-02,domestic,,no,no,,',
    ]);
    expect(bad.statusCode).toBe(422);
    expect(await getCase(t, 'VULN')).toMatchObject({ status: 'open', balance: 500, flags: { vulnerable: true } });
    expect((await t.store.holds.list('D-VULN')).length).toBe(1);
  });
});

describe.skipIf(onPostgres)('migration 4 on a SQLite file with outcomes recorded before it', () => {
  it('a payment that closed a case is read as having cleared it; a part payment is not', async () => {
    const t = await makeApp();
    const file = join(t.dir, 'old.sqlite');
    try {
      // A database as the previous release left it: migration 1 only.
      const db = new Database(file);
      db.exec(MIGRATIONS.find((m) => m.id === 1)!.sql);
      db.exec('CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      db.prepare('INSERT INTO migrations VALUES (1, ?, ?)').run('initial schema', '2026-01-01T00:00:00Z');
      const insertCase =
        db.prepare(`INSERT INTO cases VALUES (?, 'D-1', 'Alex Example', '1 Sample Road', 'N11 1NN', 51.6, -0.14, 'council_tax', ?, '2026-01-05',
        '2026-02-02', 'domestic', NULL, 0, 0, '[]', '[]', NULL, ?, '2026-03-04T12:00:00Z')`);
      insertCase.run('CLEARED', 0, 'closed');
      insertCase.run('PART', 400, 'open');
      const insertPaid = db.prepare(`INSERT INTO outcomes (case_ref, kind, at, amount, recorded_by) VALUES (?, 'paid', '2026-03-04T10:15:00Z', ?, 'leader')`);
      insertPaid.run('CLEARED', 50);
      insertPaid.run('CLEARED', 450);
      insertPaid.run('PART', 100);
      db.close();

      const store = new SqliteStore(file);
      try {
        const counts = await store.upsertCases(
          [
            { ...(await store.getCase('CLEARED'))!, status: 'open', balance: 500 },
            { ...(await store.getCase('PART'))!, status: 'open', balance: 400 },
          ],
          'leader',
        );
        expect(counts.kept).toEqual([{ caseRef: 'CLEARED', fields: ['status'], reason: "closed by a 'paid' outcome recorded 2026-03-04" }]);
        expect((await store.getCase('CLEARED'))!.status).toBe('closed');
        expect((await store.getCase('PART'))!.status).toBe('open');
      } finally {
        await store.close();
      }
    } finally {
      await t.close();
    }
  });
});
