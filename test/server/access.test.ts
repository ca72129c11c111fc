/**
 * The role table, run: every route of the OpenAPI document is called with no session and as each
 * role, and must answer the status written here. A route added without a row here fails the test
 * (and a route without a declared access does not even start: server/auth/plugin.ts).
 */
import type { InjectOptions } from 'fastify';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { seedDemo } from '../../server/demo/seed.js';
import type { Role } from '../../server/auth/roles.js';
import type { Case as CaseRecord } from '../../solver/rules/types.js';
import { OFFICER, makeApp, type TestApp } from './helpers.js';

const OSM = join(PROJECT_ROOT, 'data/osm/london-north-friern-barnet-highways-overpass-2026-07-26.osm');
const DATE = '2026-03-03';
const OTHER_DATE = '2026-03-04';
const FAST = { timeLimitMs: 300, maxIterations: 200, seed: 1 };

/** A case of a debtor to erase (the role table's erasure row). */
const ERASABLE: CaseRecord = {
  ref: 'ERASE',
  debtorRef: 'D-ERASE',
  name: 'Alex Example',
  address: '1 Sample Road',
  postcode: 'N11 1NN',
  lat: 51.6127,
  lon: -0.1408,
  debtType: 'council_tax',
  balance: 100,
  liabilityOrderDate: '2026-01-05',
  noticeDate: '2026-02-02',
  premises: 'domestic',
  vulnerable: false,
  warning: false,
  doNotVisit: [],
  previousAttempts: [],
  status: 'open',
};

type Caller = 'anonymous' | Role;
const CALLERS: Caller[] = ['anonymous', 'officer', 'team_leader', 'manager', 'admin'];

/** Expected status per caller, in CALLERS order. */
type Row = [number, number, number, number, number];

interface Case {
  /** The request, built afresh for each caller (a delete needs its own thing to delete). */
  request: (caller: Caller) => Promise<InjectOptions> | InjectOptions;
  expect: Row;
}

