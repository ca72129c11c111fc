/**
 * The rules of the road on real OSM data: a one-way street of the demo extract is driven only its
 * legal way, and the turn restrictions of the City of London PBF are honoured (each one checked
 * against the same graph built without restrictions, where the forbidden turn is the fastest).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LonLat } from '../../solver/roads/backend.js';
import { EmbeddedBackend } from '../../solver/roads/embedded.js';
import { buildRoadGraph } from '../../solver/roads/graph/build-graph.js';
import { CITY_OSM, DEMO_OSM } from '../../solver/roads/graph/load-graph.js';
import { readOsmFile, type RawOsm } from '../../solver/roads/osm/read-osm.js';
import { demoBackend, sameLonLat } from './helpers.js';

const midpoint = (a: LonLat, b: LonLat): LonLat => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

function nodeAt(raw: RawOsm, id: number): LonLat {
  const i = raw.nodeIndex.get(id);
  if (i === undefined) throw new Error(`node ${id} is not in the extract`);
  return [raw.nodeLon[i], raw.nodeLat[i]];
}

/** True when the route's line passes p -> via -> q as three consecutive vertices. */
function passes(line: LonLat[], p: LonLat[], via: LonLat, q: LonLat[]): boolean {
  const is = (c: LonLat, options: LonLat[]) => options.some((o) => sameLonLat(c, o[0], o[1]));
  for (let k = 1; k + 1 < line.length; k++) {
    if (is(line[k], [via]) && is(line[k - 1], p) && is(line[k + 1], q)) return true;
  }
  return false;
}

describe('a one-way street of the demo extract (Princes Avenue, N13)', () => {
  // OSM way 4274270: highway=residential, oneway=yes, 7 nodes, about 274 m.
  const WAY_ID = 4274270;
  let nodes: LonLat[];
  let backend: EmbeddedBackend;

  beforeAll(async () => {
    const raw = await readOsmFile(DEMO_OSM);
    const way = raw.ways.find((w) => w.id === WAY_ID);
    if (!way) throw new Error(`way ${WAY_ID} is not in the demo extract`);
    expect(way.tags).toMatchObject({ name: 'Princes Avenue', highway: 'residential', oneway: 'yes' });
    nodes = way.refs.map((r) => nodeAt(raw, r));
    backend = await demoBackend();
  });

  it('is driven along it from its first segment to its last, and the other way round takes a detour', () => {
    const a = midpoint(nodes[0], nodes[1]);
    const b = midpoint(nodes[nodes.length - 2], nodes[nodes.length - 1]);
    const forward = backend.routeSync([a, b]).routes[0];
    const backward = backend.routeSync([b, a]).routes[0];
    // Forwards: exactly the street's interior nodes, in order.
    const line = forward.geometry.coordinates;
    expect(line.length).toBe(nodes.length);
    nodes.slice(1, -1).forEach((n, k) => expect(sameLonLat(line[k + 1], n[0], n[1])).toBe(true));
    expect(forward.legs[0].summary).toBe('Princes Avenue');
    // Backwards: never along one of its segments against the one-way, and much longer.
    const back = backward.geometry.coordinates;
    for (let k = 0; k + 1 < nodes.length; k++) {
      for (let j = 0; j + 1 < back.length; j++) {
        const against = sameLonLat(back[j], nodes[k + 1][0], nodes[k + 1][1]) && sameLonLat(back[j + 1], nodes[k][0], nodes[k][1]);
        expect(against).toBe(false);
      }
    }
    expect(backward.distance).toBeGreaterThan(2 * forward.distance);
    expect(backward.duration).toBeGreaterThan(2 * forward.duration);
    const m = backend.matrixSync([a, b]);
    expect(m.durations[1]).toBeCloseTo(forward.duration, 0);
    expect(m.durations[2]).toBeCloseTo(backward.duration, 0);
  });
});

