import { describe, expect, it } from 'vitest';
import { planDay, replanRest } from '../../solver/rules/index.js';
import type { DayPlan, PlannedRoute } from '../../solver/rules/types.js';
import { context, makeOfficer, randomCases } from './fixtures.js';

const DATE = '2026-06-16';

/** What the search weighs: expected pounds less the weight's pounds per mile driven. */
const worth = (route: PlannedRoute, plan: DayPlan): number => route.value - plan.weight * route.miles;

describe('replanRest starts from the current routes', () => {
  const ctx = context(randomCases(300, DATE, 23), { officers: [makeOfficer('o1')], crews: [] });

  it('is never worse than the rest of the route it started from, even when the search has no time to improve', async () => {
    // By iterations alone (no time limit reached): the same starting plan on any machine, under any load.
    const plan = await planDay(ctx, { date: DATE, maxIterations: 1500, timeLimitMs: 600_000, seed: 1 });
    const route = plan.routes[0];
    // Re-plan just after a stop before the break, from there and then: the planned rest of the
    // route still fits as it was, so the re-plan has at least its worth to keep.
    const k = Math.min(3, (route.breakAfter ?? route.stops.length) - 1);
    expect(k).toBeGreaterThanOrEqual(1);
    const at = route.stops[k];
    const done = route.stops.slice(0, k + 1).flatMap((s) => s.caseRefs);
    for (const [seed, maxIterations] of [
      [1, 0],
      [2, 1],
      [3, 1],
    ]) {
      const re = await replanRest(ctx, {
        date: DATE,
        officerIds: ['o1'],
        from: { time: at.departure, lat: at.lat, lon: at.lon },
        done,
        current: plan,
        maxIterations,
        seed,
      });
      const next = re.routes[0];
      expect(next.stops.slice(0, k + 1)).toEqual(route.stops.slice(0, k + 1));
      for (const s of next.stops) expect(s.violations).toEqual([]);
      // Reported miles and pounds are rounded: a penny's tolerance per stop.
      expect(worth(next, re)).toBeGreaterThanOrEqual(worth(route, plan) - 0.01 * route.stops.length);
    }
  });
});
