/**
 * One problem builder: the planner and the evaluation of a manual order build the solver problem
 * with the same pieces (builder.ts) and time an order the same way (timeline.ts), so evaluating
 * the planner's own routes gives back the planner's stops exactly: arrivals, departures,
 * windows, values, fee shares and violations.
 */
import { describe, expect, it } from 'vitest';
import { evaluateRoutes, planDay } from '../../solver/rules/index.js';
import type { Case, DayPlan } from '../../solver/rules/types.js';
import { context, makeCase, makeOfficer, randomCases } from './fixtures.js';

/** A caseload with debtors who owe at home and at a business, and two debtors sharing an address. */
function caseload(date: string, seed: number): Case[] {
  const cases = randomCases(45, date, seed);
  for (let i = 0; i < 6; i++) {
    const home = cases[i * 5];
    cases.push(
      makeCase(`${home.ref}-SHOP`, {
        debtorRef: home.debtorRef,
        address: `${i + 1} Market Parade`,
        postcode: 'N11 2BB',
        lat: home.lat + 0.004,
        lon: home.lon - 0.003,
        debtType: 'nndr',
        premises: 'business',
        tradingHours: 'Mo-Sa 08:00-18:00',
        noticeDate: home.noticeDate,
        balance: 900 + 300 * i,
      }),
    );
  }
  return cases;
}

function stopsOf(plan: DayPlan) {
  return plan.routes.map((r) => ({
    officerIds: r.officerIds,
    start: r.start.departure,
    end: r.end.arrival,
    miles: r.miles,
    breakAfter: r.breakAfter,
    stops: r.stops.map((s) => ({
      caseRefs: s.caseRefs,
      arrival: s.arrival,
      departure: s.departure,
      window: s.window,
      value: s.value,
      enforcementFee: s.enforcementFee,
      violations: s.violations,
    })),
  }));
}

describe('evaluating the planner’s own routes', () => {
  const cases: Array<[string, number, number]> = [
    ['2026-06-16', 21, 0.45],
    ['2026-03-28', 5, 0.45], // a Saturday
    ['2026-10-25', 8, 3], // the autumn DST day, a Sunday, a high weight
    ['2026-11-03', 13, 0],
  ];
  it.each(cases)('on %s (caseload %i, weight %s) returns the planner’s stops exactly', async (date, seed, weight) => {
    const ctx = context(caseload(date, seed), {
      officers: [
        makeOfficer('o1', { workingDays: [1, 2, 3, 4, 5, 6, 7] }),
        makeOfficer('o2', {
          shiftStart: '12:00',
          shiftEnd: '21:00',
          workingDays: [1, 2, 3, 4, 5, 6, 7],
          start: { lat: 51.625, lon: -0.105 },
          end: { lat: 51.625, lon: -0.105 },
        }),
        makeOfficer('o3', { shiftStart: '06:00', shiftEnd: '15:00', workingDays: [1, 2, 3, 4, 5, 6, 7] }),
        makeOfficer('o4', { shiftStart: '06:00', shiftEnd: '15:00', workingDays: [1, 2, 3, 4, 5, 6, 7] }),
      ],
    });
    const plan = await planDay(ctx, { date, weight, seed: 3, maxIterations: 200, timeLimitMs: 5000 });
    const routes = plan.routes.filter((r) => r.stops.length > 0);
    expect(routes.length).toBeGreaterThan(1);
    const again = await evaluateRoutes(ctx, {
      date,
      weight,
      routes: routes.map((r) => ({ officerIds: r.officerIds, caseRefs: r.stops.map((s) => s.caseRefs) })),
      planned: plan,
    });
    expect(stopsOf(again)).toEqual(stopsOf({ ...plan, routes }));
    expect(again.totals).toEqual(plan.totals);
  });
});
