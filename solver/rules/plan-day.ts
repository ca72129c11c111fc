/**
 * One day for the team: eligible cases + officers + date + weight -> solver problem -> DayPlan.
 */
import { checkSolution } from '../vrp/checker.js';
import { CheckerDisagreementError } from '../vrp/checker-disagreement.js';
import type { Problem, Solution } from '../vrp/model.js';
import { solve, type SolveProgress, type SolveResult } from '../vrp/solve.js';
import { parseDate } from './calendar.js';
import { buildDayModel, type DayModel, type PlanningContext } from './day-model.js';
import { teamsForDate } from './officers.js';
import { planTeam } from './patches.js';
import { reportSolution } from './plan-output.js';
import { isSaturday, saturdayStaffing, type SaturdayRecord } from './saturdays.js';
import { lawfulContext } from './statutory.js';
import type { DayPlan } from './types.js';

export interface SearchOptions {
  timeLimitMs?: number;
  seed?: number;
  maxIterations?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SolveProgress) => void;
  /** Searches at once, sharing their best (SolveOptions.threads); default one. */
  threads?: number;
}

export interface PlanDayOptions extends SearchOptions {
  date: string;
  officerIds?: string[];
  /** Pounds per mile driven traded against expected recovery (default settings.defaultWeight). */
  weight?: number;
  /** Case refs not to plan (week planning: already on another day, or held for a Saturday). */
  exclude?: ReadonlySet<string>;
  /**
   * Saturdays: the rota officers out that day (the week plan's rota); without it they are the ones
   * named in officerIds, or else the month's rota chooses them from countedSaturdays (saturdays.ts).
   */
  rostered?: ReadonlySet<string>;
  /** Saturdays that already count towards each officer's quota (worked, or planned on other days). */
  countedSaturdays?: SaturdayRecord;
}

export const DEFAULT_TIME_LIMIT_MS = 5000;
/**
 * A re-plan of the rest of one route, asked on the doorstep: it starts from the route as planned
 * (never worse than it) and is answered within a second (issue 11; `npm run bench -- --suite replan`).
 */
export const DEFAULT_REPLAN_TIME_LIMIT_MS = 1000;

/** The search time of each search of a planning call when the caller gives none. */
export function defaultTimeLimitMs(kind: 'plan' | 'replan' | 'week' | 'sweep'): number {
  return kind === 'replan' ? DEFAULT_REPLAN_TIME_LIMIT_MS : DEFAULT_TIME_LIMIT_MS;
}

export function searchOptions(opts: SearchOptions, fallbackTimeLimitMs = DEFAULT_TIME_LIMIT_MS) {
  return {
    timeLimitMs: opts.timeLimitMs ?? fallbackTimeLimitMs,
    seed: opts.seed,
    maxIterations: opts.maxIterations,
    signal: opts.signal,
    onProgress: opts.onProgress,
    threads: opts.threads,
  };
}

export async function planDay(given: PlanningContext, opts: PlanDayOptions): Promise<DayPlan> {
  const model = await planDayModel(given, opts);
  const result = solve(model.problem, searchOptions(opts));
  warnOnCheckerDisagreement(result);
  const solution = repairToFeasible(model.problem, result.solution);
  assertChecked(model.problem, solution);
  const plan = reportSolution(model, solution);
  const team = planTeam(given.settings.teams, given.officers, opts.officerIds);
  return team === undefined ? plan : { ...plan, team };
}

/** The day's solver problem as planDay builds it (also written out by `npm run export-problem`). */
export async function planDayModel(given: PlanningContext, opts: PlanDayOptions): Promise<DayModel> {
  parseDate(opts.date, given.settings.timeZone, 'date');
  // The law in force that day, whatever the stored settings say (statutory.ts).
  const ctx = lawfulContext(given, opts.date);
  ctx.calendar.assertCovered(opts.date, 'planning date');
  // On a Saturday the rota officers chosen work too, and a team with an officer who still owes a
  // Saturday this month is credited saturdayQuotaBonus for serving any visit, so the search uses it.
  const saturday = isSaturday(opts.date) ? saturdayStaffing(ctx.officers, opts.date, opts, new Set(ctx.blackoutDates ?? [])) : undefined;
  const teams = teamsForDate(ctx.officers, ctx.crews, opts.date, ctx.settings, opts.officerIds, saturday?.rostered);
  const owing = saturday?.owing;
  const useBonus = owing ? (t: { officerIds: string[] }) => (t.officerIds.some((id) => owing.has(id)) ? ctx.settings.saturdayQuotaBonus : 0) : undefined;
  return buildDayModel(ctx, { date: opts.date, teams, weight: opts.weight, exclude: opts.exclude, useBonus });
}

/**
 * The search and the independent checker disagreeing is a bug in one of them: it is raised as a
 * process warning (printed on stderr unless the process listens for 'warning'; the error carries
 * the problem, seed and solution to rerun it) and counted by the solver, before the repair below
 * makes the plan lawful anyway.
 */
export function warnOnCheckerDisagreement(result: SolveResult): void {
  if (result.checkerDisagreement !== undefined) process.emitWarning(new CheckerDisagreementError(result.checkerDisagreement));
}

/**
 * A plan is never published with a broken window. When the search hands back a solution the
 * checker rejects (a search stopped before it found a feasible one says so itself; otherwise the
 * two disagree, which warnOnCheckerDisagreement has reported), first let every stop take the
 * earliest window it can still meet, then drop the stops the checker still names, until nothing is
 * left to object to (an empty plan is always feasible: every job is optional).
 */
export function repairToFeasible(problem: Problem, solution: Solution): Solution {
  let current = solution;
  let check = checkSolution(problem, current);
  if (check.feasible) return current;
  current = { ...current, routes: current.routes.map(({ windows: _windows, ...route }) => route) };
  for (let round = 0; round <= problem.jobs.length; round++) {
    check = checkSolution(problem, current);
    if (check.feasible) return current;
    const drop = new Set(check.violations.filter((v) => v.job !== undefined).map((v) => v.job!));
    if (drop.size === 0) {
      // Not a job's fault (a break or the shift): drop the route's last job.
      const bad = new Set(check.violations.map((v) => v.route).filter((r): r is number => r !== undefined));
      for (const r of bad) {
        const jobs = current.routes[r].visits.filter((x) => x >= 0);
        if (jobs.length > 0) drop.add(jobs[jobs.length - 1]);
      }
      if (drop.size === 0) break;
    }
    current = {
      routes: current.routes.map((route) => ({ ...route, visits: route.visits.filter((x) => !drop.has(x)) })),
      unassigned: [...current.unassigned, ...drop].sort((a, b) => a - b),
    };
  }
  return current;
}

/** Every solver result passes the independent checker (DEVELOPERS.md); a failure is a bug, not bad input. */
export function assertChecked(problem: Problem, solution: Solution): void {
  const check = checkSolution(problem, solution);
  if (!check.feasible) {
    throw new Error(
      `internal error: the solver's plan failed the checker: ${check.violations
        .slice(0, 3)
        .map((v) => v.message)
        .join('; ')}`,
    );
  }
}
