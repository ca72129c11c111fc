import { describe, expect, it } from 'vitest';
import { evaluateRoutes, planDay } from '../../solver/rules/index.js';
import { DEFAULT_RULES_SETTINGS as S, noticePeriodOn, withNoticeReform, type RulesSettings } from '../../solver/rules/settings.js';
import { STATUTORY_SAFEGUARDS, lawfulSettings, safeguardProblems, type StatutorySafeguards } from '../../solver/rules/statutory.js';
import type { DayPlan } from '../../solver/rules/types.js';
import { context, makeCase, makeOfficer, randomCases } from './fixtures.js';

const settings = (over: Partial<RulesSettings>): RulesSettings => ({ ...S, ...over });
const fields = (problems: Array<{ field: string }>) => problems.map((p) => p.field);

/** The law today, written out from the regulations (not read from the code under test). */
const LAW_2014 = { from: '2014-04-06', visitingHours: { start: '06:00', end: '21:00' }, clearDays: 7, limitMonths: 12, suspendVulnerable: true } as const;

/** reg 6(1) as a settings row: 7 clear days for notices given from 6 April 2014. */
const LAW_ROW = { from: '2014-04-06', clearDays: 7 };

/** A made-up future row, only to test the dating: the 14-day reform in force on 6 April 2027. */
const WITH_REFORM: StatutorySafeguards[] = [LAW_2014, { ...LAW_2014, from: '2027-04-06', clearDays: 14 }];

describe('the statutory safeguards (SI 2013/1894)', () => {
  it('are the law in force since 6 April 2014: 06:00-21:00, 7 clear days, 12 months, vulnerable suspended', () => {
    expect(STATUTORY_SAFEGUARDS).toEqual([LAW_2014]);
  });

  it.each([
    ['the defaults', {}, []],
    [
      'a council starting at 08:00 and ending at 20:00, giving 14 clear days and a 6-month limit',
      { visitingHours: { start: '08:00', end: '20:00' }, noticePeriods: [{ from: '2014-04-06', clearDays: 14 }], limitMonths: 6 },
      [],
    ],
    ['start 05:30', { visitingHours: { start: '05:30', end: '21:00' } }, [['visitingHours.start', 'reg 13(1)(a): visits may not start before 06:00']]],
    ['end 21:01', { visitingHours: { start: '06:00', end: '21:01' } }, [['visitingHours.end', 'reg 13(1)(a): visits may not go on after 21:00']]],
    [
      'end 24:00 (midnight at the end of the day)',
      { visitingHours: { start: '06:00', end: '24:00' } },
      [['visitingHours.end', 'reg 13(1)(a): visits may not go on after 21:00']],
    ],
    [
      'all day, 00:00-23:59',
      { visitingHours: { start: '00:00', end: '23:59' } },
      [
        ['visitingHours.start', 'reg 13(1)(a): visits may not start before 06:00'],
        ['visitingHours.end', 'reg 13(1)(a): visits may not go on after 21:00'],
      ],
    ],
    ['hours that allow nothing (start after end) are not looser', { visitingHours: { start: '21:00', end: '06:00' } }, []],
    [
      '6 clear days from 2014-04-06',
      { noticePeriods: [{ from: '2014-04-06', clearDays: 6 }] },
      [['noticePeriods.0.clearDays', 'reg 6(1): notices given from 2014-04-06 need at least 7 clear days']],
    ],
    [
      'a later row giving 5 clear days',
      {
        noticePeriods: [
          { from: '2014-04-06', clearDays: 7 },
          { from: '2027-01-01', clearDays: 5 },
        ],
      },
      [['noticePeriods.1.clearDays', 'reg 6(1): notices given from 2014-04-06 need at least 7 clear days']],
    ],
    ['rows out of date order, both lawful', { noticePeriods: [{ from: '2027-01-01', clearDays: 14 }, LAW_ROW] }, []],
    ['a row from before the Regulations, with 0 days, that stops where they start', { noticePeriods: [{ from: '2000-01-01', clearDays: 0 }, LAW_ROW] }, []],
    [
      'a row from before the Regulations, with 0 days, that runs on past 2014-04-06',
      { noticePeriods: [{ from: '2000-01-01', clearDays: 0 }] },
      [['noticePeriods.0.clearDays', 'reg 6(1): notices given from 2014-04-06 need at least 7 clear days']],
    ],
    [
      'a table starting after the Regulations (notices from 2014-04-06 to 2019-12-31 would have no period)',
      { noticePeriods: [{ from: '2020-01-01', clearDays: 7 }] },
      [['noticePeriods.0.from', 'reg 6(1): notices given from 2014-04-06 need at least 7 clear days; a table starting 2020-01-01 gives the earlier ones none']],
    ],
    [
      'a 13-month limit',
      { limitMonths: 13 },
      [['limitMonths', "reg 9(1): goods may be taken only within 12 months of the notice (a court's extension, reg 9(3), is per case)"]],
    ],
    [
      'vulnerable debtors not suspended',
      { suspendVulnerable: false },
      [
        [
          'suspendVulnerable',
          'reg 10 and the National Standards: a vulnerable debtor is not visited until a person lifts the suspension; suspendVulnerable may not be false',
        ],
      ],
    ],
  ])('%s', (_name, over, expected) => {
    const problems = safeguardProblems(settings(over));
    expect(problems.map((p) => [p.field, p.message])).toEqual(expected);
  });

  it('judges the notice table by notice date against the law of each date (a future 14-day row)', () => {
    const reformMessage = 'reg 6(1): notices given from 2027-04-06 need at least 14 clear days';
    // 7 days for every notice date, also those after the reform.
    expect(safeguardProblems(S, undefined, WITH_REFORM)).toEqual([{ field: 'noticePeriods.0.clearDays', message: reformMessage }]);
    // Whatever the plan date: a notice given after the reform needs 14 days even if it is planned now.
    expect(fields(safeguardProblems(S, '2026-06-16', WITH_REFORM))).toEqual(['noticePeriods.0.clearDays']);
    expect(safeguardProblems(withNoticeReform(S, '2027-04-06'), undefined, WITH_REFORM)).toEqual([]);
    // The council moves to 14 days earlier than the law: stricter, lawful.
    expect(safeguardProblems(withNoticeReform(S, '2027-01-01'), undefined, WITH_REFORM)).toEqual([]);
    // ... later than the law: notices of 6-30 April 2027 get 7 days.
    expect(safeguardProblems(withNoticeReform(S, '2027-05-01'), undefined, WITH_REFORM)).toEqual([
      { field: 'noticePeriods.0.clearDays', message: reformMessage },
    ]);
  });

  it('judges the other safeguards by the law in force on the plan date, or on every date without one', () => {
    // Made up, only to test the dating: hours narrowed to 07:00-20:00 from 2027-04-06.
    const narrower: StatutorySafeguards[] = [LAW_2014, { ...LAW_2014, from: '2027-04-06', visitingHours: { start: '07:00', end: '20:00' } }];
    expect(safeguardProblems(S, '2027-04-05', narrower)).toEqual([]);
    expect(fields(safeguardProblems(S, '2027-04-06', narrower))).toEqual(['visitingHours.start', 'visitingHours.end']);
    expect(safeguardProblems(S, undefined, narrower).map((p) => p.message)).toEqual([
      'reg 13(1)(a): visits may not start before 07:00',
      'reg 13(1)(a): visits may not go on after 20:00',
    ]);
    // Before the first row, the first row stands (the planner never runs without safeguards).
    expect(fields(safeguardProblems(settings({ limitMonths: 24 }), '2010-01-01'))).toEqual(['limitMonths']);
  });
});

