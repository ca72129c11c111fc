/**
 * The Problem compiled for the search: typed arrays indexed by node.
 *
 * Nodes: vehicle k owns start node 2k and end node 2k+1; then one "variant" node per (job, window)
 * and per (break, window). A job with k windows becomes k variants in an exclusive group, each with
 * one window and prize x valueFactor, so the segment algebra stays exact with one window per node;
 * a solution serves at most one variant of a group. Breaks are groups pinned to their vehicle,
 * located nowhere (taken where the vehicle is).
 */
import type { Problem } from '../model';
import { SegmentStore } from './segment';

// Stand-ins for an open window and an unreachable arc: finite, so the algebra never meets Inf - Inf.
export const OPEN_EARLY = -1e15;
export const OPEN_LATE = 1e15;
const UNREACHABLE = 1e12;

export const enum NodeKind {
  Start = 0,
  End = 1,
  Job = 2,
  Break = 3,
}

export interface CompiledProblem {
  readonly problem: Problem;
  readonly locationCount: number;
  readonly durations: Float64Array;
  readonly distances: Float64Array;
  readonly vehicleCount: number;
  readonly jobCount: number;
  readonly groupCount: number;
  readonly nodeCount: number;
  /** First variant node (nodes below are depots). */
  readonly firstVariant: number;
  readonly nodeKind: Uint8Array;
  readonly nodeLocation: Int32Array;
  readonly nodeGroup: Int32Array;
  readonly nodeWindow: Int32Array;
  readonly nodeEarly: Float64Array;
  readonly nodeLate: Float64Array;
  readonly nodeService: Float64Array;
  readonly nodeDemand: Float64Array;
  readonly nodePrize: Float64Array;
  /**
   * Every segment of the search: node u's single-node segment is handle u (see nodeSegment); the
   * search state and move context allocate their route and scratch segments after them.
   */
  readonly segments: SegmentStore;
  /** Variants of group g: groupNodes[groupStart[g] .. groupStart[g + 1]). */
  readonly groupStart: Int32Array;
  readonly groupNodes: Int32Array;
  readonly groupRequired: Uint8Array;
  /** Vehicle a break group belongs to; -1 for job groups. */
  readonly groupVehicle: Int32Array;
  /** Break index within its vehicle, or job index for job groups. */
  readonly groupIndex: Int32Array;
  /** allowed[g * vehicleCount + k] = 1 when vehicle k may serve group g (skills, pins). */
  readonly allowed: Uint8Array;
  readonly capacity: Float64Array;
  readonly maxDuration: Float64Array;
  readonly maxDistance: Float64Array;
  readonly costPerDistance: Float64Array;
  readonly costPerDuration: Float64Array;
  readonly fixedCost: Float64Array;
  /** Group of the i-th locked job of vehicle k's route: lockedGroups[k]. */
  readonly lockedGroups: Int32Array[];
  /** Some jobs belong to a same-vehicle group (problem.sameVehicle): moves must keep them together. */
  readonly hasSameVehicle: boolean;
  /** Same-vehicle group of each job group, or -1; its jobs: sameVehicleJobs[sameVehicleStart[s] .. sameVehicleStart[s + 1]). */
  readonly sameVehicleOf: Int32Array;
  readonly sameVehicleStart: Int32Array;
  readonly sameVehicleJobs: Int32Array;
}

