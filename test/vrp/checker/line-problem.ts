/**
 * A hand-sized problem for timing tests: locations on a line at x = 0, 10, 20, 30 (0 is the
 * depot), travel time = distance = |dx|. Three jobs and one vehicle with a lunch break.
 */
import type { Problem } from '../../../solver/vrp/model';

export function lineProblem(): Problem {
  const xs = [0, 10, 20, 30];
  const matrix = xs.flatMap((a) => xs.map((b) => Math.abs(a - b)));
  return {
    locationCount: xs.length,
    durations: matrix,
    distances: matrix,
    jobs: [
      { id: 'A', location: 1, service: 5, windows: [{ start: 30, end: 40 }], prize: 10, required: true, demand: 3, skills: [] },
      {
        id: 'B',
        location: 2,
        service: 5,
        prize: 10,
        required: false,
        demand: 4,
        skills: [],
        windows: [
          { start: 0, end: 45 },
          { start: 60, end: 80, valueFactor: 2 },
        ],
      },
      { id: 'C', location: 3, service: 5, windows: [{ start: 0, end: 100 }], prize: 4, required: false, demand: 2, skills: [] },
    ],
    vehicles: [
      {
        id: 'van',
        start: 0,
        end: 0,
        shift: { start: 0, end: 200 },
        skills: [],
        capacity: 10,
        breaks: [{ id: 'lunch', duration: 15, windows: [{ start: 50, end: 70 }] }],
        costPerDistance: 1,
        costPerDuration: 0.5,
        fixedCost: 7,
      },
    ],
  };
}
