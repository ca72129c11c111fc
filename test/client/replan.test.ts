import { describe, expect, it } from 'vitest';
import type { Route } from '../../client/src/api/schemas';
import { replanRequest } from '../../client/src/state/replan';

const route = {
  officerIds: ['o1'],
  start: { lat: 51.6, lon: -0.13, departure: '2026-07-01T09:00:00+01:00' },
  end: { lat: 51.6, lon: -0.13, arrival: '2026-07-01T17:00:00+01:00' },
  miles: 10,
  value: 100,
  stops: [
    { caseRefs: ['A'], lat: 51.61, lon: -0.12, arrival: '2026-07-01T09:10:00+01:00', departure: '2026-07-01T09:25:00+01:00', value: 10 },
    { caseRefs: ['B', 'B2'], lat: 51.62, lon: -0.11, arrival: '2026-07-01T09:40:00+01:00', departure: '2026-07-01T09:55:00+01:00', value: 10 },
    { caseRefs: ['C'], lat: 51.63, lon: -0.1, arrival: '2026-07-01T10:10:00+01:00', departure: '2026-07-01T10:25:00+01:00', value: 10 },
  ],
} as Route;

describe('re-optimise the rest of the day', () => {
  it('restarts from the last visit departed, keeping done and locked stops', () => {
    const body = replanRequest(route, new Date('2026-07-01T09:00:00Z'), new Map(), new Set(['C']));
    expect(body).toEqual({
      officerIds: ['o1'],
      from: { time: '2026-07-01T10:00:00+01:00', lat: 51.62, lon: -0.11 },
      done: ['A', 'B', 'B2'],
      locked: ['C'],
    });
  });

  it("from here: the phone's position is the start of the rest of the day", () => {
    const body = replanRequest(route, new Date('2026-07-01T09:00:00Z'), new Map(), new Set(), { lat: 51.65, lon: -0.2 });
    expect(body.from).toEqual({ time: '2026-07-01T10:00:00+01:00', lat: 51.65, lon: -0.2 });
    expect(body.done).toEqual(['A', 'B', 'B2']);
  });

  it('a recorded outcome marks a stop done even before its planned departure', () => {
    const body = replanRequest(route, new Date('2026-07-01T08:05:00Z'), new Map([['A', 'paid']]), new Set());
    expect(body.done).toEqual(['A']);
    expect(body.from).toEqual({ time: '2026-07-01T09:05:00+01:00', lat: 51.61, lon: -0.12 });
  });

  it('before the day starts, plans from the start at the planned departure', () => {
    const body = replanRequest(route, new Date('2026-07-01T06:00:00Z'), new Map(), new Set());
    expect(body.from).toEqual({ time: '2026-07-01T09:00:00+01:00', lat: 51.6, lon: -0.13 });
    expect(body.done).toEqual([]);
  });
});
