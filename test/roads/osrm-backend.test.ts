/**
 * The `osrm` backend against a real HTTP server on 127.0.0.1 that answers with real recorded OSRM
 * 5.27.1 responses (test/fixtures/osrm/, data/bench/roads/): routes, tables, snapping, OSRM's
 * error codes, a server that is down, one that never answers, and tables over the server's size
 * limit, split into chunks whose merged result must equal the unsplit table.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RoutingError, type LonLat } from '../../solver/roads/backend.js';
import { createRoutingBackend } from '../../solver/roads/index.js';
import { OsrmBackend } from '../../solver/roads/osrm.js';

interface Recorded {
  status: number;
  body: Record<string, unknown>;
}

const fixture = (name: string): Recorded => JSON.parse(readFileSync(new URL(`../fixtures/osrm/${name}.json`, import.meta.url), 'utf8')) as Recorded;
const benchFile = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../data/bench/roads/${name}`, import.meta.url), 'utf8')) as T;

const A: LonLat = [-0.129, 51.613];
const B: LonLat = [-0.105, 51.62];
const VIA: LonLat = [-0.1181, 51.6079];

interface Request {
  service: string;
  coords: LonLat[];
  query: URLSearchParams;
}
type Answer = Recorded | 'hang' | 'hang-body' | { raw: string; status: number };

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

/** A real HTTP server on a free port of 127.0.0.1; `requests` records what the client asked. */
async function serve(answer: (r: Request) => Answer): Promise<{ url: string; requests: Request[] }> {
  const requests: Request[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, service, version, profile, path] = url.pathname.split('/');
    expect(version).toBe('v1');
    expect(profile).toBe('driving');
    const coords = path.split(';').map((c) => c.split(',').map(Number) as LonLat);
    const r = { service, coords, query: url.searchParams };
    requests.push(r);
    const a = answer(r);
    if (a === 'hang') return; // accept, never answer
    if (a === 'hang-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"code":"Ok","durations":[[0,');
      return; // headers and half a body, then silence
    }
    if ('raw' in a) {
      res.writeHead(a.status, { 'content-type': 'text/html' });
      res.end(a.raw);
      return;
    }
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(a.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const near = (p: LonLat, q: LonLat) => Math.abs(p[0] - q[0]) < 1e-6 && Math.abs(p[1] - q[1]) < 1e-6;

async function rejection(p: Promise<unknown>): Promise<RoutingError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RoutingError);
    return e as RoutingError;
  }
  throw new Error('expected a RoutingError');
}

describe('osrm backend: answers', () => {
  it("a route with steps is the server's own OSRM v5 response", async () => {
    const recorded = fixture('route-A-B-steps');
    const { url, requests } = await serve((r) => {
      expect(r.service).toBe('route');
      expect(r.coords).toHaveLength(2);
      expect(near(r.coords[0], A) && near(r.coords[1], B)).toBe(true);
      return recorded;
    });
    const osrm = await createRoutingBackend({ backend: 'osrm', osrmUrl: url });
    expect(osrm.name).toBe('osrm');
    expect(osrm.estimate).toBe(false);
    const route = await osrm.route([A, B]);
    expect(route).toEqual(recorded.body);
    expect(route.routes[0].distance).toBe(2971.9);
    expect(requests[0].query.get('steps')).toBe('true');
    expect(requests[0].query.get('geometries')).toBe('geojson');
  });

  it('a route through a via point has one leg per pair of points', async () => {
    const recorded = fixture('route-A-via-B-steps');
    const { url } = await serve((r) => (r.coords.length === 3 && near(r.coords[1], VIA) ? recorded : fixture('error-invalid-query')));
    const route = await new OsrmBackend({ baseUrl: url }).route([A, VIA, B]);
    expect(route.routes[0].legs).toHaveLength(2);
    expect(route.waypoints).toHaveLength(3);
  });

  it('legs come from one /route request without steps or geometry', async () => {
    const recorded = fixture('route-A-via-B-steps');
    const body = recorded.body as { routes: Array<{ legs: Array<{ duration: number; distance: number }> }> };
    const { url, requests } = await serve((r) => (r.service === 'route' && r.coords.length === 3 ? recorded : fixture('error-invalid-query')));
    const legs = await new OsrmBackend({ baseUrl: url }).legs([A, VIA, B]);
    expect(Array.from(legs.durations)).toEqual(body.routes[0].legs.map((l) => l.duration));
    expect(Array.from(legs.distances)).toEqual(body.routes[0].legs.map((l) => l.distance));
    expect(requests[0].query.get('steps')).toBe('false');
    expect(requests[0].query.get('overview')).toBe('false');
  });

  it('a table becomes a row-major matrix, null as Infinity', async () => {
    const recorded = fixture('table-5');
    const body = recorded.body as { durations: number[][]; distances: number[][] };
    const { url, requests } = await serve((r) => (r.service === 'table' && r.coords.length === 5 ? recorded : fixture('error-invalid-query')));
    const points: LonLat[] = [A, B, VIA, [-0.1352, 51.6056], [-0.1131, 51.6245]];
    const m = await new OsrmBackend({ baseUrl: url }).matrix(points);
    expect(m.size).toBe(5);
    expect(Array.from(m.durations)).toEqual(body.durations.flat());
    expect(Array.from(m.distances)).toEqual(body.distances.flat());
    expect(requests[0].query.get('annotations')).toBe('duration,distance');
  });

  it('snaps through /nearest', async () => {
    const { url } = await serve((r) => (r.service === 'nearest' ? fixture('nearest') : fixture('error-invalid-query')));
    const [snapped] = await new OsrmBackend({ baseUrl: url }).snap([A]);
    expect(snapped.location).toEqual([-0.128877, 51.612957]);
    expect(snapped.distance).toBeCloseTo(9.77, 2);
  });
});

