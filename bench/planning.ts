/**
 * `npm run bench -- --suite planning [--date YYYY-MM-DD] [--routing embedded|haversine] [--evaluations N]
 *  [--time-limit MS] [--weights 0,0.45,5,20,50,100,200,500] [--out FILE]`
 *
 * End to end through a real listening server on 127.0.0.1 and a real SQLite file holding the
 * 1,500-case demo: (1) one day for the six demo officers (target <= 10 s), (2) evaluating a
 * reordered route over HTTP, p95 over a bounded loop (target <= 50 ms), (3) a weight sweep
 * (pounds per mile -> visits, miles, expected value). Results go to bench/results/ as JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRoutingBackend, type RoutingConfig } from '../solver/roads/index.js';
import { buildApp } from '../server/app.js';
import { generatePassword, hashPassword } from '../server/auth/passwords.js';
import { PROJECT_ROOT } from '../server/config.js';
import { seedDemo } from '../server/demo/seed.js';
import { DEFAULT_POSTCODE_DIR, loadPostcodeIndex } from '../server/postcodes/index.js';
import { SqliteStore } from '../server/store/sqlite.js';

interface PlanSummary {
  id: string;
  version: number;
  routes: Array<{ officerIds: string[]; stops: Array<{ caseRefs: string[] }> }>;
  totals: { visits: number; miles: number; value: number };
  estimate: boolean;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The bench's session cookie (it signs in as a team leader like any client). */
let cookie = '';

async function postJson<T>(url: string, body: unknown): Promise<{ status: number; json: T; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
  const json = (await res.json()) as T;
  return { status: res.status, json, ms: performance.now() - t0 };
}

async function routingFor(name: string): Promise<RoutingConfig> {
  const config: RoutingConfig = name === 'embedded' ? { backend: 'embedded' } : { backend: 'haversine' };
  try {
    await createRoutingBackend(config);
    return config;
  } catch (err) {
    console.warn(`routing '${name}' unavailable (${(err as Error).message}): falling back to straight-line estimates`);
    return { backend: 'haversine' };
  }
}

