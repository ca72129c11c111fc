/** Orienteering problems for search tests: optional visits on a line, vehicles at 0. */
import type { Problem } from '../../../solver/vrp/model';

/**
 * Vehicles at 0 with shifts of `shiftEnd`; an optional visit at each of `xs` (positions on the
 * line, travel = distance), 5 units of service, worth `prize(x)`. Travel is priced at
 * `costPerDistance`, low enough that prizes alone decide.
 */
export function prizesOnALine(xs: number[], prize: (x: number) => number, vehicles: number, shiftEnd: number, costPerDistance: number): Problem {
  const places = [0, ...xs];
  const matrix = places.flatMap((a) => places.map((b) => Math.abs(a - b)));
  return {
    locationCount: places.length,
    durations: matrix,
    distances: matrix,
    jobs: xs.map((x, i) => ({ id: `j${i}`, location: i + 1, service: 5, windows: [], prize: prize(x), required: false, demand: 1, skills: [] })),
    vehicles: Array.from({ length: vehicles }, (_, k) => ({
      id: `v${k}`,
      start: 0,
      end: 0,
      shift: { start: 0, end: shiftEnd },
      breaks: [],
      skills: [],
      capacity: 99,
      costPerDistance,
      costPerDuration: 0,
      fixedCost: 0,
    })),
  };
}
