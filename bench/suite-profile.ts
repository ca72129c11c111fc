/**
 * `npx tsx bench/suite-profile.ts --suite toptw|solomon|homberger1000|pcvrptw [--instances GLOB]
 * [--only REGEX] [--iterations N | --time-limit S] [--seed N] [--threads N] [--ops] [--params JSON]`:
 * the search on a public suite (one thread unless told), in this process, with its parameters
 * changed for an experiment; the gap per instance, the mean and the worst. Two one-thread runs at a
 * time, one per core, compare versions of the search (`npm run bench` measures the product's
 * configuration).
 */
import { parseArgs } from 'node:util';
import { checkSolution } from '../solver/vrp/checker';
import { benchmarkScore, gapPercent, scoreSense } from '../solver/vrp/io/benchmark-score';
import { readInstance } from '../solver/vrp/io/read-instance';
import { runPortfolio } from '../solver/vrp/search/portfolio';
import { runSearch } from '../solver/vrp/search/search';
import { EXPERIMENT_OPTIONS, experimentRun, printOperators } from './search-experiment';
import { instanceFilter, VRP_SUITES, type VrpSuiteName } from './vrp-suites';

const { values } = parseArgs({
  options: { ...EXPERIMENT_OPTIONS, suite: { type: 'string', default: 'toptw' }, only: { type: 'string' }, threads: { type: 'string', default: '1' } },
});
const suite = VRP_SUITES[values.suite as VrpSuiteName];
if (suite === undefined) throw new Error(`--suite must be one of ${Object.keys(VRP_SUITES).join(', ')}`);
const { seed, maxIterations, timeLimitMs, parameters } = experimentRun(values);
const threads = Number(values.threads);
const matches = instanceFilter(values.instances);
// --only 'pr10 m=[34]': by the label the table shows (TOPTW's carry m).
const only = values.only ? new RegExp(values.only) : undefined;
let gapSum = 0;
let worst = -Infinity;
let n = 0;
for (const benchCase of suite.cases(undefined).filter((c) => matches(c.instance) && (only === undefined || only.test(c.label)))) {
  const instance = readInstance(benchCase.file, benchCase.format, { rounding: benchCase.rounding, vehicles: benchCase.vehicles });
  const options = { seed, maxIterations, timeLimitMs };
  const outcome = threads > 1 ? runPortfolio(instance.problem, options, threads, parameters) : runSearch(instance.problem, options, parameters);
  const check = checkSolution(instance.problem, outcome.solution);
  if (!check.feasible) {
    console.log(`${benchCase.label.padEnd(12)} INFEASIBLE: ${check.violations[0]?.message}`);
    continue;
  }
  const result = benchmarkScore(instance, check);
  const gap = gapPercent(result, benchCase.bks, scoreSense(benchCase.format));
  gapSum += gap;
  worst = Math.max(worst, gap);
  n++;
  console.log(`${benchCase.label.padEnd(12)} ${String(result).padStart(10)} gap ${gap.toFixed(2).padStart(6)}% it ${outcome.iterations}`);
  if (values.ops) printOperators(outcome);
}
console.log(`mean gap ${(gapSum / n).toFixed(2)}% worst ${worst.toFixed(2)}% over ${n}`);
