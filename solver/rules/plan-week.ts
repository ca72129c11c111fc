/**
 * Several days: planned one day at a time in date order (a sequential heuristic, not a joint
 * optimisation), each day taking only cases no earlier day took, so no case is on two days.
 *
 * Saturday quotas ("a minimum of 2 Saturday visits per month", Kingston role profile): before each
 * weekday is planned, a reserve is held back for every later Saturday in the horizon, sized
 * settings.saturdayReservePerOfficer per available officer who still owes a Saturday that month.
 * The reserve takes the cases lawful on that Saturday that can wait longest, preferring those
 * whose last failed attempt was not on a Saturday and, among equals, the largest balances. On the
 * Saturday every available officer is planned, and a team with an officer who still owes a
 * Saturday is credited settings.saturdayQuotaBonus for serving any visit (a negative fixed cost),
 * so the search does not give all the Saturday work to one officer. The result reports each officer's quota status
 * per month: what was worked before (an input), what the plan adds, and how many workable
 * Saturdays of the month remain after the horizon.
 */
import { addDays, lastLawfulDay, parseDate, weekday } from './calendar.js';
import type { PlanningContext } from './day-model.js';
import { caseStanding, limitMonths, limitStart } from './eligibility.js';
import { PlanningInputError } from './errors.js';
import { teamsForDate, worksOn } from './officers.js';
import { planDay, type SearchOptions } from './plan-day.js';
import { lastAttemptWeekday } from './recovery.js';
import { assemblePlan } from './plan-output.js';
import type { DayPlan, SaturdayQuotaStatus, UnplannedCase, WeekPlan } from './types.js';
import { lawfulSettings } from './statutory.js';

export interface PlanWeekOptions extends SearchOptions {
  from: string;
  days: number;
  officerIds?: string[];
  weight?: number;
  /** Saturdays with visits each officer has already worked in the month of `from`. */
  saturdaysWorked?: Record<string, number>;
}

