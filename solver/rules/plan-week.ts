/**
 * Several days (up to a month): planned one day at a time in date order (a sequential heuristic,
 * not a joint optimisation), each day taking only cases no earlier day took, so no case is on two
 * days.
 *
 * Saturday quotas ("a minimum of 2 Saturday visits per month", Kingston role profile; saturdays.ts):
 * - Which Saturdays: before each day the month's rota is worked out from that day on, the
 *   Saturdays after the horizon included, from what already counts (the input, plus the horizon's
 *   Saturdays planned so far). On a Saturday the rota officers it names work with the every-Saturday
 *   officers; one who then gets no visit that day is owed it again on the next Saturday.
 * - Work for them: each day (a Saturday too) a reserve is held back for every later Saturday in the
 *   horizon, sized settings.saturdayReservePerOfficer per officer who will still owe one then
 *   (saturdays.ts, stillOwesOn: on that Saturday's rota, or working every Saturday and owing more
 *   than the Saturdays before it), so that an early Saturday does not eat a later one's work. The
 *   reserve takes the cases these officers may take (never another team's: patches.ts) lawful on
 *   that Saturday that can wait longest, preferring those whose last failed attempt was not on a
 *   Saturday and, among equals, the largest balances. On the
 *   Saturday a team with an officer who still owes one is credited settings.saturdayQuotaBonus for
 *   serving any visit (plan-day.ts), so the search does not give all the work to one officer.
 * - The result reports each officer's quota per month: what counted before (an input), what the
 *   plan adds, and how many workable Saturdays of the month remain after the horizon.
 *
 * Each day's unplanned list also names the cases on another day's route ('planned-on-another-day')
 * and those held for a later Saturday ('held-for-saturday').
 */
import { addDays, lastLawfulDay, parseDate, weekday } from './calendar.js';
import { careOf, type PlanningContext } from './day-model.js';
import { caseStanding, limitMonths, limitStart } from './eligibility.js';
import { PlanningInputError } from './errors.js';
import { teamsForDate } from './officers.js';
import { planDay, type SearchOptions } from './plan-day.js';
import { lastAttemptWeekday } from './recovery.js';
import { assemblePlan } from './plan-output.js';
import { countedSaturdays, countInMonth, isSaturday, rotaForMonth, stillOwesOn, workableAfter, type SaturdayRecord } from './saturdays.js';
import { Patches, patchRule } from './patches.js';
import type { Case, DayPlan, Officer, SaturdayQuotaStatus, UnplannedCase, WeekPlan } from './types.js';
import { lawfulSettings } from './statutory.js';
import { roadsUsed } from './travel.js';

export interface PlanWeekOptions extends SearchOptions {
  from: string;
  days: number;
  officerIds?: string[];
  weight?: number;
  /**
   * Saturdays that already count towards each officer's quota: worked (saturdaysWorked) or planned
   * in saved plans. Dates inside the horizon are left out: the horizon is planned afresh.
   */
  countedSaturdays?: SaturdayRecord;
}

