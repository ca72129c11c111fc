/**
 * `npm run seed -- [--date YYYY-MM-DD] [--seed N] [--cases N] [--csv FILE] [--history WEEKS]`: loads
 * the deterministic demo into ROUNDS_DB (or writes the demo cases as an import CSV with --csv,
 * touching no database). --history also records WEEKS weeks of simulated visits before the seed
 * date as outcomes (server/demo/history.ts), for the forecast to learn from and the backtest to score.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { configFromEnv } from '../config.js';
import { casesToCsv } from '../demo/csv.js';
import { loadBankHolidays } from '../../solver/rules/bank-holidays.js';
import { generateDemo } from '../demo/generate.js';
import { seedHistory } from '../demo/history.js';
import { demoRoadFilter } from '../demo/road-filter.js';
import { seedDemo, todayInLondon } from '../demo/seed.js';
import { loadPostcodeIndex } from '../postcodes/index.js';
import { openStore } from '../store/open.js';
import { databaseLabel } from '../store/database-url.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { date: { type: 'string' }, seed: { type: 'string' }, cases: { type: 'string' }, csv: { type: 'string' }, history: { type: 'string' } },
  });
  const historyWeeks = values.history === undefined ? undefined : Number(values.history);
  if (historyWeeks !== undefined && !(Number.isInteger(historyWeeks) && historyWeeks >= 1 && historyWeeks <= 104)) {
    throw new Error(`--history must be a whole number of weeks from 1 to 104, not ${JSON.stringify(values.history)}`);
  }
  const config = configFromEnv();
  const postcodes = loadPostcodeIndex(config.postcodeDir);
  const options = {
    seedDate: values.date ?? todayInLondon(),
    seed: values.seed ? Number(values.seed) : undefined,
    cases: values.cases ? Number(values.cases) : undefined,
  };
  if (values.csv) {
    const demo = generateDemo(postcodes, options, await demoRoadFilter());
    await mkdir(dirname(values.csv), { recursive: true });
    const tmp = `${values.csv}.${process.pid}.tmp`;
    await writeFile(tmp, casesToCsv(demo.cases));
    await rename(tmp, values.csv);
    console.log(`Wrote ${demo.cases.length} demo cases to ${values.csv}`);
    return;
  }
  const store = await openStore(config.dbPath);
  try {
    const r = await seedDemo(store, postcodes, options);
    console.log(
      `Seeded ${databaseLabel(config.dbPath)}: ${r.imported} new cases, ${r.updated} updated, ${r.officers} officers (seed date ${options.seedDate}).`,
    );
    if (historyWeeks !== undefined) {
      const h = await seedHistory(store, loadBankHolidays(), { seedDate: options.seedDate, weeks: historyWeeks, seed: options.seed });
      console.log(`History ${h.from} to ${h.to}: ${h.visits} simulated visits recorded as ${h.outcomes} outcomes.`);
    }
  } finally {
    await store.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
