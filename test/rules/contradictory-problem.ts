/**
 * A deliberately inconsistent solver problem, for the tests that provoke a disagreement between the
 * search and its independent checker (real data cannot: the rules build consistent problems).
 */
import type { Problem } from '../../solver/vrp/model.js';

/** Two jobs on a line; job 0 opens vehicle 0's locked prefix although it is pinned to vehicle 1 (contradictory on purpose). */
export function contradictoryProblem(): Problem {
  const matrix = [0, 10, 20, 10, 0, 10, 20, 10, 0];
  const job = (id: string, location: number) => ({ id, location, service: 5, windows: [], prize: 50, required: false, demand: 1, skills: [] });
  const vehicle = (id: string) => ({
    id,
    start: 0,
    end: 0,
    shift: { start: 0, end: 500 },
    breaks: [],
    skills: [],
    capacity: 10,
    costPerDistance: 1,
    costPerDuration: 0,
    fixedCost: 0,
  });
  return {
    locationCount: 3,
    durations: Float64Array.from(matrix),
    distances: Float64Array.from(matrix),
    jobs: [{ ...job('a', 1), allowedVehicles: [1] }, job('b', 2)],
    vehicles: [{ ...vehicle('v0'), lockedPrefix: [0] }, vehicle('v1')],
  };
}
