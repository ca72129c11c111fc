/**
 * The search graph: the road graph with its shape points compressed away. Three nodes in four of
 * an OSM road graph only bend a road (the demo extract: 3,839 of 5,272); a search that settles
 * only junctions does a quarter of the work. A chain is a run of arcs through shape points from one
 * kept node to the next, with the summed duration and distance; every arc lies on exactly one
 * chain, at a known offset, so a point snapped partway along an arc is still exact.
 *
 * A node is a shape point when a car can only drive through it: it is physical, no restriction
 * copies it, every arc into it comes from a physical node, and its arcs pair up as one road in one
 * or both directions (in from p -> out to q, in from q -> out to p). U-turns at shape points are
 * lost, and are never part of a fastest path: driving on and turning back costs more than turning
 * at once, and a one-way road has no arc to turn back on.
 */
import type { RoadGraph } from './road-graph.js';

export interface CoreGraph {
  /** Kept nodes: junctions, dead ends, restriction via nodes and their copies. */
  nodeCount: number;
  /** Per road-graph node: its core id, or -1 for a shape point. */
  coreOf: Int32Array;
  /** Chains in CSR order by tail: chains of core node v are firstOut[v] .. firstOut[v + 1]. */
  firstOut: Uint32Array;
  chainTail: Uint32Array;
  chainHead: Uint32Array;
  chainDuration: Float64Array;
  chainDistance: Float64Array;
  /** The arcs of chain c in driving order: chainArcs[chainArcFirst[c] .. chainArcFirst[c + 1]). */
  chainArcFirst: Uint32Array;
  chainArcs: Uint32Array;
  /** Per road-graph arc: its chain, its index in chainArcs, and the chain's cost before and after it. */
  arcChain: Uint32Array;
  arcPosition: Uint32Array;
  arcOffsetDuration: Float64Array;
  arcOffsetDistance: Float64Array;
  /** Summed from the chain's end, so that the last arc's is exactly 0 (no rounding below zero). */
  arcAfterDuration: Float64Array;
  arcAfterDistance: Float64Array;
}

/** Shape points of the graph: 1 where a node may be compressed into a chain. */
function shapePoints(g: RoadGraph, keep: Uint8Array): Uint8Array {
  const n = g.nodeCount;
  const shape = new Uint8Array(n);
  const hasCopy = new Uint8Array(g.physicalCount);
  for (let v = g.physicalCount; v < n; v++) hasCopy[g.physical[v]] = 1;
  // In-arcs per node: at most two from physical tails, or the node is kept.
  const inCount = new Uint8Array(n);
  const inFromCopy = new Uint8Array(n);
  const inTail = new Int32Array(2 * n).fill(-1);
  for (let a = 0; a < g.arcHead.length; a++) {
    const h = g.arcHead[a];
    if (g.arcTail[a] >= g.physicalCount) inFromCopy[h] = 1;
    if (inCount[h] < 2) inTail[2 * h + inCount[h]] = g.arcTail[a];
    if (inCount[h] < 255) inCount[h]++;
  }
  for (let v = 0; v < g.physicalCount; v++) {
    if (keep[v] || hasCopy[v] || inFromCopy[v]) continue;
    const outs = g.firstOut[v + 1] - g.firstOut[v];
    if (outs < 1 || outs > 2 || inCount[v] !== outs) continue;
    const o0 = g.physical[g.arcHead[g.firstOut[v]]];
    if (outs === 1) {
      // One-way road: in from p, out to q != p.
      shape[v] = inTail[2 * v] !== o0 && o0 !== v ? 1 : 0;
      continue;
    }
    // Two-way road: in from {p, q}, out to {p, q}, p != q.
    const o1 = g.physical[g.arcHead[g.firstOut[v] + 1]];
    const i0 = inTail[2 * v];
    const i1 = inTail[2 * v + 1];
    if (o0 === o1 || i0 === i1 || o0 === v || o1 === v) continue;
    shape[v] = (o0 === i0 && o1 === i1) || (o0 === i1 && o1 === i0) ? 1 : 0;
  }
  return shape;
}

/** The out-arc of shape point v that continues an arc arriving from physical node `from`. */
function continuation(g: RoadGraph, v: number, from: number): number {
  const first = g.firstOut[v];
  if (g.firstOut[v + 1] - first === 1) return first;
  return g.physical[g.arcHead[first]] === from ? first + 1 : first;
}

export function buildCoreGraph(g: RoadGraph): CoreGraph {
  const n = g.nodeCount;
  const m = g.arcHead.length;
  const keep = new Uint8Array(n);
  for (;;) {
    const shape = shapePoints(g, keep);
    const coreOf = new Int32Array(n).fill(-1);
    let k = 0;
    for (let v = 0; v < n; v++) if (!shape[v]) coreOf[v] = k++;
    const firstOut = new Uint32Array(k + 1);
    const chainTail: number[] = [];
    const chainHead: number[] = [];
    const chainDuration: number[] = [];
    const chainDistance: number[] = [];
    const chainArcFirst: number[] = [0];
    const chainArcs = new Uint32Array(m);
    const arcChain = new Uint32Array(m);
    const arcPosition = new Uint32Array(m);
    const arcOffsetDuration = new Float64Array(m);
    const arcOffsetDistance = new Float64Array(m);
    const arcAfterDuration = new Float64Array(m);
    const arcAfterDistance = new Float64Array(m);
    const covered = new Uint8Array(m);
    let filled = 0;
    for (let v = 0; v < n; v++) {
      if (shape[v]) continue;
      for (let a0 = g.firstOut[v]; a0 < g.firstOut[v + 1]; a0++) {
        const c = chainTail.length;
        let a = a0;
        let duration = 0;
        let distance = 0;
        for (;;) {
          covered[a] = 1;
          arcChain[a] = c;
          arcPosition[a] = filled;
          arcOffsetDuration[a] = duration;
          arcOffsetDistance[a] = distance;
          chainArcs[filled++] = a;
          duration += g.arcDuration[a];
          distance += g.arcDistance[a];
          const head = g.arcHead[a];
          if (!shape[head]) break;
          a = continuation(g, head, g.physical[g.arcTail[a]]);
        }
        let afterDuration = 0;
        let afterDistance = 0;
        for (let p = filled - 1; p >= chainArcFirst[c]; p--) {
          const b = chainArcs[p];
          arcAfterDuration[b] = afterDuration;
          arcAfterDistance[b] = afterDistance;
          afterDuration += g.arcDuration[b];
          afterDistance += g.arcDistance[b];
        }
        chainTail.push(coreOf[v]);
        chainHead.push(coreOf[g.arcHead[a]]);
        chainDuration.push(duration);
        chainDistance.push(distance);
        chainArcFirst.push(filled);
      }
      firstOut[coreOf[v] + 1] = chainTail.length;
    }
    // A ring of shape points with no junction is reached by no chain: keep one of its nodes, retry.
    let missed = false;
    for (let a = 0; a < m; a++) {
      if (!covered[a]) {
        keep[g.arcTail[a]] = 1;
        missed = true;
      }
    }
    if (missed) continue;
    return {
      nodeCount: k,
      coreOf,
      firstOut,
      chainTail: Uint32Array.from(chainTail),
      chainHead: Uint32Array.from(chainHead),
      chainDuration: Float64Array.from(chainDuration),
      chainDistance: Float64Array.from(chainDistance),
      chainArcFirst: Uint32Array.from(chainArcFirst),
      chainArcs,
      arcChain,
      arcPosition,
      arcOffsetDuration,
      arcOffsetDistance,
      arcAfterDuration,
      arcAfterDistance,
    };
  }
}