describe('osrm backend: OSRM errors become RoutingErrors with a clear message', () => {
  it("NoSegment names the point, with its index in the caller's list", async () => {
    const { url } = await serve(() => fixture('error-no-segment'));
    const e = await rejection(new OsrmBackend({ baseUrl: url }).route([[0.5, 50.9], B]));
    expect(e.code).toBe('NoRoad');
    expect(e.point).toBe(0);
    expect(e.points).toEqual([0]);
    expect(e.message).toMatch(/no road near point 0 \(0\.5, 50\.9\)/);
    expect(e.message).toContain('Could not find a matching segment for coordinate 0');
  });

  it("InvalidValue and InvalidOptions are rejected requests, with OSRM's reason", async () => {
    for (const [name, code, reason] of [
      ['error-invalid-value', 'InvalidValue', 'Invalid coordinate value.'],
      ['error-invalid-query', 'InvalidOptions', 'Number of coordinates needs to be at least two.'],
    ]) {
      const { url } = await serve(() => fixture(name));
      const e = await rejection(new OsrmBackend({ baseUrl: url }).matrix([A, B]));
      expect(e.code).toBe('InvalidInput');
      expect(e.message).toBe(`OSRM rejected the request (${code}): ${reason}`);
    }
  });

  it('a TooBig route (not a table, so not split) is an error, not a loop', async () => {
    const { url, requests } = await serve(() => fixture('error-too-big'));
    const e = await rejection(new OsrmBackend({ baseUrl: url }).route([A, B]));
    expect(e.code).toBe('InvalidInput');
    expect(e.message).toContain('Too many table coordinates');
    expect(requests).toHaveLength(1);
  });

  it("an answer that is not JSON (a proxy's error page) says so", async () => {
    const { url } = await serve(() => ({ raw: '<html>502 Bad Gateway</html>', status: 502 }));
    const e = await rejection(new OsrmBackend({ baseUrl: url }).matrix([A, B]));
    expect(e.code).toBe('Unavailable');
    expect(e.message).toMatch(/HTTP 502 with a body that is not JSON/);
  });
});

describe('osrm backend: a server that is down or slow', () => {
  it('connection refused is Unavailable, naming the server', async () => {
    // A port that was free a moment ago: bind, note it, close.
    const { url } = await serve(() => fixture('nearest'));
    await Promise.all(servers.splice(0).map((close) => close()));
    const e = await rejection(new OsrmBackend({ baseUrl: url, timeoutMs: 2000 }).matrix([A, B]));
    expect(e.code).toBe('Unavailable');
    expect(e.message).toBe(`OSRM server at ${url} is unreachable (ECONNREFUSED)`);
  });

  it('a server that accepts and never answers times out at the configured timeout', async () => {
    const { url, requests } = await serve(() => 'hang');
    const e = await rejection(new OsrmBackend({ baseUrl: url, timeoutMs: 300 }).matrix([A, B]));
    expect(e.code).toBe('Timeout');
    expect(e.message).toBe(`OSRM server at ${url} did not answer within 300 ms`);
    expect(requests).toHaveLength(1);
  }, 10_000);

  it('a server that sends headers and then stalls mid-body times out too', async () => {
    const { url } = await serve(() => 'hang-body');
    const e = await rejection(new OsrmBackend({ baseUrl: url, timeoutMs: 300 }).route([A, B]));
    expect(e.code).toBe('Timeout');
  }, 10_000);

  it('configuration errors are clear', async () => {
    await expect(createRoutingBackend({ backend: 'osrm' })).rejects.toThrow(/needs osrmUrl/);
    expect(() => new OsrmBackend({ baseUrl: 'not a url' })).toThrow(/invalid base URL "not a url"/);
  });
});

