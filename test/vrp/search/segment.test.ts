import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProblem, NodeKind, nodeSegment, type CompiledProblem } from '../../../solver/vrp/search/compiled-problem';
import { CostEvaluator } from '../../../solver/vrp/search/cost-evaluator';
import { SearchState } from '../../../solver/vrp/search/search-state';
import { lcg, randomProblem } from './random-problem';

/**
 * Drives the route node by node from a given departure, with the time-warp convention of the
 * algebra: arriving after a window's end "warps" back to it. Breaks are taken where the vehicle
 * is, before the next drive.
 */
function simulate(cp: CompiledProblem, nodes: number[], departure: number): { duration: number; timeWarp: number; distance: number } {
  const n = cp.locationCount;
  let time = departure;
  let location = cp.nodeLocation[nodes[0]];
  let warp = 0;
  let distance = 0;
  for (let i = 0; i < nodes.length; i++) {
    const u = nodes[i];
    if (cp.nodeKind[u] !== NodeKind.Break && i > 0) {
      const arc = location * n + cp.nodeLocation[u];
      time += cp.durations[arc];
      distance += cp.distances[arc];
      location = cp.nodeLocation[u];
    }
    if (time < cp.nodeEarly[u]) time = cp.nodeEarly[u];
    if (time > cp.nodeLate[u]) {
      warp += time - cp.nodeLate[u];
      time = cp.nodeLate[u];
    }
    time += cp.nodeService[u];
  }
  // Duration = travel + service + waiting, where waiting is what the clock spent beyond them.
  return { duration: time - departure + warp, timeWarp: warp, distance };
}

/** Best (least time warp, then least duration) over every integer departure time. */
function bruteForce(cp: CompiledProblem, nodes: number[]): { duration: number; timeWarp: number; distance: number } {
  const first = nodes[0];
  let best = simulate(cp, nodes, cp.nodeEarly[first]);
  for (let d = cp.nodeEarly[first]; d <= cp.nodeLate[first]; d++) {
    const s = simulate(cp, nodes, d);
    if (s.timeWarp < best.timeWarp - 1e-9 || (Math.abs(s.timeWarp - best.timeWarp) < 1e-9 && s.duration < best.duration)) best = s;
  }
  return best;
}

/** A random route of vehicle 0: a random variant of some jobs, its breaks at random places. */
function randomRoute(cp: CompiledProblem, seed: number): number[] {
  const rnd = lcg(seed);
  const visits: number[] = [];
  for (let g = 0; g < cp.groupCount; g++) {
    if (cp.groupVehicle[g] > 0) continue;
    const isBreak = cp.groupVehicle[g] === 0;
    if (!isBreak && rnd() < 0.3) continue;
    const from = cp.groupStart[g];
    const count = cp.groupStart[g + 1] - from;
    visits.push(cp.groupNodes[from + Math.floor(rnd() * count)]);
  }
  for (let i = visits.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [visits[i], visits[j]] = [visits[j], visits[i]];
  }
  return [0, ...visits, 1];
}

describe('segment concatenation', () => {
  it('equals a brute-force simulation of the route (multi-window variants, breaks)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 8 }), fc.boolean(), (seed, jobs, breaks) => {
        const problem = randomProblem(seed, { jobs, vehicles: 2, maxWindows: 3, breaks, horizon: 150 });
        const cp = compileProblem(problem);
        const state = new SearchState(cp, new CostEvaluator(cp, { timeWarp: 1, load: 1, distance: 1 }));
        const nodes = randomRoute(cp, seed + 7);
        const route = state.routes[0];
        route.grow(nodes.length + 1);
        route.nodes.set(nodes);
        route.length = nodes.length;
        state.update(route);
        const expected = bruteForce(cp, nodes);
        const segments = cp.segments;
        const whole = route.prefix(nodes.length - 1);
        expect(segments.timeWarp(whole)).toBeCloseTo(expected.timeWarp, 6);
        expect(segments.duration(whole)).toBeCloseTo(expected.duration, 6);
        expect(segments.distance(whole)).toBeCloseTo(expected.distance, 6);
        expect(segments.timeWarp(route.suffix(0))).toBeCloseTo(expected.timeWarp, 6);
        expect(segments.duration(route.suffix(0))).toBeCloseTo(expected.duration, 6);
        // Any split point: prefix then suffix, and a three-piece merge, give the same route.
        const middle = segments.allocate(2);
        const out = middle + 1;
        for (let i = 0; i < nodes.length - 1; i++) {
          segments.merge(out, route.prefix(i), route.suffix(i + 1));
          expect(segments.timeWarp(out)).toBeCloseTo(expected.timeWarp, 6);
          expect(segments.duration(out)).toBeCloseTo(expected.duration, 6);
          expect(segments.distance(out)).toBeCloseTo(expected.distance, 6);
          for (let j = i + 1; j < nodes.length - 1; j++) {
            segments.clear(middle);
            for (let p = i + 1; p <= j; p++) segments.merge(middle, middle, nodeSegment(nodes[p]));
            segments.merge(out, route.prefix(i), middle);
            segments.merge(out, out, route.suffix(j + 1));
            expect(segments.timeWarp(out)).toBeCloseTo(expected.timeWarp, 6);
            expect(segments.duration(out)).toBeCloseTo(expected.duration, 6);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every segment when the store grows and when a route outgrows its ranges', () => {
    const cp = compileProblem(randomProblem(3, { jobs: 40, vehicles: 2, maxWindows: 2, breaks: true, horizon: 400 }));
    const state = new SearchState(cp, new CostEvaluator(cp, { timeWarp: 1, load: 1, distance: 1 }));
    const segments = cp.segments;
    const route = state.routes[1];
    const nodes = [2, ...Array.from({ length: 30 }, (_, i) => cp.firstVariant + 2 * i), 3];
    route.nodes = Int32Array.from(nodes);
    route.length = nodes.length;
    state.update(route); // more positions than the route had room for: fresh ranges
    const read = (): number[] => {
      const out: number[] = [];
      for (let i = 0; i < route.length; i++) {
        for (const s of [route.prefix(i), route.suffix(i)]) {
          out.push(segments.duration(s), segments.timeWarp(s), segments.distance(s), segments.load(s), segments.prize(s), segments.jobs(s));
        }
      }
      return out;
    };
    const before = read();
    const nodeBefore = segments.duration(cp.firstVariant);
    segments.allocate(10 * cp.nodeCount); // forces the store to move its numbers
    expect(read()).toEqual(before);
    expect(segments.duration(cp.firstVariant)).toBe(nodeBefore);
    route.grow(4 * route.length); // fresh ranges, the cached segments copied over
    expect(read()).toEqual(before);
    state.update(route);
    expect(read()).toEqual(before);
  });
});
