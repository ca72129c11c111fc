/**
 * The outer loop: an iterated search by ruin and recreate (SISR) with simulated-annealing
 * acceptance on the penalised cost, the granular local search as polish, and adaptive penalties.
 * Stopping (time, iterations, abort) is checked often; progress is reported when the best improves
 * and at least once a second.
 */
import type { Problem } from '../model';
import type { SolveOptions, SolveResult } from '../solve';
import { compileProblem, type CompiledProblem } from './compiled-problem';
import { construct } from './construction';
import { CostEvaluator } from './cost-evaluator';
import { LocalSearch } from './local-search';
import { MoveContext } from './move-context';
import { computeNeighbours } from './neighbours';
import { PenaltyManager } from './penalty-manager';
import { Random } from './random';
import { Recreate } from './recreate';
import { Ruin } from './ruin';
import { SavedRoutes, SearchState } from './search-state';

export interface SearchParameters {
  /** Granular neighbourhood size, in jobs. */
  neighbours: number;
  /** The same where some job has several windows (the product's days: which visit, in which band). */
  windowedNeighbours: number;
  /** SISR's average number of removed jobs and longest string. */
  averageRemoved: number;
  maxStringLength: number;
  /** Strings a ruin may take from one route (SISR: one). */
  stringsPerRoute: number;
  /** The same where prizes alone decide: a few long routes, whose stretches must be traded whole. */
  prizeOnlyStringsPerRoute: number;
  blinkRate: number;
  /** Annealing temperatures as multiples of the average cost per served job. */
  startTemperature: number;
  endTemperature: number;
  /**
   * The start where prizes alone decide (travelOnlyBreaksTies): whole stretches of a route must be
   * traded for a better-paying area, at a loss on the way.
   */
  prizeOnlyStartTemperature: number;
  /**
   * The same for a portfolio's helper threads (portfolio.ts): a cooler search beside the hot one
   * polishes what the hot one finds, and they rarely sit in the same local optimum.
   */
  prizeOnlyHelperStartTemperature: number;
  /** Share of infeasible candidates repaired by a local search under boosted penalties. */
  repairShare: number;
  /** Share of iterations whose recreate lets in optional jobs that do not pay alone. */
  optionalSlackShare: number;
  /** Share of iterations whose recreate takes the most valuable jobs first (prize-collecting problems). */
  valueOrderShare: number;
  /** Where prizes alone decide and every job is optional: share of iterations whose recreate inserts by prize per time taken. */
  prizeOnlyRatioShare: number;
  /**
   * Where prizes alone decide: after this many iterations without a better best, the search starts
   * again from its best with a ruin of kickRemoved jobs on average, taken whatever it costs (an
   * iterated local search's kick): a cooled search otherwise sits in the optimum it reached.
   */
  prizeOnlyKickAfter: number;
  kickRemoved: number;
  /** Iterations between a portfolio's exchanges of their best (portfolio.ts): a few per second on the product's days. */
  exchangeEvery: number;
  /**
   * Where prizes alone decide, thread 0 handed a better best keeps searching from its own current
   * solution (the better best is where its next kick starts, and what it answers): threads that
   * all carry on from one best fall into its optimum together.
   */
  prizeOnlyKeepsCurrent: boolean;
  /**
   * The same for a portfolio's helper threads (portfolio.ts). Off: the cool helper carries on from
   * the better best it is handed and polishes it, while the hot thread 0 searches on from its own.
   */
  prizeOnlyHelperKeepsCurrent: boolean;
  /**
   * Where prizes alone decide and there are at most fewRoutes routes: the search starts this many
   * times from a new construction in the first fewRoutesStartsShare of the run, then carries on
   * from the best.
   */
  fewRoutesStarts: number;
  fewRoutesStartsShare: number;
  fewRoutes: number;
}

