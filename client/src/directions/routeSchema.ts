/** The OSRM v5 route response the server returns for a route with steps (the subset we read). */
import * as z from 'zod/mini';

/** [lon, lat], GeoJSON order (LonLat). */
export const lonLat = z.tuple([z.number(), z.number()]);

export const osrmStepSchema = z.looseObject({
  maneuver: z.looseObject({
    type: z.string(),
    modifier: z.optional(z.string()),
    location: lonLat,
    bearing_after: z.optional(z.number()),
    bearing_before: z.optional(z.number()),
    exit: z.optional(z.number()),
  }),
  name: z.optional(z.string()),
  ref: z.optional(z.string()),
  distance: z.number(),
  duration: z.number(),
  mode: z.optional(z.string()),
  driving_side: z.optional(z.string()),
});

export const osrmLegSchema = z.looseObject({
  distance: z.number(),
  duration: z.number(),
  summary: z.optional(z.string()),
  steps: z.array(osrmStepSchema),
});

export const osrmRouteSchema = z.looseObject({
  distance: z.number(),
  duration: z.number(),
  geometry: z.looseObject({ type: z.literal('LineString'), coordinates: z.array(lonLat) }),
  legs: z.array(osrmLegSchema),
});

export const osrmResponseSchema = z.looseObject({
  routes: z.array(osrmRouteSchema).check(z.minLength(1)),
  /** Where each point met the road network, in the order of the route's points. */
  waypoints: z.optional(z.array(z.looseObject({ location: lonLat }))),
  estimate: z.optional(z.boolean()),
});

export type OsrmStep = z.infer<typeof osrmStepSchema>;
export type OsrmLeg = z.infer<typeof osrmLegSchema>;
export type OsrmRoute = z.infer<typeof osrmRouteSchema>;
export type OsrmResponse = z.infer<typeof osrmResponseSchema>;
