/**
 * The translation from the enforcement domain to the optimiser, for one date: eligible visits ->
 * jobs (windows per time band, prize in pounds, crew skill for warning-marker premises, one
 * officer per debtor), teams -> vehicles (shift, break, skills, cost per metre from the
 * pounds-per-mile weight), and one travel matrix from the routing backend over team starts, team
 * ends and visit locations. The pieces come from builder.ts, which evaluate.ts shares. Times are
 * seconds after the date's local midnight, so both DST days come out right.
 */
import type { LonLat, RoutingBackend } from '../roads/backend.js';
import type { Job, Problem, Vehicle } from '../vrp/model.js';
import type { BankHolidayCalendar } from './bank-holidays.js';
import { dayClock, enforcementShares, fitsSomeShift, jobFor, offerFor, sameDebtorGroups, shiftSpan, vehicleFor, withPremises } from './builder.js';
import { parseDate } from './calendar.js';
import type { CheckContext } from './compliance.js';
import { caseStanding, lastLawfulDaySoon } from './eligibility.js';
import { PlanningInputError } from './errors.js';
import { Patches, patchRule } from './patches.js';
import type { Team } from './officers.js';
import { personCare, type PersonCare } from './person.js';
import type { VisitOffer } from './recovery.js';
import type { RulesSettings } from './settings.js';
import type { Case, Crew, DayPlan, DebtorHold, Officer, UnplannedCase } from './types.js';
import { estimatedAt, matrixDroppingOffRoad, offRoadReason, roadsUsed, travelToAndFrom } from './travel.js';
import { groupVisits, type Visit } from './visits.js';

export { METRES_PER_MILE, GUIDE_POUNDS_PER_MILE } from './builder.js';

export interface PlanningContext {
  cases: Case[];
  officers: Officer[];
  crews: Crew[];
  settings: RulesSettings;
  calendar: BankHolidayCalendar;
  routing: RoutingBackend;
  blackoutDates?: string[];
  /** Team leaders' holds on debtors, active and cleared (person.ts reads them). */
  holds?: DebtorHold[];
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
  /** Per job: forced by the user (locked), whatever its value, window or the shifts. */
  forced: boolean[];
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
  /**
   * Case refs made jobs whatever their value, window or the shifts (locked by the user). Holds, the
   * statute's bars and the crew a warning address needs still apply: such a case is left out with its reason.
   */
  force?: ReadonlySet<string>;
  /** Replaces the single team's start point and departure (re-planning from where the officer is). */
  from?: { seconds: number; lat: number; lon: number };
  /** Pounds credited to a team for serving at least one visit (a negative fixed cost): Saturday quotas. */
  useBonus?: (team: Team) => number;
}

/** The teams (settings.teams) of the officers planned. */
function teamsOfPlan(teams: readonly Team[], officers: readonly Officer[]): Set<string> {
  const ids = new Set(teams.flatMap((t) => t.officerIds));
  return new Set(officers.flatMap((o) => (ids.has(o.id) && o.team !== undefined ? [o.team] : [])));
}

/** The person and the premises as the context's cases and holds make them. */
export function careOf(ctx: PlanningContext): PersonCare {
  return personCare(ctx.cases, ctx.holds ?? [], ctx.settings);
}

export function checkContext(ctx: PlanningContext, date: string, care: PersonCare = careOf(ctx)): CheckContext {
  return { date, settings: ctx.settings, holidays: ctx.calendar, blackoutDates: new Set(ctx.blackoutDates ?? []), care };
}

/** An unplanned case, with its last lawful day when that is soon (practice: the team leader acts before it passes). */
export function unplannedCase(c: Case, reason: UnplannedCase['reason'], date: string, settings: RulesSettings, eligibleFrom?: string): UnplannedCase {
  const soon = reason === 'expired' ? undefined : lastLawfulDaySoon(c, date, settings);
  return { caseRef: c.ref, reason, ...(eligibleFrom ? { eligibleFrom } : {}), ...(soon ? { lastLawfulDay: soon } : {}) };
}