export async function runPlanningBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      date: { type: 'string', default: '2026-03-03' },
      routing: { type: 'string', default: 'embedded' },
      evaluations: { type: 'string', default: '200' },
      'time-limit': { type: 'string' },
      weights: { type: 'string', default: '0,0.45,5,20,50,100,200,500' },
      out: { type: 'string' },
    },
  });
  const date = String(values.date);
  const evaluations = Number(values.evaluations);
  const timeLimitMs = values['time-limit'] ? Number(values['time-limit']) : undefined;
  const weights = String(values.weights).split(',').map(Number);

  // The machine is shared: the load average says how far to trust the timings.
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'rounds-bench-'));
  const store = new SqliteStore(join(dir, 'bench.sqlite'));
  const postcodes = loadPostcodeIndex(DEFAULT_POSTCODE_DIR);
  await seedDemo(store, postcodes, { seedDate: date });
  const password = generatePassword();
  await store.accounts.createUser(
    { username: 'bench', displayName: 'Benchmark', role: 'team_leader', source: 'local', passwordHash: await hashPassword(password) },
    'bench',
  );
  const routingConfig = await routingFor(String(values.routing));
  const app = await buildApp({ store, postcodes, routing: await createRoutingBackend(routingConfig), routingConfig, logger: false });
  try {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const api = `${address}/api`;
    const signIn = await fetch(`${api}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', password }),
    });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status}`);
    cookie = signIn.headers.getSetCookie()[0].split(';')[0]!;

    // (1) A day for six officers, end to end: request, matrix, search, storage, answer. The first
    // request also starts the planning thread (module loading, road graph); `npm start` pre-warms
    // one, so the warm figure is what a user sees.
    const planBody = { date, seed: 1, replace: true, ...(timeLimitMs ? { timeLimitMs } : {}) };
    const cold = await postJson<PlanSummary>(`${api}/plans`, planBody);
    if (cold.status !== 201) throw new Error(`planning failed: ${cold.status} ${JSON.stringify(cold.json)}`);
    const day = await postJson<PlanSummary>(`${api}/plans`, planBody);
    if (day.status !== 201) throw new Error(`planning failed: ${day.status} ${JSON.stringify(day.json)}`);
    const plan = day.json;
    console.log(
      `day plan: ${day.ms.toFixed(0)} ms end to end warm (${cold.ms.toFixed(0)} ms cold), ${plan.totals.visits} visits, ${plan.totals.miles.toFixed(1)} miles, £${plan.totals.value.toFixed(0)} expected (${routingConfig.backend}${plan.estimate ? ', estimate' : ''})`,
    );

    // (2) The officer's reorder: the longest route with its stops reversed, evaluated again and again.
    const longest = [...plan.routes].sort((a, b) => b.stops.length - a.stops.length)[0];
    const evalLatencies: number[] = [];
    if (longest && longest.stops.length >= 2) {
      const routes = plan.routes.map((r) => ({
        officerIds: r.officerIds,
        caseRefs: (r === longest ? [...r.stops].reverse() : r.stops).map((s) => s.caseRefs),
      }));
      for (let i = 0; i < 10; i++) await postJson(`${api}/plans/${plan.id}/evaluate`, { routes }); // warm-up
      for (let i = 0; i < evaluations; i++) {
        const r = await postJson(`${api}/plans/${plan.id}/evaluate`, { routes });
        if (r.status !== 200) throw new Error(`evaluate failed: ${r.status} ${JSON.stringify(r.json)}`);
        evalLatencies.push(r.ms);
      }
    }
    evalLatencies.sort((a, b) => a - b);
    const evaluate = evalLatencies.length
      ? {
          requests: evalLatencies.length,
          stops: longest.stops.length,
          p50: percentile(evalLatencies, 50),
          p95: percentile(evalLatencies, 95),
          max: evalLatencies[evalLatencies.length - 1],
        }
      : null;
    if (evaluate)
      console.log(
        `evaluate (${evaluate.stops}-stop route reversed, ${evaluate.requests} requests): p50 ${evaluate.p50.toFixed(1)} ms, p95 ${evaluate.p95.toFixed(1)} ms`,
      );

    // (3) The yield-vs-mileage trade-off.
    const sweep: Array<{ weight: number; visits: number; miles: number; value: number; ms: number }> = [];
    for (const weight of weights) {
      const r = await postJson<PlanSummary>(`${api}/plans`, { date, weight, seed: 1, replace: true, ...(timeLimitMs ? { timeLimitMs } : {}) });
      if (r.status !== 201) throw new Error(`planning with weight ${weight} failed: ${r.status} ${JSON.stringify(r.json)}`);
      sweep.push({ weight, visits: r.json.totals.visits, miles: r.json.totals.miles, value: r.json.totals.value, ms: r.ms });
    }
    console.log('\n| weight (£/mile) | visits | miles | expected value (£) | time (s) |\n|---:|---:|---:|---:|---:|');
    for (const s of sweep) console.log(`| ${s.weight} | ${s.visits} | ${s.miles.toFixed(1)} | ${s.value.toFixed(0)} | ${(s.ms / 1000).toFixed(1)} |`);

    const result = {
      suite: 'planning',
      ranAt: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadBefore, loadAfter: loadavg() },
      date,
      routing: routingConfig.backend,
      cases: 1500,
      dayPlan: {
        ms: day.ms,
        coldMs: cold.ms,
        targetMs: 10_000,
        timeLimitMs: timeLimitMs ?? 'default',
        visits: plan.totals.visits,
        miles: plan.totals.miles,
        value: plan.totals.value,
        estimate: plan.estimate,
      },
      evaluate: evaluate && { ...evaluate, targetP95Ms: 50 },
      sweep,
    };
    const out = String(values.out ?? join(PROJECT_ROOT, 'bench/results', `planning-${result.ranAt.slice(0, 10)}.json`));
    await mkdir(join(out, '..'), { recursive: true });
    await writeFile(`${out}.tmp`, JSON.stringify(result, null, 2));
    await rename(`${out}.tmp`, out);
    console.log(`\nwritten ${out}`);
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Runnable on its own too: `npx tsx bench/planning.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  runPlanningBench(process.argv.slice(2)).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
