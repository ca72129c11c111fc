import { describe, expect, it } from 'vitest';
import type { Plan } from '../../client/src/api/schemas';
import { SWEEP_WEIGHTS, sweepSeries } from '../../client/src/views/managerPanel';

describe('the yield-vs-mileage chart data', () => {
  it('joins the sweep in order of miles and marks the current plan with its weight', () => {
    const sweep = [
      { weight: 8, miles: 60, value: 900 },
      { weight: 0, miles: 150, value: 1000 },
      { weight: 2, miles: 80, value: 950 },
    ];
    const plan = { weight: 0.45, totals: { visits: 10, miles: 70, value: 940 } } as unknown as Plan;
    const { points, current } = sweepSeries({ sweep, plan });
    expect(points.map((p) => p.weight)).toEqual([8, 2, 0]);
    expect(points[0]).toEqual({ x: 60, y: 900, weight: 8 });
    expect(current).toEqual([{ x: 70, y: 940, weight: 0.45 }]);
    expect(sweepSeries({ sweep, plan: null }).current).toEqual([]);
  });

  it('sweeps from ignoring mileage upwards, each weight once', () => {
    expect(SWEEP_WEIGHTS[0]).toBe(0);
    expect([...SWEEP_WEIGHTS].sort((a, b) => a - b)).toEqual(SWEEP_WEIGHTS);
    expect(new Set(SWEEP_WEIGHTS).size).toBe(SWEEP_WEIGHTS.length);
  });
});