export const DEFAULT_PARAMETERS: SearchParameters = {
  neighbours: 20,
  windowedNeighbours: 40,
  averageRemoved: 10,
  maxStringLength: 10,
  stringsPerRoute: 1,
  prizeOnlyStringsPerRoute: 2,
  blinkRate: 0.01,
  startTemperature: 0.3,
  endTemperature: 0.005,
  prizeOnlyStartTemperature: 1,
  prizeOnlyHelperStartTemperature: 0.3,
  repairShare: 0.5,
  optionalSlackShare: 0.2,
  valueOrderShare: 0.5,
  prizeOnlyRatioShare: 0.5,
  exchangeEvery: 40,
  prizeOnlyKickAfter: 300,
  kickRemoved: 30,
  prizeOnlyKeepsCurrent: true,
  prizeOnlyHelperKeepsCurrent: false,
  fewRoutesStarts: 5,
  fewRoutesStartsShare: 0.5,
  fewRoutes: 2,
};

const DEFAULT_TIME_LIMIT_MS = 10_000;
export const DEFAULT_SEED = 1;
/** Unserved jobs among this many neighbours of each removed job are offered to recreate. */
const UNSERVED_NEIGHBOURS = 5;
const REPAIR_BOOST = 10;
const CONSTRUCTION_BOOST = 100;
/** Start on the feasible side; the penalty manager lowers the weights when that is too easy. */
const INITIAL_PENALTY_BOOST = 5;
const PROGRESS_INTERVAL_MS = 1000;
/** Travel priced below this share of a visit's prize only breaks ties between plans. */
const TIE_BREAK_SHARE = 1e-3;

/** Another thread's best: its objective and its routes as SavedRoutes.encode wrote them. */
export interface SharedBest {
  objective: number;
  routes: Int32Array;
}

/**
 * How searches in several threads share their best (portfolio.ts): every so many iterations (the
 * same in every thread: exchangeEvery) each publishes its best and may be handed a better one to
 * carry on from.
 */
export interface EliteExchange {
  stopRequested(): boolean;
  share(best: SavedRoutes, bestObjective: number): SharedBest | undefined;
  /** At the end: thread 0 learns the best of all threads, when another's beats its own. */
  finish(best: SavedRoutes, bestObjective: number): SharedBest | undefined;
}

