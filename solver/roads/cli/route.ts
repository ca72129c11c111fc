/**
 * npm run --silent route -- --from LON,LAT --to LON,LAT [--via LON,LAT]... [--graph PATH]
 * Prints an OSRM v5 route response with steps for the demo area or the given graph.
 */
import { parseArgs } from 'node:util';
import { EmbeddedBackend } from '../embedded.js';
import { DEMO_OSM, loadGraph } from '../graph/load-graph.js';
import { glueValues, parseLonLat, runCli, UsageError } from './cli-support.js';

const USAGE = 'usage: npm run --silent route -- --from LON,LAT --to LON,LAT [--via LON,LAT]... [--graph PATH] [--max-snap METRES]';

await runCli(USAGE, async () => {
  let values;
  try {
    ({ values } = parseArgs({
      args: glueValues(process.argv.slice(2), ['--from', '--to', '--via', '--graph', '--max-snap']),
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        via: { type: 'string', multiple: true },
        graph: { type: 'string' },
        'max-snap': { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!values.from || !values.to) throw new UsageError('--from and --to are required');
  const points = [parseLonLat('--from', values.from), ...(values.via ?? []).map((v) => parseLonLat('--via', v)), parseLonLat('--to', values.to)];
  const maxSnap = values['max-snap'] === undefined ? undefined : Number(values['max-snap']);
  if (maxSnap !== undefined && !(maxSnap > 0)) throw new UsageError('--max-snap expects a positive number of metres');
  const backend = new EmbeddedBackend(await loadGraph(values.graph ?? DEMO_OSM), { maxSnapMetres: maxSnap });
  return backend.routeSync(points);
});
