/**
 * Whether a case may be visited on a date, and if not why: suspended (reg 10 vulnerability or a
 * person's hold), expired (reg 9), in breathing space (with the day after it), not yet eligible
 * (reg 6, with the first lawful date), or a council blackout / the debtor's do-not-visit date.
 * Checked in that order so that the reason reported is the one that lasts longest.
 */
import type { BankHolidayCalendar } from './bank-holidays.js';
import { firstDayAfterBreathingSpace } from './breathing-space.js';
import { lastLawfulDay } from './calendar.js';
import { noticeRunningUntil } from './notice.js';
import type { RulesSettings } from './settings.js';
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
  const afterRespite = firstDayAfterBreathingSpace(c, date);
  if (afterRespite) {
    const eligibleFrom = noticeRunningUntil(c, afterRespite, settings, holidays) ?? afterRespite;
    return { eligible: false, reason: 'breathing-space', eligibleFrom };
  }
  // reg 6: the clear days after the notice was given (notice.ts).
  const earliest = noticeRunningUntil(c, date, settings, holidays);
  if (earliest) return { eligible: false, reason: 'not-yet-eligible', eligibleFrom: earliest };
  if (blackoutDates.has(date) || c.doNotVisit.includes(date)) return { eligible: false, reason: 'blackout' };
  return { eligible: true, lastDay, daysLeft: daysBetween(date, lastDay) };
}
