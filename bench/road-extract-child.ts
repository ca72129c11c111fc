/**
 * One road build in a fresh process, so that the peak resident memory (maxRSS, process-wide)
 * belongs to this extract alone: the code an upload runs in its thread (server/roads/build.ts:
 * parse, build, prune, write the graph cache and base map), timed by phase. Prints one JSON line
 * for bench/road-extract.ts.
 *   node --import tsx bench/road-extract-child.ts FILE NAME OUT_DIR
 *   node --import tsx bench/road-extract-child.ts --baseline   (the same imports, no build)
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { buildRoadData } from '../server/roads/build';
import type { Progress } from '../server/jobs/protocol';

const [file, name, outDir] = process.argv.slice(2);
if (file === '--baseline') {
  process.stdout.write(`${JSON.stringify({ peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
} else {
  const started = performance.now();
  /** Seconds from the start of the build at which each phase began. */
  const phaseStarts: Record<string, number> = {};
  const report = (p: Progress) => {
    phaseStarts[p.phase] ??= (performance.now() - started) / 1000;
  };
  const result = await buildRoadData({ file, name, outDir, id: 'bench' }, report);
  const seconds = (performance.now() - started) / 1000;
  const order = ['parsing', 'building', 'pruning', 'writing'];
  const phases = Object.fromEntries(
    order.map((phase, i) => {
      const next = order.slice(i + 1).find((p) => phaseStarts[p] !== undefined);
      const end = next ? phaseStarts[next] : seconds;
      return [phase, phaseStarts[phase] === undefined ? null : Math.round((end - phaseStarts[phase]) * 100) / 100];
    }),
  );
  process.stdout.write(
    `${JSON.stringify({
      name,
      fileMB: statSync(file).size / 2 ** 20,
      nodes: result.nodes,
      roadKm: result.roadKm,
      graphMB: statSync(join(outDir, 'bench.graph')).size / 2 ** 20,
      seconds,
      phases,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}
