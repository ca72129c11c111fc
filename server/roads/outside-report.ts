/**
 * How many imported cases lie beyond the road data in use, by postcode district: an import says so
 * at once (the cases are kept; the planner leaves them out as outside-road-area), so that a team
 * whose caseload is in another borough learns to load its extract before planning, not after.
 */
import type { RoutingBackend } from '../../solver/roads/backend.js';

export interface OutsideRoadArea {
  /** Cases of the import beyond the road data. */
  cases: number;
  /** The road data, as messages call it ('north London demo'). */
  roads: string;
  /** Per postcode district (the outward code, 'KT1'), most cases first. */
  districts: Array<{ district: string; cases: number }>;
}

/** The outward code of a UK postcode: 'KT1 1EU' -> 'KT1'; a postcode written without its space too. */
export function postcodeDistrict(postcode: string): string {
  const compact = postcode.toUpperCase().replace(/\s+/g, '');
  return compact.length > 4 ? compact.slice(0, -3) : compact;
}

/** Undefined when the backend does not know where its road data ends (OSRM, straight lines). */
export function outsideRoadArea(cases: Array<{ lat: number; lon: number; postcode: string }>, routing: RoutingBackend): OutsideRoadArea | undefined {
  const coverage = routing.coverage;
  if (!coverage) return undefined;
  const byDistrict = new Map<string, number>();
  let count = 0;
  for (const c of cases) {
    if (!coverage.outside([c.lon, c.lat])) continue;
    count++;
    const district = postcodeDistrict(c.postcode);
    byDistrict.set(district, (byDistrict.get(district) ?? 0) + 1);
  }
  const districts = [...byDistrict].map(([district, n]) => ({ district, cases: n }));
  districts.sort((a, b) => b.cases - a.cases || a.district.localeCompare(b.district, 'en-GB', { numeric: true }));
  return { cases: count, roads: coverage.label, districts };
}