describe('lawfulSettings: the stored settings clamped to the law of the plan date', () => {
  it('takes the later start, the earlier end, the longer notice, the shorter limit, and suspends the vulnerable', () => {
    const loose = settings({
      visitingHours: { start: '00:00', end: '23:59' },
      noticePeriods: [{ from: '2014-04-06', clearDays: 6 }],
      limitMonths: 13,
      suspendVulnerable: false,
    });
    expect(lawfulSettings(loose, '2026-06-16')).toEqual({
      ...S,
      visitingHours: { start: '06:00', end: '21:00' },
      noticePeriods: [{ from: '2014-04-06', clearDays: 7 }],
      limitMonths: 12,
      suspendVulnerable: true,
    });
    expect(lawfulSettings(settings({ visitingHours: { start: '08:00', end: '24:00' } }), '2026-06-16').visitingHours).toEqual({ start: '08:00', end: '21:00' });
    expect(lawfulSettings(settings({ visitingHours: { start: '05:00', end: '20:00' } }), '2026-06-16').visitingHours).toEqual({ start: '06:00', end: '20:00' });
  });

  it('leaves lawful settings alone (the same object)', () => {
    const strict = settings({ visitingHours: { start: '08:00', end: '20:00' }, noticePeriods: [{ from: '2014-04-06', clearDays: 14 }], limitMonths: 6 });
    expect(lawfulSettings(strict, '2026-06-16')).toBe(strict);
    expect(lawfulSettings(S, '2026-06-16')).toBe(S);
  });

  it('fills a notice table that starts late with the law, and keeps the longer period at every notice date', () => {
    expect(lawfulSettings(settings({ noticePeriods: [{ from: '2020-01-01', clearDays: 10 }] }), '2026-06-16').noticePeriods).toEqual([
      { from: '2014-04-06', clearDays: 7 },
      { from: '2020-01-01', clearDays: 10 },
    ]);
    const clamp = (noticePeriods: RulesSettings['noticePeriods']) => lawfulSettings(settings({ noticePeriods }), '2026-06-16', WITH_REFORM).noticePeriods;
    expect(clamp([{ from: '2014-04-06', clearDays: 7 }])).toEqual([
      { from: '2014-04-06', clearDays: 7 },
      { from: '2027-04-06', clearDays: 14 },
    ]);
    expect(clamp([{ from: '2014-04-06', clearDays: 10 }])).toEqual([
      { from: '2014-04-06', clearDays: 10 },
      { from: '2027-04-06', clearDays: 14 },
    ]);
    expect(
      clamp([
        { from: '2014-04-06', clearDays: 7 },
        { from: '2028-01-01', clearDays: 20 },
      ]),
    ).toEqual([
      { from: '2014-04-06', clearDays: 7 },
      { from: '2027-04-06', clearDays: 14 },
      { from: '2028-01-01', clearDays: 20 },
    ]);
    const clamped = lawfulSettings(settings({ noticePeriods: [{ from: '2000-01-01', clearDays: 3 }] }), '2026-06-16');
    expect([noticePeriodOn(clamped, '2013-06-01'), noticePeriodOn(clamped, '2014-04-05'), noticePeriodOn(clamped, '2014-04-06')]).toEqual([3, 3, 7]);
  });
});

