/**
 * Travel matrices for the rules, with off-road points put in the domain's words. A road backend
 * names the points it cannot snap by index; here they become an officer's start, or a case that
 * is left out of the day as `no-road` or, beyond the road data altogether, `outside-road-area`
 * (one badly placed case must not sink the team's plan).
 */
import { RoutingError, type LonLat, type RoutingBackend, type TravelMatrix } from '../roads/backend.js';
import { PlanningInputError } from './errors.js';
import type { DayPlan, UnplannedReason } from './types.js';

/** Why a point the roads cannot reach is left out: beyond the road data (load the area's extract), or inside it but off the roads (check the coordinates). */
export function offRoadReason(routing: RoutingBackend, point: LonLat): UnplannedReason {
  return routing.coverage?.outside(point) ? 'outside-road-area' : 'no-road';
}

/** What a person is told about a place beyond the road data: which data it is, and what to do. */
export function outsideRoadDataWords(routing: RoutingBackend): string {
  return `outside the road data in use (${routing.coverage?.label ?? routing.name}): load your area's road extract`;
}

/**
 * One off-road place, named, in words that say what to do about it. Named by its label alone: a
 * debtor's door or an officer's position is personal data, and this message is kept with a failed
 * job and shown to whoever asked (the label leads them to the case or officer to correct).
 */
function offRoadWords(routing: RoutingBackend, label: string, point: LonLat, farFromRoad: string): string {
  return routing.coverage?.outside(point) ? `${label} is ${outsideRoadDataWords(routing)}` : `${label} is ${farFromRoad}`;
}

/** Which road data a plan was made on, when the backend knows (recorded on each new plan). */
export function roadsUsed(routing: RoutingBackend): DayPlan['roads'] {
  const c = routing.coverage;
  return c ? { source: c.source, builtAt: c.builtAt } : undefined;
}

/** Whether travel to and from a point is a straight-line estimate: every point's on the straight-line backend, or a point beyond the road data when the council chose estimates there. */
export function estimatedAt(routing: RoutingBackend): (point: LonLat) => boolean {
  return (point) => routing.estimate || (routing.estimates?.(point) ?? false);
}

function offRoadIndices(err: unknown): number[] | null {
  if (!(err instanceof RoutingError) || err.code !== 'NoRoad') return null;
  const all = err.points ?? (err.point !== undefined ? [err.point] : []);
  return all.length > 0 ? all : null;
}

/**
 * Asks the backend with `fixedCount` fixed points first and the optional points `kept` after them,
 * asking again without the optional ones it names as off the roads (each failed round drops at
 * least one, so this ends; an OSRM server names one at a time). A fixed point off the roads goes
 * to `fixedOff`, which throws. `kept` and `offRoad` hold the caller's indices of optional points.
 */
async function askDroppingOffRoad<T>(
  kept: number[],
  fixedCount: number,
  ask: (kept: number[]) => Promise<T>,
  fixedOff: (indices: number[], err: unknown) => never,
): Promise<{ answer: T; kept: number[]; offRoad: number[] }> {
  const offRoad: number[] = [];
  for (;;) {
    try {
      return { answer: await ask(kept), kept, offRoad };
    } catch (err) {
      const off = offRoadIndices(err);
      if (!off) throw err;
      const fixed = off.filter((i) => i < fixedCount);
      if (fixed.length > 0) fixedOff(fixed, err);
      const drop = new Set(off.map((i) => kept[i - fixedCount]));
      offRoad.push(...drop);
      kept = kept.filter((i) => !drop.has(i));
    }
  }
}

/**
 * The matrix over `fixed` then `optional` points. Optional points off the road network are dropped
 * (the backend is asked again without them); a fixed one off the network is a PlanningInputError
 * naming it with `fixedLabels`. Indices of `kept` and `offRoad` refer to `optional`.
 */
export async function matrixDroppingOffRoad(
  routing: RoutingBackend,
  fixed: LonLat[],
  fixedLabels: string[],
  optional: LonLat[],
): Promise<{ matrix: TravelMatrix; kept: number[]; offRoad: number[] }> {
  const { answer, kept, offRoad } = await askDroppingOffRoad(
    optional.map((_, i) => i),
    fixed.length,
    (kept) => routing.matrix([...fixed, ...kept.map((i) => optional[i])]),
    (indices) => {
      const words = indices.map((i) => offRoadWords(routing, fixedLabels[i], fixed[i], 'too far from any road in the road network to plan from'));
      throw new PlanningInputError(words.join('; '), 'officers');
    },
  );
  return { matrix: answer, kept, offRoad };
}

