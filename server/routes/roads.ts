import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { boundaryBbox, type BoundaryCoordinates, type Clip } from '../../solver/roads/extract.js';
import { actorOf } from '../actor.js';
import { ACCESS } from '../auth/roles.js';
import { ProblemError } from '../errors.js';
import { withinBbox } from '../roads/base-map.js';
import { extractTooLarge } from '../roads/road-data.js';
import { ProblemSchema } from '../../contract/problem.js';
import { RoadArea, RoadMap } from '../../contract/roads.js';

const Bbox = z
  .string()
  .transform((s) => s.split(',').map(Number))
  .pipe(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)]))
  .refine(([w, s, e, n]) => w < e && s < n, 'expected minLon,minLat,maxLon,maxLat with min < max');

const LonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
/** A ring: at least four points, the last the first (GeoJSON). */
const Ring = z
  .array(LonLat)
  .min(4)
  .max(100_000)
  // Zod runs this even when the points above failed (an empty or broken ring): it must not assume them.
  .refine((r) => {
    const [first, last] = [r[0], r[r.length - 1]];
    return Array.isArray(first) && Array.isArray(last) && first[0] === last[0] && first[1] === last[1];
  }, 'a ring ends where it starts');
const PolygonCoords = z.array(Ring).min(1).max(1000);
const Geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: PolygonCoords }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(PolygonCoords).min(1).max(1000) }),
]);
/** A council's boundary as GeoJSON: a (Multi)Polygon, a Feature of one, or a FeatureCollection of them (their union). */
const Boundary = z.union([
  Geometry,
  z.object({ type: z.literal('Feature'), geometry: Geometry }),
  z.object({
    type: z.literal('FeatureCollection'),
    features: z
      .array(z.object({ type: z.literal('Feature'), geometry: Geometry }))
      .min(1)
      .max(1000),
  }),
]);

function boundaryCoordinates(body: z.infer<typeof Boundary>): BoundaryCoordinates {
  const geometries = body.type === 'FeatureCollection' ? body.features.map((f) => f.geometry) : [body.type === 'Feature' ? body.geometry : body];
  return geometries.flatMap<BoundaryCoordinates[number]>((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates));
}

/** A file name as chosen, to name it in answers and errors: no folders, no control characters. */
const FileName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^/\\\p{Cc}]+$/u, 'a file name, without folders');

