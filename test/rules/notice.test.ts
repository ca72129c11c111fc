/**
 * The notice as given (reg 6 counted from the day given; Interpretation Act 1978 s7 for post), a
 * case's own longer period, the 12-month limit from the date of the notice (reg 9), and Breathing
 * Space. Every expected date is worked by hand from the calendar: Sundays, bank holidays, Good
 * Friday and Christmas Day are not clear days; Saturdays are; business days are Monday to Friday
 * other than those holidays.
 */
import { describe, expect, it } from 'vitest';
import { evaluateRoutes, planDay } from '../../solver/rules/index.js';
import { caseStanding } from '../../solver/rules/eligibility.js';
import { CalendarRangeError } from '../../solver/rules/errors.js';
import { earliestLawfulVisitOf, noticeGivenDate } from '../../solver/rules/notice.js';
import { DEFAULT_RULES_SETTINGS as S, withNoticeReform } from '../../solver/rules/settings.js';
import type { Case, NoticeMethod } from '../../solver/rules/types.js';
import { context, holidays, makeCase, makeOfficer } from './fixtures.js';

const notice = (
  noticeDate: string,
  noticeMethod?: NoticeMethod,
  noticePeriodDays?: number,
): Pick<Case, 'noticeDate' | 'noticeMethod' | 'noticePeriodDays'> => ({
  noticeDate,
  ...(noticeMethod ? { noticeMethod } : {}),
  ...(noticePeriodDays ? { noticePeriodDays } : {}),
});

describe('the day a notice is given and the first lawful visit (7 clear days)', () => {
  it.each([
    // Posted on Good Friday: Sat 4, Sun 5, Easter Monday 6 are not business days; Tue 7 (1), Wed 8 (2).
    // Clear days 9, 10, 11, 13, 14, 15, 16 April (Sunday 12 does not count).
    ['Fri 3 Apr 2026, post', '2026-04-03', 'post', '2026-04-08', '2026-04-17'],
    // No method given: post.
    ['Fri 3 Apr 2026, no method', '2026-04-03', undefined, '2026-04-08', '2026-04-17'],
    // Posted on Easter Saturday: the same two business days.
    ['Sat 4 Apr 2026, post', '2026-04-04', 'post', '2026-04-08', '2026-04-17'],
    // Tue 6 (1), Wed 7 (2); clear days 8, 9, 10, 12, 13, 14, 15 January.
    ['Mon 5 Jan 2026, post', '2026-01-05', 'post', '2026-01-07', '2026-01-16'],
    // Given that day: clear days 6, 7, 8, 9, 10, 12, 13 January.
    ['Mon 5 Jan 2026, by hand', '2026-01-05', 'hand', '2026-01-05', '2026-01-14'],
    ['Mon 5 Jan 2026, fixed to the premises', '2026-01-05', 'fixed', '2026-01-05', '2026-01-14'],
    ['Mon 5 Jan 2026, email', '2026-01-05', 'email', '2026-01-05', '2026-01-14'],
    // Fri 18 (1), Mon 21 (2); clear days 22, 23, 24, 26, 29, 30, 31 December (Christmas Day and the
    // substitute Boxing Day, Mon 28, do not count; Saturday 26 does).
    ['Thu 17 Dec 2026, post', '2026-12-17', 'post', '2026-12-21', '2027-01-01'],
    // Thu 24 (1), then Christmas Day, the weekend and Mon 28 (substitute Boxing Day), Tue 29 (2);
    // clear days 30, 31 December, 2, 4, 5, 6, 7 January (New Year's Day and Sunday 3 do not count).
    ['Wed 23 Dec 2026, post', '2026-12-23', 'post', '2026-12-29', '2027-01-08'],
  ])('%s: given %s, first visit %s', (_what, noticeDate, method, given, earliest) => {
    const c = notice(noticeDate, method as NoticeMethod | undefined);
    expect(noticeGivenDate(c, S, holidays)).toBe(given);
    expect(earliestLawfulVisitOf(c, S, holidays)).toBe(earliest);
  });

  it('takes the business days of post from the settings (second class: 4)', () => {
    const secondClass = { ...S, noticeGivenAfterBusinessDays: { ...S.noticeGivenAfterBusinessDays, post: 4 } };
    // Tue 6, Wed 7, Thu 8, Fri 9 January 2026.
    expect(noticeGivenDate(notice('2026-01-05', 'post'), secondClass, holidays)).toBe('2026-01-09');
  });

  it('refuses to count past the bank-holiday data', () => {
    expect(() => noticeGivenDate(notice('2028-12-29', 'post'), S, holidays)).toThrow(CalendarRangeError);
  });
});

