/**
 * Repeat attempts at business premises. Contact there follows the trading hours, not the domestic
 * time bands (a shop trading 09:00-17:00 lies wholly in the 'day' band, so "another band" would
 * never come). After a failed attempt the next one goes to another part of the trading day
 * (settings.tradingDayParts: morning, afternoon, evening) or to another trading day of the week:
 * only the same part of the same weekday is avoided. Premises that trade in one part of one
 * weekday only are never locked out: there is nothing else to try, so nothing is avoided.
 */
import type { BankHolidayCalendar } from './bank-holidays.js';
import { addDays, localParts, minutesOf, weekday } from './calendar.js';
import type { RulesSettings } from './settings.js';
import { tradingIntervalsOn, type TradingInterval } from './trading-hours.js';
import type { Visit } from './visits.js';

/** A part of the trading day, in minutes after local midnight. */
export interface TradingDayPart {
  id: string;
  from: number;
  to: number;
}

/** The parts of the day from the settings: each from its start to the next one's (the last to midnight). */
export function tradingDayParts(settings: RulesSettings): TradingDayPart[] {
  const starts = settings.tradingDayParts.map((p) => ({ id: p.id, from: minutesOf(p.start) }));
  return starts.map((p, i) => ({ ...p, to: i + 1 < starts.length ? starts[i + 1].from : 1440 }));
}

function partAt(minutes: number, settings: RulesSettings): TradingDayPart {
  const parts = tradingDayParts(settings);
  return parts.find((p) => minutes >= p.from && minutes < p.to) ?? parts[parts.length - 1];
}

/** What a repeat attempt avoids on a date: a part of that day's trading. */
export interface AvoidedPart extends TradingDayPart {
  /** ISO weekday of the date (and of the failed attempt). */
  weekday: number;
}

/** Weekday and part of the day of every trading interval in the seven days from `date`. */
function tradingSlots(tradingHours: string, date: string, holidays: BankHolidayCalendar, settings: RulesSettings): Set<string> {
  const slots = new Set<string>();
  const parts = tradingDayParts(settings);
  for (let k = 0; k < 7; k++) {
    const day = addDays(date, k);
    if (!holidays.covers(day)) continue;
    for (const i of tradingIntervalsOn(tradingHours, day, holidays, settings.visitingHours))
      for (const p of parts) if (i.start < p.to && i.end > p.from) slots.add(`${weekday(day)}|${p.id}`);
  }
  return slots;
}

/**
 * The part of `date` a repeat attempt at business premises with trading hours avoids, or undefined:
 * no failed attempt, another weekday than the last failed attempt's, or no other part of any
 * trading day to go to (the premises are never locked out).
 */
export function businessRepeatAvoids(
  visit: Pick<Visit, 'tradingHours' | 'previousAttempts'>,
  date: string,
  holidays: BankHolidayCalendar,
  settings: RulesSettings,
): AvoidedPart | undefined {
  const last = visit.previousAttempts.at(-1);
  if (!visit.tradingHours || last === undefined) return undefined;
  const failed = localParts(last, settings.timeZone, 'previousAttempts');
  if (failed.weekday !== weekday(date)) return undefined;
  const part = partAt(failed.minutes, settings);
  const slots = tradingSlots(visit.tradingHours, date, holidays, settings);
  slots.delete(`${failed.weekday}|${part.id}`);
  return slots.size > 0 ? { ...part, weekday: failed.weekday } : undefined;
}

/**
 * The trading intervals of `date` in which a visit to business premises with trading hours may
 * start: the trading hours (reg 22(3), with the bank-holiday caution of trading-hours.ts) less the
 * part a repeat attempt avoids (unless `avoidRepeat` is false: evaluating an order that has no other time).
 */
export function businessVisitLimits(
  visit: Pick<Visit, 'tradingHours' | 'previousAttempts'> & { tradingHours: string },
  date: string,
  holidays: BankHolidayCalendar,
  settings: RulesSettings,
  avoidRepeat = true,
): TradingInterval[] {
  const open = tradingIntervalsOn(visit.tradingHours, date, holidays, settings.visitingHours);
  const avoided = avoidRepeat ? businessRepeatAvoids(visit, date, holidays, settings) : undefined;
  if (!avoided) return open;
  return open.flatMap((i) =>
    [
      { start: i.start, end: Math.min(i.end, avoided.from) },
      { start: Math.max(i.start, avoided.to), end: i.end },
    ].filter((piece) => piece.end > piece.start),
  );
}