/** Points per pair of table requests in travelToAndFrom: bounds the memory of one answer. */
export const TRAVEL_CHUNK = 5000;

/**
 * Metres from each of `places` to each of `points` and back, without travel among the points
 * (two tables, places x points and points x places, a chunk of points at a time). `places` must be
 * on the road network (they are the ends of a matrix already built); a point off it is null.
 */
export async function travelToAndFrom(
  routing: RoutingBackend,
  places: LonLat[],
  points: LonLat[],
  chunk = TRAVEL_CHUNK,
): Promise<Array<{ into: Float32Array; outOf: Float32Array } | null>> {
  const out: Array<{ into: Float32Array; outOf: Float32Array } | null> = new Array<{ into: Float32Array; outOf: Float32Array } | null>(points.length).fill(
    null,
  );
  const p = places.length;
  for (let first = 0; first < points.length; first += chunk) {
    const chunkIndices = Array.from({ length: Math.min(chunk, points.length - first) }, (_, k) => first + k);
    const { answer: into, kept } = await askDroppingOffRoad(
      chunkIndices,
      p,
      (kept) =>
        routing.table(
          places,
          kept.map((i) => points[i]),
        ),
      (_indices, err) => {
        throw labelledError(
          err,
          routing,
          places,
          places.map(() => "a route's start or end"),
        );
      },
    );
    const outOf = await routing.table(
      kept.map((i) => points[i]),
      places,
    );
    const cols = kept.length;
    kept.forEach((i, k) => {
      const row = { into: new Float32Array(p), outOf: new Float32Array(p) };
      for (let q = 0; q < p; q++) {
        row.into[q] = into.distances[q * cols + k];
        row.outOf[q] = outOf.distances[k * p + q];
      }
      out[i] = row;
    });
  }
  return out;
}

/** Rethrows a backend's off-road error with each point named by its label. */
function labelledError(err: unknown, routing: RoutingBackend, points: LonLat[], labels: string[]): unknown {
  const off = offRoadIndices(err);
  if (!off) return err;
  const words = off.map((i) => offRoadWords(routing, labels[i], points[i], 'too far from any road in the road network'));
  return new RoutingError(words.join('; '), 'NoRoad', off[0], off);
}

/** The legs along `points` in order; a point off the roads is named by its label (`labels[i]` for `points[i]`). */
export async function legsOfLabelled(routing: RoutingBackend, points: LonLat[], labels: string[]): ReturnType<RoutingBackend['legs']> {
  try {
    return await routing.legs(points);
  } catch (err) {
    throw labelledError(err, routing, points, labels);
  }
}

/**
 * A matrix over `points` holding only the legs of one walk through them (`walk` lists point
 * indices in driving order). Walking a fixed order reads nothing else, and the legs cost one short
 * search each where a matrix costs one search to every point. Every other entry is NaN, so that a
 * reader who strays gets NaN rather than a plausible number.
 */
export async function walkMatrixOfLabelled(routing: RoutingBackend, points: LonLat[], labels: string[], walk: number[]): Promise<TravelMatrix> {
  let legs;
  try {
    legs = await legsOfLabelled(
      routing,
      walk.map((i) => points[i]),
      walk.map((i) => labels[i]),
    );
  } catch (err) {
    // The error names points by their place in the walk; the caller knows them by their index.
    if (!(err instanceof RoutingError) || err.code !== 'NoRoad') throw err;
    throw new RoutingError(
      err.message,
      'NoRoad',
      mapIndex(err.point, walk),
      err.points?.map((k) => walk[k]),
    );
  }
  const n = points.length;
  const durations = new Float64Array(n * n).fill(NaN);
  const distances = new Float64Array(n * n).fill(NaN);
  for (let i = 0; i < n; i++) durations[i * n + i] = distances[i * n + i] = 0;
  for (let k = 0; k + 1 < walk.length; k++) {
    durations[walk[k] * n + walk[k + 1]] = legs.durations[k];
    distances[walk[k] * n + walk[k + 1]] = legs.distances[k];
  }
  return { size: n, durations, distances };
}

function mapIndex(k: number | undefined, walk: number[]): number | undefined {
  return k === undefined ? undefined : walk[k];
}
