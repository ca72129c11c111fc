/**
 * One-to-many Dijkstra from a snapped point partway along a segment, over the core graph (the road
 * graph with shape points compressed into chains, see graph/core-graph.ts). Labels live in typed
 * arrays reused across searches (a generation stamp replaces clearing), the heap is a FlatQueue with
 * lazy deletion, and the search stops once every node a target needs is settled. Distances are
 * accumulated along the fastest path.
 */
import FlatQueue from 'flatqueue';
import { buildCoreGraph, type CoreGraph } from './graph/core-graph.js';
import type { RoadGraph } from './graph/road-graph.js';
import type { Snap } from './snap.js';

/** A stretch of one arc, from fraction `from` to fraction `to` along the arc's own direction. */
export interface Piece {
  arc: number;
  from: number;
  to: number;
}

export interface Arrival {
  duration: number;
  distance: number;
  /**
   * Road-graph arc on which the target is reached, or -1 when unreachable; -2 when reached
   * directly from the source along one chain, without passing a junction.
   */
  arc: number;
}

/** A segment has one arc from a physical node per direction (restriction copies start at copies). */
const MAX_SOURCE_ARCS = 2;

export class ShortestPathSearch {
  readonly core: CoreGraph;
  private readonly dist: Float64Array;
  private readonly metres: Float64Array;
  /** Chain by which a core node was reached, or -1 - arc for the source's own first arc. */
  private readonly parent: Int32Array;
  private readonly seen: Uint32Array;
  private readonly settled: Uint32Array;
  private readonly needed: Uint32Array;
  private readonly queue: FlatQueue<number>;
  /** The source's own arcs (physical tail) and the fraction of each still ahead of the source point. */
  private readonly sourceArcs = new Uint32Array(MAX_SOURCE_ARCS);
  private readonly sourceAlong = new Float64Array(MAX_SOURCE_ARCS);
  private sourceArcCount = 0;
  private generation = 0;
  private neededGeneration = 0;
  private neededCount = 0;
  /** Core nodes settled by the last search, for benchmarks. */
  settledCount = 0;

  constructor(
    private readonly g: RoadGraph,
    core?: CoreGraph,
  ) {
    this.core = core ?? buildCoreGraph(g);
    const k = this.core.nodeCount;
    this.dist = new Float64Array(k);
    this.metres = new Float64Array(k);
    this.parent = new Int32Array(k);
    this.seen = new Uint32Array(k);
    this.settled = new Uint32Array(k);
    this.needed = new Uint32Array(k);
    // Plain-array backing, not FlatQueue's typed-array mode: Flatbush (the snapper) uses the same
    // FlatQueue class with plain arrays, and two backings make push/pop polymorphic and 3x slower.
    this.queue = new FlatQueue<number>();
  }

  /** Marks the core nodes whose labels the given targets need, so the next searches may stop early. */
  setTargets(targets: Snap[]): void {
    const { g, core } = this;
    if (++this.neededGeneration === 0xffffffff) {
      this.needed.fill(0);
      this.neededGeneration = 1;
    }
    let count = 0;
    for (const t of targets) {
      for (let k = g.segArcFirst[2 * t.segment]; k < g.segArcFirst[2 * t.segment + 2]; k++) {
        const tail = core.chainTail[core.arcChain[g.segArcs[k]]];
        if (this.needed[tail] !== this.neededGeneration) {
          this.needed[tail] = this.neededGeneration;
          count++;
        }
      }
    }
    this.neededCount = count;
  }

