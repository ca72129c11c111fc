/**
 * OSM import: the car profile's rules, a small hand-made extract whose every arc can be checked,
 * the two real extracts, and bad input (corrupt, truncated, empty, foreign files) failing with a
 * message that names the file and leaving no cache behind.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedBackend } from '../../solver/roads/embedded.js';
import { haversineMetres } from '../../solver/roads/geo.js';
import { TRAFFIC_SIGNAL_SECONDS } from '../../solver/roads/graph/build-graph.js';
import { CACHE_DIR, CITY_OSM, DEMO_OSM, defaultCachePath, importOsm, loadGraph } from '../../solver/roads/graph/load-graph.js';
import type { RoadGraph } from '../../solver/roads/graph/road-graph.js';
import { isDrivable, onewayDirection, parseMaxspeedKmh, speedKmh } from '../../solver/roads/osm/car-profile.js';
import { OsmReadError, readOsmFile } from '../../solver/roads/osm/read-osm.js';
import { cityGraph, demoGraph, tempDir } from './helpers.js';

const dir = tempDir('import');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('car profile', () => {
  it('reads UK limits in mph (bare numbers too), km/h as written, national limits', () => {
    expect(parseMaxspeedKmh('30 mph')).toBeCloseTo(48.28, 2);
    expect(parseMaxspeedKmh('20')).toBeCloseTo(32.19, 2);
    expect(parseMaxspeedKmh('50 km/h')).toBe(50);
    expect(parseMaxspeedKmh('GB:nsl_single')).toBeCloseTo(96.56, 2);
    expect(parseMaxspeedKmh('GB:nsl_dual')).toBeCloseTo(112.65, 2);
    expect(parseMaxspeedKmh('signals')).toBeNull();
    expect(parseMaxspeedKmh(undefined)).toBeNull();
  });

  it('drives at 80% of a posted limit, else at the class default', () => {
    expect(speedKmh({ highway: 'residential', maxspeed: '30 mph' })).toBeCloseTo(0.8 * 48.28, 1);
    expect(speedKmh({ highway: 'residential' })).toBe(25);
    expect(speedKmh({ highway: 'primary' })).toBe(65);
  });

  it('one-way: yes, -1, roundabouts and motorways; no and absent are two-way', () => {
    expect(onewayDirection({ highway: 'residential', oneway: 'yes' })).toBe(1);
    expect(onewayDirection({ highway: 'residential', oneway: '-1' })).toBe(-1);
    expect(onewayDirection({ highway: 'primary', junction: 'roundabout' })).toBe(1);
    expect(onewayDirection({ highway: 'motorway' })).toBe(1);
    expect(onewayDirection({ highway: 'primary', junction: 'roundabout', oneway: 'no' })).toBe(0);
    expect(onewayDirection({ highway: 'residential' })).toBe(0);
  });

  it('access: the most specific tag wins; footways, private roads and areas are not driven', () => {
    expect(isDrivable({ highway: 'residential' })).toBe(true);
    expect(isDrivable({ highway: 'footway' })).toBe(false);
    expect(isDrivable({ highway: 'residential', access: 'private' })).toBe(false);
    expect(isDrivable({ highway: 'residential', access: 'no', motorcar: 'yes' })).toBe(true);
    expect(isDrivable({ highway: 'residential', motor_vehicle: 'no' })).toBe(false);
    expect(isDrivable({ highway: 'service', area: 'yes' })).toBe(false);
  });
});

/**
 * A hand-made extract, 100 m squares near 51.5 N:
 *
 *   11 (private) --- 10 ---------- (Loop Lane)
 *                    |               \
 *                 Side St             \
 *                    |                 \
 *    1 ---------- 2 (signals) -------- 3      High Street, two-way, 30 mph, B123
 *     \                                |
 *   Church Road (via shape point 5)  Back Lane, oneway=-1 (driven 4 -> 3 only)
 *       \                              |
 *        5 --------------------------- 4
 *
 * plus a footway 1-10, an island 20-21 and two restrictions: no right turn from Church Road into
 * High Street at 1, and a broken one whose via node (2) is inside its from-way.
 */
