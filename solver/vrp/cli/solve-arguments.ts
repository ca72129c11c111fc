/**
 * The `solve` command line (the contract of issue 2):
 *   solve FILE --format solomon|toptw|vrplib [--vehicles M] [--time-limit SECONDS] [--seed N]
 *              [--rounding exact|dimacs]
 * `--rounding ceil2` (arcs rounded up to two decimals, the Cordeau-based TOPTW convention) is
 * accepted too. Any fault is a UsageError whose message is the one stderr line.
 */
import { parseArgs } from 'node:util';
import { INSTANCE_FORMATS, type InstanceFormat } from '../io/benchmark-instance';
import { ROUNDINGS, type Rounding } from '../io/rounding';

export interface SolveArguments {
  file: string;
  format: InstanceFormat;
  vehicles?: number;
  timeLimitSeconds: number;
  seed: number;
  rounding: Rounding;
}

export const DEFAULT_TIME_LIMIT_SECONDS = 10;

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseSolveArguments(argv: string[]): SolveArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        vehicles: { type: 'string' },
        'time-limit': { type: 'string' },
        seed: { type: 'string' },
        rounding: { type: 'string' },
      },
    });
  } catch (error) {
    // Name the file even when an option is wrong: a lenient parse still finds the positional.
    const file = parseArgs({ args: argv, allowPositionals: true, strict: false }).positionals[0];
    const reason = (error as Error).message.split(/\n|(?<=\.) /)[0];
    throw new UsageError(file === undefined ? reason : `${file}: ${reason}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'missing FILE (usage: solve FILE --format solomon|toptw|vrplib)'
        : `expected one FILE, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  const file = positionals[0];
  const fault = (message: string): UsageError => new UsageError(`${file}: ${message}`);

  const format = values.format as InstanceFormat | undefined;
  if (format === undefined) throw fault(`--format is required (${INSTANCE_FORMATS.join('|')})`);
  if (!INSTANCE_FORMATS.includes(format)) throw fault(`--format ${format} is not one of ${INSTANCE_FORMATS.join('|')}`);
  const rounding = (values.rounding ?? 'exact') as Rounding;
  if (!ROUNDINGS.includes(rounding)) throw fault(`--rounding ${rounding} is not one of ${ROUNDINGS.join('|')}`);

  const integer = (name: string, text: string | undefined, min: number): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!/^\s*[+-]?\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min) throw fault(`--${name} ${text} is not an integer >= ${min}`);
    return value;
  };
  const vehicles = integer('vehicles', values.vehicles, 1);
  if (format === 'toptw' && vehicles === undefined) throw fault('--vehicles M is required for toptw (the number of routes is not in the file)');
  const seed = integer('seed', values.seed, 0) ?? 1;
  const limitText = values['time-limit'];
  const timeLimitSeconds = limitText === undefined ? DEFAULT_TIME_LIMIT_SECONDS : Number(limitText);
  if (!(timeLimitSeconds > 0) || !Number.isFinite(timeLimitSeconds)) throw fault(`--time-limit ${limitText} is not a positive number of seconds`);
  return { file, format, vehicles, timeLimitSeconds, seed, rounding };
}