export function runSearch(problem: Problem, options: SolveOptions, parameters: SearchParameters = DEFAULT_PARAMETERS, exchange?: EliteExchange): SolveResult {
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  const timeLimit = options.timeLimitMs ?? (options.maxIterations === undefined ? DEFAULT_TIME_LIMIT_MS : Infinity);
  const maxIterations = options.maxIterations ?? Infinity;
  const signal = options.signal;
  const shouldStop = (): boolean => signal?.aborted === true || elapsed() >= timeLimit || exchange?.stopRequested() === true;

  const cp = compileProblem(problem);
  const rng = new Random(options.seed ?? DEFAULT_SEED);
  const prices = typicalPrices(cp);
  const evaluator = new CostEvaluator(cp, initialWeights(prices));
  const state = new SearchState(cp, evaluator);
  const ctx = new MoveContext(state);
  const severalWindows = hasSeveralWindows(cp);
  const neighbours = computeNeighbours(cp, severalWindows ? parameters.windowedNeighbours : parameters.neighbours);
  const localSearch = new LocalSearch(ctx, neighbours, rng, shouldStop);
  const recreate = new Recreate(ctx, rng, shouldStop);
  const prizeOnly = travelOnlyBreaksTies(prices);
  const stringsPerRoute = prizeOnly ? parameters.prizeOnlyStringsPerRoute : parameters.stringsPerRoute;
  const ruin = new Ruin(ctx, neighbours, rng, parameters.averageRemoved, parameters.maxStringLength, stringsPerRoute);
  const penalties = new PenaltyManager(evaluator);
  const groupValue = capacityBinds(cp) ? bestGroupValues(cp) : undefined;
  // Where jobs have several windows (the product's days: 40 neighbours, a variant per window, so
  // a full local search costs ~70,000 evaluations), the search after a ruin looks only around
  // what changed (the promising jobs of local-search.ts), and a candidate that will be accepted
  // is then polished by the full search. Measured at the clock, 1 thread, against the full search
  // after every ruin: day suite 2 s 1.60% -> 1.24% mean gap (seeds 1-8), 5 s 0.99% -> 0.77%
  // (seeds 1-4). On one-window problems it did not pay: TOPTW pr01-pr10 at 3 s 1.41% -> 2.33%
  // (time freed anywhere along a route lets any unserved job near it in, which the full search
  // finds), Gehring-Homberger at 60 s 2.02% -> 2.19% (the long routes of c2, r2 worse), Solomon
  // at 2 s 0.40% -> 0.38%.
  const focused = severalWindows;
  const byRatio = prizeOnly && allOptional(cp);
  // One or two routes (orienteering): which area each works is settled in the first hundred or
  // so iterations, and no ruin of a few visits moves a route to another (TOPTW pr10 with m = 1 ends
  // in one of two areas whose routes share their first six visits; pr06 with m = 2 reaches its
  // best-known 1,076 only with its west route near the depot, and at 1,046 after 20 s otherwise).
  // Several starts, then the best. With three routes or more a run needs its whole time to
  // converge (pr06 m = 3 gains 2% between 3 s and 20 s), and the starts measured worse. Only from
  // scratch: a re-plan's warm start (locks, an initial solution) is kept, and a product's day (jobs
  // with several windows) is built too slowly to be built five times.
  const fromScratch = problem.initial === undefined && problem.vehicles.every((v) => (v.lockedPrefix?.length ?? 0) === 0);
  const starts = byRatio && cp.vehicleCount <= parameters.fewRoutes && !severalWindows && fromScratch ? Math.max(1, parameters.fewRoutesStarts) : 1;
  let startsMade = 1;
  /** The first half of a run with several starts: no kick yet, and each start stands on its own. */
  const makingStarts = (): boolean => starts > 1 && startsMade <= starts;

  // The first solution is complete, and built under steep penalties so that it opens vehicles
  // rather than run late: repairing a badly infeasible start costs large instances dearly.
  const constructor = new Recreate(ctx, rng);
  const buildAndPolish = (): void => {
    withBoostedPenalties(state, CONSTRUCTION_BOOST, () => construct(ctx, constructor, rng));
    localSearch.run();
  };
  buildAndPolish();

  const best = new SavedRoutes(cp.vehicleCount);
  const current = new SavedRoutes(cp.vehicleCount);
  let bestObjective = Infinity;
  let iteration = 0;
  let lastImprovement = 0;
  let lastReport = -Infinity;
  const report = (): void => {
    lastReport = elapsed();
    options.onProgress?.({ elapsedMs: lastReport, iteration, bestObjective: Number.isFinite(bestObjective) ? bestObjective : null });
  };
  const considerBest = (): void => {
    if (!state.isFeasible()) return;
    const objective = state.objective();
    if (objective < bestObjective - 1e-9) {
      bestObjective = objective;
      lastImprovement = iteration;
      best.save(state);
      report();
    }
  };
  considerBest();

  let currentCost = state.penalisedCost();
  current.save(state);
  const shared = exchange ? new SavedRoutes(cp.vehicleCount) : undefined;
  const keepsCurrent = prizeOnly && parameters.prizeOnlyKeepsCurrent;
  /**
   * Takes another thread's best as this search's best, and as its current solution unless it
   * keeps its own (keepsCurrent; at the end, thread 0 answers with the best of all).
   */
  const adopt = (other: SharedBest, asCurrent: boolean): void => {
    bestObjective = other.objective;
    lastImprovement = iteration;
    if (!asCurrent) {
      best.decode(other.routes);
      return;
    }
    shared!.decode(other.routes);
    shared!.restore(state);
    best.save(state);
    current.save(state);
    currentCost = state.penalisedCost();
  };
  const temperatureScale = Math.max(costPerJob(state), typicalVisitValue(cp));
  const startTemperature = prizeOnly ? parameters.prizeOnlyStartTemperature : parameters.startTemperature;
  /** Simulated annealing's acceptance threshold at this temperature (one draw). */
  const acceptanceThreshold = (temperature: number): number => currentCost - temperature * Math.log(1 - rng.next());
  while (iteration < maxIterations && !shouldStop()) {
    iteration++;
    const progress = Math.max(Number.isFinite(timeLimit) ? elapsed() / timeLimit : 0, Number.isFinite(maxIterations) ? iteration / maxIterations : 0);
    const temperature = temperatureScale * startTemperature * Math.pow(parameters.endTemperature / startTemperature, Math.min(1, progress));

    // The focused search draws the threshold first, to know which candidates to polish (the
    // others draw it last, taking the same steps as before).
    let threshold = focused ? acceptanceThreshold(temperature) : Infinity;
    if (focused) localSearch.focus();
    if (makingStarts() && progress >= (startsMade * parameters.fewRoutesStartsShare) / starts) {
      if (startsMade < starts) {
        state.clearRoutes();
        buildAndPolish();
        considerBest();
      } else if (Number.isFinite(bestObjective)) best.restore(state);
      startsMade++;
      lastImprovement = iteration;
      currentCost = state.penalisedCost();
      current.save(state);
    }
    // A kick returns to the best: not while the starts are being made.
    const kick = prizeOnly && !makingStarts() && Number.isFinite(bestObjective) && iteration - lastImprovement > parameters.prizeOnlyKickAfter;
    if (kick) {
      best.restore(state);
      lastImprovement = iteration;
      ruin.averageRemoved = parameters.kickRemoved;
      ruin.run();
      ruin.averageRemoved = parameters.averageRemoved;
    } else ruin.run();
    ruin.addUnserved(UNSERVED_NEIGHBOURS);
    // Recreate in random order (SISR also sorts by demand or by distance at times: no better here).
    rng.shuffle(ruin.removed, ruin.removedCount);
    // Where routes are full, the first jobs in take the places: the valuable ones should.
    if (groupValue !== undefined && rng.next() < parameters.valueOrderShare) sortByValue(ruin.removed, ruin.removedCount, groupValue);
    const slack = rng.next() < parameters.optionalSlackShare ? temperatureScale : 0;
    if (byRatio && rng.next() < parameters.prizeOnlyRatioShare) recreate.insertByRatio(ruin.removed, ruin.removedCount, parameters.blinkRate);
    else recreate.insertAll(ruin.removed, ruin.removedCount, parameters.blinkRate, slack);
    if (focused) {
      for (let i = 0; i < ruin.touchedCount; i++) localSearch.markAround(ruin.touched[i]);
      for (let i = 0; i < ruin.removedCount; i++) localSearch.markGroup(ruin.removed[i]);
    }
    localSearch.run();
    // A candidate the acceptance test will take is polished by the full search: it becomes the
    // current solution, where jobs far from the ruin may improve too (a route whose work fell
    // has room anywhere along it). Rejected ones cost only the focused search.
    if (focused && state.penalisedCost() < threshold) {
      localSearch.widen();
      localSearch.run();
    }
    // The penalty manager sees each candidate as the local search left it (as PyVRP's does).
    const candidate = feasibilityOf(state);
    const weightsChanged = penalties.register(candidate.time, candidate.load);
    // PyVRP's repair: a local search under much higher penalties pulls the candidate feasible.
    if (!state.isFeasible() && rng.next() < parameters.repairShare) repair(state, localSearch);

    const candidateCost = state.penalisedCost();
    considerBest();
    if (!focused) threshold = acceptanceThreshold(temperature);
    if (kick) threshold = Infinity;

    if (candidateCost < threshold) {
      currentCost = candidateCost;
      current.save(state);
    } else {
      current.restore(state);
    }
    if (weightsChanged) {
      state.recomputeCosts();
      currentCost = state.penalisedCost();
    }
    if (exchange && iteration % parameters.exchangeEvery === 0) {
      const other = exchange.share(best, bestObjective);
      // While the starts are made each stands on its own: a better best is taken as the best only.
      if (other) adopt(other, !keepsCurrent && !makingStarts());
    }
    if (elapsed() - lastReport >= PROGRESS_INTERVAL_MS) report();
  }
  if (exchange) {
    const other = exchange.finish(best, bestObjective);
    if (other) adopt(other, true);
  }

  // An abort counts first: the iteration it interrupted may have been cut short.
  const stoppedBy = signal?.aborted === true ? 'abort' : iteration >= maxIterations ? 'iterations' : 'time-limit';
  if (Number.isFinite(bestObjective)) best.restore(state);
  const feasible = state.isFeasible();
  const result: SolveResult = {
    solution: state.toSolution(),
    objective: state.objective(),
    feasible,
    iterations: iteration,
    stoppedBy,
    elapsedMs: elapsed(),
    operators: localSearch.operators.map(({ name, evaluations, applications }) => ({ name, evaluations, applications })),
  };
  report();
  return result;
}

