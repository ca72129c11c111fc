/**
 * `npm run bench -- --suite scale [--time-limit S] [--instances GLOB]`: search iterations per
 * second and peak memory at 100, 200, 1000 and 2000 customers. Each size runs in its own process
 * (maxRSS is a process-wide high-water mark). Target: the 2,000-job problem stays under 1 GB;
 * the run fails when it does not, or when a child process fails.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machineDescription, writeResults } from './vrp-report';
import { SCALE_CASES } from './vrp-scale-cases';
import { instanceFilter } from './vrp-suites';

const CHILD = fileURLToPath(new URL('./vrp-scale-child.ts', import.meta.url));
const MEMORY_LIMIT_MB = 1024;
const DEFAULT_TIME_LIMIT_SECONDS = 10;

interface ScaleRow {
  name: string;
  jobs: number;
  iterations: number;
  elapsedMs: number;
  feasible: boolean;
  distance: number;
  vehicles: number;
  rssAfterLoadMB: number;
  peakRssMB: number;
  peakHeapUsedMB: number;
}

export function runScaleBench(options: { timeLimitSeconds?: number; seed: number; instances?: string; resultsDir?: string }): boolean {
  const timeLimitSeconds = options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
  const matches = instanceFilter(options.instances);
  const cases = SCALE_CASES.filter((scaleCase) => matches(scaleCase.name));
  console.log(`suite scale: ${cases.length} problems, ${timeLimitSeconds} s each, one process each`);
  console.log(
    `${'problem'.padEnd(12)} ${'jobs'.padStart(6)} ${'iterations'.padStart(11)} ${'iter/s'.padStart(9)} ${'peak RSS MB'.padStart(12)} ${'feasible'.padStart(9)}`,
  );
  const rows: ScaleRow[] = [];
  let ok = true;
  for (const scaleCase of cases) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, scaleCase.name, String(timeLimitSeconds), String(options.seed)], {
      encoding: 'utf8',
      timeout: (timeLimitSeconds + 300) * 1000,
    });
    if (child.status !== 0) {
      ok = false;
      console.log(`${scaleCase.name.padEnd(12)} failed (exit ${child.status}): ${child.stderr.trim().split('\n').slice(-1)[0]}`);
      continue;
    }
    const row = JSON.parse(child.stdout.trim().split('\n').pop()!) as ScaleRow;
    rows.push(row);
    // Feasibility is shown, not enforced: a short limit may end before construction completes at
    // 2,000 jobs, and this suite measures speed and memory (the gap suites enforce feasibility).
    const perSecond = row.iterations / (row.elapsedMs / 1000);
    console.log(
      `${row.name.padEnd(12)} ${String(row.jobs).padStart(6)} ${String(row.iterations).padStart(11)} ${perSecond.toFixed(0).padStart(9)} ${row.peakRssMB.toFixed(0).padStart(12)} ${(row.feasible ? 'yes' : 'NO').padStart(9)}`,
    );
  }
  const largest = rows.find((row) => row.jobs >= 2000);
  if (largest !== undefined) {
    const under = largest.peakRssMB < MEMORY_LIMIT_MB;
    console.log(`2,000-job problem peak RSS ${largest.peakRssMB.toFixed(0)} MB: ${under ? 'under' : 'OVER'} the 1 GB target`);
    ok &&= under;
  }
  const sample = options.instances === undefined ? '' : `-sample${cases.length}`;
  const file = writeResults(
    `scale-${timeLimitSeconds}s${sample}`,
    {
      suite: 'scale',
      timeLimitSeconds,
      seed: options.seed,
      machine: machineDescription(),
      cases: SCALE_CASES.map(({ name, description }) => ({ name, description })),
      rows: rows.map((row) => ({ ...row, iterationsPerSecond: row.iterations / (row.elapsedMs / 1000) })),
    },
    options.resultsDir,
  );
  console.log(`results: ${file}`);
  return ok;
}
