/**
 * Client for an OSRM server (v5 HTTP API, car profile): /table/v1 for matrices, /route/v1 for
 * routes with steps, /nearest/v1 for snapping. Tables larger than the server's --max-table-size are
 * split into source x destination blocks (halved again if the server still says TooBig). Every
 * request has a timeout, so a slow or dead server is a clear RoutingError, never a hang.
 */
import { z } from 'zod';
import {
  RoutingError,
  type LonLat,
  type OsrmRouteResponse,
  type RouteOptions,
  type RoutingBackend,
  type SnappedPoint,
  type TravelLegs,
  type TravelMatrix,
  type TravelTable,
} from './backend.js';
import { checkPoints } from './haversine.js';

export interface OsrmOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** The server's --max-table-size: most coordinates one table request may carry (default 100). */
  maxTableSize?: number;
  profile?: string;
}

const errorBody = z.object({ code: z.string(), message: z.string().optional() });
const tableBody = z.object({
  code: z.literal('Ok'),
  durations: z.array(z.array(z.number().nullable())),
  distances: z.array(z.array(z.number().nullable())).optional(),
});
const nearestBody = z.object({
  code: z.literal('Ok'),
  waypoints: z.array(z.object({ location: z.tuple([z.number(), z.number()]), distance: z.number(), name: z.string() })).min(1),
});
const routeBody = z.object({ code: z.literal('Ok'), routes: z.array(z.unknown()).min(1), waypoints: z.array(z.unknown()) });

const legsBody = z.object({
  code: z.literal('Ok'),
  routes: z.array(z.object({ legs: z.array(z.object({ duration: z.number(), distance: z.number() })) })).min(1),
});

class TooBig extends Error {}

export class OsrmBackend implements RoutingBackend {
  readonly name = 'osrm' as const;
  readonly estimate = false;
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly maxTableSize: number;
  private readonly profile: string;

