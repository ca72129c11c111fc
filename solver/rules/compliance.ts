/**
 * Statutory and practice checks of one visit at a given time: the rules' own judgement of a stop,
 * applied to solver plans (where it must find nothing) and to officers' manual orders (where it
 * reports everything it finds, never refusing). Messages name case refs and local times only, no
 * personal data.
 */
import type { BankHolidayCalendar } from './bank-holidays.js';
import { businessRepeatAvoids } from './business-attempts.js';
import { addDays, isoLocal, localInstant, minutesOf, weekday } from './calendar.js';
import { caseHold, caseStanding } from './eligibility.js';
import { doNotVisitOn, type PersonCare } from './person.js';
import { bandAt, lastAttemptBand } from './recovery.js';
import type { RulesSettings } from './settings.js';
import { tradingIntervalsOn } from './trading-hours.js';
import type { Case, Violation } from './types.js';
import type { Visit } from './visits.js';

export interface CheckContext {
  date: string;
  settings: RulesSettings;
  holidays: BankHolidayCalendar;
  blackoutDates: ReadonlySet<string>;
  /** The person and the premises (person.ts); without it a case's own flags stand for them. */
  care?: PersonCare;
}

/** What each hold on a case means on a stop, without naming anyone. */
const HOLD_MESSAGES = {
  vulnerable: 'the debtor is vulnerable: held until a team leader clears it',
  'manual-hold': "held by a team leader's decision",
  'held-for-review': 'a person at this address is vulnerable: held for a team leader to review',
  arrangement: 'suspended while an instalment arrangement holds',
  'breathing-space': 'Breathing Space protects the debtor',
} as const;

function hhmm(epochMs: number, zone: string): string {
  return isoLocal(epochMs, zone).slice(11, 16);
}

/**
 * Whether premises are open for trade from `startMs` to `endMs` without a break: a visit at premises
 * open through the night (18:00-02:00) may run past midnight into the next day's opening.
 */
function tradingThroughout(tradingHours: string, startMs: number, endMs: number, ctx: CheckContext): boolean {
  const { date, settings } = ctx;
  const zone = settings.timeZone;
  const open = (day: string) =>
    tradingIntervalsOn(tradingHours, day, ctx.holidays, settings.visitingHours).map((i) => ({
      start: localInstant(day, i.start, zone),
      end: localInstant(day, i.end, zone),
    }));
  const next = addDays(date, 1);
  // A next day beyond the bank-holiday data is not guessed at: the visit must end by midnight.
  const spans = endMs > localInstant(next, 0, zone) && ctx.holidays.covers(next) ? [...open(date), ...open(next)] : open(date);
  // Walk the spans in order from the visit's start: covered while each begins where the last ended.
  let reached = startMs;
  for (const span of spans.sort((a, b) => a.start - b.start)) {
    if (span.start <= reached && span.end > reached) reached = span.end;
  }
  return reached >= endMs;
}

/** reg 13 / reg 22: inside visiting hours, or (business premises) inside trading hours. */
function hoursViolations(visit: Visit, startMs: number, endMs: number, ctx: CheckContext): Violation[] {
  const { date, settings } = ctx;
  const zone = settings.timeZone;
  const open = localInstant(date, minutesOf(settings.visitingHours.start), zone);
  const close = localInstant(date, minutesOf(settings.visitingHours.end), zone);
  const inHours = startMs >= open && endMs <= close;
  if (visit.premises === 'business' && visit.tradingHours) {
    if (inHours || tradingThroughout(visit.tradingHours, startMs, endMs, ctx)) return [];
    return [
      {
        code: 'outside-trading-hours',
        message: `visit ${hhmm(startMs, zone)}-${hhmm(endMs, zone)} is outside visiting hours and the premises' trading hours (${visit.tradingHours})`,
      },
    ];
  }
  const out: Violation[] = [];
  if (startMs < open)
    out.push({ code: 'before-visiting-hours', message: `visit starts ${hhmm(startMs, zone)}, before ${settings.visitingHours.start} (reg 13)` });
  if (endMs > close)
    out.push({ code: 'after-visiting-hours', message: `visit ends ${hhmm(endMs, zone)}, after ${settings.visitingHours.end} (reg 13, reg 22)` });
  return out;
}

function caseViolations(c: Case, ctx: CheckContext): Violation[] {
  const hold = caseHold(c, ctx.settings, ctx.care);
  if (hold && hold in HOLD_MESSAGES) {
    const code = hold as keyof typeof HOLD_MESSAGES;
    return [{ code, message: `case ${c.ref}: ${HOLD_MESSAGES[code]}` }];
  }
  const standing = caseStanding(c, ctx.date, ctx.settings, ctx.holidays, new Set(), ctx.care);
  const out: Violation[] = [];
  if (!standing.eligible && standing.reason === 'expired') {
    out.push({ code: 'after-12-month-limit', message: `case ${c.ref}: the 12-month limit (reg 9) has passed` });
  } else if (!standing.eligible && standing.reason === 'breathing-space') {
    out.push({ code: 'breathing-space', message: `case ${c.ref}: in Breathing Space until ${c.breathingSpaceUntil} (Debt Respite Scheme Regulations 2020)` });
  } else if (!standing.eligible && standing.reason === 'not-yet-eligible') {
    out.push({ code: 'before-earliest-lawful-date', message: `case ${c.ref}: first lawful visit is ${standing.eligibleFrom} (reg 6 clear days)` });
  }
  if (doNotVisitOn(c, ctx.date, ctx.care)) out.push({ code: 'do-not-visit-date', message: `case ${c.ref}: ${ctx.date} is a do-not-visit date of the debtor` });
  return out;
}

/** Every violation of a visit starting at `startMs` and ending at `endMs` (epoch ms). */
export function checkVisit(visit: Visit, startMs: number, endMs: number, crew: boolean, ctx: CheckContext): Violation[] {
  const out: Violation[] = visit.cases.flatMap((c) => caseViolations(c, ctx));
  if (ctx.blackoutDates.has(ctx.date)) out.push({ code: 'blackout', message: `${ctx.date} is a council blackout date` });
  if (visit.warning && !crew) out.push({ code: 'needs-crew', message: `warning marker at this address: two officers required` });
  out.push(...hoursViolations(visit, startMs, endMs, ctx));
  out.push(...repeatViolations(visit, startMs, ctx));
  return out;
}

/** Practice: a repeat attempt in another time band (homes) or another part of the trading day or weekday (business premises). */
function repeatViolations(visit: Visit, startMs: number, ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  if (visit.premises === 'business' && visit.tradingHours) {
    const avoided = businessRepeatAvoids(visit, ctx.date, ctx.holidays, ctx.settings);
    const local = isoLocal(startMs, ctx.settings.timeZone);
    const minutes = Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
    if (avoided && local.slice(0, 10) === ctx.date && minutes >= avoided.from && minutes < avoided.to)
      out.push({
        code: 'same-band-as-last-attempt',
        message: `repeat attempt in the ${avoided.id} of the same weekday as the last failed attempt at these premises`,
      });
    return out;
  }
  const last = lastAttemptBand(visit.previousAttempts, ctx.settings);
  if (last !== undefined) {
    const local = isoLocal(startMs, ctx.settings.timeZone);
    const minutes = Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
    const band = bandAt(weekday(local.slice(0, 10)), minutes, ctx.settings);
    if (band === last) out.push({ code: 'same-band-as-last-attempt', message: `repeat attempt in the '${band}' band, like the last failed attempt` });
  }
  return out;
}
