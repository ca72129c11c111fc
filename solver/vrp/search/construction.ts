/**
 * The first solution: locked prefixes exactly as given, then the caller's initial solution (when
 * any), then each vehicle's breaks, then every other job by cheapest insertion (required jobs
 * first).
 */
import { NodeKind, nodeSegment } from './compiled-problem';
import type { MoveContext } from './move-context';
import type { Random } from './random';
import type { Recreate } from './recreate';

/**
 * Optional jobs go in wherever a route stays feasible, whatever they cost: a cluster of visits may
 * pay only as a whole (a far cluster, one route), which one-by-one insertion would never see; the
 * local search then removes the visits that do not pay.
 */
const FILL_OPTIONAL = 1e12;

export function construct(ctx: MoveContext, recreate: Recreate, rng: Random): void {
  const { cp, state } = ctx;
  const problem = cp.problem;
  const lockedBy = new Int32Array(cp.jobCount).fill(-1);
  for (const route of state.routes) {
    const k = route.vehicle;
    const locked = cp.lockedGroups[k];
    for (const g of locked) {
      if (lockedBy[g] >= 0) throw new Error(`job ${g} (${problem.jobs[g].id}) is in the locked prefix of vehicles ${lockedBy[g]} and ${k}`);
      lockedBy[g] = k;
    }
    // A re-plan's initial route holds the done stops with the break where it was taken: keep that
    // order (and the windows used), or the rebuilt start is not the route the day started from.
    const given = problem.initial?.routes.find((r) => r.vehicle === k);
    let i = 0;
    if (given && locked.length > 0) {
      for (let p = 0; p < given.visits.length && i < locked.length; p++) {
        const visit = given.visits[p];
        const g = visit >= 0 ? (visit === locked[i] ? visit : -1) : groupOfBreak(ctx, k, -visit - 1);
        if (g < 0) break;
        appendBestVariant(ctx, k, g, given.windows?.[p] ?? -1);
        route.locked++;
        if (visit >= 0) i++;
      }
    }
    for (; i < locked.length; i++) {
      appendBestVariant(ctx, k, locked[i], -1);
      route.locked++;
    }
  }

  if (problem.initial) {
    for (const given of problem.initial.routes) {
      const route = state.routes[given.vehicle];
      if (!route) continue;
      given.visits.forEach((visit, i) => {
        const g = visit >= 0 ? visit : groupOfBreak(ctx, given.vehicle, -visit - 1);
        if (g < 0 || g >= cp.groupCount || state.groupNode[g] >= 0) return;
        if (!ctx.allowed(g, route.vehicle) || !ctx.canJoin(g, route.vehicle)) return;
        appendBestVariant(ctx, route.vehicle, g, given.windows?.[i] ?? -1);
      });
    }
  }

  const order: number[] = [];
  for (let g = cp.jobCount; g < cp.groupCount; g++) if (state.groupNode[g] < 0) order.push(g);
  const jobs: number[] = [];
  for (let g = 0; g < cp.jobCount; g++) if (state.groupNode[g] < 0) jobs.push(g);
  rng.shuffle(jobs);
  jobs.sort((a, b) => cp.groupRequired[b] - cp.groupRequired[a]);
  order.push(...jobs);
  recreate.insertAll(Int32Array.from(order), order.length, 0, FILL_OPTIONAL);
}

/** Appends group g at the end of vehicle k's route (before its end depot), choosing its window. */
function appendBestVariant(ctx: MoveContext, k: number, g: number, window: number): void {
  const { cp, state } = ctx;
  const route = state.routes[k];
  const j = route.length - 2;
  let bestNode = -1;
  let bestCost = Infinity;
  for (let p = cp.groupStart[g]; p < cp.groupStart[g + 1]; p++) {
    const w = cp.groupNodes[p];
    if (window >= 0 && cp.nodeWindow[w] !== window) continue;
    const cost = ctx.cost3(route.prefix(j), nodeSegment(w), route.suffix(j + 1), k);
    if (cost < bestCost) {
      bestCost = cost;
      bestNode = w;
    }
  }
  if (bestNode < 0) bestNode = cp.groupNodes[cp.groupStart[g]];
  state.insert(bestNode, route, j);
}

function groupOfBreak(ctx: MoveContext, k: number, breakIndex: number): number {
  const { cp } = ctx;
  for (let g = cp.jobCount; g < cp.groupCount; g++) {
    if (cp.groupVehicle[g] === k && cp.groupIndex[g] === breakIndex && cp.nodeKind[cp.groupNodes[cp.groupStart[g]]] === NodeKind.Break) return g;
  }
  return -1;
}
