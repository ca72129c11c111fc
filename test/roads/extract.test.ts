/**
 * A council's extract into a graph (phases, clipping, the file's own date, errors naming the file
 * as its user knows it), the area a graph covers, and straight lines beyond it.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AreaOutline } from '../../solver/roads/area.js';
import type { LonLat } from '../../solver/roads/backend.js';
import { EmbeddedBackend } from '../../solver/roads/embedded.js';
import { buildExtractGraph, RoadExtractError, type ExtractPhase } from '../../solver/roads/extract.js';
import { haversineMetres } from '../../solver/roads/geo.js';
import { graphLines } from '../../solver/roads/graph/lines.js';
import { CITY_OSM, DEMO_OSM } from '../../solver/roads/graph/load-graph.js';
import { HaversineBackend } from '../../solver/roads/haversine.js';
import { StraightLineOutside, withStraightLinesOutside } from '../../solver/roads/outside.js';
import { cityGraph, demoBackend, tempDir } from './helpers.js';

const dir = tempDir('extract');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bank station, Moorgate and St Paul's: on City roads. */
const CITY_POINTS: LonLat[] = [
  [-0.0886, 51.5133],
  [-0.0886, 51.5186],
  [-0.0983, 51.5138],
];
/** Kingston upon Thames: beyond any shipped extract. */
const KINGSTON: LonLat = [-0.3006, 51.4103];

describe('building an extract', () => {
  it('reports parsing, building and pruning in that order, and records the name given and the date of the data', async () => {
    const seen: Array<[ExtractPhase, number]> = [];
    const graph = await buildExtractGraph(CITY_OSM, { name: 'city-of-london.osm.pbf', label: 'City of London', onProgress: (p, f) => seen.push([p, f]) });
    const phases = seen.map(([p]) => p).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['parsing', 'building', 'pruning']);
    const parsing = seen.filter(([p]) => p === 'parsing').map(([, f]) => f);
    expect(parsing[0]).toBe(0);
    expect(parsing.at(-1)).toBe(1);
    expect(parsing.every((f, i) => i === 0 || f >= parsing[i - 1])).toBe(true);
    expect(graph.meta.sourceFile).toBe('city-of-london.osm.pbf');
    expect(graph.meta.label).toBe('City of London');
    // The PBF header's replication timestamp, 1595241062 s: 20 July 2020, 10:31:02 UTC.
    expect(graph.meta.sourceDate).toBe('2020-07-20T10:31:02.000Z');
  });

  it("reads an Overpass XML file's date from its osm_base", async () => {
    const graph = await buildExtractGraph(DEMO_OSM, { name: 'demo.osm' });
    expect(graph.meta.sourceDate).toBe('2026-07-26T10:58:30.000Z');
  });

  it('clips to a bounding box: every node inside it, and fewer of them', async () => {
    const whole = await cityGraph();
    const bbox: [number, number, number, number] = [-0.1, 51.512, -0.09, 51.52];
    const graph = await buildExtractGraph(CITY_OSM, { name: 'city.osm.pbf', clip: { bbox } });
    expect(graph.physicalCount).toBeGreaterThan(100);
    expect(graph.physicalCount).toBeLessThan(whole.physicalCount / 2);
    for (let v = 0; v < graph.nodeCount; v++) {
      expect(graph.lon[v]).toBeGreaterThanOrEqual(bbox[0]);
      expect(graph.lon[v]).toBeLessThanOrEqual(bbox[2]);
      expect(graph.lat[v]).toBeGreaterThanOrEqual(bbox[1]);
      expect(graph.lat[v]).toBeLessThanOrEqual(bbox[3]);
    }
  });

  it('clips to a boundary: a triangle keeps only the nodes inside it', async () => {
    // A triangle over the City's west half: its hypotenuse runs from (-0.115, 51.508) to (-0.095, 51.525).
    const triangle: Array<[number, number]> = [
      [-0.115, 51.508],
      [-0.095, 51.525],
      [-0.115, 51.525],
      [-0.115, 51.508],
    ];
    const graph = await buildExtractGraph(CITY_OSM, { name: 'city.osm.pbf', clip: { boundary: [[triangle]] } });
    expect(graph.physicalCount).toBeGreaterThan(100);
    for (let v = 0; v < graph.nodeCount; v++) {
      // Left of the hypotenuse (west and north of it), inside the box.
      const side = (-0.095 - -0.115) * (graph.lat[v] - 51.508) - (51.525 - 51.508) * (graph.lon[v] - -0.115);
      expect(side).toBeGreaterThanOrEqual(0);
      expect(graph.lon[v]).toBeGreaterThanOrEqual(-0.115);
      expect(graph.lat[v]).toBeLessThanOrEqual(51.525);
    }
  });

  it('names the file as given, and what is wrong, for a truncated PBF, a clip with no roads and a file that is not OSM', async () => {
    const truncated = join(dir, 'upload-1.tmp');
    writeFileSync(truncated, readFileSync(CITY_OSM).subarray(0, 400_000));
    await expect(buildExtractGraph(truncated, { name: 'kingston.osm.pbf' })).rejects.toThrow(
      /^kingston\.osm\.pbf: truncated PBF: blob \d+ needs \d+ more bytes than the file has$/,
    );
    await expect(buildExtractGraph(truncated, { name: 'kingston.osm.pbf' })).rejects.toBeInstanceOf(RoadExtractError);
    const copy = join(dir, 'upload-2.tmp');
    copyFileSync(CITY_OSM, copy);
    await expect(buildExtractGraph(copy, { name: 'city.osm.pbf', clip: { bbox: [0, 0, 0.1, 0.1] } })).rejects.toThrow(
      'city.osm.pbf: no drivable highway ways inside the clipping area',
    );
    const text = join(dir, 'upload-3.tmp');
    writeFileSync(text, 'case_ref,debtor_ref\n');
    const error = await buildExtractGraph(text, { name: 'cases.csv' }).catch((e: unknown) => e);
    expect(String(error)).toBe('RoadExtractError: cases.csv: neither OSM XML nor OSM PBF (unrecognised first bytes)');
    expect(String(error)).not.toContain(dir);
  });
});

