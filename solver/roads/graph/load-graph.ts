/**
 * Finds a usable graph: a cache file is read directly; an OSM file is imported, cached beside the
 * default cache folder and reused while its hash matches. The demo graph is built on first use.
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRoadGraph } from './build-graph.js';
import { GraphCacheError, hashFile, readGraphCache, writeGraphCache } from './cache.js';
import { GRAPH_FORMAT_VERSION, type GraphMeta, type RoadGraph } from './road-graph.js';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEMO_OSM = join(PROJECT_ROOT, 'data/osm/london-north-friern-barnet-highways-overpass-2026-07-26.osm');
export const CITY_OSM = join(PROJECT_ROOT, 'data/osm/london-city-valhalla-2020-07-20.osm.pbf');
export const CACHE_DIR = join(PROJECT_ROOT, 'data/cache');
/** What the shipped demo extract is called in messages to users. */
export const DEMO_LABEL = 'north London demo';

/** What to call a graph's road data in a message: its label, the demo's name, or its file name. */
export function sourceLabel(meta: GraphMeta): string {
  return meta.label ?? (meta.sourceFile === basename(DEMO_OSM) ? DEMO_LABEL : meta.sourceFile);
}

/** The XML and PBF parsers load only when a file must be parsed: a start-up from the cache skips them. */
async function readOsm(osmFile: string) {
  const { readOsmFile } = await import('../osm/read-osm.js');
  return readOsmFile(osmFile);
}

export async function importOsm(osmFile: string): Promise<RoadGraph> {
  const hash = await hashFile(osmFile).catch((e: Error) => {
    throw new GraphGoneError(osmFile, e.message);
  });
  const raw = await readOsm(osmFile);
  return buildRoadGraph(raw, { file: basename(osmFile), hash });
}

class GraphGoneError extends Error {
  constructor(file: string, detail: string) {
    super(`cannot read OSM file ${file}: ${detail}`);
  }
}

export async function isGraphCache(file: string): Promise<boolean> {
  const h = await open(file, 'r');
  try {
    const b = Buffer.alloc(8);
    await h.read(b, 0, 8, 0);
    return b.toString('latin1') === 'RNDSGRPH';
  } finally {
    await h.close();
  }
}

export function defaultCachePath(osmFile: string): string {
  return join(CACHE_DIR, `${basename(osmFile).replace(/\.osm(\.pbf)?$|\.pbf$/, '')}.v${GRAPH_FORMAT_VERSION}.graph`);
}

/** A graph cache or an OSM file (imported and cached under data/cache/ on first use). */
export async function loadGraph(path: string = DEMO_OSM): Promise<RoadGraph> {
  if (!existsSync(path)) throw new GraphCacheError(path, 'no such file');
  if (await isGraphCache(path)) return readGraphCache(path);
  const cachePath = defaultCachePath(path);
  const hash = await hashFile(path);
  if (existsSync(cachePath)) {
    try {
      const cached = await readGraphCache(cachePath);
      if (cached.meta.sourceHash === hash) return cached;
    } catch {
      // stale or unreadable: rebuild below
    }
  }
  const raw = await readOsm(path);
  const graph = buildRoadGraph(raw, { file: basename(path), hash });
  await writeGraphCache(graph, cachePath);
  return graph;
}
