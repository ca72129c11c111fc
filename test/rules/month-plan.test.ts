/**
 * The month plan with Monday-Friday officers on the Saturday rota (issue 9): each meets the quota
 * on the Saturdays worked out by hand in saturdays.test.ts, two officers are out every Saturday,
 * a single Saturday's plan prefers the officers who still owe one, and the week plan says why a
 * case was left off a day because of another.
 */
import { describe, expect, it } from 'vitest';
import { planDay, planWeek } from '../../solver/rules/index.js';
import { DEFAULT_RULES_SETTINGS } from '../../solver/rules/settings.js';
import type { Officer } from '../../solver/rules/types.js';
import { context, makeCase, makeOfficer, randomCases } from './fixtures.js';

const MON_FRI = [1, 2, 3, 4, 5];
const rotaOfficer = (id: string, over: Partial<Officer> = {}) => makeOfficer(id, { workingDays: MON_FRI, saturdayRota: true, ...over });
const outOn = (routes: Array<{ officerIds: string[]; stops: unknown[] }>) =>
  routes
    .filter((r) => r.stops.length > 0)
    .flatMap((r) => r.officerIds)
    .sort();

describe('a month plan with Monday-Friday officers on the Saturday rota', () => {
  it('meets every quota, two officers out each Saturday, on the Saturdays worked out by hand', async () => {
    const from = '2026-06-01'; // a Monday; June 2026's Saturdays are 6, 13, 20 and 27
    const officers = [
      rotaOfficer('a', { unavailableDates: ['2026-06-13', '2026-06-20'] }),
      rotaOfficer('b', { unavailableDates: ['2026-06-06', '2026-06-27'] }),
      rotaOfficer('c', { unavailableDates: ['2026-06-06', '2026-06-13'] }),
      rotaOfficer('d'),
      // Monday to Friday, not on the rota: never planned on a Saturday.
      makeOfficer('m', { workingDays: MON_FRI }),
    ];
    // Few visits a route, so that every day of the month still has cases to plan.
    const settings = { ...DEFAULT_RULES_SETTINGS, maxVisitsPerRoute: 4, saturdayReservePerOfficer: 4 };
    const ctx = context(randomCases(600, from, 11), { officers, crews: [], settings });
    const month = await planWeek(ctx, { from, days: 30, timeLimitMs: 100, seed: 1 });

    expect(month.days).toHaveLength(30);
    const byDate = new Map(month.days.map((d) => [d.date, d]));
    // Worked out by hand (saturdays.test.ts): a 6+27, b 13+20, c 20+27, d 6+13.
    expect(outOn(byDate.get('2026-06-06')!.routes)).toEqual(['a', 'd']);
    expect(outOn(byDate.get('2026-06-13')!.routes)).toEqual(['b', 'd']);
    expect(outOn(byDate.get('2026-06-20')!.routes)).toEqual(['b', 'c']);
    expect(outOn(byDate.get('2026-06-27')!.routes)).toEqual(['a', 'c']);
    for (const sunday of ['2026-06-07', '2026-06-14', '2026-06-21', '2026-06-28']) expect(byDate.get(sunday)!.routes).toEqual([]);

    const quota = Object.fromEntries(month.saturdayQuotas.map((q) => [q.officerId, q]));
    expect(quota.a).toMatchObject({ month: '2026-06', quota: 2, workedBefore: 0, planned: 2, plannedDates: ['2026-06-06', '2026-06-27'], met: true });
    expect(quota.b).toMatchObject({ planned: 2, plannedDates: ['2026-06-13', '2026-06-20'], met: true });
    expect(quota.c).toMatchObject({ planned: 2, plannedDates: ['2026-06-20', '2026-06-27'], met: true });
    expect(quota.d).toMatchObject({ planned: 2, plannedDates: ['2026-06-06', '2026-06-13'], met: true });
    expect(quota.m).toMatchObject({ planned: 0, met: false, remainingAfter: 0 });

    // No case on two days; every other day names it as planned on another day.
    const dayOf = new Map<string, string>();
    for (const day of month.days) {
      for (const ref of day.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs))) {
        expect(dayOf.has(ref)).toBe(false);
        dayOf.set(ref, day.date);
      }
    }
    const monday = byDate.get('2026-06-15')!;
    for (const [ref, date] of dayOf) {
      if (date === monday.date) continue;
      expect(monday.unplanned.find((u) => u.caseRef === ref)?.reason).toBe('planned-on-another-day');
    }
    // The week's own unplanned list holds only cases no day planned.
    for (const u of month.unplanned) expect(dayOf.has(u.caseRef)).toBe(false);
  }, 60_000);

  it('plans nobody on the rota for another Saturday once they have worked their 2', async () => {
    const from = '2026-06-15'; // Monday; Saturdays 20 and 27 left in June
    const officers = [rotaOfficer('done'), rotaOfficer('half', { unavailableDates: ['2026-06-27'] }), rotaOfficer('fresh')];
    const ctx = context(randomCases(300, from, 3), { officers, crews: [], settings: { ...DEFAULT_RULES_SETTINGS, maxVisitsPerRoute: 6 } });
    const countedSaturdays = { done: ['2026-06-06', '2026-06-13'], half: ['2026-06-06'] };
    const fortnight = await planWeek(ctx, { from, days: 14, timeLimitMs: 100, seed: 1, countedSaturdays });
    const byDate = new Map(fortnight.days.map((d) => [d.date, d]));
    expect(outOn(byDate.get('2026-06-20')!.routes)).toEqual(['fresh', 'half']);
    expect(outOn(byDate.get('2026-06-27')!.routes)).toEqual(['fresh']);
    const quota = Object.fromEntries(fortnight.saturdayQuotas.map((q) => [q.officerId, q]));
    expect(quota.done).toMatchObject({ workedBefore: 2, planned: 0, met: true });
    expect(quota.half).toMatchObject({ workedBefore: 1, planned: 1, met: true });
    expect(quota.fresh).toMatchObject({ workedBefore: 0, planned: 2, met: true });
  }, 30_000);

  it('says which cases were held for the Saturday and which went on another day', async () => {
    const from = '2026-06-15'; // Monday to Saturday 20 June
    const settings = { ...DEFAULT_RULES_SETTINGS, maxVisitsPerRoute: 1, saturdayReservePerOfficer: 2 };
    const ctx = context([makeCase('X1'), makeCase('X2', { lat: 51.613 })], { officers: [rotaOfficer('a', { saturdayQuota: 1 })], crews: [], settings });
    const week = await planWeek(ctx, { from, days: 6, timeLimitMs: 100, seed: 1 });
    // Both are held back every weekday for Saturday, where the one route holds one visit.
    const saturday = week.days[5];
    expect(saturday.routes.map((r) => r.stops.length)).toEqual([1]);
    const onSaturday = saturday.routes[0].stops[0].caseRefs[0];
    const other = onSaturday === 'X1' ? 'X2' : 'X1';
    for (const day of week.days.slice(0, 5)) {
      expect(day.routes.flatMap((r) => r.stops)).toEqual([]);
      expect(day.unplanned).toEqual([
        ...[
          { caseRef: onSaturday, reason: 'planned-on-another-day' },
          { caseRef: other, reason: 'held-for-saturday' },
        ].sort((x, y) => (x.caseRef < y.caseRef ? -1 : 1)),
      ]);
    }
    expect(week.unplanned).toEqual([{ caseRef: other, reason: 'no-capacity' }]);
    expect(week.saturdayQuotas).toEqual([
      { officerId: 'a', month: '2026-06', quota: 1, workedBefore: 0, planned: 1, plannedDates: ['2026-06-20'], remainingAfter: 1, met: true },
    ]);
  });
});

