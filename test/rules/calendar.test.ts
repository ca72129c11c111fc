import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { fileURLToPath } from 'node:url';
import { loadBankHolidays, parseBankHolidayFeed } from '../../solver/rules/bank-holidays.js';
import { addDays, easterSunday, isClearDay, isoLocal, lastLawfulDay, localInstant, weekday } from '../../solver/rules/calendar.js';
import { earliestLawfulVisitOf } from '../../solver/rules/notice.js';
import { CalendarRangeError } from '../../solver/rules/errors.js';
import { caseStanding } from '../../solver/rules/eligibility.js';
import { makeCase } from './fixtures.js';
import { DEFAULT_RULES_SETTINGS, withNoticeReform } from '../../solver/rules/settings.js';

const holidays = loadBankHolidays();
const rawFeedPath = fileURLToPath(new URL('../../data/bank-holidays/govuk-bank-holidays-2024-2027.raw.json', import.meta.url));
const ZONE = 'Europe/London';
/** A notice given by hand on `noticeDate` (given that day): reg 6 counts from it. Posted notices: notice.test.ts. */
const earliestLawfulVisit = (noticeDate: string, settings: typeof DEFAULT_RULES_SETTINGS, calendar: typeof holidays) =>
  earliestLawfulVisitOf({ noticeDate, noticeMethod: 'hand' }, settings, calendar);

describe('earliest lawful visit of a notice given by hand (reg 6, worked examples in enforcement-rules.md)', () => {
  const reform = withNoticeReform(DEFAULT_RULES_SETTINGS, '2026-01-01');
  it.each([
    ['7 clear days, plain week', DEFAULT_RULES_SETTINGS, '2026-01-05', '2026-01-14'],
    ['7 clear days over Easter (Good Friday, Easter Monday)', DEFAULT_RULES_SETTINGS, '2026-03-30', '2026-04-10'],
    ['7 clear days over Christmas and the Boxing Day substitute', DEFAULT_RULES_SETTINGS, '2026-12-21', '2027-01-01'],
    ['14 clear days after the reform date', reform, '2026-01-05', '2026-01-22'],
    ['7 clear days for a notice before the reform date', reform, '2025-12-01', '2025-12-10'],
  ])('%s: notice %s', (_name, settings, notice, expected) => {
    expect(earliestLawfulVisit(notice, settings, holidays)).toBe(expected);
  });

  it('gives the same answers from the raw gov.uk feed', () => {
    const raw = loadBankHolidays(rawFeedPath);
    expect(earliestLawfulVisit('2026-03-30', DEFAULT_RULES_SETTINGS, raw)).toBe('2026-04-10');
    expect(earliestLawfulVisit('2026-12-21', DEFAULT_RULES_SETTINGS, raw)).toBe('2027-01-01');
  });

  it('fails loudly past the bank-holiday data, naming the date', () => {
    const raw = loadBankHolidays(rawFeedPath);
    expect(() => earliestLawfulVisit('2027-12-28', DEFAULT_RULES_SETTINGS, raw)).toThrow(CalendarRangeError);
    expect(() => earliestLawfulVisit('2027-12-28', DEFAULT_RULES_SETTINGS, raw)).toThrow(/2028-01-0\d is outside the bank-holiday data/);
    expect(() => holidays.isBankHoliday('2029-01-01')).toThrow(/2029-01-01/);
  });

  it('property: the earliest date leaves exactly N clear days between notice and visit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), (offset) => {
        const notice = addDays('2019-06-01', offset);
        const earliest = earliestLawfulVisit(notice, DEFAULT_RULES_SETTINGS, holidays);
        let clear = 0;
        for (let d = addDays(notice, 1); d < earliest; d = addDays(d, 1)) if (isClearDay(d, holidays)) clear++;
        // exactly 7, and the day before the earliest is itself a clear day (no slack)
        return clear === 7 && isClearDay(addDays(earliest, -1), holidays);
      }),
      { numRuns: 300 },
    );
  });
});

describe('clear days', () => {
  it('excludes Sundays, bank holidays, Good Friday and 25 December even when the feed lists a substitute', () => {
    expect(isClearDay('2026-01-10', holidays)).toBe(true); // Saturday counts
    expect(isClearDay('2026-01-11', holidays)).toBe(false); // Sunday
    expect(isClearDay('2026-04-03', holidays)).toBe(false); // Good Friday
    expect(isClearDay('2027-12-25', holidays)).toBe(false); // Christmas on a Saturday
    expect(isClearDay('2027-12-27', holidays)).toBe(false); // its substitute bank holiday
    expect(isClearDay('2022-09-19', holidays)).toBe(false); // State Funeral, one-off
  });
  it('computes Easter', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2024)).toBe('2024-03-31');
  });
});

describe('12-month limit (reg 9: "12 months beginning with")', () => {
  it.each([
    ['2026-01-05', '2027-01-04'],
    ['2026-03-01', '2027-02-28'],
    ['2027-03-01', '2028-02-29'],
    ['2024-02-29', '2025-02-28'],
    ['2025-12-31', '2026-12-30'],
  ])('notice %s -> last lawful day %s', (start, last) => {
    expect(lastLawfulDay(start, 12)).toBe(last);
  });
});

