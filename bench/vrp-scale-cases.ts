/** The problems of the scale suite: published where a set has the size, generated otherwise. */
import { join } from 'node:path';
import type { Problem } from '../solver/vrp/model';
import { readSolomon } from '../solver/vrp/io/solomon';
import { generateRandomVrptw } from './vrp-generate';
import { BENCH_DATA } from './vrp-suites';

export interface ScaleCase {
  name: string;
  description: string;
  load: () => Problem;
}

export const SCALE_CASES: ScaleCase[] = [
  { name: 'R101', description: 'Solomon R101, 100 customers', load: () => readSolomon(join(BENCH_DATA, 'solomon/instances/R101.txt')).problem },
  { name: 'random-200', description: 'generated R-type, 200 customers', load: () => generateRandomVrptw(200, 200) },
  {
    name: 'r1_10_1',
    description: 'Gehring-Homberger r1_10_1, 1000 customers',
    load: () => readSolomon(join(BENCH_DATA, 'homberger1000/instances/r1_10_1.txt')).problem,
  },
  { name: 'random-2000', description: 'generated R-type, 2000 customers', load: () => generateRandomVrptw(2000, 2000) },
];
