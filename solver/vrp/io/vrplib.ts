/**
 * Reader for VRPLIB prize-collecting VRPTW files (the PyVRP instance collection): `KEY : value`
 * specifications, then NODE_COORD, DEMAND, TIME_WINDOW, PRIZE (and optionally SERVICE_TIME)
 * sections keyed by node id, and a DEPOT_SECTION ended by -1. Node 1 is the one depot.
 *
 * Mapping: customers with a prize are optional, a prize of 0 marks a required customer (PyVRP's
 * convention); VEHICLES vehicles of CAPACITY, shift = the depot's time window, cost = distance.
 * The PCVRPTW score is distance plus the prizes left uncollected, which equals this model's
 * objective plus the constant total prize.
 */
import type { Job, Problem, Vehicle } from '../model';
import type { BenchmarkInstance, ReadOptions } from './benchmark-instance';
import { InstanceFormatError, numericTokens, readInstanceText, splitLines } from './instance-error';
import { euclideanMatrix } from './rounding';

interface Section {
  /** 1-based line of the section's title. */
  line: number;
  rows: { line: number; values: number[] }[];
}

export function readVrplib(file: string, options: ReadOptions = {}): BenchmarkInstance {
  return parseVrplib(readInstanceText(file), file, options);
}

export function parseVrplib(text: string, file: string, options: ReadOptions = {}): BenchmarkInstance {
  const rounding = options.rounding ?? 'exact';
  function fail(line: number | null, problem: string): never {
    throw new InstanceFormatError(file, line, problem);
  }

  const specs = new Map<string, { value: string; line: number }>();
  const sections = new Map<string, Section>();
  let current: Section | null = null;
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length === 0) continue;
    if (line === 'EOF') break;
    const spec = /^([A-Z_]+)\s*:\s*(.*)$/.exec(line);
    if (spec) {
      specs.set(spec[1], { value: spec[2].trim(), line: i + 1 });
      current = null;
      continue;
    }
    if (/^[A-Z_]+_SECTION$/.test(line)) {
      current = { line: i + 1, rows: [] };
      sections.set(line, current);
      continue;
    }
    if (current === null) fail(i + 1, `data outside any section: "${line.slice(0, 40)}"`);
    const values = numericTokens(line);
    if (values === null) fail(i + 1, `expected numbers, found "${line.slice(0, 40)}"`);
    current.rows.push({ line: i + 1, values });
  }

  function spec(key: string): { value: string; line: number } {
    const found = specs.get(key);
    if (!found) fail(null, `missing ${key} specification`);
    return found;
  }
  function positiveInteger(key: string): number {
    const { value, line } = spec(key);
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) fail(line, `${key} "${value}" is not a positive integer`);
    return number;
  }

  const dimension = positiveInteger('DIMENSION');
  const weightType = spec('EDGE_WEIGHT_TYPE');
  if (weightType.value !== 'EUC_2D') fail(weightType.line, `EDGE_WEIGHT_TYPE ${weightType.value} is not supported (only EUC_2D)`);
  const fleet = positiveInteger('VEHICLES');
  const capacityText = spec('CAPACITY');
  const capacity = Number(capacityText.value);
  if (!(capacity >= 0)) fail(capacityText.line, `CAPACITY "${capacityText.value}" is not a non-negative number`);

  /** One row per node, in node order, each `id` followed by `width` numbers. */
  function perNode(name: string, width: number): number[][] {
    const section = sections.get(name);
    if (!section) fail(null, `missing ${name}`);
    if (section.rows.length !== dimension) fail(section.line, `${name} has ${section.rows.length} rows, DIMENSION is ${dimension}`);
    return section.rows.map(({ line, values }, index) => {
      if (values.length !== width + 1) fail(line, `${name}: expected ${width + 1} numbers (node id and ${width}), found ${values.length}`);
      if (values[0] !== index + 1) fail(line, `${name}: node id ${values[0]} out of sequence (expected ${index + 1})`);
      return values.slice(1);
    });
  }

  const coords = perNode('NODE_COORD_SECTION', 2);
  const demands = perNode('DEMAND_SECTION', 1);
  const windows = perNode('TIME_WINDOW_SECTION', 2);
  const prizes = perNode('PRIZE_SECTION', 1);
  let services: number[];
  if (sections.has('SERVICE_TIME_SECTION')) {
    services = perNode('SERVICE_TIME_SECTION', 1).map(([service]) => service);
  } else {
    const { value, line } = spec('SERVICE_TIME');
    const service = Number(value);
    if (!(service >= 0)) fail(line, `SERVICE_TIME "${value}" is not a non-negative number`);
    // The uniform service time is the customers'; the depot has none.
    services = Array.from({ length: dimension }, (_, index) => (index === 0 ? 0 : service));
  }

  const depotSection = sections.get('DEPOT_SECTION');
  if (!depotSection) fail(null, 'missing DEPOT_SECTION');
  const depots = depotSection.rows.flatMap((row) => row.values).filter((value) => value !== -1);
  if (depots.length !== 1 || depots[0] !== 1) fail(depotSection.line, `DEPOT_SECTION must name node 1 as the only depot, found [${depots.join(', ')}]`);

  const rowLine = (name: string, index: number): number => sections.get(name)!.rows[index].line;
  for (let index = 0; index < dimension; index++) {
    const [start, end] = windows[index];
    if (start > end) fail(rowLine('TIME_WINDOW_SECTION', index), `node ${index + 1}: window start ${start} is after its end ${end}`);
    if (demands[index][0] < 0) fail(rowLine('DEMAND_SECTION', index), `node ${index + 1}: negative demand`);
    if (prizes[index][0] < 0) fail(rowLine('PRIZE_SECTION', index), `node ${index + 1}: negative prize`);
  }

  const matrix = euclideanMatrix(
    coords.map(([x]) => x),
    coords.map(([, y]) => y),
    rounding,
  );
  const jobs: Job[] = [];
  for (let index = 1; index < dimension; index++) {
    const prize = prizes[index][0];
    jobs.push({
      id: String(index + 1),
      location: index,
      service: services[index],
      windows: [{ start: windows[index][0], end: windows[index][1] }],
      prize,
      required: prize === 0,
      demand: demands[index][0],
      skills: [],
    });
  }
  const [open, close] = windows[0];
  const vehicles: Vehicle[] = Array.from({ length: options.vehicles ?? fleet }, (_, k) => ({
    id: String(k + 1),
    start: 0,
    end: 0,
    shift: { start: open, end: close },
    breaks: [],
    skills: [],
    capacity,
    costPerDistance: 1,
    costPerDuration: 0,
    fixedCost: 0,
  }));
  const problem: Problem = { locationCount: dimension, durations: matrix, distances: matrix, jobs, vehicles };
  const name = specs.get('NAME')?.value || (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '');
  const totalPrize = jobs.reduce((sum, job) => sum + job.prize, 0);
  return { name, file, format: 'vrplib', rounding, problem, totalPrize };
}