  /** Settles core nodes outward from the snapped source until every needed node is final. */
  run(source: Snap): void {
    const { g, core } = this;
    if (++this.generation === 0xffffffff) {
      this.seen.fill(0);
      this.settled.fill(0);
      this.generation = 1;
    }
    const gen = this.generation;
    const { dist, metres, parent, seen, settled, needed, queue } = this;
    const firstOut = core.firstOut,
      chainHead = core.chainHead,
      chainDuration = core.chainDuration,
      chainDistance = core.chainDistance;
    queue.clear();
    // Start along the original (physical-tailed) arcs of the source segment, in each legal
    // direction, to the end of each arc's chain.
    this.sourceArcCount = 0;
    for (let dir = 0; dir < 2; dir++) {
      const lo = g.segArcFirst[2 * source.segment + dir];
      const hi = g.segArcFirst[2 * source.segment + dir + 1];
      for (let k = lo; k < hi; k++) {
        const a = g.segArcs[k];
        if (g.arcTail[a] >= g.physicalCount) continue;
        if (this.sourceArcCount === MAX_SOURCE_ARCS) throw new Error(`internal: segment ${source.segment} has more than two original arcs`);
        // Kept exactly as t or 1 - t: a target at the very same point must compare equal.
        const along = dir === 0 ? source.t : 1 - source.t;
        const rest = 1 - along;
        this.sourceArcs[this.sourceArcCount] = a;
        this.sourceAlong[this.sourceArcCount++] = along;
        const c = core.arcChain[a];
        const head = chainHead[c];
        const d = rest * g.arcDuration[a] + core.arcAfterDuration[a];
        if (seen[head] !== gen || d < dist[head]) {
          seen[head] = gen;
          dist[head] = d;
          metres[head] = rest * g.arcDistance[a] + core.arcAfterDistance[a];
          parent[head] = -1 - a;
          queue.push(head, d);
        }
      }
    }
    let remaining = this.neededCount;
    const ng = this.neededGeneration;
    let settledCount = 0;
    while (queue.length > 0) {
      const v = queue.pop() as number;
      if (settled[v] === gen) continue;
      settled[v] = gen;
      settledCount++;
      if (needed[v] === ng && --remaining === 0) break;
      const dv = dist[v];
      const mv = metres[v];
      for (let c = firstOut[v], end = firstOut[v + 1]; c < end; c++) {
        const w = chainHead[c];
        const dw = dv + chainDuration[c];
        if (seen[w] !== gen) {
          seen[w] = gen;
        } else if (dw >= dist[w]) {
          continue;
        }
        dist[w] = dw;
        metres[w] = mv + chainDistance[c];
        parent[w] = c;
        queue.push(w, dw);
      }
    }
    this.settledCount = settledCount;
  }

  /**
   * Best arrival at a snapped target after run(); unreachable gives Infinity. For a direct arrival,
   * `direct` receives the source's arc (its index in sourceArcs) and the target's, for path().
   */
  arrival(target: Snap, direct?: { sourceArc: number; targetArc: number }): Arrival {
    const { g, core } = this;
    let best = Infinity;
    let bestMetres = Infinity;
    let bestArc = -1;
    for (let dir = 0; dir < 2; dir++) {
      const lo = g.segArcFirst[2 * target.segment + dir];
      const hi = g.segArcFirst[2 * target.segment + dir + 1];
      const along = dir === 0 ? target.t : 1 - target.t;
      for (let k = lo; k < hi; k++) {
        const a = g.segArcs[k];
        const c = core.arcChain[a];
        const intoArc = core.arcOffsetDuration[a] + along * g.arcDuration[a];
        // Straight along one chain when the target lies ahead of the source on it.
        for (let s = 0; s < this.sourceArcCount; s++) {
          const sa = this.sourceArcs[s];
          if (core.arcChain[sa] !== c) continue;
          const ahead = core.arcPosition[a] > core.arcPosition[sa] || (a === sa && along >= this.sourceAlong[s]);
          if (!ahead) continue;
          // Differences of prefix sums: clamped, a point at a shape node must not come out at -1e-15 s.
          const from = this.sourceAlong[s];
          const d = a === sa ? (along - from) * g.arcDuration[a] : Math.max(0, intoArc - (core.arcOffsetDuration[sa] + from * g.arcDuration[sa]));
          if (d < best) {
            best = d;
            bestMetres =
              a === sa
                ? (along - from) * g.arcDistance[a]
                : Math.max(0, core.arcOffsetDistance[a] + along * g.arcDistance[a] - (core.arcOffsetDistance[sa] + from * g.arcDistance[sa]));
            bestArc = -2;
            if (direct) {
              direct.sourceArc = s;
              direct.targetArc = a;
            }
          }
        }
        const tail = core.chainTail[c];
        if (this.settled[tail] !== this.generation) continue;
        const d = this.dist[tail] + intoArc;
        if (d < best) {
          best = d;
          bestMetres = this.metres[tail] + core.arcOffsetDistance[a] + along * g.arcDistance[a];
          bestArc = a;
        }
      }
    }
    return { duration: best, distance: bestMetres, arc: bestArc };
  }

