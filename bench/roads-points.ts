/**
 * Random points on a road graph's area, for benchmarks and property tests: uniform in the
 * bounding box of the graph's nodes, kept only when they snap within the backend's limit, the way
 * a council's case addresses fall near, but rarely on, a road.
 */
import type { LonLat } from '../solver/roads/backend';
import type { RoadGraph } from '../solver/roads/graph/road-graph';
import type { SegmentSnapper } from '../solver/roads/snap';

export interface Bounds {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export function graphBounds(g: RoadGraph): Bounds {
  const b: Bounds = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (let v = 0; v < g.physicalCount; v++) {
    if (g.lon[v] < b.minLon) b.minLon = g.lon[v];
    if (g.lon[v] > b.maxLon) b.maxLon = g.lon[v];
    if (g.lat[v] < b.minLat) b.minLat = g.lat[v];
    if (g.lat[v] > b.maxLat) b.maxLat = g.lat[v];
  }
  return b;
}

/** `count` points within `maxSnapMetres` of a road; throws if the area is mostly off-road. */
export function randomRoadPoints(g: RoadGraph, snapper: SegmentSnapper, count: number, random: () => number, maxSnapMetres = 300): LonLat[] {
  const b = graphBounds(g);
  const points: LonLat[] = [];
  for (let tries = 0; points.length < count; tries++) {
    if (tries > 100 * count + 1000) throw new Error(`only ${points.length} of ${tries} random points lie near a road`);
    const p: LonLat = [b.minLon + random() * (b.maxLon - b.minLon), b.minLat + random() * (b.maxLat - b.minLat)];
    if (snapper.nearest(p[0], p[1], maxSnapMetres)) points.push(p);
  }
  return points;
}
