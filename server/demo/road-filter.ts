/**
 * Which postcode centroids the demo may use: those within reach of the demo road graph. The shipped
 * extract does not cover every street in its box (about a third of the N-area centroids inside it
 * lie over 150 m from any of its roads), and demo cases must be drivable to.
 */
import { DEMO_OSM, loadGraph } from '../../solver/roads/graph/load-graph.js';
import { SegmentSnapper } from '../../solver/roads/snap.js';

export type OnRoad = (lon: number, lat: number) => boolean;

/** Metres from a road the demo accepts: a short walk from where the car stops. */
export const DEMO_MAX_ROAD_METRES = 150;

export async function demoRoadFilter(maxMetres = DEMO_MAX_ROAD_METRES): Promise<OnRoad> {
  const snapper = new SegmentSnapper(await loadGraph(DEMO_OSM));
  return (lon, lat) => snapper.nearest(lon, lat, maxMetres) !== null;
}
