/**
 * What a benchmark result is scored on, per format (the `solve` contract): Solomon = total
 * distance; TOPTW = collected profit; PCVRPTW = distance plus the prizes left uncollected. The
 * figures come from the independent checker, never from the search's own bookkeeping.
 */
import type { CheckResult } from '../checker';
import type { Solution } from '../model';
import type { BenchmarkInstance, InstanceFormat } from './benchmark-instance';

/** Whether a larger score is better for this format. */
export function scoreSense(format: InstanceFormat): 'min' | 'max' {
  return format === 'toptw' ? 'max' : 'min';
}

export function benchmarkScore(instance: BenchmarkInstance, check: CheckResult): number {
  switch (instance.format) {
    case 'solomon':
      return check.distance;
    case 'toptw':
      return check.prize;
    case 'vrplib':
      return check.distance + (instance.totalPrize - check.prize);
  }
}

/** Gap to the best known in percent, positive when worse, for either sense. */
export function gapPercent(score: number, bks: number, sense: 'min' | 'max'): number {
  return ((sense === 'min' ? score - bks : bks - score) / bks) * 100;
}

/** The routes and unassigned jobs in the file's own ids (numbers, as the files write them). */
export function solutionInFileIds(instance: BenchmarkInstance, solution: Solution): { routes: number[][]; unassigned: number[] } {
  const id = (job: number): number => Number(instance.problem.jobs[job].id);
  return {
    routes: solution.routes.map((route) => route.visits.filter((visit) => visit >= 0).map(id)).filter((route) => route.length > 0),
    unassigned: [...solution.unassigned].sort((a, b) => a - b).map(id),
  };
}
