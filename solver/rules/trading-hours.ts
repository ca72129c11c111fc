/**
 * Trading hours of business premises (reg 22(3): such premises may be visited whenever they are
 * open for trade), in the OSM opening_hours syntax, read by the `opening_hours` package:
 *   'Mo-Fr 09:00-17:30; Sa 10:00-16:00; PH off'   rules, later ones overriding earlier ones
 *   'Mo-Sa 07:00-19:00; Su,PH 10:00-16:00'        public holidays (PH) with their own hours
 *   'Fr-Sa 18:00-02:00'                           an end before the start runs past midnight
 *
 * Public holidays come from Rounds' own England & Wales calendar (bank-holidays.ts, with Good
 * Friday and Christmas Day), never from the package's country data, which cannot be replaced: each
 * `PH` selector is rewritten into the explicit dates of our calendar ('2026 Apr 06,...') before the
 * package evaluates the hours, so it still applies every other rule, including nights that run past
 * midnight, itself. Refused, naming the part: school holidays (SH: no calendar of them), PH with a
 * day offset, times tied to the sun (they depend on the place), and an hour that could be morning
 * or evening ('9-5'). 'unknown' and open-ended hours ('18:00+') are not taken as trading.
 *
 * Bank holidays without a PH rule: a listed 05:00 opening is no evidence of trading on Easter Monday,
 * so on a public holiday such hours are planned only inside visiting hours (reg 13, 06:00-21:00
 * by law), and so are the hours of a later rule that overrides the PH rule on that day; the night after a public holiday (before visiting hours) belongs to the holiday's trading
 * and is never planned outside visiting hours, whatever the rules say.
 *
 * Evaluation reads the package's Date objects (in the process's own zone) as wall-clock times of
 * the date asked for, so the result does not depend on TZ, except for a time inside the hour that
 * the process zone's own clocks skip in spring: with TZ unset (UTC) or Europe/London there is none
 * that London itself does not skip.
 */
import OpeningHours from 'opening_hours';
import type { BankHolidayCalendar } from './bank-holidays.js';
import { addDays, isPublicHoliday, minutesOf, publicHolidayDates } from './calendar.js';
import { PlanningInputError } from './errors.js';

/** Minutes after local midnight of the date asked for, 0 <= start < end <= 1440. */
export interface TradingInterval {
  start: number;
  end: number;
}