describe('local visiting hours across DST', () => {
  it.each([
    // spring forward: BST from 01:00Z on 29 Mar 2026
    ['2026-03-29', '2026-03-29T05:00:00Z', '2026-03-29T20:00:00Z', '+01:00'],
    // fall back: GMT from 01:00Z on 25 Oct 2026
    ['2026-10-25', '2026-10-25T06:00:00Z', '2026-10-25T21:00:00Z', '+00:00'],
    ['2026-03-28', '2026-03-28T06:00:00Z', '2026-03-28T21:00:00Z', '+00:00'],
    ['2026-10-24', '2026-10-24T05:00:00Z', '2026-10-24T20:00:00Z', '+01:00'],
  ])('%s: 06:00-21:00 local is %s..%s', (date, startUtc, endUtc, offset) => {
    const start = localInstant(date, 6 * 60, ZONE);
    const end = localInstant(date, 21 * 60, ZONE);
    expect(start).toBe(Date.parse(startUtc));
    expect(end).toBe(Date.parse(endUtc));
    expect(end - start).toBe(15 * 3600_000);
    expect(isoLocal(start, ZONE)).toBe(`${date}T06:00:00${offset}`);
    expect(isoLocal(end, ZONE)).toBe(`${date}T21:00:00${offset}`);
  });
  it('the DST days themselves are 23 and 25 hours long', () => {
    expect(localInstant('2026-03-30', 0, ZONE) - localInstant('2026-03-29', 0, ZONE)).toBe(23 * 3600_000);
    expect(localInstant('2026-10-26', 0, ZONE) - localInstant('2026-10-25', 0, ZONE)).toBe(25 * 3600_000);
    expect(weekday('2026-03-29')).toBe(7);
  });
});

describe('bank-holiday feed', () => {
  it('rejects a file that is not the feed, saying where', () => {
    expect(() => parseBankHolidayFeed({ 'england-and-wales': { events: [{ date: 'soon' }] } }, 'x.json')).toThrow(/x\.json.*events\.0/);
    expect(() => parseBankHolidayFeed({ scotland: [] }, 'x.json')).toThrow(/england-and-wales/);
  });
  it('covers whole years of the file', () => {
    expect(holidays.first).toBe('2019-01-01');
    expect(holidays.last).toBe('2028-12-31');
  });
});

describe('case standing', () => {
  const none = new Set<string>();
  it('agrees with the clear-day count whatever the gap between notice and visit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 3000 }), fc.integer({ min: 0, max: 80 }), (offset, gap) => {
        const notice = addDays('2019-01-01', offset);
        const date = addDays(notice, gap);
        const standing = caseStanding(makeCase('X', { noticeDate: notice }), date, DEFAULT_RULES_SETTINGS, holidays, none);
        // Lawful once 7 clear days lie wholly between the notice (given by hand that day) and the visit.
        let clear = 0;
        for (let d = addDays(notice, 1); d < date; d = addDays(d, 1)) if (isClearDay(d, holidays)) clear++;
        const lawful = clear >= 7;
        return standing.eligible === lawful || (!standing.eligible && standing.reason !== 'not-yet-eligible');
      }),
      { numRuns: 400 },
    );
  });
  it('runs the 12 months from a breached arrangement, without counting days before the data', () => {
    const revived = makeCase('OLD', { noticeDate: '2018-06-01', arrangementBreachedDate: '2026-02-10' });
    expect(caseStanding(revived, '2026-06-16', DEFAULT_RULES_SETTINGS, holidays, none)).toMatchObject({ eligible: true, lastDay: '2027-02-09' });
    expect(caseStanding(revived, '2027-02-10', DEFAULT_RULES_SETTINGS, holidays, none)).toEqual({ eligible: false, reason: 'expired' });
    const extended = { ...revived, limitExtendedByCourt: true };
    expect(caseStanding(extended, '2027-02-10', DEFAULT_RULES_SETTINGS, holidays, none)).toMatchObject({ eligible: true, lastDay: '2028-02-09' });
  });
});

describe('isoLocal', () => {
  it('writes the same local time and offset as luxon, whole seconds down, across both DST changes and other zones', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    const to = Date.parse('2028-12-31T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Kolkata'), (ms, zone) => {
        const rounded = Math.floor(ms / 1000) * 1000;
        expect(isoLocal(ms, zone)).toBe(DateTime.fromMillis(rounded, { zone }).toISO({ suppressMilliseconds: true }));
      }),
      { numRuns: 2000 },
    );
    expect(isoLocal(Date.parse('2026-03-29T01:00:00Z'), 'Europe/London')).toBe('2026-03-29T02:00:00+01:00');
    // Down, never up: the last fraction of a second of summer time is still summer time.
    expect(isoLocal(Date.parse('2026-10-25T00:59:59.6Z'), 'Europe/London')).toBe('2026-10-25T01:59:59+01:00');
    expect(isoLocal(Date.parse('2026-10-25T01:00:00.4Z'), 'Europe/London')).toBe('2026-10-25T01:00:00+00:00');
  });
});
