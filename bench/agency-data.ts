/**
 * A synthetic enforcement agency for `--suite agency`: teams with postcode patches over the whole
 * N postcode area (Code-Point Open), six officers each, and a caseload spread over the area at real
 * postcode centroids. Deterministic for its options. Nothing here is a real person: the cases come
 * from the demo generator (server/demo/generate.ts).
 */
import { generateDemo, type Area } from '../server/demo/generate';
import type { PostcodeIndex, PostcodePoint } from '../server/postcodes/index';
import type { Team } from '../solver/rules/patches';
import type { Case, Officer } from '../solver/rules/types';

export interface AgencyOptions {
  teams: number;
  officersPerTeam: number;
  cases: number;
  /** The day the caseload is drawn around (notice dates over the 14 months before). */
  seedDate: string;
  /** Postcode area the agency works (default N, the area whose Code-Point file is shipped). */
  postcodeArea?: string;
}

export interface Agency {
  teams: Team[];
  officers: Officer[];
  cases: Case[];
}

interface Sector {
  id: string;
  points: PostcodePoint[];
  lat: number;
  lon: number;
}

/** "N11 1NN" -> "N11 1". */
function sectorOf(postcode: string): string {
  const compact = postcode.replace(/\s+/g, '');
  return `${compact.slice(0, -3)} ${compact.slice(-3, -2)}`;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Splits items (in order) into `parts` runs of about equal weight. */
function chunkByWeight<T>(items: T[], parts: number, weight: (t: T) => number): T[][] {
  const total = items.reduce((s, t) => s + weight(t), 0);
  const chunks: T[][] = Array.from({ length: parts }, () => []);
  let acc = 0;
  for (const item of items) {
    const k = Math.min(parts - 1, Math.floor((acc / total) * parts));
    chunks[k].push(item);
    acc += weight(item);
  }
  return chunks.filter((c) => c.length > 0);
}

/**
 * Patches of about equal numbers of postcodes: sectors in columns west to east, each column cut
 * north to south, so that a team's patch is one compact piece of the area.
 */
function patchesOf(sectors: Sector[], teams: number): Sector[][] {
  const columns = Math.max(1, Math.round(Math.sqrt(teams / 1.6)));
  const perColumn = Math.ceil(teams / columns);
  const byLon = [...sectors].sort((a, b) => a.lon - b.lon || a.id.localeCompare(b.id));
  const patches: Sector[][] = [];
  for (const column of chunkByWeight(byLon, columns, (s) => s.points.length)) {
    const byLat = [...column].sort((a, b) => b.lat - a.lat || a.id.localeCompare(b.id));
    patches.push(...chunkByWeight(byLat, perColumn, (s) => s.points.length));
  }
  return patches;
}

export function buildAgency(postcodes: PostcodeIndex, options: AgencyOptions): Agency {
  const prefix = options.postcodeArea ?? 'N';
  const inArea = (p: PostcodePoint) => new RegExp(`^${prefix}[0-9]`).test(p.postcode);
  const bySector = new Map<string, PostcodePoint[]>();
  for (const p of postcodes.all()) {
    if (!inArea(p)) continue;
    const id = sectorOf(p.postcode);
    const list = bySector.get(id);
    if (list) list.push(p);
    else bySector.set(id, [p]);
  }
  const sectors: Sector[] = [...bySector].map(([id, points]) => ({ id, points, lat: mean(points.map((p) => p.lat)), lon: mean(points.map((p) => p.lon)) }));
  const patches = patchesOf(sectors, options.teams);
  if (patches.length < options.teams) throw new Error(`only ${patches.length} patches could be cut from ${sectors.length} sectors`);

  const teams: Team[] = patches.slice(0, options.teams).map((patch, i) => ({
    id: `team-${String(i + 1).padStart(2, '0')}`,
    name: `Team ${i + 1} (synthetic)`,
    patch: patch.map((s) => s.id).sort(),
  }));

  const points = sectors.flatMap((s) => s.points);
  const area: Area = {
    minLon: Math.min(...points.map((p) => p.lon)) - 1e-6,
    minLat: Math.min(...points.map((p) => p.lat)) - 1e-6,
    maxLon: Math.max(...points.map((p) => p.lon)) + 1e-6,
    maxLat: Math.max(...points.map((p) => p.lat)) + 1e-6,
  };
  // Straight-line routing in the benchmark: every postcode centroid counts as on a road.
  const demo = generateDemo(postcodes, { seedDate: options.seedDate, cases: options.cases, area }, () => true);

  // Each team's officers work from the middle of their patch, on the demo officers' shift patterns.
  const officers: Officer[] = teams.flatMap((team, i) => {
    const patchPoints = patches[i].flatMap((s) => s.points);
    const office = { lat: mean(patchPoints.map((p) => p.lat)), lon: mean(patchPoints.map((p) => p.lon)) };
    return Array.from({ length: options.officersPerTeam }, (_, k) => {
      const pattern = demo.officers[k % demo.officers.length];
      return {
        ...pattern,
        id: `${team.id}-officer-${k + 1}`,
        name: `${team.name} officer ${k + 1}`,
        start: office,
        end: office,
        // No crews in the agency: warning-marker cases stay unplanned ('needs-crew'), as the rules say.
        skills: pattern.skills,
        team: team.id,
      };
    });
  });
  return { teams, officers, cases: demo.cases };
}
