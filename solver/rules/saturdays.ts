/**
 * Saturdays across the month. "A minimum of 2 Saturday visits per month is expected" (Kingston role
 * profile): a quota per officer per calendar month (`saturdayQuota`, 2 by default), counted in
 * Saturdays worked with visits.
 *
 * An officer's Saturdays follow one of three patterns: Saturday is one of their working days (they
 * work every Saturday they are not off); they are on the Saturday rota (`saturdayRota`: they work
 * Monday to Friday and are available on Saturdays, and the planner chooses which); or neither (no
 * Saturday unless a team leader names them for one).
 *
 * What counts towards the quota: a Saturday (a local date in the settings' time zone) on which the
 * officer recorded an outcome (worked), or which a saved plan gives them visits on (planned).
 *
 * The rota (rotaForMonth): for a month's Saturdays from a date on, those after a plan's last day
 * included (so that planning week by week spreads the month as planning it at once would), each
 * rota officer who still owes Saturdays gets as many of the Saturdays they are available on as they
 * owe (all of those when fewer remain, never more), spread so that the officers out on each
 * Saturday, every-Saturday officers and those already planned included, are as even as can be
 * (spread.ts: the busiest Saturday as light as possible, then the next).
 */
import { addDays, localParts, weekday } from './calendar.js';
import { spreadAssignment } from './spread.js';
import type { Officer } from './types.js';

export type SaturdayPattern = 'every' | 'rota' | 'none';

/** Saturday dates per officer id (worked, planned, or both). */
export type SaturdayRecord = Readonly<Record<string, readonly string[]>>;

/** Per officer, the Saturday dates that count towards the quota. */
export type CountedSaturdays = ReadonlyMap<string, ReadonlySet<string>>;

export function isSaturday(date: string): boolean {
  return weekday(date) === 6;
}

/** A working day wins: an officer who works Saturdays works every one, whatever the rota flag says. */
export function saturdayPattern(o: Officer): SaturdayPattern {
  if (o.workingDays.includes(6)) return 'every';
  // Absent on officers saved before the rota existed: not on it.
  return o.saturdayRota === true ? 'rota' : 'none';
}

/** The Saturdays of a month 'YYYY-MM', in order. */
export function saturdaysOf(month: string): string[] {
  const first = `${month}-01`;
  const out: string[] = [];
  for (let d = addDays(first, (6 - weekday(first) + 7) % 7); d.startsWith(month); d = addDays(d, 7)) out.push(d);
  return out;
}

/**
 * The rule of what was worked: per officer, the Saturdays on which an outcome was recorded under
 * their id, the date taken in `zone` (the settings' time zone: a visit at 00:30 on a Saturday in
 * June is 23:30 on the Friday in UTC).
 */
export function saturdaysWorked(outcomes: Iterable<{ officerId?: string; at: string }>, zone: string): Record<string, string[]> {
  const days = new Map<string, Set<string>>();
  for (const o of outcomes) {
    if (!o.officerId) continue;
    const local = localParts(o.at, zone, 'outcome time');
    if (local.weekday !== 6) continue;
    if (!days.has(o.officerId)) days.set(o.officerId, new Set());
    days.get(o.officerId)!.add(local.date);
  }
  return Object.fromEntries([...days].map(([id, dates]) => [id, [...dates].sort()]));
}

/** The record as sets, leaving out `except` (the days being planned afresh) and days that are not Saturdays. */
export function countedSaturdays(record: SaturdayRecord | undefined, except: ReadonlySet<string> = new Set()): Map<string, Set<string>> {
  const counted = new Map<string, Set<string>>();
  for (const [id, dates] of Object.entries(record ?? {})) counted.set(id, new Set(dates.filter((d) => isSaturday(d) && !except.has(d))));
  return counted;
}

export function countInMonth(dates: Iterable<string> | undefined, month: string): number {
  let n = 0;
  for (const d of dates ?? []) if (d.startsWith(month)) n++;
  return n;
}

/** Saturdays the officer still owes in `month`: the quota less what already counts, never below 0. */
export function owedIn(o: Officer, month: string, counted: CountedSaturdays): number {
  return Math.max(0, o.saturdayQuota - countInMonth(counted.get(o.id), month));
}

/** Whether the officer could be out on this Saturday: not a date off, not a council blackout. */
export function freeOn(o: Officer, date: string, blackout: ReadonlySet<string>): boolean {
  return !o.unavailableDates.includes(date) && !blackout.has(date);
}

export interface RotaInput {
  /** The officers being planned. */
  officers: readonly Officer[];
  counted: CountedSaturdays;
  /** Council blackout dates: nobody is rostered on them. */
  blackout: ReadonlySet<string>;
}

