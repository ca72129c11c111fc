/**
 * Past weeks of visits for the demo (`npm run seed -- --history WEEKS`), so that the forecast has
 * outcomes to learn from and `npm run backtest` something to score. Visits are simulated day by day
 * before the seed date against a hidden "true" model that differs from the settings' priors (people
 * are in less in weekday mornings and more in the evenings and on Saturday mornings than the priors
 * say; council tax debtors met pay or agree less often), with the same shape as the
 * forecast (band memory, the balance and age effects), and written as outcomes through the store,
 * as officers would record them. Deterministic for a seed: the same database every time.
 */
import { addDays, isoLocal, localInstant, minutesOf, weekday } from '../../solver/rules/calendar.js';
import type { BankHolidayCalendar } from '../../solver/rules/bank-holidays.js';
import { caseStanding } from '../../solver/rules/eligibility.js';
import { visitFees } from '../../solver/rules/fees.js';
import { debtProfileOf, paymentSplit, type PaymentOutcome } from '../../solver/rules/forecast.js';
import { applyOutcome, type OutcomeKind } from '../../solver/rules/outcomes.js';
import { attemptFactor, bandAt, contactKey, triedBands } from '../../solver/rules/recovery.js';
import type { RulesSettings } from '../../solver/rules/settings.js';
import { tradingIntervalsOn } from '../../solver/rules/trading-hours.js';
import type { Case, Premises } from '../../solver/rules/types.js';
import { groupVisits, type Visit } from '../../solver/rules/visits.js';
import type { Store } from '../store/store.js';
import { Random } from './random.js';

/** The hidden truth: first-attempt contact by premises and band ('trading' = business opening hours). */
export const TRUE_CONTACT: Record<Premises, Record<string, number>> = {
  domestic: { early: 0.25, day: 0.12, evening: 0.55, 'sat-morning': 0.6, 'sat-afternoon': 0.35, 'sat-evening': 0.2 },
  business: { trading: 0.5, early: 0.1, day: 0.45, evening: 0.2, 'sat-morning': 0.3, 'sat-afternoon': 0.35, 'sat-evening': 0.15 },
};

/** The hidden truth: P(full), P(arrangement) given contact at the reference sum owed and age. */
export const TRUE_PAYMENT: RulesSettings['forecast']['payment'] = {
  council_tax: { full: 0.1, arrangement: 0.28 },
  nndr: { full: 0.45, arrangement: 0.25 },
  bid: { full: 0.45, arrangement: 0.25 },
  hbop: { full: 0.05, arrangement: 0.25 },
};

export interface HistoryOptions {
  /** The demo's seed date: the history is the `weeks` weeks before it. */
  seedDate: string;
  weeks: number;
  seed?: number;
  /** Visits a weekday (Saturdays half); default 25 per 1,500 cases. */
  visitsPerDay?: number;
}

export interface HistoryResult {
  visits: number;
  outcomes: number;
  from: string;
  to: string;
}

/** A visit's time on `date` in minutes: inside a band (not the last failed one), or inside trading hours. */
function visitMinutes(
  visit: Visit,
  date: string,
  lastBand: string | undefined,
  service: number,
  settings: RulesSettings,
  holidays: BankHolidayCalendar,
  rnd: Random,
): number | undefined {
  const day = weekday(date);
  if (visit.premises === 'business' && visit.tradingHours) {
    const open = tradingIntervalsOn(visit.tradingHours, date, holidays, settings.visitingHours).filter((i) => i.end - i.start > service && i.end <= 1440);
    if (open.length === 0) return undefined;
    const i = rnd.pick(open);
    return rnd.int(i.start, i.end - service);
  }
  const bands = settings.bands.filter((b) => b.days.includes(day) && b.id !== lastBand);
  if (bands.length === 0) return undefined;
  const band = rnd.pick(bands);
  const from = minutesOf(band.start);
  const to = Math.min(minutesOf(band.end), minutesOf(settings.visitingHours.end)) - service;
  return to < from ? undefined : rnd.int(from, to);
}

