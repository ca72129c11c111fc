/**
 * Which lone-working check-in is next, and whether it is due or overdue. The plan's check-in times
 * (route.checkIns) are the latest each is due ("check in by"); one check-in answers the deadline
 * it comes before, if it comes no more than EARLY_MINUTES before it, and any deadline it is late for.
 */

/** A check-in this long before a deadline answers it (an hour-apart schedule: the half hour before). */
export const EARLY_MINUTES = 30;
/** The reminder shows this long before the deadline. */
export const REMIND_MINUTES = 5;

const MINUTE = 60_000;

export interface NextCheckIn {
  /** The deadline (ISO, as the plan gives it). */
  at: string;
  /** Reminder time reached (REMIND_MINUTES before the deadline). */
  due: boolean;
  /** The deadline has passed with no check-in. */
  overdue: boolean;
}

/** The next deadline not answered by `last` (the officer's latest check-in), or null when the day's are all answered. */
export function nextCheckIn(deadlines: readonly string[], last: string | null | undefined, now: Date): NextCheckIn | null {
  const times = deadlines.map((at) => ({ at, ms: Date.parse(at) })).sort((a, b) => a.ms - b.ms);
  const lastMs = last ? Date.parse(last) : -Infinity;
  const next = times.find((t) => t.ms >= lastMs && !(t.ms - lastMs <= EARLY_MINUTES * MINUTE));
  if (!next) return null;
  const nowMs = now.getTime();
  return { at: next.at, due: nowMs >= next.ms - REMIND_MINUTES * MINUTE, overdue: nowMs > next.ms };
}
