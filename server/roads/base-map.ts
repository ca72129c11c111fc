import { readFile, rename, writeFile, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { graphLines } from '../../solver/roads/graph/lines.js';
import type { RoadGraph } from '../../solver/roads/graph/road-graph.js';

export interface RoadFeature {
  type: 'Feature';
  properties: { highway: string; name: string; ref?: string };
  geometry: { type: 'LineString'; coordinates: Array<[number, number]> };
}

export interface RoadCollection {
  type: 'FeatureCollection';
  features: RoadFeature[];
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: [number, number, number, number];
  attribution: string;
  /** The OSM file it was cut from, to tell a stale cache from a current one. */
  source?: { file: string; size: number; mtimeMs: number };
}

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
    if (coordinates.length < 2) continue;
    features.push({
      type: 'Feature',
      properties: { highway: way.tags.highway ?? 'road', name: way.tags.name ?? '', ...(way.tags.ref ? { ref: way.tags.ref } : {}) },
      geometry: { type: 'LineString', coordinates },
    });
  }
  return { type: 'FeatureCollection', features, bbox, attribution: OSM_ATTRIBUTION };
}

/** The roads of a built graph as the base map's GeoJSON: what an uploaded extract leaves once its file is gone. */
export function roadsFromGraph(graph: RoadGraph): RoadCollection {
  const features: RoadFeature[] = graphLines(graph).map((line) => ({
    type: 'Feature',
    properties: {
      highway: graph.ways.highway[line.way] || 'road',
      name: graph.ways.name[line.way] ?? '',
      ...(graph.ways.ref[line.way] ? { ref: graph.ways.ref[line.way] } : {}),
    },
    geometry: { type: 'LineString', coordinates: line.coordinates.map(([lon, lat]) => [round5(lon), round5(lat)] as [number, number]) },
  }));
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

/** Reads the cached GeoJSON, or builds it from the OSM file and caches it (temp file, then rename). */
export async function loadRoads(osmFile: string, cacheFile: string): Promise<RoadCollection> {
  const info = await stat(osmFile);
  const source = { file: osmFile, size: info.size, mtimeMs: info.mtimeMs };
  try {
    const cached = JSON.parse(await readFile(cacheFile, 'utf8')) as RoadCollection;
    const s = cached.source;
    if (s && s.file === source.file && s.size === source.size && s.mtimeMs === source.mtimeMs) return cached;
  } catch {
    // no cache yet, or unreadable: rebuild
  }
  const roads = { ...(await roadsFromOsm(osmFile)), source };
  await mkdir(dirname(cacheFile), { recursive: true });
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(roads));
  await rename(tmp, cacheFile);
  return roads;
}

export function withinBbox(roads: RoadCollection, bbox: [number, number, number, number]): RoadCollection {
  const [w, s, e, n] = bbox;
  const features = roads.features.filter((f) => f.geometry.coordinates.some(([lon, lat]) => lon >= w && lon <= e && lat >= s && lat <= n));
  const { source: _, ...rest } = roads;
  return { ...rest, features, bbox };
}
