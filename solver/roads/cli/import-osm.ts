/**
 * npm run import-osm -- FILE [--out PATH]
 * Imports an OSM XML or PBF extract into a binary car graph (default data/cache/NAME.vN.graph)
 * and prints a JSON summary. The file is written to a temporary name and renamed.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeGraphCache } from '../graph/cache.js';
import { defaultCachePath, importOsm } from '../graph/load-graph.js';
import { glueValues, runCli, UsageError } from './cli-support.js';

const USAGE = 'usage: npm run import-osm -- FILE.osm|FILE.osm.pbf [--out PATH]';

await runCli(USAGE, async () => {
  let parsed;
  try {
    parsed = parseArgs({ args: glueValues(process.argv.slice(2), ['--out']), options: { out: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (parsed.positionals.length !== 1) throw new UsageError('give exactly one OSM file');
  const file = resolve(parsed.positionals[0]);
  const out = resolve(parsed.values.out ?? defaultCachePath(file));
  const started = performance.now();
  const graph = await importOsm(file);
  await writeGraphCache(graph, out);
  return {
    graph: out,
    source: file,
    nodes: graph.nodeCount,
    arcs: graph.arcHead.length,
    segments: graph.segmentCount,
    stats: graph.meta.stats,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
});