export function compileProblem(problem: Problem): CompiledProblem {
  const n = problem.locationCount;
  const durations = toFiniteMatrix(problem.durations, n, 'durations');
  const distances = toFiniteMatrix(problem.distances, n, 'distances');
  const vehicleCount = problem.vehicles.length;
  const jobCount = problem.jobs.length;
  let breakCount = 0;
  let variantCount = 0;
  for (const job of problem.jobs) variantCount += Math.max(1, job.windows.length);
  for (const vehicle of problem.vehicles) {
    breakCount += vehicle.breaks.length;
    for (const b of vehicle.breaks) variantCount += Math.max(1, b.windows.length);
  }
  const groupCount = jobCount + breakCount;
  const firstVariant = 2 * vehicleCount;
  const nodeCount = firstVariant + variantCount;

  const nodeKind = new Uint8Array(nodeCount);
  const nodeLocation = new Int32Array(nodeCount).fill(-1);
  const nodeGroup = new Int32Array(nodeCount).fill(-1);
  const nodeWindow = new Int32Array(nodeCount).fill(-1);
  const nodeEarly = new Float64Array(nodeCount);
  const nodeLate = new Float64Array(nodeCount);
  const nodeService = new Float64Array(nodeCount);
  const nodeDemand = new Float64Array(nodeCount);
  const nodePrize = new Float64Array(nodeCount);
  const groupStart = new Int32Array(groupCount + 1);
  const groupNodes = new Int32Array(variantCount);
  const groupRequired = new Uint8Array(groupCount);
  const groupVehicle = new Int32Array(groupCount).fill(-1);
  const groupIndex = new Int32Array(groupCount);
  const allowed = new Uint8Array(groupCount * vehicleCount);

  const capacity = new Float64Array(vehicleCount);
  const maxDuration = new Float64Array(vehicleCount);
  const maxDistance = new Float64Array(vehicleCount);
  const costPerDistance = new Float64Array(vehicleCount);
  const costPerDuration = new Float64Array(vehicleCount);
  const fixedCost = new Float64Array(vehicleCount);

  const skillBit = new Map<string, number>();
  const skillMask = (skills: string[], register: boolean): bigint => {
    let mask = 0n;
    for (const s of skills) {
      let bit = skillBit.get(s);
      if (bit === undefined) {
        if (!register) return -1n; // a skill no vehicle holds
        bit = skillBit.size;
        skillBit.set(s, bit);
      }
      mask |= 1n << BigInt(bit);
    }
    return mask;
  };
  const vehicleSkills = problem.vehicles.map((v) => skillMask(v.skills, true));

  problem.vehicles.forEach((v, k) => {
    checkLocation(v.start, n, `vehicle ${k} start`);
    checkLocation(v.end, n, `vehicle ${k} end`);
    for (const [node, location, kind] of [
      [2 * k, v.start, NodeKind.Start],
      [2 * k + 1, v.end, NodeKind.End],
    ] as const) {
      nodeKind[node] = kind;
      nodeLocation[node] = location;
      nodeEarly[node] = v.shift.start;
      nodeLate[node] = v.shift.end;
    }
    capacity[k] = v.capacity;
    maxDuration[k] = v.maxDuration ?? OPEN_LATE;
    maxDistance[k] = v.maxDistance ?? OPEN_LATE;
    costPerDistance[k] = v.costPerDistance;
    costPerDuration[k] = v.costPerDuration;
    fixedCost[k] = v.fixedCost;
  });

  let node = firstVariant;
  let slot = 0;
  problem.jobs.forEach((job, j) => {
    checkLocation(job.location, n, `job ${j} (${job.id}) location`);
    groupStart[j] = slot;
    groupRequired[j] = job.required ? 1 : 0;
    groupIndex[j] = j;
    const windows = job.windows.length > 0 ? job.windows : [{ start: OPEN_EARLY, end: OPEN_LATE, valueFactor: 1 }];
    windows.forEach((w, wi) => {
      nodeKind[node] = NodeKind.Job;
      nodeLocation[node] = job.location;
      nodeGroup[node] = j;
      nodeWindow[node] = job.windows.length > 0 ? wi : -1;
      nodeEarly[node] = w.start;
      nodeLate[node] = w.end;
      nodeService[node] = job.service;
      nodeDemand[node] = job.demand;
      nodePrize[node] = job.prize * (w.valueFactor ?? 1);
      groupNodes[slot++] = node++;
    });
    const mask = skillMask(job.skills, false);
    for (let k = 0; k < vehicleCount; k++) {
      const skillsOk = mask >= 0n && (vehicleSkills[k] & mask) === mask;
      const pinOk = job.allowedVehicles === undefined || job.allowedVehicles.includes(k);
      allowed[j * vehicleCount + k] = skillsOk && pinOk ? 1 : 0;
    }
  });
  let g = jobCount;
  problem.vehicles.forEach((v, k) => {
    v.breaks.forEach((b, bi) => {
      groupStart[g] = slot;
      groupRequired[g] = 1;
      groupVehicle[g] = k;
      groupIndex[g] = bi;
      allowed[g * vehicleCount + k] = 1;
      const windows = b.windows.length > 0 ? b.windows : [{ start: OPEN_EARLY, end: OPEN_LATE }];
      windows.forEach((w, wi) => {
        nodeKind[node] = NodeKind.Break;
        nodeGroup[node] = g;
        nodeWindow[node] = b.windows.length > 0 ? wi : -1;
        nodeEarly[node] = w.start;
        nodeLate[node] = w.end;
        nodeService[node] = b.duration;
        groupNodes[slot++] = node++;
      });
      g++;
    });
  });
  groupStart[groupCount] = slot;

  // Room for the node segments and, roughly, the routes' prefixes and suffixes; the store grows.
  const segments = new SegmentStore(durations, distances, n, 3 * nodeCount + 64);
  segments.allocate(nodeCount);
  for (let u = 0; u < nodeCount; u++) {
    if (nodeKind[u] === NodeKind.Break) segments.setBreak(u, nodeService[u], nodeEarly[u], nodeLate[u]);
    else segments.setVisit(u, nodeLocation[u], nodeService[u], nodeEarly[u], nodeLate[u], nodeDemand[u], nodePrize[u], nodeKind[u] === NodeKind.Job ? 1 : 0);
  }

  const lockedGroups = problem.vehicles.map((v, k) => {
    const locked = v.lockedPrefix ?? [];
    for (const j of locked) {
      if (!Number.isInteger(j) || j < 0 || j >= jobCount) {
        throw new Error(`vehicle ${k} lockedPrefix: ${j} is not a job index`);
      }
    }
    return Int32Array.from(locked);
  });
  const sameVehicle = compileSameVehicle(problem.sameVehicle ?? [], jobCount);

  return {
    problem,
    locationCount: n,
    durations,
    distances,
    vehicleCount,
    jobCount,
    groupCount,
    nodeCount,
    firstVariant,
    nodeKind,
    nodeLocation,
    nodeGroup,
    nodeWindow,
    nodeEarly,
    nodeLate,
    nodeService,
    nodeDemand,
    nodePrize,
    segments,
    groupStart,
    groupNodes,
    groupRequired,
    groupVehicle,
    groupIndex,
    allowed,
    capacity,
    maxDuration,
    maxDistance,
    costPerDistance,
    costPerDuration,
    fixedCost,
    lockedGroups,
    ...sameVehicle,
  };
}

