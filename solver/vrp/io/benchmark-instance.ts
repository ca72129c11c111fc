/**
 * What every benchmark reader returns: the problem in the optimiser's model plus what the bench
 * and the CLI need to report it in the file's own terms (job ids are the file's ids).
 */
import type { Problem } from '../model';
import type { Rounding } from './rounding';

export type InstanceFormat = 'solomon' | 'toptw' | 'vrplib';

export const INSTANCE_FORMATS: readonly InstanceFormat[] = ['solomon', 'toptw', 'vrplib'];

export interface BenchmarkInstance {
  /** The instance's name (from the file, else the file name without extension). */
  name: string;
  file: string;
  format: InstanceFormat;
  rounding: Rounding;
  problem: Problem;
  /** Sum of all job prizes: PCVRPTW scores distance plus the prizes left uncollected. */
  totalPrize: number;
}

export interface ReadOptions {
  rounding?: Rounding;
  /** Number of routes. Required for TOPTW (not in the file); overrides the file's fleet otherwise. */
  vehicles?: number;
}
