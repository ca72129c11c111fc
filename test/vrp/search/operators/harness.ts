/**
 * Property checks for one local-search operator (after PyVRP's operator tests): on random small
 * problems (windows with value factors, capacity, prizes and optional jobs, breaks, duration and
 * distance limits, fixed costs, a locked prefix, a pinned job) and random routes (late, overloaded
 * and incomplete ones too), for random pairs (U, V):
 * - the delta evaluate() returns equals the change in the penalised cost of the move, recomputed
 *   from the Problem by reference-cost.ts; an evaluate that returns 0 early (a bound says the move
 *   cannot improve) is checked to be right about that;
 * - an operator that picks among variants (the job's windows) returns the best of them;
 * - a move evaluated as improving is what apply() does, and it lowers the reference cost;
 * - apply() keeps the locked prefix and the pins.
 * The expected result of each move is written here on plain arrays, independently of apply().
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Problem, Route } from '../../../../solver/vrp/model';
import { compileProblem, NodeKind, type CompiledProblem } from '../../../../solver/vrp/search/compiled-problem';
import { CostEvaluator } from '../../../../solver/vrp/search/cost-evaluator';
import { MoveContext } from '../../../../solver/vrp/search/move-context';
import type { NodeOperator } from '../../../../solver/vrp/search/operators/operator';
import { SavedRoutes, SearchState } from '../../../../solver/vrp/search/search-state';
import { lcg, randomProblem } from '../random-problem';
import { referencePenalisedCost, type Weights } from './reference-cost';

/** The visits (variant nodes, no depots) of each vehicle's route, by vehicle. */
export type Plan = number[][];

/** Where U and V are when the move is evaluated (positions count the start depot as 0). */
export interface MoveSite {
  cp: CompiledProblem;
  plan: Plan;
  u: number;
  v: number;
  ru: number;
  rv: number;
  i: number;
  j: number;
}

export interface OperatorSpec {
  make: (ctx: MoveContext) => NodeOperator;
  /** Which nodes the local search passes as U: served jobs and breaks, served jobs only, or variants of unserved jobs. */
  u: 'served' | 'served-job' | 'unserved';
  /** V: a served visit or a start depot, or a served job only. */
  v: 'served-or-start' | 'served-job';
  /** The plans the move may lead to: one, or one per variant the operator chooses among. */
  outcomes: (site: MoveSite) => Outcomes;
}

export interface Outcomes {
  plans: Plan[];
  /** evaluate() prices the best plan only when it improves, else returns 0 (it picks among variants). */
  bestImprovement: boolean;
}

export interface Tally {
  /** Moves evaluate() priced (valid for the operator). */
  evaluated: number;
  improving: number;
  worsening: number;
  /** Priced as no change: a bound cut the evaluation short, or nothing better than staying. */
  zero: number;
}

const IMPROVEMENT = -1e-7;

const scenario = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  jobs: fc.integer({ min: 2, max: 9 }),
  vehicles: fc.integer({ min: 1, max: 3 }),
  maxWindows: fc.integer({ min: 0, max: 3 }),
  breaks: fc.boolean(),
  optionalShare: fc.constantFrom(0, 0.5, 1),
  capacity: fc.integer({ min: 3, max: 25 }),
  // Without a duration cost the operators prune with distance bounds; with one they price every move.
  costPerDuration: fc.constantFrom(0, 0.5),
  fixedCost: fc.constantFrom(0, 40),
  maxDuration: fc.option(fc.integer({ min: 40, max: 180 }), { nil: undefined }),
  maxDistance: fc.option(fc.integer({ min: 40, max: 180 }), { nil: undefined }),
  valueFactors: fc.boolean(),
  lock: fc.integer({ min: 0, max: 2 }),
  pin: fc.boolean(),
  /** Rounded Euclidean arcs break the triangle inequality by up to 1; shortest paths over them restore it. */
  metric: fc.boolean(),
  weights: fc.record({
    timeWarp: fc.double({ min: 0.1, max: 50, noNaN: true }),
    load: fc.double({ min: 0.1, max: 50, noNaN: true }),
    distance: fc.double({ min: 0.1, max: 50, noNaN: true }),
  }),
  routes: fc.integer({ min: 1, max: 1_000_000 }),
  served: fc.constantFrom(0.5, 0.8, 1),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const HORIZON = 200;

function scenarioProblem(s: Scenario): Problem {
  const problem = randomProblem(s.seed, {
    jobs: s.jobs,
    vehicles: s.vehicles,
    maxWindows: s.maxWindows,
    breaks: s.breaks,
    optionalShare: s.optionalShare,
    capacity: s.capacity,
    costPerDuration: s.costPerDuration,
    horizon: HORIZON,
  });
  const rnd = lcg(s.seed + 1);
  if (s.valueFactors) for (const job of problem.jobs) for (const w of job.windows) w.valueFactor = [1, 1.5, 2][Math.floor(rnd() * 3)];
  for (const vehicle of problem.vehicles) {
    vehicle.fixedCost = s.fixedCost;
    vehicle.maxDuration = s.maxDuration;
    vehicle.maxDistance = s.maxDistance;
  }
  const locked = Math.min(s.lock, s.jobs - 1);
  if (locked > 0) problem.vehicles[0].lockedPrefix = Array.from({ length: locked }, (_, j) => j);
  if (s.pin) problem.jobs[s.jobs - 1].allowedVehicles = [s.vehicles - 1];
  if (s.metric) {
    const shortest = shortestPaths(Array.from(problem.durations), problem.locationCount);
    problem.durations = shortest;
    problem.distances = [...shortest];
  }
  return problem;
}

