/**
 * The re-plan suite (`--suite replan`): the rest of each day of the day suite re-planned from
 * 13:00. The plan the day started from is the day's reference solution (reference-runs/, the seed
 * named in references.csv): every job it starts before 13:00 is done, so it becomes its vehicle's
 * locked prefix, and the whole plan is the warm start (Problem.initial). A near-best start is the
 * hard case for "never worse": the search must rebuild it before it can match it. Measured: CPU
 * time and iterations until the search's own best is no worse than the start (the issue's target:
 * within 1 s), the value at the limit, and the checker's verdict on the answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSolution } from '../solver/vrp/checker';
import { evaluateRoute } from '../solver/vrp/evaluate-route';
import type { Problem, Solution } from '../solver/vrp/model';
import { solve } from '../solver/vrp/solve';
import { DAY_DIR, dayValue, readDayInstance, readDayReferences } from './vrp-day';
import { runLimits, type IterationLimits } from './vrp-bench';
import { machineDescription, writeResults } from './vrp-report';
import { instanceFilter } from './vrp-suites';

/** 13:00, in seconds after midnight (the day instances' clock). */
export const REPLAN_FROM = 13 * 3600;
const DEFAULT_TIME_LIMIT_SECONDS = 1;

export interface ReplanOptions {
  timeLimitSeconds?: number;
  instances?: string;
  seed: number;
  resultsDir?: string;
  iterations?: IterationLimits;
}

/** The day's problem with the jobs `plan` starts before `from` locked, and `plan` as the warm start. */
export function replanProblem(problem: Problem, plan: Solution, from: number): Problem {
  const locked = new Map<number, number[]>();
  for (const route of plan.routes) {
    const report = evaluateRoute(problem, route.vehicle, route.visits, route.windows);
    locked.set(
      route.vehicle,
      report.visits.filter((v) => v.kind === 'job' && v.start < from).map((v) => v.visit),
    );
  }
  return {
    ...problem,
    vehicles: problem.vehicles.map((vehicle, k) => ({ ...vehicle, lockedPrefix: locked.get(k) ?? [] })),
    initial: plan,
  };
}

interface ReplanRow {
  label: string;
  locked: number;
  startValue: number;
  value: number | null;
  feasible: boolean;
  /** The search's own first best no worse than the start: CPU milliseconds and iteration (null: never). */
  firstNoWorseCpuMs: number | null;
  firstNoWorseIteration: number | null;
  iterations: number;
  cpuMs: number;
}

function runReplanCase(name: string, seed: number, timeLimitSeconds: number, iterations?: IterationLimits): ReplanRow {
  const instance = readDayInstance(name);
  const reference = readDayReferences().find((r) => r.instance === name);
  if (reference === undefined) throw new Error(`no reference for ${name}`);
  const run = JSON.parse(readFileSync(join(DAY_DIR, 'reference-runs', `${name}-seed${reference.seed}.json`), 'utf8')) as { solution: Solution };
  const problem = replanProblem(instance.problem, run.solution, REPLAN_FROM);
  const start = checkSolution(problem, run.solution);
  if (!start.feasible) throw new Error(`${name}: the reference plan fails the checker once the morning is locked`);
  let firstNoWorseCpuMs: number | null = null;
  let firstNoWorseIteration: number | null = null;
  const cpu0 = process.cpuUsage();
  const outcome = solve(problem, {
    seed,
    ...runLimits(`replan-${name}`, timeLimitSeconds, iterations),
    onProgress: ({ iteration, bestObjective }) => {
      if (firstNoWorseCpuMs !== null || bestObjective === null || bestObjective > start.objective + 1e-6) return;
      const cpu = process.cpuUsage(cpu0);
      firstNoWorseCpuMs = (cpu.user + cpu.system) / 1000;
      firstNoWorseIteration = iteration;
    },
  });
  const cpu = process.cpuUsage(cpu0);
  const check = checkSolution(problem, outcome.solution);
  return {
    label: name,
    locked: problem.vehicles.reduce((n, v) => n + (v.lockedPrefix?.length ?? 0), 0),
    startValue: dayValue(start),
    value: check.feasible ? dayValue(check) : null,
    feasible: check.feasible,
    firstNoWorseCpuMs,
    firstNoWorseIteration,
    iterations: outcome.iterations,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/** Returns false when an answer failed the checker or was worse than the plan it started from. */
export function runReplanSuite(options: ReplanOptions): boolean {
  const timeLimitSeconds = options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
  const matches = instanceFilter(options.instances);
  const names = readDayReferences()
    .map((r) => r.instance)
    .filter(matches);
  console.log(
    `suite replan: ${names.length} days re-planned from 13:00, ${options.iterations ? 'an iteration limit' : `${timeLimitSeconds} s`} each, seed ${options.seed}`,
  );
  console.log('instance                 locked    start    answer  first no worse (CPU ms, iteration)  iterations  CPU ms');
  const rows: ReplanRow[] = [];
  let ok = true;
  for (const name of names) {
    const row = runReplanCase(name, options.seed, timeLimitSeconds, options.iterations);
    rows.push(row);
    if (!row.feasible || row.value === null || row.value < row.startValue - 1e-6) ok = false;
    const first = row.firstNoWorseCpuMs === null ? 'never' : `${row.firstNoWorseCpuMs.toFixed(0)} ms, ${row.firstNoWorseIteration}`;
    console.log(
      `${name.padEnd(24)} ${String(row.locked).padStart(6)} ${row.startValue.toFixed(0).padStart(8)} ${row.value === null ? ' INFEASIBLE' : row.value.toFixed(0).padStart(9)}  ${first.padStart(34)}  ${String(row.iterations).padStart(10)} ${row.cpuMs.toFixed(0).padStart(7)}`,
    );
  }
  const sample = options.instances === undefined ? '' : `-sample${rows.length}`;
  const file = writeResults(
    `replan-${options.iterations ? 'iterations' : `${timeLimitSeconds}s`}-seed${options.seed}${sample}`,
    { suite: 'replan', from: '13:00', timeLimitSeconds: options.iterations ? null : timeLimitSeconds, seed: options.seed, machine: machineDescription(), rows },
    options.resultsDir,
  );
  console.log(`results: ${file}`);
  return ok;
}
