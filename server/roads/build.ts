/**
 * A road build's work, run in its own thread (server/jobs/road-worker.ts): the uploaded extract
 * parsed, built and pruned (solver/roads/extract.ts), then written beside the road data in use:
 * the graph cache and the base map drawn from it. Nothing here changes what the server uses; the
 * server switches once the job is done (road-data.ts).
 */
import { join } from 'node:path';
import { buildExtractGraph } from '../../solver/roads/extract.js';
import { writeGraphCache } from '../../solver/roads/graph/cache.js';
import type { Progress, RoadBuildInput, RoadBuildResult } from '../jobs/protocol.js';
import { roadsFromGraph, writeJsonAtomically } from './base-map.js';

export async function buildRoadData(input: RoadBuildInput, report: (progress: Progress) => void): Promise<RoadBuildResult> {
  const started = performance.now();
  const graph = await buildExtractGraph(input.file, {
    name: input.name,
    label: input.label,
    clip: input.clip,
    onProgress: (phase, fraction) => report({ phase, fraction }),
  });
  report({ phase: 'writing', fraction: 0 });
  const graphFile = join(input.outDir, `${input.id}.graph`);
  await writeGraphCache(graph, graphFile);
  report({ phase: 'writing', fraction: 0.5 });
  const baseMapFile = join(input.outDir, `${input.id}.roads.geojson`);
  await writeJsonAtomically(baseMapFile, roadsFromGraph(graph));
  report({ phase: 'writing', fraction: 1 });
  const area = graph.meta.area!;
  return {
    graphFile,
    baseMapFile,
    source: graph.meta.sourceFile,
    ...(graph.meta.sourceDate ? { sourceDate: graph.meta.sourceDate } : {}),
    builtAt: graph.meta.builtAt,
    nodes: area.nodes,
    roadKm: area.roadKm,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
