import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../solver/vrp/model';
import { compileProblem } from '../../../solver/vrp/search/compiled-problem';
import { computeNeighbours } from '../../../solver/vrp/search/neighbours';

/**
 * On a line: depot at 0; A at 1 (one window), B at 2 and C at 3 (three windows each), D at 9
 * (one window). Nodes: 0-1 the depots, 2 A, 3-5 B's windows, 6-8 C's, 9 D.
 */
function lineProblem(): Problem {
  const xs = [0, 1, 2, 3, 9];
  const matrix = xs.flatMap((a) => xs.map((b) => Math.abs(a - b)));
  const day = [
    { start: 0, end: 100 },
    { start: 150, end: 200 },
    { start: 250, end: 300 },
  ];
  const job = (id: string, location: number, windows: { start: number; end: number }[]) => ({
    id,
    location,
    service: 0,
    windows,
    prize: 10,
    required: false,
    demand: 1,
    skills: [],
  });
  return {
    locationCount: xs.length,
    durations: matrix,
    distances: matrix,
    jobs: [job('A', 1, [day[0]]), job('B', 2, day), job('C', 3, day), job('D', 4, [day[0]])],
    vehicles: [
      { id: 'v', start: 0, end: 0, shift: { start: 0, end: 300 }, breaks: [], skills: [], capacity: 10, costPerDistance: 1, costPerDuration: 0, fixedCost: 0 },
    ],
  };
}

describe('granular neighbourhoods', () => {
  it('list k jobs, each once by its nearest window, not k windows', () => {
    const cp = compileProblem(lineProblem());
    const { start, list } = computeNeighbours(cp, 2);
    const of = (u: number): number[] => Array.from(list.subarray(start[u], start[u + 1]));
    // A's two nearest jobs are B and C (their first windows, which A's window meets without a
    // wait), not B's three windows; D at 9 is further.
    expect(of(2)).toEqual([3, 6]);
    // B's afternoon window: C in the same window, then A, whose only window ends before it.
    expect(of(5)).toEqual([8, 2]);
    expect(start[cp.nodeCount]).toBe(list.length);
  });
});