describe('planning applies the law whatever the stored settings say', () => {
  const DATE = '2026-06-16'; // a Tuesday in BST (+01:00)
  const OPEN = Date.parse('2026-06-16T06:00:00+01:00');
  const CLOSE = Date.parse('2026-06-16T21:00:00+01:00');
  const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
  // Stored settings widened to the whole day, with night bands the contact model loves, so the
  // search would go out at night if it were allowed to.
  const widened = settings({
    visitingHours: { start: '00:00', end: '23:59' },
    bands: [
      { id: 'night', start: '00:00', end: '06:00', days: EVERY_DAY },
      { id: 'day', start: '06:00', end: '21:00', days: EVERY_DAY },
      { id: 'late', start: '21:00', end: '24:00', days: EVERY_DAY },
    ],
    contactRates: { domestic: { night: 0.95, day: 0.2, late: 0.95 }, business: { trading: 0.7, night: 0.95, day: 0.2, late: 0.95 } },
    noticePeriods: [{ from: '2014-04-06', clearDays: 0 }],
    limitMonths: 24,
    suspendVulnerable: false,
  });
  const allDay = [makeOfficer('a', { shiftStart: '00:00', shiftEnd: '23:59' }), makeOfficer('b', { shiftStart: '00:00', shiftEnd: '23:59' })];
  const visitTimes = (plan: DayPlan) =>
    plan.routes.flatMap((r) =>
      r.stops.map((s) => ({
        ref: s.caseRefs[0],
        start: Date.parse(s.arrival) + s.waitMinutes * 60_000,
        end: Date.parse(s.departure),
        violations: s.violations,
      })),
    );

  it('a plan made with hours widened to 00:00-23:59 has every stop inside 06:00-21:00 local', async () => {
    // Domestic cases only: business premises may lawfully be visited by their trading hours.
    const cases = randomCases(60, DATE, 11).filter((c) => c.premises === 'domestic' && c.status === 'open' && !c.vulnerable);
    const plan = await planDay(context(cases, { officers: allDay, crews: [], settings: widened }), { date: DATE, seed: 1, maxIterations: 300 });
    const times = visitTimes(plan);
    expect(times.length).toBeGreaterThan(10);
    for (const t of times) {
      expect(t.start, `${t.ref} starts ${new Date(t.start).toISOString()}`).toBeGreaterThanOrEqual(OPEN);
      expect(t.end, `${t.ref} ends ${new Date(t.end).toISOString()}`).toBeLessThanOrEqual(CLOSE);
      expect(t.violations).toEqual([]);
    }
  });

  it('and keeps the vulnerable suspended, the 12-month limit and the 7 clear days', async () => {
    const cases = [
      makeCase('VULNERABLE', { vulnerable: true }),
      // 12 months beginning with 1 May 2025 ended on 30 Apr 2026.
      makeCase('OLD', { noticeDate: '2025-05-01', lat: 51.613 }),
      // Fri 12 Jun 2026: 7 clear days are Sat 13, Mon 15 .. Sat 20 (Sunday 14 does not count) -> Sun 21 Jun.
      makeCase('NEW', { noticeDate: '2026-06-12', lat: 51.614 }),
    ];
    const plan = await planDay(context(cases, { officers: allDay, crews: [], settings: widened }), { date: DATE, seed: 1, maxIterations: 100 });
    expect(plan.routes.flatMap((r) => r.stops)).toEqual([]);
    expect(plan.unplanned.map((u) => [u.caseRef, u.reason, u.eligibleFrom]).sort()).toEqual([
      ['NEW', 'not-yet-eligible', '2026-06-21'],
      ['OLD', 'expired', undefined],
      ['VULNERABLE', 'vulnerable', undefined],
    ]);
  });

  it("an officer's own order is timed and judged by the law too", async () => {
    const cases = [makeCase('A', { lat: 51.613 }), makeCase('VULNERABLE', { vulnerable: true, lat: 51.614 })];
    const plan = await evaluateRoutes(context(cases, { officers: allDay, crews: [], settings: widened }), {
      date: DATE,
      routes: [{ officerIds: ['a'], caseRefs: [['A'], ['VULNERABLE']] }],
    });
    const [a, vulnerable] = visitTimes(plan);
    expect(a.start).toBeGreaterThanOrEqual(OPEN);
    expect(a.violations).toEqual([]);
    expect(vulnerable.violations.map((v) => v.code)).toContain('vulnerable');
  });
});