describe("a case's own notice period (the announced reform: 28 days on a debt adviser's request)", () => {
  const reform = withNoticeReform(S, '2026-01-07');
  it.each([
    // Clear days Tue 6 .. Wed 21 January, Sundays 11 and 18 left out: the 14th is Wed 21.
    ['14 days, by hand, Mon 5 Jan 2026', notice('2026-01-05', 'hand', 14), S, '2026-01-22'],
    // 28 clear days from Mon 5 Jan: 6-10, 12-17, 19-24, 26-31 January, 2-6 February = 5+6+6+6+5.
    ['28 days, by hand, Mon 5 Jan 2026', notice('2026-01-05', 'hand', 28), S, '2026-02-07'],
    // Given Wed 7 Jan: 8-10, 12-17, 19-24, 26-31 January, 2-7, 9 February = 3+6+6+6+6+1.
    ['28 days, posted Mon 5 Jan 2026', notice('2026-01-05', 'post', 28), S, '2026-02-10'],
    // Never shorter than the period in force: 7 asked for, the reform's 14 apply.
    ['7 days asked, 14 in force', notice('2026-01-07', 'hand', 7), reform, '2026-01-24'],
    // Posted Mon 5 Jan before the reform, given Wed 7 Jan when it is in force: 14 clear days from
    // Wed 7: 8-10, 12-17, 19-23 January.
    ['posted before the reform, given after it', notice('2026-01-05', 'post'), reform, '2026-01-24'],
  ])('%s: first visit %s', (_what, c, settings, earliest) => {
    expect(earliestLawfulVisitOf(c, settings, holidays)).toBe(earliest);
  });
});

describe('standing of a case on a date', () => {
  const standing = (over: Partial<Case>, date: string) => caseStanding(makeCase('N', { noticeMethod: 'post', ...over }), date, S, holidays, new Set());

  it.each([
    // Posted Mon 5 Jan 2026: first visit Fri 16 January (above).
    ['the day before the first lawful visit', {}, '2026-01-15', { eligible: false, reason: 'not-yet-eligible', eligibleFrom: '2026-01-16' }],
    ['the first lawful visit', {}, '2026-01-16', { eligible: true, lastDay: '2027-01-04', daysLeft: 353 }],
    // reg 9: 12 months beginning with the date of the notice (5 Jan 2026), not the day it was given.
    ['the last day of the 12 months', {}, '2027-01-04', { eligible: true, lastDay: '2027-01-04', daysLeft: 0 }],
    ['the day after them', {}, '2027-01-05', { eligible: false, reason: 'expired' }],
    // Breathing Space until Fri 6 March 2026: planned again from Sat 7 March.
    ['in breathing space', { breathingSpaceUntil: '2026-03-06' }, '2026-03-06', { eligible: false, reason: 'breathing-space', eligibleFrom: '2026-03-07' }],
    ['after breathing space', { breathingSpaceUntil: '2026-03-06' }, '2026-03-07', { eligible: true, lastDay: '2027-01-04', daysLeft: 303 }],
    // Breathing space ending before the notice has run: planned from the first lawful visit.
    [
      'breathing space inside the notice period',
      { breathingSpaceUntil: '2026-01-09' },
      '2026-01-08',
      { eligible: false, reason: 'breathing-space', eligibleFrom: '2026-01-16' },
    ],
    ['expired in breathing space', { breathingSpaceUntil: '2027-03-01' }, '2027-01-05', { eligible: false, reason: 'expired' }],
    // A breathing space ending after the last lawful day (4 Jan 2027): the case is never lawful again, no day to offer.
    ['in a breathing space that outlasts the 12 months', { breathingSpaceUntil: '2027-03-01' }, '2026-12-01', { eligible: false, reason: 'breathing-space' }],
  ])('%s', (_what, over, date, expected) => {
    expect(standing(over, date)).toEqual(expected);
  });
});

describe('plans and orders', () => {
  const DATE = '2026-03-04';
  const cases = [makeCase('RESPITE', { breathingSpaceUntil: '2026-03-06' }), makeCase('FREE', { lat: 51.6148, lon: -0.1331 })];
  const ctx = context(cases, { officers: [makeOfficer('o1')], crews: [] });

  it('leaves a case in breathing space unplanned with its own reason and the day after it', async () => {
    const plan = await planDay(ctx, { date: DATE, timeLimitMs: 200, seed: 1 });
    expect(plan.unplanned).toEqual([{ caseRef: 'RESPITE', reason: 'breathing-space', eligibleFrom: '2026-03-07' }]);
    expect(plan.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs))).toEqual(['FREE']);
  });

  it('flags an order that visits it', async () => {
    const plan = await evaluateRoutes(ctx, { date: DATE, routes: [{ officerIds: ['o1'], caseRefs: [['RESPITE']] }] });
    expect(plan.routes[0].stops[0].violations.map((v) => v.code)).toContain('breathing-space');
  });
});
