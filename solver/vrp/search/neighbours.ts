/**
 * Granular neighbourhoods: for each job variant, its nearest other jobs by a proximity
 * that accounts for time windows (Vidal et al. 2013; PyVRP's compute_neighbours): travel, plus a
 * share of the waiting that visiting one after the other forces, plus the time warp it causes,
 * taken in the better direction. A job with several windows is one variant per window; it is
 * listed once, by its nearest variant, so that k neighbours are k jobs (a list of k variants held
 * about k / 3 jobs on the day suite, where a job has 2-4 windows).
 */
import { type CompiledProblem, NodeKind } from './compiled-problem';

const WAIT_WEIGHT = 0.2;
const WARP_WEIGHT = 1;

export interface Neighbours {
  /** Neighbours of node u: list[start[u] .. start[u + 1]). */
  readonly start: Int32Array;
  readonly list: Int32Array;
}

export function computeNeighbours(cp: CompiledProblem, size: number): Neighbours {
  const jobGroups: number[] = [];
  let jobNodes = 0;
  for (let g = 0; g < cp.groupCount; g++) {
    if (cp.nodeKind[cp.groupNodes[cp.groupStart[g]]] !== NodeKind.Job) continue;
    jobGroups.push(g);
    jobNodes += cp.groupStart[g + 1] - cp.groupStart[g];
  }
  const k = Math.min(size, Math.max(0, jobGroups.length - 1));
  const start = new Int32Array(cp.nodeCount + 1);
  const list = new Int32Array(jobNodes * k);
  const n = cp.locationCount;
  const heapScore = new Float64Array(k);
  const heapNode = new Int32Array(k);
  let fill = 0;
  for (let u = 0; u < cp.nodeCount; u++) {
    start[u] = fill;
    if (cp.nodeKind[u] !== NodeKind.Job || k === 0) continue;
    // Bounded max-heap of the k best jobs so far, each by its nearest variant; no sort of the full row.
    let count = 0;
    for (let gi = 0; gi < jobGroups.length; gi++) {
      const g = jobGroups[gi];
      if (g === cp.nodeGroup[u]) continue;
      let v = -1;
      let score = Infinity;
      for (let p = cp.groupStart[g]; p < cp.groupStart[g + 1]; p++) {
        const x = cp.groupNodes[p];
        const sx = Math.min(proximity(cp, u, x, n), proximity(cp, x, u, n));
        if (sx < score) {
          score = sx;
          v = x;
        }
      }
      if (count < k) {
        heapScore[count] = score;
        heapNode[count] = v;
        count++;
        siftUp(heapScore, heapNode, count - 1);
      } else if (score < heapScore[0]) {
        heapScore[0] = score;
        heapNode[0] = v;
        siftDown(heapScore, heapNode, count);
      }
    }
    // Best first, so that the search tries the most promising neighbours first.
    const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => heapScore[a] - heapScore[b] || heapNode[a] - heapNode[b]);
    for (const i of order) list[fill++] = heapNode[i];
  }
  start[cp.nodeCount] = fill;
  return { start, list };
}

function proximity(cp: CompiledProblem, u: number, v: number, n: number): number {
  const arc = cp.nodeLocation[u] * n + cp.nodeLocation[v];
  const travel = cp.durations[arc];
  const wait = Math.max(cp.nodeEarly[v] - travel - cp.nodeService[u] - cp.nodeLate[u], 0);
  const warp = Math.max(cp.nodeEarly[u] + cp.nodeService[u] + travel - cp.nodeLate[v], 0);
  return cp.distances[arc] + WAIT_WEIGHT * wait + WARP_WEIGHT * warp;
}

function siftUp(score: Float64Array, node: Int32Array, i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (score[p] >= score[i]) break;
    swap(score, node, i, p);
    i = p;
  }
}

function siftDown(score: Float64Array, node: Int32Array, count: number): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < count && score[l] > score[m]) m = l;
    if (r < count && score[r] > score[m]) m = r;
    if (m === i) return;
    swap(score, node, i, m);
    i = m;
  }
}

function swap(score: Float64Array, node: Int32Array, i: number, j: number): void {
  const s = score[i];
  score[i] = score[j];
  score[j] = s;
  const x = node[i];
  node[i] = node[j];
  node[j] = x;
}
