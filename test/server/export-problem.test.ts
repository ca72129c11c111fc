import { describe, expect, it } from 'vitest';
import { anonymised } from '../../server/cli/export-problem.js';
import type { Problem } from '../../solver/vrp/model.js';

describe('export-problem', () => {
  it('writes no caller id and rounds travel, prizes and contact rates', () => {
    const problem: Problem = {
      locationCount: 2,
      durations: new Float64Array([0, 61.4, 59.6, 0]),
      distances: new Float64Array([0, 1000.5, 999.4, 0]),
      jobs: [
        {
          id: 'CT-000123+CT-000124',
          location: 1,
          service: 900,
          windows: [{ start: 3600, end: 7200, valueFactor: 0.123456 }],
          prize: 412.3456,
          required: false,
          demand: 1,
          skills: ['crew'],
        },
      ],
      vehicles: [
        {
          id: 'officer-5+officer-6',
          start: 0,
          end: 0,
          shift: { start: 0, end: 36000 },
          breaks: [{ id: 'break:officer-5+officer-6', duration: 1800, windows: [{ start: 10000, end: 20000 }] }],
          skills: ['crew'],
          capacity: 30,
          costPerDistance: 0.0003,
          costPerDuration: 0,
          fixedCost: 0,
        },
      ],
      sameVehicle: [[0]],
    };
    const out = anonymised(problem);
    expect(out.jobs[0]).toEqual({
      id: 'j0',
      location: 1,
      service: 900,
      windows: [{ start: 3600, end: 7200, valueFactor: 0.1235 }],
      prize: 412.35,
      required: false,
      demand: 1,
      skills: ['crew'],
    });
    expect(out.vehicles[0].id).toBe('v0');
    expect(out.vehicles[0].breaks[0].id).toBe('b0.0');
    expect(Array.from(out.durations)).toEqual([0, 61, 60, 0]);
    expect(Array.from(out.distances)).toEqual([0, 1001, 999, 0]);
    expect(JSON.stringify(out)).not.toMatch(/officer|CT-/);
  });
});