  constructor(options: OsrmOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new RoutingError(`osrm backend: invalid base URL ${JSON.stringify(options.baseUrl)}`, 'InvalidInput');
    }
    this.base = url.toString().replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxTableSize = Math.max(2, options.maxTableSize ?? 100);
    this.profile = options.profile ?? 'driving';
  }

  /** GET a service URL; `indexOf` maps a coordinate index in this request back to the caller's point. */
  private async get(service: string, coords: LonLat[], query: string, indexOf: (k: number) => number): Promise<unknown> {
    const path = coords.map(([lon, lat]) => `${lon.toFixed(6)},${lat.toFixed(6)}`).join(';');
    const url = `${this.base}/${service}/v1/${this.profile}/${path}${query ? `?${query}` : ''}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError') {
        throw new RoutingError(`OSRM server at ${this.base} did not answer within ${this.timeoutMs} ms`, 'Timeout');
      }
      const why = err.cause?.code ?? err.cause?.message ?? err.message;
      throw new RoutingError(`OSRM server at ${this.base} is unreachable (${why})`, 'Unavailable');
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch (e) {
      const err = e as Error;
      if (err.name === 'TimeoutError' || err.name === 'AbortError') {
        throw new RoutingError(`OSRM server at ${this.base} did not answer within ${this.timeoutMs} ms`, 'Timeout');
      }
      throw new RoutingError(`OSRM server at ${this.base} answered HTTP ${res.status} with a body that is not JSON`, 'Unavailable');
    }
    const parsed = errorBody.safeParse(body);
    if (!parsed.success) {
      throw new RoutingError(`OSRM server at ${this.base} answered HTTP ${res.status} without a code`, 'Unavailable');
    }
    const { code, message = '' } = parsed.data;
    if (code === 'Ok') return body;
    switch (code) {
      case 'TooBig':
        if (service === 'table') throw new TooBig(message);
        throw new RoutingError(`OSRM says the request is too big: ${message}`, 'InvalidInput');
      case 'NoSegment': {
        const m = /coordinate (\d+)/.exec(message);
        const k = m && Number(m[1]) < coords.length ? Number(m[1]) : -1;
        const point = k >= 0 ? indexOf(k) : undefined;
        const where = point !== undefined ? `point ${point} (${coords[k][0]}, ${coords[k][1]})` : 'a point';
        // OSRM names only the first such coordinate; callers drop it and ask again (rules/travel.ts).
        throw new RoutingError(`OSRM found no road near ${where}: ${message}`, 'NoRoad', point, point === undefined ? undefined : [point]);
      }
      case 'NoRoute':
      case 'NoTable':
        throw new RoutingError(`OSRM found no route: ${message}`, 'NoRoute');
      case 'InvalidOptions':
      case 'InvalidValue':
      case 'InvalidQuery':
      case 'InvalidUrl':
      case 'InvalidService':
      case 'InvalidVersion':
        throw new RoutingError(`OSRM rejected the request (${code}): ${message}`, 'InvalidInput');
      default:
        throw new RoutingError(`OSRM error ${code}: ${message}`, 'Unavailable');
    }
  }

  async snap(points: LonLat[]): Promise<SnappedPoint[]> {
    checkPoints(points);
    const out: SnappedPoint[] = [];
    // A few at a time: one /nearest request per point, without flooding the server.
    for (let i = 0; i < points.length; i += 8) {
      const batch = points.slice(i, i + 8).map(async (p, k) => {
        const body = nearestBody.parse(await this.get('nearest', [p], 'number=1', () => i + k));
        const w = body.waypoints[0];
        return { location: w.location, distance: w.distance, name: w.name };
      });
      out.push(...(await Promise.all(batch)));
    }
    return out;
  }

  async matrix(points: LonLat[]): Promise<TravelMatrix> {
    checkPoints(points);
    const n = points.length;
    if (n === 1) return { size: 1, durations: new Float64Array(1), distances: new Float64Array(1) };
    const { durations, distances } = await this.tableInBlocks(points, points, true);
    return { size: n, durations, distances };
  }

  async table(sources: LonLat[], destinations: LonLat[]): Promise<TravelTable> {
    checkPoints([...sources, ...destinations]);
    const { durations, distances } = await this.tableInBlocks(sources, destinations, false);
    return { sources: sources.length, destinations: destinations.length, durations, distances };
  }

  /**
   * Sources x destinations in blocks the server accepts: all at once when they fit in
   * --max-table-size coordinates, else blocks of half of it, halved again on TooBig. `square`:
   * the two lists are the same points, so a diagonal block sends them once.
   */
  private async tableInBlocks(from: LonLat[], to: LonLat[], square: boolean): Promise<{ durations: Float64Array; distances: Float64Array }> {
    const durations = new Float64Array(from.length * to.length).fill(Infinity);
    const distances = new Float64Array(from.length * to.length).fill(Infinity);
    if (from.length === 0 || to.length === 0) return { durations, distances };
    const coordinates = square ? from.length : from.length + to.length;
    let block = coordinates <= this.maxTableSize ? Math.max(from.length, to.length) : Math.floor(this.maxTableSize / 2);
    for (;;) {
      try {
        await this.fillBlocks(from, to, square, block, durations, distances);
        return { durations, distances };
      } catch (e) {
        if (!(e instanceof TooBig)) throw e;
        if (block <= 1) throw new RoutingError('OSRM says even a 1 x 1 table is too big', 'Unavailable');
        block = Math.max(1, Math.floor(block / 2));
      }
    }
  }

  private async fillBlocks(from: LonLat[], to: LonLat[], square: boolean, block: number, durations: Float64Array, distances: Float64Array): Promise<void> {
    const cols = to.length;
    for (let s0 = 0; s0 < from.length; s0 += block) {
      for (let d0 = 0; d0 < cols; d0 += block) {
        const src = range(s0, Math.min(from.length, s0 + block));
        const dst = range(d0, Math.min(cols, d0 + block));
        const same = square && s0 === d0;
        const coords = same ? src.map((i) => from[i]) : [...src.map((i) => from[i]), ...dst.map((j) => to[j])];
        // An error names the caller's point: an index in `from` (= `to` when square), else in [...from, ...to].
        const pointOf = (k: number) => (k < src.length ? src[k] : (square ? 0 : from.length) + dst[k - src.length]);
        let query = 'annotations=duration,distance';
        if (!same) {
          query += `&sources=${src.map((_, k) => k).join(';')}&destinations=${dst.map((_, k) => src.length + k).join(';')}`;
        }
        const body = tableBody.parse(await this.get('table', coords, query, pointOf));
        for (let a = 0; a < src.length; a++) {
          for (let b = 0; b < dst.length; b++) {
            const dur = body.durations[a]?.[b];
            const dist = body.distances?.[a]?.[b];
            const cell = src[a] * cols + dst[b];
            durations[cell] = dur === null || dur === undefined ? Infinity : dur;
            distances[cell] = dist === null || dist === undefined ? Infinity : dist;
          }
        }
      }
    }
  }

  /** One /route request without steps or geometry: its legs are the answer. */
  async legs(points: LonLat[]): Promise<TravelLegs> {
    checkPoints(points);
    const n = Math.max(0, points.length - 1);
    const durations = new Float64Array(n);
    const distances = new Float64Array(n);
    if (n === 0) return { durations, distances };
    const body = legsBody.parse(await this.get('route', points, 'steps=false&overview=false', (k) => k));
    const legs = body.routes[0].legs;
    if (legs.length !== n) throw new RoutingError(`OSRM answered ${legs.length} legs for ${points.length} points`, 'Unavailable');
    legs.forEach((l, i) => {
      durations[i] = l.duration;
      distances[i] = l.distance;
    });
    return { durations, distances };
  }

  async route(points: LonLat[], options: RouteOptions = {}): Promise<OsrmRouteResponse> {
    checkPoints(points);
    if (points.length < 2) throw new RoutingError('a route needs at least two points', 'InvalidInput');
    const steps = options.steps ?? true;
    const body = await this.get('route', points, `steps=${steps}&geometries=geojson&overview=full`, (k) => k);
    routeBody.parse(body);
    return body as OsrmRouteResponse;
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
