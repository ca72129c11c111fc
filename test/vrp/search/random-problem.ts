/** Small random problems for the search tests: integer coordinates, Euclidean matrices. */
import type { Job, Problem, Vehicle } from '../../../solver/vrp/model';

export interface RandomProblemOptions {
  jobs: number;
  vehicles: number;
  /** Chance that a job is optional (with a prize). */
  optionalShare?: number;
  maxWindows?: number;
  breaks?: boolean;
  capacity?: number;
  horizon?: number;
  costPerDuration?: number;
}

/** A tiny seeded generator so that test instances do not depend on Math.random. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function randomProblem(seed: number, o: RandomProblemOptions): Problem {
  const rnd = lcg(seed);
  const int = (a: number, b: number): number => a + Math.floor(rnd() * (b - a + 1));
  const horizon = o.horizon ?? 200;
  const n = o.jobs + 1;
  const xs = Array.from({ length: n }, () => int(0, 50));
  const ys = Array.from({ length: n }, () => int(0, 50));
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) matrix[i * n + j] = Math.round(Math.hypot(xs[i] - xs[j], ys[i] - ys[j]));
  const jobs: Job[] = [];
  for (let j = 0; j < o.jobs; j++) {
    const windowCount = int(0, o.maxWindows ?? 1);
    const windows = [];
    // Windows open no earlier than the drive from the depot, so every job is reachable.
    let t = matrix[j + 1] + int(0, horizon / 3);
    for (let w = 0; w < windowCount; w++) {
      const end = t + int(10, 60);
      windows.push({ start: t, end });
      t = end + int(5, 40);
    }
    const optional = rnd() < (o.optionalShare ?? 0);
    jobs.push({
      id: `j${j}`,
      location: j + 1,
      service: int(0, 10),
      windows: windows.filter((w) => w.end <= horizon),
      prize: optional ? int(5, 80) : 0,
      required: !optional,
      demand: int(1, 5),
      skills: [],
    });
  }
  const vehicles: Vehicle[] = Array.from({ length: o.vehicles }, (_, k) => ({
    id: `v${k}`,
    start: 0,
    end: 0,
    shift: { start: 0, end: horizon },
    breaks: o.breaks ? [{ id: `b${k}`, duration: int(5, 20), windows: [{ start: int(20, 80), end: int(90, 150) }] }] : [],
    skills: [],
    capacity: o.capacity ?? 1000,
    costPerDistance: 1,
    costPerDuration: o.costPerDuration ?? 0,
    fixedCost: 0,
  }));
  return { locationCount: n, durations: matrix, distances: Float64Array.from(matrix), jobs, vehicles };
}