describe('osrm backend: tables larger than the server allows', () => {
  const points = benchFile<LonLat[]>('table-200-points.json');
  const full = benchFile<Recorded>('table-200-ch.json').body as { durations: Array<Array<number | null>>; distances: Array<Array<number | null>> };
  const key = (p: LonLat) => `${p[0].toFixed(6)},${p[1].toFixed(6)}`;
  const index = new Map(points.map((p, i) => [key(p), i]));

  /**
   * An OSRM with `--max-table-size limit`: the recorded 200 x 200 table, sliced to the request's
   * coordinates, sources and destinations; TooBig (recorded) over the limit; NoSegment (recorded,
   * with the offending coordinate's index, as OSRM words it) for a point not among the 200.
   */
  const slicingServer =
    (limit: number) =>
    (r: Request): Answer => {
      if (r.coords.length > limit) return fixture('error-too-big');
      const ids = r.coords.map((c) => index.get(key(c)));
      const off = ids.findIndex((i) => i === undefined);
      if (off >= 0) {
        const body = { ...fixture('error-no-segment').body, message: `Could not find a matching segment for coordinate ${off}` };
        return { status: 400, body };
      }
      const pick = (name: string) => (r.query.get(name) ?? ids.map((_, k) => k).join(';')).split(';').map(Number);
      const sources = pick('sources');
      const destinations = pick('destinations');
      const slice = (t: Array<Array<number | null>>) => sources.map((s) => destinations.map((d) => t[ids[s] as number][ids[d] as number]));
      return { status: 200, body: { code: 'Ok', durations: slice(full.durations), distances: slice(full.distances) } };
    };

  it('a client that knows the limit sends blocks that fit, and the merged matrix is the full table', async () => {
    const { url, requests } = await serve(slicingServer(100));
    const m = await new OsrmBackend({ baseUrl: url, maxTableSize: 100 }).matrix(points);
    expect(requests.length).toBeGreaterThan(1);
    expect(Math.max(...requests.map((r) => r.coords.length))).toBeLessThanOrEqual(100);
    expect(Array.from(m.durations)).toEqual(full.durations.flat().map((x) => x ?? Infinity));
    expect(Array.from(m.distances)).toEqual(full.distances.flat().map((x) => x ?? Infinity));
  });

  it('a client that thinks the server takes more halves its blocks on TooBig and gets the same matrix', async () => {
    const limited = await serve(slicingServer(60));
    const unlimited = await serve(slicingServer(1000));
    const split = await new OsrmBackend({ baseUrl: limited.url, maxTableSize: 1000 }).matrix(points);
    const whole = await new OsrmBackend({ baseUrl: unlimited.url, maxTableSize: 1000 }).matrix(points);
    expect(unlimited.requests).toHaveLength(1);
    expect(limited.requests.some((r) => r.coords.length > 60)).toBe(true); // tried, was told TooBig
    expect(Array.from(split.durations)).toEqual(Array.from(whole.durations));
    expect(Array.from(split.distances)).toEqual(Array.from(whole.distances));
  });

  it('a sources x destinations table in blocks is those rows and columns of the full table', async () => {
    const { url, requests } = await serve(slicingServer(60));
    const [sources, destinations] = [points.slice(0, 25), points.slice(25, 200)];
    const t = await new OsrmBackend({ baseUrl: url, maxTableSize: 60 }).table(sources, destinations);
    expect([t.sources, t.destinations]).toEqual([25, 175]);
    expect(requests.length).toBeGreaterThan(1);
    expect(Math.max(...requests.map((r) => r.coords.length))).toBeLessThanOrEqual(60);
    const expected = (table: Array<Array<number | null>>) => table.slice(0, 25).flatMap((row) => row.slice(25).map((x) => x ?? Infinity));
    expect(Array.from(t.durations)).toEqual(expected(full.durations));
    expect(Array.from(t.distances)).toEqual(expected(full.distances));
  });

  it('NoSegment in a table names the point by its index in sources then destinations', async () => {
    const { url } = await serve(slicingServer(60));
    const destinations = points.slice(10, 100);
    destinations[70] = [-0.2, 51.0];
    const e = await rejection(new OsrmBackend({ baseUrl: url, maxTableSize: 60 }).table(points.slice(0, 10), destinations));
    expect(e.code).toBe('NoRoad');
    expect(e.point).toBe(80);
  });

  it("NoSegment inside a chunk names the caller's point, not the chunk's", async () => {
    const { url } = await serve(slicingServer(100));
    const withOffRoad = points.slice(0, 120);
    withOffRoad[87] = [-0.2, 51.0]; // not a point OSRM has: the server says NoSegment for it
    const e = await rejection(new OsrmBackend({ baseUrl: url, maxTableSize: 100 }).matrix(withOffRoad));
    expect(e.code).toBe('NoRoad');
    expect(e.point).toBe(87);
    expect(e.points).toEqual([87]);
    expect(e.message).toMatch(/^OSRM found no road near point 87 \(-0\.2, 51\)/);
  });
});