export async function planWeek(ctx: PlanningContext, opts: PlanWeekOptions): Promise<WeekPlan> {
  const { settings } = ctx;
  parseDate(opts.from, settings.timeZone, 'from');
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > 31)
    throw new PlanningInputError(`days must be a whole number from 1 to 31, not ${opts.days}`, 'days');
  const dates = Array.from({ length: opts.days }, (_, i) => addDays(opts.from, i));
  ctx.calendar.assertCovered(dates[dates.length - 1], 'last planning date');
  const selected = opts.officerIds && opts.officerIds.length > 0 ? ctx.officers.filter((o) => opts.officerIds!.includes(o.id)) : ctx.officers;
  const blackout = new Set(ctx.blackoutDates ?? []);
  // The reserve is of cases these officers may take: never another team's (patches.ts).
  const ours = patchRule(new Patches(settings.teams), new Set(selected.flatMap((o) => (o.team === undefined ? [] : [o.team]))));
  const mayTake = (c: Case) => ours(c.postcode) !== 'other';
  const countedBefore = countedSaturdays(opts.countedSaturdays, new Set(dates));
  // Grows as the horizon's Saturdays are planned.
  const counted = new Map([...countedBefore].map(([id, days]) => [id, new Set(days)]));
  const months = [...new Set(dates.map((d) => d.slice(0, 7)))];
  const rotaFrom = (date: string) => {
    const rota = new Map<string, string[]>();
    for (const month of months) for (const [sat, ids] of rotaForMonth({ officers: selected, counted, blackout }, month, date)) rota.set(sat, ids);
    return rota;
  };

  const taken = new Map<string, string>(); // case ref -> the date it is planned on
  const held = new Map<string, Set<string>>(); // date -> case refs held for a later Saturday
  const lastReason = new Map<string, UnplannedCase>();
  const days: DayPlan[] = [];
  const planned: boolean[] = [];
  for (const [d, date] of dates.entries()) {
    const exclude = new Set(taken.keys());
    const rota = rotaFrom(date);
    const saturday = isSaturday(date);
    const reserve = saturdayReserve(ctx, date, dates.slice(d + 1), selected, rota, counted, exclude, blackout, mayTake);
    held.set(date, reserve);
    for (const ref of reserve) exclude.add(ref);
    const rostered = new Set(saturday ? (rota.get(date) ?? []) : []);
    try {
      teamsForDate(ctx.officers, ctx.crews, date, settings, opts.officerIds, rostered);
    } catch (err) {
      if (!(err instanceof PlanningInputError) || err.field !== 'date') throw err;
      days.push(assemblePlan({ date, weight: opts.weight ?? settings.defaultWeight, estimate: ctx.routing.estimate, roads: roadsUsed(ctx.routing) }, [], []));
      planned.push(false);
      continue;
    }
    const countedNow = Object.fromEntries([...counted].map(([id, days]) => [id, [...days]]));
    const plan = await planDay(ctx, { ...opts, date, exclude, rostered, countedSaturdays: countedNow });
    for (const route of plan.routes) {
      for (const stop of route.stops) stop.caseRefs.forEach((ref) => taken.set(ref, date));
      if (saturday && route.stops.length > 0) {
        for (const id of route.officerIds) counted.set(id, (counted.get(id) ?? new Set()).add(date));
      }
    }
    for (const u of plan.unplanned) lastReason.set(u.caseRef, u);
    days.push(plan);
    planned.push(true);
  }

  // What each day left out because of the others.
  days.forEach((day, i) => {
    if (!planned[i]) return;
    const elsewhere = (ref: string) => taken.has(ref) && taken.get(ref) !== day.date;
    const listed = day.unplanned.filter((u) => !elsewhere(u.caseRef));
    const seen = new Set(listed.map((u) => u.caseRef));
    const extra: UnplannedCase[] = [];
    for (const ref of taken.keys()) if (elsewhere(ref)) extra.push({ caseRef: ref, reason: 'planned-on-another-day' });
    for (const ref of held.get(day.date) ?? []) if (!taken.has(ref) && !seen.has(ref)) extra.push({ caseRef: ref, reason: 'held-for-saturday' });
    days[i] = assemblePlan(day, day.routes, [...listed, ...extra]);
  });

  const last = dates[dates.length - 1];
  const saturdayQuotas: SaturdayQuotaStatus[] = selected.flatMap((o) =>
    months.map((month) => quotaStatus(o, month, dates, last, countedBefore, counted, blackout)),
  );
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

function quotaStatus(
  o: Officer,
  month: string,
  dates: string[],
  last: string,
  before: ReadonlyMap<string, ReadonlySet<string>>,
  after: ReadonlyMap<string, ReadonlySet<string>>,
  blackout: ReadonlySet<string>,
): SaturdayQuotaStatus {
  const workedBefore = countInMonth(before.get(o.id), month);
  const plannedDates = dates.filter((d) => d.startsWith(month) && (after.get(o.id)?.has(d) ?? false));
  return {
    officerId: o.id,
    month,
    quota: o.saturdayQuota,
    workedBefore,
    planned: plannedDates.length,
    plannedDates,
    remainingAfter: workableAfter(o, month, last, after, blackout),
    met: workedBefore + plannedDates.length >= o.saturdayQuota,
  };
}

/** Case refs held back on `today` for the coming Saturdays of the horizon (see the header). */
function saturdayReserve(
  ctx: PlanningContext,
  today: string,
  later: string[],
  officers: readonly Officer[],
  rota: ReadonlyMap<string, readonly string[]>,
  counted: ReadonlyMap<string, ReadonlySet<string>>,
  taken: ReadonlySet<string>,
  blackout: ReadonlySet<string>,
  mayTake: (c: Case) => boolean,
): Set<string> {
  const reserve = new Set<string>();
  const care = careOf(ctx);
  for (const sat of later.filter((d) => weekday(d) === 6)) {
    // Held back only if lawful on that Saturday by the law then in force (planDay clamps each day itself).
    const settings = lawfulSettings(ctx.settings, sat);
    const owing = officers.filter((o) => stillOwesOn(o, sat, today, rota, counted, blackout)).length;
    const want = owing * settings.saturdayReservePerOfficer;
    if (want === 0) continue;
    const candidates = ctx.cases
      .filter((c) => c.status !== 'closed' && !c.warning && mayTake(c) && !taken.has(c.ref) && !reserve.has(c.ref))
      .filter((c) => caseStanding(c, sat, settings, ctx.calendar, blackout, care).eligible)
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
