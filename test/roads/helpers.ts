/**
 * Shared by the road tests: the two real graphs (loaded once per test file), an independent
 * reference Dijkstra over the plain road graph (no shape-point compression, no early stop, no
 * reused labels), and small geometry helpers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LonLat } from '../../solver/roads/backend.js';
import { EmbeddedBackend } from '../../solver/roads/embedded.js';
import { CITY_OSM, DEMO_OSM, importOsm, loadGraph } from '../../solver/roads/graph/load-graph.js';
import type { RoadGraph } from '../../solver/roads/graph/road-graph.js';
import type { Snap } from '../../solver/roads/snap.js';
import { z } from 'zod';

let demo: Promise<RoadGraph> | null = null;
let city: Promise<RoadGraph> | null = null;

/** The demo area (north London, OSM XML), through the shared cache under data/cache/. */
export function demoGraph(): Promise<RoadGraph> {
  demo ??= loadGraph(DEMO_OSM);
  return demo;
}

/** The City of London PBF with its turn restrictions, imported in memory (no cache written). */
export function cityGraph(): Promise<RoadGraph> {
  city ??= importOsm(CITY_OSM);
  return city;
}

export async function demoBackend(maxSnapMetres?: number): Promise<EmbeddedBackend> {
  return new EmbeddedBackend(await demoGraph(), { maxSnapMetres });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `rounds-roads-${prefix}-`));
}

export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
export const sameLonLat = (a: LonLat, lon: number, lat: number) => a[0] === round6(lon) && a[1] === round6(lat);

/** Plain binary-heap Dijkstra from a snapped source, written independently of solver/roads/search.ts. */
export function referenceDijkstra(g: RoadGraph, source: Snap): Float64Array {
  const dist = new Float64Array(g.nodeCount).fill(Infinity);
  const heap: Array<[number, number]> = [];
  const push = (d: number, v: number) => {
    heap.push([d, v]);
    let i = heap.length - 1;
    while (i > 0 && heap[(i - 1) >> 1][0] > heap[i][0]) {
      [heap[i], heap[(i - 1) >> 1]] = [heap[(i - 1) >> 1], heap[i]];
      i = (i - 1) >> 1;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0];
    const last = heap.pop() as [number, number];
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  for (const { arc, fraction } of segmentArcs(g, source.segment, source.t)) {
    if (g.arcTail[arc] >= g.physicalCount) continue; // a restriction copy is entered only through its from-arc
    const d = (1 - fraction) * g.arcDuration[arc];
    if (d < dist[g.arcHead[arc]]) {
      dist[g.arcHead[arc]] = d;
      push(d, g.arcHead[arc]);
    }
  }
  while (heap.length > 0) {
    const [d, v] = pop();
    if (d > dist[v]) continue;
    for (let a = g.firstOut[v]; a < g.firstOut[v + 1]; a++) {
      const w = g.arcHead[a];
      if (d + g.arcDuration[a] < dist[w]) {
        dist[w] = d + g.arcDuration[a];
        push(dist[w], w);
      }
    }
  }
  return dist;
}

/** Fastest time from the source of `dist` to a snapped target, driving legally along its segment. */
export function referenceArrival(g: RoadGraph, dist: Float64Array, source: Snap, target: Snap): number {
  let best = Infinity;
  for (const { arc, fraction } of segmentArcs(g, target.segment, target.t)) {
    best = Math.min(best, dist[g.arcTail[arc]] + fraction * g.arcDuration[arc]);
  }
  if (source.segment === target.segment) {
    for (const { arc, dir, fraction } of segmentArcs(g, source.segment, source.t)) {
      const targetFraction = dir === 0 ? target.t : 1 - target.t;
      if (targetFraction >= fraction) best = Math.min(best, (targetFraction - fraction) * g.arcDuration[arc]);
    }
  }
  return best;
}

/** Every arc along a segment with the fraction of the arc at which the point `t` (from A) lies. */
function segmentArcs(g: RoadGraph, segment: number, t: number): Array<{ arc: number; dir: number; fraction: number }> {
  const out: Array<{ arc: number; dir: number; fraction: number }> = [];
  for (let dir = 0; dir < 2; dir++) {
    for (let k = g.segArcFirst[2 * segment + dir]; k < g.segArcFirst[2 * segment + dir + 1]; k++) {
      out.push({ arc: g.segArcs[k], dir, fraction: dir === 0 ? t : 1 - t });
    }
  }
  return out;
}

const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const line = z.object({ type: z.literal('LineString'), coordinates: z.array(lonLat).min(2) });
const bearing = z.number().int().min(0).max(359);
const MANEUVERS = [
  'turn',
  'new name',
  'depart',
  'arrive',
  'merge',
  'on ramp',
  'off ramp',
  'fork',
  'end of road',
  'continue',
  'roundabout',
  'rotary',
  'roundabout turn',
  'notification',
  'exit roundabout',
  'exit rotary',
] as const;
const MODIFIERS = ['uturn', 'sharp right', 'right', 'slight right', 'straight', 'slight left', 'left', 'sharp left'] as const;
/** Issue 3's contract: the fields other tools read, as OSRM v5 defines them. */
export const routeResponse = z.object({
  code: z.literal('Ok'),
  routes: z
    .array(
      z.object({
        distance: z.number().min(0),
        duration: z.number().min(0),
        geometry: line,
        legs: z
          .array(
            z.object({
              distance: z.number().min(0),
              duration: z.number().min(0),
              steps: z
                .array(
                  z.object({
                    maneuver: z.object({
                      type: z.enum(MANEUVERS),
                      modifier: z.enum(MODIFIERS).optional(),
                      location: lonLat,
                      bearing_before: bearing,
                      bearing_after: bearing,
                      exit: z.number().int().min(1).optional(),
                    }),
                    name: z.string(),
                    ref: z.string().optional(),
                    distance: z.number().min(0),
                    duration: z.number().min(0),
                    geometry: line,
                  }),
                )
                .min(2),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
  waypoints: z.array(z.object({ location: lonLat, distance: z.number().min(0), name: z.string() })).min(2),
});
