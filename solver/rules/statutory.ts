/**
 * The statutory safeguards, written once and dated: the limits the Taking Control of Goods
 * Regulations 2013 (SI 2013/1894) put on every visit, which settings may make stricter (a council
 * that starts at 08:00, or gives 14 clear days) and never looser. The settings check here is the
 * one judge of "looser": the API refuses such settings, and planning clamps them to the law in
 * force on the plan date in case looser ones are stored anyway (an old or hand-edited database).
 *
 * Not settings, and not here: business premises are visited by their trading hours (reg 13(1)(b),
 * reg 22), which come with each case; a court's extension of the 12-month limit (reg 9(3)) is per
 * case (`limitExtendedByCourt`).
 */
import { minutesOf } from './calendar.js';
import type { NoticePeriod, RulesSettings } from './settings.js';

export interface StatutorySafeguards {
  /** The law in this row is in force from this date. */
  from: string;
  /** reg 13(1)(a): goods may be taken only between these local hours. */
  visitingHours: { start: string; end: string };
  /** reg 6(1): least clear days between a notice of enforcement given on or after `from` and the first visit. */
  clearDays: number;
  /** reg 9(1): months, beginning with the notice, within which goods may be taken. */
  limitMonths: number;
  /** reg 10, National Standards 72-73: a vulnerable debtor's case is suspended until a person lifts it. */
  suspendVulnerable: true;
}

/**
 * One row per change in the law, in date order. The announced reform to 14 clear days (gov.uk
 * consultation response, June 2025) becomes one more row when its in-force date is made:
 * `{ ...previous row, from: '<in-force date>', clearDays: 14 }`.
 */
export const STATUTORY_SAFEGUARDS: readonly StatutorySafeguards[] = [
  // SI 2013/1894, in force 6 April 2014.
  { from: '2014-04-06', visitingHours: { start: '06:00', end: '21:00' }, clearDays: 7, limitMonths: 12, suspendVulnerable: true },
];

/** Local time in England and Wales, in which reg 13's hours are read. */
export const LAW_TIME_ZONE = 'Europe/London';

/** A way settings are looser than the law: `field` is a dotted path into the settings. */
export interface SafeguardProblem {
  field: string;
  message: string;
}

/**
 * The safeguards in force on `date`. A date before the first row (the old law of distress, which
 * this planner does not model) gets the first row: the planner never runs without safeguards.
 */
export function safeguardsOn(date: string, table: readonly StatutorySafeguards[] = STATUTORY_SAFEGUARDS): StatutorySafeguards {
  let best = table[0];
  for (const row of table) if (row.from <= date && row.from > best.from) best = row;
  return best;
}

/** The least clear days the law requires of a notice given on `noticeDate`; undefined before the first row. */
function statutoryClearDaysOn(noticeDate: string, table: readonly StatutorySafeguards[]): number | undefined {
  let best: StatutorySafeguards | undefined;
  for (const row of table) if (row.from <= noticeDate && (!best || row.from > best.from)) best = row;
  return best?.clearDays;
}

/** The first `from` after `from` in a dated table (where the row starting at `from` stops applying). */
function nextFrom(froms: readonly string[], from: string): string | undefined {
  let next: string | undefined;
  for (const f of froms) if (f > from && (next === undefined || f < next)) next = f;
  return next;
}

/** Whether [aFrom, aUntil) and [bFrom, bUntil) share a date; an undefined end is open. */
function overlaps(aFrom: string, aUntil: string | undefined, bFrom: string, bUntil: string | undefined): boolean {
  return (bUntil === undefined || aFrom < bUntil) && (aUntil === undefined || bFrom < aUntil);
}

/**
 * reg 6(1), by notice date. A row is looser when, on any notice date it covers (from its `from` to
 * the next row's), the law asks for more clear days than it gives. A table that starts after the
 * law leaves the notices between without any period (the rules cannot plan them at all), so it
 * must start no later than the law does. Rows before the first statutory date are not judged.
 */
function noticePeriodProblems(periods: readonly NoticePeriod[], table: readonly StatutorySafeguards[]): SafeguardProblem[] {
  const problems: SafeguardProblem[] = [];
  const lawFroms = table.map((r) => r.from);
  const rowFroms = periods.map((p) => p.from);
  periods.forEach((row, i) => {
    const until = nextFrom(rowFroms, row.from);
    for (const law of table) {
      if (row.clearDays >= law.clearDays || !overlaps(row.from, until, law.from, nextFrom(lawFroms, law.from))) continue;
      problems.push({ field: `noticePeriods.${i}.clearDays`, message: `reg 6(1): notices given from ${law.from} need at least ${law.clearDays} clear days` });
    }
  });
  const first = periods.reduce((a, p, i) => (p.from < periods[a].from ? i : a), 0);
  const law = table[0];
  if (periods.length > 0 && periods[first].from > law.from) {
    problems.push({
      field: `noticePeriods.${first}.from`,
      message: `reg 6(1): notices given from ${law.from} need at least ${law.clearDays} clear days; a table starting ${periods[first].from} gives the earlier ones none`,
    });
  }
  return problems;
}

