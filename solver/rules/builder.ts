/**
 * The pieces of a day's solver problem, built by the same functions for the planner (day-model.ts)
 * and for the evaluation of a manual order (evaluate.ts), so that a drag and a plan judge an order
 * alike: the visit as the person and the premises make it, its offer (windows and prize, the
 * debtor's one enforcement fee of the day shared out), its job, and the team's vehicle (shift,
 * break, visits per route). Times are seconds after the date's local midnight.
 */
import type { BankHolidayCalendar } from './bank-holidays.js';
import type { Job, Vehicle } from '../vrp/model.js';
import { localInstant } from './calendar.js';
import { debtorDayFees } from './fees.js';
import type { Team } from './officers.js';
import type { PersonCare } from './person.js';
import { visitOffer, type VisitOffer } from './recovery.js';
import type { RulesSettings } from './settings.js';
import type { Visit } from './visits.js';

export const METRES_PER_MILE = 1609.344;

/**
 * The least cost per mile the search is given, even at weight 0. With no pull towards compact
 * routes the search drives long days and fits fewer visits: on the demo day at weight 0 (400
 * iterations, seeds 1-3) it drove 99-115 miles for £60,028 expected on average, against £61,263
 * with a penny a mile, which is better by weight 0's own measure. A penny a mile cannot outweigh a
 * visit; the plan still reports the weight asked for.
 */
export const GUIDE_POUNDS_PER_MILE = 0.01;

/** Local clock times of one date as seconds after its local midnight (both DST days come out right). */
export interface DayClock {
  date: string;
  zone: string;
  /** Epoch ms of local midnight: time 0 of the problem. */
  dayStartMs: number;
  /** Seconds after local midnight of local minutes `m`. */
  sec: (minutes: number) => number;
}

export function dayClock(date: string, zone: string): DayClock {
  const dayStartMs = localInstant(date, 0, zone);
  // Windows share a handful of clock times; luxon per window was a third of the model's build time.
  const cache = new Map<number, number>();
  return {
    date,
    zone,
    dayStartMs,
    sec: (minutes: number): number => {
      let s = cache.get(minutes);
      if (s === undefined) cache.set(minutes, (s = (localInstant(date, minutes, zone) - dayStartMs) / 1000));
      return s;
    },
  };
}

/**
 * The visit as the person and the premises make it: a warning marker anywhere at the address
 * needs a crew, and a vulnerable debtor's visit carries the flag (and pays no enforcement fee,
 * Fees reg 12) wherever it is.
 */
export function withPremises(visit: Visit, care: PersonCare): Visit {
  return { ...visit, warning: visit.warning || care.warningAt(visit.cases[0]), vulnerable: visit.vulnerable || care.isVulnerable(visit.debtorRef) };
}

/**
 * Each visit's share of its debtor's one enforcement fee of the day (Fees reg 11): the visits
 * given are the debtor's visits of that day (offered to the planner, or on the routes).
 */
export function enforcementShares(visits: readonly Visit[], date: string, settings: RulesSettings): number[] {
  const byDebtor = new Map<string, number[]>();
  visits.forEach((v, i) => {
    const list = byDebtor.get(v.debtorRef);
    if (list) list.push(i);
    else byDebtor.set(v.debtorRef, [i]);
  });
  const shares = new Array<number>(visits.length).fill(0);
  for (const list of byDebtor.values()) {
    // In visit id order, whatever order the visits came in: rounding leaves the same pennies to the same visit.
    const indices = list.sort((a, b) => (visits[a].id < visits[b].id ? -1 : visits[a].id > visits[b].id ? 1 : 0));
    const group = indices.map((i) => visits[i]);
    const fees = debtorDayFees(
      group.map((v) => v.cases.map((c) => c.balance)),
      date,
      group.some((v) => v.vulnerable),
      settings,
    );
    indices.forEach((i, k) => (shares[i] = fees.perVisit[k].enforcement));
  }
  return shares;
}

/**
 * A visit's windows and prize. A forced visit (locked by the user, or on a manual order) is timed
 * in the last failed band when the day has no other, rather than left without a window.
 */
