/**
 * `npx tsx bench/day-instances.ts [--out data/bench/day/instances] [--only NAME,...]`: rebuilds the
 * day suite's instances from the product: seeds the deterministic demo (seed date 2026-03-03) into
 * a temporary SQLite store at each caseload and writes each day's problem with the export CLI's
 * function (server/cli/export-problem.ts). The crews instance changes the 1,500-case store first:
 * officers 3 and 4 form a second crew, and one case in five becomes business premises open for two
 * hours a day, so warning-marker visits and tight windows weigh more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportDayProblem } from '../server/cli/export-problem.js';
import { PROJECT_ROOT } from '../server/config.js';
import { seedDemo } from '../server/demo/seed.js';
import { DEFAULT_POSTCODE_DIR, loadPostcodeIndex } from '../server/postcodes/index.js';
import { SqliteStore } from '../server/store/sqlite.js';

const SEED_DATE = '2026-03-03';
const WEEKDAY = '2026-03-03';
const SATURDAY = '2026-03-07';
const TIGHT_HOURS = ['Mo-Fr 10:00-12:00', 'Mo-Fr 14:00-16:00', 'Mo-Sa 11:00-13:00'];

interface InstanceSpec {
  name: string;
  cases: number;
  date: string;
  crews?: boolean;
}

export const DAY_INSTANCES: InstanceSpec[] = [
  { name: 'weekday-1500', cases: 1500, date: WEEKDAY },
  { name: 'saturday-1500', cases: 1500, date: SATURDAY },
  { name: 'weekday-6000', cases: 6000, date: WEEKDAY },
  { name: 'saturday-6000', cases: 6000, date: SATURDAY },
  { name: 'weekday-30000', cases: 30000, date: WEEKDAY },
  { name: 'saturday-30000', cases: 30000, date: SATURDAY },
  { name: 'crews-tight-hours-1500', cases: 1500, date: WEEKDAY, crews: true },
];

async function crewsAndTightHours(store: SqliteStore): Promise<void> {
  await store.saveCrew({ id: 'crew-2', officerIds: ['officer-3', 'officer-4'] }, 'bench');
  const open = await store.listCases({ status: 'open' });
  const changed = open
    .filter((_, i) => i % 5 === 0)
    .map((c, i) => ({ ...c, premises: 'business' as const, tradingHours: TIGHT_HOURS[i % TIGHT_HOURS.length] }));
  await store.upsertCases(changed, 'bench');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, only: { type: 'string' } } });
  const out = values.out ?? join(PROJECT_ROOT, 'data/bench/day/instances');
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  await mkdir(out, { recursive: true });
  const postcodes = loadPostcodeIndex(DEFAULT_POSTCODE_DIR);
  for (const spec of DAY_INSTANCES.filter((s) => !only || only.has(s.name))) {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-day-'));
    const store = new SqliteStore(join(dir, 'day.sqlite'));
    try {
      await seedDemo(store, postcodes, { seedDate: SEED_DATE, cases: spec.cases });
      if (spec.crews) await crewsAndTightHours(store);
      const day = await exportDayProblem(store, { backend: 'embedded' }, { date: spec.date });
      await writeFile(join(out, `${spec.name}.json`), `${JSON.stringify(day)}\n`);
      console.log(`${spec.name}: ${day.problem.jobs.length} jobs of ${day.cases} cases, ${day.problem.vehicles.length} routes`);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

await main();
