/**
 * A team's planning job reads the team's part of the caseload (server/jobs/planning-data.ts): its
 * patch, what lies in no patch, and every case the rules consult for the care of those debtors and
 * premises, on both stores; and it plans exactly as from the whole caseload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planningContext } from '../../server/jobs/context.js';
import { loadPlanningData } from '../../server/jobs/planning-data.js';
import type { PlanningData, PlanningOrder } from '../../server/jobs/protocol.js';
import { planDay, planWeek } from '../../solver/rules/index.js';
import type { Case, DayPlan } from '../../solver/rules/types.js';
import { makeCase, makeOfficer } from '../rules/fixtures.js';
import { STORE_NAME } from '../support/test-store.js';
import { makeApp, type TestApp } from './helpers.js';

const DATE = '2026-03-03'; // a Tuesday
const SEARCH = { seed: 1, maxIterations: 300 };
// Sector beats district: N14 1 is north's, the rest of N14 south's. N10 is in no patch.
const TEAMS = [
  { id: 'north', name: 'North', patch: ['N11', 'N14 1'] },
  { id: 'south', name: 'South', patch: ['N12', 'N14'] },
  { id: 'east', name: 'East', patch: ['N13'] },
];

let placed = 0;
/** A case near the officers' start, each at a place of its own. */
function at(ref: string, debtorRef: string, postcode: string, address: string, over: Partial<Case> = {}): Case {
  placed++;
  return makeCase(ref, { debtorRef, postcode, address, lat: 51.6 + (placed % 5) * 0.004, lon: -0.15 + Math.floor(placed / 5) * 0.006, ...over });
}

const CASES: Case[] = [
  at('A1', 'D-A', 'N11 1AA', '1 Alpha Road'),
  // D-X is vulnerable by a flag on their case in the south's patch.
  at('X1', 'D-X', 'N11 2BB', '2 Xray Road'),
  at('X2', 'D-X', 'N12 3CC', '3 Xray Lane'),
  // D-Y shares premises in the south's patch with D-V, vulnerable by a flag on their case in the east's.
  at('Y1', 'D-Y', 'N11 4DD', '4 Yankee Road'),
  at('Y2', 'D-Y', 'N12 5EE', '5 Shared Road'),
  at('V1', 'D-V', 'N12 5EE', '5 Shared Road'),
  at('V2', 'D-V', 'N13 6FF', '6 Victor Road'),
  // Same postcode, other premises: nothing to do with D-Y.
  at('Q1', 'D-Q', 'N12 5EE', '7 Other Road'),
  // D-Z's flag is imported: the store holds the debtor.
  at('Z1', 'D-Z', 'N11 8GG', '8 Zulu Road'),
  at('Z2', 'D-Z', 'N12 9HH', '9 Zulu Lane', { vulnerable: true }),
  // A closed case's warning marker is the premises': the open case there needs a crew.
  at('W0', 'D-W0', 'N11 3JJ', '10 Warning Way', { status: 'closed', warning: true }),
  at('W1', 'D-W1', 'N11 3JJ', '10 Warning Way'),
  at('S1', 'D-S1', 'N14 1KK', '11 Sector Road'),
  at('S2', 'D-S2', 'N14 2LL', '12 District Road'),
  at('U1', 'D-U', 'N10 1MM', '13 Nowhere Road'),
  at('SO', 'D-SO', 'N12 1NN', '14 South Road'),
  at('EO', 'D-EO', 'N13 1PP', '15 East Road'),
  // Not in the import's form: read by every team, and judged by the rules (south's; in no patch).
  at('LC', 'D-LC', 'n12 7rr', '16 Lower Road'),
  at('J1', 'D-J', 'N12 ABC', '17 Junk Road'),
];

const plan = (officerIds: string[]): PlanningOrder => ({ kind: 'plan', input: { date: DATE, officerIds, ...SEARCH } });
const refsOf = (data: PlanningData) => data.cases.map((c) => c.ref).sort();
const considered = (p: DayPlan) => [...p.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs)), ...p.unplanned.map((u) => u.caseRef)].sort();
const reasons = (p: DayPlan) => Object.fromEntries(p.unplanned.map((u) => [u.caseRef, u.reason]));
const comparable = (p: DayPlan) => ({ routes: p.routes, unplanned: p.unplanned, totals: p.totals, team: p.team });

