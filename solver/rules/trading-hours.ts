/**
 * Trading hours of business premises (reg 22(3): such premises may be visited whenever they are
 * open for trade). The accepted text is the common subset of OSM opening_hours:
 *   'Mo-Fr 09:00-17:30; Sa 10:00-16:00'   rules separated by ';'
 *   'Mo,We,Fr 08:00-12:00,13:00-18:00'    day lists and several ranges
 *   'Fr-Sa 18:00-02:00'                   an end at or before the start runs past midnight
 *   'Su off', '24/7'
 * A later rule for the same day replaces an earlier one (as in opening_hours). Anything else is an
 * error quoting the text and the part not understood.
 */
import { PlanningInputError } from './errors.js';

const DAY_CODES = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const RANGE_RE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/** Minutes after local midnight of the day the interval opens on; `end` may exceed 1440. */
export interface TradingInterval {
  start: number;
  end: number;
}

/** Index 1..7 (ISO weekday) -> intervals opening that day; index 0 unused. */
export type TradingWeek = TradingInterval[][];

function fail(text: string, part: string, why: string): never {
  throw new PlanningInputError(`trading hours ${JSON.stringify(text)}: ${JSON.stringify(part)} ${why}`, 'tradingHours');
}

function parseDays(text: string, part: string): number[] {
  const days: number[] = [];
  for (const piece of part.split(',')) {
    const [a, b, extra] = piece.split('-');
    const from = DAY_CODES.indexOf(a) + 1;
    const to = b === undefined ? from : DAY_CODES.indexOf(b) + 1;
    if (extra !== undefined || from === 0 || to === 0) fail(text, piece, 'is not a day or day range (Mo Tu We Th Fr Sa Su, e.g. Mo-Fr)');
    // Ranges may wrap over the weekend: Sa-Mo is Saturday, Sunday, Monday.
    for (let d = from, n = 0; n < 7; d = (d % 7) + 1, n++) {
      days.push(d);
      if (d === to) break;
    }
  }
  return days;
}

function parseTimes(text: string, part: string): TradingInterval[] {
  return part.split(',').map((range) => {
    const m = RANGE_RE.exec(range.trim());
    if (!m) fail(text, range, 'is not a time range HH:MM-HH:MM');
    const [h1, m1, h2, m2] = m.slice(1).map(Number);
    if (h1 > 24 || h2 > 24 || m1 > 59 || m2 > 59 || (h1 === 24 && m1 > 0) || (h2 === 24 && m2 > 0)) fail(text, range, 'has an impossible time');
    const start = h1 * 60 + m1;
    let end = h2 * 60 + m2;
    if (end <= start) end += 1440;
    return { start, end };
  });
}

export function parseTradingHours(text: string): TradingWeek {
  if (typeof text !== 'string' || text.trim() === '') throw new PlanningInputError('trading hours are empty', 'tradingHours');
  const week: TradingWeek = Array.from({ length: 8 }, () => []);
  const trimmed = text.trim();
  if (trimmed === '24/7') {
    for (let d = 1; d <= 7; d++) week[d] = [{ start: 0, end: 1440 }];
    return week;
  }
  for (const rawRule of trimmed.split(';')) {
    const rule = rawRule.trim();
    if (rule === '') continue;
    const space = rule.indexOf(' ');
    if (space < 0) fail(text, rule, 'needs days then times, e.g. "Mo-Fr 09:00-17:30"');
    const days = parseDays(text, rule.slice(0, space).trim());
    const rest = rule.slice(space + 1).trim();
    const intervals = rest === 'off' || rest === 'closed' ? [] : parseTimes(text, rest);
    for (const d of days) week[d] = intervals;
  }
  return week;
}

/**
 * Open intervals touching the local day with ISO weekday `day`, in minutes after that day's
 * midnight: its own intervals plus the part of the previous day's that runs past midnight.
 */
export function tradingIntervalsOn(week: TradingWeek, day: number): TradingInterval[] {
  const previous = day === 1 ? 7 : day - 1;
  const spill = week[previous].filter((i) => i.end > 1440).map((i) => ({ start: 0, end: i.end - 1440 }));
  return [...spill, ...week[day]].sort((a, b) => a.start - b.start);
}
