/**
 * A synthetic road-like network for the roads benchmark's scale rows: a perturbed grid of streets
 * 120 m apart with one or two shape points on every link (as in OSM, where three nodes in four only
 * bend a road: 250k nodes are 68k junctions over a 31 km square), a hierarchy of road classes,
 * one-way residential streets, missing links and dead ends, traffic signals where main roads cross
 * and turn bans at primary crossings. It goes through the real OSM graph builder (car profile,
 * strongly connected component, restrictions by node splitting), so its graph has the exact
 * structure and costs an imported extract would have.
 */
import { buildRoadGraph } from '../solver/roads/graph/build-graph';
import type { RoadGraph } from '../solver/roads/graph/road-graph';
import type { RawOsm, RawRestriction, RawWay } from '../solver/roads/osm/read-osm';
import type { Tags } from '../solver/roads/osm/car-profile';
import { seededRandom } from './roads-stats';

export interface SyntheticOptions {
  /** Junctions per side: side x side nodes before the strongly connected component is taken. */
  side: number;
  seed?: number;
  /** Street spacing in metres (default 120). */
  spacingMetres?: number;
  /** South-west corner (default 51.3 N, 0.6 W: the Home Counties). */
  origin?: [number, number];
}

const METRES_PER_DEGREE_LAT = 111_195;

/** Road class of grid line `k`: a trunk road every 48 lines, primary every 12, secondary every 6. */
export function lineClass(k: number): 'trunk' | 'primary' | 'secondary' | 'residential' {
  if (k % 48 === 24) return 'trunk';
  if (k % 12 === 6) return 'primary';
  if (k % 6 === 3) return 'secondary';
  return 'residential';
}

const CLASS_TAGS: Record<ReturnType<typeof lineClass>, Tags> = {
  trunk: { highway: 'trunk', maxspeed: '50 mph' },
  primary: { highway: 'primary', maxspeed: '30 mph' },
  secondary: { highway: 'secondary' },
  residential: { highway: 'residential' },
};

/** Shape points between two junctions: one or two, 1.35 on average, as in OSM town streets. */
const SHAPE_POINTS_MEAN = 1.35;

/** Nodes per junction: itself plus 1.35 shape points on each of its two links, less missing links (measured). */
const NODES_PER_JUNCTION = 3.62;

/** The grid side whose synthetic network has about `nodes` nodes (junctions plus shape points). */
export function sideForNodes(nodes: number): number {
  return Math.max(2, Math.round(Math.sqrt(nodes / NODES_PER_JUNCTION)));
}