describe('planning a single Saturday', () => {
  // 'near' starts at the case; 'far' about 2 km away. Both work every Saturday.
  const officers = [
    makeOfficer('near'),
    makeOfficer('far', { start: { lat: 51.625, lon: -0.105 }, end: { lat: 51.625, lon: -0.105 } }),
    rotaOfficer('rota-done'),
  ];
  const ctx = context([makeCase('ONE', { lat: 51.6147, lon: -0.1332 })], { officers, crews: [] });
  const date = '2026-06-20';
  const run = (countedSaturdays: Record<string, string[]>, officerIds?: string[]) =>
    planDay(ctx, { date, countedSaturdays, timeLimitMs: 100, seed: 1, ...(officerIds ? { officerIds } : {}) });

  it('gives the visit to the officer who still owes a Saturday, though another is nearer', async () => {
    const plan = await run({ near: ['2026-06-06', '2026-06-13'], 'rota-done': ['2026-06-06', '2026-06-13'] });
    expect(outOn(plan.routes)).toEqual(['far']);
    // Rota officers who owe nothing are not out at all.
    expect(plan.routes.flatMap((r) => r.officerIds)).not.toContain('rota-done');
  });

  it('with nobody owing, the nearer officer takes it', async () => {
    const done = ['2026-06-06', '2026-06-13'];
    const plan = await run({ near: done, far: done, 'rota-done': done });
    expect(outOn(plan.routes)).toEqual(['near']);
  });

  it('a rota officer the team leader names works the Saturday, owed or not', async () => {
    const plan = await run({ 'rota-done': ['2026-06-06', '2026-06-13'] }, ['rota-done']);
    expect(outOn(plan.routes)).toEqual(['rota-done']);
  });
});
