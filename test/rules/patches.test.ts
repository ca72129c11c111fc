import { describe, expect, it } from 'vitest';
import { planDay, replanRest } from '../../solver/rules/index.js';
import { otherTeamsAreas, Patches, TeamsSchema } from '../../solver/rules/patches.js';
import { DEFAULT_RULES_SETTINGS, RulesSettingsSchema } from '../../solver/rules/settings.js';
import { context, makeCase, makeOfficer } from './fixtures.js';

const DATE = '2026-06-16'; // a Tuesday

const TEAMS = [
  { id: 'north', name: 'North', patch: ['N11', 'N14'] },
  // A sector of N11 worked by another team: the sector wins over the district.
  { id: 'south', name: 'South', patch: ['N10', 'N11 3'] },
];

describe('patches: which team a postcode belongs to', () => {
  const patches = new Patches(TEAMS);

  it('finds the sector first, then the district, whatever the spacing and case', () => {
    expect(patches.teamOf('N11 1NN')).toBe('north');
    expect(patches.teamOf('n113ab')).toBe('south');
    expect(patches.teamOf('N11  3AB')).toBe('south');
    expect(patches.teamOf('N10 2AA')).toBe('south');
    expect(patches.teamOf('N14 5QQ')).toBe('north');
    // N1 is not N11, nor N12 (outside every patch), nor a malformed postcode.
    expect(patches.teamOf('N1 1AA')).toBeUndefined();
    expect(patches.teamOf('N12 0AA')).toBeUndefined();
    expect(patches.teamOf('not a postcode')).toBeUndefined();
  });

  it('refuses a team twice, one area in two patches, and areas that are not districts or sectors', () => {
    const issues = (value: unknown) => TeamsSchema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues([TEAMS[0], { ...TEAMS[1], id: 'north' }])).toEqual(["1.id: team 'north' is listed twice"]);
    expect(issues([TEAMS[0], { id: 'east', name: 'East', patch: ['N14'] }])).toEqual(["1.patch.0: N14 is already in team 'north''s patch"]);
    expect(issues([{ id: 'x', name: 'X', patch: ['N11 1NN'] }])?.[0]).toMatch(/^0\.patch\.0: expected a postcode district/);
    expect(issues([{ id: 'x', name: 'X', patch: ['n11'] }])?.[0]).toMatch(/^0\.patch\.0: expected a postcode district/);
    expect(TeamsSchema.safeParse(TEAMS).success).toBe(true);
  });

  it("names the areas a team's planning job may leave unread: wholly other teams'", () => {
    // South's district N10 and sector N11 3; north's N14 whole, and N11 but for south's sector.
    expect(otherTeamsAreas(TEAMS, 'north')).toEqual(['N10', 'N11 3']);
    expect(otherTeamsAreas(TEAMS, 'south')).toEqual(['N11 0', 'N11 1', 'N11 2', 'N11 4', 'N11 5', 'N11 6', 'N11 7', 'N11 8', 'N11 9', 'N14']);
    // Each area named is wholly another team's, by the patch rule itself.
    for (const team of ['north', 'south']) {
      for (const area of otherTeamsAreas(TEAMS, team)) {
        const postcode = area.includes(' ') ? `${area}AB` : `${area} 3AB`;
        expect(patches.teamOf(postcode), postcode).not.toBe(team);
        expect(patches.teamOf(postcode), postcode).toBeDefined();
      }
    }
    expect(otherTeamsAreas(TEAMS, 'nobody')).toEqual(['N10', 'N11', 'N11 3', 'N14']);
  });

  it('stored settings without teams read as none', () => {
    const { teams, ...before } = DEFAULT_RULES_SETTINGS;
    expect(teams).toEqual([]);
    expect(RulesSettingsSchema.parse(before).teams).toEqual([]);
  });
});

