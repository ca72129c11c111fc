/**
 * The notice of enforcement as given, not as sent. reg 6(1) counts the clear days from when the
 * notice is *given*; a notice sent by post is given when it would be delivered in the ordinary
 * course of post (Interpretation Act 1978 s7, applied to the Regulations by its s23), taken as
 * settings.noticeGivenAfterBusinessDays.post business days after the date of the notice (2: the
 * first-class convention). By hand, fixed to the premises or by email it is given that day (by
 * default; the setting per method can say otherwise). A case may need a longer period than the
 * law's (noticePeriodDays: 14 or 28 on a debt adviser's request), never a shorter one.
 *
 * Worked example: posted Friday 3 April 2026 (Good Friday; Easter Monday 6 April is a bank
 * holiday) -> given Wednesday 8 April -> 7 clear days 9, 10, 11, 13, 14, 15, 16 April (Sunday 12
 * does not count) -> first lawful visit Friday 17 April 2026.
 */
import type { BankHolidayCalendar } from './bank-holidays.js';
import { addDays, dayAfterClearDays, isBusinessDay, parseDate } from './calendar.js';
import { noticePeriodOn, type RulesSettings } from './settings.js';
import type { Case, NoticeMethod } from './types.js';

export const NOTICE_METHODS: readonly NoticeMethod[] = ['post', 'hand', 'email', 'fixed'];

/**
 * The periods a case may ask for: the law's 7 clear days, and the announced reform's 14 and 28
 * (28 on a debt adviser's request; gov.uk consultation response, June 2025).
 */
export const NOTICE_PERIOD_DAYS: readonly number[] = [7, 14, 28];

type NoticeFields = Pick<Case, 'noticeDate' | 'noticeMethod' | 'noticePeriodDays'>;

/** The day the notice was given: the notice date plus the method's business days (none: that day). */
export function noticeGivenDate(c: NoticeFields, settings: RulesSettings, holidays: BankHolidayCalendar): string {
  parseDate(c.noticeDate, settings.timeZone, 'noticeDate');
  let businessDays = settings.noticeGivenAfterBusinessDays[c.noticeMethod ?? 'post'];
  let day = c.noticeDate;
  while (businessDays > 0) {
    day = addDays(day, 1);
    holidays.assertCovered(day, `counting the business days until the notice of ${c.noticeDate} is given, the date`);
    if (isBusinessDay(day, holidays)) businessDays--;
  }
  return day;
}

/** reg 6(1): the clear days the notice needs: the period in force when it was given, or the case's own if longer. */
export function clearDaysNeeded(c: NoticeFields, givenDate: string, settings: RulesSettings): number {
  return Math.max(noticePeriodOn(settings, givenDate), c.noticePeriodDays ?? 0);
}

/** The first day a visit is lawful: the day after the clear days that follow the day the notice was given. */
export function earliestLawfulVisitOf(c: NoticeFields, settings: RulesSettings, holidays: BankHolidayCalendar): string {
  const given = noticeGivenDate(c, settings, holidays);
  return dayAfterClearDays(given, clearDaysNeeded(c, given, settings), holidays, `counting clear days from the notice given ${given}, the date`);
}

/**
 * The first lawful visiting date of the case when `date` is before it, else undefined. Long after
 * the notice the period has certainly run: the count is skipped there, so an old notice (revived
 * by a breached arrangement) needs no bank-holiday data from years ago. The bound allows three
 * calendar days per business or clear day, more than any run of Sundays and holidays takes.
 */
export function noticeRunningUntil(c: NoticeFields, date: string, settings: RulesSettings, holidays: BankHolidayCalendar): string | undefined {
  const postDays = Math.max(...Object.values(settings.noticeGivenAfterBusinessDays));
  const clearDays = Math.max(noticePeriodOn(settings, c.noticeDate), ...settings.noticePeriods.map((p) => p.clearDays), c.noticePeriodDays ?? 0);
  const daysSince = (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${c.noticeDate}T00:00:00Z`)) / 86_400_000;
  if (daysSince > 3 * (postDays + clearDays) + 10) return undefined;
  const earliest = earliestLawfulVisitOf(c, settings, holidays);
  return date < earliest ? earliest : undefined;
}
