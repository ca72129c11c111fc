/**
 * Whether a case may be visited on a date, and if not why: suspended (reg 10 vulnerability or a
 * person's hold), expired (reg 9), not yet eligible (reg 6, with the first lawful date), or a
 * council blackout / the debtor's do-not-visit date. Checked in that order so that the reason
 * reported is the one that lasts longest.
 */
import type { BankHolidayCalendar } from './bank-holidays.js';
import { earliestLawfulVisit, lastLawfulDay } from './calendar.js';
import { noticePeriodOn, type RulesSettings } from './settings.js';
import type { Case, UnplannedReason } from './types.js';

export type CaseStanding = { eligible: true; lastDay: string; daysLeft: number } | { eligible: false; reason: UnplannedReason; eligibleFrom?: string };

export function isSuspended(c: Case, settings: RulesSettings): boolean {
  return c.status === 'suspended' || (c.vulnerable && settings.suspendVulnerable);
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

export function caseStanding(c: Case, date: string, settings: RulesSettings, holidays: BankHolidayCalendar, blackoutDates: ReadonlySet<string>): CaseStanding {
  if (isSuspended(c, settings)) return { eligible: false, reason: 'suspended' };
  const lastDay = lastLawfulDay(limitStart(c), limitMonths(c, settings));
  if (date > lastDay) return { eligible: false, reason: 'expired' };
  // Long after the notice the clear days are certainly over: skip the count, so an old notice
  // (e.g. a breached arrangement revived it) does not need bank-holiday data from years ago.
  const needed = noticePeriodOn(settings, c.noticeDate);
  const surelyOver = daysBetween(c.noticeDate, date) > 2 * needed + 10;
  const earliest = surelyOver ? c.noticeDate : earliestLawfulVisit(c.noticeDate, settings, holidays);
  if (date < earliest) return { eligible: false, reason: 'not-yet-eligible', eligibleFrom: earliest };
  if (blackoutDates.has(date) || c.doNotVisit.includes(date)) return { eligible: false, reason: 'blackout' };
  return { eligible: true, lastDay, daysLeft: daysBetween(date, lastDay) };
}
