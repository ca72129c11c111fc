import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { makeApp, type TestApp } from './helpers.js';

const DATE = '2026-03-03'; // a Tuesday; the demo is seeded that day
const FAST = { timeLimitMs: 500, seed: 1 };
// The demo area split in two by postcode district.
const TEAMS = [
  { id: 'west', name: 'West', patch: ['N10', 'N11', 'N12', 'N20'] },
  { id: 'east', name: 'East', patch: ['N13', 'N14', 'N17', 'N18', 'N21', 'N22'] },
];
const WEST = ['officer-1', 'officer-a'];
const EAST = ['officer-4', 'officer-5'];

interface Plan {
  id: string;
  team?: string;
  routes: Array<{ officerIds: string[]; stops: Array<{ caseRefs: string[] }> }>;
  unplanned: Array<{ caseRef: string }>;
}

describe('teams plan the same day, each its own patch', () => {
  let t: TestApp;
  let postcodeOf: Map<string, string>;
  const district = (postcode: string) => postcode.replace(/\s+/g, '').slice(0, -3);
  const plan = (payload: object) => t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, ...FAST, ...payload } });

  beforeAll(async () => {
    t = await makeApp();
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 300 });
    expect((await t.as('admin')({ method: 'PATCH', url: '/api/settings', payload: { teams: TEAMS } })).statusCode).toBe(200);
    const officers = await t.store.listOfficers();
    const one = officers.find((o) => o.id === 'officer-1')!;
    // The test accounts' officer (officer.a) works in the west team.
    await t.store.saveOfficer({ ...one, id: 'officer-a', name: 'Officer A' }, 'test', false);
    for (const o of [...(await t.store.listOfficers())]) {
      const team = WEST.includes(o.id) ? 'west' : EAST.includes(o.id) ? 'east' : undefined;
      if (team) await t.store.saveOfficer({ ...o, team }, 'test', true);
    }
    postcodeOf = new Map((await t.store.listCases()).map((c) => [c.ref, c.postcode]));
  });
  afterAll(async () => t.close());

  let west: Plan;
  let east: Plan;

  it("plans each team's day on its own patch: no 409 for the other team's plan of the same date", async () => {
    const w = await plan({ officerIds: WEST });
    expect(w.statusCode, w.body).toBe(201);
    west = w.json();
    const e = await plan({ officerIds: EAST });
    expect(e.statusCode, e.body).toBe(201);
    east = e.json();
    expect([west.team, east.team]).toEqual(['west', 'east']);

    for (const [p, patch] of [
      [west, TEAMS[0].patch],
      [east, TEAMS[1].patch],
    ] as const) {
      const refs = p.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs));
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of [...refs, ...p.unplanned.map((u) => u.caseRef)]) expect(patch).toContain(district(postcodeOf.get(ref)!));
    }
  });

  it("refuses a second plan of the team's day, and a whole-area plan over the teams' plans, without replace", async () => {
    const again = await plan({ officerIds: WEST });
    expect(again.statusCode).toBe(409);
    expect(again.json().currentPlan.id).toBe(west.id);
    const whole = await plan({});
    expect(whole.statusCode).toBe(409);
  });

  it("gives each team its current plan, and an officer always their own team's", async () => {
    const current = async (query: string, as: 'team_leader' | 'officer' = 'team_leader') =>
      (await t.as(as)({ url: `/api/plans/current?date=${DATE}${query}` })).json<Plan>().id;
    expect(await current('&team=east')).toBe(east.id);
    expect(await current('&team=west')).toBe(west.id);
    // The officer asks for the east team's plan: they get their own (west) day.
    expect(await current('&team=east', 'officer')).toBe(west.id);
    const list = (await t.inject({ url: `/api/plans?date=${DATE}` })).json<Array<{ id: string; team?: string }>>();
    expect(Object.fromEntries(list.map((p) => [p.id, p.team]))).toEqual({ [west.id]: 'west', [east.id]: 'east' });
  });
});
