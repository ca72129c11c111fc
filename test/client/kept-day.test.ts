import { describe, expect, it } from 'vitest';
import type { CaseSummary, Officer, PlanAnswer, RoadMap, SessionUser } from '../../client/src/api/schemas';
import { dayOf, queueOf, type KeptDay, type Queued } from '../../client/src/offline/device';
import type { RoadRoute } from '../../client/src/state/store';

const user: SessionUser = { username: 'asha', displayName: 'Asha Patel', role: 'officer', officerId: 'o1' };

const officer: Officer = {
  id: 'o1',
  name: 'Asha Patel',
  start: { lat: 51.6, lon: -0.14 },
  end: { lat: 51.6, lon: -0.14 },
  shiftStart: '08:00',
  shiftEnd: '17:00',
  workingDays: [1, 2, 3, 4, 5],
  unavailableDates: [],
  breakMinutes: 30,
  breakWindow: { start: '12:00', end: '14:00' },
  skills: [],
  saturdayQuota: 2,
  saturdayRota: false,
};

const kase: CaseSummary = {
  ref: 'C1',
  debtorRef: 'D1',
  name: 'A Debtor',
  address: '12 High Street',
  postcode: 'N11 1AA',
  lat: 51.61,
  lon: -0.139,
  balance: 420,
  noticeDate: '2026-11-02',
  premises: 'domestic',
  debtType: 'council_tax',
  status: 'open',
  flags: { vulnerable: false, warning: false },
  previousAttempts: [],
};

const plan: PlanAnswer = {
  id: 'p1',
  version: 3,
  date: '2026-12-04',
  weight: 1,
  routes: [
    {
      officerIds: ['o1'],
      stops: [
        {
          caseRefs: ['C1'],
          lat: 51.61,
          lon: -0.139,
          arrival: '2026-12-04T09:10:00+00:00',
          departure: '2026-12-04T09:20:00+00:00',
          waitMinutes: 0,
          window: { start: '2026-12-04T08:00:00+00:00', end: '2026-12-04T21:00:00+00:00', band: 'weekday' },
          value: 120,
          balance: 420,
          flags: { warning: false, business: false, repeat: false, vulnerable: false },
          violations: [],
        },
      ],
      start: { lat: 51.6, lon: -0.14, departure: '2026-12-04T09:00:00+00:00' },
      end: { lat: 51.6, lon: -0.14, arrival: '2026-12-04T09:30:00+00:00' },
      miles: 1.2,
      value: 120,
      driveMinutes: 20,
    },
  ],
  unplanned: [],
  totals: { visits: 1, miles: 1.2, value: 120 },
  estimate: false,
};

const path: RoadRoute = {
  coordinates: [
    [-0.14, 51.6],
    [-0.139, 51.61],
  ],
  legs: [{ distance: 1200, duration: 300, steps: [] }],
  estimate: false,
};

const day: KeptDay = {
  username: 'asha',
  user,
  date: '2026-12-04',
  savedAt: '2026-12-04T07:30:00.000Z',
  plan,
  officers: [officer],
  officerNames: new Map([['o1', 'Asha Patel']]),
  cases: [kase],
  paths: new Map([['o1', path]]),
  outcomes: new Map([['C1', 'no_contact']]),
  lastCheckIn: '2026-12-04T09:00:00.000Z',
};

const roads: RoadMap = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { highway: 'residential', name: 'Friern Barnet Road' },
      geometry: { type: 'LineString', coordinates: path.coordinates },
    },
  ],
  bbox: [-0.145, 51.6, -0.135, 51.615],
  attribution: '© OpenStreetMap contributors',
};

describe('the day kept on the phone', () => {
  it('comes back as kept, its roads left to keptRoads', () => {
    expect(dayOf({ ...day, roads })).toEqual(day);
  });

  it('keeps the rest of the day when its roads alone are bad', () => {
    expect(dayOf({ ...day, roads: { ...roads, type: 'Feature' } })).toEqual(day);
    expect(dayOf({ ...day, roads: 'not a map' })).toEqual(day);
  });

  it('counts as none when kept by an earlier version in another shape, or damaged', () => {
    const { totals: _totals, ...planWithoutTotals } = plan;
    expect(dayOf({ ...day, plan: planWithoutTotals })).toBeUndefined();
    const { window: _window, ...stopWithoutWindow } = plan.routes[0].stops[0];
    expect(dayOf({ ...day, plan: { ...plan, routes: [{ ...plan.routes[0], stops: [stopWithoutWindow] }] } })).toBeUndefined();
    // Cases not a list (kept as the store's Map), a case of an older shape.
    expect(dayOf({ ...day, cases: new Map([['C1', kase]]) })).toBeUndefined();
    expect(dayOf({ ...day, cases: [{ ...kase, flags: undefined }] })).toBeUndefined();
    // A Map kept as a plain object, a road path with no line.
    expect(dayOf({ ...day, outcomes: { C1: 'no_contact' } })).toBeUndefined();
    expect(dayOf({ ...day, paths: new Map([['o1', { ...path, coordinates: undefined }]]) })).toBeUndefined();
    // No user to open it as, or not a day at all.
    expect(dayOf({ ...day, user: { username: 'asha' } })).toBeUndefined();
    expect(dayOf('{"username":"asha"}')).toBeUndefined();
  });
});

describe('the outcomes and check-ins waiting on the phone', () => {
  const outcome: Queued = {
    key: 'k2',
    username: 'asha',
    kind: 'outcome',
    body: { caseRef: 'C1', kind: 'no_contact', at: '2026-12-04T09:15:00+00:00' },
    label: 'No contact: C1',
    queuedAt: '2026-12-04T09:15:01.000Z',
    state: 'queued',
  };
  const checkIn: Queued = {
    key: 'k1',
    username: 'asha',
    kind: 'check-in',
    body: { at: '2026-12-04T09:00:00.000Z' },
    label: 'Check-in',
    queuedAt: '2026-12-04T09:00:00.000Z',
    state: 'queued',
  };

  it('come back in the order they were made', () => {
    expect(queueOf([outcome, { ...checkIn, dropped: 'a field no longer kept' }])).toEqual([checkIn, outcome]);
  });

  it('list one of another shape as not recorded, and never as one to send', () => {
    // Kept by an earlier version, with a kind this one does not know.
    const listed = queueOf([{ ...outcome, kind: 'visit' }, checkIn]);
    expect(listed.filter((q) => q.state === 'queued')).toEqual([checkIn]);
    expect(listed.find((q) => q.key === 'k2')).toMatchObject({ username: 'asha', label: 'No contact: C1', state: 'conflict' });
    // Damaged: a time that is not a string, a body that is not an object.
    expect(queueOf([{ ...outcome, queuedAt: 1733303701000 }]).map((q) => q.state)).toEqual(['conflict']);
    expect(queueOf([{ ...outcome, body: null }]).map((q) => q.state)).toEqual(['conflict']);
  });
});
