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

/**
 * A point of a road as GeoJSON has it: [lon, lat], five decimals (about a metre). Not range-checked
 * point by point: the demo area's base map alone has 8,000 points, a county's a hundred times more,
 * and the checks about treble the time of each parse (the server's as it loads a map, the phone's
 * of each answer).
 */
const LonLat = z.tuple([z.number(), z.number()]);
const Lon = z.number().check(z.gte(-180), z.lte(180));
const Lat = z.number().check(z.gte(-90), z.lte(90));

/** OSM caps a tag's value at 255 characters and a way at 2000 nodes; the base map keeps to both. */
export const TAG_VALUE_MAX_CHARACTERS = 255;
export const ROAD_LINE_MAX_POINTS = 2000;

/**
 * An OSM tag's value: 255 characters are up to 510 UTF-16 units (what a string's length counts) for
 * characters beyond the Basic Multilingual Plane.
 */
const TagValue = z.string().check(z.maxLength(2 * TAG_VALUE_MAX_CHARACTERS));

/** One unbroken stretch of a drivable OSM way (OSM caps a way at 2000 nodes). */
const RoadFeature = z.object({
  type: z.literal('Feature'),
  properties: z.object({
    highway: z
      .string()
      .check(z.minLength(1), z.maxLength(32), z.describe('the OSM highway class, e.g. residential (the car profile\'s classes; "road" if it had none)')),
    name: TagValue.check(z.describe('the OSM name, "" when it has none')),
    ref: z.optional(TagValue.check(z.minLength(1))).check(z.describe('the OSM ref, e.g. A1000; absent when it has none')),
  }),
  geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(LonLat).check(z.minLength(2), z.maxLength(ROAD_LINE_MAX_POINTS)) }),
});

/**
 * GET /api/roads: the drivable roads of the road data in use, for the offline base map; the phone
 * keeps an area's (?bbox=) for the day. Not bounded in count: it grows with the extract loaded.
 */
export const RoadMap = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(RoadFeature),
  bbox: z.tuple([Lon, Lat, Lon, Lat]).check(z.describe('minLon,minLat,maxLon,maxLat: of the road data, or the box asked for with ?bbox=')),
  attribution: z.string().check(z.minLength(1), z.maxLength(200), z.describe('the OpenStreetMap licence notice the map must show')),
});

export type RoadMap = z.infer<typeof RoadMap>;
