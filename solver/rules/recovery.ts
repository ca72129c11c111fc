/**
 * Expected recovery of a visit by time band, and the lawful windows it can start in on a date.
 *
 *   value(band) = P(contact | band, premises) x attemptDecay^failedAttempts
 *                 x P(payment or arrangement | contact) x (combined balance + enforcement fee)
 *
 * The optimiser gets prize = urgency x P(payment | contact) x (balance + fee) and, per window,
 * valueFactor = P(contact); urgency steers the search towards cases near their 12-month limit
 * but is not money, so reported values leave it out. Every rate is a setting (settings.ts).
 */
import type { BankHolidayCalendar } from './bank-holidays.js';
import { businessVisitLimits } from './business-attempts.js';
import { localParts, minutesOf, weekday } from './calendar.js';
import { visitFees } from './fees.js';
import type { RulesSettings, TimeBand } from './settings.js';
import type { Visit } from './visits.js';

/** A window in local minutes after midnight of the visit date, bounding the START of the visit. */
export interface VisitWindow {
  band: string;
  /** Band or trading interval bounds (for display), minutes after local midnight. */
  from: number;
  to: number;
  /** Latest start so that the visit ends inside the lawful limit it belongs to. */
  latestStart: number;
  contact: number;
}

export interface VisitOffer {
  windows: VisitWindow[];
  /** Pounds, before P(contact): urgency x P(pay | contact) x (balance + enforcement fee). */
  prize: number;
  urgency: number;
  serviceMinutes: number;
  /** The band of the last failed attempt, avoided for this one. */
  lastBand?: string;
  repeat: boolean;
}

export function serviceMinutes(visit: Pick<Visit, 'caseRefs'>, settings: RulesSettings): number {
  return settings.visitMinutes + settings.extraCaseMinutes * (visit.caseRefs.length - 1);
}

/** Urgency multiplier: 1, rising linearly to 1 + maxUplift on the last lawful day. */
export function urgencyMultiplier(daysLeft: number, settings: RulesSettings): number {
  const { horizonDays, maxUplift } = settings.urgency;
  if (!(daysLeft < horizonDays)) return 1;
  return 1 + maxUplift * (1 - Math.max(0, daysLeft) / horizonDays);
}

function bandsOn(day: number, settings: RulesSettings): TimeBand[] {
  return settings.bands.filter((b) => b.days.includes(day));
}

/** The band a local time falls in; 'trading' outside every band (business premises out of hours). */
export function bandAt(day: number, minutes: number, settings: RulesSettings): string {
  const band = bandsOn(day, settings).find((b) => minutes >= minutesOf(b.start) && minutes < minutesOf(b.end));
  return band ? band.id : 'trading';
}

/** The band of the most recent failed attempt, in local time. */
export function lastAttemptBand(attempts: string[], settings: RulesSettings): string | undefined {
  if (attempts.length === 0) return undefined;
  const last = attempts[attempts.length - 1];
  const parts = localParts(last, settings.timeZone, 'previousAttempts');
  return bandAt(parts.weekday, parts.minutes, settings);
}

function contactRate(visit: Visit, band: string, settings: RulesSettings): number {
  const table = visit.premises === 'business' ? settings.contactRates.business : settings.contactRates.domestic;
  const base = visit.premises === 'business' && visit.tradingHours ? table.trading : table[band];
  return (base ?? 0) * settings.attemptDecay ** visit.previousAttempts.length;
}

/**
 * The windows of every band of the day, clipped to where the visit is lawful: inside visiting
 * hours (reg 13), or for business premises with trading hours inside its trading intervals
 * (reg 22(3), which may run outside 06:00-21:00) less the part a repeat attempt avoids
 * (business-attempts.ts), split at band edges so bands stay comparable.
 */
function lawfulWindows(
  visit: Visit,
  date: string,
  service: number,
  settings: RulesSettings,
  holidays: BankHolidayCalendar,
  avoidRepeat: boolean,
): VisitWindow[] {
  const day = weekday(date);
  const hoursFrom = minutesOf(settings.visitingHours.start);
  const hoursTo = minutesOf(settings.visitingHours.end);
  const trading = visit.premises === 'business' ? visit.tradingHours : undefined;
  const limits = trading
    ? businessVisitLimits({ ...visit, tradingHours: trading }, date, holidays, settings, avoidRepeat)
    : [{ start: hoursFrom, end: hoursTo }];
  const bands = bandsOn(day, settings).map((b) => ({ id: b.id, from: minutesOf(b.start), to: minutesOf(b.end) }));
  const windows: VisitWindow[] = [];
  for (const limit of limits) {
    // Cut points: band edges inside the interval, so each piece lies in one band (or none).
    const cuts = new Set([limit.start, limit.end]);
    for (const b of bands) for (const t of [b.from, b.to]) if (t > limit.start && t < limit.end) cuts.add(t);
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i];
      const to = points[i + 1];
      const latestStart = Math.min(to, limit.end - service);
      if (latestStart < from) continue;
      const band = bandAt(day, from, settings);
      windows.push({ band, from, to, latestStart, contact: contactRate(visit, band, settings) });
    }
  }
  return windows.filter((w) => w.contact > 0);
}

/**
 * Windows and prize of a visit on `date`; no windows means no useful lawful time that day.
 * `avoidLastBand: false` keeps the last failed band (evaluation, when no other band is left that
 * day). `holidays`: public holidays for trading hours' PH rules. `enforcementFee` replaces the
 * visit's own fee by its share of the debtor's day (Fees reg 11).
 */
export function visitOffer(
  visit: Visit,
  date: string,
  settings: RulesSettings,
  opts: { holidays: BankHolidayCalendar; avoidLastBand?: boolean; enforcementFee?: number },
): VisitOffer {
  const service = serviceMinutes(visit, settings);
  const lastBand = lastAttemptBand(visit.previousAttempts, settings);
  const avoid = opts.avoidLastBand !== false;
  let windows = lawfulWindows(visit, date, service, settings, opts.holidays, avoid);
  // Practice: a repeat attempt goes to a different time band from the last failed one; business
  // premises with trading hours avoid a part of the trading day instead (lawfulWindows).
  const trading = visit.premises === 'business' && visit.tradingHours;
  if (lastBand !== undefined && avoid && !trading) windows = windows.filter((w) => w.band !== lastBand);
  const fees = visitFees(
    visit.cases.map((c) => c.balance),
    date,
    visit.vulnerable,
    settings,
  );
  const urgency = urgencyMultiplier(visit.daysLeft, settings);
  // The debtor's share of the day's one enforcement fee (fees.ts, debtorDayFees), when the caller worked it out.
  const prize = urgency * settings.paymentGivenContact * (visit.balance + (opts.enforcementFee ?? fees.enforcement));
  return { windows, prize, urgency, serviceMinutes: service, lastBand, repeat: visit.previousAttempts.length > 0 };
}

/** Expected recovery in pounds of a visit started in `window` (no urgency). */
export function expectedValue(offer: VisitOffer, window: VisitWindow): number {
  return Math.round((offer.prize / offer.urgency) * window.contact * 100) / 100;
}