/** Sampled means: an arc's distance and duration, the travel price of an arc, a job variant's prize, demand and service. */
export interface TypicalPrices {
  distance: number;
  duration: number;
  travel: number;
  prize: number;
  demand: number;
  service: number;
}

export function typicalPrices(cp: CompiledProblem): TypicalPrices {
  const n = cp.locationCount;
  let distance = 0;
  let duration = 0;
  let arcs = 0;
  const step = Math.max(1, Math.floor((n * n) / 20000));
  for (let i = 0; i < n * n; i += step) {
    if (cp.distances[i] >= 1e12 || cp.durations[i] >= 1e12) continue;
    distance += cp.distances[i];
    duration += cp.durations[i];
    arcs++;
  }
  distance /= Math.max(1, arcs);
  duration /= Math.max(1, arcs);
  let perDistance = 0;
  let perDuration = 0;
  for (let k = 0; k < cp.vehicleCount; k++) {
    perDistance += cp.costPerDistance[k] / cp.vehicleCount;
    perDuration += cp.costPerDuration[k] / cp.vehicleCount;
  }
  let prize = 0;
  let demand = 0;
  let service = 0;
  const variants = cp.nodeCount - cp.firstVariant;
  for (let u = cp.firstVariant; u < cp.nodeCount; u++) {
    prize += cp.nodePrize[u] / variants;
    demand += cp.nodeDemand[u] / variants;
    service += cp.nodeService[u] / variants;
  }
  return { distance, duration, travel: perDistance * distance + perDuration * duration, prize, demand, service };
}

