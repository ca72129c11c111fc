/**
 * The statutory calendar (Taking Control of Goods Regulations 2013): clear days after a notice
 * (reg 2, reg 6), the 12-month limit (reg 9), and local times in Europe/London turned into instants
 * so that both DST changes come out right (a 06:00-21:00 day is 15 hours long, whatever the clocks).
 * Calendar dates are 'YYYY-MM-DD' strings throughout; they compare correctly as strings.
 */
import { DateTime, IANAZone } from 'luxon';
import type { BankHolidayCalendar } from './bank-holidays.js';
import { PlanningInputError } from './errors.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** Parses a calendar date, throwing a PlanningInputError naming `what` when it is not a real date. */
export function parseDate(date: string, zone: string, what = 'date'): DateTime {
  const dt = DATE_RE.test(date) ? DateTime.fromISO(date, { zone }) : null;
  if (!dt || !dt.isValid) throw new PlanningInputError(`${what} ${JSON.stringify(date)} is not a date YYYY-MM-DD`, what);
  return dt;
}

// Calendar-date arithmetic in UTC with plain Date: no time zone can shift a date, and it runs in
// the clear-day loop for every case (luxon there cost a second on the 1,500-case demo).
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday .. 7 = Sunday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** Minutes after local midnight of 'HH:MM' (24:00 allowed as an end). */
export function minutesOf(time: string, what = 'time'): number {
  const m = TIME_RE.exec(time);
  if (!m || (m[1] === '24' && m[2] !== '00')) throw new PlanningInputError(`${what} ${JSON.stringify(time)} is not a local time HH:MM`, what);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Epoch milliseconds of local wall-clock `minutes` after midnight on `date` in `zone`. Wall-clock,
 * not elapsed: on 29 Mar 2026 06:00 is 05:00Z, on 25 Oct 2026 21:00 is 21:00Z. A time inside the
 * spring-forward gap (01:00-02:00) moves forward an hour, as luxon does.
 */
export function localInstant(date: string, minutes: number, zone: string): number {
  const key = `${zone}|${date}|${minutes}`;
  let ms = instants.get(key);
  if (ms === undefined) {
    const day = DateTime.fromISO(date, { zone }).startOf('day');
    ms = day
      .set({ hour: Math.floor(minutes / 60) % 24, minute: minutes % 60 })
      .plus({ days: minutes >= 1440 ? 1 : 0 })
      .toMillis();
    // A plan touches a few dozen clock times; the bound only guards a long-running server.
    if (instants.size > 50_000) instants.clear();
    instants.set(key, ms);
  }
  return ms;
}
const instants = new Map<string, number>();

/** ISO 8601 local time with offset, e.g. 2026-10-25T21:00:00.000+00:00. */
export function isoLocal(epochMs: number, zone: string): string {
  // Whole seconds: travel times are fractional, a run sheet is not. Down, never up: a re-plan from a
  // stop's reported departure must not start later than the plan left it, or a tight window the
  // plan met by a fraction of a second is missed. Written by hand from the zone's offset at that
  // instant: a luxon DateTime per stop was a tenth of evaluating a reorder.
  const ms = Math.floor(epochMs / 1000) * 1000;
  const offset = zoneOffset(zone, ms);
  const t = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${t}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The zone's UTC offset in minutes at an instant, remembered per quarter hour of UTC: offsets of
 * today's zones change only on quarter hours, and asking Intl each time is slow.
 */
function zoneOffset(zone: string, ms: number): number {
  const key = `${zone}|${Math.floor(ms / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(ms);
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, number>();

/** Local date and minutes after midnight of an instant (for band look-ups of past attempts). */
export function localParts(iso: string, zone: string, what = 'date-time'): { date: string; minutes: number; weekday: number } {
  const dt = DateTime.fromISO(iso, { zone, setZone: false }).setZone(zone);
  if (!dt.isValid) throw new PlanningInputError(`${what} ${JSON.stringify(iso)} is not an ISO date-time`, what);
  return { date: dt.toISODate(), minutes: dt.hour * 60 + dt.minute, weekday: dt.weekday };
}

/** Western (Gregorian) Easter Sunday, anonymous algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A bank holiday, Good Friday or Christmas Day. Good Friday and 25 December are checked directly
 * because the feed lists substitute days (27 Dec 2027 is "Christmas Day, substitute day") and a
 * council's file might omit them.
 */
export function isPublicHoliday(date: string, holidays: BankHolidayCalendar): boolean {
  if (date.slice(5) === '12-25') return true;
  if (date === goodFriday(Number(date.slice(0, 4)))) return true;
  return holidays.isBankHoliday(date);
}

/** reg 2: a clear day is not a Sunday, a bank holiday, Good Friday or Christmas Day. Saturdays count. */
export function isClearDay(date: string, holidays: BankHolidayCalendar): boolean {
  return weekday(date) !== 7 && !isPublicHoliday(date, holidays);
}

/**
 * A business day: Monday to Friday and not a bank holiday, Good Friday or Christmas Day (the
 * Interpretation Act's "ordinary course of post" counted as CPR 6.2 counts business days).
 */
export function isBusinessDay(date: string, holidays: BankHolidayCalendar): boolean {
  return weekday(date) <= 5 && !isPublicHoliday(date, holidays);
}

/** Every public holiday (isPublicHoliday) of the years the calendar covers, in date order. */
export function publicHolidayDates(holidays: BankHolidayCalendar): string[] {
  const dates = new Set(holidays.dates());
  for (let year = Number(holidays.first.slice(0, 4)); year <= Number(holidays.last.slice(0, 4)); year++) {
    dates.add(goodFriday(year));
    dates.add(`${year}-12-25`);
  }
  return [...dates].sort();
}

const goodFridays = new Map<number, string>();
function goodFriday(year: number): string {
  let day = goodFridays.get(year);
  if (!day) goodFridays.set(year, (day = addDays(easterSunday(year), -2)));
  return day;
}

/** The day after `clearDays` clear days following `from` (`from` itself never counts); `what` names the count in a range error. */
export function dayAfterClearDays(from: string, clearDays: number, holidays: BankHolidayCalendar, what: string): string {
  let day = from;
  let counted = 0;
  while (counted < clearDays) {
    day = addDays(day, 1);
    holidays.assertCovered(day, what);
    if (isClearDay(day, holidays)) counted++;
  }
  return addDays(day, 1);
}

/**
 * reg 9: the last day goods may be taken, for a period of `months` "beginning with" `startDate`
 * (the notice date, or the date an instalment arrangement was breached). "Beginning with" counts
 * the start day, so the period ends the day before the anniversary: 12 months beginning with
 * 5 Jan 2026 end on 4 Jan 2027. When the anniversary does not exist (a start on 29 Feb), the
 * period runs to the end of February: 29 Feb 2024 -> 28 Feb 2025.
 */
export function lastLawfulDay(startDate: string, months: number): string {
  const key = `${startDate}|${months}`;
  let last = lastDays.get(key);
  if (last === undefined) {
    const start = DateTime.fromISO(startDate, { zone: 'UTC' });
    const anniversary = start.plus({ months });
    // luxon clamps 29 Feb + 12 months to 28 Feb: the clamped day is then itself the last day.
    last = anniversary.day !== start.day ? anniversary.toISODate()! : anniversary.minus({ days: 1 }).toISODate()!;
    // A caseload has a few hundred notice dates; asked once per case per plan, it was a fifth of
    // evaluating a reorder. The bound only guards a long-running server.
    if (lastDays.size > 50_000) lastDays.clear();
    lastDays.set(key, last);
  }
  return last;
}

const lastDays = new Map<string, string>();
