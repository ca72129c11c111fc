/**
 * Snapping: the nearest point on the nearest road segment. Segments are indexed with Flatbush in a
 * local equirectangular projection (metres, scaled by cos of the graph's mean latitude), which is
 * accurate to well under a metre across a county; the reported snap distance is haversine.
 */
import Flatbush from 'flatbush';
import { RoutingError, type LonLat } from './backend.js';
import { haversineMetres } from './geo.js';
import type { RoadGraph } from './graph/road-graph.js';

const METRES_PER_DEGREE = 111_195;

export interface Snap {
  segment: number;
  /** Fraction along the segment from A (0) to B (1). */
  t: number;
  lon: number;
  lat: number;
  /** Metres from the input point. */
  distance: number;
}

export class SegmentSnapper {
  private readonly index: Flatbush;
  private readonly kx: number;
  private readonly x: Float64Array;
  private readonly y: Float64Array;

  constructor(private readonly graph: RoadGraph) {
    let latSum = 0;
    for (let v = 0; v < graph.physicalCount; v++) latSum += graph.lat[v];
    const lat0 = graph.physicalCount > 0 ? latSum / graph.physicalCount : 0;
    this.kx = METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
    const n = graph.physicalCount;
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    for (let v = 0; v < n; v++) {
      this.x[v] = graph.lon[v] * this.kx;
      this.y[v] = graph.lat[v] * METRES_PER_DEGREE;
    }
    this.index = new Flatbush(Math.max(1, graph.segmentCount));
    for (let s = 0; s < graph.segmentCount; s++) {
      const a = graph.segA[s];
      const b = graph.segB[s];
      this.index.add(Math.min(this.x[a], this.x[b]), Math.min(this.y[a], this.y[b]), Math.max(this.x[a], this.x[b]), Math.max(this.y[a], this.y[b]));
    }
    if (graph.segmentCount === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }

  /** Nearest segment within maxMetres, or null. */
  nearest(lon: number, lat: number, maxMetres: number): Snap | null {
    if (this.graph.segmentCount === 0) return null;
    const px = lon * this.kx;
    const py = lat * METRES_PER_DEGREE;
    let k = 8;
    for (;;) {
      // Candidates come in order of bounding-box distance, a lower bound of the true distance:
      // once the farthest candidate's box is beyond the best exact distance, no other can win.
      const ids = this.index.neighbors(px, py, k, maxMetres * 1.01 + 1);
      let best = -1;
      let bestD2 = Infinity;
      let bestT = 0;
      for (const s of ids) {
        const a = this.graph.segA[s];
        const b = this.graph.segB[s];
        const ax = this.x[a],
          ay = this.y[a];
        const dx = this.x[b] - ax,
          dy = this.y[b] - ay;
        const len2 = dx * dx + dy * dy;
        let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = ax + t * dx - px,
          ey = ay + t * dy - py;
        const d2 = ex * ex + ey * ey;
        if (d2 < bestD2) {
          bestD2 = d2;
          best = s;
          bestT = t;
        }
      }
      if (best < 0) return null;
      if (ids.length === k) {
        const last = ids[ids.length - 1];
        if (this.boxDistance(last, px, py) < Math.sqrt(bestD2)) {
          k *= 4;
          continue;
        }
      }
      const a = this.graph.segA[best];
      const b = this.graph.segB[best];
      const slon = this.graph.lon[a] + bestT * (this.graph.lon[b] - this.graph.lon[a]);
      const slat = this.graph.lat[a] + bestT * (this.graph.lat[b] - this.graph.lat[a]);
      const distance = haversineMetres(lon, lat, slon, slat);
      if (distance > maxMetres) return null;
      return { segment: best, t: bestT, lon: slon, lat: slat, distance };
    }
  }

  private boxDistance(s: number, px: number, py: number): number {
    const a = this.graph.segA[s];
    const b = this.graph.segB[s];
    const dx = Math.max(Math.min(this.x[a], this.x[b]) - px, 0, px - Math.max(this.x[a], this.x[b]));
    const dy = Math.max(Math.min(this.y[a], this.y[b]) - py, 0, py - Math.max(this.y[a], this.y[b]));
    return Math.sqrt(dx * dx + dy * dy);
  }

  /** Snaps every point or throws one RoutingError naming every point that lies off the network. */
  snapAll(points: LonLat[], maxMetres: number): Snap[] {
    const snaps: Snap[] = [];
    const off: number[] = [];
    points.forEach((p, i) => {
      const s = this.nearest(p[0], p[1], maxMetres);
      if (s) snaps.push(s);
      else off.push(i);
    });
    if (off.length > 0) {
      const named = off
        .slice(0, 10)
        .map((i) => `point ${i} (${points[i][0]}, ${points[i][1]})`)
        .join(', ');
      const more = off.length > 10 ? ` and ${off.length - 10} more` : '';
      throw new RoutingError(`${named}${more} ${off.length === 1 ? 'is' : 'are'} more than ${maxMetres} m from any road in the graph`, 'NoRoad', off[0], off);
    }
    return snaps;
  }
}
