/**
 * OSRM v5 steps from a leg's pieces. A new step starts where a driver must act: a change of road
 * (name/ref), a turn of 40 degrees or more at a junction, a slip road on or off, a merge, or a
 * roundabout (one step for the whole roundabout, with the exit number, named after the exit road).
 * Modifiers come from the bearings: |delta| < 20 straight, < 60 slight, < 140 plain, < 175 sharp,
 * else uturn; negative deltas turn left. UK traffic drives on the left.
 */
import type { LonLat, OsrmLeg, OsrmStep } from './backend.js';
import { bearingDegrees } from './geo.js';
import type { RoadGraph } from './graph/road-graph.js';
import type { Piece } from './search.js';

const TURN_DEGREES = 40;

export function turnDelta(before: number, after: number): number {
  return ((after - before + 540) % 360) - 180;
}

export function modifierFor(delta: number): string {
  const d = Math.abs(delta);
  if (d < 20) return 'straight';
  const side = delta < 0 ? 'left' : 'right';
  if (d < 60) return `slight ${side}`;
  if (d < 140) return side;
  if (d < 175) return `sharp ${side}`;
  return 'uturn';
}

const isLink = (hw: string) => hw.endsWith('_link');
const isFast = (hw: string) => hw === 'motorway' || hw === 'trunk';
const round1 = (x: number) => Math.round(x * 10) / 10;
/** Coordinates to 6 decimals (0.1 m), as OSRM prints them and as the route's own geometry is. */
const round6 = ([lon, lat]: LonLat): LonLat => [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];

interface PieceView {
  start: LonLat;
  end: LonLat;
  bearing: number;
  distance: number;
  duration: number;
  way: number;
}

function viewPieces(g: RoadGraph, pieces: Piece[]): PieceView[] {
  return pieces.map((p) => {
    const t = g.arcTail[p.arc];
    const h = g.arcHead[p.arc];
    const lerp = (f: number): LonLat => [g.lon[t] + f * (g.lon[h] - g.lon[t]), g.lat[t] + f * (g.lat[h] - g.lat[t])];
    const frac = Math.max(0, p.to - p.from);
    return {
      start: lerp(p.from),
      end: lerp(p.to),
      // The whole arc's bearing: a piece a few centimetres long has a meaningless bearing of its own.
      bearing: bearingDegrees(g.lon[t], g.lat[t], g.lon[h], g.lat[h]),
      distance: frac * g.arcDistance[p.arc],
      duration: frac * g.arcDuration[p.arc],
      way: g.arcWay[p.arc],
    };
  });
}

/** Count of distinct road segments meeting at each physical node. */
export function junctionDegrees(g: RoadGraph): Uint16Array {
  const deg = new Uint16Array(g.physicalCount);
  for (let s = 0; s < g.segmentCount; s++) {
    deg[g.segA[s]]++;
    deg[g.segB[s]]++;
  }
  return deg;
}

/** True when a car can drive off the roundabout at this physical node onto a road that is not part of it. */
function leavesRoundabout(g: RoadGraph, node: number): boolean {
  for (let a = g.firstOut[node]; a < g.firstOut[node + 1]; a++) {
    if (g.ways.roundabout[g.arcWay[a]] !== 1) return true;
  }
  return false;
}

interface Draft {
  type: string;
  modifier?: string;
  exit?: number;
  location: LonLat;
  bearingBefore: number;
  bearingAfter: number;
  way: number;
  coords: LonLat[];
  distance: number;
  duration: number;
}

