/**
 * npm run --silent matrix -- --points FILE.json [--graph PATH]
 * FILE.json is [[lon, lat], ...]; prints {"durations": [[s]], "distances": [[m]]}, null where unreachable.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EmbeddedBackend } from '../embedded.js';
import { DEMO_OSM, loadGraph } from '../graph/load-graph.js';
import { glueValues, runCli, UsageError } from './cli-support.js';

const USAGE = 'usage: npm run --silent matrix -- --points FILE.json [--graph PATH] [--max-snap METRES]';
const pointsFile = z.array(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]));

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
  const parsed = pointsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`points file ${values.points}: at [${issue.path.join('][')}]: ${issue.message} (expected [[lon, lat], ...])`);
  }
  const maxSnap = values['max-snap'] === undefined ? undefined : Number(values['max-snap']);
  if (maxSnap !== undefined && !(maxSnap > 0)) throw new UsageError('--max-snap expects a positive number of metres');
  const backend = new EmbeddedBackend(await loadGraph(values.graph ?? DEMO_OSM), { maxSnapMetres: maxSnap });
  const m = backend.matrixSync(parsed.data);
  const rows = (a: Float64Array) =>
    Array.from({ length: m.size }, (_, i) =>
      Array.from(a.subarray(i * m.size, (i + 1) * m.size), (x) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : null)),
    );
  return { durations: rows(m.durations), distances: rows(m.distances) };
});