/** The raw OSM a grid of `side` x `side` junctions would import as (node ids are 1-based). */
export function syntheticRawOsm(options: SyntheticOptions): RawOsm {
  const { side } = options;
  if (!(Number.isInteger(side) && side >= 2)) throw new Error(`synthetic grid side must be an integer >= 2, got ${side}`);
  const next = seededRandom(options.seed ?? 1);
  const spacing = options.spacingMetres ?? 120;
  const [lon0, lat0] = options.origin ?? [-0.6, 51.3];
  const dLat = spacing / METRES_PER_DEGREE_LAT;
  const dLon = spacing / (METRES_PER_DEGREE_LAT * Math.cos((lat0 * Math.PI) / 180));
  const raw: RawOsm = { nodeIndex: new Map(), nodeLon: [], nodeLat: [], signalNodes: new Set(), ways: [], restrictions: [] };
  let lastId = 0;
  const addNode = (lon: number, lat: number): number => {
    const id = ++lastId;
    raw.nodeIndex.set(id, raw.nodeLon.length);
    raw.nodeLon.push(lon);
    raw.nodeLat.push(lat);
    return id;
  };
  // Junctions, jittered by up to a quarter of the spacing: streets wander, junction angles vary.
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const id = addNode(lon0 + (col + (next() - 0.5) * 0.5) * dLon, lat0 + (row + (next() - 0.5) * 0.5) * dLat);
      if (lineClass(row) !== 'residential' && lineClass(col) !== 'residential') raw.signalNodes.add(id);
    }
  }
  const junction = (row: number, col: number) => row * side + col + 1;
  /** Shape points of a link, bowed sideways by up to a tenth of its length (a road that bends). */
  const shapePoints = (a: number, b: number): number[] => {
    const ia = a - 1;
    const ib = b - 1;
    const count = next() < SHAPE_POINTS_MEAN - 1 ? 2 : 1;
    const bow = (next() - 0.5) * 0.2;
    const out: number[] = [];
    for (let k = 1; k <= count; k++) {
      const f = k / (count + 1);
      const lon = raw.nodeLon[ia] + f * (raw.nodeLon[ib] - raw.nodeLon[ia]) - bow * (raw.nodeLat[ib] - raw.nodeLat[ia]) * (dLon / dLat);
      const lat = raw.nodeLat[ia] + f * (raw.nodeLat[ib] - raw.nodeLat[ia]) + bow * (raw.nodeLon[ib] - raw.nodeLon[ia]) * (dLat / dLon);
      out.push(addNode(lon, lat));
    }
    return out;
  };
  // The way each junction-to-junction link belongs to, for the turn bans.
  const linkWay = new Map<string, number>();
  let wayId = 1;
  const addLine = (horizontal: boolean, k: number) => {
    const cls = lineClass(k);
    // One residential street in five is one-way, alternating direction line by line.
    const oneway = cls === 'residential' && k % 5 === 0 ? (k % 10 === 0 ? 'yes' : '-1') : undefined;
    const tags: Tags = { ...CLASS_TAGS[cls], name: `${horizontal ? 'Row' : 'Column'} ${k} ${cls === 'residential' ? 'Street' : 'Road'}` };
    if (cls !== 'residential') tags.ref = `${cls === 'secondary' ? 'B' : 'A'}${1000 + k}`;
    if (oneway) tags.oneway = oneway;
    let refs: number[] = [];
    const flush = () => {
      if (refs.length >= 2) raw.ways.push({ id: wayId++, refs, tags } satisfies RawWay);
      refs = [];
    };
    for (let j = 0; j < side; j++) {
      const node = horizontal ? junction(k, j) : junction(j, k);
      refs.push(node);
      if (j + 1 === side) break;
      // A residential link is missing one time in 25: dead ends and detours, as in a real town.
      if (cls === 'residential' && next() < 0.04) {
        flush();
        continue;
      }
      // Primary roads end at each other, as OSM turn restrictions need (from and to ways end at the via node).
      if (cls === 'primary' && lineClass(j) === 'primary' && refs.length >= 2) {
        flush();
        refs = [node];
      }
      const nextNode = horizontal ? junction(k, j + 1) : junction(j + 1, k);
      refs.push(...shapePoints(node, nextNode));
      linkWay.set(`${node}-${nextNode}`, wayId);
    }
    flush();
  };
  for (let k = 0; k < side; k++) {
    addLine(true, k);
    addLine(false, k);
  }
  addTurnBans(raw, side, junction, linkWay);
  return raw;
}

/** At every junction of two primary roads: no right turn from the southern approach. */
function addTurnBans(raw: RawOsm, side: number, junction: (row: number, col: number) => number, linkWay: Map<string, number>): void {
  let relationId = 1;
  for (let row = 1; row < side - 1; row++) {
    if (lineClass(row) !== 'primary') continue;
    for (let col = 1; col < side - 1; col++) {
      if (lineClass(col) !== 'primary') continue;
      const from = linkWay.get(`${junction(row - 1, col)}-${junction(row, col)}`);
      const to = linkWay.get(`${junction(row, col)}-${junction(row, col + 1)}`);
      if (from === undefined || to === undefined) continue;
      const r: RawRestriction = { id: relationId++, restriction: 'no_right_turn', from: [from], to: [to], viaNodes: [junction(row, col)], viaWays: [] };
      raw.restrictions.push(r);
    }
  }
}

/** The synthetic network as the car graph the embedded backend routes on. */
export function syntheticRoadGraph(options: SyntheticOptions): RoadGraph {
  return buildRoadGraph(syntheticRawOsm(options), { file: `synthetic-${options.side}x${options.side}`, hash: `seed-${options.seed ?? 1}` });
}
