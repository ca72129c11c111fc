/**
 * England & Wales bank holidays from the gov.uk feed. Accepts the raw feed a council downloads
 * ({division: {division, events: [{title, date, notes, bunting}]}}) and the shipped simplified
 * form ({division: [{date, title}]}). Coverage is whole calendar years from the first to the last
 * year present: a date outside it throws, because counting it as a working day could make a visit
 * unlawful (reg 6 clear days exclude bank holidays).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CalendarRangeError } from './errors.js';

const DIVISION = 'england-and-wales';
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Event = z.object({ date: isoDate, title: z.string() });
const Simplified = z.array(Event);
const Raw = z.object({ division: z.string().optional(), events: z.array(Event) });

export const DEFAULT_BANK_HOLIDAYS_PATH = fileURLToPath(new URL('../../data/bank-holidays/govuk-bank-holidays-2019-2028.simplified.json', import.meta.url));

export class BankHolidayCalendar {
  private readonly titles: Map<string, string>;
  /** First and last covered dates, inclusive. */
  readonly first: string;
  readonly last: string;

  constructor(
    events: Array<{ date: string; title: string }>,
    readonly source = 'bank holidays',
  ) {
    if (events.length === 0) throw new Error(`${source}: no ${DIVISION} bank holidays`);
    this.titles = new Map(events.map((e) => [e.date, e.title]));
    const years = events.map((e) => Number(e.date.slice(0, 4)));
    this.first = `${Math.min(...years)}-01-01`;
    this.last = `${Math.max(...years)}-12-31`;
  }

  covers(date: string): boolean {
    return date >= this.first && date <= this.last;
  }

  /** Throws a CalendarRangeError naming the date and the data's range when `date` is not covered. */
  assertCovered(date: string, what = 'date'): void {
    if (!this.covers(date)) {
      throw new CalendarRangeError(
        `${what} ${date} is outside the bank-holiday data (${this.first} to ${this.last}, ${this.source}); ` +
          'load a newer gov.uk feed into data/bank-holidays/',
        date,
      );
    }
  }

  isBankHoliday(date: string): boolean {
    this.assertCovered(date);
    return this.titles.has(date);
  }

  /** Every listed date, in date order. */
  dates(): string[] {
    return [...this.titles.keys()].sort();
  }

  title(date: string): string | undefined {
    return this.titles.get(date);
  }
}

/** Parses feed JSON (either format); errors name the source and the field. */
export function parseBankHolidayFeed(json: unknown, source = 'bank-holiday feed'): BankHolidayCalendar {
  const division = json !== null && typeof json === 'object' ? (json as Record<string, unknown>)[DIVISION] : undefined;
  if (division === undefined) throw new Error(`${source}: not a gov.uk bank-holiday feed: no "${DIVISION}" division`);
  // The shipped simplified file lists events directly; the raw feed wraps them in {division, events}.
  const parsed = Array.isArray(division) ? Simplified.safeParse(division) : Raw.transform((r) => r.events).safeParse(division);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: not a gov.uk bank-holiday feed (at ${[DIVISION, ...issue.path].join('.')}: ${issue.message})`);
  }
  return new BankHolidayCalendar(parsed.data, source);
}

/** The one piece of I/O in the rules: reads a feed file (default: the shipped one). */
export function loadBankHolidays(path: string = DEFAULT_BANK_HOLIDAYS_PATH): BankHolidayCalendar {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read bank holidays from ${path}: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseBankHolidayFeed(json, path);
}
