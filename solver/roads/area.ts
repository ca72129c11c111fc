/**
 * Where a road graph's roads are: its bounding box, an outline round its nodes, its size. The
 * outline tells a point that lies beyond the road data (a case in another borough: load that
 * borough's extract) from one inside it that is merely far from a road (check its coordinates).
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import convex from '@turf/convex';
import { multiPoint, point, polygon } from '@turf/helpers';
import { haversineMetres } from './geo.js';
import type { RoadArea, RoadGraph } from './graph/road-graph.js';

/**
 * How closely the outline follows the road nodes (concaveman's concavity: Infinity is the convex
 * hull, 1 hugs the points). 3 follows a borough's shape without cutting in between a town's
 * streets: on the demo area (a bounding-box cut) the outline is the box less its empty corners.
 */
export const OUTLINE_CONCAVITY = 3;

/** Bounding box, outline, nodes and kilometres of road of a graph's physical nodes and segments. */
export function graphArea(graph: RoadGraph): RoadArea {
  const n = graph.physicalCount;
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const coordinates: Array<[number, number]> = new Array<[number, number]>(n);
  for (let v = 0; v < n; v++) {
    const lon = graph.lon[v];
    const lat = graph.lat[v];
    coordinates[v] = [lon, lat];
    if (lon < bbox[0]) bbox[0] = lon;
    if (lat < bbox[1]) bbox[1] = lat;
    if (lon > bbox[2]) bbox[2] = lon;
    if (lat > bbox[3]) bbox[3] = lat;
  }
  let metres = 0;
  for (let s = 0; s < graph.segmentCount; s++) {
    const a = graph.segA[s];
    const b = graph.segB[s];
    metres += haversineMetres(graph.lon[a], graph.lat[a], graph.lon[b], graph.lat[b]);
  }
  const hull = n > 0 ? convex(multiPoint(coordinates), { concavity: OUTLINE_CONCAVITY }) : null;
  // Fewer than three points not in a line have no hull: the box stands for it.
  const outline = hull ? (hull.geometry.coordinates[0] as Array<[number, number]>) : boxRing(bbox);
  // The outline's corners are road nodes, kept exact: rounded, a corner could fall outside its own outline.
  return {
    bbox: n > 0 ? bbox : [0, 0, 0, 0],
    outline,
    nodes: n,
    roadKm: Math.round(metres / 100) / 10,
  };
}

function boxRing([w, s, e, n]: [number, number, number, number]): Array<[number, number]> {
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}

/** Point-in-outline tests against one area (the polygon is built once; the box rules most points out at once). */
export class AreaOutline {
  private readonly shape: ReturnType<typeof polygon>;

  constructor(readonly area: RoadArea) {
    this.shape = polygon([area.outline]);
  }

  contains(lon: number, lat: number): boolean {
    const [w, s, e, n] = this.area.bbox;
    if (lon < w || lon > e || lat < s || lat > n) return false;
    return booleanPointInPolygon(point([lon, lat]), this.shape);
  }
}
