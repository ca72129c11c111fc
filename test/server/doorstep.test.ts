/**
 * The phone's requests (issue 13): an outcome or check-in re-sent with the same Idempotency-Key is
 * recorded once and answered with the first result; lone-working check-ins per officer and day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { OFFICER, makeApp, type TestApp } from './helpers.js';

const DATE = '2026-03-03';
const FAST = { timeLimitMs: 300, maxIterations: 200, seed: 1 };

describe('outcomes and check-ins sent from a phone', () => {
  let t: TestApp;
  let caseRefs: string[];

  beforeAll(async () => {
    t = await makeApp();
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 150 });
    await t.store.saveOfficer(OFFICER, 'test-setup', false);
    const plan = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: ['officer-a'], ...FAST } });
    expect(plan.statusCode, plan.body).toBe(201);
    caseRefs = plan.json<{ routes: Array<{ stops: Array<{ caseRefs: string[] }> }> }>().routes[0].stops.map((s) => s.caseRefs[0]);
    expect(caseRefs.length).toBeGreaterThan(4);
  });
  afterAll(async () => t.close());

  const officer = (url: string, payload: object, key?: string) =>
    t.as('officer')({ method: 'POST', url, payload, headers: key === undefined ? {} : { 'idempotency-key': key } });

  it('records a keyed outcome once and answers a replay with the first result', async () => {
    const body = { caseRef: caseRefs[0], kind: 'no_contact', at: '2026-03-03T10:05:00+00:00' };
    const first = await officer('/api/outcomes', body, 'key-0001-aaaa');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await officer('/api/outcomes', body, 'key-0001-aaaa');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ caseRef: caseRefs[0], kind: 'no_contact', officerId: 'officer-a', recordedBy: 'officer.a' });
    expect((await t.store.listOutcomes(caseRefs[0])).length).toBe(1);
  });

  it('refuses a key reused for another request (422) and records nothing', async () => {
    const res = await officer('/api/outcomes', { caseRef: caseRefs[1], kind: 'no_contact', at: '2026-03-03T10:05:00+00:00' }, 'key-0001-aaaa');
    expect(res.statusCode).toBe(422);
    expect(res.json().title).toBe('Idempotency key reused');
    expect(await t.store.listOutcomes(caseRefs[1])).toEqual([]);
  });

  it("keeps keys apart per user: the team leader's same key is a new request", async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/outcomes',
      payload: { caseRef: caseRefs[2], kind: 'gone_away', at: '2026-03-03T11:00:00+00:00' },
      headers: { 'idempotency-key': 'key-0001-aaaa' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(res.json().caseStatus).toBe('closed');
  });

  it('lists an officer the outcomes on their routes since a London day, whoever recorded them, and nothing else', async () => {
    // Recorded by the team leader (another device, another person) on the officer's route, and one the day before.
    const byLeader = await t.inject({
      method: 'POST',
      url: '/api/outcomes',
      payload: { caseRef: caseRefs[4], kind: 'arrangement', at: '2026-03-03T00:30:00+00:00' },
    });
    expect(byLeader.statusCode, byLeader.body).toBe(201);
    const dayBefore = await t.inject({
      method: 'POST',
      url: '/api/outcomes',
      payload: { caseRef: caseRefs[4], kind: 'no_contact', at: '2026-03-02T23:59:00+00:00' },
    });
    expect(dayBefore.statusCode).toBe(201);
    // A case on no route of theirs.
    const elsewhere = (await t.store.listCases()).find((c) => !caseRefs.includes(c.ref) && c.status === 'open')!.ref;
    expect(
      (await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef: elsewhere, kind: 'no_contact', at: '2026-03-03T12:00:00+00:00' } }))
        .statusCode,
    ).toBe(201);

    const since = await t.as('officer')({ url: '/api/outcomes?since=2026-03-03' });
    expect(since.statusCode, since.body).toBe(200);
    const listed = since.json<Array<{ caseRef: string; kind: string; at: string }>>();
    // 2 March 23:59 UTC is 2 March in London (GMT); 00:30 UTC on 3 March is 3 March.
    expect(listed.map((o) => [o.caseRef, o.kind])).toEqual([
      [caseRefs[0], 'no_contact'],
      [caseRefs[2], 'gone_away'],
      [caseRefs[4], 'arrangement'],
    ]);
    expect((await t.as('officer')({ url: '/api/outcomes' })).statusCode).toBe(404);
    const all = (await t.inject({ url: '/api/outcomes?since=2026-03-03' })).json<Array<{ caseRef: string }>>();
    expect(all.map((o) => o.caseRef)).toContain(elsewhere);
  });

  it('reads a time without an offset as London time when it picks the outcomes since a day (British Summer Time)', async () => {
    const record = (at: string, kind: string) => t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef: caseRefs[4], kind, at } });
    // 23:30 on 30 June in London is 22:30 UTC: 30 June, whatever the server's clock zone.
    expect((await record('2026-06-30T23:30:00', 'no_contact')).statusCode).toBe(201);
    // 00:15 on 1 July in London (23:15 UTC on 30 June), and 23:30 UTC on 30 June (00:30 on 1 July in London).
    expect((await record('2026-07-01T00:15:00', 'no_contact')).statusCode).toBe(201);
    expect((await record('2026-06-30T23:30:00Z', 'arrangement')).statusCode).toBe(201);
    // Written on 30 June ten hours behind UTC: 00:30 UTC, 01:30 on 1 July in London.
    expect((await record('2026-06-30T14:30:00-10:00', 'no_contact')).statusCode).toBe(201);
    const since = await t.as('officer')({ url: '/api/outcomes?since=2026-07-01' });
    expect(since.statusCode, since.body).toBe(200);
    expect(since.json<Array<{ at: string }>>().map((o) => o.at)).toEqual(['2026-07-01T00:15:00', '2026-06-30T23:30:00Z', '2026-06-30T14:30:00-10:00']);
  });

  it('answers a replay with the first result even after the case has changed since', async () => {
    const body = { caseRef: caseRefs[3], kind: 'arrangement', at: '2026-03-03T12:00:00+00:00' };
    const first = await officer('/api/outcomes', body, 'key-0002-bbbb');
    expect(first.statusCode).toBe(201);
    expect(first.json().caseStatus).toBe('suspended');
    const paid = await t.inject({
      method: 'POST',
      url: '/api/outcomes',
      payload: { caseRef: caseRefs[3], kind: 'paid', amount: 10_000, at: '2026-03-03T13:00:00+00:00' },
    });
    expect(paid.json().caseStatus).toBe('closed');
    const again = await officer('/api/outcomes', body, 'key-0002-bbbb');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect((await t.store.listOutcomes(caseRefs[3])).map((o) => o.kind)).toEqual(['arrangement', 'paid']);
  });

  it('records check-ins once per key and shows each officer their own, the team leader everyone\u2019s last', async () => {
    const a = await officer('/api/check-ins', { at: '2026-03-03T09:58:00+00:00' }, 'check-0001');
    expect(a.statusCode, a.body).toBe(201);
    const replay = await officer('/api/check-ins', { at: '2026-03-03T09:58:00+00:00' }, 'check-0001');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(a.json());
    // Sent in British Summer Time's offset or UTC, the instant is kept in UTC.
    const b = await officer('/api/check-ins', { at: '2026-03-03T11:02:00+00:00' }, 'check-0002');
    expect(b.json()).toMatchObject({ officerId: 'officer-a', at: '2026-03-03T11:02:00.000Z', recordedBy: 'officer.a' });
    // A key first used for an outcome is not a check-in's.
    expect((await officer('/api/check-ins', { at: '2026-03-03T11:03:00+00:00' }, 'key-0002-bbbb')).statusCode).toBe(422);

    const asLeader = await t.inject({ method: 'GET', url: `/api/check-ins?date=${DATE}` });
    expect(asLeader.json()).toEqual([{ id: b.json().id, officerId: 'officer-a', at: '2026-03-03T11:02:00.000Z', recordedBy: 'officer.a' }]);
    const asOfficer = await t.as('officer')({ method: 'GET', url: `/api/check-ins?date=${DATE}` });
    expect(asOfficer.json()).toHaveLength(1);
    // 23:30 in London on 2 March is not the 3rd's.
    expect((await t.inject({ method: 'GET', url: '/api/check-ins?date=2026-03-02' })).json()).toEqual([]);
  });

  it('files a check-in under its London date: 00:30 BST on 1 June is 31 May 23:30 UTC', async () => {
    const res = await officer('/api/check-ins', { at: '2026-06-01T00:30:00+01:00' });
    expect(res.statusCode).toBe(201);
    expect((await t.inject({ method: 'GET', url: '/api/check-ins?date=2026-06-01' })).json()).toHaveLength(1);
    expect((await t.inject({ method: 'GET', url: '/api/check-ins?date=2026-05-31' })).json()).toEqual([]);
  });

  it('refuses a check-in from the future and a malformed key', async () => {
    const future = new Date(Date.now() + 60 * 60_000).toISOString();
    expect((await officer('/api/check-ins', { at: future })).statusCode).toBe(422);
    expect((await officer('/api/check-ins', { at: '2026-03-03T10:00:00Z' }, 'short')).statusCode).toBe(400);
  });
});
