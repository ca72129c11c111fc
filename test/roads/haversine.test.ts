import { describe, expect, it } from 'vitest';
import { createRoutingBackend } from '../../solver/roads/index.js';
import { RoutingError } from '../../solver/roads/backend.js';
import { HaversineBackend } from '../../solver/roads/haversine.js';

describe('haversine backend', () => {
  it('scales the great-circle distance by the circuity and flags estimates', async () => {
    const backend = await createRoutingBackend({ backend: 'haversine' });
    expect(backend.estimate).toBe(true);
    // One degree of latitude is ~111.2 km.
    const m = await backend.matrix([
      [-0.1, 51.0],
      [-0.1, 52.0],
    ]);
    expect(m.distances[1] / 1.3).toBeGreaterThan(111_000);
    expect(m.distances[1] / 1.3).toBeLessThan(111_400);
    expect(m.durations[1]).toBeCloseTo(m.distances[1] / (25 / 3.6), 6);
    expect(m.distances[0]).toBe(0);
    const r = await backend.route([
      [-0.13, 51.61],
      [-0.105, 51.62],
    ]);
    expect(r.estimate).toBe(true);
    expect(r.routes[0].legs[0].steps[0].maneuver.type).toBe('depart');
    const legs = await backend.legs([
      [-0.1, 51.0],
      [-0.1, 52.0],
      [-0.1, 51.0],
    ]);
    expect(Array.from(legs.distances)).toEqual([m.distances[1], m.distances[2]]);
    expect(Array.from(legs.durations)).toEqual([m.durations[1], m.durations[2]]);
  });

  it("a table is the matrix's rows of the sources and columns of the destinations", async () => {
    const b = new HaversineBackend();
    const pts: Array<[number, number]> = [
      [-0.13, 51.61],
      [-0.12, 51.62],
      [-0.11, 51.6],
      [-0.14, 51.63],
    ];
    const m = await b.matrix(pts);
    const t = await b.table(pts.slice(0, 1), pts.slice(1));
    expect(Array.from(t.distances)).toEqual([m.distances[1], m.distances[2], m.distances[3]]);
    expect(Array.from(t.durations)).toEqual([m.durations[1], m.durations[2], m.durations[3]]);
  });

  it('names a bad point', async () => {
    const backend = await createRoutingBackend({ backend: 'haversine' });
    await expect(
      backend.matrix([
        [0, 0],
        [0, 95],
      ]),
    ).rejects.toThrow(/point 1.*latitude/);
    await expect(
      backend.matrix([
        [0, 0],
        [0, 95],
      ]),
    ).rejects.toBeInstanceOf(RoutingError);
  });
});