describe('patches in a plan', () => {
  // Cases a few hundred metres apart, all worth visiting; two in each patch and one outside every patch.
  const at = (i: number) => ({ lat: 51.612 + 0.001 * i, lon: -0.13 + 0.001 * i });
  const cases = [
    makeCase('NORTH-1', { postcode: 'N11 1AA', ...at(1) }),
    makeCase('NORTH-2', { postcode: 'N14 6BB', ...at(2) }),
    makeCase('SOUTH-1', { postcode: 'N11 3CC', ...at(3) }),
    makeCase('SOUTH-2', { postcode: 'N10 1DD', ...at(4) }),
    makeCase('ANYONE', { postcode: 'N12 0EE', ...at(5) }),
  ];
  const officers = [makeOfficer('n1', { team: 'north' }), makeOfficer('s1', { team: 'south' })];
  const settings = { ...DEFAULT_RULES_SETTINGS, teams: TEAMS };
  const ctx = context(cases, { officers, crews: [], settings });
  const visited = (plan: Awaited<ReturnType<typeof planDay>>) =>
    Object.fromEntries(plan.routes.map((r) => [r.officerIds.join('+'), r.stops.flatMap((s) => s.caseRefs).sort()]));

  it("plans one team's day on its own patch and the cases outside every patch, and leaves the other team's out entirely", async () => {
    const plan = await planDay(ctx, { date: DATE, officerIds: ['n1'], timeLimitMs: 300, seed: 1 });
    expect(visited(plan)).toEqual({ n1: ['ANYONE', 'NORTH-1', 'NORTH-2'] });
    // Not "unplanned": another team's cases are not this plan's business.
    expect(plan.unplanned).toEqual([]);
  });

  it('keeps each team of a joint plan to its own patch', async () => {
    const plan = await planDay(ctx, { date: DATE, timeLimitMs: 300, seed: 1 });
    const byOfficer = visited(plan);
    expect(byOfficer.n1.filter((r) => r.startsWith('SOUTH'))).toEqual([]);
    expect(byOfficer.s1.filter((r) => r.startsWith('NORTH'))).toEqual([]);
    expect([...byOfficer.n1, ...byOfficer.s1].sort()).toEqual(['ANYONE', 'NORTH-1', 'NORTH-2', 'SOUTH-1', 'SOUTH-2']);
  });

  it("takes a patch's skill from the officer's team only: one written on the record opens no other patch", async () => {
    const forged = context(cases, { officers: [makeOfficer('n1', { team: 'north', skills: ['team:south'] })], crews: [], settings });
    const plan = await planDay(forged, { date: DATE, officerIds: ['n1'], timeLimitMs: 300, seed: 1 });
    expect(visited(plan)).toEqual({ n1: ['ANYONE', 'NORTH-1', 'NORTH-2'] });
  });

  it("re-planning one team's route of a joint plan keeps the other team's unplanned cases listed", async () => {
    const held = [...cases, makeCase('SOUTH-HELD', { postcode: 'N10 2FF', vulnerable: true, ...at(6) })];
    const joint = context(held, { officers, crews: [], settings });
    const plan = await planDay(joint, { date: DATE, timeLimitMs: 300, seed: 1 });
    expect(plan.unplanned.map((u) => [u.caseRef, u.reason])).toEqual([['SOUTH-HELD', 'vulnerable']]);
    const n1 = plan.routes.find((r) => r.officerIds[0] === 'n1')!;
    const re = await replanRest(joint, {
      date: DATE,
      officerIds: ['n1'],
      from: { time: `${DATE}T12:00:00+01:00`, lat: n1.start.lat, lon: n1.start.lon },
      done: [],
      current: plan,
      timeLimitMs: 200,
      seed: 1,
    });
    expect(re.unplanned).toEqual(plan.unplanned);
    expect(re.routes.find((r) => r.officerIds[0] === 's1')).toEqual(plan.routes.find((r) => r.officerIds[0] === 's1'));
  });

  it('without teams in the settings, every officer may take every case (a borough as before)', async () => {
    const plan = await planDay({ ...ctx, settings: DEFAULT_RULES_SETTINGS }, { date: DATE, officerIds: ['n1'], timeLimitMs: 300, seed: 1 });
    expect(visited(plan)).toEqual({ n1: ['ANYONE', 'NORTH-1', 'NORTH-2', 'SOUTH-1', 'SOUTH-2'] });
  });
});
