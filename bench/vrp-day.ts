/**
 * The day suite (data/bench/day/): the optimiser problems of planned days, written from the product
 * by `npm run export-problem` (bench/day-instances.ts rebuilds them), scored by the value a plan
 * collects: expected pounds less the mileage cost, i.e. minus the objective of model.ts, as the
 * independent checker computes it. Each instance has a reference value found by long runs
 * (references.csv, with the command that found it); the gap is how far short of it a run falls.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { checkSolution, type CheckResult } from '../solver/vrp/checker';
import type { Problem } from '../solver/vrp/model';
import { solve } from '../solver/vrp/solve';
import { machineDescription, summarise, summaryLines, tableHeader, tableRow, writeResults, type CaseResult } from './vrp-report';
import { runLimits, threadsLabel, threadsSuffix, type IterationLimits } from './vrp-bench';
import { BENCH_DATA, instanceFilter } from './vrp-suites';

export const DAY_DIR = join(BENCH_DATA, 'day');

const DayFile = z.object({
  format: z.literal('rounds-day-problem/1'),
  date: z.string(),
  weekday: z.string(),
  weight: z.number(),
  cases: z.number().int(),
  // The optimiser's own model, checked by the checker on every solution; only its outline here.
  problem: z.looseObject({ locationCount: z.number().int().positive(), jobs: z.array(z.unknown()), vehicles: z.array(z.unknown()) }),
});

export interface DayInstance {
  name: string;
  date: string;
  cases: number;
  problem: Problem;
}

export function readDayInstance(name: string, dir = DAY_DIR): DayInstance {
  const parsed = DayFile.parse(JSON.parse(readFileSync(join(dir, 'instances', `${name}.json`), 'utf8')));
  return { name, date: parsed.date, cases: parsed.cases, problem: parsed.problem as unknown as Problem };
}

/** What a day plan is worth: expected value less mileage cost (minus the objective). */
export function dayValue(check: CheckResult): number {
  return -check.objective;
}

const ReferenceRow = z.object({ instance: z.string(), value: z.coerce.number(), seed: z.coerce.number(), seconds: z.coerce.number(), command: z.string() });
export type DayReference = z.infer<typeof ReferenceRow>;

/** references.csv: instance,value,seed,seconds,command (the command is the last field and may hold commas). */
export function readDayReferences(dir = DAY_DIR): DayReference[] {
  const lines = readFileSync(join(dir, 'references.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [instance, value, seed, seconds, ...command] = line.split(',');
    return ReferenceRow.parse({ instance, value, seed, seconds, command: command.join(',') });
  });
}

export interface DayBenchOptions {
  timeLimitSeconds?: number;
  instances?: string;
  seed: number;
  resultsDir?: string;
  iterations?: IterationLimits;
  threads?: number;
}

export const DAY_DEFAULT_TIME_LIMIT_SECONDS = 5;

function runDayCase(reference: DayReference, timeLimitSeconds: number, seed: number, iterations?: IterationLimits, threads = 1): CaseResult {
  const instance = readDayInstance(reference.instance);
  const started = performance.now();
  const outcome = solve(instance.problem, { seed, threads, ...runLimits(reference.instance, timeLimitSeconds, iterations) });
  const seconds = (performance.now() - started) / 1000;
  const check = checkSolution(instance.problem, outcome.solution);
  const row: CaseResult = {
    label: reference.instance,
    result: null,
    bks: reference.value,
    gapPercent: null,
    seconds,
    feasible: check.feasible,
    vehicles: check.vehicles,
    iterations: outcome.iterations,
    problems: check.feasible ? [] : check.violations.slice(0, 3).map((v) => v.message),
  };
  if (!check.feasible) return row;
  const value = dayValue(check);
  return { ...row, result: value, gapPercent: ((reference.value - value) / Math.abs(reference.value)) * 100 };
}

/** Returns false when any solution was infeasible. */
export function runDaySuite(options: DayBenchOptions): boolean {
  const timeLimitSeconds = options.timeLimitSeconds ?? DAY_DEFAULT_TIME_LIMIT_SECONDS;
  const matches = instanceFilter(options.instances);
  const references = readDayReferences().filter((r) => matches(r.instance));
  const limit = options.iterations ? 'an iteration limit' : `${timeLimitSeconds} s`;
  console.log(
    `suite day: ${references.length} instances, ${limit} each, seed ${options.seed}, ${threadsLabel(options.threads)}, reference: best of long runs (references.csv)`,
  );
  console.log(tableHeader());
  const rows: CaseResult[] = [];
  for (const reference of references) {
    const row = runDayCase(reference, timeLimitSeconds, options.seed, options.iterations, options.threads);
    rows.push(row);
    console.log(`${tableRow(row)} ${String(row.iterations).padStart(8)} it`);
    for (const problem of row.problems) console.log(`    ${problem}`);
  }
  const summary = summarise(rows);
  console.log(summaryLines(summary));
  const sample = options.instances === undefined ? '' : `-sample${references.length}`;
  const file = writeResults(
    `day-${options.iterations ? 'iterations' : `${timeLimitSeconds}s`}-seed${options.seed}${threadsSuffix(options.threads)}${sample}`,
    {
      suite: 'day',
      timeLimitSeconds: options.iterations ? null : timeLimitSeconds,
      seed: options.seed,
      threads: options.threads ?? 1,
      instances: options.instances ?? 'all',
      bks: 'references.csv',
      machine: machineDescription(),
      summary,
      rows,
    },
    options.resultsDir,
  );
  console.log(`results: ${file}`);
  return summary.feasible === rows.length;
}
