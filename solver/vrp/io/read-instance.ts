/** One entry point over the three benchmark readers, chosen by format. */
import type { BenchmarkInstance, InstanceFormat, ReadOptions } from './benchmark-instance';
import { readSolomon } from './solomon';
import { readToptw } from './toptw';
import { readVrplib } from './vrplib';

export function readInstance(file: string, format: InstanceFormat, options: ReadOptions = {}): BenchmarkInstance {
  switch (format) {
    case 'solomon':
      return readSolomon(file, options);
    case 'toptw':
      return readToptw(file, options);
    case 'vrplib':
      return readVrplib(file, options);
  }
}
