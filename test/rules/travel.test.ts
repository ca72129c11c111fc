import { describe, expect, it } from 'vitest';
import { loadDemoBackend } from '../../solver/roads/index.js';
import type { LonLat } from '../../solver/roads/backend.js';
import { travelToAndFrom } from '../../solver/rules/travel.js';

describe('travel between route places and visits outside the matrix', () => {
  it('equals the full matrix both ways, in chunks, with an off-road point as null', async () => {
    const roads = await loadDemoBackend();
    const places: LonLat[] = [
      [-0.1332, 51.6147],
      [-0.1402, 51.6105],
      [-0.1205, 51.6198],
    ];
    // Arnos Park, about 500 m from any road of the extract, sits between on-road points.
    const park: LonLat = [-0.12556, 51.62875];
    const points: LonLat[] = [[-0.1298, 51.6121], park, [-0.1361, 51.6171], [-0.1253, 51.6089], [-0.1447, 51.6133]];
    const travel = await travelToAndFrom(roads, places, points, 2);
    expect(travel[1]).toBeNull();
    const onRoad = [0, 2, 3, 4];
    const full = await roads.matrix([...places, ...onRoad.map((i) => points[i])]);
    const n = full.size;
    onRoad.forEach((i, k) => {
      const t = travel[i]!;
      const at = places.length + k;
      for (let q = 0; q < places.length; q++) {
        expect(t.into[q]).toBeCloseTo(full.distances[q * n + at], 0);
        expect(t.outOf[q]).toBeCloseTo(full.distances[at * n + q], 0);
      }
    });
    // Directions differ somewhere (one-way streets): the two arrays are not copies of each other.
    expect(onRoad.some((i) => travel[i]!.into.some((d, q) => Math.abs(d - travel[i]!.outOf[q]) > 1))).toBe(true);
  });
});
