/**
 * Turns flat arc lists into the CSR RoadGraph (counting sort by tail; per-segment arc lists).
 * Shared by the OSM builder and the synthetic graph generator so both produce the same structure.
 */
import { GRAPH_FORMAT_VERSION, type GraphMeta, type RoadGraph, type WayInfo } from './road-graph.js';

export interface ArcList {
  tail: number[];
  head: number[];
  duration: number[];
  distance: number[];
  way: number[];
  segment: number[];
  /** 0 when the arc runs A->B along its segment, 1 when B->A. */
  dir: number[];
}

export function emptyArcList(): ArcList {
  return { tail: [], head: [], duration: [], distance: [], way: [], segment: [], dir: [] };
}

export function assembleGraph(input: {
  physicalCount: number;
  physical: ArrayLike<number>;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  segA: ArrayLike<number>;
  segB: ArrayLike<number>;
  arcs: ArcList;
  ways: WayInfo;
  meta: Omit<GraphMeta, 'version' | 'builtAt'>;
}): RoadGraph {
  const n = input.physical.length;
  const m = input.arcs.tail.length;
  const s = input.segA.length;
  const firstOut = new Uint32Array(n + 1);
  for (let i = 0; i < m; i++) firstOut[input.arcs.tail[i] + 1]++;
  for (let v = 0; v < n; v++) firstOut[v + 1] += firstOut[v];
  const fill = firstOut.slice(0, n);
  const arcHead = new Uint32Array(m);
  const arcTail = new Uint32Array(m);
  const arcDuration = new Float64Array(m);
  const arcDistance = new Float64Array(m);
  const arcWay = new Uint32Array(m);
  const arcSegment = new Uint32Array(m);
  const arcDir = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const slot = fill[input.arcs.tail[i]]++;
    arcHead[slot] = input.arcs.head[i];
    arcTail[slot] = input.arcs.tail[i];
    arcDuration[slot] = input.arcs.duration[i];
    arcDistance[slot] = input.arcs.distance[i];
    arcWay[slot] = input.arcs.way[i];
    arcSegment[slot] = input.arcs.segment[i];
    arcDir[slot] = input.arcs.dir[i];
  }
  const segArcFirst = new Uint32Array(2 * s + 1);
  for (let a = 0; a < m; a++) segArcFirst[2 * arcSegment[a] + arcDir[a] + 1]++;
  for (let k = 0; k < 2 * s; k++) segArcFirst[k + 1] += segArcFirst[k];
  const segFill = segArcFirst.slice(0, 2 * s);
  const segArcs = new Uint32Array(m);
  for (let a = 0; a < m; a++) segArcs[segFill[2 * arcSegment[a] + arcDir[a]]++] = a;
  return {
    nodeCount: n,
    physicalCount: input.physicalCount,
    physical: Uint32Array.from(input.physical),
    lon: Float64Array.from(input.lon),
    lat: Float64Array.from(input.lat),
    firstOut,
    arcHead,
    arcTail,
    arcDuration,
    arcDistance,
    arcWay,
    arcSegment,
    segmentCount: s,
    segA: Uint32Array.from(input.segA),
    segB: Uint32Array.from(input.segB),
    segArcFirst,
    segArcs,
    ways: input.ways,
    meta: { ...input.meta, version: GRAPH_FORMAT_VERSION, builtAt: new Date().toISOString() },
  };
}
