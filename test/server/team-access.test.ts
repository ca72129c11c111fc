/**
 * A team leader of one team (their account's `team`) sees and plans their team's part only: the
 * cases of their patch or of none, their team's plans, their team's routes of a whole-area plan,
 * their team's debtors, outcomes, check-ins and jobs. Everything else is, to them, not there (404),
 * and a change that reaches another team's is refused (403 naming the field).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { makeCase } from '../rules/fixtures.js';
import { STORE_NAME } from '../support/test-store.js';
import { csvBody, importCsv, makeApp, sessionCookie, TEST_PASSWORD, type Inject, type TestApp } from './helpers.js';

const DATE = '2026-03-03'; // a Tuesday; the demo is seeded that day
const WHOLE_AREA_DATE = '2026-03-04';
const FAST = { timeLimitMs: 500, seed: 1 };
// The demo area split in two by postcode district; a district in neither patch (N20) is every team's.
const TEAMS = [
  { id: 'west', name: 'West', patch: ['N10', 'N11', 'N12'] },
  { id: 'east', name: 'East', patch: ['N13', 'N14', 'N17', 'N18', 'N21', 'N22'] },
];
const WEST = ['officer-1', 'officer-2'];
const EAST = ['officer-4', 'officer-5'];
const district = (postcode: string) => postcode.replace(/\s+/g, '').slice(0, -3);
const isEast = (postcode: string) => TEAMS[1].patch.includes(district(postcode));
const isWest = (postcode: string) => TEAMS[0].patch.includes(district(postcode));

interface Plan {
  id: string;
  version: number;
  team?: string;
  routes: Array<{ officerIds: string[]; stops: Array<{ caseRefs: string[] }> }>;
  unplanned: Array<{ caseRef: string }>;
}

describe(`a team leader of one team sees their team's part only (${STORE_NAME})`, () => {
  let t: TestApp;
  let west: Inject;
  let westCookie: string;
  let postcodeOf: Map<string, string>;
  let debtorOf: Map<string, string>;
  let eastPlan: Plan;
  let wholeArea: Plan;

  const signIn = async (username: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username, password: TEST_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    return sessionCookie(res);
  };
  const refsOf = (p: Plan) => p.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs));

  beforeAll(async () => {
    t = await makeApp();
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 300 });
    expect((await t.as('admin')({ method: 'PATCH', url: '/api/settings', payload: { teams: TEAMS } })).statusCode).toBe(200);
    for (const o of await t.store.listOfficers()) {
      const team = WEST.includes(o.id) ? 'west' : EAST.includes(o.id) ? 'east' : undefined;
      if (team) await t.store.saveOfficer({ ...o, team }, 'test', true);
    }
    // A case in no team's patch: every team's.
    await t.store.upsertCases([makeCase('NP-1', { debtorRef: 'D-NP-1', postcode: 'N20 0AA', address: '1 Nowhere Road' })], 'test');
    const cases = await t.store.listCases();
    postcodeOf = new Map(cases.map((c) => [c.ref, c.postcode]));
    debtorOf = new Map(cases.map((c) => [c.ref, c.debtorRef]));
    const created = await t.as('admin')({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'tl.west', displayName: 'West Leader', role: 'team_leader', team: 'west', password: TEST_PASSWORD },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ username: 'tl.west', role: 'team_leader', team: 'west' });
    westCookie = await signIn('tl.west');
    west = (opts) => t.app.inject({ ...opts, headers: { ...opts.headers, cookie: westCookie } });

    // The east team's day, and a whole-area day, planned by the team leader of every team.
    const e = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: EAST, ...FAST } });
    expect(e.statusCode, e.body).toBe(201);
    eastPlan = e.json();
    const w = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: WHOLE_AREA_DATE, ...FAST } });
    expect(w.statusCode, w.body).toBe(201);
    wholeArea = w.json();
  });
  afterAll(async () => t.close());

  it('an account names a team only for a team leader, and only one of the settings', async () => {
    const session = (await west({ url: '/api/session' })).json();
    expect(session).toMatchObject({ username: 'tl.west', role: 'team_leader', team: 'west' });
    const add = (payload: object) => t.as('admin')({ method: 'POST', url: '/api/users', payload: { displayName: 'X', password: TEST_PASSWORD, ...payload } });
    const unknown = await add({ username: 'tl.north', role: 'team_leader', team: 'north' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'body.team', message: 'expected the id of a team in settings.teams' }]);
    const manager = await add({ username: 'mgr.west', role: 'manager', team: 'west' });
    expect(manager.statusCode).toBe(422);
    expect(manager.json().errors[0].field).toBe('body.team');
  });

  it("lists the cases of the team's patch and of no patch; another team's case is not found", async () => {
    const listed = (await west({ url: '/api/cases' })).json<Array<{ ref: string; postcode: string }>>();
    const everyone = (await t.inject({ url: '/api/cases' })).json<Array<{ ref: string; postcode: string }>>();
    expect(listed.some((c) => isWest(c.postcode))).toBe(true);
    expect(listed.some((c) => !isWest(c.postcode))).toBe(true); // cases in no patch
    expect(listed.filter((c) => isEast(c.postcode))).toEqual([]);
    expect(listed.length).toBe(everyone.filter((c) => !isEast(c.postcode)).length);

    const eastRef = everyone.find((c) => isEast(c.postcode))!.ref;
    const westRef = everyone.find((c) => isWest(c.postcode))!.ref;
    expect((await west({ url: `/api/cases/${eastRef}` })).statusCode).toBe(404);
    expect((await west({ url: `/api/cases/${westRef}` })).statusCode).toBe(200);
    const audit = await t.store.listAudit({ actor: 'tl.west', action: 'read' });
    expect(audit.find((a) => a.entityId === '*')?.detail).toMatchObject({ scope: 'team:west', count: listed.length });
  });

  it("plans the team's officers (all of them when none are named), never another team's", async () => {
    const own = await west({ method: 'POST', url: '/api/plans', payload: { date: DATE, ...FAST } });
    expect(own.statusCode, own.body).toBe(201);
    const plan = own.json<Plan>();
    expect(plan.team).toBe('west');
    expect(
      plan.routes
        .map((r) => r.officerIds)
        .flat()
        .sort(),
    ).toEqual(WEST);

    const other = await west({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: ['officer-1', 'officer-4'], replace: true, ...FAST } });
    expect(other.statusCode).toBe(403);
    expect(other.json().errors).toEqual([{ field: 'body.officerIds.1', message: 'not an officer of team west' }]);
    const sweep = await west({ method: 'POST', url: '/api/plans/sweep', payload: { date: DATE, officerIds: EAST, weights: [1], ...FAST } });
    expect(sweep.statusCode).toBe(403);
  });

  it("does not show another team's plan; of a whole-area plan, the team's routes and unplanned cases", async () => {
    expect((await west({ url: `/api/plans/${eastPlan.id}` })).statusCode).toBe(404);
    expect((await west({ url: `/api/plans/${eastPlan.id}/run-sheet` })).statusCode).toBe(404);
    const listed = (await west({ url: '/api/plans' })).json<Array<{ id: string }>>().map((p) => p.id);
    expect(listed).toContain(wholeArea.id);
    expect(listed).not.toContain(eastPlan.id);

    const seen = (await west({ url: `/api/plans/${wholeArea.id}` })).json<Plan>();
    expect(seen.routes.length).toBeGreaterThan(0);
    for (const r of seen.routes) expect(r.officerIds.some((id) => WEST.includes(id))).toBe(true);
    expect(wholeArea.routes.some((r) => r.officerIds.some((id) => EAST.includes(id)))).toBe(true);
    expect(seen.unplanned.length).toBeGreaterThan(0);
    for (const u of seen.unplanned) expect(isEast(postcodeOf.get(u.caseRef)!)).toBe(false);
    expect(wholeArea.unplanned.some((u) => isEast(postcodeOf.get(u.caseRef)!))).toBe(true);

    // The route index of the geometry counts the routes the caller sees.
    expect((await west({ url: `/api/plans/${wholeArea.id}/routes/${seen.routes.length}/geometry` })).statusCode).toBe(404);
    const sheet = (await west({ url: `/api/plans/${wholeArea.id}/run-sheet` })).json<{ routes: Array<{ officerIds: string[] }> }>();
    expect(sheet.routes.map((r) => r.officerIds)).toEqual(seen.routes.map((r) => r.officerIds));
  });

  it("edits the team's routes of a whole-area plan with the team's cases, nothing of another team's", async () => {
    const eastRoute = wholeArea.routes.find((r) => r.officerIds.some((id) => EAST.includes(id)))!;
    const westRoute = wholeArea.routes.find((r) => r.officerIds.some((id) => WEST.includes(id)))!;
    const body = (routes: Array<{ officerIds: string[]; caseRefs: string[][] }>) => ({ routes, baseVersion: wholeArea.version });
    const asSent = (r: Plan['routes'][number]) => ({ officerIds: r.officerIds, caseRefs: r.stops.map((s) => s.caseRefs) });

    const theirs = await west({ method: 'PUT', url: `/api/plans/${wholeArea.id}`, payload: body([asSent(eastRoute)]) });
    expect(theirs.statusCode).toBe(403);
    expect(theirs.json().errors[0].field).toBe('body.routes.0.officerIds');
    // Not even an empty route of an east officer (it carries their home and shift), on the team's own plan either.
    const ownPlan = (await west({ url: `/api/plans/current?date=${DATE}` })).json<Plan>();
    expect(ownPlan.team).toBe('west');
    const onOwn = await west({ method: 'POST', url: `/api/plans/${ownPlan.id}/evaluate`, payload: { routes: [{ officerIds: ['officer-4'], caseRefs: [] }] } });
    expect(onOwn.statusCode).toBe(403);

    const eastCase = [...postcodeOf].find(([ref, pc]) => isEast(pc) && !refsOf(wholeArea).includes(ref))![0];
    const withEastCase = { ...asSent(westRoute), caseRefs: [...asSent(westRoute).caseRefs, [eastCase]] };
    const foreign = await west({ method: 'POST', url: `/api/plans/${wholeArea.id}/evaluate`, payload: { routes: [withEastCase] } });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().detail).toBe(`case '${eastCase}' is not a case of team west`);
    // A reference that exists nowhere gets the same answer: nothing tells which exist in another patch.
    const withNoCase = { ...asSent(westRoute), caseRefs: [...asSent(westRoute).caseRefs, ['NO-SUCH-CASE']] };
    const none = await west({ method: 'POST', url: `/api/plans/${wholeArea.id}/evaluate`, payload: { routes: [withNoCase] } });
    expect(none.statusCode).toBe(403);
    expect(none.json().detail).toBe(`case 'NO-SUCH-CASE' is not a case of team west`);

    const reversed = { ...asSent(westRoute), caseRefs: [...asSent(westRoute).caseRefs].reverse() };
    const saved = await west({ method: 'PUT', url: `/api/plans/${wholeArea.id}`, payload: body([reversed]) });
    expect(saved.statusCode, saved.body).toBe(200);
    const after = (await t.inject({ url: `/api/plans/${wholeArea.id}` })).json<Plan>();
    // The east routes stay exactly as they were.
    expect(after.routes.find((r) => r.officerIds.join() === eastRoute.officerIds.join())).toEqual(eastRoute);
  });

  it("does not show another team's debtor, outcome or check-in", async () => {
    const eastRef = [...postcodeOf].find(([, pc]) => isEast(pc))![0];
    const westRef = [...postcodeOf].find(([, pc]) => isWest(pc))![0];
    expect((await west({ url: `/api/debtors/${debtorOf.get(eastRef)}/holds` })).statusCode).toBe(404);
    expect((await west({ url: `/api/debtors/${debtorOf.get(westRef)}/holds` })).statusCode).toBe(200);
    const hold = await west({ method: 'POST', url: `/api/debtors/${debtorOf.get(eastRef)}/holds`, payload: { kind: 'manual', reason: 'dispute' } });
    expect(hold.statusCode).toBe(404);

    // A debtor whose cases are all closed keeps their holds: their own team's leader sees them, no other.
    await t.store.upsertCases(
      [
        makeCase('CL-W', { debtorRef: 'D-CL-W', postcode: postcodeOf.get(westRef)!, status: 'closed' }),
        makeCase('CL-E', { debtorRef: 'D-CL-E', postcode: postcodeOf.get(eastRef)!, status: 'closed' }),
      ],
      'test',
    );
    expect((await west({ url: '/api/debtors/D-CL-W/holds' })).statusCode).toBe(200);
    expect((await west({ url: '/api/debtors/D-CL-E/holds' })).statusCode).toBe(404);

    const at = '2026-03-03T10:00:00Z';
    expect((await west({ method: 'POST', url: '/api/outcomes', payload: { caseRef: eastRef, kind: 'no_contact', at } })).statusCode).toBe(404);
    const wrongOfficer = await west({ method: 'POST', url: '/api/outcomes', payload: { caseRef: westRef, kind: 'no_contact', at, officerId: 'officer-4' } });
    expect(wrongOfficer.statusCode).toBe(403);
    expect(wrongOfficer.json().errors).toEqual([{ field: 'body.officerId', message: 'not an officer of team west' }]);
    expect((await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef: eastRef, kind: 'no_contact', at } })).statusCode).toBe(201);
    expect((await west({ method: 'POST', url: '/api/outcomes', payload: { caseRef: westRef, kind: 'no_contact', at } })).statusCode).toBe(201);
    const outcomes = (await west({ url: '/api/outcomes' })).json<Array<{ caseRef: string }>>().map((o) => o.caseRef);
    expect(outcomes).toEqual([westRef]);
    expect((await west({ url: `/api/outcomes?caseRef=${eastRef}` })).statusCode).toBe(404);

    await t.store.checkIns.record({ officerId: 'officer-4', at, recordedBy: 'test' }, DATE);
    await t.store.checkIns.record({ officerId: 'officer-1', at, recordedBy: 'test' }, DATE);
    const checkIns = (await west({ url: `/api/check-ins?date=${DATE}` })).json<Array<{ officerId: string }>>();
    expect(checkIns.map((c) => c.officerId)).toEqual(['officer-1']);
  });

  it("follows the team's planning jobs, not another team's", async () => {
    const job = await t.inject({ method: 'POST', url: '/api/plans?async=1', payload: { date: '2026-03-05', officerIds: EAST, ...FAST } });
    expect(job.statusCode, job.body).toBe(202);
    const { jobId } = job.json<{ jobId: string }>();
    expect((await west({ url: `/api/jobs/${jobId}` })).statusCode).toBe(404);
    expect((await west({ url: '/api/jobs' })).json<Array<{ id: string }>>().map((j) => j.id)).not.toContain(jobId);
    expect((await t.inject({ url: `/api/jobs/${jobId}` })).statusCode).toBe(200);
    const ownJob = await west({ method: 'POST', url: '/api/plans?async=1', payload: { date: '2026-03-05', ...FAST } });
    expect((await t.inject({ url: '/api/jobs' })).json<Array<{ id: string }>>().map((j) => j.id)).toContain(ownJob.json<{ jobId: string }>().jobId);
  });

  it("imports the team's cases only: a row in another team's patch fails the file, naming the row", async () => {
    const eastPostcode = [...postcodeOf.values()].find(isEast)!;
    const westPostcode = [...postcodeOf.values()].find(isWest)!;
    const row = (ref: string, postcode: string) =>
      `${ref},D-${ref},Alex Example,1 Sample Road,${postcode},,,council_tax,100,2026-01-05,2026-02-02,domestic,,no,no,,`;
    const refused = await importCsv(west, csvBody([row('TA-1', westPostcode), row('TA-2', eastPostcode)]));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([{ row: 3, field: 'postcode', message: "in another team's patch, not team west's" }]);
    expect(await t.store.getCase('TA-1')).toBeUndefined();
    const eastDebtorRow = `TA-3,${debtorOf.get([...postcodeOf].find(([, pc]) => isEast(pc))![0])},Alex Example,1 Sample Road,${westPostcode},,,council_tax,100,2026-01-05,2026-02-02,domestic,,no,no,,`;
    const debtor = await importCsv(west, csvBody([eastDebtorRow]));
    expect(debtor.statusCode).toBe(422);
    expect(debtor.json().errors).toEqual([{ row: 2, field: 'debtor_ref', message: "not team west's to load" }]);
    // An east debtor whose cases are all closed keeps their holds: still not the west's to reach.
    await t.store.upsertCases([makeCase('TA-EC', { debtorRef: 'D-TA-EC', postcode: eastPostcode, status: 'closed' })], 'test');
    const closedDebtor = await importCsv(west, csvBody([row('TA-4', westPostcode).replace('D-TA-4', 'D-TA-EC')]));
    expect(closedDebtor.statusCode).toBe(422);
    expect(closedDebtor.json().errors).toEqual([{ row: 2, field: 'debtor_ref', message: "not team west's to load" }]);
    expect(await t.store.getCase('TA-4')).toBeUndefined();
    const loaded = await importCsv(west, csvBody([row('TA-1', westPostcode)]));
    expect(loaded.statusCode, loaded.body).toBe(200);
  });

  it("keeps the team's officers and crews: another team's record is not there", async () => {
    const listed = (await west({ url: '/api/officers' })).json<Array<{ id: string }>>().map((o) => o.id);
    expect(listed.sort()).toEqual(WEST);
    expect((await west({ url: '/api/officers/officer-4' })).statusCode).toBe(404);
    const record = (await t.inject({ url: '/api/officers/officer-4' })).json<Record<string, unknown>>();
    const { id: _, ...body } = record;
    expect((await west({ method: 'PUT', url: '/api/officers/officer-4', payload: body })).statusCode).toBe(404);
    expect((await west({ method: 'DELETE', url: '/api/officers/officer-4' })).statusCode).toBe(404);
    const moved = await west({ method: 'POST', url: '/api/officers', payload: { ...body, id: 'officer-w9', team: 'east' } });
    expect(moved.statusCode).toBe(403);
    expect(moved.json().errors).toEqual([{ field: 'body.team', message: "expected 'west'" }]);
    const { team: __, ...noTeam } = body;
    const added = await west({ method: 'POST', url: '/api/officers', payload: { ...noTeam, id: 'officer-w9' } });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().team).toBe('west');
    const crew = await west({ method: 'POST', url: '/api/crews', payload: { id: 'crew-x', officerIds: ['officer-1', 'officer-4'] } });
    expect(crew.statusCode).toBe(403);
    // Saving a crew of an existing id replaces it: not another team's.
    expect((await t.inject({ method: 'POST', url: '/api/crews', payload: { id: 'crew-east', officerIds: EAST } })).statusCode).toBe(201);
    expect((await west({ method: 'POST', url: '/api/crews', payload: { id: 'crew-east', officerIds: WEST } })).statusCode).toBe(403);
    expect((await t.inject({ method: 'DELETE', url: '/api/crews/crew-east' })).statusCode).toBe(204);
    // A patch's skill comes from the team, never from the record.
    const forged = await west({ method: 'PUT', url: '/api/officers/officer-1', payload: { ...noTeam, name: 'Officer 1', skills: ['team:east'] } });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().errors[0].field).toBe('body.skills.0');
    expect((await west({ method: 'DELETE', url: '/api/officers/officer-w9' })).statusCode).toBe(204);
  });

  it("reads the audit of the team's cases and accounts, not the whole trail", async () => {
    const westRef = [...postcodeOf].find(([, pc]) => isWest(pc))![0];
    const eastRef = [...postcodeOf].find(([, pc]) => isEast(pc))![0];
    const whole = await west({ url: '/api/audit' });
    expect(whole.statusCode).toBe(403);
    expect(whole.json().errors).toEqual([{ field: 'querystring', message: 'give caseRef or actor' }]);
    expect((await west({ url: `/api/audit?caseRef=${eastRef}` })).statusCode).toBe(403);
    const own = await west({ url: `/api/audit?caseRef=${westRef}` });
    expect(own.statusCode).toBe(200);
    const rows = own.json<Array<{ entityId: string; action: string; detail: Record<string, unknown> }>>();
    expect(rows.length).toBeGreaterThan(0);
    // The import that listed every case of the demo is there, without the other refs it listed.
    const listing = rows.filter((r) => r.entityId !== westRef);
    expect(listing.length).toBeGreaterThan(0);
    for (const r of listing) expect(r.detail).toEqual({});
    expect((await west({ url: '/api/audit?actor=tl.west' })).statusCode).toBe(200);
    // The test officer account is officer-a's, of no team.
    await t.cookie('officer');
    expect((await west({ url: '/api/audit?actor=officer.a' })).statusCode).toBe(403);
    expect((await t.inject({ url: '/api/audit' })).statusCode).toBe(200);
  });

  it("a change of the account's team signs it out: its sessions carried the old rights", async () => {
    const changed = await t.as('admin')({ method: 'PATCH', url: '/api/users/tl.west', payload: { team: 'east' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().team).toBe('east');
    expect((await west({ url: '/api/session' })).statusCode).toBe(401);
    const cookie = await signIn('tl.west');
    const seen = await t.app.inject({ url: `/api/plans/${eastPlan.id}`, headers: { cookie } });
    expect(seen.statusCode).toBe(200);
    // Back to every team's: the team is cleared with null.
    const cleared = await t.as('admin')({ method: 'PATCH', url: '/api/users/tl.west', payload: { team: null } });
    expect(cleared.json().team).toBeUndefined();
  });
});
