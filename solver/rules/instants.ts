/**
 * Reading past instants (failed attempts, recorded outcomes) as London wall-clock times, fast:
 * planning reads every attempt of a caseload and learning every recorded outcome, and a luxon
 * parse for each was most of their time. An instant with an offset (or Z) is read with Date.parse
 * and the zone's offset for that day; anything else goes to luxon (calendar.ts localParts), which
 * also names an unreadable one.
 */
import { DateTime, IANAZone } from 'luxon';
import { isoLocal, localParts, weekday } from './calendar.js';

/** An instant with its offset (or Z), which Date.parse reads exactly; others are local times for luxon. */
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Date.parse of an instant with an offset, NaN for anything else or a day the month lacks (Date.parse rolls 30 Feb over). */
function parseWithOffset(iso: string): number {
  if (!WITH_OFFSET.test(iso)) return NaN;
  const daysInMonth = new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), 0)).getUTCDate();
  return Number(iso.slice(8, 10)) > daysInMonth ? NaN : Date.parse(iso);
}

/** Local date, minutes and weekday of an instant, as luxon reads it (calendar.ts localParts), faster. */
export function localPartsOf(iso: string, zone: string, what: string): { date: string; minutes: number; weekday: number } {
  const ms = parseWithOffset(iso);
  if (Number.isNaN(ms)) return localParts(iso, zone, what);
  const offset = dayOffset(zone, ms);
  // Whole seconds down, as luxon reads the clock (isoLocal rounds to the nearest).
  const local = offset === null ? isoLocal(Math.floor(ms / 1000) * 1000, zone) : new Date(ms + offset * 60_000).toISOString();
  const date = local.slice(0, 10);
  return { date, minutes: Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16)), weekday: weekday(date) };
}

/**
 * The zone's offset in minutes on the UTC day of `ms` when it holds all that day, else null (a
 * clock change that day). Asking the zone per instant was most of the time of reading attempts.
 */
function dayOffset(zone: string, ms: number): number | null {
  const day = Math.floor(ms / 86_400_000);
  const key = `${zone}|${day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const z = IANAZone.create(zone);
    const start = z.offset(day * 86_400_000);
    offset = start === z.offset((day + 1) * 86_400_000 - 1) ? start : null;
    if (dayOffsets.size > 20_000) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset;
}
const dayOffsets = new Map<string, number | null>();

/** Epoch ms of an ISO instant; a local time without an offset is in `zone`. NaN when unreadable. */
export function instantOf(iso: string, zone: string): number {
  const ms = parseWithOffset(iso);
  return Number.isNaN(ms) ? DateTime.fromISO(iso, { zone }).toMillis() : ms;
}