const DX = 0.00144; // ~100 m of longitude at 51.5 N
const DY = 0.0009; // ~100 m of latitude
const at = (x: number, y: number) => ({ lon: -0.1 + x * DX, lat: 51.5 + y * DY });
const NODES: Record<number, [number, number, string?]> = {
  1: [0, 0],
  2: [1, 0, 'traffic_signals'],
  3: [2, 0],
  4: [2, -1],
  5: [0.5, -1],
  10: [1, 1],
  11: [0, 1],
  20: [6, 6],
  21: [7, 6],
};
const SMALL_XML = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
${Object.entries(NODES)
  .map(([id, [x, y, hw]]) => `  <node id="${id}" lat="${at(x, y).lat}" lon="${at(x, y).lon}">${hw ? `<tag k="highway" v="${hw}"/>` : ''}</node>`)
  .join('\n')}
  <way id="100"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="name" v="High Street"/><tag k="ref" v="B123"/><tag k="maxspeed" v="30 mph"/></way>
  <way id="101"><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/><tag k="name" v="Back Lane"/><tag k="oneway" v="-1"/></way>
  <way id="102"><nd ref="4"/><nd ref="5"/><nd ref="1"/><tag k="highway" v="residential"/><tag k="name" v="Church Road"/></way>
  <way id="103"><nd ref="2"/><nd ref="10"/><tag k="highway" v="residential"/><tag k="name" v="Side Street"/></way>
  <way id="104"><nd ref="10"/><nd ref="3"/><tag k="highway" v="unclassified"/><tag k="name" v="Loop Lane"/></way>
  <way id="105"><nd ref="1"/><nd ref="10"/><tag k="highway" v="footway"/></way>
  <way id="106"><nd ref="10"/><nd ref="11"/><tag k="highway" v="residential"/><tag k="access" v="private"/></way>
  <way id="107"><nd ref="20"/><nd ref="21"/><tag k="highway" v="residential"/><tag k="name" v="Island Road"/></way>
  <relation id="900"><member type="way" ref="102" role="from"/><member type="node" ref="1" role="via"/><member type="way" ref="100" role="to"/><tag k="type" v="restriction"/><tag k="restriction" v="no_right_turn"/></relation>
  <relation id="901"><member type="way" ref="100" role="from"/><member type="node" ref="2" role="via"/><member type="way" ref="103" role="to"/><tag k="type" v="restriction"/><tag k="restriction" v="no_left_turn"/></relation>
