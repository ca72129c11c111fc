/**
 * GET /api/model and the path from recorded outcomes to the next plan, through the real API:
 * outcomes recorded with POST /api/outcomes change the contact rate the model reports, and the
 * value of a stop the next plan (and the evaluation of a reorder) makes. Settings stored before the
 * forecast existed still load, with the new sections at their defaults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../server/settings.js';
import { DEFAULT_BANDS, DEFAULT_FORECAST } from '../../solver/rules/settings.js';
import type { Case } from '../../solver/rules/types.js';
import { OFFICER, makeApp, type TestApp } from './helpers.js';
import { LEGACY_FORECAST_FIELDS } from '../rules/legacy-settings.js';

const DATE = '2026-03-03';
/** Monday 2 March 07:00 GMT: the weekday-early band. */
const MONDAY_EARLY = '2026-03-02T07:00:00Z';

function domestic(ref: string, lon: number): Case {
  return {
    ref,
    debtorRef: `D-${ref}`,
    name: 'Alex Example',
    address: `${ref} Sample Road`,
    postcode: 'N11 1NN',
    lat: 51.6127,
    lon,
    debtType: 'council_tax',
    balance: 600,
    liabilityOrderDate: '2025-10-01',
    noticeDate: '2026-01-05',
    premises: 'domestic',
    vulnerable: false,
    warning: false,
    doNotVisit: [],
    previousAttempts: [],
    status: 'open',
  };
}

interface ContactRow {
  premises: string;
  band: string;
  label: string;
  prior: number;
  visits: number;
  contacts: number;
  inUse: number;
}

describe('GET /api/model and learning through the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
    // One officer who works the weekday-early band only.
    await t.store.saveOfficer({ ...OFFICER, shiftStart: '06:00', shiftEnd: '08:30', breakMinutes: 0 }, 'test-setup', false);
    await t.store.upsertCases([domestic('PLAN', -0.1405), ...[1, 2, 3].map((i) => domestic(`FAIL-${i}`, -0.13 + i * 0.001))], 'test-setup');
  });
  afterAll(async () => t.close());

  const row = (rows: ContactRow[], premises: string, band: string) => rows.find((r) => r.premises === premises && r.band === band)!;
  const planValue = async () => {
    const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, replace: true, timeLimitMs: 300, seed: 1 } });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json();
    const stop = plan.routes[0].stops.find((s: { caseRefs: string[] }) => s.caseRefs[0] === 'PLAN');
    expect(stop.window).toMatchObject({ band: 'early', label: 'Weekday early' });
    return { id: plan.id as string, value: stop.value as number, routes: plan.routes as Array<{ officerIds: string[]; stops: Array<{ caseRefs: string[] }> }> };
  };

  it('shows the priors while nothing is recorded, for every band and premises kind', async () => {
    const res = await t.as('manager')({ method: 'GET', url: '/api/model' });
    expect(res.statusCode).toBe(200);
    const model = res.json();
    expect(row(model.contact, 'domestic', 'sat-morning')).toMatchObject({ label: 'Saturday morning', prior: 0.45, visits: 0, contacts: 0, inUse: 0.45 });
    expect(row(model.contact, 'business', 'trading')).toMatchObject({ label: 'Trading hours', prior: 0.7, inUse: 0.7 });
    expect(model.contact).toHaveLength(2 * 9 + 1);
    expect(model.payment.find((p: { debtType: string }) => p.debtType === 'council_tax')).toMatchObject({
      prior: { full: 0.2, arrangement: 0.35, nothing: 0.45 },
      inUse: { full: 0.2, arrangement: 0.35, nothing: 0.45 },
    });
    expect(model.shape).toMatchObject({ arrangement: { monthlyInstalment: 100, completionRate: 0.6 }, bandMemory: { triedBandFactor: 0.5 } });
    // No personal data: the model speaks of bands and debt types only.
    expect(res.body).not.toContain('Alex Example');
  });

  it('recorded failures move the rate in use and the value of the next plan and of a reorder', async () => {
    const before = await planValue();
    for (const ref of ['FAIL-1', 'FAIL-2', 'FAIL-3']) {
      const res = await t.as('team_leader')({ method: 'POST', url: '/api/outcomes', payload: { caseRef: ref, kind: 'no_contact', at: MONDAY_EARLY } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const model = (await t.inject({ method: 'GET', url: '/api/model' })).json();
    // Beta-binomial: (0.45 x 20 + 0) / (20 + 3) = 9/23.
    expect(row(model.contact, 'domestic', 'early')).toMatchObject({ prior: 0.45, visits: 3, contacts: 0, attemptWeightedVisits: 3 });
    expect(row(model.contact, 'domestic', 'early').inUse).toBeCloseTo(9 / 23, 4);

    const after = await planValue();
    // Same visit, same band: the value scales with P(contact), 0.45 -> 9/23 (to the penny).
    expect(after.value).toBeCloseTo((before.value * (9 / 23)) / 0.45, 1);
    // Judging the planner's own order gives the planner's value: the reorder learns from the same outcomes.
    const routes = after.routes.map((r) => ({ officerIds: r.officerIds, caseRefs: r.stops.map((s) => s.caseRefs) }));
    const evaluated = await t.inject({ method: 'POST', url: `/api/plans/${after.id}/evaluate`, payload: { routes } });
    expect(evaluated.statusCode, evaluated.body).toBe(200);
    expect(evaluated.json().routes[0].stops.find((s: { caseRefs: string[] }) => s.caseRefs[0] === 'PLAN').value).toBe(after.value);
  });

  it('the outcomes API does not show the balance the learning reads', async () => {
    const listed = (await t.inject({ method: 'GET', url: '/api/outcomes?caseRef=FAIL-1' })).json();
    expect(listed).toHaveLength(1);
    expect(Object.keys(listed[0]).sort()).toEqual(['at', 'caseRef', 'id', 'kind', 'recordedBy']);
  });
});

describe('settings stored before the forecast', () => {
  it('load with the new bands and the forecast defaults', async () => {
    const t = await makeApp();
    try {
      const { bandMemory: _m, forecast: _f, ...old } = DEFAULT_SETTINGS;
      const legacy = {
        ...old,
        ...LEGACY_FORECAST_FIELDS,
        defaultWeight: 0.7,
      };
      const db = t.raw();
      await db.run('INSERT INTO settings (id, body) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body', [JSON.stringify(legacy)]);
      await db.close();
      const res = await t.as('admin')({ method: 'GET', url: '/api/settings' });
      expect(res.statusCode, res.body).toBe(200);
      const settings = res.json();
      expect(settings.defaultWeight).toBe(0.7);
      expect(settings.bands).toEqual(DEFAULT_BANDS);
      expect(settings.forecast).toEqual(DEFAULT_FORECAST);
      expect(settings.bandMemory).toEqual({ triedBandFactor: 0.5, halfLifeDays: 60 });
      expect(settings.paymentGivenContact).toBeUndefined();
      // And the model reads them: a Saturday band the stored rates never named takes the default prior.
      const model = (await t.inject({ method: 'GET', url: '/api/model' })).json();
      expect(row(model.contact, 'domestic', 'sat-morning')).toMatchObject({ prior: 0.45, inUse: 0.45 });
    } finally {
      await t.close();
    }
  });
  const row = (rows: ContactRow[], premises: string, band: string) => rows.find((r) => r.premises === premises && r.band === band)!;
});
