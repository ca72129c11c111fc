/**
 * The benchmark suites of the optimiser: which instance files, with which rounding, scored
 * against which best-known column (see data/bench/README.md and the README's "Solver benchmarks").
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readHombergerBks, readPcvrptwBks, readSolomonBks, readToptwBks } from '../solver/vrp/io/bks';
import type { InstanceFormat } from '../solver/vrp/io/benchmark-instance';
import type { Rounding } from '../solver/vrp/io/rounding';

export const BENCH_DATA = fileURLToPath(new URL('../data/bench/', import.meta.url));

export type VrpSuiteName = 'solomon' | 'toptw' | 'homberger1000' | 'pcvrptw';

export interface BenchCase {
  /** Shown in the table: the instance, plus m for TOPTW. */
  label: string;
  instance: string;
  file: string;
  format: InstanceFormat;
  rounding: Rounding;
  vehicles?: number;
  bks: number;
  /** Which BKS column and convention `bks` comes from, for the results file. */
  bksColumn: string;
}

export interface VrpSuite {
  name: VrpSuiteName;
  defaultTimeLimitSeconds: number;
  /** The roundings the suite can be scored in; the first is the default. */
  roundings: Rounding[];
  cases: (rounding?: Rounding) => BenchCase[];
}

const suiteDir = (folder: string): string => join(BENCH_DATA, folder);

/**
 * Solomon: least distance with the file's fleet as a limit. Exact Euclidean against
 * distmin_distance (the default), or arcs truncated to one decimal against dimacs_distance_trunc1.
 */
function solomonCases(rounding: Rounding = 'exact'): BenchCase[] {
  const dimacs = rounding === 'dimacs';
  return readSolomonBks(join(suiteDir('solomon'), 'bks.csv')).map((row) => ({
    label: row.instance,
    instance: row.instance,
    file: join(suiteDir('solomon'), 'instances', `${row.instance}.txt`),
    format: 'solomon',
    rounding: dimacs ? 'dimacs' : 'exact',
    bks: dimacs ? row.dimacs_distance_trunc1 : row.distmin_distance,
    bksColumn: dimacs ? 'dimacs_distance_trunc1 (arcs truncated to 1 decimal)' : 'distmin_distance (exact)',
  }));
}

/**
 * TOPTW: the sets with trustworthy BKS: Solomon-based c1/r1/rc1 with m = 1 (proven optima; arcs
 * truncated to one decimal) and Cordeau-based pr01-pr10 with m = 1..4 (arcs rounded up to two
 * decimals). c2/r2/rc2 BKS come from a single weak source and are left out.
 */
function toptwCases(): BenchCase[] {
  return readToptwBks(join(suiteDir('toptw'), 'bks.csv')).flatMap((row): BenchCase[] => {
    if (row.bks_profit === null) return [];
    const cordeau = /^pr\d+$/.test(row.instance);
    const solomonType1 = /^(c1|r1|rc1)\d+$/.test(row.instance) && row.m === 1;
    if (!cordeau && !solomonType1) return [];
    return [
      {
        label: `${row.instance} m=${row.m}`,
        instance: row.instance,
        file: join(suiteDir('toptw'), 'instances', `${row.instance}.txt`),
        format: 'toptw',
        rounding: cordeau ? 'ceil2' : 'dimacs',
        vehicles: row.m,
        bks: row.bks_profit,
        bksColumn: cordeau ? 'bks_profit (arcs rounded up to 2 decimals)' : 'bks_profit (arcs truncated to 1 decimal)',
      },
    ];
  });
}

/** Gehring-Homberger 1000: least distance; the DIMACS column is the distance-minimising BKS. */
function hombergerCases(): BenchCase[] {
  return readHombergerBks(join(suiteDir('homberger1000'), 'bks.csv')).map((row) => ({
    label: row.instance,
    instance: row.instance,
    file: join(suiteDir('homberger1000'), 'instances', `${row.instance}.txt`),
    format: 'solomon',
    rounding: 'dimacs',
    bks: row.dimacs_distance_trunc1,
    bksColumn: 'dimacs_distance_trunc1 (arcs truncated to 1 decimal)',
  }));
}

function pcvrptwCases(): BenchCase[] {
  return readPcvrptwBks(join(suiteDir('pcvrptw'), 'bks.csv')).map((row) => ({
    label: row.instance,
    instance: row.instance,
    file: join(suiteDir('pcvrptw'), 'instances', `${row.instance}.vrp`),
    format: 'vrplib',
    rounding: 'dimacs',
    bks: row.bks_cost,
    bksColumn: 'bks_cost (distance + uncollected prizes, arcs truncated to 1 decimal)',
  }));
}

export const VRP_SUITES: Record<VrpSuiteName, VrpSuite> = {
  solomon: { name: 'solomon', defaultTimeLimitSeconds: 2, roundings: ['exact', 'dimacs'], cases: solomonCases },
  // TOPTW's rounding is fixed per set (see toptwCases).
  toptw: { name: 'toptw', defaultTimeLimitSeconds: 3, roundings: ['dimacs'], cases: toptwCases },
  homberger1000: { name: 'homberger1000', defaultTimeLimitSeconds: 60, roundings: ['dimacs'], cases: hombergerCases },
  pcvrptw: { name: 'pcvrptw', defaultTimeLimitSeconds: 60, roundings: ['dimacs'], cases: pcvrptwCases },
};

/** Shell-style globs (`*`, `?`, comma-separated alternatives), case-insensitive, on the instance name. */
export function instanceFilter(globs: string | undefined): (instance: string) => boolean {
  if (globs === undefined) return () => true;
  const patterns = globs.split(',').map((glob) => {
    const source = glob
      .trim()
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    return new RegExp(`^${source}$`, 'i');
  });
  return (instance) => patterns.some((pattern) => pattern.test(instance));
}
