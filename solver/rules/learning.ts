/**
 * What a council's own recorded outcomes teach the forecast. Pure functions: the server reads the
 * outcomes and cases from the store, `recordedVisits` turns them into visits, `countOutcomes` into
 * counts (plain data, passed to planning), and `learnedSettings` puts the posterior means where the
 * priors were, so that every planning function uses the rates in use without knowing of learning.
 *
 * Contact: Beta-binomial per premises kind and band (the band of the visit's `at`, by the same
 * band function as planning; 'trading' for business premises with trading hours). A visit made
 * after failed attempts was less likely to find anyone (band memory), so it counts as that
 * fraction of a first visit ("attempt-weighted visits"); on first attempts alone this is the exact
 * Beta-binomial update, posterior mean (prior x strength + contacts) / (strength + visits).
 *
 * Payment: Dirichlet per debt type over full / arrangement / nothing, from the visits with contact,
 * each read at the reference age and sum owed (forecast.ts, paymentPosterior).
 *
 * What each outcome says: no_contact = no contact; paid, arrangement, goods_controlled = contact;
 * vulnerable = contact (someone answered) that brings nothing; gone_away is left out (the debtor
 * no longer lives there: it says nothing about when people are in). Paid in full = full; a part
 * payment = arrangement (the rest is normally agreed by instalments); goods taken into control =
 * nothing on the doorstep (what a removal or sale brings later is not the visit's recovery).
 */
import { lastLawfulDay } from './calendar.js';
import { daysBetween, limitMonths, limitStart } from './eligibility.js';
import { visitFees } from './fees.js';
import {
  ageFactor,
  arrangementCollects,
  betaPosteriorMean,
  debtProfileOf,
  fullShareFactor,
  paymentPosterior,
  paymentSplit,
  priorSplit,
  valueGivenContact,
  type DebtProfile,
  type PaymentCount,
  type PaymentOutcome,
  type PaymentSplit,
} from './forecast.js';
import type { OutcomeRecord } from './outcomes.js';
import { instantOf } from './instants.js';
import { attemptFactor, bandLabel, bandOfInstant, baseContactRate, contactKey, type TriedBand } from './recovery.js';
import type { RulesSettings } from './settings.js';
import type { Case, DebtType, Premises } from './types.js';

/** An outcome as learning reads it: its case and what the case owed just before. */
export interface LearningOutcome extends OutcomeRecord {
  caseRef: string;
}

/** One recorded visit: a debtor's outcomes at one instant. */
export interface RecordedVisit {
  at: string;
  /** Local date and band of `at`. */
  date: string;
  band: string;
  premises: Premises;
  tradingHours?: string;
  /** The visit's cases as stored (their fixed facts: debt type, orders, notice). */
  cases: Case[];
  /** What each case owed just before the visit. */
  balances: number[];
  /** Failed attempts on these cases before this visit, oldest first. */
  tried: TriedBand[];
  contact: boolean;
  /** With contact: what it brought. */
  payment?: PaymentOutcome;
}

export interface ContactCount {
  visits: number;
  contacts: number;
  /** Visits weighted by their attempt factor (a first attempt counts 1). */
  attemptWeightedVisits: number;
}

/** Plain data (structured-cloneable): what planning needs from the outcomes. */
export interface OutcomeCounts {
  contact: Record<Premises, Record<string, ContactCount>>;
  payment: Partial<Record<DebtType, PaymentCount>>;
}

export function emptyCounts(): OutcomeCounts {
  return { contact: { domestic: {}, business: {} }, payment: {} };
}

/** Contact or not, and what it brought; undefined when the outcome says nothing (gone away). */
function reading(o: OutcomeRecord): { contact: boolean; payment?: PaymentOutcome } | undefined {
  switch (o.kind) {
    case 'no_contact':
      return { contact: false };
    case 'gone_away':
      return undefined;
    case 'vulnerable':
    case 'goods_controlled':
      return { contact: true, payment: 'nothing' };
    case 'arrangement':
      return { contact: true, payment: 'arrangement' };
    case 'paid':
      return { contact: true, payment: o.amount === undefined || o.balanceBefore === undefined || o.amount >= o.balanceBefore ? 'full' : 'arrangement' };
  }
}

