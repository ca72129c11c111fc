/**
 * The translation from the enforcement domain to the optimiser, for one date: eligible visits ->
 * jobs (windows per time band, prize in pounds, crew skill for warning markers), teams ->
 * vehicles (shift, break, skills, cost per metre from the pounds-per-mile weight), and one travel
 * matrix from the routing backend over team starts, team ends and visit locations. Times are
 * seconds after the date's local midnight, so both DST days come out right.
 */
import type { LonLat, RoutingBackend } from '../roads/backend.js';
import type { Job, Problem, Vehicle } from '../vrp/model.js';
import type { BankHolidayCalendar } from './bank-holidays.js';
import { localInstant, parseDate } from './calendar.js';
import type { CheckContext } from './compliance.js';
import { caseStanding } from './eligibility.js';
import { PlanningInputError } from './errors.js';
import type { Team } from './officers.js';
import { visitOffer, type VisitOffer } from './recovery.js';
import type { RulesSettings } from './settings.js';
import type { Case, Crew, DayPlan, Officer, UnplannedCase } from './types.js';
import { estimatedAt, matrixDroppingOffRoad, offRoadReason, roadsUsed, travelToAndFrom } from './travel.js';
import { groupVisits, type Visit } from './visits.js';

export const METRES_PER_MILE = 1609.344;

/**
 * The least cost per mile the search is given, even at weight 0. With no pull towards compact
 * routes the search drives long days and fits fewer visits: on the demo day at weight 0 (400
 * iterations, seeds 1-3) it drove 99-115 miles for £60,028 expected on average, against £61,263
 * with a penny a mile, which is better by weight 0's own measure. A penny a mile cannot outweigh a
 * visit; the plan still reports the weight asked for.
 */
export const GUIDE_POUNDS_PER_MILE = 0.01;

export interface PlanningContext {
  cases: Case[];
  officers: Officer[];
  crews: Crew[];
  settings: RulesSettings;
  calendar: BankHolidayCalendar;
  routing: RoutingBackend;
  blackoutDates?: string[];
}

export interface DayModel {
  date: string;
  zone: string;
  /** Epoch ms of local midnight: time 0 of the problem. */
  dayStartMs: number;
  weight: number;
  teams: Team[];
  /** Visits that became jobs, parallel to problem.jobs. */
  visits: Visit[];
  offers: VisitOffer[];
  /** Eligible visits kept out of the solver's pool (candidatePool); reported as left out. */
  spares: SpareVisit[];
  problem: Problem;
  /** Cases that could not become jobs, with why. */
  unplanned: UnplannedCase[];
  estimate: boolean;
  /** Whether travel to and from a point is a straight-line estimate (every point's, or only those beyond the road data). */
  estimatedAt: (point: LonLat) => boolean;
  /** The road data the day is planned on, when the backend knows it. */
  roads?: DayPlan['roads'];
  check: CheckContext;
}

export interface DayModelOptions {
  date: string;
  teams: Team[];
  weight?: number;
  /** Case refs left out entirely (done, or on another officer's route). */
  exclude?: ReadonlySet<string>;
  /** Case refs made jobs whatever their standing (locked by the user; evaluation reports the rest). */
  force?: ReadonlySet<string>;
  /** Replaces the single team's start point and departure (re-planning from where the officer is). */
  from?: { seconds: number; lat: number; lon: number };
  /** Pounds credited to a team for serving at least one visit (a negative fixed cost): Saturday quotas. */
  useBonus?: (team: Team) => number;
}

export function checkContext(ctx: PlanningContext, date: string): CheckContext {
  return { date, settings: ctx.settings, holidays: ctx.calendar, blackoutDates: new Set(ctx.blackoutDates ?? []) };
}

/** Seconds after the day's local midnight of local minutes `m` on `date`. */
export function secondsAt(date: string, minutes: number, zone: string, dayStartMs: number): number {
  return (localInstant(date, minutes, zone) - dayStartMs) / 1000;
}

