import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACCESS } from '../auth/roles.js';
import { ProblemError } from '../errors.js';
import { loadRoads, withinBbox, type RoadCollection } from '../roads/base-map.js';
import { ProblemSchema } from '../../contract/problem.js';

const Bbox = z
  .string()
  .transform((s) => s.split(',').map(Number))
  .pipe(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)]))
  .refine(([w, s, e, n]) => w < e && s < n, 'expected minLon,minLat,maxLon,maxLat with min < max');

export interface RoadRoutesOptions {
  osmFile?: string;
  cacheFile?: string;
}

/** The road graph as GeoJSON for the client's offline vector base map (© OSM contributors, ODbL). */
export const roadRoutes: FastifyPluginAsyncZod<RoadRoutesOptions> = async (app, opts) => {
  let roads: Promise<RoadCollection> | undefined;
  app.get(
    '/',
    {
      config: { access: ACCESS.signedIn },
      schema: {
        tags: ['roads'],
        summary: 'Drivable roads of the loaded area as GeoJSON (class and name per line)',
        querystring: z.object({ bbox: Bbox.optional().describe('minLon,minLat,maxLon,maxLat') }),
        response: {
          200: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()), bbox: z.array(z.number()), attribution: z.string() }),
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      if (!opts.osmFile || !opts.cacheFile) throw new ProblemError(404, 'Not found', 'no road data is configured for the base map');
      roads ??= loadRoads(opts.osmFile, opts.cacheFile);
      roads.catch(() => (roads = undefined));
      const all = await roads;
      reply.header('cache-control', 'public, max-age=3600');
      if (request.query.bbox) return withinBbox(all, request.query.bbox);
      const { source: _, ...body } = all;
      return body;
    },
  );
};
