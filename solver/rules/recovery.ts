/**
 * Expected recovery of a visit by time band, and the lawful windows it can start in on a date.
 *
 *   value(band) = P(contact | band, premises, attempts tried) x E[amount | contact]
 *
 * P(contact) is the band's rate (prior, or learned from recorded outcomes: learning.ts) times the
 * memory of failed attempts: every attempt lowers it by `attemptDecay`, and an attempt in the same
 * band lowers that band further, a memory that fades (settings `bandMemory`); so untried bands are
 * preferred and the last failed band is avoided outright (practice). E[amount | contact] is the
 * payment model of forecast.ts. The optimiser gets prize = urgency x E[amount | contact] and, per
 * window, valueFactor = P(contact); urgency steers the search towards cases near their 12-month
 * limit but is not money, so reported values leave it out. Every rate is a setting (settings.ts).
 */
import type { BankHolidayCalendar } from './bank-holidays.js';
import { businessVisitLimits } from './business-attempts.js';
import { minutesOf, weekday } from './calendar.js';
import { daysBetween } from './eligibility.js';
import { visitFees } from './fees.js';
import { debtProfileOf, valueGivenContact } from './forecast.js';
import { localPartsOf } from './instants.js';
import { DEFAULT_CONTACT_RATES, type RulesSettings, type TimeBand } from './settings.js';
import type { Premises } from './types.js';
import type { Visit } from './visits.js';

/** A window in local minutes after midnight of the visit date, bounding the START of the visit. */
export interface VisitWindow {
  /** The band's id ('trading' outside every band, business premises out of hours). */
  band: string;
  /** The band's label for the stop and the run sheet. */
  label: string;
  /** Band or trading interval bounds (for display), minutes after local midnight. */
  from: number;
  to: number;
  /** Latest start so that the visit ends inside the lawful limit it belongs to. */
  latestStart: number;
  contact: number;
}

