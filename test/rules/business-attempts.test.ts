import { describe, expect, it } from 'vitest';
import { businessRepeatAvoids, businessVisitLimits } from '../../solver/rules/business-attempts.js';
import { checkVisit } from '../../solver/rules/compliance.js';
import { evaluateRoutes, planDay } from '../../solver/rules/index.js';
import { DEFAULT_RULES_SETTINGS } from '../../solver/rules/settings.js';
import { groupVisits } from '../../solver/rules/visits.js';
import { context, holidays, makeCase, makeOfficer } from './fixtures.js';

// A shop trading Monday to Friday 09:00-17:00, visited without contact at 11:00 on Tuesday 9 June 2026.
const SHOP = makeCase('SHOP', { premises: 'business', tradingHours: 'Mo-Fr 09:00-17:00', previousAttempts: ['2026-06-09T11:00:00+01:00'] });

describe('business premises after a failed attempt (issue 9: "no-window" every day)', () => {
  const ctx = context([SHOP], { officers: [makeOfficer('o1')], crews: [] });

  it.each([
    ['2026-06-15', 'Monday'],
    ['2026-06-16', 'Tuesday'],
    ['2026-06-17', 'Wednesday'],
    ['2026-06-18', 'Thursday'],
    ['2026-06-19', 'Friday'],
  ])('is planned again on %s (%s)', async (date) => {
    const plan = await planDay(ctx, { date, timeLimitMs: 200, seed: 1 });
    expect(plan.unplanned).toEqual([]);
    const stop = plan.routes.flatMap((r) => r.stops).find((s) => s.caseRefs.includes('SHOP'));
    expect(stop?.violations).toEqual([]);
  });
});

describe('the part of the trading day a repeat attempt avoids', () => {
  const S = DEFAULT_RULES_SETTINGS;
  const avoids = (tradingHours: string, attempt: string, date: string) =>
    businessRepeatAvoids({ tradingHours, previousAttempts: [attempt] }, date, holidays, S);

  it.each([
    // failed Tuesday 9 June 2026 at 11:00: the next Tuesday avoids the morning, other days nothing
    ['Mo-Fr 09:00-17:00', '2026-06-09T11:00:00+01:00', '2026-06-16', { id: 'morning', from: 0, to: 720, weekday: 2 }],
    ['Mo-Fr 09:00-17:00', '2026-06-09T11:00:00+01:00', '2026-06-17', undefined],
    ['Mo-Fr 09:00-17:00', '2026-06-09T13:30:00+01:00', '2026-06-16', { id: 'afternoon', from: 720, to: 1020, weekday: 2 }],
    ['Mo-Sa 07:00-19:00', '2026-06-13T18:00:00+01:00', '2026-06-20', { id: 'evening', from: 1020, to: 1440, weekday: 6 }],
    // a second trading part on Saturday: the afternoon is left to try
    ['Sa 10:00-14:00', '2026-06-13T11:00:00+01:00', '2026-06-20', { id: 'morning', from: 0, to: 720, weekday: 6 }],
    // one morning a week and nothing else: never locked out
    ['Sa 10:00-12:00', '2026-06-13T11:00:00+01:00', '2026-06-20', undefined],
    // winter time: 11:00 on Tuesday 10 November 2026 is 11:00Z
    ['Mo-Fr 09:00-17:00', '2026-11-10T11:00:00Z', '2026-11-17', { id: 'morning', from: 0, to: 720, weekday: 2 }],
  ])('%s, failed %s, on %s', (hours, attempt, date, expected) => {
    expect(avoids(hours, attempt, date)).toEqual(expected);
  });

  it('leaves the rest of the trading day to start in', () => {
    const shop = { tradingHours: 'Mo-Fr 09:00-12:30,13:30-17:00', previousAttempts: ['2026-06-09T11:00:00+01:00'] };
    expect(businessVisitLimits(shop, '2026-06-16', holidays, S)).toEqual([
      { start: 720, end: 750 },
      { start: 810, end: 1020 },
    ]);
    expect(businessVisitLimits(shop, '2026-06-16', holidays, S, false)).toEqual([
      { start: 540, end: 750 },
      { start: 810, end: 1020 },
    ]);
    expect(businessVisitLimits(shop, '2026-06-17', holidays, S)).toEqual([
      { start: 540, end: 750 },
      { start: 810, end: 1020 },
    ]);
  });

  it('plans and times the next Tuesday in the afternoon', async () => {
    const ctx = context([SHOP], { officers: [makeOfficer('o1')], crews: [] });
    const plan = await planDay(ctx, { date: '2026-06-16', timeLimitMs: 200, seed: 1 });
    expect(plan.routes[0].stops[0].arrival >= '2026-06-16T12:00').toBe(true);
    const evaluated = await evaluateRoutes(ctx, { date: '2026-06-16', routes: [{ officerIds: ['o1'], caseRefs: [['SHOP']] }] });
    expect(evaluated.routes[0].stops[0].arrival >= '2026-06-16T12:00').toBe(true);
    expect(evaluated.routes[0].stops[0].violations).toEqual([]);
  });

  it.each([
    // Friday 19 June 2026, BST: open 18:00-02:00, a visit 23:50-00:05 runs on into the same opening.
    ['Fr-Sa 18:00-02:00', '2026-06-19T23:50:00+01:00', []],
    // Closing at midnight: the quarter of an hour after it is outside trading and visiting hours.
    ['Fr 18:00-24:00', '2026-06-19T23:50:00+01:00', ['outside-trading-hours']],
    // Open again only from 00:30: the visit would straddle a closed half hour.
    ['Fr 18:00-24:00; Sa 00:30-02:00', '2026-06-19T23:50:00+01:00', ['outside-trading-hours']],
  ])('judges a visit at premises open %s starting %s, across midnight', (tradingHours, start, codes) => {
    const [visit] = groupVisits([makeCase('BAR', { premises: 'business', tradingHours, noticeDate: '2026-01-05' })]);
    const startMs = Date.parse(start);
    const check = { date: '2026-06-19', settings: S, holidays, blackoutDates: new Set<string>() };
    expect(checkVisit(visit, startMs, startMs + 15 * 60_000, false, check).map((v) => v.code)).toEqual(codes);
  });

  it.each([
    ['2026-06-16', '2026-06-16T10:00:00+01:00', ['same-band-as-last-attempt']],
    ['2026-06-16', '2026-06-16T14:00:00+01:00', []],
    ['2026-06-17', '2026-06-17T10:00:00+01:00', []],
  ])('judges a visit on %s starting %s', (date, start, codes) => {
    const [visit] = groupVisits([SHOP]);
    const startMs = Date.parse(start);
    const check = { date, settings: S, holidays, blackoutDates: new Set<string>() };
    expect(checkVisit(visit, startMs, startMs + 15 * 60_000, false, check).map((v) => v.code)).toEqual(codes);
  });
});