export function buildLeg(g: RoadGraph, degree: Uint16Array, pieces: Piece[], withSteps: boolean): { leg: OsrmLeg; coords: LonLat[] } {
  const views = viewPieces(g, pieces);
  const coords: LonLat[] = [];
  for (const v of views) {
    if (coords.length === 0) coords.push(v.start);
    coords.push(v.end);
  }
  const distance = views.reduce((s, v) => s + v.distance, 0);
  const duration = views.reduce((s, v) => s + v.duration, 0);
  const names = new Map<number, number>();
  for (const v of views) names.set(v.way, (names.get(v.way) ?? 0) + v.distance);
  const summary = [...names.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([w]) => g.ways.name[w])
    .filter((n, i, all) => n !== '' && all.indexOf(n) === i)
    .slice(0, 2)
    .join(', ');
  if (!withSteps || views.length === 0) {
    return { leg: { distance: round1(distance), duration: round1(duration), summary, steps: [] }, coords };
  }

  const key = (w: number) => `${g.ways.name[w]}\u0000${g.ways.ref[w]}`;
  const drafts: Draft[] = [];
  let cur: Draft = {
    type: 'depart',
    location: views[0].start,
    bearingBefore: 0,
    bearingAfter: views[0].bearing,
    way: views[0].way,
    coords: [views[0].start],
    distance: 0,
    duration: 0,
  };
  let inRoundabout = g.ways.roundabout[views[0].way] === 1;
  let exitsPassed = 0;
  for (let i = 0; i < views.length; i++) {
    const v = views[i];
    if (i > 0) {
      const prev = views[i - 1];
      const node = g.physical[g.arcTail[pieces[i].arc]];
      const deg = degree[node];
      const delta = turnDelta(prev.bearing, v.bearing);
      const prevHw = g.ways.highway[prev.way];
      const hw = g.ways.highway[v.way];
      const nowRound = g.ways.roundabout[v.way] === 1;
      let type: string | null = null;
      if (nowRound && !inRoundabout) {
        type = 'roundabout';
        exitsPassed = 0;
      } else if (nowRound && inRoundabout) {
        // A driver counts the roads one may leave by: an entry-only slip road is not an exit.
        if (deg >= 3 && leavesRoundabout(g, node)) exitsPassed++;
      } else if (!nowRound && inRoundabout) {
        // Leaving: the roundabout step takes the exit road's name and its exit number.
        if (cur.type === 'roundabout') {
          cur.exit = exitsPassed + 1;
          cur.way = v.way;
        }
      } else if (isLink(hw) && !isLink(prevHw)) {
        type = isFast(prevHw) ? 'off ramp' : 'on ramp';
      } else if (isFast(hw) && isLink(prevHw)) {
        type = 'merge';
      } else if (key(v.way) !== key(prev.way)) {
        type = deg >= 3 && Math.abs(delta) >= 20 ? 'turn' : 'new name';
      } else if (deg >= 3 && Math.abs(delta) >= TURN_DEGREES) {
        type = g.ways.name[v.way] === '' && g.ways.ref[v.way] === '' ? 'turn' : 'continue';
      }
      inRoundabout = nowRound;
      if (type !== null) {
        drafts.push(cur);
        cur = {
          type,
          modifier: modifierFor(delta),
          location: v.start,
          bearingBefore: prev.bearing,
          bearingAfter: v.bearing,
          way: v.way,
          coords: [v.start],
          distance: 0,
          duration: 0,
        };
        if (type === 'roundabout') cur.modifier = delta < 0 ? 'left' : 'right';
      }
    }
    cur.coords.push(v.end);
    cur.distance += v.distance;
    cur.duration += v.duration;
  }
  if (inRoundabout && cur.type === 'roundabout') cur.exit = exitsPassed + 1;
  drafts.push(cur);
  const last = views[views.length - 1];
  drafts.push({
    type: 'arrive',
    location: last.end,
    bearingBefore: last.bearing,
    bearingAfter: 0,
    way: last.way,
    coords: [last.end, last.end],
    distance: 0,
    duration: 0,
  });

  const steps: OsrmStep[] = drafts.map((d) => {
    const maneuver: OsrmStep['maneuver'] = {
      type: d.type,
      location: round6(d.location),
      bearing_before: Math.round(d.bearingBefore) % 360,
      bearing_after: Math.round(d.bearingAfter) % 360,
    };
    if (d.modifier !== undefined) maneuver.modifier = d.modifier;
    if (d.exit !== undefined) maneuver.exit = d.exit;
    const step: OsrmStep = {
      maneuver,
      name: g.ways.name[d.way],
      distance: round1(d.distance),
      duration: round1(d.duration),
      geometry: { type: 'LineString', coordinates: d.coords.map(round6) },
      mode: 'driving',
      driving_side: 'left',
      intersections: [{ location: maneuver.location, bearings: [maneuver.bearing_after], entry: [true], out: 0 }],
    };
    if (g.ways.ref[d.way] !== '') step.ref = g.ways.ref[d.way];
    return step;
  });
  return { leg: { distance: round1(distance), duration: round1(duration), summary, steps }, coords };
}
