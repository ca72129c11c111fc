/**
 * The roads benchmark's pure helpers do what they say: the seeded generator, percentiles and ratio
 * statistics, random road points, and the synthetic road-like graph (its size, its share of shape
 * points, its classes and one-ways, its turn bans, and a matrix that still equals a reference
 * Dijkstra on it).
 */
import { describe, expect, it } from 'vitest';
import { graphBounds, randomRoadPoints } from '../../bench/roads-points.js';
import { distribution, pairRatios, pairSpeedsKmh, percentile, seededRandom } from '../../bench/roads-stats.js';
import { lineClass, sideForNodes, syntheticRawOsm, syntheticRoadGraph } from '../../bench/roads-synthetic.js';
import { EmbeddedBackend } from '../../solver/roads/embedded.js';
import { SegmentSnapper } from '../../solver/roads/snap.js';
import { referenceArrival, referenceDijkstra } from './helpers.js';

describe('roads bench statistics', () => {
  it('the generator is seeded, uniform-looking and in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect(seededRandom(43)()).not.toBe(seededRandom(42)());
  });

  it('nearest-rank percentiles and a distribution', () => {
    const ten = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    expect([percentile(ten, 10), percentile(ten, 50), percentile(ten, 90), percentile(ten, 100), percentile(ten, 0)]).toEqual([1, 5, 9, 10, 1]);
    expect(percentile([], 50)).toBeNaN();
    const d = distribution([5, 1, 4, 2, 3]);
    expect(d).toMatchObject({ count: 5, min: 1, median: 3, max: 5, p10: 1, p90: 5 });
  });

  it('ratios over off-diagonal pairs both sides answer with a positive value', () => {
    const ours = [0, 10, 30, /**/ 20, 0, Infinity, /**/ 8, 6, 0];
    const theirs = [0, 5, null, /**/ 10, 0, 7, /**/ 0, 4, 0];
    // Kept: (0,1) 10/5, (1,0) 20/10, (2,1) 6/4. Dropped: a null, an Infinity, a zero reference, the diagonal.
    expect(pairRatios(ours, theirs, 3)).toEqual([2, 2, 1.5]);
    expect(() => pairRatios([1, 2], [1, 2, 3, 4], 2)).toThrow(/2 x 2/);
  });

  it('speeds in km/h of the pairs with a positive duration', () => {
    const speeds = pairSpeedsKmh([1000, 0, 500, 5], [120, 0, Infinity, 1]);
    expect(speeds).toHaveLength(2);
    expect(speeds[0]).toBeCloseTo(30, 9);
    expect(speeds[1]).toBeCloseTo(18, 9);
  });
});

describe('synthetic road-like graph', () => {
  it('has about the nodes asked for, three in four of them shape points, like OSM', () => {
    const g = syntheticRoadGraph({ side: sideForNodes(10_000), seed: 1 });
    expect(g.nodeCount).toBeGreaterThan(9_000);
    expect(g.nodeCount).toBeLessThan(11_000);
    const backend = new EmbeddedBackend(g);
    const junctionShare = backend.searchCoreNodes / g.nodeCount;
    expect(junctionShare).toBeGreaterThan(0.2); // demo extract: 1,443 of 5,272 (27%)
    expect(junctionShare).toBeLessThan(0.35);
  });

  it('mixes road classes, one-way streets, signals and turn bans, and builds the same from the same seed', () => {
    const raw = syntheticRawOsm({ side: 60, seed: 3 });
    const classes = new Set(raw.ways.map((w) => w.tags.highway));
    expect([...classes].sort()).toEqual(['primary', 'residential', 'secondary', 'trunk']);
    const oneway = raw.ways.filter((w) => w.tags.oneway !== undefined);
    expect(oneway.length).toBeGreaterThan(0);
    expect(new Set(oneway.map((w) => w.tags.oneway))).toEqual(new Set(['yes', '-1']));
    expect(raw.signalNodes.size).toBeGreaterThan(0);
    expect(raw.restrictions.length).toBeGreaterThan(0);
    expect(lineClass(24)).toBe('trunk');
    expect(lineClass(6)).toBe('primary');
    expect(lineClass(3)).toBe('secondary');
    expect(lineClass(1)).toBe('residential');
    expect(syntheticRawOsm({ side: 60, seed: 3 }).nodeLon).toEqual(raw.nodeLon);
    const g = syntheticRoadGraph({ side: 60, seed: 3 });
    // Every ban is well formed (from and to ways end at the via node), so every one applies.
    expect(g.meta.stats.restrictionsApplied).toBe(raw.restrictions.length);
    expect(g.meta.stats.restrictionsUnresolved).toBe(0);
  });

  it('is strongly connected and routed exactly: matrix = reference Dijkstra on it', () => {
    const g = syntheticRoadGraph({ side: 40, seed: 5 });
    const backend = new EmbeddedBackend(g);
    const snapper = new SegmentSnapper(g);
    const points = randomRoadPoints(g, snapper, 12, seededRandom(9));
    const b = graphBounds(g);
    for (const p of points) {
      expect(p[0]).toBeGreaterThanOrEqual(b.minLon);
      expect(p[1]).toBeLessThanOrEqual(b.maxLat);
    }
    const m = backend.matrixSync(points);
    const snaps = snapper.snapAll(points, 300);
    for (let i = 0; i < points.length; i++) {
      const dist = referenceDijkstra(g, snaps[i]);
      for (let j = 0; j < points.length; j++) {
        if (i === j) continue;
        const expected = referenceArrival(g, dist, snaps[i], snaps[j]);
        expect(Number.isFinite(expected)).toBe(true);
        expect(Math.abs(m.durations[i * points.length + j] - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected));
      }
    }
  });

  it('random road points refuse an area with no roads near', () => {
    const g = syntheticRoadGraph({ side: 10, seed: 1 });
    expect(() => randomRoadPoints(g, new SegmentSnapper(g), 5, seededRandom(1), 0.001)).toThrow(/random points lie near a road/);
  });
});
