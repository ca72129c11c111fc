import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDayInstance } from '../../../bench/vrp-day';
import { BENCH_DATA } from '../../../bench/vrp-suites';
import { readInstance } from '../../../solver/vrp/io/read-instance';
import type { Problem } from '../../../solver/vrp/model';
import { compileProblem } from '../../../solver/vrp/search/compiled-problem';
import { travelOnlyBreaksTies, typicalPrices } from '../../../solver/vrp/search/search';

const prizesAloneDecide = (problem: Problem): boolean => travelOnlyBreaksTies(typicalPrices(compileProblem(problem)));

describe('the prize-only settings (a hotter start, a cooler helper thread, two strings a route in a ruin) apply only where prizes alone decide', () => {
  it('does on TOPTW, where travel is priced only to break ties', () => {
    const toptw = readInstance(join(BENCH_DATA, 'toptw/instances/pr01.txt'), 'toptw', { rounding: 'ceil2', vehicles: 2 });
    expect(prizesAloneDecide(toptw.problem)).toBe(true);
  });

  it('does not where distance is the objective, or is traded against prizes', () => {
    expect(prizesAloneDecide(readInstance(join(BENCH_DATA, 'solomon/instances/R101.txt'), 'solomon').problem)).toBe(false);
    expect(prizesAloneDecide(readInstance(join(BENCH_DATA, 'pcvrptw/instances/R1_10_1.vrp'), 'vrplib').problem)).toBe(false);
  });

  it("does not on an officer's day, where the miles are priced against the money", () => {
    expect(prizesAloneDecide(readDayInstance('weekday-1500').problem)).toBe(false);
  });
});
