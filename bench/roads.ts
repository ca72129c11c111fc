/**
 * `npm run bench -- --suite roads [--seed N] [--quick] [--results DIR]`: the road network's targets
 * (issue 3), measured and written to bench/results/roads-<date>.json with the machine and its load.
 *
 *  1. demo area: a 1,000 x 1,000 matrix after load (<= 2 s), the whole `npm run --silent matrix`
 *     process for the same 1,000 points (<= 3 s), one route with steps (<= 20 ms, median and p95);
 *  2. scale: synthetic road-like graphs of 10k, 50k and 250k nodes, matrices of 10, 100 and 300
 *     points (250k, 100 x 100: <= 5 s);
 *  3. agreement with OSRM: our durations and distances over OSRM's for its recorded 200-point table;
 *  4. plausibility: the distribution of road speed over random pairs (median 15-35 km/h).
 *
 * `--quick` keeps the suite to seconds (10k and 50k graphs, fewer repeats) for a smoke run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LonLat } from '../solver/roads/backend';
import { EmbeddedBackend } from '../solver/roads/embedded';
import { DEMO_OSM, PROJECT_ROOT, loadGraph } from '../solver/roads/graph/load-graph';
import { SegmentSnapper } from '../solver/roads/snap';
import { randomRoadPoints } from './roads-points';
import { distribution, pairRatios, pairSpeedsKmh, percentile, seededRandom, type Distribution } from './roads-stats';
import { sideForNodes, syntheticRoadGraph } from './roads-synthetic';
import { machineDescription, RESULTS_DIR, writeResults } from './vrp-report';

const TARGETS = { demoMatrixMs: 2000, demoProcessMs: 3000, routeMs: 20, scaleMatrixMs: 5000, speedKmh: [15, 35] as const };
const OSRM_POINTS = join(PROJECT_ROOT, 'data/bench/roads/table-200-points.json');
const OSRM_TABLE = join(PROJECT_ROOT, 'data/bench/roads/table-200-ch.json');

interface Row {
  measure: string;
  target: string;
  measured: string;
  met: boolean | null;
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const median = (xs: number[]) => percentile(Float64Array.from(xs).sort(), 50);

function time<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

/** Wall-clock time of a child process, spawn to exit; rejects when it fails. */
function timeProcess(command: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = performance.now() - t0;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err.trim()}`));
      else resolve({ ms: elapsed, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

async function demoArea(rows: Row[], seed: number, repeats: number) {
  const t0 = performance.now();
  const graph = await loadGraph(DEMO_OSM);
  const loadMs = performance.now() - t0;
  const backend = new EmbeddedBackend(graph);
  const points = randomRoadPoints(graph, new SegmentSnapper(graph), 1000, seededRandom(seed));

  // The matrix after load: the graph is in memory, the snapper and search structures built.
  const runs: number[] = [];
  let matrix = backend.matrixSync(points.slice(0, 10)); // warm the JIT
  for (let r = 0; r < repeats; r++) {
    const t = time(() => backend.matrixSync(points));
    runs.push(t.ms);
    matrix = t.value;
  }
  const matrixMs = median(runs);
  rows.push({
    measure: 'demo: 1,000 x 1,000 matrix after load',
    target: `<= ${TARGETS.demoMatrixMs} ms`,
    measured: `${ms(matrixMs)} ms`,
    met: matrixMs <= TARGETS.demoMatrixMs,
  });

  // The whole process, as another tool would run it.
  const dir = mkdtempSync(join(tmpdir(), 'rounds-roads-bench-'));
  const processRuns: number[] = [];
  try {
    const file = join(dir, 'points-1000.json');
    writeFileSync(file, JSON.stringify(points));
    for (let r = 0; r < repeats; r++) {
      const run = await timeProcess('npm', ['run', '--silent', 'matrix', '--', '--points', file]);
      const out = JSON.parse(run.stdout) as { durations: unknown[][] };
      if (out.durations.length !== 1000 || out.durations[0].length !== 1000) throw new Error('matrix CLI did not print a 1,000 x 1,000 matrix');
      processRuns.push(run.ms);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const processMs = median(processRuns);
  rows.push({
    measure: 'demo: `npm run --silent matrix`, 1,000 points, whole process',
    target: `<= ${TARGETS.demoProcessMs} ms`,
    measured: `${ms(processMs)} ms`,
    met: processMs <= TARGETS.demoProcessMs,
  });

  // One route with steps between random pairs, after load.
  const rnd = seededRandom(seed + 1);
  const pick = () => points[Math.floor(rnd() * points.length)];
  for (let i = 0; i < 10; i++) backend.routeSync([pick(), pick()]); // warm-up
  const routeMs: number[] = [];
  for (let i = 0; i < 50; i++) {
    const [a, b] = [pick(), pick()];
    routeMs.push(time(() => backend.routeSync([a, b])).ms);
  }
  const routes = distribution(routeMs);
  rows.push({
    measure: 'demo: one route with steps (50 random pairs)',
    target: `<= ${TARGETS.routeMs} ms`,
    measured: `median ${ms(routes.median)} ms, p95 ${ms(routes.p95)} ms`,
    met: routes.p95 <= TARGETS.routeMs,
  });

  // Plausibility: road speed over the matrix's random pairs.
  const speeds = distribution(pairSpeedsKmh(matrix.distances, matrix.durations));
  rows.push({
    measure: 'demo: road speed of random pairs (km/h)',
    target: `median ${TARGETS.speedKmh[0]}-${TARGETS.speedKmh[1]}`,
    measured: `p10 ${speeds.p10.toFixed(1)}, median ${speeds.median.toFixed(1)}, p90 ${speeds.p90.toFixed(1)}`,
    met: speeds.median >= TARGETS.speedKmh[0] && speeds.median <= TARGETS.speedKmh[1],
  });
  return {
    graph: { nodes: graph.nodeCount, segments: graph.segmentCount, coreNodes: backend.searchCoreNodes, loadMs },
    matrix1000: { runsMs: runs, medianMs: matrixMs, targetMs: TARGETS.demoMatrixMs },
    process1000: { runsMs: processRuns, medianMs: processMs, targetMs: TARGETS.demoProcessMs },
    route: { count: routeMs.length, medianMs: routes.median, p95Ms: routes.p95, maxMs: routes.max, targetMs: TARGETS.routeMs },
    speedKmh: { ...speeds, pairs: speeds.count },
  };
}

async function agreementWithOsrm(rows: Row[]) {
  const points = JSON.parse(readFileSync(OSRM_POINTS, 'utf8')) as LonLat[];
  const osrm = (
    JSON.parse(readFileSync(OSRM_TABLE, 'utf8')) as {
      body: { durations: Array<Array<number | null>>; distances: Array<Array<number | null>>; sources: Array<{ distance: number }> };
    }
  ).body;
  // OSRM snaps every point however far from a road; so do we here, to compare the same trips.
  const backend = new EmbeddedBackend(await loadGraph(DEMO_OSM), { maxSnapMetres: 5000 });
  const m = backend.matrixSync(points);
  const ours = await backend.snap(points);
  const snapGap = ours.map((s, i) => Math.abs(s.distance - osrm.sources[i].distance));
  const durations = distribution(pairRatios(m.durations, osrm.durations.flat(), points.length));
  const distances = distribution(pairRatios(m.distances, osrm.distances.flat(), points.length));
  const osrmSpeeds = distribution(
    pairSpeedsKmh(
      osrm.distances.flat().map((x) => x ?? NaN),
      osrm.durations.flat().map((x) => x ?? NaN),
    ),
  );
  const fmt = (d: Distribution) => `p10 ${d.p10.toFixed(3)}, median ${d.median.toFixed(3)}, p90 ${d.p90.toFixed(3)}`;
  rows.push({ measure: `OSRM agreement: our/OSRM duration (${durations.count} pairs)`, target: 'close to 1', measured: fmt(durations), met: null });
  rows.push({ measure: `OSRM agreement: our/OSRM distance (${distances.count} pairs)`, target: 'close to 1', measured: fmt(distances), met: null });
  rows.push({
    measure: 'OSRM: road speed of the same pairs (km/h)',
    target: 'reference',
    measured: `p10 ${osrmSpeeds.p10.toFixed(1)}, median ${osrmSpeeds.median.toFixed(1)}, p90 ${osrmSpeeds.p90.toFixed(1)}`,
    met: null,
  });
  return {
    points: points.length,
    durationRatio: durations,
    distanceRatio: distances,
    osrmSpeedKmh: osrmSpeeds,
    snapDistanceDifferenceMetres: distribution(snapGap),
  };
}

async function scale(rows: Row[], seed: number, quick: boolean) {
  const sizes = quick ? [10_000, 50_000] : [10_000, 50_000, 250_000];
  const matrixSizes = quick ? [10, 100] : [10, 100, 300];
  const table: Array<{ nodes: number; coreNodes: number; arcs: number; buildMs: number; matrixMs: Record<string, number> }> = [];
  for (const target of sizes) {
    const built = time(() => syntheticRoadGraph({ side: sideForNodes(target), seed }));
    const graph = built.value;
    const backendBuilt = time(() => new EmbeddedBackend(graph));
    const backend = backendBuilt.value;
    const points = randomRoadPoints(graph, new SegmentSnapper(graph), Math.max(...matrixSizes), seededRandom(seed + target));
    backend.matrixSync(points.slice(0, 5)); // warm the JIT
    const matrixMs: Record<string, number> = {};
    for (const n of matrixSizes) matrixMs[n] = time(() => backend.matrixSync(points.slice(0, n))).ms;
    table.push({ nodes: graph.nodeCount, coreNodes: backend.searchCoreNodes, arcs: graph.arcHead.length, buildMs: built.ms + backendBuilt.ms, matrixMs });
    console.log(
      `  synthetic ${graph.nodeCount} nodes (${backend.searchCoreNodes} junctions): built in ${ms(built.ms + backendBuilt.ms)} ms; ${matrixSizes.map((n) => `${n} x ${n} ${ms(matrixMs[n])} ms`).join(', ')}`,
    );
  }
  const largest = table[table.length - 1];
  if (!quick) {
    rows.push({
      measure: `scale: 100 x 100 matrix, synthetic ${largest.nodes.toLocaleString('en-GB')} nodes`,
      target: `<= ${TARGETS.scaleMatrixMs} ms`,
      measured: `${ms(largest.matrixMs[100])} ms`,
      met: largest.matrixMs[100] <= TARGETS.scaleMatrixMs,
    });
  }
  return { matrixSizes, graphs: table };
}

function printTable(rows: Row[]): void {
  const w = [Math.max(...rows.map((r) => r.measure.length)), Math.max(...rows.map((r) => r.target.length)), Math.max(...rows.map((r) => r.measured.length))];
  const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(w[0])}  ${b.padEnd(w[1])}  ${c.padEnd(w[2])}  ${d}`;
  console.log(line('measure', 'target', 'measured', 'met'));
  for (const r of rows) console.log(line(r.measure, r.target, r.measured, r.met === null ? '-' : r.met ? 'yes' : 'NO'));
}