export interface VisitOffer {
  windows: VisitWindow[];
  /** Pounds, before P(contact): urgency x E[amount | contact] (forecast.ts). */
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

/** What the stop and the run sheet call a band. */
export function bandLabel(band: string, settings: RulesSettings): string {
  if (band === 'trading') return 'Trading hours';
  return settings.bands.find((b) => b.id === band)?.label ?? band;
}

/** An attempt as band memory keeps it: its band and its local date. */
export interface TriedBand {
  band: string;
  date: string;
}

/** The band and local date of an instant (a failed attempt, a recorded outcome). */
export function bandOfInstant(iso: string, settings: RulesSettings, what = 'previousAttempts'): TriedBand {
  const parts = localPartsOf(iso, settings.timeZone, what);
  return { band: bandAt(parts.weekday, parts.minutes, settings), date: parts.date };
}

/** Every failed attempt's band, oldest first (attempts come oldest first). */
export function triedBands(attempts: readonly string[], settings: RulesSettings): TriedBand[] {
  return attempts.map((a) => bandOfInstant(a, settings));
}

/** The band of the most recent failed attempt, in local time. */
export function lastAttemptBand(attempts: string[], settings: RulesSettings): string | undefined {
  if (attempts.length === 0) return undefined;
  return bandOfInstant(attempts[attempts.length - 1], settings).band;
}

/** The ISO weekday (6 = Saturday) of the most recent failed attempt, in local time. */
export function lastAttemptWeekday(attempts: string[], settings: RulesSettings): number | undefined {
  if (attempts.length === 0) return undefined;
  return localPartsOf(attempts[attempts.length - 1], settings.timeZone, 'previousAttempts').weekday;
}

/**
 * Band memory: P(contact) in `band` on `date` relative to a first attempt. Each failed attempt
 * lowers every band by `attemptDecay` (the debtor is harder to find), and each one in this same
 * band lowers it by `triedBandFactor` more, a penalty that halves every `halfLifeDays` (routines
 * change). So a band tried twice is the last choice, and an untried one the first.
 */
export function bandMemoryFactor(tried: readonly TriedBand[], band: string, date: string, settings: RulesSettings): number {
  const { triedBandFactor, halfLifeDays } = settings.bandMemory;
  let factor = settings.attemptDecay ** tried.length;
  for (const t of tried) {
    if (t.band !== band) continue;
    const age = Math.max(0, daysBetween(t.date, date));
    factor *= 1 - (1 - triedBandFactor) * 0.5 ** (age / halfLifeDays);
  }
  return factor;
}

/** Business premises with trading hours are reached by their trading rate, whatever the band. */
export function usesTradingRate(visit: Pick<Visit, 'premises' | 'tradingHours'>): boolean {
  return visit.premises === 'business' && Boolean(visit.tradingHours);
}

/** The contact-rate key of a visit in a band: 'trading' for business premises with trading hours. */
export function contactKey(visit: Pick<Visit, 'premises' | 'tradingHours'>, band: string): string {
  return usesTradingRate(visit) ? 'trading' : band;
}

/** The rate in use for a key: the settings' (prior or learned), else the default prior, else none. */
export function baseContactRate(premises: Premises, key: string, settings: RulesSettings): number {
  return settings.contactRates[premises][key] ?? DEFAULT_CONTACT_RATES[premises][key] ?? 0;
}

/**
 * P(contact) of this attempt relative to a first one. Business premises with trading hours: the
 * trading-hours rule (businessAttemptFactor); everyone else: band memory.
 */
export function attemptFactor(
  visit: Pick<Visit, 'premises' | 'tradingHours'>,
  tried: readonly TriedBand[],
  band: string,
  date: string,
  settings: RulesSettings,
): number {
  return usesTradingRate(visit) ? businessAttemptFactor(tried, settings) : bandMemoryFactor(tried, band, date, settings);
}

/** Business premises by trading hours: each failed attempt lowers contact by `attemptDecay`. */
function businessAttemptFactor(tried: readonly TriedBand[], settings: RulesSettings): number {
  return settings.attemptDecay ** tried.length;
}

function contactRate(visit: Visit, band: string, date: string, tried: readonly TriedBand[], settings: RulesSettings): number {
  return baseContactRate(visit.premises, contactKey(visit, band), settings) * attemptFactor(visit, tried, band, date, settings);
}

/**
 * The windows of every band of the day, clipped to where the visit is lawful: inside visiting
 * hours (reg 13), or for business premises with trading hours inside its trading intervals
 * (reg 22(3), which may run outside 06:00-21:00) less the part of the trading day a repeat
 * attempt avoids (business-attempts.ts), split at band edges so bands stay comparable.
 */
function lawfulWindows(
  visit: Visit,
  date: string,
  service: number,
  tried: readonly TriedBand[],
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
      windows.push({ band, label: bandLabel(band, settings), from, to, latestStart, contact: contactRate(visit, band, date, tried, settings) });
    }
  }
  return windows.filter((w) => w.contact > 0);
}

/**
 * Practice: a repeat attempt goes to a different time band from the last failed one; the other
 * tried bands are only made less likely (band memory), so a day with no untried band still has one.
 * Business premises with trading hours avoid a part of the trading day instead (lawfulWindows).
 */
function repeatWindows(visit: Visit, windows: VisitWindow[], lastBand: string | undefined): VisitWindow[] {
  if (lastBand === undefined || usesTradingRate(visit)) return windows;
  return windows.filter((w) => w.band !== lastBand);
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
  const tried = triedBands(visit.previousAttempts, settings);
  const lastBand = tried.at(-1)?.band;
  const avoid = opts.avoidLastBand !== false;
  const lawful = lawfulWindows(visit, date, service, tried, settings, opts.holidays, avoid);
  const windows = avoid ? repeatWindows(visit, lawful, lastBand) : lawful;
  const fees = visitFees(
    visit.cases.map((c) => c.balance),
    date,
    visit.vulnerable,
    settings,
  );
  const urgency = urgencyMultiplier(visit.daysLeft, settings);
  // The debtor's share of the day's one enforcement fee (fees.ts, debtorDayFees), when the caller worked it out.
  const profile = debtProfileOf(visit, date, visit.balance + (opts.enforcementFee ?? fees.enforcement), settings);
  const prize = urgency * valueGivenContact(profile, settings.forecast);
  return { windows, prize, urgency, serviceMinutes: service, lastBand, repeat: visit.previousAttempts.length > 0 };
}

/** Expected recovery in pounds of a visit started in `window` (no urgency). */
export function expectedValue(offer: VisitOffer, window: VisitWindow): number {
  return Math.round((offer.prize / offer.urgency) * window.contact * 100) / 100;
}