/** The best of a visit's cases' results: full only when every contacted case was paid in full. */
function combinedPayment(payments: PaymentOutcome[]): PaymentOutcome {
  if (payments.every((p) => p === 'full')) return 'full';
  return payments.some((p) => p !== 'nothing') ? 'arrangement' : 'nothing';
}

/**
 * Recorded outcomes -> visits, oldest first. Outcomes of one debtor at one instant are one visit
 * (Fees reg 11), contact when any of them was. Outcomes of unknown cases or unreadable times are
 * skipped: a record is evidence only when it can be placed in a band.
 */
export function recordedVisits(outcomes: readonly LearningOutcome[], cases: ReadonlyMap<string, Case>, settings: RulesSettings): RecordedVisit[] {
  const zone = settings.timeZone;
  // A case's attempts are read once for all its outcomes.
  const instants = new Map<string, number>();
  const instantMs = (iso: string) => {
    let ms = instants.get(iso);
    if (ms === undefined) instants.set(iso, (ms = instantOf(iso, zone)));
    return ms;
  };
  const bands = new Map<string, TriedBand>();
  const triedBand = (iso: string) => {
    let t = bands.get(iso);
    if (t === undefined) bands.set(iso, (t = bandOfInstant(iso, settings)));
    return t;
  };
  const groups = new Map<string, Array<{ o: LearningOutcome; c: Case; r: { contact: boolean; payment?: PaymentOutcome } }>>();
  for (const o of outcomes) {
    const c = cases.get(o.caseRef);
    const r = reading(o);
    const ms = instantMs(o.at);
    if (!c || !r || Number.isNaN(ms)) continue;
    const key = `${c.debtorRef}\u0000${ms}`;
    const list = groups.get(key);
    if (list) list.push({ o, c, r });
    else groups.set(key, [{ o, c, r }]);
  }
  const visits: Array<RecordedVisit & { ms: number }> = [];
  for (const group of groups.values()) {
    const at = group[0].o.at;
    const ms = instantMs(at);
    const { band, date } = bandOfInstant(at, settings, 'outcome time');
    const business = group.find((g) => g.c.premises === 'business')?.c;
    const before = [...new Set(group.flatMap((g) => g.c.previousAttempts))]
      .map((a) => ({ a, t: instantMs(a) }))
      .filter((x) => x.t < ms)
      .sort((x, y) => x.t - y.t)
      .map((x) => x.a);
    const contacted = group.filter((g) => g.r.contact);
    visits.push({
      ms,
      at,
      date,
      band,
      premises: business ? 'business' : 'domestic',
      ...(business?.tradingHours ? { tradingHours: business.tradingHours } : {}),
      cases: group.map((g) => g.c),
      balances: group.map((g) => g.o.balanceBefore ?? g.c.balance),
      tried: before.map(triedBand),
      contact: contacted.length > 0,
      ...(contacted.length > 0 ? { payment: combinedPayment(contacted.map((g) => g.r.payment!)) } : {}),
    });
  }
  return visits.sort((a, b) => a.ms - b.ms).map(({ ms: _ms, ...v }) => v);
}

/** The contact-rate key a recorded visit counts under. */
export function recordedKey(v: RecordedVisit): string {
  return contactKey(v, v.band);
}

/** The debt of a recorded visit as it stood that day (what it owed before, its limit then). */
function recordedProfile(v: RecordedVisit, settings: RulesSettings): DebtProfile {
  const fees = visitFees(v.balances, v.date, false, settings);
  const daysLeft = Math.min(...v.cases.map((c) => daysBetween(v.date, lastLawfulDay(limitStart(c), limitMonths(c, settings)))));
  const owed = v.balances.reduce((a, b) => a + b, 0) + fees.enforcement;
  // The debt type of the largest balance, as debtProfileOf takes it from the cases' current ones.
  let largest = 0;
  for (let i = 1; i < v.cases.length; i++) if (v.balances[i] > v.balances[largest]) largest = i;
  return { ...debtProfileOf({ cases: v.cases, daysLeft }, v.date, owed, settings), debtType: v.cases[largest].debtType };
}

