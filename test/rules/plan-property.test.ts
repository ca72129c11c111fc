/**
 * Property: whatever the cases, officers and date (both DST days included), a planned visit is
 * lawful: inside 06:00-21:00 local (or the premises' trading hours), on or after its earliest
 * lawful date and not after its 12-month limit, never for a suspended case, warning markers only
 * with a crew, no case twice, a repeat attempt never in the last failed attempt's band (at business
 * premises: never in the same part of the same weekday); on a bank holiday, business premises whose
 * hours have no PH rule only inside 06:00-21:00; and the lone-working check-ins cover the day.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { planDay } from '../../solver/rules/index.js';
import { lastLawfulDay } from '../../solver/rules/calendar.js';
import { earliestLawfulVisitOf } from '../../solver/rules/notice.js';
import { DEFAULT_RULES_SETTINGS as S } from '../../solver/rules/settings.js';
import { tradingIntervalsOn } from '../../solver/rules/trading-hours.js';
import { context, holidays, makeOfficer, randomCases } from './fixtures.js';
import type { Case, PlannedRoute } from '../../solver/rules/types.js';

const ZONE = 'Europe/London';
const DATES = ['2026-03-29', '2026-10-25', '2026-03-28', '2026-06-20', '2026-12-24', '2027-01-04', '2026-04-06'];
/** Bank holidays among DATES: Easter Monday 2026. */
const BANK_HOLIDAYS = new Set(['2026-04-06']);
const local = (iso: string) => DateTime.fromISO(iso, { setZone: true }).setZone(ZONE);
const minutesOfDay = (dt: DateTime, date: string) => dt.hour * 60 + dt.minute + dt.second / 60 + (dt.toISODate() === date ? 0 : 1440);

function lastAttempt(c: Case[]): DateTime | undefined {
  const attempts = c.flatMap((x) => x.previousAttempts).sort((a, b) => Date.parse(a) - Date.parse(b));
  return attempts.length === 0 ? undefined : local(attempts[attempts.length - 1]);
}

function lastBand(c: Case[]): string | undefined {
  const dt = lastAttempt(c);
  if (!dt) return undefined;
  const m = dt.hour * 60 + dt.minute;
  // The default bands: weekdays 06:00-08:30-17:00-21:00; Saturday and Sunday 06:00-12:00-17:00-21:00.
  if (dt.weekday >= 6) return `${dt.weekday === 6 ? 'sat' : 'sun'}-${m < 720 ? 'morning' : m < 1020 ? 'afternoon' : 'evening'}`;
  return m < 510 ? 'early' : m < 1020 ? 'day' : 'evening';
}

/**
 * Lone working: check-ins from setting off to getting back never further apart than the interval,
 * nor than the flagged interval while at a warning-marker address, which has one on arrival and
 * one on leaving.
 */
function expectCheckInsCover(route: PlannedRoute): void {
  const at = route.checkIns.map((c) => Date.parse(c.at));
  expect(route.checkIns[0]).toMatchObject({ kind: 'start', at: route.start.departure });
  expect(route.checkIns.at(-1)).toMatchObject({ kind: 'end', at: route.end.arrival });
  for (let i = 1; i < at.length; i++) {
    expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(0);
    expect(at[i] - at[i - 1]).toBeLessThanOrEqual(S.checkIns.everyMinutes * 60_000 + 1000);
  }
  route.stops.forEach((stop, i) => {
    if (!stop.flags.warning) return;
    const here = route.checkIns.filter((c) => c.stop === i);
    expect(here[0]).toMatchObject({ kind: 'arrive', at: stop.arrival });
    expect(here.at(-1)).toMatchObject({ kind: 'leave', at: stop.departure });
    const times = here.map((c) => Date.parse(c.at));
    for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBeLessThanOrEqual(S.checkIns.flaggedEveryMinutes * 60_000 + 1000);
  });
}

describe('every planned visit is lawful (property)', () => {
  it('holds over generated cases, officers and dates', async () => {
    let visits = 0;
    let outOfHours = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          date: fc.constantFrom(...DATES),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          n: fc.integer({ min: 5, max: 30 }),
          shifts: fc.array(fc.tuple(fc.integer({ min: 4, max: 10 }), fc.integer({ min: 13, max: 23 })), { minLength: 2, maxLength: 4 }),
          crew: fc.boolean(),
          weight: fc.constantFrom(0, 0.45, 3),
        }),
        async ({ date, seed, n, shifts, crew, weight }) => {
          const cases = randomCases(n, date, seed);
          const officers = shifts.map(([s, e], i) =>
            makeOfficer(`p${i}`, { shiftStart: `${String(s).padStart(2, '0')}:00`, shiftEnd: `${e}:00`, workingDays: [1, 2, 3, 4, 5, 6, 7] }),
          );
          const crews = crew ? [{ id: 'c', officerIds: ['p0', 'p1'] as [string, string] }] : [];
          const plan = await planDay(context(cases, { officers, crews }), { date, weight, maxIterations: 150, timeLimitMs: 400, seed: 1 });
          const byRef = new Map(cases.map((c) => [c.ref, c]));
          const seen = new Set<string>();
          for (const route of plan.routes) {
            for (const stop of route.stops) {
              const group = stop.caseRefs.map((r) => byRef.get(r)!);
              for (const c of group) {
                expect(seen.has(c.ref)).toBe(false);
                seen.add(c.ref);
                expect(c.status).toBe('open');
                expect(c.vulnerable).toBe(false);
                expect(date >= earliestLawfulVisitOf(c, S, holidays)).toBe(true);
                expect(date <= lastLawfulDay(c.noticeDate, 12)).toBe(true);
                expect(c.doNotVisit).not.toContain(date);
              }
              if (group.some((c) => c.warning)) expect(route.officerIds.length).toBe(2);
              const service = S.visitMinutes + S.extraCaseMinutes * (group.length - 1);
              const end = local(stop.departure);
              const start = end.minus({ minutes: service });
              const [from, to] = [minutesOfDay(start, date), minutesOfDay(end, date)];
              const inHours = from >= 360 && to <= 1260;
              const trading = group[0].premises === 'business' && group[0].tradingHours;
              if (trading) {
                const open = tradingIntervalsOn(trading, date, holidays, S.visitingHours);
                expect(inHours || open.some((i) => from >= i.start - 1e-6 && to <= i.end + 1e-6)).toBe(true);
                if (BANK_HOLIDAYS.has(date) && !/\bPH\b/.test(trading)) expect(inHours).toBe(true);
              } else {
                expect(from).toBeGreaterThanOrEqual(360 - 1e-6);
                expect(to).toBeLessThanOrEqual(1260 + 1e-6);
              }
              visits++;
              if (!inHours) outOfHours++;
              const band = lastBand(group);
              const last = lastAttempt(group);
              // Business premises (the fixtures' hours trade in several parts of the week): not the same part of the same weekday.
              const part = (m: number) => (m < 720 ? 'morning' : m < 1020 ? 'afternoon' : 'evening');
              if (trading && last && last.weekday === DateTime.fromISO(date).weekday) expect(part(from)).not.toBe(part(last.hour * 60 + last.minute));
              else if (band && !trading) expect(stop.window.band).not.toBe(band);
              expect(stop.violations).toEqual([]);
            }
            expectCheckInsCover(route);
          }
        },
      ),
      { numRuns: 25, seed: 20260616 },
    );
    // not vacuous: visits were planned (out-of-hours business visits are pinned down in plan-day.test.ts)
    expect(visits).toBeGreaterThan(120);
    expect(outOfHours).toBeLessThanOrEqual(visits);
  });
});
