/**
 * Reader for the Solomon (1987) and Gehring-Homberger VRPTW files: a name line, a VEHICLE block
 * (NUMBER CAPACITY), then after the CUSTOMER line one row of exactly seven numbers per node:
 * `id x y demand ready due service`, node 0 being the depot.
 *
 * Mapping (the classic VRPTW): every customer required, prize 0, travel time = distance, windows
 * bound the start of service, the depot's [ready, due] is every vehicle's shift (back by due),
 * fleet size and capacity from the file, cost = distance.
 */
import type { Job, Problem, Vehicle } from '../model';
import type { BenchmarkInstance, ReadOptions } from './benchmark-instance';
import { InstanceFormatError, numericTokens, readInstanceText, splitLines } from './instance-error';
import { euclideanMatrix } from './rounding';

interface Node {
  id: number;
  x: number;
  y: number;
  demand: number;
  ready: number;
  due: number;
  service: number;
  line: number;
}

export function readSolomon(file: string, options: ReadOptions = {}): BenchmarkInstance {
  return parseSolomon(readInstanceText(file), file, options);
}

export function parseSolomon(text: string, file: string, options: ReadOptions = {}): BenchmarkInstance {
  const rounding = options.rounding ?? 'exact';
  const lines = splitLines(text);
  function fail(line: number | null, problem: string): never {
    throw new InstanceFormatError(file, line, problem);
  }

  const nameIndex = lines.findIndex((line) => line.trim().length > 0);
  if (nameIndex < 0) fail(null, 'the file is empty');
  const name = lines[nameIndex].trim();

  const vehicleIndex = lines.findIndex((line) => line.trim().toUpperCase() === 'VEHICLE');
  if (vehicleIndex < 0) fail(null, 'no VEHICLE line');
  const customerIndex = lines.findIndex((line) => line.trim().toUpperCase() === 'CUSTOMER');
  if (customerIndex < 0) fail(null, 'no CUSTOMER line');
  if (customerIndex < vehicleIndex) fail(customerIndex + 1, 'CUSTOMER comes before VEHICLE');

  let fleet: number | null = null;
  let capacity = 0;
  for (let i = vehicleIndex + 1; i < customerIndex; i++) {
    const values = numericTokens(lines[i]);
    if (values === null || values.length === 0) continue;
    if (values.length !== 2) fail(i + 1, `expected "NUMBER CAPACITY" (2 numbers), found ${values.length}`);
    [fleet, capacity] = values;
    if (!Number.isInteger(fleet) || fleet < 1) fail(i + 1, `vehicle number ${fleet} is not a positive integer`);
    if (!(capacity >= 0)) fail(i + 1, `capacity ${capacity} is negative`);
    break;
  }
  if (fleet === null) fail(vehicleIndex + 1, 'no "NUMBER CAPACITY" row after VEHICLE');

  const nodes: Node[] = [];
  for (let i = customerIndex + 1; i < lines.length; i++) {
    const text = lines[i].trim();
    if (text.length === 0 || /^CUST/i.test(text)) continue;
    const values = numericTokens(text);
    if (values === null) fail(i + 1, `expected 7 numbers, found "${text.slice(0, 40)}"`);
    if (values.length !== 7) fail(i + 1, `expected 7 numbers (id x y demand ready due service), found ${values.length}`);
    const [id, x, y, demand, ready, due, service] = values;
    if (id !== nodes.length) fail(i + 1, `node id ${id} out of sequence (expected ${nodes.length})`);
    if (demand < 0) fail(i + 1, `node ${id}: negative demand ${demand}`);
    if (service < 0) fail(i + 1, `node ${id}: negative service time ${service}`);
    if (ready > due) fail(i + 1, `node ${id}: ready time ${ready} is after due date ${due}`);
    nodes.push({ id, x, y, demand, ready, due, service, line: i + 1 });
  }
  if (nodes.length < 2) fail(null, `expected the depot and at least one customer after CUSTOMER, found ${nodes.length} rows`);

  const depot = nodes[0];
  const matrix = euclideanMatrix(
    nodes.map((node) => node.x),
    nodes.map((node) => node.y),
    rounding,
  );
  const jobs: Job[] = nodes.slice(1).map((node, index) => ({
    id: String(node.id),
    location: index + 1,
    service: node.service,
    windows: [{ start: node.ready, end: node.due }],
    prize: 0,
    required: true,
    demand: node.demand,
    skills: [],
  }));
  const vehicleCount = options.vehicles ?? fleet;
  const vehicles: Vehicle[] = Array.from({ length: vehicleCount }, (_, k) => ({
    id: String(k + 1),
    start: 0,
    end: 0,
    shift: { start: depot.ready, end: depot.due },
    breaks: [],
    skills: [],
    capacity,
    costPerDistance: 1,
    costPerDuration: 0,
    fixedCost: 0,
  }));
  const problem: Problem = { locationCount: nodes.length, durations: matrix, distances: matrix, jobs, vehicles };
  return { name, file, format: 'solomon', rounding, problem, totalPrize: 0 };
}