/** Counts per premises and band (contact) and per debt type (payment). */
export function countOutcomes(visits: readonly RecordedVisit[], settings: RulesSettings): OutcomeCounts {
  const counts = emptyCounts();
  for (const v of visits) {
    const key = recordedKey(v);
    const row = (counts.contact[v.premises][key] ??= { visits: 0, contacts: 0, attemptWeightedVisits: 0 });
    row.visits += 1;
    row.contacts += v.contact ? 1 : 0;
    row.attemptWeightedVisits += attemptFactor(v, v.tried, v.band, v.date, settings);
    if (v.contact && v.payment) {
      const profile = recordedProfile(v, settings);
      const count = (counts.payment[profile.debtType] ??= { full: 0, arrangement: 0, nothing: 0, ageWeightedContacts: 0, owedWeightedPayers: 0 });
      count[v.payment] += 1;
      count.ageWeightedContacts += ageFactor(profile.ageYears, settings.forecast);
      if (v.payment !== 'nothing') count.owedWeightedPayers += fullShareFactor(profile.owed, settings.forecast);
    }
  }
  return counts;
}

/** The contact rate in use for a key: the prior updated by the counts. A prior of 0 (never) stays 0. */
function contactInUse(premises: Premises, key: string, prior: RulesSettings, counts: OutcomeCounts): number {
  const p = baseContactRate(premises, key, prior);
  const c = counts.contact[premises][key];
  if (p === 0 || !c) return p;
  return betaPosteriorMean(p, prior.forecast.contactPriorStrength, c.contacts, c.attemptWeightedVisits);
}

/**
 * The settings planning uses: the contact rates and payment rates replaced by their posterior
 * means. The priors stay in the stored settings; the same counts always give the same plan.
 */
export function learnedSettings(settings: RulesSettings, counts: OutcomeCounts | undefined): RulesSettings {
  if (!counts) return settings;
  const contactRates = { domestic: { ...settings.contactRates.domestic }, business: { ...settings.contactRates.business } };
  for (const premises of ['domestic', 'business'] as const) {
    for (const key of Object.keys(counts.contact[premises])) {
      const rate = contactInUse(premises, key, settings, counts);
      if (rate > 0 || key in contactRates[premises]) contactRates[premises][key] = rate;
    }
  }
  const payment = { ...settings.forecast.payment };
  for (const [debtType, count] of Object.entries(counts.payment) as Array<[DebtType, PaymentCount]>) {
    payment[debtType] = paymentPosterior(payment[debtType], settings.forecast.paymentPriorStrength, count);
  }
  return { ...settings, contactRates, forecast: { ...settings.forecast, payment } };
}

/** What the model in `settings` predicted for a recorded visit: P(contact) and the payment split given contact. */
export function predictRecorded(v: RecordedVisit, settings: RulesSettings): { contact: number; payment: PaymentSplit } {
  const contact = Math.min(1, baseContactRate(v.premises, recordedKey(v), settings) * attemptFactor(v, v.tried, v.band, v.date, settings));
  return { contact, payment: paymentSplit(recordedProfile(v, settings), settings.forecast) };
}

/** One row of GET /api/model's contact table. */
export interface ContactModelRow {
  premises: Premises;
  band: string;
  label: string;
  /** ISO weekdays the band exists on (all for 'trading'). */
  days: number[];
  prior: number;
  priorStrength: number;
  visits: number;
  contacts: number;
  attemptWeightedVisits: number;
  /** The first-attempt contact rate planning uses. */
  inUse: number;
}