export async function buildDayModel(ctx: PlanningContext, opts: DayModelOptions): Promise<DayModel> {
  const { settings } = ctx;
  const zone = settings.timeZone;
  const date = opts.date;
  parseDate(date, zone, 'date');
  ctx.calendar.assertCovered(date, 'planning date');
  const weight = opts.weight ?? settings.defaultWeight;
  if (!(weight >= 0) || !Number.isFinite(weight)) throw new PlanningInputError(`weight must be a number of pounds per mile >= 0, not ${weight}`, 'weight');
  const dayStartMs = localInstant(date, 0, zone);
  const check = checkContext(ctx, date);
  const exclude = opts.exclude ?? new Set<string>();
  const force = opts.force ?? new Set<string>();

  const unplanned: UnplannedCase[] = [];
  const eligible: Case[] = [];
  const daysLeft = new Map<string, number>();
  for (const c of ctx.cases) {
    if (c.status === 'closed' || exclude.has(c.ref)) continue;
    let standing;
    try {
      standing = caseStanding(c, date, settings, ctx.calendar, check.blackoutDates);
    } catch (err) {
      if (err instanceof PlanningInputError) throw new PlanningInputError(`case ${c.ref}: ${err.message}`, err.field ?? 'cases');
      throw err;
    }
    if (standing.eligible) daysLeft.set(c.ref, standing.daysLeft);
    if (standing.eligible || force.has(c.ref)) eligible.push(c);
    else unplanned.push({ caseRef: c.ref, reason: standing.reason, ...(standing.eligibleFrom ? { eligibleFrom: standing.eligibleFrom } : {}) });
  }

  const teamSkills = opts.teams.map((t) => new Set(t.skills));
  const visits: Visit[] = [];
  const offers: VisitOffer[] = [];
  const jobSkills: string[][] = [];
  const markAll = (v: Visit, reason: UnplannedCase['reason']) => v.caseRefs.forEach((caseRef) => unplanned.push({ caseRef, reason }));
  for (const visit of groupVisits(eligible, (c) => daysLeft.get(c.ref) ?? settings.urgency.horizonDays)) {
    const forced = visit.caseRefs.some((r) => force.has(r));
    const skills = [...visit.requiredSkills, ...(visit.warning ? [settings.crewSkill] : [])];
    const servable = teamSkills.some((s) => skills.every((k) => s.has(k)));
    if (!servable && !forced) {
      markAll(visit, visit.warning && !teamSkills.some((s) => s.has(settings.crewSkill)) ? 'needs-crew' : 'no-capacity');
      continue;
    }
    let offer: VisitOffer;
    try {
      offer = visitOffer(visit, date, settings, { holidays: ctx.calendar });
    } catch (err) {
      if (err instanceof PlanningInputError) throw new PlanningInputError(`case ${visit.caseRefs[0]}: ${err.message}`, err.field);
      throw err;
    }
    if (offer.windows.length === 0 && !forced) {
      markAll(visit, 'no-window');
      continue;
    }
    visits.push(visit);
    offers.push(offer);
    jobSkills.push(forced ? [] : skills);
  }

  const teams = opts.teams.map((t) => (opts.from ? { ...t, start: { lat: opts.from.lat, lon: opts.from.lon } } : t));

  // Windows share a handful of clock times; luxon per window was a third of the model's build time.
  const secCache = new Map<number, number>();
  const sec = (m: number) => {
    let s = secCache.get(m);
    if (s === undefined) secCache.set(m, (s = secondsAt(date, m, zone, dayStartMs)));
    return s;
  };
  const costPerDistance = Math.max(weight, GUIDE_POUNDS_PER_MILE) / METRES_PER_MILE;
  const vehicles: Vehicle[] = teams.map((t, i) => ({
    id: t.officerIds.join('+'),
    start: 2 * i,
    end: 2 * i + 1,
    // Re-planning after the shift has ended leaves an empty shift, hence nothing more to plan.
    shift: { start: opts.from ? Math.min(Math.max(opts.from.seconds, sec(t.shiftStart)), sec(t.shiftEnd)) : sec(t.shiftStart), end: sec(t.shiftEnd) },
    breaks:
      t.breakMinutes > 0 && !(opts.from && opts.from.seconds > sec(t.breakWindow.end))
        ? [
            {
              id: `break:${t.officerIds.join('+')}`,
              duration: t.breakMinutes * 60,
              windows: [{ start: sec(t.breakWindow.start), end: sec(t.breakWindow.end) }],
            },
          ]
        : [],
    skills: t.skills,
    capacity: settings.maxVisitsPerRoute,
    costPerDistance,
    costPerDuration: 0,
    fixedCost: -(opts.useBonus?.(t) ?? 0),
  }));
  const shiftSpan = { start: Math.min(...vehicles.map((v) => v.shift.start)), end: Math.max(...vehicles.map((v) => v.shift.end)) };
  // Jobs before their locations: which visits the solver is offered depends on value and time, not travel.
  const unlocated: Job[] = visits.map((v, i) => {
    const offer = offers[i];
    const windows = offer.windows.map((w) => ({ start: sec(w.from), end: sec(w.latestStart), valueFactor: w.contact }));
    return {
      id: v.id,
      location: -1,
      service: offer.serviceMinutes * 60,
      // A forced (locked) visit with no lawful window still gets a place in the day; checks report it.
      windows: windows.length > 0 ? windows : [{ start: shiftSpan.start, end: shiftSpan.end, valueFactor: 0 }],
      prize: offer.prize,
      required: false,
      demand: 1,
      skills: jobSkills[i],
    };
  });
  const pool = candidatePool(unlocated, vehicles, (i) => force.has(visits[i].caseRefs[0]));
  const inPool = new Set(pool);
  const pointOf = (i: number): LonLat => [visits[i].lon, visits[i].lat];

  // Locations: each team's start, then its end, then the offered visits that lie on the road network.
  // The matrix covers only these: a caseload of thousands would need gigabytes over every visit.
  const teamPoints: LonLat[] = teams.flatMap((t): LonLat[] => [
    [t.start.lon, t.start.lat],
    [t.end.lon, t.end.lat],
  ]);
  const teamLabels = teams.flatMap((t) => [`the start of ${t.officerIds.join(' and ')}`, `the end of ${t.officerIds.join(' and ')}`]);
  const located = await matrixDroppingOffRoad(ctx.routing, teamPoints, teamLabels, pool.map(pointOf));
  for (const k of located.offRoad) markAll(visits[pool[k]], offRoadReason(ctx.routing, pointOf(pool[k])));
  const offered = located.kept.map((k) => pool[k]);
  const points = [...teamPoints, ...offered.map(pointOf)];
  const jobs = offered.map((i, k): Job => ({ ...unlocated[i], location: teamPoints.length + k }));

  // The visits not offered still get a reason, which weighs their detour into the routes: for that,
  // travel between each of them and every place a route can pass, both ways, not among themselves.
  const spareIndices = visits.map((_, i) => i).filter((i) => !inPool.has(i));
  const spareTravel = await travelToAndFrom(ctx.routing, points, spareIndices.map(pointOf));
  const spares: SpareVisit[] = [];
  spareIndices.forEach((i, k) => {
    const travel = spareTravel[k];
    if (travel) spares.push({ visit: visits[i], offer: offers[i], job: unlocated[i], ...travel });
    else markAll(visits[i], offRoadReason(ctx.routing, pointOf(i)));
  });
  const problem: Problem = { locationCount: points.length, durations: located.matrix.durations, distances: located.matrix.distances, jobs, vehicles };
  const estimated = estimatedAt(ctx.routing);
  const roads = roadsUsed(ctx.routing);
  return {
    date,
    zone,
    dayStartMs,
    weight,
    teams,
    visits: offered.map((i) => visits[i]),
    offers: offered.map((i) => offers[i]),
    spares,
    problem,
    unplanned,
    // An officer's start or end beyond the road data makes every leg from or to it an estimate.
    estimate: ctx.routing.estimate || teamPoints.some(estimated),
    estimatedAt: estimated,
    ...(roads ? { roads } : {}),
    check,
  };
}