/** Trading hours as read: the package's tidy spelling of the text, and whether it says anything of public holidays. */
export interface TradingHours {
  value: string;
  publicHolidayRule: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Warnings that mean the package guessed at a time: better refused than planned on a guess. */
const REFUSED_WARNINGS = new Set(['ambiguous_single_digit_hour']);
/** Rule separators: a normal rule (;), an additional rule (,), a fallback rule (||); spelled as the package spells them. */
const JOINERS: Readonly<Record<string, string>> = { ';': '; ', ',': ', ', '||': ' || ' };
const SEPARATORS = new Set(Object.keys(JOINERS));

function fail(text: string, why: string): never {
  throw new PlanningInputError(`trading hours ${JSON.stringify(text)}: ${why}`, 'tradingHours');
}

/** One rule of the value and the separator before it ('' for the first). */
interface Rule {
  separator: string;
  text: string;
}

/** A `PH` selector in a rule: the rule split into its other selectors and the rest after the PH list. */
interface HolidayRule {
  others: string[];
  rest: string;
}

function construct(value: string): OpeningHours {
  // Mode 0: time ranges only. No location: the value given to it never needs one (no PH, no sun).
  return new OpeningHours(value, null, 0);
}

/** The package's rules with their separators, rebuilt from its tidy spelling. */
function rulesOf(text: string, oh: OpeningHours): Rule[] {
  const whole = oh.prettifyValue();
  const rules: Rule[] = [];
  let at = 0;
  for (let i = 0; ; i++) {
    const rule = oh.prettifyValue({ rule_index: i });
    if (rule === '') break;
    const found = whole.indexOf(rule, at);
    const separator = found < 0 ? undefined : whole.slice(at, found).trim();
    if (separator === undefined || (i === 0 ? separator !== '' : !SEPARATORS.has(separator))) fail(text, 'its rules could not be told apart');
    rules.push({ separator, text: rule });
    at = found + rule.length;
  }
  if (rules.length === 0 || whole.slice(at).trim() !== '') fail(text, 'its rules could not be told apart');
  return rules;
}

/** The PH selector of a rule, or undefined when it has none; refuses what cannot be rewritten. */
function holidayRuleOf(text: string, rule: string): HolidayRule | undefined {
  // A comment ("...") comes last and may contain any word.
  const quote = rule.indexOf('"');
  const selectors = quote < 0 ? rule : rule.slice(0, quote);
  const comment = quote < 0 ? '' : rule.slice(quote);
  if (/\bSH\b/.test(selectors)) fail(text, 'school holidays (SH) are not supported: Rounds has no calendar of them');
  if (/\b(sunrise|sunset|dawn|dusk)\b/.test(selectors)) fail(text, 'times tied to the sun are not supported: give clock times');
  if (!/\bPH\b/.test(selectors)) return undefined;
  const tokens = selectors.trim().split(/\s+/);
  const members = tokens[0].split(',');
  if (!members.includes('PH')) fail(text, `${JSON.stringify(rule)}: PH must come first in its rule (e.g. "Su,PH 10:00-16:00")`);
  if (members.filter((m) => m === 'PH').length > 1 || tokens.slice(1).some((t) => /\bPH\b/.test(t))) fail(text, `${JSON.stringify(rule)}: PH twice`);
  if (tokens[1] !== undefined && /^[+-]\d/.test(tokens[1])) fail(text, `${JSON.stringify(rule)}: PH with a day offset is not supported`);
  return { others: members.filter((m) => m !== 'PH'), rest: [...tokens.slice(1), comment].filter((t) => t !== '').join(' ') };
}

/**
 * The value with every PH selector replaced by `dates` (an OSM date list): 'Sa,PH 10:00-14:00'
 * becomes 'Sa 10:00-14:00; <dates> 10:00-14:00', which means the same (a rule with a list of
 * selectors applies on any of them) with PH spelled out as our calendar's days.
 */
function withHolidayDates(text: string, rules: Rule[], dates: string): { value: string; holidayRules: Set<number> } {
  const out: Rule[] = [];
  const holidayRules = new Set<number>();
  for (const rule of rules) {
    const ph = holidayRuleOf(text, rule.text);
    if (!ph) {
      out.push(rule);
      continue;
    }
    const separator = rule.separator;
    if (ph.others.length > 0) out.push({ separator, text: [ph.others.join(','), ph.rest].filter(Boolean).join(' ') });
    holidayRules.add(out.length);
    out.push({ separator: out.length === 0 ? '' : separator || ';', text: [dates, ph.rest].filter(Boolean).join(' ') });
  }
  return { value: out.map((r, i) => (i === 0 ? r.text : `${JOINERS[r.separator]}${r.text}`)).join(''), holidayRules };
}

function dateSelector(dates: readonly string[]): string {
  return dates.map((d) => `${d.slice(0, 4)} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(8)}`).join(',');
}

interface Compiled {
  hours: TradingHours;
  /** The value as evaluated: PH spelled out as our calendar's dates. */
  evaluate: OpeningHours;
  /** Indices of `evaluate`'s rules that stand for a PH selector (its dates). */
  holidayRules: ReadonlySet<number>;
}

function compile(text: string, holidayDates: readonly string[]): Compiled {
  if (typeof text !== 'string' || text.trim() === '') throw new PlanningInputError('trading hours are empty', 'tradingHours');
  let oh: OpeningHours;
  try {
    oh = construct(text);
  } catch (err) {
    // The package throws its message as a string, pointing at the part it could not read.
    fail(text, `not opening_hours syntax (e.g. 'Mo-Fr 09:00-17:30; Sa 10:00-16:00; PH off'): ${String(err).trim()}`);
  }
  for (const w of oh.getStructuredWarnings()) if (REFUSED_WARNINGS.has(w.type)) fail(text, w.message);
  const rules = rulesOf(text, oh);
  const publicHolidayRule = rules.some((r) => holidayRuleOf(text, r.text) !== undefined);
  const value = oh.prettifyValue();
  let evaluate = oh;
  let holidayRules = new Set<number>();
  if (publicHolidayRule) {
    const rewritten = withHolidayDates(text, rules, dateSelector(holidayDates));
    holidayRules = rewritten.holidayRules;
    try {
      evaluate = construct(rewritten.value);
    } catch {
      fail(text, 'PH can be combined with weekdays and times only (e.g. "Su,PH 10:00-16:00", "PH off")');
    }
  }
  return { hours: { value, publicHolidayRule }, evaluate, holidayRules };
}

/**
 * Reads trading hours, throwing a PlanningInputError (field 'tradingHours') that quotes the text
 * and says what is wrong. `value` is the package's tidy spelling ('Mon-Fri' becomes 'Mo-Fr').
 */
export function parseTradingHours(text: string): TradingHours {
  // Any date proves the PH rewriting reads: the calendar's own dates are used when evaluating.
  return compile(text, ['2026-01-01']).hours;
}

// Per calendar (a test may load another), per text: a caseload has a handful of distinct hours.
const compiled = new WeakMap<BankHolidayCalendar, Map<string, Compiled>>();
const intervalCache = new WeakMap<BankHolidayCalendar, Map<string, TradingInterval[]>>();
const CACHE_LIMIT = 20_000;

function compiledFor(text: string, holidays: BankHolidayCalendar): Compiled {
  let byText = compiled.get(holidays);
  if (!byText) compiled.set(holidays, (byText = new Map<string, Compiled>()));
  let c = byText.get(text);
  if (!c) {
    c = compile(text, publicHolidayDates(holidays));
    if (byText.size > CACHE_LIMIT) byText.clear();
    byText.set(text, c);
  }
  return c;
}

/** Wall-clock minutes of `d` after local midnight of y-m-d, both read in the process's zone. */
function wallMinutes(d: Date, y: number, m: number, day: number): number {
  return Math.round((Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()) - Date.UTC(y, m - 1, day)) / 60_000);
}

