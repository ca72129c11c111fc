import { afterEach, describe, expect, it } from 'vitest';
import { parseTradingHours, tradingIntervalsOn } from '../../solver/rules/trading-hours.js';
import { holidays } from './fixtures.js';

const HOURS = { start: '06:00', end: '21:00' };
const on = (text: string, date: string) => tradingIntervalsOn(text, date, holidays, HOURS);
const h = (hh: number, mm = 0) => hh * 60 + mm;

describe('trading hours in the opening_hours syntax', () => {
  it.each([
    ['Mo-Fr 09:00-17:30; Sa 10:00-16:00', 'Mo-Fr 09:00-17:30; Sa 10:00-16:00', false],
    ['Mon-Fri 09:00-17:00', 'Mo-Fr 09:00-17:00', false],
    ['Mo-Fr 09.00-17.00', 'Mo-Fr 09:00-17:00', false],
    ['Mo-Sa 07:00-19:00; Su,PH 10:00-16:00', 'Mo-Sa 07:00-19:00; Su,PH 10:00-16:00', true],
    ['Mo-Fr 09:00-17:00; PH off', 'Mo-Fr 09:00-17:00; PH off', true],
    ['24/7', '24/7', false],
  ])('reads %j as %j (PH rule: %s)', (text, value, publicHolidayRule) => {
    expect(parseTradingHours(text)).toEqual({ value, publicHolidayRule });
  });

  it.each([
    ['', /empty/],
    ['whenever', /not opening_hours syntax/],
    ['Mo-Fr 9-5', /Single-digit hour "9"/],
    ['Mo-Fr 09:00-17:00; SH off', /school holidays/],
    ['Mo-Fr 09:00-17:00; PH +1 day off', /day offset/],
    ['Mo-Fr sunrise-sunset', /sun/],
  ])('refuses %j saying why', (text, message) => {
    expect(() => parseTradingHours(text)).toThrow(message);
  });
});