/** Floyd-Warshall: the matrix of shortest paths over the arcs of `m` (n x n, row-major). */
function shortestPaths(m: number[], n: number): number[] {
  for (let k = 0; k < n; k++) for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) m[a * n + b] = Math.min(m[a * n + b], m[a * n + k] + m[k * n + b]);
  return m;
}

/** Random routes: locked jobs first on vehicle 0, other jobs on allowed vehicles or left out, breaks anywhere in their route. */
function randomPlan(cp: CompiledProblem, s: Scenario): { plan: Plan; locked: number[] } {
  const rnd = lcg(s.routes);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const variants = (g: number): number[] => Array.from(cp.groupNodes.subarray(cp.groupStart[g], cp.groupStart[g + 1]));
  const V = cp.vehicleCount;
  const keyed: { node: number; key: number }[][] = Array.from({ length: V }, () => []);
  const lockedJobs = cp.lockedGroups[0] ?? new Int32Array(0);
  const plan: Plan = Array.from({ length: V }, () => []);
  for (const g of lockedJobs) plan[0].push(pick(variants(g)));
  for (let g = 0; g < cp.jobCount; g++) {
    if (lockedJobs.includes(g) || rnd() >= s.served) continue;
    const allowed = Array.from({ length: V }, (_, k) => k).filter((k) => cp.allowed[g * V + k]);
    keyed[pick(allowed)].push({ node: pick(variants(g)), key: rnd() });
  }
  keyed.forEach((list, k) => plan[k].push(...list.sort((a, b) => a.key - b.key).map((x) => x.node)));
  for (let g = cp.jobCount; g < cp.groupCount; g++) {
    const route = plan[cp.groupVehicle[g]];
    route.splice(Math.floor(rnd() * (route.length + 1)), 0, pick(variants(g)));
  }
  // The locked prefix covers the positions up to the last locked job (breaks among them included).
  const locked = plan.map((route, k) => {
    if (k !== 0 || lockedJobs.length === 0) return 0;
    let seen = 0;
    for (let p = 0; p < route.length; p++) if (cp.nodeKind[route[p]] === NodeKind.Job && ++seen === lockedJobs.length) return p + 1;
    return 0;
  });
  return { plan, locked };
}

function load(state: SearchState, plan: Plan, locked: number[]): void {
  plan.forEach((visits, k) => {
    const route = state.routes[k];
    const nodes = [2 * k, ...visits, 2 * k + 1];
    route.grow(nodes.length + 1);
    route.nodes.set(nodes);
    route.length = nodes.length;
    route.locked = locked[k];
    state.update(route);
  });
}

export function planOf(state: SearchState): Plan {
  return state.routes.map((route) => Array.from(route.nodes.subarray(1, route.length - 1)));
}

/** A plan as the model's routes (every vehicle, empty ones too), for the reference cost. */
function routesOf(cp: CompiledProblem, plan: Plan): Route[] {
  return plan.map((visits, vehicle) => ({
    vehicle,
    visits: visits.map((u) => (cp.nodeKind[u] === NodeKind.Break ? -cp.groupIndex[cp.nodeGroup[u]] - 1 : cp.groupIndex[cp.nodeGroup[u]])),
    windows: visits.map((u) => Math.max(0, cp.nodeWindow[u])),
  }));
}

/** The variant nodes of u's group (u's job with each of its windows). */
export function variantsOf(cp: CompiledProblem, u: number): number[] {
  const g = cp.nodeGroup[u];
  return Array.from(cp.groupNodes.subarray(cp.groupStart[g], cp.groupStart[g + 1]));
}

export const copyPlan = (plan: Plan): Plan => plan.map((route) => [...route]);

function candidates(cp: CompiledProblem, state: SearchState, kind: OperatorSpec['u'] | OperatorSpec['v']): number[] {
  const out: number[] = [];
  for (let u = 0; u < cp.nodeCount; u++) {
    const served = state.nodeRoute[u] >= 0;
    const kindOf = cp.nodeKind[u];
    const take =
      kind === 'unserved'
        ? kindOf === NodeKind.Job && state.groupNode[cp.nodeGroup[u]] < 0
        : kind === 'served-job'
          ? served && kindOf === NodeKind.Job
          : kind === 'served'
            ? served && (kindOf === NodeKind.Job || kindOf === NodeKind.Break)
            : served && kindOf !== NodeKind.End;
    if (take) out.push(u);
  }
  return out;
}

