/**
 * Reader for the team orienteering with time windows files of Vansteenwegen et al. (2009):
 * line 1 `k v N t` (N = number of customers), line 2 not used, then one row per vertex
 * `i x y service profit f a [a numbers] open close`, vertex 0 being the depot. The number of
 * routes m is not in the file: the caller passes it.
 *
 * Mapping: every customer optional with prize = profit; m vehicles whose shift is the depot's
 * [open, close] (the route limit); travel time = distance; unlimited capacity. The objective is
 * "most profit", so distance carries only a tie-breaking cost (see tieBreakCostPerDistance).
 */
import type { Job, Problem, Vehicle } from '../model';
import type { BenchmarkInstance, ReadOptions } from './benchmark-instance';
import { InstanceFormatError, numericTokens, readInstanceText, splitLines } from './instance-error';
import { euclideanMatrix } from './rounding';

/** Capacity is not a TOPTW constraint; a finite stand-in keeps the problem JSON-serialisable. */
const UNLIMITED_CAPACITY = Number.MAX_SAFE_INTEGER;

/**
 * Cost per unit of distance that only breaks ties between equal profits: the whole fleet can
 * drive at most m * (close - open) (travel time = distance), so the total distance cost stays
 * below 0.001 and can never outweigh a profit difference (profits are whole numbers).
 */
export function tieBreakCostPerDistance(routes: number, horizon: number): number {
  return 1e-3 / (routes * Math.max(1, horizon));
}

export function readToptw(file: string, options: ReadOptions = {}): BenchmarkInstance {
  return parseToptw(readInstanceText(file), file, options);
}

export function parseToptw(text: string, file: string, options: ReadOptions = {}): BenchmarkInstance {
  const rounding = options.rounding ?? 'exact';
  function fail(line: number | null, problem: string): never {
    throw new InstanceFormatError(file, line, problem);
  }
  const routes = options.vehicles;
  if (routes === undefined) fail(null, 'TOPTW needs the number of routes m (it is not in the file)');
  if (!Number.isInteger(routes) || routes < 1) fail(null, `number of routes ${routes} is not a positive integer`);

  const lines = splitLines(text);
  const header = numericTokens(lines[0] ?? '');
  if (header === null || header.length !== 4) fail(1, 'expected "k v N t" (4 numbers)');
  const customers = header[2];
  if (!Number.isInteger(customers) || customers < 1) fail(1, `customer count N = ${customers} is not a positive integer`);

  const xs: number[] = [];
  const ys: number[] = [];
  const jobs: Job[] = [];
  let open = 0;
  let close = 0;
  for (let i = 2; i < lines.length; i++) {
    if (lines[i].trim().length === 0) continue;
    const values = numericTokens(lines[i]);
    if (values === null) fail(i + 1, 'a vertex row holds something that is not a number');
    if (xs.length > customers) fail(i + 1, `more vertex rows than the N = ${customers} customers plus the depot`);
    if (values.length < 9) fail(i + 1, `expected at least 9 numbers (i x y service profit f a open close), found ${values.length}`);
    const [id, x, y, service, profit, , listLength] = values;
    if (values.length !== 9 + listLength) fail(i + 1, `a = ${listLength} announces ${9 + listLength} numbers, found ${values.length}`);
    if (id !== xs.length) fail(i + 1, `vertex number ${id} out of sequence (expected ${xs.length})`);
    const windowOpen = values[values.length - 2];
    const windowClose = values[values.length - 1];
    if (windowOpen > windowClose) fail(i + 1, `vertex ${id}: open ${windowOpen} is after close ${windowClose}`);
    if (service < 0) fail(i + 1, `vertex ${id}: negative service time ${service}`);
    if (profit < 0) fail(i + 1, `vertex ${id}: negative profit ${profit}`);
    xs.push(x);
    ys.push(y);
    if (id === 0) {
      open = windowOpen;
      close = windowClose;
      continue;
    }
    jobs.push({
      id: String(id),
      location: id,
      service,
      windows: [{ start: windowOpen, end: windowClose }],
      prize: profit,
      required: false,
      demand: 0,
      skills: [],
    });
  }
  if (xs.length !== customers + 1) fail(null, `expected ${customers + 1} vertex rows (N = ${customers} plus the depot), found ${xs.length}`);

  const matrix = euclideanMatrix(xs, ys, rounding);
  const costPerDistance = tieBreakCostPerDistance(routes, close - open);
  const vehicles: Vehicle[] = Array.from({ length: routes }, (_, k) => ({
    id: String(k + 1),
    start: 0,
    end: 0,
    shift: { start: open, end: close },
    breaks: [],
    skills: [],
    capacity: UNLIMITED_CAPACITY,
    costPerDistance,
    costPerDuration: 0,
    fixedCost: 0,
  }));
  const problem: Problem = { locationCount: xs.length, durations: matrix, distances: matrix, jobs, vehicles };
  const name = (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '');
  const totalPrize = jobs.reduce((sum, job) => sum + job.prize, 0);
  return { name, file, format: 'toptw', rounding, problem, totalPrize };
}