export async function runRoadsBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    options: { seed: { type: 'string' }, quick: { type: 'boolean' }, results: { type: 'string' } },
  });
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`bench roads: --seed ${String(values.seed)} is not a non-negative integer`);
  const quick = values.quick === true;
  const repeats = quick ? 1 : 3;
  // The machine is shared: the load average says how far to trust the timings.
  const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  console.log(`suite roads (seed ${seed}${quick ? ', quick' : ''}), load average at start ${loadAtStart.join(' ')}`);
  const rows: Row[] = [];
  const demo = await demoArea(rows, seed, repeats);
  const agreement = await agreementWithOsrm(rows);
  const scaled = await scale(rows, seed, quick);
  printTable(rows);
  console.log('matrix time (ms) by synthetic graph size and matrix size:');
  console.log(`  ${'nodes'.padStart(8)} ${'junctions'.padStart(9)} ${scaled.matrixSizes.map((n) => `${n} x ${n}`.padStart(10)).join(' ')}`);
  for (const g of scaled.graphs)
    console.log(
      `  ${String(g.nodes).padStart(8)} ${String(g.coreNodes).padStart(9)} ${scaled.matrixSizes.map((n) => ms(g.matrixMs[n]).padStart(10)).join(' ')}`,
    );

  const machine = machineDescription(); // its loadAverage1m is taken now, at the end of the run
  const date = new Date().toISOString().slice(0, 10);
  const file = writeResults(
    `roads-${date}${quick ? '-quick' : ''}`,
    {
      suite: 'roads',
      seed,
      quick,
      machine: { ...machine, loadAverageAtStart: loadAtStart },
      targets: TARGETS,
      method: {
        demo: "random points uniform in the demo graph's bounding box, kept when within 300 m of a road; matrix timed in-process after load (median of repeats); the CLI timed spawn to exit with its JSON parsed; routes with steps timed one by one after 10 warm-ups",
        scale:
          'bench/roads-synthetic.ts: perturbed 120 m grid with 1-2 shape points per link, trunk/primary/secondary/residential classes, one-way streets, missing links, signals, turn bans; built through the OSM graph builder',
        agreement:
          'data/bench/roads/table-200-*.json (OSRM 5.27.1, car, CH, on the demo extract): our/OSRM ratio over off-diagonal pairs both answer with a positive value; every point snapped (limit 5 km) as OSRM does',
        speed: 'our distance / our duration x 3.6 over every pair of the 1,000-point matrix with a positive duration',
      },
      demo,
      agreement,
      scale: scaled,
      rows,
    },
    typeof values.results === 'string' ? values.results : RESULTS_DIR,
  );
  console.log(`results: ${file}`);
}
