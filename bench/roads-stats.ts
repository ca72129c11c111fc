/**
 * The statistics the roads benchmark reports: a seeded generator (so a run is repeatable),
 * nearest-rank percentiles, and the distribution of our/OSRM ratios over the pairs both answer.
 */
import { mulberry32 } from '../server/demo/random';

/** A seeded generator (mulberry32), so that a run is repeatable. */
export const seededRandom = mulberry32;

/** Nearest-rank percentile (p in 0..100) of values sorted ascending; NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface Distribution {
  count: number;
  p10: number;
  median: number;
  p90: number;
  p95: number;
  min: number;
  max: number;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p10: percentile(sorted, 10),
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    min: sorted.length ? sorted[0] : NaN,
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/**
 * ours[i][j] / theirs[i][j] over every off-diagonal pair where both are finite and theirs is
 * positive (a pair either side cannot route, or a zero-length one, says nothing about agreement).
 */
export function pairRatios(ours: ArrayLike<number>, theirs: ArrayLike<number | null>, size: number): number[] {
  if (ours.length !== size * size || theirs.length !== size * size) {
    throw new Error(`pairRatios: both matrices must hold ${size} x ${size} values`);
  }
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (i === j) continue;
      const a = ours[i * size + j];
      const b = theirs[i * size + j];
      if (b === null || !Number.isFinite(a) || !Number.isFinite(b) || !(b > 0)) continue;
      out.push(a / b);
    }
  }
  return out;
}

/** Speeds in km/h of the pairs with a positive duration: distance (m) / duration (s) x 3.6. */
export function pairSpeedsKmh(distances: ArrayLike<number>, durations: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let k = 0; k < durations.length; k++) {
    const d = durations[k];
    if (Number.isFinite(d) && d > 0 && Number.isFinite(distances[k])) out.push((distances[k] / d) * 3.6);
  }
  return out;
}