describe('the area a graph covers', () => {
  it('has a box and an outline round every node, and its kilometres of road', async () => {
    const graph = await cityGraph();
    const area = graph.meta.area!;
    expect(area.nodes).toBe(graph.physicalCount);
    const outline = new AreaOutline(area);
    let metres = 0;
    for (let s = 0; s < graph.segmentCount; s++) {
      const [a, b] = [graph.segA[s], graph.segB[s]];
      metres += haversineMetres(graph.lon[a], graph.lat[a], graph.lon[b], graph.lat[b]);
    }
    expect(area.roadKm).toBeCloseTo(metres / 1000, 1);
    let outside = 0;
    for (let v = 0; v < graph.physicalCount; v++) if (!outline.contains(graph.lon[v], graph.lat[v])) outside++;
    expect(outside).toBe(0);
    expect(area.outline[0]).toEqual(area.outline.at(-1));
    expect(outline.contains(...KINGSTON)).toBe(false);
  });

  it('calls a point outside when it is beyond the outline and off the roads, not when it is near a road', async () => {
    const city = new EmbeddedBackend(await cityGraph());
    expect(city.coverage.label).toBe('london-city-valhalla-2020-07-20.osm.pbf');
    expect(CITY_POINTS.map((p) => city.coverage.outside(p))).toEqual([false, false, false]);
    expect(city.coverage.outside(KINGSTON)).toBe(true);
    const demo = await demoBackend();
    expect(demo.coverage.label).toBe('north London demo');
    expect(demo.coverage.outside(CITY_POINTS[0])).toBe(true);
  });

  it('draws every segment once as lines along its ways', async () => {
    const graph = await cityGraph();
    const lines = graphLines(graph);
    expect(lines.reduce((n, l) => n + l.coordinates.length - 1, 0)).toBe(graph.segmentCount);
    expect(lines.length).toBeLessThan(graph.segmentCount / 2);
  });
});

describe('straight lines beyond the road data', () => {
  it('answers among road points as the graph does, and to a point outside as the straight line does', async () => {
    const city = new EmbeddedBackend(await cityGraph());
    const mixed = withStraightLinesOutside(city) as StraightLineOutside;
    expect(mixed).toBeInstanceOf(StraightLineOutside);
    const points: LonLat[] = [CITY_POINTS[0], KINGSTON, CITY_POINTS[1], CITY_POINTS[2]];
    expect(points.map((p) => mixed.estimates(p))).toEqual([false, true, false, false]);
    const m = await mixed.matrix(points);
    const road = await city.matrix(CITY_POINTS);
    const line = await new HaversineBackend().matrix(points);
    // Road points 0, 2, 3 are the graph's 0, 1, 2.
    const roadIndex = [0, -1, 1, 2];
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const expected = roadIndex[i] >= 0 && roadIndex[j] >= 0 ? road.durations[roadIndex[i] * 3 + roadIndex[j]] : line.durations[i * 4 + j];
        expect(m.durations[i * 4 + j]).toBe(expected);
      }
    }
    const legs = await mixed.legs([CITY_POINTS[0], CITY_POINTS[1], KINGSTON, CITY_POINTS[2]]);
    expect(legs.durations[0]).toBe(road.durations[1]);
    expect(legs.durations[1]).toBe(line.durations[2 * 4 + 1]);
    const table = await mixed.table([KINGSTON, CITY_POINTS[0]], [CITY_POINTS[1], CITY_POINTS[2]]);
    expect(table.durations[2]).toBe(road.durations[1]);
    expect((await mixed.route([CITY_POINTS[0], KINGSTON])).estimate).toBe(true);
  });

  it("still names a point inside the road data that is off its roads, by the caller's index", async () => {
    const city = new EmbeddedBackend(await cityGraph(), { maxSnapMetres: 5 });
    const mixed = withStraightLinesOutside(city);
    // A courtyard off Cheapside, inside the outline and more than 5 m from a road.
    const courtyard: LonLat = [-0.105, 51.5163];
    expect(city.coverage.outside(courtyard)).toBe(false);
    await expect(mixed.matrix([KINGSTON, CITY_POINTS[0], courtyard])).rejects.toMatchObject({ code: 'NoRoad', point: 2, points: [2] });
  });
});
