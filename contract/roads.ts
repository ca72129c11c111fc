import * as z from 'zod/mini';

/** GET /api/roads/area: the road data in use, its size and outline (only the embedded graph knows its area). */
export const RoadArea = z.object({
  routing: z.enum(['embedded', 'osrm', 'haversine']).check(z.describe('the backend in use; only the embedded graph knows its area')),
  estimate: z.boolean().check(z.describe('true when every figure is a straight-line estimate')),
  source: z.optional(z.string()).check(z.describe('the OSM file the road data was built from')),
  label: z.optional(z.string()).check(z.describe('what it is called in messages, e.g. "north London demo"')),
  sourceDate: z.optional(z.string()).check(z.describe('when the OSM data was taken, as the file says')),
  builtAt: z.optional(z.string()),
  importedAt: z.optional(z.string()).check(z.describe('when it was loaded from the app (absent: configured on the server)')),
  importedBy: z.optional(z.string()),
  clip: z.optional(z.enum(['bbox', 'boundary'])),
  bbox: z.optional(z.array(z.number()).check(z.length(4))).check(z.describe('minLon,minLat,maxLon,maxLat of the road nodes')),
  outline: z
    .optional(z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) }))
    .check(z.describe('a concave outline round the road nodes: a case beyond it and off the roads is outside-road-area')),
  nodes: z.optional(z.number().check(z.int())),
  roadKm: z.optional(z.number()).check(z.describe('kilometres of drivable road')),
});
