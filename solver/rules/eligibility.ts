/**
 * Whether a case may be visited on a date, and if not why: the person (a vulnerable debtor, a
 * team leader's hold, a review of someone at a vulnerable person's address), the case's own hold
 * (an arrangement), expired (reg 9), in Breathing Space (with the day after it), not yet eligible
 * (reg 6, from the day the notice was given, with the first lawful date), a council blackout, the
 * debtor's do-not-visit date. Checked in that order so that the reason reported is the one that
 * lasts longest.
 */
import type { BankHolidayCalendar } from './bank-holidays.js';
import { firstDayAfterBreathingSpace } from './breathing-space.js';
import { lastLawfulDay } from './calendar.js';
import { noticeRunningUntil } from './notice.js';
import { doNotVisitOn, type PersonCare } from './person.js';
import type { RulesSettings } from './settings.js';
import type { Case, UnplannedReason } from './types.js';

export type CaseStanding = { eligible: true; lastDay: string; daysLeft: number } | { eligible: false; reason: UnplannedReason; eligibleFrom?: string };

/**
 * Why the case may not be visited at all for now, if so. Without `care` (a caller that knows only
 * the case) the case's own vulnerability flag stands for the person's.
 */
export function caseHold(c: Case, settings: RulesSettings, care?: PersonCare): UnplannedReason | undefined {
  const person = care ? care.holdOf(c.debtorRef) : c.vulnerable && settings.suspendVulnerable ? 'vulnerable' : undefined;
  if (person) return person;
  // Rounds suspends a case only for an instalment arrangement (outcomes.ts); a vulnerability is the person's hold.
  if (c.status === 'suspended') return 'arrangement';
  return undefined;
}

export function isSuspended(c: Case, settings: RulesSettings, care?: PersonCare): boolean {
  return caseHold(c, settings, care) !== undefined;
}

/** The start of the reg 9 period: the breach of an arrangement when there was one, else the notice. */
export function limitStart(c: Case): string {
  return c.arrangementBreachedDate && c.arrangementBreachedDate > c.noticeDate ? c.arrangementBreachedDate : c.noticeDate;
}

/** reg 9: 12 months, once extended by a court by another 12. */
export function limitMonths(c: Case, settings: RulesSettings): number {
  return settings.limitMonths * (c.limitExtendedByCourt ? 2 : 1);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function caseStanding(
  c: Case,
  date: string,
  settings: RulesSettings,
  holidays: BankHolidayCalendar,
  blackoutDates: ReadonlySet<string>,
  care?: PersonCare,
): CaseStanding {
  const hold = caseHold(c, settings, care);
  if (hold) return { eligible: false, reason: hold };
  const lastDay = lastLawfulDay(limitStart(c), limitMonths(c, settings));
  if (date > lastDay) return { eligible: false, reason: 'expired' };
  const afterRespite = firstDayAfterBreathingSpace(c, date);
  if (afterRespite) {
    const eligibleFrom = noticeRunningUntil(c, afterRespite, settings, holidays) ?? afterRespite;
    // A space that ends after the last lawful day leaves no day to offer: the case will not be lawful again.
    return eligibleFrom > lastDay ? { eligible: false, reason: 'breathing-space' } : { eligible: false, reason: 'breathing-space', eligibleFrom };
  }
  // reg 6: the clear days after the notice was given (notice.ts).
  const earliest = noticeRunningUntil(c, date, settings, holidays);
  if (earliest) return { eligible: false, reason: 'not-yet-eligible', eligibleFrom: earliest };
  if (blackoutDates.has(date)) return { eligible: false, reason: 'blackout' };
  if (doNotVisitOn(c, date, care)) return { eligible: false, reason: 'do-not-visit' };
  return { eligible: true, lastDay, daysLeft: daysBetween(date, lastDay) };
}

/** The last lawful day of a case (reg 9: 12 months from the notice or a breached arrangement, a court's extension counted). */
export function caseLastLawfulDay(c: Case, settings: RulesSettings): string {
  return lastLawfulDay(limitStart(c), limitMonths(c, settings));
}

/** The last lawful day, when it is `settings.lastLawfulDaySoonDays` or fewer days after `date` (and not past). */
export function lastLawfulDaySoon(c: Case, date: string, settings: RulesSettings): string | undefined {
  const last = caseLastLawfulDay(c, settings);
  const left = daysBetween(date, last);
  return left >= 0 && left <= settings.lastLawfulDaySoonDays ? last : undefined;
}
