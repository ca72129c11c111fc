import { DateTime } from 'luxon';
import { PlanningInputError } from '../../solver/rules/errors.js';
import { parseTradingHours as readTradingHours } from '../../solver/rules/trading-hours.js';

/**
 * Field parsers for the case import. Each returns the parsed value or an error message; messages
 * name the expected form and echo at most the offending token, never a name or an address.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The longest value each column may hold, in characters: generous for real exports, and small
 * enough that one row cannot carry megabytes into the store (a list of ten thousand attempts).
 * A column missing here takes no value at all: a new column needs its maximum.
 */
export const FIELD_MAX_LENGTH: Readonly<Record<string, number>> = {
  case_ref: 64,
  debtor_ref: 64,
  name: 200,
  address: 400,
  postcode: 10,
  lat: 32,
  lon: 32,
  debt_type: 32,
  balance: 32,
  liability_order_date: 32,
  notice_date: 32,
  premises: 32,
  trading_hours: 200,
  vulnerable: 16,
  warning: 16,
  // About 180 dates and 80 date-times.
  do_not_visit: 2000,
  previous_attempts: 2000,
  notice_method: 16,
  notice_period_days: 8,
  breathing_space_until: 32,
};

/** One record (row) of the file, in characters: every column at its longest, with room for quoting. */
export const MAX_RECORD_CHARS = 10_000;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Echoes a short, printable version of a bad token so the user can find it. */
export function quote(token: string): string {
  const t = token.length > 40 ? `${token.slice(0, 40)}...` : token;
  return JSON.stringify(t);
}

export function parseIsoDate(raw: string): Parsed<string> {
  const s = raw.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return fail(`expected a date as YYYY-MM-DD, got ${quote(s)}`);
  const d = DateTime.fromISO(s, { zone: 'Europe/London' });
  if (!d.isValid) return fail(`${quote(s)} is not a real calendar date`);
  return ok(s);
}

export function parseDateTime(raw: string): Parsed<string> {
  const s = raw.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) return fail(`expected an ISO 8601 date-time such as 2026-03-02T18:30, got ${quote(s)}`);
  const d = DateTime.fromISO(s, { zone: 'Europe/London' });
  if (!d.isValid) return fail(`${quote(s)} is not a real date-time`);
  // Local times without an offset are meant in Europe/London; store them with the offset so that
  // the rules read the same instant whatever the server's time zone.
  return ok(d.toISO({ suppressMilliseconds: true }));
}

export function parseList<T>(raw: string, item: (s: string) => Parsed<T>): Parsed<T[]> {
  const out: T[] = [];
  for (const part of raw.split(';')) {
    if (part.trim() === '') continue;
    const r = item(part);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

export function parseYesNo(raw: string): Parsed<boolean> {
  const s = raw.trim().toLowerCase();
  if (s === '' || s === 'no' || s === 'n' || s === 'false' || s === '0') return ok(false);
  if (s === 'yes' || s === 'y' || s === 'true' || s === '1') return ok(true);
  return fail(`expected yes or no, got ${quote(raw)}`);
}

export function parseEnum<T extends string>(raw: string, allowed: readonly T[]): Parsed<T> {
  // Revenues systems write 'Council Tax' or 'council-tax' as often as 'council_tax'.
  const s = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if ((allowed as readonly string[]).includes(s)) return ok(s as T);
  return fail(`expected one of ${allowed.join(', ')}, got ${quote(raw)}`);
}

export function parseMoney(raw: string): Parsed<number> {
  const s = raw.trim().replace(/^£/, '').replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return fail(`expected an amount in pounds such as 612.50, got ${quote(raw)}`);
  const n = Number(s);
  if (n > 10_000_000) return fail(`amount ${quote(raw)} is implausibly large`);
  return ok(n);
}

export function parseCoordinate(raw: string, min: number, max: number, what: string): Parsed<number> {
  const s = raw.trim();
  if (!/^[-+]?\d+(\.\d+)?$/.test(s)) return fail(`expected a ${what} in decimal degrees, got ${quote(raw)}`);
  const n = Number(s);
  if (n < min || n > max) return fail(`${what} ${s} is out of range ${min}..${max}`);
  return ok(n);
}

/** Full UK postcode, outward and inward parts (the space is optional on input). */
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$/;

export function parsePostcodeFormat(raw: string): Parsed<string> {
  const m = POSTCODE.exec(raw.trim().toUpperCase());
  if (!m) return fail(`${quote(raw)} is not a UK postcode`);
  return ok(`${m[1]} ${m[2]}`);
}

/**
 * Opening hours in the OSM opening_hours syntax ('Mo-Fr 09:00-17:30; Sa 10:00-16:00; PH off'), read
 * by the rules (solver/rules/trading-hours.ts) and kept in the package's tidy spelling.
 */
export function parseTradingHours(raw: string): Parsed<string> {
  try {
    return ok(readTradingHours(raw.trim()).value);
  } catch (err) {
    if (err instanceof PlanningInputError) return fail(err.message);
    throw err;
  }
}

/** A whole number of clear days among `allowed` (the law's and the announced reform's periods). */
export function parseNoticePeriod(raw: string, allowed: readonly number[]): Parsed<number> {
  const s = raw.trim();
  if (/^\d+$/.test(s) && allowed.includes(Number(s))) return ok(Number(s));
  return fail(`expected clear days of notice, one of ${allowed.join(', ')} (28 on a debt adviser's request), got ${quote(raw)}`);
}