function initialWeights(prices: TypicalPrices): { timeWarp: number; load: number; distance: number } {
  const { distance, duration, travel, prize, demand, service } = prices;
  // Money per visit, spread over the time and load a visit takes.
  const costScale = INITIAL_PENALTY_BOOST * Math.max(travel, prize, 1e-6);
  return {
    timeWarp: costScale / Math.max(duration + service, 1e-6),
    load: costScale / Math.max(demand, 1e-6),
    distance: costScale / Math.max(distance, 1e-6),
  };
}

/**
 * Prizes alone decide (the orienteering problems, TOPTW): travel is priced, if at all, only to break
 * ties between plans that collect the same.
 */
export function travelOnlyBreaksTies(prices: TypicalPrices): boolean {
  return prices.prize > 0 && prices.travel < TIE_BREAK_SHARE * prices.prize;
}

/** What a visit is typically worth or costs to reach, before anything is served. */
function typicalVisitValue(cp: CompiledProblem): number {
  let prize = 0;
  for (let u = cp.firstVariant; u < cp.nodeCount; u++) prize += cp.nodePrize[u];
  prize /= Math.max(1, cp.nodeCount - cp.firstVariant);
  const n = cp.locationCount;
  let distance = 0;
  let arcs = 0;
  const step = Math.max(1, Math.floor((n * n) / 20000));
  for (let i = 0; i < n * n; i += step) {
    if (cp.distances[i] >= 1e12) continue;
    distance += cp.distances[i];
    arcs++;
  }
  let perDistance = 0;
  for (let k = 0; k < cp.vehicleCount; k++) perDistance += cp.costPerDistance[k] / cp.vehicleCount;
  return Math.max(prize, (perDistance * distance) / Math.max(1, arcs), 1e-9);
}

/** The scale of the annealing temperature: what serving one job typically costs or earns. */
function costPerJob(state: SearchState): number {
  let served = 0;
  let total = 0;
  const { segments } = state;
  for (const route of state.routes) {
    const s = route.whole;
    if (segments.jobs(s) === 0) continue;
    served += segments.jobs(s);
    total += Math.abs(state.evaluator.routeObjective(s, route.vehicle)) + segments.prize(s);
  }
  return served > 0 ? total / served : 1;
}

