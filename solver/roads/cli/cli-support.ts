/** What the road CLIs share: argument errors and the rule "JSON on stdout, errors on stderr, exit 2". */
import { RoutingError, type LonLat } from '../backend.js';

export class UsageError extends Error {}

export function parseLonLat(flag: string, text: string): LonLat {
  const parts = text.split(',');
  const lon = Number(parts[0]);
  const lat = Number(parts[1]);
  if (parts.length !== 2 || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw new UsageError(`${flag} expects LON,LAT in degrees, got ${JSON.stringify(text)}`);
  }
  return [lon, lat];
}

export async function runCli(usage: string, main: () => Promise<unknown>): Promise<void> {
  try {
    const out = await main();
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } catch (e) {
    const err = e as Error;
    const known = e instanceof UsageError || e instanceof RoutingError || /^(cannot read OSM file|graph cache)/.test(err.message);
    process.stderr.write(`error: ${known ? err.message : (err.stack ?? err.message)}\n`);
    if (e instanceof UsageError) process.stderr.write(`${usage}\n`);
    process.exitCode = 2;
  }
}

/**
 * London longitudes are negative: node's parseArgs reads "--from -0.12,51.6" as a missing value,
 * so glue each value-taking flag to its next argument ("--from=-0.12,51.6") before parsing.
 */
export function glueValues(argv: string[], flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (flags.includes(argv[i]) && i + 1 < argv.length) {
      out.push(`${argv[i]}=${argv[i + 1]}`);
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}
