/**
 * Random R-type VRPTW instances (after Solomon's R1 recipe) for the scale suite: sizes the
 * published sets do not have. Seeded, so a size always gives the same instance.
 */
import type { Job, Problem, Vehicle } from '../solver/vrp/model';
import { euclideanMatrix } from '../solver/vrp/io/rounding';
import { mulberry32 as random } from '../server/demo/random';

const SIDE = 500;
const HORIZON = 1000;
const SERVICE = 10;
const CAPACITY = 200;

/**
 * `customers` uniform in a 500 x 500 square around a central depot; demand 1-40, service 10,
 * windows of half-width 15-60 placed so that a direct trip from the depot can always meet them;
 * a fleet of one vehicle per five customers (more than enough) with capacity 200.
 */
export function generateRandomVrptw(customers: number, seed: number): Problem {
  const next = random(seed);
  const xs = [SIDE / 2];
  const ys = [SIDE / 2];
  for (let i = 0; i < customers; i++) {
    xs.push(Math.round(next() * SIDE));
    ys.push(Math.round(next() * SIDE));
  }
  const matrix = euclideanMatrix(xs, ys, 'exact');
  const jobs: Job[] = [];
  for (let i = 1; i <= customers; i++) {
    const fromDepot = matrix[i];
    const latest = HORIZON - fromDepot - SERVICE;
    const centre = fromDepot + next() * (latest - fromDepot);
    const halfWidth = 15 + next() * 45;
    jobs.push({
      id: String(i),
      location: i,
      service: SERVICE,
      windows: [{ start: Math.max(fromDepot, Math.floor(centre - halfWidth)), end: Math.min(latest, Math.ceil(centre + halfWidth)) }],
      prize: 0,
      required: true,
      demand: 1 + Math.floor(next() * 40),
      skills: [],
    });
  }
  const vehicles: Vehicle[] = Array.from({ length: Math.ceil(customers / 5) }, (_, k) => ({
    id: String(k + 1),
    start: 0,
    end: 0,
    shift: { start: 0, end: HORIZON },
    breaks: [],
    skills: [],
    capacity: CAPACITY,
    costPerDistance: 1,
    costPerDuration: 0,
    fixedCost: 0,
  }));
  return { locationCount: customers + 1, durations: matrix, distances: matrix, jobs, vehicles };
}