  /**
   * The arcs of the fastest path to a target as pieces, from the source point to the target point.
   * Zero-length pieces (a point snapped onto a junction) are dropped: their arc is not driven, and
   * its bearing would turn the first or last step the wrong way.
   */
  path(target: Snap): Piece[] | null {
    const pieces = this.rawPath(target);
    if (!pieces) return null;
    const driven = pieces.filter((p) => p.to - p.from > 1e-9);
    return driven.length > 0 ? driven : pieces.slice(0, 1);
  }

  private rawPath(target: Snap): Piece[] | null {
    const { core } = this;
    const direct = { sourceArc: -1, targetArc: -1 };
    const arr = this.arrival(target, direct);
    if (arr.arc === -1) return null;
    const targetAlong = (a: number) => (this.dirOf(a) === 0 ? target.t : 1 - target.t);
    if (arr.arc === -2) {
      // Along one chain: from the source's arc to the target's arc on the same chain.
      const sa = this.sourceArcs[direct.sourceArc];
      const from = this.sourceAlong[direct.sourceArc];
      const ta = direct.targetArc;
      const pieces: Piece[] = [];
      for (let p = core.arcPosition[sa]; p <= core.arcPosition[ta]; p++) {
        const a = core.chainArcs[p];
        pieces.push({ arc: a, from: a === sa ? from : 0, to: a === ta ? targetAlong(a) : 1 });
      }
      return pieces;
    }
    // Backwards: the target's chain up to the target, then whole chains, then the source's chain.
    const reversed: Piece[] = [{ arc: arr.arc, from: 0, to: targetAlong(arr.arc) }];
    const pushChainBefore = (c: number, beforePosition: number) => {
      for (let p = beforePosition - 1; p >= core.chainArcFirst[c]; p--) reversed.push({ arc: core.chainArcs[p], from: 0, to: 1 });
    };
    const lastChain = core.arcChain[arr.arc];
    pushChainBefore(lastChain, core.arcPosition[arr.arc]);
    let v = core.chainTail[lastChain];
    for (;;) {
      const p = this.parent[v];
      if (p < 0) {
        // The source's own arc: from the source point on, then the rest of its chain.
        const a = -1 - p;
        const c = core.arcChain[a];
        for (let q = core.chainArcFirst[c + 1] - 1; q > core.arcPosition[a]; q--) reversed.push({ arc: core.chainArcs[q], from: 0, to: 1 });
        reversed.push({ arc: a, from: this.sourceAlongOf(a), to: 1 });
        break;
      }
      pushChainBefore(p, core.chainArcFirst[p + 1]);
      v = core.chainTail[p];
    }
    return reversed.reverse();
  }

  /** Fraction along source arc `a` (in its own direction) at which the last search's source lies. */
  private sourceAlongOf(a: number): number {
    for (let s = 0; s < this.sourceArcCount; s++) if (this.sourceArcs[s] === a) return this.sourceAlong[s];
    throw new Error(`internal: arc ${a} is not a source arc of the last search`);
  }

  /** 0 when the arc runs A->B along its segment. */
  private dirOf(a: number): number {
    return this.g.physical[this.g.arcHead[a]] === this.g.segB[this.g.arcSegment[a]] ? 0 : 1;
  }
}