/** The rota officers out on each Saturday of `month` from `from` on (see the header). */
export function rotaForMonth(input: RotaInput, month: string, from: string): Map<string, string[]> {
  const { officers, counted, blackout } = input;
  const saturdays = saturdaysOf(month).filter((d) => d >= from && !blackout.has(d));
  const countedOn = (o: Officer, d: string) => counted.get(o.id)?.has(d) ?? false;
  const base = saturdays.map((d) => officers.filter((o) => countedOn(o, d) || (saturdayPattern(o) === 'every' && freeOn(o, d, blackout))).length);
  const rota = officers.filter((o) => saturdayPattern(o) === 'rota');
  const agents = rota.map((o) => ({
    need: owedIn(o, month, counted),
    allowed: saturdays.flatMap((d, i) => (freeOn(o, d, blackout) && !countedOn(o, d) ? [i] : [])),
  }));
  const chosen = spreadAssignment(base, agents);
  const out = new Map<string, string[]>(saturdays.map((d) => [d, []]));
  chosen.forEach((slots, a) => slots.forEach((i) => out.get(saturdays[i])!.push(rota[a].id)));
  return out;
}

/** The rota officers out on `date` (a Saturday), chosen with the rest of its month's Saturdays. */
export function rotaOn(input: RotaInput, date: string): string[] {
  if (!isSaturday(date)) return [];
  return rotaForMonth(input, date.slice(0, 7), date).get(date) ?? [];
}

/** Officers who still owe a Saturday in the month of `date`. */
export function owingOn(officers: readonly Officer[], date: string, counted: CountedSaturdays): Set<string> {
  return new Set(officers.filter((o) => owedIn(o, date.slice(0, 7), counted) > 0).map((o) => o.id));
}

/**
 * Whether the officer will still owe a Saturday on `sat` when they work each Saturday they are out
 * on from `from` until then: a rota officer when the rota puts them on it, an every-Saturday
 * officer when they owe more than the free Saturdays of the month before it. Sizes the work held
 * back for that Saturday (plan-week.ts).
 */
export function stillOwesOn(
  o: Officer,
  sat: string,
  from: string,
  rota: ReadonlyMap<string, readonly string[]>,
  counted: CountedSaturdays,
  blackout: ReadonlySet<string>,
): boolean {
  const pattern = saturdayPattern(o);
  if (pattern === 'rota') return rota.get(sat)?.includes(o.id) ?? false;
  if (pattern === 'none' || !freeOn(o, sat, blackout)) return false;
  const month = sat.slice(0, 7);
  const before = saturdaysOf(month).filter((d) => d >= from && d < sat && freeOn(o, d, blackout) && !(counted.get(o.id)?.has(d) ?? false)).length;
  return owedIn(o, month, counted) > before;
}

/** Saturdays of `month` after `after` the officer could still work (by pattern, dates off and blackouts), not already counted. */
export function workableAfter(o: Officer, month: string, after: string, counted: CountedSaturdays, blackout: ReadonlySet<string>): number {
  if (saturdayPattern(o) === 'none') return 0;
  return saturdaysOf(month).filter((d) => d > after && freeOn(o, d, blackout) && !(counted.get(o.id)?.has(d) ?? false)).length;
}

/** One officer's Saturdays in a month as the team view shows them. */
export interface SaturdayMonth {
  officerId: string;
  pattern: SaturdayPattern;
  quota: number;
  /** Saturdays with an outcome recorded under their id. */
  worked: string[];
  /** Saturdays a saved plan gives them visits on. */
  planned: string[];
  /** The quota less the Saturdays worked or planned (a date both worked and planned counts once). */
  owed: number;
}

export function saturdayMonth(officers: readonly Officer[], month: string, worked: SaturdayRecord, planned: SaturdayRecord): SaturdayMonth[] {
  const inMonth = (dates: readonly string[] | undefined) => [...new Set((dates ?? []).filter((d) => d.startsWith(month) && isSaturday(d)))].sort();
  return officers.map((o) => {
    const w = inMonth(worked[o.id]);
    const p = inMonth(planned[o.id]);
    const counted = new Set([...w, ...p]).size;
    return { officerId: o.id, pattern: saturdayPattern(o), quota: o.saturdayQuota, worked: w, planned: p, owed: Math.max(0, o.saturdayQuota - counted) };
  });
}

export interface SaturdayStaffingOptions {
  /** The officers a team leader named for the day: those on the rota work it (their choice). */
  officerIds?: readonly string[];
  /** The rota officers out that day when already chosen (the week plan's rota). */
  rostered?: ReadonlySet<string>;
  /** What already counts towards each quota, outside this day. */
  countedSaturdays?: SaturdayRecord;
}

/**
 * A Saturday's staffing: the rota officers who work it (named by the team leader, or chosen by the
 * month's rota: only officers who still owe a Saturday, spread over the rest of the month), and
 * the officers who still owe one this month (their teams are credited for working: plan-day.ts).
 */
export function saturdayStaffing(
  officers: readonly Officer[],
  date: string,
  opts: SaturdayStaffingOptions,
  blackout: ReadonlySet<string>,
): { rostered: ReadonlySet<string>; owing: ReadonlySet<string> } {
  const counted = countedSaturdays(opts.countedSaturdays, new Set([date]));
  const named = opts.officerIds && opts.officerIds.length > 0 ? new Set(opts.officerIds) : undefined;
  const rostered =
    opts.rostered ??
    new Set(named ? officers.filter((o) => named.has(o.id) && saturdayPattern(o) === 'rota').map((o) => o.id) : rotaOn({ officers, counted, blackout }, date));
  return { rostered, owing: owingOn(officers, date, counted) };
}
