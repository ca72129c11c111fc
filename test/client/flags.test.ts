import { describe, expect, it } from 'vitest';
import { FLAG_LABELS, stopFlags } from '../../client/src/format/flags';
import type { Stop } from '../../client/src/api/schemas';

const stop = (extra: Partial<Stop>): Stop => ({
  caseRefs: ['C1'],
  lat: 51.61,
  lon: -0.14,
  arrival: '2026-03-03T09:00:00Z',
  departure: '2026-03-03T09:10:00Z',
  value: 10,
  ...extra,
});

describe('a stop’s flags', () => {
  it('marks a stop whose travel is a straight-line estimate, in the lists and on the run sheet', () => {
    const flags = stopFlags(stop({ estimate: true, flags: { business: true, warning: false, repeat: false, vulnerable: false } }), { officerIds: ['o1'] });
    expect(flags).toEqual(['business', 'estimate']);
    expect(FLAG_LABELS.estimate).toBe('Straight-line estimate');
  });
  it('says nothing of estimates for a stop on the roads, or one from a plan saved before they were marked', () => {
    expect(stopFlags(stop({ estimate: false }), { officerIds: ['o1'] })).toEqual([]);
    expect(stopFlags(stop({}), { officerIds: ['o1'] })).toEqual([]);
  });
});