function outcomeKindOf(contact: boolean, payment: PaymentOutcome | undefined, rnd: Random): OutcomeKind {
  if (!contact) return rnd.chance(0.03) ? 'gone_away' : 'no_contact';
  if (payment === 'full') return 'paid';
  if (payment === 'arrangement') return 'arrangement';
  return rnd.chance(0.1) ? 'vulnerable' : 'goods_controlled';
}

/**
 * Simulates and records the visits of the `weeks` weeks before the seed date (Monday to Saturday,
 * as the demo officers work). Refuses a database that already holds outcomes: history is written once.
 */
export async function seedHistory(store: Store, holidays: BankHolidayCalendar, options: HistoryOptions): Promise<HistoryResult> {
  if ((await store.listOutcomes()).length > 0) throw new Error('the database already holds recorded outcomes: history is only written to a fresh demo');
  const settings = await store.getSettings();
  const rnd = new Random((options.seed ?? 20260726) ^ 0x5eed);
  const officers = await store.listOfficers();
  const cases = new Map((await store.listCases()).map((c) => [c.ref, c]));
  const perDay = options.visitsPerDay ?? Math.max(3, Math.round((25 * cases.size) / 1500));
  const truth: RulesSettings = { ...settings, forecast: { ...settings.forecast, payment: TRUE_PAYMENT } };
  const from = addDays(options.seedDate, -7 * options.weeks);
  const lastVisited = new Map<string, string>();
  let visits = 0;
  let outcomes = 0;
  for (let date = from; date < options.seedDate; date = addDays(date, 1)) {
    const day = weekday(date);
    if (day === 7) continue;
    const working = officers.filter((o) => o.workingDays.includes(day));
    if (working.length === 0) continue;
    const eligible: Case[] = [];
    const daysLeft = new Map<string, number>();
    for (const c of cases.values()) {
      if (c.status !== 'open') continue;
      const seen = lastVisited.get(c.debtorRef);
      if (seen && seen > addDays(date, -7)) continue;
      const standing = caseStanding(c, date, settings, holidays, new Set());
      if (!standing.eligible) continue;
      eligible.push(c);
      daysLeft.set(c.ref, standing.daysLeft);
    }
    const pool = groupVisits(eligible, (c) => daysLeft.get(c.ref) ?? 365);
    const want = day === 6 ? Math.ceil(perDay / 2) : perDay;
    for (let n = 0; n < want && pool.length > 0; n++) {
      const visit = pool.splice(rnd.int(0, pool.length - 1), 1)[0];
      const before = visit.previousAttempts.filter((a) => a.slice(0, 10) < date);
      const tried = triedBands(before, settings);
      const service = settings.visitMinutes;
      const minutes = visitMinutes(visit, date, tried.at(-1)?.band, service, settings, holidays, rnd);
      if (minutes === undefined) continue;
      const band = bandAt(day, minutes, settings);
      const p = (TRUE_CONTACT[visit.premises][contactKey(visit, band)] ?? 0) * attemptFactor(visit, tried, band, date, settings);
      const contact = rnd.chance(p);
      let payment: PaymentOutcome | undefined;
      if (contact) {
        const owed =
          visit.balance +
          visitFees(
            visit.cases.map((c) => c.balance),
            date,
            visit.vulnerable,
            settings,
          ).enforcement;
        const split = paymentSplit(debtProfileOf(visit, date, owed, settings), truth.forecast);
        const u = rnd.next();
        payment = u < split.full ? 'full' : u < split.full + split.arrangement ? 'arrangement' : 'nothing';
      }
      const kind = outcomeKindOf(contact, payment, rnd);
      const at = isoLocal(localInstant(date, minutes, settings.timeZone), settings.timeZone);
      const officerId = rnd.pick(working).id;
      for (const c of visit.cases) {
        await store.recordOutcome({ caseRef: c.ref, kind, at, officerId, recordedBy: 'demo-history' });
        cases.set(c.ref, applyOutcome(cases.get(c.ref)!, { kind, at }));
        outcomes++;
      }
      lastVisited.set(visit.debtorRef, date);
      visits++;
    }
  }
  return { visits, outcomes, from, to: addDays(options.seedDate, -1) };
}
