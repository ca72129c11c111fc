/**
 * Saturdays over HTTP: what counts comes from recorded outcomes (dated in the settings' time zone)
 * and saved plans; GET /api/officers/saturdays shows it per officer; a Saturday's plan rosters the
 * rota officers who still owe one. The demo's officers 2 and 3 work Monday to Friday on the rota.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { makeApp, type TestApp } from './helpers.js';

const DATE = '2026-03-03';
const FAST = { timeLimitMs: 300, seed: 1, replace: true };

interface SaturdayMonth {
  officerId: string;
  pattern: string;
  quota: number;
  worked: string[];
  planned: string[];
  owed: number;
}

describe('Saturdays over HTTP', () => {
  let t: TestApp;
  let caseRef: string;
  const month = async (m: string) => {
    const res = await t.inject({ url: `/api/officers/saturdays?month=${m}` });
    expect(res.statusCode, res.body).toBe(200);
    return Object.fromEntries(res.json<SaturdayMonth[]>().map((row) => [row.officerId, row]));
  };
  const outcome = (officerId: string, at: string) =>
    t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef, kind: 'no_contact', at, officerId } });

  beforeAll(async () => {
    t = await makeApp();
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 300 });
    caseRef = (await t.store.listCases({ status: 'open' }))[0].ref;
  });
  afterAll(async () => t.close());

  it('dates a Saturday worked near midnight in London time, the zone the law’s hours are read in', async () => {
    // 23:30 UTC on Friday 5 June is 00:30 BST on Saturday 6 June; 23:30 UTC on Saturday 13 June is Sunday in London.
    expect((await outcome('officer-1', '2026-06-05T23:30:00Z')).statusCode).toBe(201);
    expect((await outcome('officer-4', '2026-06-13T23:30:00Z')).statusCode).toBe(201);
    const london = await month('2026-06');
    expect(london['officer-1']).toEqual({ officerId: 'officer-1', pattern: 'every', quota: 2, worked: ['2026-06-06'], planned: [], owed: 1 });
    expect(london['officer-4'].worked).toEqual([]);
    expect(london['officer-2']).toMatchObject({ pattern: 'rota', worked: [], owed: 2 });

    // The law's hours are London's: another zone is refused, and the days stay London days.
    const patch = await t.as('admin')({ method: 'PATCH', url: '/api/settings', payload: { timeZone: 'UTC' } });
    expect(patch.statusCode, patch.body).toBe(422);
    expect(patch.json().errors[0].field).toBe('body.timeZone');
    expect((await month('2026-06'))['officer-1'].worked).toEqual(['2026-06-06']);
  });

  it('a Saturday’s plan rosters the rota officer who still owes one, and the month then shows it planned', async () => {
    // Officer two worked Saturdays 7 and 14 March; officer three none.
    await outcome('officer-2', '2026-03-07T10:00:00Z');
    await outcome('officer-2', '2026-03-14T10:00:00Z');
    const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: '2026-03-21', ...FAST } });
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json<{ routes: Array<{ officerIds: string[]; stops: unknown[] }> }>().routes.flatMap((r) => r.officerIds);
    expect(out).toContain('officer-3');
    expect(out).not.toContain('officer-2');

    const march = await month('2026-03');
    expect(march['officer-2']).toMatchObject({ worked: ['2026-03-07', '2026-03-14'], planned: [], owed: 0 });
    expect(march['officer-3']).toMatchObject({ worked: [], planned: ['2026-03-21'], owed: 1 });
  });

  it('a week plan counts the Saturdays already planned: officer three goes out on the 28th, officer two does not', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/plans/week', payload: { from: '2026-03-27', days: 2, ...FAST } });
    expect(res.statusCode, res.body).toBe(201);
    const week = res.json<{
      days: Array<{ date: string; routes: Array<{ officerIds: string[]; stops: unknown[] }> }>;
      saturdayQuotas: Array<{ officerId: string; workedBefore: number; plannedDates: string[]; met: boolean }>;
    }>();
    const saturday = week.days.find((d) => d.date === '2026-03-28')!;
    const out = saturday.routes.filter((r) => r.stops.length > 0).flatMap((r) => r.officerIds);
    expect(out).toContain('officer-3');
    expect(out).not.toContain('officer-2');
    const quota = Object.fromEntries(week.saturdayQuotas.map((q) => [q.officerId, q]));
    expect(quota['officer-2']).toMatchObject({ workedBefore: 2, plannedDates: [], met: true });
    expect(quota['officer-3']).toMatchObject({ workedBefore: 1, plannedDates: ['2026-03-28'], met: true });
  });

  it('refuses a month that is not YYYY-MM', async () => {
    expect((await t.inject({ url: '/api/officers/saturdays?month=2026-13' })).statusCode).toBe(400);
    expect((await t.inject({ url: '/api/officers/saturdays' })).statusCode).toBe(400);
  });

  it('an officer saved before the rota existed reads as not on it', async () => {
    const { saturdayRota: _, ...old } = { ...(await t.store.getOfficer('officer-1'))!, id: 'officer-old' };
    await t.store.saveOfficer(old, 'test-setup', false);
    const res = await t.inject({ url: '/api/officers/officer-old' });
    expect(res.json()).toMatchObject({ id: 'officer-old', saturdayRota: false });
  });
});