describe(`a team's planning job reads its part of the caseload (${STORE_NAME})`, () => {
  let t: TestApp;
  let whole: PlanningData;

  beforeAll(async () => {
    t = await makeApp();
    await t.store.saveSettings({ ...(await t.store.getSettings()), teams: TEAMS }, 'test');
    for (const [id, team] of [
      ['n1', 'north'],
      ['s1', 'south'],
      ['e1', 'east'],
    ]) {
      await t.store.saveOfficer(makeOfficer(id, { team, start: { lat: 51.61, lon: -0.13 }, end: { lat: 51.61, lon: -0.13 } }), 'test', false);
    }
    await t.store.upsertCases(CASES, 'test');
    // Flags the store did not turn into holds (written straight to the table): the rules still
    // read them, so a team's job must read the cases that carry them.
    const raw = t.raw();
    await raw.run("UPDATE cases SET vulnerable = 1 WHERE ref IN ('X2', 'V2')");
    whole = await loadPlanningData(t.store);
  });
  afterAll(async () => t.close());

  it("reads the team's patch, what lies in no patch, and the cases care connects to them, and nothing of other teams' debtors", async () => {
    const north = await loadPlanningData(t.store, plan(['n1']));
    // A1, S1 (sector beats district), W1 and W0 (the warned closed case), U1 (no patch), X1/Y1/Z1;
    // X2 and Z2 (their debtors' other cases), Y2 and V1 (D-Y's premises), V2 (D-V's other case).
    // LC and J1: postcodes not in the import's form are read, whatever their area.
    expect(refsOf(north)).toEqual(['A1', 'J1', 'LC', 'S1', 'U1', 'V1', 'V2', 'W0', 'W1', 'X1', 'X2', 'Y1', 'Y2', 'Z1', 'Z2']);
    const debtors = new Set(north.cases.map((c) => c.debtorRef));
    for (const other of ['D-Q', 'D-S2', 'D-SO', 'D-EO']) expect(debtors.has(other)).toBe(false);
    // Only the holds of debtors read: D-Z's, from the imported flag.
    expect(north.holds!.map((h) => [h.debtorRef, h.kind])).toEqual([['D-Z', 'vulnerable']]);
    expect(whole.holds!.map((h) => h.debtorRef)).toContain('D-Z');
    // In the whole read's order (open by ref, then the warned closed case).
    const order = whole.cases.map((c) => c.ref).filter((ref) => north.cases.some((c) => c.ref === ref));
    expect(north.cases.map((c) => c.ref)).toEqual(order);

    const east = await loadPlanningData(t.store, plan(['e1']));
    expect(refsOf(east)).toEqual(['EO', 'J1', 'LC', 'U1', 'V1', 'V2', 'Y1', 'Y2']);
  });

  it('reads the whole caseload for a plan of no one team', async () => {
    expect(refsOf(await loadPlanningData(t.store, plan(['n1', 's1'])))).toEqual(refsOf(whole));
    expect(refsOf(await loadPlanningData(t.store, { kind: 'plan', input: { date: DATE } }))).toEqual(refsOf(whole));
    expect(whole.cases).toHaveLength(CASES.length);
  });

  it("reads a re-plan's locked cases of another patch, with what care connects to them", async () => {
    const order: PlanningOrder = {
      kind: 'replan',
      input: {
        date: DATE,
        officerIds: ['n1'],
        from: { time: `${DATE}T10:00:00Z`, lat: 51.61, lon: -0.13 },
        done: [],
        locked: [['V1']],
        current: { date: DATE, weight: 1, routes: [], unplanned: [], totals: { visits: 0, miles: 0, value: 0 } } as unknown as DayPlan,
      },
    };
    const refs = refsOf(await loadPlanningData(t.store, order));
    expect(refs).toEqual(expect.arrayContaining(['V1', 'V2', 'Y1', 'Y2']));
    expect(refs).not.toContain('Q1');
  });

  it('plans each team exactly as from the whole caseload, care crossing the patch line', async () => {
    const routing = t.app.routingBackend;
    for (const [officer, expected] of [
      [
        'n1',
        {
          considered: ['A1', 'J1', 'S1', 'U1', 'W1', 'X1', 'Y1', 'Z1'],
          reasons: { X1: 'vulnerable', Y1: 'held-for-review', Z1: 'vulnerable', W1: 'needs-crew' },
        },
      ],
      [
        's1',
        {
          considered: ['J1', 'LC', 'Q1', 'S2', 'SO', 'U1', 'V1', 'X2', 'Y2', 'Z2'],
          reasons: { V1: 'vulnerable', X2: 'vulnerable', Y2: 'held-for-review', Z2: 'vulnerable' },
        },
      ],
    ] as const) {
      const order = plan([officer]);
      const scoped = await planDay(planningContext(await loadPlanningData(t.store, order), routing), { date: DATE, officerIds: [officer], ...SEARCH });
      const full = await planDay(planningContext(whole, routing), { date: DATE, officerIds: [officer], ...SEARCH });
      expect(considered(scoped)).toEqual(expected.considered);
      expect(reasons(scoped)).toEqual(expected.reasons);
      expect(comparable(scoped)).toEqual(comparable(full));

      // Through the API's planning thread, which reads for the job's order itself.
      const res = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: [officer], ...SEARCH } });
      expect(res.statusCode, res.body).toBe(201);
      expect(comparable(res.json<DayPlan>())).toEqual(comparable(full));
    }
  });

  it("plans a team's week as from the whole caseload (its Saturday reserve is of its own patch)", async () => {
    const routing = t.app.routingBackend;
    const input = { from: DATE, days: 5, officerIds: ['n1'], ...SEARCH };
    const scoped = await planWeek(planningContext(await loadPlanningData(t.store, { kind: 'week', input }), routing), input);
    const full = await planWeek(planningContext(whole, routing), input);
    expect(scoped).toEqual(full);
    const everyRef = [...scoped.unplanned, ...scoped.days.flatMap((d) => d.unplanned)].map((u) => u.caseRef);
    for (const ref of ['Q1', 'S2', 'SO', 'EO', 'X2', 'V1']) expect(everyRef).not.toContain(ref);
  });
});