describe('trading intervals on a date (minutes after local midnight)', () => {
  it.each([
    // Monday 15, Wednesday 17, Saturday 20 and Sunday 21 June 2026: no holidays
    ['Mo-Fr 09:00-17:30; Sa 10:00-16:00; Su off', '2026-06-15', [[h(9), h(17, 30)]]],
    ['Mo-Fr 09:00-17:30; Sa 10:00-16:00; Su off', '2026-06-20', [[h(10), h(16)]]],
    ['Mo-Fr 09:00-17:30; Sa 10:00-16:00; Su off', '2026-06-21', []],
    // Friday night runs into Saturday; Saturday's own evening is cut at midnight
    [
      'Fr-Sa 18:00-02:00; Mo,We 08:00-12:00,13:00-17:00',
      '2026-06-20',
      [
        [0, h(2)],
        [h(18), h(24)],
      ],
    ],
    [
      'Fr-Sa 18:00-02:00; Mo,We 08:00-12:00,13:00-17:00',
      '2026-06-17',
      [
        [h(8), h(12)],
        [h(13), h(17)],
      ],
    ],
    ['24/7', '2026-06-21', [[0, h(24)]]],
    ['Mo-Fr 09:00-17:00 "by appointment"; Sa unknown', '2026-06-20', []],
  ])('%j on %s', (text, date, expected) => {
    expect(on(text, date)).toEqual(expected.map(([start, end]) => ({ start, end })));
  });

  it.each([
    // Easter 2026: Good Friday 3 April, Easter Monday 6 April (bank holidays in data/bank-holidays)
    ['a 05:00 opening without PH is planned only 06:00-21:00 on Easter Monday', 'Mo-Sa 05:00-23:00', '2026-04-06', [[h(6), h(21)]]],
    ['and in full again on the Tuesday', 'Mo-Sa 05:00-23:00', '2026-04-07', [[h(5), h(23)]]],
    ['PH hours replace the weekday hours', 'Mo-Sa 05:00-23:00; PH 05:00-12:00', '2026-04-06', [[h(5), h(12)]]],
    ['PH off closes Good Friday', 'Mo-Fr 09:00-17:00; PH off', '2026-04-03', []],
    ['Sa,PH hours on Easter Monday', 'Mo-Fr 09:00-17:00; Sa,PH 10:00-14:00', '2026-04-06', [[h(10), h(14)]]],
    ['Sa,PH hours on Easter Saturday (no holiday)', 'Mo-Fr 09:00-17:00; Sa,PH 10:00-14:00', '2026-04-04', [[h(10), h(14)]]],
    ['weekday hours after Easter', 'Mo-Fr 09:00-17:00; Sa,PH 10:00-14:00', '2026-04-07', [[h(9), h(17)]]],
    // A weekday rule after the PH rule overrides it on a weekday holiday (as opening_hours reads
    // it): the hours then say nothing of the holiday, so only visiting hours, as without PH.
    ['PH off written first, a 05:00 weekday opening after it, on Easter Monday', 'PH off; Mo-Fr 05:00-17:00', '2026-04-06', [[h(6), h(17)]]],
    ['PH hours written first, overridden by a 05:00 weekday rule', 'PH 05:00-12:00; Mo-Fr 05:00-22:00', '2026-04-06', [[h(6), h(21)]]],
    [
      'PH hours as an additional rule keep their early start',
      'PH 05:00-08:00, Mo-Fr 10:00-22:00',
      '2026-04-06',
      [
        [h(5), h(8)],
        [h(10), h(21)],
      ],
    ],
    ['PH off written first closes nothing on an ordinary Monday', 'PH off; Mo-Fr 05:00-17:00', '2026-04-13', [[h(5), h(17)]]],
    // The night after a holiday: what runs on from it is not planned before 06:00
    ['the night after Easter Monday without PH', 'Mo-Su 18:00-02:00', '2026-04-07', [[h(18), h(24)]]],
    ['the night after Easter Monday with PH off', 'Mo-Su 18:00-02:00; PH off', '2026-04-07', [[h(18), h(24)]]],
    ['a night running into Easter Monday without PH', 'Mo-Su 18:00-02:00', '2026-04-06', [[h(18), h(21)]]],
  ])('%s', (_what, text, date, expected) => {
    expect(on(text, date)).toEqual(expected.map(([start, end]) => ({ start, end })));
  });

  // Dates on which Rounds' calendar (the gov.uk feed) and the package's own country data disagree:
  // the answer must follow ours.
  it.each([
    ['the Coronation bank holiday, Monday 8 May 2023', '2023-05-08', []],
    ["the Queen's State Funeral, Monday 19 September 2022", '2022-09-19', []],
    ['Friday 8 May 2020 (VE Day: the May bank holiday moved)', '2020-05-08', []],
    ['Monday 4 May 2020 (not a bank holiday that year)', '2020-05-04', [[h(9), h(17)]]],
    ['Saturday 26 December 2026 (Boxing Day; the bank holiday is Monday 28)', '2026-12-26', [[h(9), h(17)]]],
    ['Monday 28 December 2026 (substitute Boxing Day)', '2026-12-28', []],
  ])('PH follows our calendar: %s', (_what, date, expected) => {
    expect(on('Mo-Sa 09:00-17:00; PH off', date)).toEqual(expected.map(([start, end]) => ({ start, end })));
  });

  it('is a wall-clock answer on both DST days', () => {
    expect(on('Mo-Su 00:00-24:00', '2026-03-29')).toEqual([{ start: 0, end: h(24) }]);
    expect(on('Su 08:00-18:00', '2026-10-25')).toEqual([{ start: h(8), end: h(18) }]);
  });

  it('refuses a date outside the bank-holiday data', () => {
    expect(() => on('Mo-Fr 09:00-17:00', '2031-06-16')).toThrow(/outside the bank-holiday data/);
  });
});

describe('whatever time zone the process runs in', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });
  it.each([
    ['UTC', 0],
    ['Europe/London', 0],
    ['America/New_York', 300],
    ['Asia/Kolkata', -330],
  ])('gives the same intervals in %s', (zone, januaryOffset) => {
    process.env.TZ = zone;
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(januaryOffset);
    // Distinct texts (a comment naming the zone): the answers are cached per text and date.
    expect(on(`Mo-Fr 09:00-17:30; Sa 10:00-16:00 open "${zone}"`, '2026-06-20')).toEqual([{ start: h(10), end: h(16) }]);
    expect(on(`Fr-Sa 18:00-02:00; Su off "${zone}"`, '2026-10-25')).toEqual([]);
    expect(on(`Fr-Sa 18:00-02:00 open "${zone}"; PH off`, '2026-10-24')).toEqual([
      { start: 0, end: h(2) },
      { start: h(18), end: h(24) },
    ]);
  });
});