export async function planWeek(ctx: PlanningContext, opts: PlanWeekOptions): Promise<WeekPlan> {
  const { settings } = ctx;
  parseDate(opts.from, settings.timeZone, 'from');
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > 31)
    throw new PlanningInputError(`days must be a whole number from 1 to 31, not ${opts.days}`, 'days');
  const dates = Array.from({ length: opts.days }, (_, i) => addDays(opts.from, i));
  ctx.calendar.assertCovered(dates[dates.length - 1], 'last planning date');
  const selected = opts.officerIds && opts.officerIds.length > 0 ? ctx.officers.filter((o) => opts.officerIds!.includes(o.id)) : ctx.officers;
  const fromMonth = opts.from.slice(0, 7);
  const worked = new Map<string, number>(); // `${officer}|${month}` -> Saturdays with visits
  for (const o of selected) worked.set(`${o.id}|${fromMonth}`, opts.saturdaysWorked?.[o.id] ?? 0);
  const workedBefore = new Map(worked);
  const owes = (officerId: string, quota: number, month: string) => (worked.get(`${officerId}|${month}`) ?? 0) < quota;

  const taken = new Set<string>();
  const lastReason = new Map<string, UnplannedCase>();
  const days: DayPlan[] = [];
  const blackout = new Set(ctx.blackoutDates ?? []);
  for (const [d, date] of dates.entries()) {
    const exclude = new Set(taken);
    const saturday = weekday(date) === 6;
    if (!saturday) for (const ref of saturdayReserve(ctx, dates.slice(d + 1), selected, owes, taken, blackout)) exclude.add(ref);
    try {
      teamsForDate(ctx.officers, ctx.crews, date, settings, opts.officerIds);
    } catch (err) {
      if (!(err instanceof PlanningInputError) || err.field !== 'date') throw err;
      days.push(assemblePlan({ date, weight: opts.weight ?? settings.defaultWeight, estimate: ctx.routing.estimate }, [], []));
      continue;
    }
    const quotaOwing = saturday ? new Set(selected.filter((o) => owes(o.id, o.saturdayQuota, date.slice(0, 7))).map((o) => o.id)) : undefined;
    const plan = await planDay(ctx, { ...opts, date, exclude, quotaOwing });
    for (const route of plan.routes) {
      for (const stop of route.stops) stop.caseRefs.forEach((ref) => taken.add(ref));
      if (saturday && route.stops.length > 0) {
        for (const id of route.officerIds) worked.set(`${id}|${date.slice(0, 7)}`, (worked.get(`${id}|${date.slice(0, 7)}`) ?? 0) + 1);
      }
    }
    for (const u of plan.unplanned) lastReason.set(u.caseRef, u);
    days.push(plan);
  }

  const saturdayQuotas: SaturdayQuotaStatus[] = [];
  const months = [...new Set(dates.map((d) => d.slice(0, 7)))];
  const last = dates[dates.length - 1];
  for (const o of selected) {
    for (const month of months) {
      const before = workedBefore.get(`${o.id}|${month}`) ?? 0;
      const total = worked.get(`${o.id}|${month}`) ?? 0;
      let remainingAfter = 0;
      for (let day = addDays(last, 1); day.slice(0, 7) === month; day = addDays(day, 1)) if (weekday(day) === 6 && worksOn(o, day)) remainingAfter++;
      saturdayQuotas.push({
        officerId: o.id,
        month,
        quota: o.saturdayQuota,
        workedBefore: before,
        planned: total - before,
        remainingAfter,
        met: total >= o.saturdayQuota,
      });
    }
  }
  const unplanned = [...lastReason.values()].filter((u) => !taken.has(u.caseRef));
  return {
    from: opts.from,
    days,
    saturdayQuotas,
    unplanned: unplanned.sort((a, b) => (a.caseRef < b.caseRef ? -1 : 1)),
    totals: {
      visits: days.reduce((s, p) => s + p.totals.visits, 0),
      miles: Math.round(days.reduce((s, p) => s + p.totals.miles, 0) * 100) / 100,
      value: Math.round(days.reduce((s, p) => s + p.totals.value, 0) * 100) / 100,
    },
  };
}

/** Case refs held back for the coming Saturdays of the horizon (see the header). */
function saturdayReserve(
  ctx: PlanningContext,
  later: string[],
  officers: PlanningContext['officers'],
  owes: (officerId: string, quota: number, month: string) => boolean,
  taken: ReadonlySet<string>,
  blackout: ReadonlySet<string>,
): Set<string> {
  const reserve = new Set<string>();
  for (const sat of later.filter((d) => weekday(d) === 6)) {
    // Held back only if lawful on that Saturday by the law then in force (planDay clamps each day itself).
    const settings = lawfulSettings(ctx.settings, sat);
    const owing = officers.filter((o) => worksOn(o, sat) && owes(o.id, o.saturdayQuota, sat.slice(0, 7))).length;
    const want = owing * settings.saturdayReservePerOfficer;
    if (want === 0) continue;
    const candidates = ctx.cases
      .filter((c) => c.status !== 'closed' && !c.warning && !taken.has(c.ref) && !reserve.has(c.ref))
      .filter((c) => caseStanding(c, sat, settings, ctx.calendar, blackout).eligible)
      .map((c) => ({
        c,
        lastDay: lastLawfulDay(limitStart(c), limitMonths(c, settings)),
        satBefore: lastAttemptWeekday(c.previousAttempts, settings) === 6,
      }))
      .sort((a, b) => Number(a.satBefore) - Number(b.satBefore) || (a.lastDay > b.lastDay ? -1 : a.lastDay < b.lastDay ? 1 : 0) || b.c.balance - a.c.balance);
    // Whole debtors: a debtor's cases at one address are one visit and stay together.
    const debtors = new Set(candidates.slice(0, want).map(({ c }) => c.debtorRef));
    for (const { c } of candidates) if (debtors.has(c.debtorRef)) reserve.add(c.ref);
  }
  return reserve;
}
