/**
 * A graph's roads as lines, one per unbroken stretch of a way, for a base map drawn from the graph
 * itself (an uploaded extract is not kept once its graph is built). Segments of a way are numbered
 * in the way's order by the builder, so a stretch is a run of segments of one way each starting
 * where the last ended.
 */
import type { RoadGraph } from './road-graph.js';

export interface RoadLine {
  /** Index into graph.ways. */
  way: number;
  /** [lon, lat] in driving order along the way. */
  coordinates: Array<[number, number]>;
}

export function graphLines(graph: RoadGraph): RoadLine[] {
  const lines: RoadLine[] = [];
  let current: RoadLine | undefined;
  let lastNode = -1;
  for (let s = 0; s < graph.segmentCount; s++) {
    const way = graph.arcWay[graph.segArcs[graph.segArcFirst[2 * s]]];
    const a = graph.segA[s];
    const b = graph.segB[s];
    if (!current || current.way !== way || lastNode !== a) {
      current = { way, coordinates: [[graph.lon[a], graph.lat[a]]] };
      lines.push(current);
    }
    current.coordinates.push([graph.lon[b], graph.lat[b]]);
    lastNode = b;
  }
  return lines;
}
