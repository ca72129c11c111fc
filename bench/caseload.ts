/**
 * `npm run bench -- --suite caseload [--cases 1500,6000,15000,30000] [--date YYYY-MM-DD]`: one day
 * for the six demo officers as the caseload grows, each size in its own process (peak RSS is a
 * process-wide high-water mark). Times planDay (eligibility, visits, the road matrix, the default
 * 5 s search, the checker, the report), not the seeding. Fails when a size fails or peaks over 1 GB.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineDescription, writeResults } from './vrp-report';

const CHILD = fileURLToPath(new URL('./caseload-child.ts', import.meta.url));
const MEMORY_LIMIT_MB = 1024;

interface CaseloadRow {
  cases: number;
  planMs: number;
  visits: number;
  miles: number;
  value: number;
  unplanned: number;
  rssBeforePlanMB: number;
  peakRssMB: number;
}

export async function runCaseloadBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    options: { cases: { type: 'string', default: '1500,6000,15000,30000' }, date: { type: 'string', default: '2026-03-03' } },
  });
  const sizes = String(values.cases).split(',').map(Number);
  const date = String(values.date);
  console.log(`suite caseload: a day for the 6 demo officers on ${date}, default search, one process per size`);
  console.log(
    `${'cases'.padStart(7)} ${'plan s'.padStart(7)} ${'visits'.padStart(7)} ${'miles'.padStart(7)} ${'expected £'.padStart(11)} ${'peak RSS MB'.padStart(12)}`,
  );
  const rows: CaseloadRow[] = [];
  let ok = true;
  for (const size of sizes) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, String(size), date], { encoding: 'utf8', timeout: 600_000 });
    if (child.status !== 0) {
      ok = false;
      console.log(`${String(size).padStart(7)} failed (exit ${child.status ?? child.signal}): ${child.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
      continue;
    }
    const row = JSON.parse(child.stdout.trim().split('\n').pop()!) as CaseloadRow;
    rows.push(row);
    ok &&= row.peakRssMB < MEMORY_LIMIT_MB;
    console.log(
      `${String(row.cases).padStart(7)} ${(row.planMs / 1000).toFixed(1).padStart(7)} ${String(row.visits).padStart(7)} ${row.miles.toFixed(1).padStart(7)} ${row.value.toFixed(0).padStart(11)} ${row.peakRssMB.toFixed(0).padStart(12)}`,
    );
  }
  const file = writeResults('caseload', { suite: 'caseload', date, machine: machineDescription(), rows });
  console.log(`results: ${file}`);
  if (!ok) {
    console.log(`caseload: a size failed or peaked over ${MEMORY_LIMIT_MB} MB`);
    process.exitCode = 1;
  }
}
