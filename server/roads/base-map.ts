import { readFile, rename, writeFile, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { graphLines } from '../../solver/roads/graph/lines.js';
import type { RoadGraph } from '../../solver/roads/graph/road-graph.js';
import { RoadMap, ROAD_LINE_MAX_POINTS, TAG_VALUE_MAX_CHARACTERS } from '../../contract/roads.js';

export type RoadFeature = RoadMap['features'][number];

/** The base map as GET /api/roads answers it, and the OSM file it was cut from (kept in the cache). */
export type RoadCollection = RoadMap & {
  /** The OSM file it was cut from, to tell a stale cache from a current one. */
  source?: { file: string; size: number; mtimeMs: number };
};

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors (ODbL 1.0), https://www.openstreetmap.org/copyright';

/** Five decimals is about a metre: plenty for a base map, and half the bytes of full precision. */
const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

/** The drivable roads of an OSM file as GeoJSON lines with class and name, for the offline base map. */
export async function roadsFromOsm(osmFile: string): Promise<RoadCollection> {
  // Loaded on first use: the server starts (and serves everything else) without the OSM reader.
  const { readOsmFile } = await import('../../solver/roads/osm/read-osm.js');
  const raw = await readOsmFile(osmFile);
  const features: RoadFeature[] = [];
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const way of raw.ways) {
    const coordinates: Array<[number, number]> = [];
    for (const ref of way.refs) {
      const i = raw.nodeIndex.get(ref);
      if (i === undefined) continue;
      const lon = round5(raw.nodeLon[i]);
      const lat = round5(raw.nodeLat[i]);
      coordinates.push([lon, lat]);
      if (lon < bbox[0]) bbox[0] = lon;
      if (lat < bbox[1]) bbox[1] = lat;
      if (lon > bbox[2]) bbox[2] = lon;
      if (lat > bbox[3]) bbox[3] = lat;
    }
    features.push(...roadFeatures(way.tags.highway, way.tags.name, way.tags.ref, coordinates));
  }
  // Ways whose nodes are all missing from the file leave nothing to bound.
  if (features.length === 0) bbox.fill(0);
  return { type: 'FeatureCollection', features, bbox, attribution: OSM_ATTRIBUTION };
}

/**
 * One way's line as base-map features, within OSM's own limits whatever the file holds (a council's
 * edited extract may break them): a line of more points is drawn as consecutive pieces sharing their
 * ends, and a longer name or ref is cut. Nothing for fewer than two points.
 */
function roadFeatures(highway: string | undefined, name: string | undefined, ref: string | undefined, coordinates: Array<[number, number]>): RoadFeature[] {
  if (coordinates.length < 2) return [];
  const properties = { highway: highway || 'road', name: tagValue(name ?? ''), ...(ref ? { ref: tagValue(ref) } : {}) };
  const pieces: RoadFeature[] = [];
  for (let from = 0; from < coordinates.length - 1; from += ROAD_LINE_MAX_POINTS - 1) {
    const piece = coordinates.slice(from, from + ROAD_LINE_MAX_POINTS);
    pieces.push({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates: piece } });
  }
  return pieces;
}

/**
 * A base map as read back from a file (the OSM file's cache, an uploaded extract's map), checked
 * once against the contract so that each answer need not be (GET /api/roads skips the check): lines
 * an earlier version wrote past OSM's limits are cut as roadFeatures cuts them; anything else that
 * does not fit throws, naming the file.
 */
export function checkedRoadMap(value: RoadCollection, file: string): RoadMap {
  const features = value.features.flatMap((f) => roadFeatures(f.properties?.highway, f.properties?.name, f.properties?.ref, f.geometry?.coordinates ?? []));
  const checked = RoadMap.safeParse({ ...value, features });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`the base map ${file} does not fit the API's shape at ${issue.path.join('.')}: ${issue.message}`);
  }
  return checked.data;
}

/** A tag's value cut to OSM's 255 characters (code points, so no character is split). */
function tagValue(value: string): string {
  return value.length <= TAG_VALUE_MAX_CHARACTERS ? value : Array.from(value).slice(0, TAG_VALUE_MAX_CHARACTERS).join('');
}

/** The roads of a built graph as the base map's GeoJSON: what an uploaded extract leaves once its file is gone. */
export function roadsFromGraph(graph: RoadGraph): RoadCollection {
  const features = graphLines(graph).flatMap((line) =>
    roadFeatures(
      graph.ways.highway[line.way],
      graph.ways.name[line.way],
      graph.ways.ref[line.way],
      line.coordinates.map(([lon, lat]) => [round5(lon), round5(lat)] as [number, number]),
    ),
  );
  const box = graph.meta.area?.bbox;
  const bbox: [number, number, number, number] = box ? [round5(box[0]), round5(box[1]), round5(box[2]), round5(box[3])] : [0, 0, 0, 0];
  return { type: 'FeatureCollection', features, bbox, attribution: OSM_ATTRIBUTION };
}

/** Writes JSON through a temporary file and a rename: a reader never sees half of it. */
export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, file);
}

/**
 * The OSM file's base map, checked (checkedRoadMap): from the cache when it was cut from this very
 * file and fits the contract, else built again and cached (temp file, then rename).
 */
export async function loadRoads(osmFile: string, cacheFile: string): Promise<RoadMap> {
  const info = await stat(osmFile);
  const source = { file: osmFile, size: info.size, mtimeMs: info.mtimeMs };
  try {
    const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as RoadCollection;
    const s = cached.source;
    if (s && s.file === source.file && s.size === source.size && s.mtimeMs === source.mtimeMs) return checkedRoadMap(cached, cacheFile);
  } catch {
    // no cache yet, unreadable, or of another shape: rebuild
  }
  const roads = checkedRoadMap(await roadsFromOsm(osmFile), osmFile);
  await writeJsonAtomically(cacheFile, { ...roads, source });
  return roads;
}

export function withinBbox(roads: RoadMap, bbox: [number, number, number, number]): RoadMap {
  const [w, s, e, n] = bbox;
  const features = roads.features.filter((f) => f.geometry.coordinates.some(([lon, lat]) => lon >= w && lon <= e && lat >= s && lat <= n));
  return { ...roads, features, bbox };
}
