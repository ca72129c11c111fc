/**
 * Travel matrices for the rules, with off-road points put in the domain's words. A road backend
 * names the points it cannot snap by index; here they become an officer's start, or a case that
 * is left out of the day as `no-road` (one badly placed case must not sink the team's plan).
 */
import { RoutingError, type LonLat, type RoutingBackend, type TravelMatrix } from '../roads/backend.js';
import { PlanningInputError } from './errors.js';

function offRoadIndices(err: unknown): number[] | null {
  if (!(err instanceof RoutingError) || err.code !== 'NoRoad') return null;
  const all = err.points ?? (err.point !== undefined ? [err.point] : []);
  return all.length > 0 ? all : null;
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
  let kept = optional.map((_, i) => i);
  const offRoad: number[] = [];
  // Each failed round drops at least one point, so this ends (an OSRM server names one at a time).
  for (;;) {
    try {
      const matrix = await routing.matrix([...fixed, ...kept.map((i) => optional[i])]);
      return { matrix, kept, offRoad };
    } catch (err) {
      const off = offRoadIndices(err);
      if (!off) throw err;
      const fixedOff = off.filter((i) => i < fixed.length);
      if (fixedOff.length > 0) {
        const names = fixedOff.map((i) => `${fixedLabels[i]} (${fixed[i][1]}, ${fixed[i][0]})`).join(', ');
        throw new PlanningInputError(`${names} ${fixedOff.length === 1 ? 'is' : 'are'} too far from any road in the road network to plan from`, 'officers');
      }
      const drop = new Set(off.map((i) => kept[i - fixed.length]));
      offRoad.push(...drop);
      kept = kept.filter((i) => !drop.has(i));
    }
  }
}

/** The matrix over points that must all be on the road network; an error names each by its label. */
export async function matrixOfLabelled(routing: RoutingBackend, points: LonLat[], labels: string[]): Promise<TravelMatrix> {
  try {
    return await routing.matrix(points);
  } catch (err) {
    const off = offRoadIndices(err);
    if (!off) throw err;
    const names = off.map((i) => `${labels[i]} (${points[i][1]}, ${points[i][0]})`).join(', ');
    throw new RoutingError(`${names} ${off.length === 1 ? 'is' : 'are'} too far from any road in the road network`, 'NoRoad', off[0], off);
  }
}
