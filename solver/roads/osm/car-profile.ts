/**
 * Which OSM ways a car may use, in which direction and how fast. Speeds are free-flow figures for a
 * UK town (close to OSRM's car profile, so that our times compare with an OSRM server's); a
 * `maxspeed` tag replaces the class default at 80% of the limit, because nobody averages the limit
 * between junctions. UK limits are in mph: "30 mph" and a bare "30" both mean mph (the UK signs
 * limits in mph only); "50 km/h" is honoured as written; "national" limits map to 60/70 mph.
 */

export type Tags = Record<string, string>;

/** km/h by highway class; anything missing here is not drivable. */
export const CLASS_SPEED_KMH: Readonly<Record<string, number>> = {
  motorway: 90,
  motorway_link: 45,
  trunk: 85,
  trunk_link: 40,
  primary: 65,
  primary_link: 30,
  secondary: 55,
  secondary_link: 25,
  tertiary: 40,
  tertiary_link: 20,
  unclassified: 25,
  residential: 25,
  living_street: 10,
  service: 15,
};

export const HIGHWAY_CLASSES = Object.keys(CLASS_SPEED_KMH);

const MPH = 1.609344;
const MAXSPEED_FACTOR = 0.8;
const DENIED = new Set(['no', 'private', 'agricultural', 'forestry', 'delivery', 'emergency', 'military']);
const ALLOWED = new Set(['yes', 'designated', 'permissive', 'destination', 'customers']);

export function isDrivable(tags: Tags): boolean {
  const hw = tags.highway;
  if (hw === undefined || CLASS_SPEED_KMH[hw] === undefined) return false;
  if (tags.area === 'yes') return false;
  if (hw === 'service' && tags.service === 'emergency_access') return false;
  if (tags.oneway === 'reversible' || tags.oneway === 'alternating') return false;
  // The most specific tag present wins: motorcar over motor_vehicle over vehicle over access.
  for (const key of ['motorcar', 'motor_vehicle', 'vehicle', 'access']) {
    const v = tags[key];
    if (v === undefined) continue;
    if (DENIED.has(v)) return false;
    if (ALLOWED.has(v)) return true;
  }
  return true;
}

/** 1: only along the way's node order; -1: only against it; 0: both ways. */
export function onewayDirection(tags: Tags): 1 | -1 | 0 {
  const v = tags['oneway:motorcar'] ?? tags['oneway:motor_vehicle'] ?? tags.oneway;
  if (v === 'yes' || v === 'true' || v === '1') return 1;
  if (v === '-1' || v === 'reverse') return -1;
  if (v === 'no' || v === 'false' || v === '0') return 0;
  if (tags.junction === 'roundabout' || tags.junction === 'circular') return 1;
  if (tags.highway === 'motorway') return 1;
  return 0;
}

/** The posted limit in km/h, or null when absent or unreadable. */
export function parseMaxspeedKmh(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const v = raw.trim().toLowerCase();
  if (v === 'gb:nsl_single' || v === 'uk:nsl_single') return 60 * MPH;
  if (v === 'gb:nsl_dual' || v === 'uk:nsl_dual' || v === 'gb:motorway' || v === 'uk:motorway') return 70 * MPH;
  if (v === 'gb:zone20' || v === 'gb:20') return 20 * MPH;
  const m = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph)?$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  if (!(n > 0)) return null;
  const unit = m[2];
  if (unit === 'km/h' || unit === 'kmh' || unit === 'kph') return n;
  return n * MPH;
}

export function speedKmh(tags: Tags): number {
  const base = CLASS_SPEED_KMH[tags.highway] ?? 10;
  const posted = parseMaxspeedKmh(tags.maxspeed);
  if (posted === null) return base;
  return Math.max(5, posted * MAXSPEED_FACTOR);
}
