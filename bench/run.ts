/**
 * `npm run bench -- --suite solomon|toptw|homberger1000|pcvrptw|day|replan|scale|roads|planning|caseload|agency
 *  [--time-limit S] [--instances GLOB] [--seed N] [--threads N] [--rounding exact|dimacs] [--results DIR]`
 * (--rounding: the Solomon suite's scoring convention; the other suites have one each. day: the
 * product's own days, data/bench/day/, scored against their long-run references: vrp-day.ts.)
 * The optimiser suites live in vrp-*.ts; roads and planning are other teams' files, loaded on
 * demand so that a suite's dependencies are only paid for when it runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ROUNDINGS, type Rounding } from '../solver/vrp/io/rounding';
import { BenchUsageError, runVrpSuite, type IterationLimits } from './vrp-bench';
import { runDaySuite } from './vrp-day';
import { runReplanSuite } from './vrp-replan';
import { runScaleBench } from './vrp-scale';
import { VRP_SUITES, type VrpSuiteName } from './vrp-suites';

const EXTERNAL_SUITES: Record<string, { file: string; entry: string }> = {
  roads: { file: './roads.ts', entry: 'runRoadsBench' },
  planning: { file: './planning.ts', entry: 'runPlanningBench' },
  caseload: { file: './caseload.ts', entry: 'runCaseloadBench' },
  agency: { file: './agency.ts', entry: 'runAgencyBench' },
};

const SUITES = [...Object.keys(VRP_SUITES), 'day', 'replan', 'scale', ...Object.keys(EXTERNAL_SUITES)];

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    options: {
      suite: { type: 'string' },
      'time-limit': { type: 'string' },
      instances: { type: 'string' },
      seed: { type: 'string' },
      rounding: { type: 'string' },
      results: { type: 'string' },
      iterations: { type: 'string' },
      'iterations-from': { type: 'string' },
      threads: { type: 'string' },
    },
  });
  const suite = values.suite;
  if (typeof suite !== 'string' || !SUITES.includes(suite)) {
    console.error(`bench: --suite must be one of ${SUITES.join('|')}${suite === undefined ? '' : ` (got ${String(suite)})`}`);
    return 2;
  }
  const external = EXTERNAL_SUITES[suite];
  if (external !== undefined) {
    // A variable specifier: these modules belong to other folders and may not exist yet.
    const url = new URL(external.file, import.meta.url);
    if (!existsSync(url)) {
      console.error(`bench: suite ${suite} needs bench/${external.file.slice(2)}, which is not there`);
      return 2;
    }
    const module = (await import(url.href)) as Record<string, unknown>;
    const entry = module[external.entry];
    if (typeof entry !== 'function') throw new Error(`bench/${external.file} does not export ${external.entry}`);
    await (entry as (args: string[]) => Promise<void>)(argv);
    return 0;
  }

  const timeLimitText = values['time-limit'];
  const timeLimitSeconds = timeLimitText === undefined ? undefined : Number(timeLimitText);
  if (timeLimitSeconds !== undefined && !(timeLimitSeconds > 0)) {
    console.error(`bench: --time-limit ${String(timeLimitText)} is not a positive number of seconds`);
    return 2;
  }
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    console.error(`bench: --seed ${String(values.seed)} is not a non-negative integer`);
    return 2;
  }
  const instances = typeof values.instances === 'string' ? values.instances : undefined;
  const resultsDir = typeof values.results === 'string' ? values.results : undefined;
  const rounding = values.rounding as Rounding | undefined;
  if (rounding !== undefined && !ROUNDINGS.includes(rounding)) {
    console.error(`bench: --rounding ${String(rounding)} is not one of ${ROUNDINGS.join('|')}`);
    return 2;
  }
  const iterations = iterationLimits(values.iterations, values['iterations-from']);
  if (typeof iterations === 'string') {
    console.error(`bench: ${iterations}`);
    return 2;
  }
  const threads = values.threads === undefined ? 1 : Number(values.threads);
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > 16) {
    console.error(`bench: --threads ${String(values.threads)} is not a whole number from 1 to 16`);
    return 2;
  }
  let ok: boolean;
  try {
    ok =
      suite === 'scale'
        ? runScaleBench({ timeLimitSeconds, seed, instances, resultsDir })
        : suite === 'day'
          ? runDaySuite({ timeLimitSeconds, seed, instances, resultsDir, iterations, threads })
          : suite === 'replan'
            ? runReplanSuite({ timeLimitSeconds, seed, instances, resultsDir, iterations })
            : runVrpSuite(suite as VrpSuiteName, { timeLimitSeconds, seed, instances, rounding, resultsDir, iterations, threads });
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    console.error(`bench: ${error.message}`);
    return 2;
  }
  if (!ok)
    console.error(
      suite === 'scale'
        ? 'bench: a scale run failed or broke the memory target'
        : suite === 'replan'
          ? 'bench: a re-plan failed the checker or was worse than its start (see the table)'
          : 'bench: at least one solution failed the checker (see the table)',
    );
  return ok ? 0 : 1;
}

/** An iteration limit per instance label (from --iterations or a results file), or what is wrong. */
function iterationLimits(fixed: string | boolean | undefined, from: string | boolean | undefined): IterationLimits | undefined | string {
  if (fixed !== undefined) {
    const n = Number(fixed);
    return Number.isSafeInteger(n) && n > 0 ? () => n : `--iterations ${String(fixed)} is not a positive whole number`;
  }
  if (from === undefined) return undefined;
  if (typeof from !== 'string' || !existsSync(from)) return `--iterations-from ${String(from)}: no such results file`;
  const rows = (JSON.parse(readFileSync(from, 'utf8')) as { rows?: Array<{ label: string; iterations: number }> }).rows ?? [];
  const byLabel = new Map(rows.map((row) => [row.label, row.iterations]));
  return (label) => byLabel.get(label);
}

process.exitCode = await main(process.argv.slice(2));