function merged(intervals: TradingInterval[]): TradingInterval[] {
  const out: TradingInterval[] = [];
  for (const i of [...intervals].sort((a, b) => a.start - b.start)) {
    const last = out.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** Open (not 'unknown') intervals of the premises on local date `date`, as the package reads the value. */
function openIntervals(c: Compiled, date: string): TradingInterval[] {
  const [y, m, d] = date.split('-').map(Number);
  const open = c.evaluate
    .getOpenIntervals(new Date(y, m - 1, d), new Date(y, m - 1, d + 1))
    .filter(([, , unknown]) => !unknown)
    .map(([from, to]) => ({ start: Math.max(0, wallMinutes(from, y, m, d)), end: Math.min(1440, wallMinutes(to, y, m, d)) }))
    .filter((i) => i.end > i.start);
  return merged(open);
}

/** A date before the calendar's range counts as a holiday: the cautious guess. */
function holidayOrUnknown(date: string, holidays: BankHolidayCalendar): boolean {
  return !holidays.covers(date) || isPublicHoliday(date, holidays);
}

function clip(intervals: TradingInterval[], from: number, to: number): TradingInterval[] {
  return intervals.map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, to) })).filter((i) => i.end > i.start);
}

/**
 * On a public holiday, for a value with a PH rule: trading outside visiting hours is kept only
 * where the PH rule itself says so. A later rule overrides an earlier one ('PH off; Mo-Fr
 * 05:00-17:00' opens at 05:00 on Easter Monday, as the package reads it), and then the hours are
 * no more evidence of holiday trading than a value without a PH rule: clipped like one.
 */
function holidayRuled(c: Compiled, date: string, intervals: TradingInterval[], from: number, to: number): TradingInterval[] {
  const [y, m, d] = date.split('-').map(Number);
  const out: TradingInterval[] = [];
  for (const i of intervals) {
    let start = -1;
    for (let minute = i.start; minute <= i.end; minute++) {
      const kept =
        minute < i.end && ((minute >= from && minute < to) || c.holidayRules.has(c.evaluate.getMatchingRule(new Date(y, m - 1, d, 0, minute)) ?? -1));
      if (kept && start < 0) start = minute;
      else if (!kept && start >= 0) {
        out.push({ start, end: minute });
        start = -1;
      }
    }
  }
  return out;
}

/**
 * The intervals on local date `date` in which the premises are open for trade (reg 22(3)), in
 * minutes after that day's midnight, with the bank-holiday caution above applied against
 * `visitingHours` (the lawful hours of reg 13). Throws a CalendarRangeError for a date the
 * calendar does not cover.
 */
export function tradingIntervalsOn(
  text: string,
  date: string,
  holidays: BankHolidayCalendar,
  visitingHours: { start: string; end: string },
): TradingInterval[] {
  const key = `${visitingHours.start}-${visitingHours.end}|${date}|${text}`;
  let byKey = intervalCache.get(holidays);
  if (!byKey) intervalCache.set(holidays, (byKey = new Map<string, TradingInterval[]>()));
  const cached = byKey.get(key);
  if (cached) return cached;

  holidays.assertCovered(date, 'trading hours on');
  const c = compiledFor(text, holidays);
  let intervals = openIntervals(c, date);
  const from = minutesOf(visitingHours.start);
  const to = minutesOf(visitingHours.end);
  if (isPublicHoliday(date, holidays)) intervals = c.hours.publicHolidayRule ? holidayRuled(c, date, intervals, from, to) : clip(intervals, from, to);
  // The night after a public holiday: what runs on from the holiday is not planned before visiting hours.
  if (holidayOrUnknown(addDays(date, -1), holidays)) intervals = intervals.flatMap((i) => (i.start === 0 ? clip([i], from, 1440) : [i]));

  if (byKey.size > CACHE_LIMIT) byKey.clear();
  byKey.set(key, intervals);
  return intervals;
}