function withBoostedPenalties(state: SearchState, boost: number, action: () => void): void {
  const e = state.evaluator;
  const saved = [e.timeWarpWeight, e.loadWeight, e.distanceWeight];
  e.timeWarpWeight *= boost;
  e.loadWeight *= boost;
  e.distanceWeight *= boost;
  state.recomputeCosts();
  action();
  [e.timeWarpWeight, e.loadWeight, e.distanceWeight] = saved;
  state.recomputeCosts();
}

function repair(state: SearchState, localSearch: LocalSearch): void {
  withBoostedPenalties(state, REPAIR_BOOST, () => {
    // Only moves touching an infeasible route can matter more under the boost.
    for (const route of state.routes) {
      const s = route.whole;
      if (state.segments.jobs(s) > 0 && (!CostEvaluator.timeFeasible(s, state.cp, route.vehicle) || !CostEvaluator.loadFeasible(s, state.cp, route.vehicle))) {
        route.stamp = ++state.clock;
        localSearch.markRoute(route.vehicle);
      }
    }
    localSearch.run();
  });
}

function feasibilityOf(state: SearchState): { time: boolean; load: boolean } {
  let time = true;
  let load = true;
  for (const route of state.routes) {
    const s = route.whole;
    if (state.segments.jobs(s) === 0) continue;
    if (!CostEvaluator.timeFeasible(s, state.cp, route.vehicle)) time = false;
    if (!CostEvaluator.loadFeasible(s, state.cp, route.vehicle)) load = false;
  }
  return { time, load };
}

/** Some vehicle's capacity is below the jobs' total demand: the load, not only time, limits routes. */
function capacityBinds(cp: CompiledProblem): boolean {
  let demand = 0;
  for (let g = 0; g < cp.jobCount; g++) demand += cp.nodeDemand[cp.groupNodes[cp.groupStart[g]]];
  for (let k = 0; k < cp.vehicleCount; k++) if (cp.capacity[k] < demand) return true;
  return false;
}

/**
 * Each group's most valuable variant's prize, for recreate's value order (where capacity binds);
 * undefined when no job has a prize. The order pays where a cap on visits fills the routes (the
 * day suite: +0.2-0.3% at 1,000 iterations); where time alone limits them (TOPTW pr01-pr10,
 * replaying the idle 3 s iteration counts) it lost: mean gap 1.27% -> 1.45%, 21 of 30 worse.
 */
function bestGroupValues(cp: CompiledProblem): Float64Array | undefined {
  const value = new Float64Array(cp.groupCount);
  let any = false;
  for (let g = 0; g < cp.groupCount; g++) {
    let best = 0;
    for (let p = cp.groupStart[g]; p < cp.groupStart[g + 1]; p++) best = Math.max(best, cp.nodePrize[cp.groupNodes[p]]);
    value[g] = best;
    if (best > 0) any = true;
  }
  return any ? value : undefined;
}

/** Stable insertion sort of groups[0..count) by value, highest first (the list is short: a ruin's worth). */
function sortByValue(groups: Int32Array, count: number, value: Float64Array): void {
  for (let i = 1; i < count; i++) {
    const g = groups[i];
    const v = value[g];
    let j = i - 1;
    while (j >= 0 && value[groups[j]] < v) {
      groups[j + 1] = groups[j];
      j--;
    }
    groups[j + 1] = g;
  }
}

/** Some job has more than one window (a variant per window). */
function hasSeveralWindows(cp: CompiledProblem): boolean {
  for (let g = 0; g < cp.jobCount; g++) if (cp.groupStart[g + 1] - cp.groupStart[g] > 1) return true;
  return false;
}

/** No job must be served (the orienteering problems). */
function allOptional(cp: CompiledProblem): boolean {
  for (let g = 0; g < cp.jobCount; g++) if (cp.groupRequired[g] === 1) return false;
  return true;
}
