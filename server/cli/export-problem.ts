/**
 * `npm run --silent export-problem -- --date YYYY-MM-DD [--officers id,id] [--weight W] --out FILE.json`:
 * writes the optimiser problem of one day, as the planner builds it from ROUNDS_DB (same rules,
 * same candidate pool, same travel matrix: solver/rules/plan-day.ts), in the optimiser's own JSON
 * model (solver/vrp/model.ts), for the day benchmark suite (data/bench/day/).
 *
 * No personal data leaves: job ids become j0, j1, ... and vehicle and break ids v0, b0, ...; the
 * problem holds no coordinates (locations are matrix indexes); travel is rounded to whole seconds
 * and metres, prizes to pennies, value factors to 4 decimals. Nothing else of a case is written.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBankHolidays } from '../../solver/rules/bank-holidays.js';
import { learnedSettings } from '../../solver/rules/learning.js';
import { planDayModel } from '../../solver/rules/plan-day.js';
import type { Problem } from '../../solver/vrp/model.js';
import { createRoutingBackend, type RoutingConfig } from '../../solver/roads/index.js';
import { configFromEnv } from '../config.js';
import { loadOutcomeCounts, loadPlanningData } from '../jobs/planning-data.js';
import type { Store } from '../store/store.js';
import { openStore } from '../store/open.js';

export interface ExportOptions {
  date: string;
  officerIds?: string[];
  weight?: number;
}

/** What the exported file holds besides the problem: enough to say where it came from, nothing personal. */
export interface ExportedDay {
  format: 'rounds-day-problem/1';
  date: string;
  weekday: string;
  weight: number;
  cases: number;
  problem: Problem;
}

const round = (value: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};

/** The day's problem from a store: the cases and settings a planning job reads (server/jobs/planning-data.ts). */
export async function exportDayProblem(store: Store, routingConfig: RoutingConfig, opts: ExportOptions): Promise<ExportedDay> {
  const { cases, officers, crews, settings, holds, outcomeCounts } = await loadPlanningData(store);
  const { blackoutDates, sessions: _sessions, ...stored } = settings;
  const ctx = {
    cases,
    officers,
    crews,
    settings: learnedSettings(stored, outcomeCounts ?? (await loadOutcomeCounts(store, settings))),
    calendar: loadBankHolidays(),
    routing: await createRoutingBackend(routingConfig),
    blackoutDates,
    holds,
  };
  const model = await planDayModel(ctx, { date: opts.date, officerIds: opts.officerIds, weight: opts.weight });
  return {
    format: 'rounds-day-problem/1',
    date: opts.date,
    weekday: weekdayOf(opts.date),
    weight: model.weight,
    cases: ctx.cases.length,
    problem: anonymised(model.problem),
  };
}

function weekdayOf(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
}

/** The problem with every caller id replaced by its index, and numbers rounded as the header says. */
export function anonymised(problem: Problem): Problem {
  const windows = (ws: Problem['jobs'][number]['windows']) =>
    ws.map((w) => ({ start: w.start, end: w.end, ...(w.valueFactor === undefined ? {} : { valueFactor: round(w.valueFactor, 4) }) }));
  return {
    locationCount: problem.locationCount,
    durations: Array.from(problem.durations, (d) => (Number.isFinite(d) ? Math.round(d) : d)),
    distances: Array.from(problem.distances, (d) => (Number.isFinite(d) ? Math.round(d) : d)),
    jobs: problem.jobs.map((job, j) => ({
      id: `j${j}`,
      location: job.location,
      service: job.service,
      windows: windows(job.windows),
      prize: round(job.prize, 2),
      required: job.required,
      demand: job.demand,
      skills: job.skills,
      ...(job.allowedVehicles ? { allowedVehicles: job.allowedVehicles } : {}),
    })),
    vehicles: problem.vehicles.map((v, k) => ({
      ...v,
      id: `v${k}`,
      breaks: v.breaks.map((b, n) => ({ id: `b${k}.${n}`, duration: b.duration, windows: windows(b.windows) })),
    })),
    ...(problem.sameVehicle ? { sameVehicle: problem.sameVehicle } : {}),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { date: { type: 'string' }, officers: { type: 'string' }, weight: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || !values.date || !values.out) {
    console.error('usage: npm run --silent export-problem -- --date YYYY-MM-DD [--officers id,id] [--weight POUNDS_PER_MILE] --out FILE.json');
    process.exit(values.help ? 0 : 2);
  }
  const weight = values.weight === undefined ? undefined : Number(values.weight);
  if (weight !== undefined && !(weight >= 0)) throw new Error(`--weight must be a number of pounds per mile >= 0, not ${JSON.stringify(values.weight)}`);
  const config = configFromEnv();
  const store = await openStore(config.dbPath);
  try {
    const day = await exportDayProblem(store, config.routing, { date: values.date, officerIds: values.officers?.split(',').filter(Boolean), weight });
    await mkdir(dirname(values.out), { recursive: true });
    const tmp = `${values.out}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(day)}\n`);
    await rename(tmp, values.out);
    const p = day.problem;
    console.log(`Wrote ${values.out}: ${day.date} (${day.weekday}), ${p.jobs.length} jobs offered of ${day.cases} cases, ${p.vehicles.length} routes.`);
  } finally {
    await store.close();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