/** The road network: its base map, the area it covers, and loading a council's own extract (admin). */
export const roadRoutes: FastifyPluginAsyncZod = async (app) => {
  // An extract arrives as a stream, written to a temporary file as it comes (counted against the limit).
  app.addContentTypeParser(['application/octet-stream', 'application/vnd.openstreetmap.data+xml', 'application/xml', 'text/xml'], (_req, payload, done) =>
    done(null, payload),
  );

  app.get(
    '/',
    {
      config: { access: ACCESS.signedIn },
      schema: {
        tags: ['roads'],
        summary: 'Drivable roads of the loaded area as GeoJSON (class and name per line)',
        querystring: z.object({ bbox: Bbox.optional().describe('minLon,minLat,maxLon,maxLat') }),
        response: {
          200: RoadMap,
          404: ProblemSchema,
        },
      },
      // The map was checked against RoadMap once, when loaded (RoadData.baseMap), and a cut only
      // takes lines out: checking every answer again cost more than writing it (the demo area's
      // 8,446 points: about 7 ms against 3-5 ms), and a county's map has a hundred times the points.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request, reply) => {
      const roads = app.roadData.baseMap();
      if (!roads) throw new ProblemError(404, 'Not found', 'no road data is configured for the base map');
      const all = await roads;
      // Private: the box is an officer's day (their stops and a margin), and the answer needs a session.
      reply.header('cache-control', 'private, max-age=3600');
      return request.query.bbox ? withinBbox(all, request.query.bbox) : all;
    },
  );

  app.get(
    '/area',
    {
      config: { access: ACCESS.signedIn },
      schema: {
        tags: ['roads'],
        summary: 'The road data in use: source file and date, bounding box and outline, nodes, km of road, when it was loaded',
        response: { 200: RoadArea },
      },
    },
    // Not cached like the base map: it changes when an extract is loaded.
    async (_request, reply) => reply.header('cache-control', 'no-cache').send(app.roadData.area()),
  );

  app.put(
    '/extract',
    {
      config: { access: ACCESS.admin },
      schema: {
        tags: ['roads'],
        summary: "Load a council's OSM extract (.osm.pbf or .osm) as the road data: 202 with a job to follow at /api/jobs/:id/events",
        description:
          'The body is the file (application/octet-stream), streamed to disk up to ROUNDS_ROADS_MAX_BYTES. The graph is built in a thread of its own ' +
          '(progress: parsing, building, pruning, writing); once it is done, new plans use it and it stays in use after a restart. A corrupt or ' +
          'truncated file fails the job naming the file and the fault, and the road data in use stays.',
        consumes: ['application/octet-stream'],
        querystring: z.object({
          name: FileName.describe('the file name, e.g. kingston-upon-thames.osm.pbf (answers and errors name it)'),
          label: z.string().min(1).max(100).optional().describe('what people call the area, e.g. "Kingston upon Thames"'),
          bbox: Bbox.optional().describe('keep only the roads inside minLon,minLat,maxLon,maxLat'),
          clip: z.enum(['boundary']).optional().describe('keep only the roads inside the boundary stored with PUT /api/roads/boundary'),
        }),
        response: {
          202: z.object({ jobId: z.string(), events: z.string() }),
          400: ProblemSchema,
          409: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      // An answer before the whole body was read closes the connection, rather than reading the rest.
      const closeIfUnread = () => {
        if (!request.raw.readableEnded) reply.header('connection', 'close');
      };
      const { name, label, bbox, clip: clipTo } = request.query;
      let release: (() => void) | undefined;
      try {
        if (!request.body || typeof (request.body as Readable).pipe !== 'function') {
          throw new ProblemError(415, 'Unsupported media type', 'send the OSM extract as application/octet-stream');
        }
        if (bbox && clipTo)
          throw new ProblemError(400, 'Invalid request', 'clip to a bbox or to the boundary, not both', [
            { field: 'querystring.clip', message: 'not with bbox' },
          ]);
        const maxBytes = app.limits.roadsExtractMaxBytes;
        if (Number(request.headers['content-length']) > maxBytes) throw extractTooLarge(maxBytes);
        let clip: Clip | undefined = bbox ? { bbox } : undefined;
        if (clipTo === 'boundary') {
          const boundary = await app.roadData.boundary();
          if (!boundary)
            throw new ProblemError(422, 'No boundary', 'no boundary is stored: PUT /api/roads/boundary first', [
              { field: 'querystring.clip', message: 'no boundary stored' },
            ]);
          clip = { boundary };
        }
        release = app.roadData.reserve();
        const file = await app.roadData.receive(request.body as Readable, maxBytes);
        const job = app.roadData.startBuild({ file, name, label, clip }, actorOf(request), release);
        request.log.info({ jobId: job.id, clip: clip ? Object.keys(clip)[0] : 'none' }, 'road extract received');
        return await reply.code(202).send({ jobId: job.id, events: `/api/jobs/${job.id}/events` });
      } catch (err) {
        release?.();
        closeIfUnread();
        throw err;
      }
    },
  );

  app.put(
    '/boundary',
    {
      config: { access: ACCESS.admin },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ['roads'],
        summary: "Store the council's boundary (GeoJSON Polygon or MultiPolygon, a Feature, or a FeatureCollection) to clip extracts to (?clip=boundary)",
        body: Boundary,
        response: {
          200: z.object({ polygons: z.number().int(), points: z.number().int(), bbox: z.array(z.number()).length(4) }),
          400: ProblemSchema,
          413: ProblemSchema,
        },
      },
    },
    async (request) => {
      const boundary = boundaryCoordinates(request.body);
      await app.roadData.setBoundary(boundary);
      const points = boundary.reduce((n, polygon) => n + polygon.reduce((m, ring) => m + ring.length, 0), 0);
      await app.store.recordEvent(actorOf(request), 'update', 'road-boundary', 'boundary', { polygons: boundary.length, points });
      return { polygons: boundary.length, points, bbox: boundaryBbox(boundary) };
    },
  );
};
