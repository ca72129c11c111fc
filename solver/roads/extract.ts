/**
 * A council's own OSM extract (a county or a borough file, uploaded or on disk) -> a road graph,
 * optionally clipped to a bounding box or a boundary, reporting how far it has got. Every failure
 * is a RoadExtractError naming the file as its user knows it (an upload sits under a temporary
 * name) and what is wrong with it.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { multiPolygon, point } from '@turf/helpers';
import { hashFile } from './graph/cache.js';
import { buildRoadGraph } from './graph/build-graph.js';
import type { RoadGraph } from './graph/road-graph.js';
import { OsmReadError, readOsmFile } from './osm/read-osm.js';

/** The stages of a build, in order, for a progress report ('writing' is the caller's: the graph cache and what else it keeps). */
export const EXTRACT_PHASES = ['parsing', 'building', 'pruning', 'writing'] as const;
export type ExtractPhase = (typeof EXTRACT_PHASES)[number];

/** [minLon, minLat, maxLon, maxLat] */
export type Bbox = [number, number, number, number];
/** A MultiPolygon's coordinates: polygons of rings of [lon, lat], the first ring of each its outer edge. */
export type BoundaryCoordinates = Array<Array<Array<[number, number]>>>;

/** Where to keep roads: inside a box, or inside a boundary (a council's, drawn a little wide so that roads over the border stay). */
export type Clip = { bbox: Bbox } | { boundary: BoundaryCoordinates };

export class RoadExtractError extends Error {
  /** The tag the error crosses a thread boundary by (server/jobs/failure.ts). */
  readonly kind = 'road-extract';

  constructor(
    readonly fileName: string,
    readonly detail: string,
  ) {
    super(`${fileName}: ${detail}`);
    this.name = 'RoadExtractError';
  }
}

/** The test a node must pass to be kept. */
export function clipTest(clip: Clip): (lon: number, lat: number) => boolean {
  if ('bbox' in clip) {
    const [w, s, e, n] = clip.bbox;
    return (lon, lat) => lon >= w && lon <= e && lat >= s && lat <= n;
  }
  const shape = multiPolygon(clip.boundary);
  const [w, s, e, n] = boundaryBbox(clip.boundary);
  // Most nodes of a county file lie outside a borough's box: the polygon test runs only for the rest.
  return (lon, lat) => lon >= w && lon <= e && lat >= s && lat <= n && booleanPointInPolygon(point([lon, lat]), shape);
}

export function boundaryBbox(boundary: BoundaryCoordinates): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of boundary) {
    for (const [lon, lat] of polygon[0] ?? []) {
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
  }
  return box;
}

export interface ExtractOptions {
  /** The file's name as its user knows it: in the graph's metadata and in every error. */
  name: string;
  /** What people call the area, e.g. 'Kingston upon Thames'. */
  label?: string;
  clip?: Clip;
  /** How far the build has got: a phase and the share of it done (0 to 1; the builder's phases report 0 as they start). */
  onProgress?: (phase: ExtractPhase, fraction: number) => void;
}

/** Parses, builds and prunes the graph of an OSM XML or PBF file; writes nothing. */
export async function buildExtractGraph(file: string, options: ExtractOptions): Promise<RoadGraph> {
  const report = options.onProgress ?? (() => undefined);
  report('parsing', 0);
  let hash: string;
  let raw;
  try {
    hash = await hashFile(file);
    raw = await readOsmFile(file, {
      ...(options.clip ? { keep: clipTest(options.clip) } : {}),
      onProgress: (fraction) => report('parsing', fraction),
    });
  } catch (err) {
    if (err instanceof OsmReadError) throw new RoadExtractError(options.name, err.detail);
    // Not the message: a file system error names the temporary path, which is the server's business.
    throw new RoadExtractError(options.name, `could not be read on the server (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  report('parsing', 1);
  const graph = buildRoadGraph(raw, { file: options.name, hash, label: options.label }, (phase) => report(phase, 0));
  if (graph.segmentCount === 0) {
    throw new RoadExtractError(options.name, `no connected drivable roads${options.clip ? ' inside the clipping area' : ''}`);
  }
  return graph;
}
