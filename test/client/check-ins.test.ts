import { describe, expect, it } from 'vitest';
import type { Route } from '../../client/src/api/schemas';
import { routineCheckIns, stopCheckIns } from '../../client/src/format/checkIns';

const route = {
  officerIds: ['a', 'b'],
  stops: [],
  miles: 0,
  value: 0,
  checkIns: [
    { at: '2026-07-07T08:00:00+01:00', kind: 'start' },
    { at: '2026-07-07T08:40:00+01:00', kind: 'arrive', stop: 0 },
    { at: '2026-07-07T09:10:00+01:00', kind: 'on-site', stop: 0 },
    { at: '2026-07-07T09:25:00+01:00', kind: 'leave', stop: 0 },
    { at: '2026-07-07T10:25:00+01:00', kind: 'due' },
    { at: '2026-07-07T10:50:00+01:00', kind: 'end' },
  ],
} as unknown as Route;

describe('check-ins in words', () => {
  it('the routine ones in London time, setting off and back named', () => {
    expect(routineCheckIns(route)).toBe('08:00 setting off, 10:25, 10:50 back');
  });

  it('a flagged stop: on arrival, by each on-site time, on leaving; other stops nothing', () => {
    expect(stopCheckIns(route, 0)).toBe('check in on arrival, by 09:10, on leaving');
    expect(stopCheckIns(route, 1)).toBe('');
    expect(routineCheckIns({ ...route, checkIns: undefined })).toBe('');
  });
});