describe('who may call what (the role table)', () => {
  let t: TestApp;
  /** A plan with a route of the signed-in officer (officer-a) and one without. */
  let ownPlan: { id: string; caseRef: string; caseRefs: string[][] };
  let otherPlanId: string;
  let unique = 0;
  const next = (prefix: string) => `${prefix}-${++unique}`;

  beforeAll(async () => {
    // The table starts a job per caller for each job route, faster than one thread runs them: a queue to hold them all.
    t = await makeApp({ extra: (dir) => ({ roads: { osmFile: OSM, cacheFile: join(dir, 'roads.geojson') }, limits: { jobQueueMax: 50 } }) });
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 150 });
    await t.store.saveOfficer({ ...OFFICER, start: { lat: 51.6127, lon: -0.1408 } }, 'test-setup', false);
    const own = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: ['officer-a'], ...FAST } });
    expect(own.statusCode, own.body).toBe(201);
    const ownRoute = own.json().routes[0];
    expect(ownRoute.stops.length).toBeGreaterThan(1);
    ownPlan = { id: own.json().id, caseRef: ownRoute.stops[0].caseRefs[0], caseRefs: ownRoute.stops.map((s: { caseRefs: string[] }) => s.caseRefs) };
    const other = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: OTHER_DATE, officerIds: ['officer-1'], ...FAST } });
    expect(other.statusCode, other.body).toBe(201);
    otherPlanId = other.json().id;
  });
  afterAll(async () => t.close());

  const json = (method: InjectOptions['method'], url: string, payload?: unknown): InjectOptions => ({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  const ownRoutes = () => [{ officerIds: ['officer-a'], caseRefs: ownPlan.caseRefs }];
  const currentVersion = async (id: string) => (await t.inject({ url: `/api/plans/${id}` })).json().version as number;
  /** A job owned by the manager (a one-weight sweep), so that only they and a team leader see it. */
  const managersJob = async () => {
    const res = await t.as('manager')({ method: 'POST', url: '/api/plans/sweep', payload: { date: DATE, weights: [1], ...FAST } });
    return res.json().jobId as string;
  };
  const freshOfficer = async () => {
    const id = next('officer-x');
    await t.store.saveOfficer({ ...OFFICER, id }, 'test-setup', false);
    return id;
  };

  // anonymous, officer, team_leader, manager, admin
  const TABLE: Record<string, Case> = {
    'GET /api/health': { request: () => json('GET', '/api/health'), expect: [200, 200, 200, 200, 200] },
    'GET /api/session/': { request: () => json('GET', '/api/session'), expect: [401, 200, 200, 200, 200] },
    'GET /api/session/providers': { request: () => json('GET', '/api/session/providers'), expect: [200, 200, 200, 200, 200] },
    // Single sign-on is not set up in this app: its routes are public and say so (test/server/oidc.test.ts runs it).
    'GET /api/session/oidc': { request: () => json('GET', '/api/session/oidc'), expect: [404, 404, 404, 404, 404] },
    'GET /api/session/oidc/callback': { request: () => json('GET', '/api/session/oidc/callback?code=c&state=s'), expect: [404, 404, 404, 404, 404] },

    'GET /api/users/': { request: () => json('GET', '/api/users'), expect: [401, 403, 403, 403, 200] },
    'POST /api/users/': {
      request: () => json('POST', '/api/users', { username: next('new.user'), displayName: 'New User', role: 'manager', password: 'a long enough password' }),
      expect: [401, 403, 403, 403, 201],
    },
    'PATCH /api/users/{username}': { request: () => json('PATCH', '/api/users/manager', { displayName: 'The Manager' }), expect: [401, 403, 403, 403, 200] },
    'PUT /api/users/{username}/password': {
      request: async () => {
        const username = next('pw.user');
        await t.as('admin')(json('POST', '/api/users', { username, displayName: 'Pw', role: 'manager', password: 'a long enough password' }));
        return json('PUT', `/api/users/${username}/password`, { password: 'another long password' });
      },
      expect: [401, 403, 403, 403, 204],
    },

    'POST /api/cases/import': {
      request: () => ({
        method: 'POST',
        url: '/api/cases/import',
        headers: { 'content-type': 'text/csv' },
        payload:
          'case_ref,debtor_ref,name,address,postcode,debt_type,balance,liability_order_date,notice_date\n' +
          `${next('IMP')},D-IMP,Alex Example,1 Sample Road,N11 1NN,council_tax,100,2026-01-05,2026-02-02\n`,
      }),
      expect: [401, 403, 200, 403, 403],
    },
    'GET /api/cases/': { request: () => json('GET', '/api/cases?status=open'), expect: [401, 200, 200, 403, 403] },
    'GET /api/cases/{ref}': { request: () => json('GET', `/api/cases/${ownPlan.caseRef}`), expect: [401, 200, 200, 403, 403] },

    // A fresh debtor each time, on no plan, so that erasing it changes nothing the other rows use.
    'POST /api/debtors/{debtorRef}/erase': {
      request: async () => {
        const ref = next('ERASE');
        await t.store.upsertCases([{ ...ERASABLE, ref, debtorRef: `D-${ref}` }], 'test-setup');
        return json('POST', `/api/debtors/D-${ref}/erase`, { reason: 'Art. 17 request' });
      },
      expect: [401, 403, 403, 403, 200],
    },
    // Holds: a fresh debtor each time (a hold keeps it out of every plan the other rows make).
    'GET /api/debtors/{debtorRef}/holds': {
      request: async () => {
        const ref = next('HOLD');
        await t.store.upsertCases([{ ...ERASABLE, ref, debtorRef: `D-${ref}` }], 'test-setup');
        return json('GET', `/api/debtors/D-${ref}/holds`);
      },
      expect: [401, 403, 200, 403, 403],
    },
    'POST /api/debtors/{debtorRef}/holds': {
      request: async () => {
        const ref = next('HOLD');
        await t.store.upsertCases([{ ...ERASABLE, ref, debtorRef: `D-${ref}` }], 'test-setup');
        return json('POST', `/api/debtors/D-${ref}/holds`, { kind: 'manual', reason: 'disputes the debt' });
      },
      expect: [401, 403, 201, 403, 403],
    },
    'POST /api/debtors/{debtorRef}/holds/{id}/clear': {
      request: async () => {
        const ref = next('HOLD');
        await t.store.upsertCases([{ ...ERASABLE, ref, debtorRef: `D-${ref}` }], 'test-setup');
        const hold = await t.store.holds.setManual(`D-${ref}`, 'disputes the debt', 'test-setup');
        return json('POST', `/api/debtors/D-${ref}/holds/${hold.id}/clear`, { reason: 'dispute settled' });
      },
      expect: [401, 403, 200, 403, 403],
    },

    'GET /api/officers/': { request: () => json('GET', '/api/officers'), expect: [401, 200, 200, 200, 403] },
    'GET /api/officers/names': { request: () => json('GET', '/api/officers/names'), expect: [401, 200, 200, 200, 200] },
    'GET /api/officers/saturdays': { request: () => json('GET', '/api/officers/saturdays?month=2026-03'), expect: [401, 403, 200, 200, 403] },
    'GET /api/officers/{id}': { request: () => json('GET', '/api/officers/officer-a'), expect: [401, 200, 200, 200, 403] },
    'POST /api/officers/': { request: () => json('POST', '/api/officers', { ...OFFICER, id: next('officer-new') }), expect: [401, 403, 201, 403, 403] },
    'PUT /api/officers/{id}': {
      // The version read comes along (If-Match): the record as it is now.
      request: async () => ({
        ...json('PUT', '/api/officers/officer-a', OFFICER),
        headers: { 'if-match': String((await t.inject({ url: '/api/officers/officer-a' })).headers.etag) },
      }),
      expect: [401, 403, 200, 403, 403],
    },
    'DELETE /api/officers/{id}': { request: async () => json('DELETE', `/api/officers/${await freshOfficer()}`), expect: [401, 403, 204, 403, 403] },
    'GET /api/crews/': { request: () => json('GET', '/api/crews'), expect: [401, 403, 200, 200, 403] },
    'GET /api/crews/{id}': {
      request: async () => {
        const id = next('crew');
        await t.store.saveCrew({ id, officerIds: [await freshOfficer(), await freshOfficer()] }, 'test-setup');
        return json('GET', `/api/crews/${id}`);
      },
      expect: [401, 403, 200, 200, 403],
    },
    'POST /api/crews/': {
      request: async () => json('POST', '/api/crews', { id: next('crew'), officerIds: [await freshOfficer(), await freshOfficer()] }),
      expect: [401, 403, 201, 403, 403],
    },
    'DELETE /api/crews/{id}': {
      request: async () => {
        const id = next('crew');
        await t.store.saveCrew({ id, officerIds: [await freshOfficer(), await freshOfficer()] }, 'test-setup');
        return json('DELETE', `/api/crews/${id}`);
      },
      expect: [401, 403, 204, 403, 403],
    },

    'GET /api/settings/': { request: () => json('GET', '/api/settings'), expect: [401, 200, 200, 200, 200] },
    'PUT /api/settings/': {
      // The version read comes along (If-Match): the settings as they are now.
      request: async () => {
        const read = await t.inject({ url: '/api/settings' });
        return { ...json('PUT', '/api/settings', read.json()), headers: { 'if-match': String(read.headers.etag) } };
      },
      expect: [401, 403, 403, 403, 200],
    },
    'PATCH /api/settings/': { request: () => json('PATCH', '/api/settings', { blackoutDates: [] }), expect: [401, 403, 403, 403, 200] },
    'PUT /api/settings/default-weight/': {
      request: () => json('PUT', '/api/settings/default-weight', { defaultWeight: 0.45 }),
      expect: [401, 403, 403, 200, 200],
    },

    'POST /api/outcomes/': {
      request: () => json('POST', '/api/outcomes', { caseRef: ownPlan.caseRef, kind: 'no_contact', at: '2026-03-03T10:00:00Z' }),
      expect: [401, 201, 201, 403, 403],
    },
    'GET /api/outcomes/': { request: () => json('GET', `/api/outcomes?caseRef=${ownPlan.caseRef}`), expect: [401, 200, 200, 403, 403] },
    // Lone working: only an officer checks in; the team leader reads everyone's last check-in, an officer their own.
    'POST /api/check-ins/': { request: () => json('POST', '/api/check-ins', { at: '2026-03-03T10:00:00Z' }), expect: [401, 201, 403, 403, 403] },
    'GET /api/check-ins/': { request: () => json('GET', `/api/check-ins?date=${DATE}`), expect: [401, 200, 200, 403, 403] },
    'GET /api/audit/': { request: () => json('GET', '/api/audit'), expect: [401, 403, 200, 403, 200] },
    'GET /api/model/': { request: () => json('GET', '/api/model'), expect: [401, 403, 200, 200, 403] },

    'POST /api/plans/': {
      request: () => json('POST', '/api/plans', { date: '2026-03-05', officerIds: ['officer-2'], replace: true, ...FAST }),
      expect: [401, 403, 201, 403, 403],
    },
    'POST /api/plans/week': {
      request: () => json('POST', '/api/plans/week', { from: '2026-03-06', days: 1, officerIds: ['officer-2'], replace: true, ...FAST }),
      expect: [401, 403, 201, 403, 403],
    },
    'POST /api/plans/sweep': { request: () => json('POST', '/api/plans/sweep', { date: DATE, weights: [1], ...FAST }), expect: [401, 403, 202, 202, 403] },
    'GET /api/plans/': { request: () => json('GET', '/api/plans'), expect: [401, 200, 200, 200, 403] },
    'GET /api/plans/current': { request: () => json('GET', `/api/plans/current?date=${DATE}`), expect: [401, 200, 200, 200, 403] },
    // Another officer's plan: the officer is told it does not exist.
    'GET /api/plans/{id}': { request: () => json('GET', `/api/plans/${otherPlanId}`), expect: [401, 404, 200, 200, 403] },
    'POST /api/plans/{id}/evaluate': {
      request: () => json('POST', `/api/plans/${ownPlan.id}/evaluate`, { routes: ownRoutes() }),
      expect: [401, 200, 200, 403, 403],
    },
    'PUT /api/plans/{id}': {
      request: async () => json('PUT', `/api/plans/${ownPlan.id}`, { routes: ownRoutes(), baseVersion: await currentVersion(ownPlan.id) }),
      expect: [401, 200, 200, 403, 403],
    },
    'POST /api/plans/{id}/replan': {
      request: () =>
        json('POST', `/api/plans/${ownPlan.id}/replan`, {
          officerIds: ['officer-a'],
          from: { time: '2026-03-03T13:00:00Z', lat: 51.6127, lon: -0.1408 },
          ...FAST,
        }),
      expect: [401, 200, 200, 403, 403],
    },
    // The run sheet carries debtors' names and addresses: the officer's own route, the team leader.
    'GET /api/plans/{id}/run-sheet': { request: () => json('GET', `/api/plans/${ownPlan.id}/run-sheet`), expect: [401, 200, 200, 403, 403] },
    'GET /api/plans/{id}/routes/{index}/geometry': {
      request: () => json('GET', `/api/plans/${ownPlan.id}/routes/0/geometry`),
      expect: [401, 200, 200, 200, 403],
    },

    // A job is its owner's and the team leader's: to others it does not exist (an admin's own are road builds).
    'GET /api/jobs/': { request: () => json('GET', '/api/jobs'), expect: [401, 200, 200, 200, 200] },
    'GET /api/jobs/{id}': { request: async () => json('GET', `/api/jobs/${await managersJob()}`), expect: [401, 404, 200, 200, 404] },
    'DELETE /api/jobs/{id}': { request: async () => json('DELETE', `/api/jobs/${await managersJob()}`), expect: [401, 404, 202, 202, 404] },
    'GET /api/jobs/{id}/events': { request: async () => json('GET', `/api/jobs/${await managersJob()}/events`), expect: [401, 404, 200, 200, 404] },

    'GET /api/roads/': { request: () => json('GET', '/api/roads?bbox=-0.145,51.610,-0.135,51.615'), expect: [401, 200, 200, 200, 200] },
    'GET /api/roads/area': { request: () => json('GET', '/api/roads/area'), expect: [401, 200, 200, 200, 200] },
    // An admin's upload is accepted and built in the background (this one is not OSM, so its job fails and nothing changes).
    'PUT /api/roads/extract': {
      request: () => ({
        method: 'PUT',
        url: `/api/roads/extract?name=${next('not-osm')}.osm.pbf`,
        headers: { 'content-type': 'application/octet-stream' },
        payload: Buffer.from('not an OSM file'),
      }),
      expect: [401, 403, 403, 403, 202],
    },
    'PUT /api/roads/boundary': {
      request: () =>
        json('PUT', '/api/roads/boundary', {
          type: 'Polygon',
          coordinates: [
            [
              [-0.16, 51.59],
              [-0.09, 51.59],
              [-0.09, 51.64],
              [-0.16, 51.64],
              [-0.16, 51.59],
            ],
          ],
        }),
      expect: [401, 403, 403, 403, 200],
    },

    // Last: these end or replace the caller's session.
    'POST /api/session/': {
      request: () => json('POST', '/api/session', { username: 'nobody-at-all', password: 'wrong password here' }),
      expect: [401, 401, 401, 401, 401],
    },
    'DELETE /api/session/': { request: () => json('DELETE', '/api/session'), expect: [401, 204, 204, 204, 204] },
  };

  it('has a row for every route of the OpenAPI document, and no row for a route that is not there', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .filter((r) => r.includes(' /api/') && !r.startsWith('HEAD '))
      .sort();
    expect(documented).toEqual(Object.keys(TABLE).sort());
  });

  it('answers each caller as the table says', async () => {
    const seen: string[] = [];
    const wrong: string[] = [];
    for (const [route, row] of Object.entries(TABLE)) {
      for (const [i, caller] of CALLERS.entries()) {
        const res = await t.as(caller)(await row.request(caller));
        seen.push(`${route} ${caller} ${res.statusCode}`);
        if (res.statusCode !== row.expect[i]) wrong.push(`${route} as ${caller}: ${res.statusCode}, expected ${row.expect[i]} (${res.body.slice(0, 160)})`);
        if (res.statusCode >= 400) expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect(wrong).toEqual([]);
    expect(seen.length).toBe(Object.keys(TABLE).length * CALLERS.length);
  });
});
