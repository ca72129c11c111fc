/**
 * The largest strongly connected component again, after turn restrictions are compiled in. Bans
 * can close off a few streets (the City of London extract has 49 nodes round Wood Street that one
 * can neither leave nor enter legally); a point snapped there would have no route to anything, so
 * those streets go. A segment stays while at least one of its arcs that starts at a physical node
 * stays: a snapped point can then both leave it and be reached on it.
 */
import type { ArcList } from './assemble.js';
import { stronglyConnectedComponents } from './scc.js';

export interface PruneInput {
  physicalCount: number;
  physical: number[];
  lon: number[];
  lat: number[];
  segA: number[];
  segB: number[];
  arcs: ArcList;
}

export interface PruneResult extends PruneInput {
  droppedNodes: number;
  droppedSegments: number;
}

export function keepLargestComponent(input: PruneInput): PruneResult {
  const n = input.physical.length;
  const { arcs } = input;
  const m = arcs.tail.length;
  const firstOut = new Uint32Array(n + 1);
  for (let i = 0; i < m; i++) firstOut[arcs.tail[i] + 1]++;
  for (let v = 0; v < n; v++) firstOut[v + 1] += firstOut[v];
  const fill = firstOut.slice(0, n);
  const heads = new Uint32Array(m);
  for (let i = 0; i < m; i++) heads[fill[arcs.tail[i]]++] = arcs.head[i];
  const { component, largest, sizes } = stronglyConnectedComponents(n, firstOut, heads);
  if (sizes.length <= 1) return { ...input, droppedNodes: 0, droppedSegments: 0 };

  const inLargest = (v: number) => component[v] === largest;
  const keepArc = new Uint8Array(m);
  const keepSegment = new Uint8Array(input.segA.length);
  for (let i = 0; i < m; i++) {
    if (!inLargest(arcs.tail[i]) || !inLargest(arcs.head[i])) continue;
    keepArc[i] = 1;
    if (arcs.tail[i] < input.physicalCount) keepSegment[arcs.segment[i]] = 1;
  }
  // A physical node stays while it or a copy of it is in the component (copies point at it).
  const keepNode = new Uint8Array(n);
  for (let v = 0; v < n; v++) if (inLargest(v)) keepNode[v] = keepNode[input.physical[v]] = 1;
  for (let s = 0; s < input.segA.length; s++) if (keepSegment[s]) keepNode[input.segA[s]] = keepNode[input.segB[s]] = 1;

  // Physical nodes first, then copies, as the graph requires.
  const renumber = new Int32Array(n).fill(-1);
  let next = 0;
  for (let v = 0; v < input.physicalCount; v++) if (keepNode[v]) renumber[v] = next++;
  const physicalCount = next;
  for (let v = input.physicalCount; v < n; v++) if (keepNode[v]) renumber[v] = next++;
  const physical: number[] = [];
  const lon: number[] = [];
  const lat: number[] = [];
  for (let v = 0; v < n; v++) {
    if (!keepNode[v]) continue;
    physical.push(renumber[input.physical[v]]);
    lon.push(input.lon[v]);
    lat.push(input.lat[v]);
  }
  const segmentNumber = new Int32Array(input.segA.length).fill(-1);
  const segA: number[] = [];
  const segB: number[] = [];
  for (let s = 0; s < input.segA.length; s++) {
    if (!keepSegment[s]) continue;
    segmentNumber[s] = segA.length;
    segA.push(renumber[input.segA[s]]);
    segB.push(renumber[input.segB[s]]);
  }
  const kept: ArcList = { tail: [], head: [], duration: [], distance: [], way: [], segment: [], dir: [] };
  for (let i = 0; i < m; i++) {
    if (!keepArc[i] || segmentNumber[arcs.segment[i]] < 0) continue;
    kept.tail.push(renumber[arcs.tail[i]]);
    kept.head.push(renumber[arcs.head[i]]);
    kept.duration.push(arcs.duration[i]);
    kept.distance.push(arcs.distance[i]);
    kept.way.push(arcs.way[i]);
    kept.segment.push(segmentNumber[arcs.segment[i]]);
    kept.dir.push(arcs.dir[i]);
  }
  return {
    physicalCount,
    physical,
    lon,
    lat,
    segA,
    segB,
    arcs: kept,
    droppedNodes: n - physical.length,
    droppedSegments: input.segA.length - segA.length,
  };
}
