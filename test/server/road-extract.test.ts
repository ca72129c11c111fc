/**
 * A council's own road data, end to end through the API (issue 14): an admin uploads the City of
 * London extract, follows its build over the job's event stream, and the server plans on it at
 * once (its own backend and its planning threads); an officer and cases there plan on City roads;
 * cases beyond the road data are counted at import and left out with their own reason, or planned
 * as straight-line estimates when the council chooses; a truncated upload fails naming the file and
 * replaces nothing; the road data in use survives a restart; only an admin may load it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoadMap } from '../../contract/roads.js';
import { buildApp } from '../../server/app.js';
import { readRoadDataInUse, routingConfigFor } from '../../server/roads/in-use.js';
import { createRoutingBackend, loadDemoBackend } from '../../solver/roads/index.js';
import { CITY_OSM, DEMO_OSM } from '../../solver/roads/graph/load-graph.js';
import { OFFICER, csvBody, importCsv, makeApp, realPostcodes, type Inject, type TestApp } from './helpers.js';

const DATE = '2026-03-03';
const FAST = { timeLimitMs: 1000, seed: 1, replace: true };
const CITY_PBF = readFileSync(CITY_OSM);
/** The City extract's nodes lie in this box (minLon, minLat, maxLon, maxLat), read from the file. */
const CITY_BOX = [-0.1153, 51.5079, -0.0898, 51.5255];

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Follows a job over its event stream to the end (the stream closes after done, failed or cancelled). */
async function follow(as: Inject, jobId: string): Promise<SseEvent[]> {
  const res = await as({ url: `/api/jobs/${jobId}/events` });
  expect(res.statusCode).toBe(200);
  return res.body
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return { event: eventLine.slice('event: '.length), data: JSON.parse(dataLine.slice('data: '.length)) as Record<string, unknown> };
    });
}

const upload = (name: string, body: Buffer, query = '') => ({
  method: 'PUT' as const,
  url: `/api/roads/extract?name=${encodeURIComponent(name)}${query}`,
  headers: { 'content-type': 'application/octet-stream' },
  payload: body,
});

/** A CSV row at given coordinates (EC postcodes are not in the shipped Code-Point files, so every row gives its lat/lon). */
function row(ref: string, postcode: string, lat: number, lon: number, balance = 800): string {
  return `${ref},D-${ref},Alex Example,1 Sample Street,${postcode},${lat},${lon},council_tax,${balance},2026-01-05,2026-02-02,domestic,,no,no,,`;
}

/** Cases on streets of the extract (it covers the City's west, to Moorgate): Cheapside, Gresham Street, Ludgate Hill, Fleet Street, Aldersgate Street, Cannon Street. */
const CITY_ROWS = [
  row('CITY-1', 'EC2V 6DN', 51.5141, -0.0937),
  row('CITY-2', 'EC2V 7HN', 51.5157, -0.095),
  row('CITY-3', 'EC4M 7DE', 51.5139, -0.1027),
  row('CITY-4', 'EC4A 2AB', 51.5141, -0.1062),
  row('CITY-5', 'EC1A 4HD', 51.5201, -0.0975),
  row('CITY-6', 'EC4M 6XH', 51.5125, -0.0945),
];
/** Friern Barnet, in the demo area and beyond the City's roads: worth a long drive when the council plans such cases on estimates. */
const NORTH_ROWS = [row('NORTH-1', 'N11 1NN', 51.6127, -0.1408, 40_000), row('NORTH-2', 'N11 3DP', 51.6135, -0.1395, 40_000)];

/** Stops of a plan, flattened. */
type Plan = {
  id: string;
  estimate: boolean;
  roads?: { source: string; builtAt: string };
  routes: Array<{ stops: Array<{ caseRefs: string[]; lat: number; lon: number; estimate?: boolean }> }>;
  unplanned: Array<{ caseRef: string; reason: string }>;
};
const stopsOf = (plan: Plan) => plan.routes.flatMap((r) => r.stops);

