/**
 * One caseload measurement in a fresh process (maxRSS is process-wide): the demo generator's
 * caseload at CASES cases, seeded through the real CSV import into a fresh SQLite file, then one
 * day planned for the six demo officers with the default search. Prints one JSON line for
 * bench/caseload.ts.
 *   node --import tsx bench/caseload-child.ts CASES DATE
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planningContext } from '../server/jobs/context.js';
import { seedDemo } from '../server/demo/seed.js';
import { DEFAULT_POSTCODE_DIR, loadPostcodeIndex } from '../server/postcodes/index.js';
import { SqliteStore } from '../server/store/sqlite.js';
import { createRoutingBackend } from '../solver/roads/index.js';
import { planDay } from '../solver/rules/plan-day.js';

const [casesText, date] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'rounds-caseload-'));
const store = new SqliteStore(join(dir, 'caseload.sqlite'));
try {
  await seedDemo(store, loadPostcodeIndex(DEFAULT_POSTCODE_DIR), { seedDate: date, cases: Number(casesText) });
  const [open, suspended, officers, crews, settings] = await Promise.all([
    store.listCases({ status: 'open' }),
    store.listCases({ status: 'suspended' }),
    store.listOfficers(),
    store.listCrews(),
    store.getSettings(),
  ]);
  const ctx = planningContext({ cases: [...open, ...suspended], officers, crews, settings }, await createRoutingBackend({ backend: 'embedded' }));
  const rssBeforePlanMB = process.memoryUsage().rss / 2 ** 20;
  const t0 = performance.now();
  // planDay checks the solution with the independent checker before it reports it.
  const plan = await planDay(ctx, { date, seed: 1 });
  const planMs = performance.now() - t0;
  process.stdout.write(
    `${JSON.stringify({
      cases: open.length + suspended.length,
      planMs,
      visits: plan.totals.visits,
      miles: plan.totals.miles,
      value: plan.totals.value,
      unplanned: plan.unplanned.length,
      rssBeforePlanMB,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
