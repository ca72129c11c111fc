/**
 * npm run --silent matrix -- --points FILE.json [--graph PATH]
 * FILE.json is [[lon, lat], ...]; prints {"durations": [[s]], "distances": [[m]]}, null where unreachable.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { LonLat } from '../backend.js';
import { EmbeddedBackend } from '../embedded.js';
import { invalidPointReason } from '../geo.js';
import { DEMO_OSM, loadGraph } from '../graph/load-graph.js';
import { glueValues, runCli, UsageError } from './cli-support.js';

const USAGE = 'usage: npm run --silent matrix -- --points FILE.json [--graph PATH] [--max-snap METRES]';

/** Checked by hand rather than with zod: importing zod costs a tenth of a second of start-up. */
function parsePoints(file: string, json: unknown): LonLat[] {
  const expected = '(expected [[lon, lat], ...])';
  if (!Array.isArray(json)) throw new UsageError(`points file ${file}: not an array ${expected}`);
  json.forEach((p, i) => {
    const why = invalidPointReason(p);
    if (why) throw new UsageError(`points file ${file}: point ${i} (${JSON.stringify(p)}) ${why} ${expected}`);
  });
  return json as LonLat[];
}

await runCli(USAGE, async () => {
  let values;
  try {
    ({ values } = parseArgs({
      args: glueValues(process.argv.slice(2), ['--points', '--graph', '--max-snap']),
      options: { points: { type: 'string' }, graph: { type: 'string' }, 'max-snap': { type: 'string' } },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!values.points) throw new UsageError('--points FILE.json is required');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(values.points, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read points file ${values.points}: ${(e as Error).message}`);
  }
  const points = parsePoints(values.points, json);
  const maxSnap = values['max-snap'] === undefined ? undefined : Number(values['max-snap']);
  if (maxSnap !== undefined && !(maxSnap > 0)) throw new UsageError('--max-snap expects a positive number of metres');
  const backend = new EmbeddedBackend(await loadGraph(values.graph ?? DEMO_OSM), { maxSnapMetres: maxSnap });
  const m = backend.matrixSync(points);
  const rows = (a: Float64Array) =>
    Array.from({ length: m.size }, (_, i) =>
      Array.from(a.subarray(i * m.size, (i + 1) * m.size), (x) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : null)),
    );
  return { durations: rows(m.durations), distances: rows(m.distances) };
});
