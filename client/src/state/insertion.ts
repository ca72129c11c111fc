/**
 * Where an added visit goes: between the two neighbours it lengthens the route least, in
 * straight-line distance (the client has no road times; the server judges the result at once and
 * the officer can still drag it). A route starts and ends at the office or home when it has them.
 */
import { distance } from '@turf/turf';
import type { LonLat } from '../api/schemas';

/** Index in the route's visits to insert before (visits.length = at the end). */
export function cheapestPosition(visits: LonLat[], at: LonLat, start?: LonLat, end?: LonLat): number {
  const path: Array<LonLat | undefined> = [start, ...visits, end];
  const km = (a: LonLat | undefined, b: LonLat | undefined) => (a && b ? distance(a, b) : 0);
  let best = visits.length;
  let bestDetour = Infinity;
  for (let i = 0; i <= visits.length; i++) {
    const [before, after] = [path[i], path[i + 1]];
    const detour = km(before, at) + km(at, after) - km(before, after);
    if (detour < bestDetour - 1e-12) {
      bestDetour = detour;
      best = i;
    }
  }
  return best;
}