function compileSameVehicle(
  groups: number[][],
  jobCount: number,
): Pick<CompiledProblem, 'hasSameVehicle' | 'sameVehicleOf' | 'sameVehicleStart' | 'sameVehicleJobs'> {
  const sameVehicleOf = new Int32Array(jobCount).fill(-1);
  const starts: number[] = [];
  const jobs: number[] = [];
  groups.forEach((group, given) => {
    for (const j of group) {
      if (!Number.isInteger(j) || j < 0 || j >= jobCount) throw new Error(`sameVehicle[${given}]: ${j} is not a job index`);
    }
    // A group of one job constrains nothing: left out, so that the moves pay for real groups only.
    if (new Set(group).size < 2) return;
    const s = starts.length;
    starts.push(jobs.length);
    for (const j of new Set(group)) {
      if (sameVehicleOf[j] >= 0) throw new Error(`sameVehicle[${given}]: job ${j} is already in another group`);
      sameVehicleOf[j] = s;
      jobs.push(j);
    }
  });
  starts.push(jobs.length);
  return { hasSameVehicle: jobs.length > 0, sameVehicleOf, sameVehicleStart: Int32Array.from(starts), sameVehicleJobs: Int32Array.from(jobs) };
}

/** Handle of node u's single-node segment in `segments`: the node segments come first. */
export function nodeSegment(u: number): number {
  return u;
}

function toFiniteMatrix(matrix: ArrayLike<number>, n: number, name: string): Float64Array {
  if (matrix.length !== n * n) {
    throw new Error(`problem.${name} has ${matrix.length} entries, expected ${n} x ${n} = ${n * n}`);
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < out.length; i++) {
    const x = matrix[i];
    if (Number.isNaN(x) || x < 0) {
      throw new Error(`problem.${name}[${Math.floor(i / n)}][${i % n}] is ${x}: expected a non-negative number`);
    }
    out[i] = x > UNREACHABLE ? UNREACHABLE : x;
  }
  return out;
}

function checkLocation(location: number, n: number, what: string): void {
  if (!Number.isInteger(location) || location < 0 || location >= n) {
    throw new Error(`${what} is ${location}: expected a location index in [0, ${n})`);
  }
}
