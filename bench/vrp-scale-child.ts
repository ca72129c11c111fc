/**
 * One scale measurement in a fresh process, so that the peak resident memory (maxRSS) belongs to
 * this problem alone. Prints one JSON line for bench/vrp-scale.ts.
 *   node --import tsx bench/vrp-scale-child.ts CASE TIME_LIMIT_SECONDS SEED
 */
import { checkSolution } from '../solver/vrp/checker';
import { solve } from '../solver/vrp/solve';
import { SCALE_CASES } from './vrp-scale-cases';

const [name, limitText, seedText] = process.argv.slice(2);
const scaleCase = SCALE_CASES.find((candidate) => candidate.name === name);
if (scaleCase === undefined) throw new Error(`unknown scale case ${name}`);
const problem = scaleCase.load();
const rssAfterLoadMB = process.memoryUsage().rss / 2 ** 20;
const result = solve(problem, { seed: Number(seedText), timeLimitMs: Number(limitText) * 1000 });
const check = checkSolution(problem, result.solution);
process.stdout.write(
  `${JSON.stringify({
    name,
    jobs: problem.jobs.length,
    iterations: result.iterations,
    elapsedMs: result.elapsedMs,
    feasible: check.feasible,
    distance: check.distance,
    vehicles: check.vehicles,
    rssAfterLoadMB,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    peakHeapUsedMB: process.memoryUsage().heapUsed / 2 ** 20,
  })}\n`,
);