describe('loading a council’s road extract from the app', () => {
  let t: TestApp;
  let admin: Inject;
  /** A second API instance on the same store and road data folder, which loads nothing itself. */
  let other: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    // The server starts on the north London demo graph, as `npm start` does.
    const demo = { routing: await loadDemoBackend(), routingConfig: { backend: 'embedded', graphPath: DEMO_OSM } } as const;
    t = await makeApp({ extra: demo });
    other = await buildApp({ store: t.store, postcodes: realPostcodes(), ...demo, roadData: { dir: join(t.dir, 'road-data') } });
    admin = t.as('admin');
  });
  afterAll(async () => {
    await other?.close();
    await t.close();
  });

  it('serves the demo area to start with', async () => {
    const area = (await t.as('officer')({ url: '/api/roads/area' })).json();
    expect(area).toMatchObject({
      routing: 'embedded',
      estimate: false,
      label: 'north London demo',
      source: 'london-north-friern-barnet-highways-overpass-2026-07-26.osm',
    });
    expect(area.importedAt).toBeUndefined();
  });

  it('refuses every role but the admin', async () => {
    for (const role of ['team_leader', 'manager', 'officer'] as const) {
      const res = await t.as(role)(upload('london-city.osm.pbf', CITY_PBF));
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await t.as('anonymous')(upload('london-city.osm.pbf', CITY_PBF))).statusCode).toBe(401);
  });

  it('builds the City extract with progress by phase, then plans on it: area, server backend and planning threads', async () => {
    const accepted = await admin(upload('london-city.osm.pbf', CITY_PBF, '&label=City%20of%20London'));
    expect(accepted.statusCode, accepted.body).toBe(202);
    const { jobId, events } = accepted.json<{ jobId: string; events: string }>();
    expect(events).toBe(`/api/jobs/${jobId}/events`);
    // One build at a time: a second upload while this one builds is a conflict naming the job.
    const second = await admin(upload('again.osm.pbf', CITY_PBF));
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toContain(jobId);

    const seen = await follow(admin, jobId);
    const phases = seen.filter((e) => e.event === 'progress').map((e) => e.data.phase as string);
    const order = ['parsing', 'building', 'pruning', 'writing'];
    expect(phases.map((p) => order.indexOf(p))).toEqual([...phases.map((p) => order.indexOf(p))].sort((a, b) => a - b));
    expect(phases).toContain('writing');
    const done = seen.at(-1)!;
    expect(done.event, JSON.stringify(done.data)).toBe('done');
    expect(done.data.result).toMatchObject({ source: 'london-city.osm.pbf', label: 'City of London', sourceDate: '2020-07-20T10:31:02.000Z', nodes: 3385 });

    const area = (await t.as('officer')({ url: '/api/roads/area' })).json();
    expect(area).toMatchObject({
      routing: 'embedded',
      source: 'london-city.osm.pbf',
      label: 'City of London',
      sourceDate: '2020-07-20T10:31:02.000Z',
      importedBy: 'admin',
      nodes: 3385,
    });
    expect(area.roadKm).toBeCloseTo(54.4, 0);
    area.bbox.forEach((v: number, i: number) => expect(v).toBeCloseTo(CITY_BOX[i], 3));
    expect(area.outline.type).toBe('Polygon');
    expect(area.outline.coordinates[0].length).toBeGreaterThan(10);
    // The server's own backend switched too (route geometry) ...
    expect(t.app.routingBackend.coverage?.source).toBe('london-city.osm.pbf');
    // ... and the base map is the City's roads, drawn from the graph, in the shape the client parses.
    const roads = RoadMap.parse((await t.as('officer')({ url: '/api/roads?bbox=-0.1,51.512,-0.09,51.52' })).json());
    expect(roads.features.some((f) => f.properties.name === 'Cheapside')).toBe(true);
    expect(RoadMap.parse((await t.as('officer')({ url: '/api/roads' })).json()).features.length).toBeGreaterThan(roads.features.length);
    const jobs = (await admin({ url: '/api/jobs' })).json<Array<{ id: string; kind: string; status: string }>>();
    expect(jobs).toContainEqual(expect.objectContaining({ id: jobId, kind: 'roads', status: 'done' }));
  });

  it('is followed within seconds by another instance on the same road data folder', async () => {
    const areaAtOther = async () =>
      (await other.inject({ url: '/api/roads/area', headers: { cookie: await t.cookie('officer') } })).json<{ source: string; nodes?: number }>();
    await expect.poll(() => areaAtOther().then((a) => a.source), { timeout: 15_000, interval: 250 }).toBe('london-city.osm.pbf');
    expect((await areaAtOther()).nodes).toBe(3385);
    // Its route geometry and its planning threads too.
    expect(other.routingBackend.coverage?.source).toBe('london-city.osm.pbf');
    expect(other.routingConfig).toEqual(t.app.routingConfig);
  });

  it('plans an officer and cases in the City on City roads; cases beyond them are counted at import and left out as outside-road-area', async () => {
    const officer = { ...OFFICER, id: 'city-1', name: 'City Officer', start: { lat: 51.5155, lon: -0.0922 }, end: { lat: 51.5155, lon: -0.0922 } };
    expect((await t.inject({ method: 'POST', url: '/api/officers', payload: officer })).statusCode).toBe(201);
    const imported = await importCsv(t.inject, csvBody([...CITY_ROWS, ...NORTH_ROWS]));
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ imported: 8, outsideRoadArea: { cases: 2, roads: 'City of London', districts: [{ district: 'N11', cases: 2 }] } });

    const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: ['city-1'], ...FAST } });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json<Plan>();
    expect(plan.roads?.source).toBe('london-city.osm.pbf');
    expect(plan.estimate).toBe(false);
    const stops = stopsOf(plan);
    expect(stops.map((s) => s.caseRefs[0]).sort()).toEqual(['CITY-1', 'CITY-2', 'CITY-3', 'CITY-4', 'CITY-5', 'CITY-6']);
    for (const stop of stops) {
      expect(stop.estimate).toBe(false);
      expect(t.app.routingBackend.coverage!.outside([stop.lon, stop.lat])).toBe(false);
    }
    expect(plan.unplanned).toEqual(
      expect.arrayContaining([
        { caseRef: 'NORTH-1', reason: 'outside-road-area' },
        { caseRef: 'NORTH-2', reason: 'outside-road-area' },
      ]),
    );
    // The route drawn along the City's roads, not straight lines.
    const geometry = (await t.inject({ url: `/api/plans/${plan.id}/routes/0/geometry` })).json();
    expect(geometry.estimate).toBeUndefined();
    for (const [lon, lat] of geometry.routes[0].geometry.coordinates as Array<[number, number]>) {
      expect(lon).toBeGreaterThanOrEqual(CITY_BOX[0] - 1e-4);
      expect(lon).toBeLessThanOrEqual(CITY_BOX[2] + 1e-4);
      expect(lat).toBeGreaterThanOrEqual(CITY_BOX[1] - 1e-4);
      expect(lat).toBeLessThanOrEqual(CITY_BOX[3] + 1e-4);
    }
  });

  it('tells the team leader plainly when an officer starts beyond the road data', async () => {
    const north = { ...OFFICER, id: 'north-1', name: 'North Officer' };
    expect((await t.inject({ method: 'POST', url: '/api/officers', payload: north })).statusCode).toBe(201);
    const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: ['north-1'], ...FAST } });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toBe(
      "the start of north-1 is outside the road data in use (City of London): load your area's road extract; " +
        "the end of north-1 is outside the road data in use (City of London): load your area's road extract",
    );
    expect((await t.inject({ method: 'DELETE', url: '/api/officers/north-1' })).statusCode).toBe(204);
  });

  it('plans cases beyond the road data on straight lines when the council chooses, each such stop and the plan marked', async () => {
    const set = await admin({ method: 'PATCH', url: '/api/settings', payload: { roadArea: { outsideEstimates: true } } });
    expect(set.statusCode, set.body).toBe(200);
    const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: ['city-1'], ...FAST } });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json<Plan>();
    const stops = stopsOf(plan);
    const north = stops.filter((s) => s.caseRefs[0].startsWith('NORTH'));
    expect(north.length).toBeGreaterThan(0);
    expect(north.every((s) => s.estimate === true)).toBe(true);
    expect(stops.filter((s) => s.caseRefs[0].startsWith('CITY')).every((s) => s.estimate === false)).toBe(true);
    expect(plan.estimate).toBe(true);
    expect(plan.unplanned.some((u) => u.reason === 'outside-road-area')).toBe(false);
    // Its route is drawn, straight, and says it is an estimate.
    const geometry = await t.inject({ url: `/api/plans/${plan.id}/routes/0/geometry` });
    expect(geometry.statusCode, geometry.body).toBe(200);
    expect(geometry.json().estimate).toBe(true);
    expect((await admin({ method: 'PATCH', url: '/api/settings', payload: { roadArea: { outsideEstimates: false } } })).statusCode).toBe(200);
  });

  it('fails a truncated upload naming the file and what is wrong, and the City keeps serving', async () => {
    const accepted = await admin(upload('kingston-upon-thames.osm.pbf', CITY_PBF.subarray(0, 400_000)));
    expect(accepted.statusCode).toBe(202);
    const seen = await follow(admin, accepted.json().jobId);
    const failed = seen.at(-1)!;
    expect(failed.event).toBe('failed');
    const problem = failed.data.problem as { status: number; title: string; detail: string };
    expect(problem.status).toBe(422);
    expect(problem.detail).toMatch(/^kingston-upon-thames\.osm\.pbf: truncated PBF: blob \d+ needs \d+ more bytes than the file has$/);
    expect((await t.as('officer')({ url: '/api/roads/area' })).json().source).toBe('london-city.osm.pbf');
    const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: ['city-1'], ...FAST } });
    expect(res.statusCode).toBe(201);
    expect(res.json<Plan>().roads?.source).toBe('london-city.osm.pbf');
  });

  it('is still in use after a restart', async () => {
    const dir = join(t.dir, 'road-data');
    const record = await readRoadDataInUse(dir);
    expect(record).toMatchObject({ source: 'london-city.osm.pbf', label: 'City of London', importedBy: 'admin' });
    // What server/main.ts does at start-up, before falling back to ROUNDS_OSM.
    const config = routingConfigFor(dir, record!, { backend: 'embedded', graphPath: DEMO_OSM });
    const restarted = await buildApp({
      store: t.store,
      postcodes: realPostcodes(),
      routing: await createRoutingBackend(config),
      routingConfig: config,
      roadData: { dir, inUse: record },
    });
    try {
      const area = (await restarted.inject({ url: '/api/roads/area', headers: { cookie: await t.cookie('officer') } })).json();
      expect(area).toMatchObject({ source: 'london-city.osm.pbf', label: 'City of London', importedBy: 'admin', nodes: 3385 });
    } finally {
      await restarted.close();
    }
  });
});