const close = (a: number, b: number, scale: number): boolean => Math.abs(a - b) <= 1e-6 + 1e-9 * scale;

/** Runs the property over `runs` random problems and returns what the moves tried were like. */
export function checkOperator(spec: OperatorSpec, runs: number): Tally {
  const tally: Tally = { evaluated: 0, improving: 0, worsening: 0, zero: 0 };
  fc.assert(
    fc.property(scenario, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 5, maxLength: 25 }), (s, pairs) => {
      const problem = scenarioProblem(s);
      const cp = compileProblem(problem);
      const weights: Weights = s.weights;
      const state = new SearchState(cp, new CostEvaluator(cp, weights));
      const ctx = new MoveContext(state);
      const op = spec.make(ctx);
      const { plan, locked } = randomPlan(cp, s);
      load(state, plan, locked);
      const saved = new SavedRoutes(cp.vehicleCount);
      saved.save(state);
      const reference = (p: Plan): number => referencePenalisedCost(problem, routesOf(cp, p), weights);
      const before = reference(plan);
      // The search's own bookkeeping agrees with the reference before any move.
      expect(close(state.penalisedCost(), before, Math.abs(before)), `${state.penalisedCost()} vs ${before}`).toBe(true);
      const us = candidates(cp, state, spec.u);
      const vs = candidates(cp, state, spec.v);
      if (us.length === 0 || vs.length === 0) return;

      for (const [a, b] of pairs) {
        const u = us[a % us.length];
        const v = vs[b % vs.length];
        if (u === v) continue;
        const site: MoveSite = { cp, plan, u, v, ru: state.nodeRoute[u], rv: state.nodeRoute[v], i: state.nodePosition[u], j: state.nodePosition[v] };
        const evaluations = op.evaluations;
        const delta = op.evaluate(u, v);
        if (op.evaluations === evaluations) continue; // not a move this operator makes (same route, locked, pinned...)
        tally.evaluated++;
        const { plans: outcomes, bestImprovement } = spec.outcomes(site);
        const deltas = outcomes.map((p) => reference(p) - before);
        const best = Math.min(...deltas);
        const scale = Math.abs(before) + Math.abs(best);
        const where = `${op.name}(${u}, ${v}) priced ${delta}, the reference ${deltas.join(' or ')}`;
        // The bounds that cut evaluations short count travel, prize and fixed costs exactly, less the
        // penalties the move could lift; they leave out duration costs, so they hold when no vehicle
        // pays for duration, or when a detour cannot shorten a route (arcs that keep the triangle
        // inequality, and no breaks, before which a detour can use time spent waiting for them).
        const boundsHold = s.costPerDuration === 0 || (s.metric && !s.breaks);
        if (delta === 0) {
          tally.zero++;
          // Nothing the operator could have done improves (its bounds were right to stop it) ...
          if (boundsHold) expect(best, where).toBeGreaterThanOrEqual(-1e-6 - 1e-9 * scale);
          // ... and with no distance bounds to stop it early, a single move is priced exactly.
          if (!bestImprovement && !ctx.distanceBounds) expect(close(delta, best, scale), where).toBe(true);
          continue;
        }
        if (delta < 0) tally.improving++;
        else tally.worsening++;
        if (bestImprovement) {
          // An operator choosing among variants reports an improvement only, priced exactly: the best one.
          expect(delta < 0 && deltas.some((d) => close(delta, d, scale)), where).toBe(true);
          if (boundsHold) expect(close(delta, best, scale), where).toBe(true);
        } else {
          expect(close(delta, deltas[0], scale), where).toBe(true);
        }
        if (delta >= IMPROVEMENT) continue;

        const stateBefore = state.penalisedCost();
        op.apply(u, v);
        const after = planOf(state);
        const reached = outcomes.findIndex((p) => JSON.stringify(p) === JSON.stringify(after));
        expect(reached, `${op.name}(${u}, ${v}) applied a move it did not evaluate`).toBeGreaterThanOrEqual(0);
        const afterCost = reference(after);
        expect(close(afterCost - before, delta, scale), `${op.name}(${u}, ${v}) applied`).toBe(true);
        expect(afterCost).toBeLessThan(before);
        expect(close(state.penalisedCost() - stateBefore, delta, scale)).toBe(true);
        expectLocksAndPins(cp, problem, state);
        saved.restore(state);
      }
    }),
    { numRuns: runs },
  );
  return tally;
}

function expectLocksAndPins(cp: CompiledProblem, problem: Problem, state: SearchState): void {
  const lockedPrefix = problem.vehicles[0].lockedPrefix ?? [];
  const jobs = planOf(state)[0]
    .filter((u) => cp.nodeKind[u] === NodeKind.Job)
    .map((u) => cp.nodeGroup[u]);
  expect(jobs.slice(0, lockedPrefix.length)).toEqual(lockedPrefix);
  state.routes.forEach((route, k) => {
    for (let p = 1; p < route.length - 1; p++) expect(cp.allowed[cp.nodeGroup[route.nodes[p]] * cp.vehicleCount + k]).toBe(1);
  });
}
