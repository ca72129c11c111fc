/**
 * `npm run --silent solve -- FILE --format ...`: solve one benchmark file and print exactly one
 * JSON object on stdout (see solve-arguments.ts and issue 2 for the contract). A bad file or
 * argument prints one line on stderr and exits 2. A solution the checker rejects is still
 * printed, with one line on stderr, and exits 1: a contract consumer must not take it for a result.
 */
import { checkSolution } from '../checker';
import { benchmarkScore, solutionInFileIds } from '../io/benchmark-score';
import { InstanceFormatError } from '../io/instance-error';
import { readInstance } from '../io/read-instance';
import { solve } from '../solve';
import { parseSolveArguments, UsageError, type SolveArguments } from './solve-arguments';

/** Six decimals: drops the float noise of summed rounded arcs, keeps every published digit. */
const round = (value: number): number => Math.round(value * 1e6) / 1e6;

function run(args: SolveArguments): number {
  const instance = readInstance(args.file, args.format, { rounding: args.rounding, vehicles: args.vehicles });
  const started = performance.now();
  const result = solve(instance.problem, { seed: args.seed, timeLimitMs: args.timeLimitSeconds * 1000 });
  const seconds = (performance.now() - started) / 1000;
  const check = checkSolution(instance.problem, result.solution);
  const { routes, unassigned } = solutionInFileIds(instance, result.solution);
  const output = {
    instance: instance.name,
    objective: round(benchmarkScore(instance, check)),
    distance: round(check.distance),
    prize: round(check.prize),
    vehicles: check.vehicles,
    routes,
    unassigned,
    seconds: Math.round(seconds * 1000) / 1000,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
  if (!check.feasible) {
    const first = check.violations[0];
    process.stderr.write(`${args.file}: the solution is infeasible (${check.violations.length} violations; first: ${first.message})\n`);
    return 1;
  }
  return 0;
}

function main(argv: string[]): number {
  try {
    return run(parseSolveArguments(argv));
  } catch (error) {
    if (error instanceof UsageError || error instanceof InstanceFormatError) {
      process.stderr.write(`${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
