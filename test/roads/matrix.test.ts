/**
 * The embedded matrix against single-pair shortest paths: an independent reference Dijkstra over
 * the plain road graph (tests/roads/helpers.ts) for durations, and route() for durations and
 * distances, on random points of the two real graphs (the City one with its turn restrictions).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphBounds, randomRoadPoints } from '../../bench/roads-points.js';
import { seededRandom } from '../../bench/roads-stats.js';
import type { LonLat } from '../../solver/roads/backend.js';
import { EmbeddedBackend } from '../../solver/roads/embedded.js';
import type { RoadGraph } from '../../solver/roads/graph/road-graph.js';
import { ShortestPathSearch } from '../../solver/roads/search.js';
import { SegmentSnapper } from '../../solver/roads/snap.js';
import { cityGraph, demoGraph, referenceArrival, referenceDijkstra } from './helpers.js';

// Far enough that every random point in the bounding box snaps: the property is about paths.
const SNAP_ANYWHERE = 5000;

function pointsArbitrary(g: RoadGraph): fc.Arbitrary<LonLat[]> {
  const b = graphBounds(g);
  const point = fc.tuple(
    fc.double({ min: b.minLon, max: b.maxLon, noNaN: true }),
    fc.double({ min: b.minLat, max: b.maxLat, noNaN: true }),
  ) as fc.Arbitrary<LonLat>;
  // A point and one a few metres from it: often the same segment or chain, ahead or behind.
  const offset = fc.double({ min: -0.0004, max: 0.0004, noNaN: true });
  const nearPair = fc.tuple(point, offset, offset).map(([p, dx, dy]): LonLat[] => [p, [p[0] + dx, p[1] + dy]]);
  return fc
    .tuple(fc.array(point, { minLength: 0, maxLength: 5 }), fc.array(nearPair, { minLength: 0, maxLength: 2 }))
    .map(([spread, pairs]) => [...pairs.flat(), ...spread])
    .filter((points) => points.length >= 2);
}

const close = (actual: number, expected: number, tolerance: number) => Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));

describe.each([
  ['the demo area', demoGraph],
  ['the City of London, with turn restrictions', cityGraph],
])('matrix on %s', (_name, load) => {
  it('every entry equals the single-pair shortest path (reference Dijkstra, and route())', async () => {
    const g = await load();
    const backend = new EmbeddedBackend(g, { maxSnapMetres: SNAP_ANYWHERE });
    const snapper = new SegmentSnapper(g);
    fc.assert(
      fc.property(pointsArbitrary(g), (points) => {
        const n = points.length;
        const m = backend.matrixSync(points);
        const snaps = snapper.snapAll(points, SNAP_ANYWHERE);
        for (let i = 0; i < n; i++) {
          const dist = referenceDijkstra(g, snaps[i]);
          for (let j = 0; j < n; j++) {
            if (i === j) {
              expect(m.durations[i * n + j]).toBe(0);
              continue;
            }
            const expected = referenceArrival(g, dist, snaps[i], snaps[j]);
            if (!close(m.durations[i * n + j], expected, 1e-9)) {
              throw new Error(`duration ${i}->${j}: matrix ${m.durations[i * n + j]} s, reference Dijkstra ${expected} s`);
            }
            // route() rounds to 0.1 s and 0.1 m.
            const route = backend.routeSync([points[i], points[j]], { steps: false }).routes[0];
            expect(Math.abs(route.duration - m.durations[i * n + j])).toBeLessThanOrEqual(0.05 + 1e-6);
            expect(Math.abs(route.distance - m.distances[i * n + j])).toBeLessThanOrEqual(0.05 + 1e-6);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('legs along the points equal the matrix entries of the same pairs', async () => {
    const g = await load();
    const backend = new EmbeddedBackend(g, { maxSnapMetres: SNAP_ANYWHERE });
    fc.assert(
      fc.property(pointsArbitrary(g), (points) => {
        const n = points.length;
        const m = backend.matrixSync(points);
        const legs = backend.legsSync(points);
        expect(legs.durations).toHaveLength(n - 1);
        for (let i = 0; i + 1 < n; i++) {
          expect(legs.durations[i]).toBe(m.durations[i * n + i + 1]);
          expect(legs.distances[i]).toBe(m.distances[i * n + i + 1]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a table from sources to destinations equals those entries of the matrix over all of them', async () => {
    const g = await load();
    const backend = new EmbeddedBackend(g, { maxSnapMetres: SNAP_ANYWHERE });
    fc.assert(
      fc.property(pointsArbitrary(g), fc.integer({ min: 1, max: 6 }), (points, cut) => {
        const k = Math.min(cut, points.length - 1);
        const [sources, destinations] = [points.slice(0, k), points.slice(k)];
        const m = backend.matrixSync(points);
        const n = points.length;
        const t = backend.tableSync(sources, destinations);
        expect([t.sources, t.destinations]).toEqual([k, n - k]);
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < n - k; j++) {
            expect(t.durations[i * (n - k) + j]).toBe(m.durations[i * n + k + j]);
            expect(t.distances[i * (n - k) + j]).toBe(m.distances[i * n + k + j]);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it("a path is a connected run of arc pieces whose cost is the arrival's", async () => {
    const g = await load();
    const search = new ShortestPathSearch(g);
    const snapper = new SegmentSnapper(g);
    fc.assert(
      fc.property(pointsArbitrary(g), (points) => {
        const [source, target] = snapper.snapAll(points.slice(0, 2), SNAP_ANYWHERE);
        search.setTargets([target]);
        search.run(source);
        const arrival = search.arrival(target);
        const pieces = search.path(target)!;
        expect(pieces.length).toBeGreaterThan(0);
        let duration = 0;
        pieces.forEach((p, k) => {
          expect(p.from).toBeGreaterThanOrEqual(0);
          expect(p.to).toBeLessThanOrEqual(1);
          expect(p.from).toBeLessThanOrEqual(p.to);
          if (k > 0) {
            expect(g.physical[g.arcTail[p.arc]]).toBe(g.physical[g.arcHead[pieces[k - 1].arc]]);
            expect(pieces[k - 1].to).toBe(1);
            expect(p.from).toBe(0);
          }
          duration += (p.to - p.from) * g.arcDuration[p.arc];
        });
        expect(Math.abs(duration - arrival.duration)).toBeLessThanOrEqual(1e-9 * Math.max(1, arrival.duration));
        // It starts at the source's snapped point and ends at the target's.
        const at = (arc: number, f: number) => [
          g.lon[g.arcTail[arc]] + f * (g.lon[g.arcHead[arc]] - g.lon[g.arcTail[arc]]),
          g.lat[g.arcTail[arc]] + f * (g.lat[g.arcHead[arc]] - g.lat[g.arcTail[arc]]),
        ];
        const [first, last] = [pieces[0], pieces[pieces.length - 1]];
        const start = at(first.arc, first.from);
        const end = at(last.arc, last.to);
        expect(Math.abs(start[0] - source.lon) + Math.abs(start[1] - source.lat)).toBeLessThan(1e-9);
        expect(Math.abs(end[0] - target.lon) + Math.abs(end[1] - target.lat)).toBeLessThan(1e-9);
      }),
      { numRuns: 100 },
    );
  });

  it('reaches every pair (the graph is one strongly connected component, bans included), with a zero diagonal', async () => {
    const g = await load();
    const backend = new EmbeddedBackend(g);
    const points = randomRoadPoints(g, new SegmentSnapper(g), 60, seededRandom(3));
    const m = backend.matrixSync(points);
    expect(m.size).toBe(60);
    for (let i = 0; i < 60; i++) {
      for (let j = 0; j < 60; j++) {
        if (i === j) expect(m.durations[i * 60 + j]).toBe(0);
        else {
          expect(Number.isFinite(m.durations[i * 60 + j])).toBe(true);
          // Zero only when both points snap to the same spot (a dead end's last node, say).
          expect(m.durations[i * 60 + j]).toBeGreaterThanOrEqual(0);
          expect(m.distances[i * 60 + j]).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });
});