/**
 * Which jobs the solver is offered: every one when there are few, else the most valuable,
 * POOL_FACTOR times as many as the day could hold (forced ones always). A caseload holds far more
 * visits than a day can serve, and the hopeless ones only dilute the search: on the demo day
 * (1,111 visits, 5 routes of at most 30) offering the best 300 raised the 5 s search's objective
 * (urgency-weighted expected pounds less mileage, mean of seeds 1-3) from 66,600 to 71,400, and at
 * 20 s from 69,500 to 73,000; at £500 a mile from 47,100 to 52,100. The others are left out of the
 * matrix; their travel to and from the routes is fetched apart, so why each was left out is judged
 * as for any other.
 */
export function candidatePool(jobs: Job[], vehicles: Vehicle[], forced: (job: number) => boolean): number[] {
  const all = jobs.map((_, i) => i);
  const minService = Math.max(60, Math.min(...jobs.map((j) => j.service)));
  const dayHolds = vehicles.reduce((n, v) => n + Math.min(v.capacity, Math.ceil(Math.max(0, v.shift.end - v.shift.start) / minService)), 0);
  const size = POOL_FACTOR * dayHolds;
  if (jobs.length <= size) return all;
  const best = jobs.map((j) => j.prize * Math.max(0, ...j.windows.map((w) => w.valueFactor ?? 1)));
  const ranked = all.sort((a, b) => Number(forced(b)) - Number(forced(a)) || best[b] - best[a] || (jobs[a].id < jobs[b].id ? -1 : 1));
  const keep = Math.max(size, all.filter(forced).length);
  return ranked.slice(0, keep).sort((a, b) => a - b);
}

/**
 * Offered jobs per visit the day could hold. Measured on the demo day: 2x beat 3.3x and 4.7x at
 * 5 s, and beat 1.33x at 20 s (1.33x was slightly ahead at 5 s but leaves less room for geography).
 */
export const POOL_FACTOR = 2;

/** An eligible visit not offered to the solver (the pool was full of more valuable ones). */
export interface SpareVisit {
  visit: Visit;
  offer: VisitOffer;
  /** As it would have been offered; it has no location in the problem (location -1). */
  job: Job;
  /** Metres from each problem location to the visit (indexed by location). */
  into: Float32Array;
  /** Metres from the visit to each problem location. */
  outOf: Float32Array;
}
