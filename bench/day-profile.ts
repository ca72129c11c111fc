/**
 * `npx tsx bench/day-profile.ts [--instances GLOB] [--iterations N | --time-limit S] [--seed N]`:
 * what the search does on the day suite: iterations per second, the value reached, and per
 * local-search operator how often it was evaluated and applied (insert, remove and swap-unserved
 * are the optional visits coming in and going out). Iteration-limited runs compare versions of the
 * search on a loaded machine by work done rather than by the clock.
 */
import { parseArgs } from 'node:util';
import { checkSolution } from '../solver/vrp/checker';
import { runSearch } from '../solver/vrp/search/search';
import { EXPERIMENT_OPTIONS, experimentRun, printOperators } from './search-experiment';
import { dayValue, readDayInstance, readDayReferences } from './vrp-day';
import { instanceFilter } from './vrp-suites';

const { values } = parseArgs({ options: EXPERIMENT_OPTIONS });
const { seed, maxIterations, timeLimitMs, parameters } = experimentRun(values);
const matches = instanceFilter(values.instances);
let gapSum = 0;
let n = 0;
for (const reference of readDayReferences().filter((r) => matches(r.instance))) {
  const instance = readDayInstance(reference.instance);
  const cpu0 = process.cpuUsage();
  const outcome = runSearch(instance.problem, { seed, maxIterations, timeLimitMs }, parameters);
  const cpu = process.cpuUsage(cpu0);
  const check = checkSolution(instance.problem, outcome.solution);
  const value = dayValue(check);
  const gap = ((reference.value - value) / Math.abs(reference.value)) * 100;
  gapSum += gap;
  n++;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const served = instance.problem.jobs.length - outcome.solution.unassigned.length;
  console.log(
    `${reference.instance.padEnd(24)} value ${value.toFixed(0).padStart(7)} gap ${gap.toFixed(2).padStart(6)}% ${check.feasible ? '' : 'INFEASIBLE '}served ${served} it ${outcome.iterations} (${(outcome.iterations / cpuSeconds).toFixed(0)}/s CPU)`,
  );
  if (values.ops) printOperators(outcome);
}
console.log(`mean gap ${(gapSum / n).toFixed(2)}%`);
