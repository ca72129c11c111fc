/**
 * Runs one optimiser suite: each instance in turn, solved with the same time limit and seed,
 * checked by the independent checker (an infeasible solution is a failure, not a data point),
 * scored against its BKS; prints the table as it goes and writes bench/results/<suite>-<T>s.json.
 */
import { checkSolution } from '../solver/vrp/checker';
import { benchmarkScore, gapPercent, scoreSense } from '../solver/vrp/io/benchmark-score';
import { readInstance } from '../solver/vrp/io/read-instance';
import type { Rounding } from '../solver/vrp/io/rounding';
import { solve } from '../solver/vrp/solve';
import { machineDescription, summarise, summaryLines, tableHeader, tableRow, writeResults, type CaseResult } from './vrp-report';
import { instanceFilter, VRP_SUITES, type BenchCase, type VrpSuiteName } from './vrp-suites';

/** A suite asked for something it cannot do (no such instance, no such convention). */
export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

export interface VrpBenchOptions {
  timeLimitSeconds?: number;
  instances?: string;
  seed: number;
  /** Scoring convention, where the suite offers more than one (solomon: exact or dimacs). */
  rounding?: Rounding;
  /** Directory for the results file (default bench/results/). */
  resultsDir?: string;
  /** Stop each run after this many iterations (per instance label) rather than at the time limit. */
  iterations?: IterationLimits;
  /** Searches at once per run, sharing their best (SolveOptions.threads; default 1). */
  threads?: number;
}

/** Iterations per instance label; undefined = the time limit. */
export type IterationLimits = (label: string) => number | undefined;

/** The solve options of one run: an iteration limit replaces the time limit when there is one. */
export function runLimits(label: string, timeLimitSeconds: number, iterations?: IterationLimits): { timeLimitMs?: number; maxIterations?: number } {
  const maxIterations = iterations?.(label);
  return maxIterations === undefined ? { timeLimitMs: timeLimitSeconds * 1000 } : { maxIterations };
}

function runCase(benchCase: BenchCase, timeLimitSeconds: number, seed: number, iterations?: IterationLimits, threads = 1): CaseResult {
  const failed = (problems: string[], seconds = 0): CaseResult => ({
    label: benchCase.label,
    result: null,
    bks: benchCase.bks,
    gapPercent: null,
    seconds,
    feasible: false,
    vehicles: 0,
    iterations: 0,
    problems,
  });
  let instance;
  try {
    instance = readInstance(benchCase.file, benchCase.format, { rounding: benchCase.rounding, vehicles: benchCase.vehicles });
  } catch (error) {
    return failed([(error as Error).message]);
  }
  const started = performance.now();
  let outcome;
  try {
    outcome = solve(instance.problem, { seed, threads, ...runLimits(benchCase.label, timeLimitSeconds, iterations) });
  } catch (error) {
    return failed([`solve threw: ${(error as Error).message}`], (performance.now() - started) / 1000);
  }
  const seconds = (performance.now() - started) / 1000;
  const check = checkSolution(instance.problem, outcome.solution);
  if (!check.feasible) {
    return {
      ...failed(
        check.violations.slice(0, 3).map((v) => v.message),
        seconds,
      ),
      vehicles: check.vehicles,
      iterations: outcome.iterations,
    };
  }
  const result = benchmarkScore(instance, check);
  return {
    label: benchCase.label,
    result,
    bks: benchCase.bks,
    gapPercent: gapPercent(result, benchCase.bks, scoreSense(benchCase.format)),
    seconds,
    feasible: true,
    vehicles: check.vehicles,
    iterations: outcome.iterations,
    problems: [],
  };
}

/** Returns false when any solution was infeasible or failed. */
export function runVrpSuite(name: VrpSuiteName, options: VrpBenchOptions): boolean {
  const suite = VRP_SUITES[name];
  const timeLimitSeconds = options.timeLimitSeconds ?? suite.defaultTimeLimitSeconds;
  const matches = instanceFilter(options.instances);
  if (options.rounding !== undefined && !suite.roundings.includes(options.rounding)) {
    throw new BenchUsageError(
      suite.roundings.length > 1
        ? `suite ${name} is scored with --rounding ${suite.roundings.join('|')}, not ${options.rounding}`
        : `suite ${name} has one scoring convention per set; --rounding does not apply`,
    );
  }
  const cases = suite.cases(options.rounding).filter((benchCase) => matches(benchCase.instance));
  if (cases.length === 0) throw new BenchUsageError(`no ${name} instance matches --instances ${options.instances}`);

  const limit = options.iterations ? 'an iteration limit' : `${timeLimitSeconds} s`;
  console.log(`suite ${name}: ${cases.length} instances, ${limit} each, seed ${options.seed}, ${threadsLabel(options.threads)}, BKS ${cases[0].bksColumn}`);
  console.log(tableHeader());
  const rows: CaseResult[] = [];
  for (const benchCase of cases) {
    const row = runCase(benchCase, timeLimitSeconds, options.seed, options.iterations, options.threads);
    rows.push(row);
    console.log(tableRow(row));
    for (const problem of row.problems) console.log(`    ${problem}`);
  }
  const summary = summarise(rows);
  console.log(summaryLines(summary));

  const sample = options.instances === undefined ? '' : `-sample${cases.length}`;
  const convention = options.rounding === undefined || options.rounding === suite.roundings[0] ? '' : `-${options.rounding}`;
  const file = writeResults(
    `${name}${convention}-${options.iterations ? 'iterations' : `${timeLimitSeconds}s`}${threadsSuffix(options.threads)}${sample}`,
    {
      suite: name,
      timeLimitSeconds: options.iterations ? null : timeLimitSeconds,
      seed: options.seed,
      threads: options.threads ?? 1,
      instances: options.instances ?? 'all',
      bks: cases[0].bksColumn,
      machine: machineDescription(),
      summary,
      rows,
    },
    options.resultsDir,
  );
  console.log(`results: ${file}`);
  return summary.feasible === rows.length;
}

export const threadsLabel = (threads = 1): string => (threads === 1 ? '1 thread' : `${threads} threads`);
/** Results of several threads go to their own file: a one-thread run is not overwritten. */
export const threadsSuffix = (threads = 1): string => (threads === 1 ? '' : `-threads${threads}`);
