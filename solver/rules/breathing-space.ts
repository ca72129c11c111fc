/**
 * Breathing Space: the Debt Respite Scheme (Breathing Space Moratorium and Mental Health Crisis
 * Moratorium) (England and Wales) Regulations 2020 (SI 2020/1311). During a moratorium an
 * enforcement agent who knows of it must not visit the debtor's home or business to take control
 * of goods, nor take control (reg 12(4)). A standard breathing space lasts 60 days, a mental health
 * crisis moratorium as long as the treatment plus 30 days; the council is told the end date, so a
 * case carries it (breathingSpaceUntil) and is planned again from the day after.
 *
 * The 12-month limit (reg 9 of the 2013 Regulations) is not lengthened here: whether and how a
 * moratorium extends it is a question for the council's legal advice, and not extending it only
 * ever plans fewer days.
 */
import { addDays } from './calendar.js';
import type { Case } from './types.js';

/** Whether the case is in breathing space on `date` (the end date itself included). */
export function inBreathingSpace(c: Pick<Case, 'breathingSpaceUntil'>, date: string): boolean {
  return c.breathingSpaceUntil !== undefined && date <= c.breathingSpaceUntil;
}

/** The first day after the moratorium, when the case is in breathing space on `date`; else undefined. */
export function firstDayAfterBreathingSpace(c: Pick<Case, 'breathingSpaceUntil'>, date: string): string | undefined {
  return inBreathingSpace(c, date) ? addDays(c.breathingSpaceUntil!, 1) : undefined;
}
