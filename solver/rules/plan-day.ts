/**
 * One day for the team: eligible cases + officers + date + weight -> solver problem -> DayPlan.
 */
import { checkSolution } from '../vrp/checker.js';
import type { Problem, Solution } from '../vrp/model.js';
import { solve, type SolveProgress } from '../vrp/solve.js';
import { parseDate } from './calendar.js';
import { buildDayModel, type PlanningContext } from './day-model.js';
import { teamsForDate } from './officers.js';
import { reportSolution } from './plan-output.js';
import type { DayPlan } from './types.js';

export interface SearchOptions {
  timeLimitMs?: number;
  seed?: number;
  maxIterations?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SolveProgress) => void;
}

export interface PlanDayOptions extends SearchOptions {
  date: string;
  officerIds?: string[];
  /** Pounds per mile driven traded against expected recovery (default settings.defaultWeight). */
  weight?: number;
  /** Case refs not to plan (week planning: already on another day, or held for a Saturday). */
  exclude?: ReadonlySet<string>;
}

export const DEFAULT_TIME_LIMIT_MS = 5000;

export function searchOptions(opts: SearchOptions) {
  return {
    timeLimitMs: opts.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
    seed: opts.seed,
    maxIterations: opts.maxIterations,
    signal: opts.signal,
    onProgress: opts.onProgress,
  };
}

export async function planDay(ctx: PlanningContext, opts: PlanDayOptions): Promise<DayPlan> {
  parseDate(opts.date, ctx.settings.timeZone, 'date');
  ctx.calendar.assertCovered(opts.date, 'planning date');
  const teams = teamsForDate(ctx.officers, ctx.crews, opts.date, ctx.settings, opts.officerIds);
  const model = await buildDayModel(ctx, { date: opts.date, teams, weight: opts.weight, exclude: opts.exclude });
  const result = solve(model.problem, searchOptions(opts));
  assertChecked(model.problem, result.solution);
  return reportSolution(model, result.solution);
}

/** Every solver result passes the independent checker (DEVELOPERS.md); a failure is a bug, not bad input. */
export function assertChecked(problem: Problem, solution: Solution): void {
  const check = checkSolution(problem, solution);
  if (!check.feasible) {
    throw new Error(`internal error: the solver's plan failed the checker: ${check.violations.slice(0, 3).map((v) => v.message).join('; ')}`);
  }
}