export function offerFor(
  visit: Visit,
  date: string,
  settings: RulesSettings,
  opts: { forced: boolean; enforcementFee: number; holidays: BankHolidayCalendar },
): VisitOffer {
  const offer = visitOffer(visit, date, settings, { holidays: opts.holidays, enforcementFee: opts.enforcementFee });
  if (offer.windows.length > 0 || !opts.forced) return offer;
  return visitOffer(visit, date, settings, { holidays: opts.holidays, avoidLastBand: false, enforcementFee: opts.enforcementFee });
}

/** The team's working day as a vehicle: shift, break, at most maxVisitsPerRoute visits, pounds per metre. */
export function vehicleFor(
  team: Team,
  places: { start: number; end: number },
  clock: DayClock,
  opts: {
    settings: RulesSettings;
    weight: number;
    /** Re-planning from now: the shift starts then, and a break whose window is over is not taken. */
    fromSeconds?: number;
    /** Pounds credited for serving any visit (a negative fixed cost): Saturday quotas. */
    bonus?: number;
  },
): Vehicle {
  const { sec } = clock;
  const id = team.officerIds.join('+');
  const from = opts.fromSeconds;
  return {
    id,
    start: places.start,
    end: places.end,
    // Re-planning after the shift has ended leaves an empty shift, hence nothing more to plan.
    shift: { start: from !== undefined ? Math.min(Math.max(from, sec(team.shiftStart)), sec(team.shiftEnd)) : sec(team.shiftStart), end: sec(team.shiftEnd) },
    breaks:
      team.breakMinutes > 0 && !(from !== undefined && from > sec(team.breakWindow.end))
        ? [{ id: `break:${id}`, duration: team.breakMinutes * 60, windows: [{ start: sec(team.breakWindow.start), end: sec(team.breakWindow.end) }] }]
        : [],
    skills: team.skills,
    capacity: opts.settings.maxVisitsPerRoute,
    costPerDistance: Math.max(opts.weight, GUIDE_POUNDS_PER_MILE) / METRES_PER_MILE,
    costPerDuration: 0,
    fixedCost: -(opts.bonus ?? 0),
  };
}

/** The span of the shifts: the day a visit with no lawful window is placed in (valued at 0; checks report it). */
export function shiftSpan(vehicles: readonly Vehicle[]): { start: number; end: number } {
  return { start: Math.min(...vehicles.map((v) => v.shift.start)), end: Math.max(...vehicles.map((v) => v.shift.end)) };
}

/** A visit as a job: one window per band, worth the prize times P(contact) in it. */
export function jobFor(
  visit: Visit,
  offer: VisitOffer,
  clock: DayClock,
  opts: { location: number; skills: string[]; span: { start: number; end: number } },
): Job {
  const windows = offer.windows.map((w) => ({ start: clock.sec(w.from), end: clock.sec(w.latestStart), valueFactor: w.contact }));
  return {
    id: visit.id,
    location: opts.location,
    service: offer.serviceMinutes * 60,
    // A forced visit with no lawful window still gets a place in the day; checks report it.
    windows: windows.length > 0 ? windows : [{ start: opts.span.start, end: opts.span.end, valueFactor: 0 }],
    prize: offer.prize,
    required: false,
    demand: 1,
    skills: opts.skills,
  };
}

/** The visits of each debtor with more than one (several addresses): one officer serves them all. */
export function sameDebtorGroups(visits: readonly Pick<Visit, 'debtorRef'>[]): number[][] {
  const byDebtor = new Map<string, number[]>();
  visits.forEach((v, i) => {
    const list = byDebtor.get(v.debtorRef);
    if (list) list.push(i);
    else byDebtor.set(v.debtorRef, [i]);
  });
  return [...byDebtor.values()].filter((g) => g.length > 1);
}

/**
 * Whether some team that holds the skills could start the visit inside one of its windows and
 * finish inside its shift (travel aside): when none can, the visit is 'outside-shifts'.
 */
export function fitsSomeShift(offer: VisitOffer, clock: DayClock, vehicles: readonly Vehicle[], skills: readonly string[]): boolean {
  const service = offer.serviceMinutes * 60;
  return vehicles.some(
    (v) =>
      skills.every((k) => v.skills.includes(k)) &&
      offer.windows.some((w) => Math.max(clock.sec(w.from), v.shift.start) <= Math.min(clock.sec(w.latestStart), v.shift.end - service)),
  );
}