/** The statutory rows in force on `date`, or without a date on any day from the earliest the settings' dated tables cover. */
function rowsInForce(settings: RulesSettings, date: string | undefined, table: readonly StatutorySafeguards[]): StatutorySafeguards[] {
  if (date !== undefined) return [safeguardsOn(date, table)];
  const earliest = [...settings.noticePeriods, ...settings.fees].map((r) => r.from).sort()[0] ?? table[0].from;
  const froms = table.map((r) => r.from);
  return table.filter((row) => {
    const until = nextFrom(froms, row.from);
    return until === undefined || until > earliest;
  });
}

/**
 * Every way `settings` are looser than the law: on `date` when given (a plan date), else on every
 * date the settings could be used for. The notice-period table is judged by notice date whatever
 * `date` is, since reg 6 asks for the period of the law in force when the notice was given.
 * Stricter settings are always lawful. Messages name the regulation and never any personal data.
 */
export function safeguardProblems(settings: RulesSettings, date?: string, table: readonly StatutorySafeguards[] = STATUTORY_SAFEGUARDS): SafeguardProblem[] {
  const problems: SafeguardProblem[] = [];
  for (const law of rowsInForce(settings, date, table)) {
    // Compared in minutes, where '24:00' (midnight at the end of the day) is later than '21:00'.
    if (minutesOf(settings.visitingHours.start, 'visitingHours.start') < minutesOf(law.visitingHours.start))
      problems.push({ field: 'visitingHours.start', message: `reg 13(1)(a): visits may not start before ${law.visitingHours.start}` });
    if (minutesOf(settings.visitingHours.end, 'visitingHours.end') > minutesOf(law.visitingHours.end))
      problems.push({ field: 'visitingHours.end', message: `reg 13(1)(a): visits may not go on after ${law.visitingHours.end}` });
    if (settings.limitMonths > law.limitMonths)
      problems.push({
        field: 'limitMonths',
        message: `reg 9(1): goods may be taken only within ${law.limitMonths} months of the notice (a court's extension, reg 9(3), is per case)`,
      });
    if (!settings.suspendVulnerable)
      problems.push({
        field: 'suspendVulnerable',
        message:
          'reg 10 and the National Standards: a vulnerable debtor is not visited until a person lifts the suspension; suspendVulnerable may not be false',
      });
  }
  // Another zone would move 06:00-21:00 to other hours of the London day.
  if (settings.timeZone !== LAW_TIME_ZONE)
    problems.push({ field: 'timeZone', message: `reg 13(1)(a): the visiting hours are local time in England and Wales: timeZone must be ${LAW_TIME_ZONE}` });
  problems.push(...noticePeriodProblems(settings.noticePeriods, table));
  // Several rows of the law can find the same fault (without a date): name it once.
  const unique = new Map(problems.map((p) => [`${p.field}|${p.message}`, p]));
  return [...unique.values()];
}

/**
 * The notice-period table no looser than the law on any notice date: at each date where either
 * table changes, the larger of the two periods (the law's alone where the settings say nothing).
 */
function lawfulNoticePeriods(periods: readonly NoticePeriod[], table: readonly StatutorySafeguards[]): NoticePeriod[] {
  const froms = [...new Set([...periods.map((p) => p.from), ...table.map((r) => r.from)])].sort();
  const settingOn = (date: string) => {
    let best: NoticePeriod | undefined;
    for (const p of periods) if (p.from <= date && (!best || p.from > best.from)) best = p;
    return best?.clearDays;
  };
  const out: NoticePeriod[] = [];
  for (const from of froms) {
    const days = [settingOn(from), statutoryClearDaysOn(from, table)].filter((d): d is number => d !== undefined);
    const clearDays = Math.max(...days);
    if (out.length === 0 || out[out.length - 1].clearDays !== clearDays) out.push({ from, clearDays });
  }
  return out;
}

/**
 * Settings no looser than the law in force on `date`: London time, the later start and earlier end of the
 * visiting hours, the longer notice period for every notice date, the shorter limit, vulnerable
 * debtors suspended. Lawful settings come back as the same object.
 */
export function lawfulSettings(settings: RulesSettings, date: string, table: readonly StatutorySafeguards[] = STATUTORY_SAFEGUARDS): RulesSettings {
  const problems = safeguardProblems(settings, date, table);
  if (problems.length === 0) return settings;
  const law = safeguardsOn(date, table);
  const noticeProblem = problems.some((p) => p.field.startsWith('noticePeriods.'));
  const later = (a: string, b: string) => (minutesOf(a) >= minutesOf(b) ? a : b);
  const earlier = (a: string, b: string) => (minutesOf(a) <= minutesOf(b) ? a : b);
  return {
    ...settings,
    timeZone: LAW_TIME_ZONE,
    visitingHours: {
      start: later(settings.visitingHours.start, law.visitingHours.start),
      end: earlier(settings.visitingHours.end, law.visitingHours.end),
    },
    noticePeriods: noticeProblem ? lawfulNoticePeriods(settings.noticePeriods, table) : settings.noticePeriods,
    limitMonths: Math.min(settings.limitMonths, law.limitMonths),
    suspendVulnerable: true,
  };
}

/** A planning context whose settings are no looser than the law on `date` (the same context when they are not). */
export function lawfulContext<C extends { settings: RulesSettings }>(ctx: C, date: string): C {
  const settings = lawfulSettings(ctx.settings, date);
  return settings === ctx.settings ? ctx : { ...ctx, settings };
}
