/**
 * One-to-many Dijkstra over the CSR graph from a snapped point partway along a segment.
 * Labels live in typed arrays reused across searches (a generation stamp replaces clearing), the
 * heap is a fixed-capacity FlatQueue with lazy deletion, and the search stops once every node a
 * target needs is settled. Distances are accumulated along the fastest path.
 */
import FlatQueue from 'flatqueue';
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
  /** Arc on which the target is reached, or -1 when unreachable; -2 when reached directly on the source segment. */
  arc: number;
}

export class ShortestPathSearch {
  private readonly dist: Float64Array;
  private readonly metres: Float64Array;
  private readonly parent: Int32Array;
  private readonly seen: Uint32Array;
  private readonly settled: Uint32Array;
  private readonly needed: Uint32Array;
  private readonly queue: FlatQueue<number>;
  private generation = 0;
  private neededGeneration = 0;
  private neededCount = 0;
  private source: Snap | null = null;
  /** Nodes settled by the last search, for benchmarks. */
  settledCount = 0;

  constructor(private readonly g: RoadGraph) {
    const n = g.nodeCount;
    this.dist = new Float64Array(n);
    this.metres = new Float64Array(n);
    this.parent = new Int32Array(n);
    this.seen = new Uint32Array(n);
    this.settled = new Uint32Array(n);
    this.needed = new Uint32Array(n);
    this.queue = new FlatQueue<number>(g.arcHead.length + 8, Float64Array, Uint32Array);
  }

  /** Marks the nodes whose labels the given targets need, so the next searches may stop early. */
  setTargets(targets: Snap[]): void {
    const g = this.g;
    this.neededGeneration++;
    if (this.neededGeneration === 0xffffffff) {
      this.needed.fill(0);
      this.neededGeneration = 1;
    }
    let count = 0;
    for (const t of targets) {
      for (let k = g.segArcFirst[2 * t.segment]; k < g.segArcFirst[2 * t.segment + 2]; k++) {
        const tail = g.arcTail[g.segArcs[k]];
        if (this.needed[tail] !== this.neededGeneration) {
          this.needed[tail] = this.neededGeneration;
          count++;
        }
      }
    }
    this.neededCount = count;
  }

  /** Settles nodes outward from the snapped source until every needed node is final. */
  run(source: Snap): void {
    const g = this.g;
    this.source = source;
    if (++this.generation === 0xffffffff) {
      this.seen.fill(0);
      this.settled.fill(0);
      this.generation = 1;
    }
    const gen = this.generation;
    const { dist, metres, parent, seen, settled, needed, queue } = this;
    const firstOut = g.firstOut, arcHead = g.arcHead, arcDuration = g.arcDuration, arcDistance = g.arcDistance;
    queue.clear();
    // Start along the original (physical-tailed) arcs of the source segment, in each legal direction.
    for (let dir = 0; dir < 2; dir++) {
      const lo = g.segArcFirst[2 * source.segment + dir];
      const hi = g.segArcFirst[2 * source.segment + dir + 1];
      for (let k = lo; k < hi; k++) {
        const a = g.segArcs[k];
        if (g.arcTail[a] >= g.physicalCount) continue;
        const rest = dir === 0 ? 1 - source.t : source.t;
        const head = arcHead[a];
        const d = rest * arcDuration[a];
        if (seen[head] !== gen || d < dist[head]) {
          seen[head] = gen;
          dist[head] = d;
          metres[head] = rest * arcDistance[a];
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
      for (let a = firstOut[v], end = firstOut[v + 1]; a < end; a++) {
        const w = arcHead[a];
        const dw = dv + arcDuration[a];
        if (seen[w] !== gen) {
          seen[w] = gen;
        } else if (dw >= dist[w]) {
          continue;
        }
        dist[w] = dw;
        metres[w] = mv + arcDistance[a];
        parent[w] = a;
        queue.push(w, dw);
      }
    }
    this.settledCount = settledCount;
  }

  /** Best arrival at a snapped target after run(); unreachable gives Infinity. */
  arrival(target: Snap): Arrival {
    const g = this.g;
    const src = this.source as Snap;
    let best = Infinity;
    let bestMetres = Infinity;
    let bestArc = -1;
    for (let dir = 0; dir < 2; dir++) {
      const lo = g.segArcFirst[2 * target.segment + dir];
      const hi = g.segArcFirst[2 * target.segment + dir + 1];
      if (lo === hi) continue;
      const along = dir === 0 ? target.t : 1 - target.t;
      if (src.segment === target.segment) {
        // Straight along the shared segment when the target lies ahead in a legal direction.
        const ahead = dir === 0 ? target.t >= src.t : target.t <= src.t;
        if (ahead) {
          const frac = Math.abs(target.t - src.t);
          const a = g.segArcs[lo];
          const d = frac * g.arcDuration[a];
          if (d < best) {
            best = d;
            bestMetres = frac * g.arcDistance[a];
            bestArc = -2;
          }
        }
      }
      for (let k = lo; k < hi; k++) {
        const a = g.segArcs[k];
        const tail = g.arcTail[a];
        if (this.settled[tail] !== this.generation) continue;
        const d = this.dist[tail] + along * g.arcDuration[a];
        if (d < best) {
          best = d;
          bestMetres = this.metres[tail] + along * g.arcDistance[a];
          bestArc = a;
        }
      }
    }
    return { duration: best, distance: bestMetres, arc: bestArc };
  }

  /** The arcs of the fastest path to a target as pieces, from the source point to the target point. */
  path(target: Snap): Piece[] | null {
    const g = this.g;
    const src = this.source as Snap;
    const arr = this.arrival(target);
    if (arr.arc === -1) return null;
    if (arr.arc === -2) {
      const dir = target.t >= src.t ? 0 : 1;
      const a = g.segArcs[g.segArcFirst[2 * target.segment + dir]];
      const from = dir === 0 ? src.t : 1 - src.t;
      const to = dir === 0 ? target.t : 1 - target.t;
      return [{ arc: a, from, to }];
    }
    const lastDir = this.dirOf(arr.arc);
    const pieces: Piece[] = [{ arc: arr.arc, from: 0, to: lastDir === 0 ? target.t : 1 - target.t }];
    let v = g.arcTail[arr.arc];
    for (;;) {
      const p = this.parent[v];
      if (p < 0) {
        const a = -1 - p;
        const dir = this.dirOf(a);
        pieces.push({ arc: a, from: dir === 0 ? src.t : 1 - src.t, to: 1 });
        break;
      }
      pieces.push({ arc: p, from: 0, to: 1 });
      v = g.arcTail[p];
    }
    return pieces.reverse();
  }

  /** 0 when the arc runs A->B along its segment. */
  private dirOf(a: number): number {
    return this.g.physical[this.g.arcHead[a]] === this.g.segB[this.g.arcSegment[a]] ? 0 : 1;
  }
}