</osm>
`;

describe('a small hand-made extract, arc by arc', () => {
  const file = join(dir, 'small.osm');
  writeFileSync(file, SMALL_XML);
  let g: RoadGraph;
  const node = (id: number) => {
    const p = at(NODES[id][0], NODES[id][1]);
    for (let v = 0; v < g.physicalCount; v++) if (g.lon[v] === p.lon && g.lat[v] === p.lat) return v;
    return -1;
  };
  const arcs = (from: number, to: number) => {
    const out: number[] = [];
    for (let a = 0; a < g.arcHead.length; a++) if (g.physical[g.arcTail[a]] === node(from) && g.physical[g.arcHead[a]] === node(to)) out.push(a);
    return out;
  };

  it('keeps drivable ways of the largest strongly connected part, with names and refs', async () => {
    g = await importOsm(file);
    expect(g.meta.sourceFile).toBe('small.osm');
    expect(node(11)).toBe(-1); // private
    expect(node(20)).toBe(-1); // an island: not strongly connected to the rest
    expect(g.physicalCount).toBe(6); // 1, 2, 3, 4, 5, 10
    expect(g.meta.stats.components).toBe(2);
    const hs = arcs(1, 2)[0];
    expect(g.ways.name[g.arcWay[hs]]).toBe('High Street');
    expect(g.ways.ref[g.arcWay[hs]]).toBe('B123');
  });

  it('drives oneway=-1 against the node order only', () => {
    expect(arcs(4, 3)).toHaveLength(1);
    expect(arcs(3, 4)).toHaveLength(0);
    expect(arcs(1, 2).length).toBeGreaterThan(0);
    expect(arcs(2, 1).length).toBeGreaterThan(0);
  });

  it('costs an arc by its length at the speed of its tags, plus the signal delay at its head', () => {
    const metres = haversineMetres(at(0, 0).lon, at(0, 0).lat, at(1, 0).lon, at(1, 0).lat);
    const mps = (0.8 * 30 * 1.609344) / 3.6;
    const into2 = arcs(1, 2)[0];
    const outOf2 = arcs(2, 1)[0];
    expect(g.arcDistance[into2]).toBeCloseTo(metres, 6);
    expect(g.arcDuration[into2]).toBeCloseTo(metres / mps + TRAFFIC_SIGNAL_SECONDS, 6);
    expect(g.arcDuration[outOf2]).toBeCloseTo(metres / mps, 6);
    const church = arcs(5, 1)[0];
    expect(g.arcDuration[church]).toBeCloseTo(g.arcDistance[church] / (25 / 3.6), 6); // residential default
  });

  it('honours the restriction at node 1 and leaves the broken one (via inside its from-way) unapplied', () => {
    expect(g.meta.stats).toMatchObject({ restrictions: 2, restrictionsApplied: 1, restrictionsUnresolved: 1, restrictionCopies: 1 });
    const b = new EmbeddedBackend(g);
    const mid = (p: number, q: number): [number, number] => [
      (at(NODES[p][0], NODES[p][1]).lon + at(NODES[q][0], NODES[q][1]).lon) / 2,
      (at(NODES[p][0], NODES[p][1]).lat + at(NODES[q][0], NODES[q][1]).lat) / 2,
    ];
    // Church Road (5 -> 1) then right into High Street is banned: the route goes round by 4, 3, 2.
    const banned = b.routeSync([mid(5, 1), mid(1, 2)]).routes[0];
    expect(banned.distance).toBeGreaterThan(300);
    // From High Street into Side Street at 2: allowed from both sides.
    expect(b.routeSync([mid(1, 2), mid(2, 10)]).routes[0].distance).toBeLessThan(110);
    expect(b.routeSync([mid(2, 3), mid(2, 10)]).routes[0].distance).toBeLessThan(110);
  });
});

describe('the real extracts', () => {
  it('demo XML: a car graph of the expected size, with no relations', async () => {
    const g = await demoGraph();
    expect(g.physicalCount).toBeGreaterThan(5000);
    expect(g.nodeCount).toBe(g.physicalCount);
    expect(g.meta.stats).toMatchObject({ osmWays: 1585, restrictions: 0 });
    expect(g.meta.sourceFile).toBe(basename(DEMO_OSM));
  });

  it('City PBF: relations read, via-node restrictions applied, closed-off streets pruned', async () => {
    const g = await cityGraph();
    expect(g.meta.stats).toMatchObject({ restrictions: 77, restrictionsApplied: 61, restrictionsViaWaySkipped: 3 });
    // One copy of a via node per restricted approach, less those pruned with the closed-off streets.
    expect(g.nodeCount - g.physicalCount).toBeGreaterThan(40);
    expect(g.nodeCount - g.physicalCount).toBeLessThanOrEqual(g.meta.stats.restrictionCopies);
    expect(g.meta.stats.restrictionTrappedNodes).toBeGreaterThan(0);
  });
});

describe('bad input: a clear error naming the file, and nothing half-written', () => {
  const xml = readFileSync(DEMO_OSM);
  const pbf = readFileSync(CITY_OSM);
  const corrupt = (buf: Buffer) => {
    const c = Buffer.from(buf);
    for (let i = c.length >> 1; i < (c.length >> 1) + 2000; i++) c[i] ^= 0x5a;
    return c;
  };
  const cases: Array<[string, Buffer, RegExp]> = [
    ['truncated.osm', xml.subarray(0, xml.length >> 1), /the file ends before <\/osm>, at line \d+ \(truncated\?\)/],
    ['truncated-at-tag.osm', Buffer.concat([xml.subarray(0, xml.indexOf('</way>') + 6), Buffer.from('\n')]), /the file ends before <\/osm>/],
    ['corrupt.osm', corrupt(xml), /XML parse error at line \d+/],
    ['truncated.osm.pbf', pbf.subarray(0, pbf.length >> 1), /truncated PBF: blob \d+ needs \d+ more bytes/],
    ['corrupt.osm.pbf', corrupt(pbf), /PBF decode error/],
    ['empty.osm', Buffer.alloc(0), /the file is empty/],
    ['not-osm.osm', Buffer.from('{"type": "FeatureCollection"}'), /neither OSM XML nor OSM PBF/],
    ['no-roads.osm', Buffer.from('<?xml version="1.0"?><osm version="0.6"><node id="1" lat="51.5" lon="-0.1"/></osm>'), /no drivable highway ways found/],
  ];

  it.each(cases)('%s', async (name, bytes, why) => {
    // A unique name: its cache would go to the shared data/cache/ folder.
    const file = join(dir, `rounds-roads-test-${process.pid}-${name}`);
    writeFileSync(file, bytes);
    const error = await readOsmFile(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OsmReadError);
    expect((error as Error).message).toMatch(new RegExp(`^cannot read OSM file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect((error as Error).message).toMatch(why);
    // The loader fails the same way and writes no cache, whole or partial.
    await expect(loadGraph(file)).rejects.toThrow(file);
    expect(existsSync(defaultCachePath(file))).toBe(false);
    expect(readdirSync(CACHE_DIR).filter((f) => f.includes(basename(file).replace(/\.osm(\.pbf)?$/, '')))).toEqual([]);
  });

  it('a missing file', async () => {
    await expect(readOsmFile(join(dir, 'nowhere.osm'))).rejects.toThrow(/cannot read OSM file .*nowhere\.osm: ENOENT/);
    await expect(loadGraph(join(dir, 'nowhere.osm'))).rejects.toThrow(/nowhere\.osm: no such file/);
  });
});
