/**
 * The embedded car graph: a node-based directed graph in compressed sparse row form over typed arrays.
 *
 * Turn restrictions are compiled in by node splitting: the arc that enters a restriction's via node
 * from its "from" way is redirected to a copy of that node whose outgoing arcs are only the allowed
 * ones. Copies share their physical node's position (`physical`), so plain Dijkstra honours the
 * restrictions with no turn table in the hot loop.
 *
 * A segment is one stretch of road between two consecutive OSM nodes of a way: what points snap to.
 * Its arcs in direction A->B (dir 0) or B->A (dir 1), copies included, are listed in
 * segArcs[segArcFirst[2s+dir] .. segArcFirst[2s+dir+1]).
 */
/**
 * Bumped whenever a graph built from the same OSM file would differ, so that caches rebuild
 * (they are keyed on the source file's hash). 2: a restriction needs from and to ways that end at
 * its via node; streets closed off by bans are pruned.
 */
export const GRAPH_FORMAT_VERSION = 2;

export interface WayInfo {
  name: string[];
  ref: string[];
  highway: string[];
  /** 1 when the way is part of a roundabout. */
  roundabout: number[];
}

export interface RoadGraph {
  nodeCount: number;
  physicalCount: number;
  /** Per node (copies included): its physical node. */
  physical: Uint32Array;
  lon: Float64Array;
  lat: Float64Array;
  firstOut: Uint32Array;
  arcHead: Uint32Array;
  arcTail: Uint32Array;
  /** Seconds, including the traffic-signal delay at the head. */
  arcDuration: Float64Array;
  arcDistance: Float64Array;
  arcWay: Uint32Array;
  arcSegment: Uint32Array;
  segmentCount: number;
  segA: Uint32Array;
  segB: Uint32Array;
  segArcFirst: Uint32Array;
  segArcs: Uint32Array;
  ways: WayInfo;
  meta: GraphMeta;
}

export interface GraphMeta {
  version: number;
  sourceFile: string;
  sourceHash: string;
  builtAt: string;
  stats: Record<string, number>;
  /** When the OSM data was taken, as the file says (absent when it does not). */
  sourceDate?: string;
  /** What people call the area, e.g. 'Kingston upon Thames' (absent: the file name says it). */
  label?: string;
  /** Where the roads are: bounding box, outline, size (area.ts); graphs built before it get it on load. */
  area?: RoadArea;
}

/** The extent of a road graph: what "inside the road data" means. */
export interface RoadArea {
  /** [minLon, minLat, maxLon, maxLat] of the road nodes. */
  bbox: [number, number, number, number];
  /** The convex hull of the road nodes, a closed ring of [lon, lat] (first point repeated last). */
  outline: Array<[number, number]>;
  /** Road nodes (junctions and shape points; restriction copies not counted). */
  nodes: number;
  /** Kilometres of drivable road (each stretch once, whichever ways it may be driven). */
  roadKm: number;
}