describe('the upload’s limits and clipping', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ extra: { limits: { roadsExtractMaxBytes: 100_000 } } });
  });
  afterAll(async () => t.close());

  it('refuses an extract over the size limit, announced or streamed, and keeps nothing', async () => {
    const announced = await t.as('admin')(upload('big.osm.pbf', CITY_PBF));
    expect(announced.statusCode).toBe(413);
    expect(announced.json()).toMatchObject({ maxBytes: 100_000 });
    const streamed = await t.as('admin')({
      ...upload('big.osm.pbf', CITY_PBF),
      payload: Readable.from([CITY_PBF.subarray(0, 60_000), CITY_PBF.subarray(60_000)]),
    });
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json().detail).toContain('ROUNDS_ROADS_MAX_BYTES');
    expect((await t.as('admin')({ url: '/api/jobs' })).json()).toEqual([]);
  });
});

describe('clipping an extract to the council’s boundary', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
  });
  afterAll(async () => t.close());

  it('keeps only the roads inside the boundary stored', async () => {
    // A square round St Paul's and Cheapside.
    const square = [
      [-0.1, 51.511],
      [-0.09, 51.511],
      [-0.09, 51.518],
      [-0.1, 51.518],
      [-0.1, 51.511],
    ];
    const boundary = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [square] } };
    const stored = await t.as('admin')({ method: 'PUT', url: '/api/roads/boundary', payload: boundary });
    expect(stored.statusCode, stored.body).toBe(200);
    expect(stored.json()).toEqual({ polygons: 1, points: 5, bbox: [-0.1, 51.511, -0.09, 51.518] });
    const accepted = await t.as('admin')(upload('city.osm.pbf', CITY_PBF, '&clip=boundary'));
    expect(accepted.statusCode, accepted.body).toBe(202);
    expect((await follow(t.as('admin'), accepted.json().jobId)).at(-1)!.event).toBe('done');
    const area = (await t.as('officer')({ url: '/api/roads/area' })).json();
    expect(area.clip).toBe('boundary');
    expect(area.nodes).toBeLessThan(3385 / 2);
    expect(area.bbox[0]).toBeGreaterThanOrEqual(-0.1);
    expect(area.bbox[1]).toBeGreaterThanOrEqual(51.511);
    expect(area.bbox[2]).toBeLessThanOrEqual(-0.09);
    expect(area.bbox[3]).toBeLessThanOrEqual(51.518);
  });

  it('refuses a broken boundary with a 400, never a 500: empty, open, or points that are not points', async () => {
    for (const ring of [
      [],
      [
        [-0.1, 51.511],
        [-0.09, 51.511],
        [-0.09, 51.518],
        [-0.1, 51.518],
      ],
      ['x', 'y', 'z', 'w'],
      [null, [0, 0], [1, 1], null],
    ]) {
      const res = await t.as('admin')({ method: 'PUT', url: '/api/roads/boundary', payload: { type: 'Polygon', coordinates: [ring] } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0].field).toMatch(/^body/);
    }
  });

  it('refuses a bbox and the boundary together, and the boundary before one is stored', async () => {
    const fresh = await makeApp();
    try {
      const none = await fresh.as('admin')(upload('city.osm.pbf', CITY_PBF, '&clip=boundary'));
      expect(none.statusCode).toBe(422);
      expect(none.json().detail).toContain('PUT /api/roads/boundary');
      const both = await fresh.as('admin')(upload('city.osm.pbf', CITY_PBF, '&clip=boundary&bbox=-0.1,51.5,-0.09,51.52'));
      expect(both.statusCode).toBe(400);
    } finally {
      await fresh.close();
    }
  });
});