export async function buildDayModel(ctx: PlanningContext, opts: DayModelOptions): Promise<DayModel> {
  const { settings } = ctx;
  const zone = settings.timeZone;
  const date = opts.date;
  parseDate(date, zone, 'date');
  ctx.calendar.assertCovered(date, 'planning date');
  const weight = opts.weight ?? settings.defaultWeight;
  if (!(weight >= 0) || !Number.isFinite(weight)) throw new PlanningInputError(`weight must be a number of pounds per mile >= 0, not ${weight}`, 'weight');
  const clock = dayClock(date, zone);
  const care = careOf(ctx);
  const check = checkContext(ctx, date, care);
  const exclude = opts.exclude ?? new Set<string>();
  const force = opts.force ?? new Set<string>();
  const patchOf = patchRule(new Patches(settings.teams), teamsOfPlan(opts.teams, ctx.officers));

  const unplanned: UnplannedCase[] = [];
  const eligible: Case[] = [];
  const daysLeft = new Map<string, number>();
  for (const c of ctx.cases) {
    if (c.status === 'closed' || exclude.has(c.ref)) continue;
    // Another team's patch: not this plan's case at all (unless the user put it on a route).
    if (patchOf(c.postcode) === 'other' && !force.has(c.ref)) continue;
    let standing;
    try {
      standing = caseStanding(c, date, settings, ctx.calendar, check.blackoutDates, care);
    } catch (err) {
      if (err instanceof PlanningInputError) throw new PlanningInputError(`case ${c.ref}: ${err.message}`, err.field ?? 'cases');
      throw err;
    }
    if (standing.eligible) daysLeft.set(c.ref, standing.daysLeft);
    // A lock fixes the order of the user's stops; it never lifts a hold or a statutory bar.
    if (standing.eligible) eligible.push(c);
    else unplanned.push(unplannedCase(c, standing.reason, date, settings, standing.eligibleFrom));
  }

  const teams = opts.teams.map((t) => (opts.from ? { ...t, start: { lat: opts.from.lat, lon: opts.from.lon } } : t));
  const vehicles = teams.map((t, i) =>
    vehicleFor(t, { start: 2 * i, end: 2 * i + 1 }, clock, { settings, weight, fromSeconds: opts.from?.seconds, bonus: opts.useBonus?.(t) }),
  );
  const span = shiftSpan(vehicles);
  const markAll = (v: Visit, reason: UnplannedCase['reason']) => v.cases.forEach((c) => unplanned.push(unplannedCase(c, reason, date, settings)));

  // Who can serve each visit at all: the skills it needs, and a crew where the premises carry a warning.
  const teamSkills = teams.map((t) => new Set(t.skills));
  const candidates: Array<{ visit: Visit; forced: boolean; skills: string[] }> = [];
  for (const grouped of groupVisits(eligible, (c) => daysLeft.get(c.ref) ?? settings.urgency.horizonDays)) {
    const visit = withPremises(grouped, care);
    const forced = visit.caseRefs.some((r) => force.has(r));
    const patch = forced ? [] : patchOf(visit.cases[0].postcode);
    const skills = [...visit.requiredSkills, ...(patch === 'other' ? [] : patch), ...(visit.warning ? [settings.crewSkill] : [])];
    // Nor the crew a warning address needs: a locked stop with no team able to take it is left out.
    if (!teamSkills.some((s) => skills.every((k) => s.has(k)))) {
      markAll(visit, teamSkills.some((s) => visit.requiredSkills.every((k) => s.has(k))) ? 'needs-crew' : 'no-skill');
      continue;
    }
    candidates.push({ visit, forced, skills });
  }

  // The debtor's one enforcement fee of the day, shared between their visits (Fees reg 11).
  const shares = enforcementShares(
    candidates.map((c) => c.visit),
    date,
    settings,
  );
  const visits: Visit[] = [];
  const offers: VisitOffer[] = [];
  const forcedJobs: boolean[] = [];
  const jobSkills: string[][] = [];
  candidates.forEach(({ visit, forced, skills }, i) => {
    let offer: VisitOffer;
    try {
      offer = offerFor(visit, date, settings, { forced, enforcementFee: shares[i], holidays: ctx.calendar });
    } catch (err) {
      if (err instanceof PlanningInputError) throw new PlanningInputError(`case ${visit.caseRefs[0]}: ${err.message}`, err.field);
      throw err;
    }
    if (!forced && offer.windows.length === 0) return markAll(visit, 'no-window');
    if (!forced && !fitsSomeShift(offer, clock, vehicles, skills)) return markAll(visit, 'outside-shifts');
    visits.push(visit);
    offers.push(offer);
    forcedJobs.push(forced);
    jobSkills.push(forced ? [] : skills);
  });

  // Jobs before their locations: which visits the solver is offered depends on value and time, not travel.
  const unlocated: Job[] = visits.map((v, i) => jobFor(v, offers[i], clock, { location: -1, skills: jobSkills[i], span }));
  const pool = candidatePool(unlocated, vehicles, (i) => forcedJobs[i]);
  const inPool = new Set(pool);
  const pointOf = (i: number): LonLat => [visits[i].lon, visits[i].lat];

  // Locations: each team's start, then its end, then the offered visits that lie on the road network.
  // The matrix covers only these: a caseload of thousands would need gigabytes over every visit.
  const teamPoints: LonLat[] = teams.flatMap((t): LonLat[] => [
    [t.start.lon, t.start.lat],
    [t.end.lon, t.end.lat],
  ]);
  const startOf = (who: string) => (opts.from ? `the position ${who} re-plans from` : `the start of ${who}`);
  const teamLabels = teams.flatMap((t) => [startOf(t.officerIds.join(' and ')), `the end of ${t.officerIds.join(' and ')}`]);
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
  const offeredVisits = offered.map((i) => visits[i]);
  const problem: Problem = {
    locationCount: points.length,
    durations: located.matrix.durations,
    distances: located.matrix.distances,
    jobs,
    vehicles,
    // One debtor, one officer: a debtor's visits of the day (home and business) go to the same team.
    sameVehicle: sameDebtorGroups(offeredVisits),
  };
  const estimated = estimatedAt(ctx.routing);
  const roads = roadsUsed(ctx.routing);
  return {
    date,
    zone,
    dayStartMs: clock.dayStartMs,
    weight,
    teams,
    visits: offeredVisits,
    offers: offered.map((i) => offers[i]),
    forced: offered.map((i) => forcedJobs[i]),
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
