/**
 * Snapping: the nearest point on the nearest segment, its distance, the configured limit, and
 * points off the road network named one by one (every one, in `points`, for the rules to drop).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RoutingError, type LonLat } from '../../solver/roads/backend.js';
import { EmbeddedBackend } from '../../solver/roads/embedded.js';
import { haversineMetres } from '../../solver/roads/geo.js';
import { SegmentSnapper } from '../../solver/roads/snap.js';
import { demoBackend, demoGraph } from './helpers.js';

const OFF_ROAD: LonLat[] = [
  [0.5, 50.9],
  [-0.2, 51.0],
  [1.0, 52.0],
]; // the Channel, the Weald, Suffolk: no demo roads
const ON_ROAD: LonLat = [-0.129, 51.613];

function caught(f: () => unknown): RoutingError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RoutingError);
    return e as RoutingError;
  }
  throw new Error('expected a RoutingError');
}

describe('snapping to the demo roads', () => {
  let backend: EmbeddedBackend;
  beforeAll(async () => {
    backend = await demoBackend();
  });

  it('moves a point to the nearest point of the nearest segment, reporting the distance', async () => {
    const g = await demoGraph();
    const snapper = new SegmentSnapper(g);
    // 20 m north of the middle of a segment that runs roughly east-west.
    let s = 0;
    while (
      Math.abs(g.lat[g.segA[s]] - g.lat[g.segB[s]]) > 0.2 * Math.abs(g.lon[g.segA[s]] - g.lon[g.segB[s]]) ||
      haversineMetres(g.lon[g.segA[s]], g.lat[g.segA[s]], g.lon[g.segB[s]], g.lat[g.segB[s]]) < 60
    )
      s++;
    const mid: LonLat = [(g.lon[g.segA[s]] + g.lon[g.segB[s]]) / 2, (g.lat[g.segA[s]] + g.lat[g.segB[s]]) / 2];
    const snap = snapper.nearest(mid[0], mid[1] + 20 / 111_195, 300)!;
    expect(snap.distance).toBeGreaterThan(15);
    expect(snap.distance).toBeLessThanOrEqual(20.01);
    // On the segment itself, the nearest is the point.
    const on = snapper.nearest(mid[0], mid[1], 300)!;
    expect(on.segment).toBe(s);
    expect(on.t).toBeCloseTo(0.5, 6);
    expect(on.distance).toBeLessThan(0.01);
    const [reported] = await backend.snap([[mid[0], mid[1] + 20 / 111_195]]);
    expect(reported.distance).toBeCloseTo(haversineMetres(mid[0], mid[1] + 20 / 111_195, reported.location[0], reported.location[1]), 6);
    expect(typeof reported.name).toBe('string');
  });

  it('the recorded OSRM point snaps where OSRM put it (9.8 m, to -0.128877, 51.612957)', async () => {
    const [s] = await backend.snap([ON_ROAD]);
    expect(s.location[0]).toBeCloseTo(-0.128877, 5);
    expect(s.location[1]).toBeCloseTo(51.612957, 5);
    expect(s.distance).toBeCloseTo(9.77, 0);
  });

  it('a point beyond the limit (default 300 m) is an error naming it; a larger limit takes it', async () => {
    const g = await demoGraph();
    // 250 m due south of the southernmost road node.
    let south = 0;
    for (let v = 1; v < g.physicalCount; v++) if (g.lat[v] < g.lat[south]) south = v;
    const p: LonLat = [g.lon[south], g.lat[south] - 250 / 111_195];
    expect(new EmbeddedBackend(g).matrixSync([ON_ROAD, p]).size).toBe(2);
    const e = caught(() => new EmbeddedBackend(g, { maxSnapMetres: 200 }).matrixSync([ON_ROAD, p]));
    expect(e.code).toBe('NoRoad');
    expect(e.message).toBe(`point 1 (${p[0]}, ${p[1]}) is more than 200 m from any road in the graph`);
    expect(() => new EmbeddedBackend(g, { maxSnapMetres: 0 })).toThrow(/maxSnapMetres must be positive/);
  });

  it('every point off the network is named, in the message and in `points`', () => {
    const e = caught(() => backend.matrixSync([ON_ROAD, OFF_ROAD[0], ON_ROAD, OFF_ROAD[1], OFF_ROAD[2]]));
    expect(e.code).toBe('NoRoad');
    expect(e.point).toBe(1);
    expect(e.points).toEqual([1, 3, 4]);
    expect(e.message).toBe('point 1 (0.5, 50.9), point 3 (-0.2, 51), point 4 (1, 52) are more than 300 m from any road in the graph');
    // The same for routes and for snap().
    expect(caught(() => backend.routeSync([ON_ROAD, OFF_ROAD[0]])).points).toEqual([1]);
    return expect(backend.snap([OFF_ROAD[2], ON_ROAD])).rejects.toMatchObject({ code: 'NoRoad', points: [0] });
  });

  it('a long list of off-road points: ten named, the rest counted, all in `points`', () => {
    const many: LonLat[] = Array.from({ length: 14 }, (_, i) => [0.5 + i * 0.01, 50.9]);
    const e = caught(() => backend.matrixSync([ON_ROAD, ...many]));
    expect(e.points).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(e.message).toMatch(/^point 1 \(0\.5, 50\.9\), .*point 10 \(.*\) and 4 more are more than 300 m/);
  });

  it('a coordinate that is not one is InvalidInput, naming the point', () => {
    const bad = caught(() => backend.matrixSync([ON_ROAD, [-0.1, 95]]));
    expect(bad.code).toBe('InvalidInput');
    expect(bad.point).toBe(1);
    expect(bad.message).toMatch(/^point 1 \(\[-0\.1,95\]\) has an invalid latitude 95$/);
    expect(caught(() => backend.matrixSync([[Number.NaN, 51.6]])).message).toMatch(/point 0 .*invalid longitude NaN/);
    expect(caught(() => backend.matrixSync([[1, 2, 3] as unknown as LonLat])).message).toMatch(/point 0 .*is not a \[longitude, latitude\] pair/);
  });
});