describe('turn restrictions of the City of London extract', () => {
  let raw: RawOsm;
  let restricted: EmbeddedBackend;
  let unrestricted: EmbeddedBackend;

  beforeAll(async () => {
    raw = await readOsmFile(CITY_OSM);
    restricted = new EmbeddedBackend(buildRoadGraph(raw, { file: 'city', hash: 'test' }));
    unrestricted = new EmbeddedBackend(buildRoadGraph({ ...raw, restrictions: [] }, { file: 'city', hash: 'test' }));
  });

  /** The node next to the via node on a way that starts or ends there, or null. */
  function besideVia(wayId: number, via: number): LonLat | null {
    const way = raw.ways.find((w) => w.id === wayId);
    if (!way) return null;
    if (way.refs[0] === via) return nodeAt(raw, way.refs[1]);
    if (way.refs[way.refs.length - 1] === via) return nodeAt(raw, way.refs[way.refs.length - 2]);
    return null;
  }

  it("no right turn from Theobalds Road into Gray's Inn Road (relation 22651)", () => {
    const r = raw.restrictions.find((x) => x.id === 22651);
    expect(r).toMatchObject({ restriction: 'no_right_turn', viaNodes: [expect.any(Number)] });
    const via = nodeAt(raw, r!.viaNodes[0]);
    const before = besideVia(r!.from[0], r!.viaNodes[0])!;
    const after = besideVia(r!.to[0], r!.viaNodes[0])!;
    const a = midpoint(before, via);
    const b = midpoint(via, after);
    const legal = restricted.routeSync([a, b]);
    const free = unrestricted.routeSync([a, b]);
    expect(legal.waypoints.map((w) => w.distance)).toEqual([0, 0]);
    // Without the ban, the turn itself is the route: a, the junction, b.
    expect(free.routes[0].geometry.coordinates).toHaveLength(3);
    expect(passes(free.routes[0].geometry.coordinates, [before, a], via, [after, b])).toBe(true);
    // With it, the route goes round, and no step turns right into Gray's Inn Road at the junction.
    expect(passes(legal.routes[0].geometry.coordinates, [before, a], via, [after, b])).toBe(false);
    expect(legal.routes[0].duration).toBeGreaterThan(free.routes[0].duration);
    expect(restricted.matrixSync([a, b]).durations[1]).toBeCloseTo(legal.routes[0].duration, 0);
  });

  it('every via-node restriction: the forbidden movement is never driven, though it would be the fastest', () => {
    let checked = 0;
    const kinds = new Set<string>();
    for (const r of raw.restrictions) {
      if (r.viaNodes.length !== 1 || r.from.length !== 1 || r.to.length !== 1) continue;
      const viaId = r.viaNodes[0];
      const before = besideVia(r.from[0], viaId);
      const allowed = besideVia(r.to[0], viaId);
      if (!before || !allowed) continue;
      const via = nodeAt(raw, viaId);
      // no_*: the to-way is forbidden. only_*: every other way out is (U-turn included).
      const exits: LonLat[] = r.restriction.startsWith('no_')
        ? [allowed]
        : raw.ways
            .filter((w) => w.refs.includes(viaId))
            .flatMap((w) => w.refs.flatMap((id, k) => (id === viaId ? [w.refs[k - 1], w.refs[k + 1]] : [])))
            .filter((id): id is number => id !== undefined)
            .map((id) => nodeAt(raw, id))
            .filter((p) => !(p[0] === allowed[0] && p[1] === allowed[1]));
      for (const exit of exits) {
        const a = midpoint(before, via);
        const b = midpoint(via, exit);
        const free = unrestricted.routeSync([a, b], { steps: false });
        // Only movements the unrestricted graph makes directly, from and to points exactly on them.
        if (free.waypoints.some((w) => w.distance > 0.5)) continue;
        if (!passes(free.routes[0].geometry.coordinates, [before, a], via, [exit, b])) continue;
        const legal = restricted.routeSync([a, b], { steps: false });
        if (legal.waypoints.some((w) => w.distance > 0.5)) continue; // the street was closed off by bans and pruned
        if (passes(legal.routes[0].geometry.coordinates, [before, a], via, [exit, b])) {
          throw new Error(`relation ${r.id} (${r.restriction}) is driven: ${JSON.stringify(legal.routes[0].geometry.coordinates)}`);
        }
        expect(legal.routes[0].duration).toBeGreaterThan(free.routes[0].duration);
        checked++;
        kinds.add(r.restriction.split('_')[0]);
      }
    }
    // 61 of the extract's 77 restrictions resolve to via-node bans; most are checkable this way.
    expect(checked).toBeGreaterThanOrEqual(40);
    expect([...kinds].sort()).toEqual(['no', 'only']);
  });
});
