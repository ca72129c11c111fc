/**
 * How benchmark distances are rounded. Every published best-known solution belongs to one
 * convention, and a result is comparable only with BKS of the same convention:
 * - `exact`: double-precision Euclidean distance (Solomon distmin, Gehring-Homberger bks_*).
 * - `dimacs`: each arc truncated to one decimal (DIMACS 2021 / CVRPLIB, the Solomon-based TOPTW
 *   instances, PyVRP's PCVRPTW BKS).
 * - `ceil2`: each arc rounded up to two decimals (the Cordeau-based TOPTW instances pr01-pr20).
 * The same rounded value is both the distance and the travel time of the arc.
 */
export type Rounding = 'exact' | 'dimacs' | 'ceil2';

export const ROUNDINGS: readonly Rounding[] = ['exact', 'dimacs', 'ceil2'];

export function roundArc(length: number, rounding: Rounding): number {
  switch (rounding) {
    case 'exact':
      return length;
    case 'dimacs':
      return Math.floor(10 * length) / 10;
    case 'ceil2':
      // The nudge keeps an arc whose length is a whole number of hundredths (up to float noise in
      // 100 * length) from being pushed up a hundredth.
      return Math.ceil(100 * length - 1e-9) / 100;
  }
}

/**
 * Row-major Euclidean matrix over the given points, rounded per arc. Benchmarks use one matrix
 * for distances and travel times alike, so callers may pass the same array as both.
 */
export function euclideanMatrix(xs: ArrayLike<number>, ys: ArrayLike<number>, rounding: Rounding): Float64Array {
  const n = xs.length;
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const dx = xs[i] - xs[j];
      const dy = ys[i] - ys[j];
      matrix[i * n + j] = roundArc(Math.sqrt(dx * dx + dy * dy), rounding);
    }
  }
  return matrix;
}