export interface PaymentModelRow {
  debtType: DebtType;
  prior: PaymentSplit;
  priorStrength: number;
  /** Visits with contact, by what they brought, and the weights that read them at the reference age and sum owed. */
  recorded: PaymentCount;
  /** At the reference sum owed and age. */
  inUse: PaymentSplit;
}

export interface ModelSummary {
  contact: ContactModelRow[];
  payment: PaymentModelRow[];
  /** The model's shape: prior strengths, the balance and age effects, arrangements, band memory. */
  shape: Omit<RulesSettings['forecast'], 'payment'> & { attemptDecay: number; bandMemory: RulesSettings['bandMemory'] };
  /** E[pounds | contact] for council tax at the reference age with 12 months left, by sum owed. */
  examples: Array<{ owed: number; full: number; arrangement: number; nothing: number; arrangementCollects: number; valueGivenContact: number }>;
}

const DEBT_TYPES: DebtType[] = ['council_tax', 'nndr', 'bid', 'hbop'];
const EXAMPLE_OWED = [100, 300, 1000, 3000, 10_000, 30_000];
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
const roundSplit = (s: PaymentSplit): PaymentSplit => ({ full: round4(s.full), arrangement: round4(s.arrangement), nothing: round4(s.nothing) });
const roundCount = (c: PaymentCount): PaymentCount => ({
  ...c,
  ageWeightedContacts: round4(c.ageWeightedContacts),
  owedWeightedPayers: round4(c.owedWeightedPayers),
});

/** The model in use, with the evidence and the prior behind each figure. */
export function modelSummary(settings: RulesSettings, counts: OutcomeCounts): ModelSummary {
  const inUse = learnedSettings(settings, counts);
  const contact: ContactModelRow[] = [];
  const keys: Array<{ band: string; days: number[] }> = [
    ...settings.bands.map((b) => ({ band: b.id, days: b.days })),
    { band: 'trading', days: [1, 2, 3, 4, 5, 6, 7] },
  ];
  for (const premises of ['domestic', 'business'] as const) {
    for (const { band, days } of keys) {
      if (premises === 'domestic' && band === 'trading') continue;
      const c = counts.contact[premises][band] ?? { visits: 0, contacts: 0, attemptWeightedVisits: 0 };
      contact.push({
        premises,
        band,
        label: bandLabel(band, settings),
        days,
        prior: baseContactRate(premises, band, settings),
        priorStrength: settings.forecast.contactPriorStrength,
        visits: c.visits,
        contacts: c.contacts,
        attemptWeightedVisits: round4(c.attemptWeightedVisits),
        inUse: round4(baseContactRate(premises, band, inUse)),
      });
    }
  }
  const payment = DEBT_TYPES.map((debtType): PaymentModelRow => ({
    debtType,
    prior: roundSplit(priorSplit(settings.forecast.payment[debtType])),
    priorStrength: settings.forecast.paymentPriorStrength,
    recorded: roundCount(counts.payment[debtType] ?? { full: 0, arrangement: 0, nothing: 0, ageWeightedContacts: 0, owedWeightedPayers: 0 }),
    inUse: roundSplit(priorSplit(inUse.forecast.payment[debtType])),
  }));
  const examples = EXAMPLE_OWED.map((owed) => {
    const profile = { debtType: 'council_tax' as const, owed, ageYears: settings.forecast.referenceAgeYears, monthsLeft: 12 };
    const split = paymentSplit(profile, inUse.forecast);
    return {
      owed,
      ...roundSplit(split),
      arrangementCollects: Math.round(arrangementCollects(owed, 12, inUse.forecast) * 100) / 100,
      valueGivenContact: Math.round(valueGivenContact(profile, inUse.forecast) * 100) / 100,
    };
  });
  const { payment: _payment, ...shape } = settings.forecast;
  return {
    contact,
    payment,
    shape: { ...shape, attemptDecay: settings.attemptDecay, bandMemory: settings.bandMemory },
    examples,
  };
}
