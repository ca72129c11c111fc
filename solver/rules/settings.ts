/**
 * Every number the planning rules use that is not fixed by statute, with its documented default.
 * Dated tables (notice period, fees) hold the statutory values with the date each takes effect, so
 * that the announced reform (14 clear days, 5% fee uplift) is configuration, not a code change.
 * Sources: docs/enforcement-rules.md; "assumption" marks a default to calibrate.
 * The statutory safeguards among them (visiting hours, notice periods, limitMonths, suspendVulnerable)
 * may only be stricter than the law: statutory.ts judges them and planning clamps them.
 */
import { z } from 'zod';
import { IANAZone } from 'luxon';
import { TeamsSchema } from './patches.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
// 24:00 (the end of the day) is the only time past 23:59.
const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected a local time HH:MM');
const rate = z.number().min(0).max(1);
/** A short name: a band id, a skill, a time zone. Bounded like every part of the document. */
const name = z.string().min(1).max(64);

// Bounds so that one request cannot store a huge document: generous against any real council's
// tables (a year of blackout dates, a band per hour, decades of dated rows).
export const SETTINGS_LIMITS = { blackoutDates: 366, bands: 24, datedRows: 20, contactRateKeys: 24 } as const;

/** P(contact) by band id: at most one key per band and 'trading'. */
const contactRates = z
  .record(name, rate)
  .refine((r) => Object.keys(r).length <= SETTINGS_LIMITS.contactRateKeys, `at most ${SETTINGS_LIMITS.contactRateKeys} band ids`);

const NoticePeriodSchema = z.object({
  /** The period applies to notices given on or after this date. */
  from: isoDate,
  clearDays: z.number().int().min(0).max(60),
});

const StageFeeSchema = z.object({
  fixed: z.number().min(0),
  /** Percentage of the sum to be recovered above `threshold`. */
  percent: z.number().min(0).max(100),
  threshold: z.number().min(0),
});

const FeeTableSchema = z.object({
  /** The table applies to fee stages reached on or after this date. */
  from: isoDate,
  compliance: z.number().min(0),
  enforcement: StageFeeSchema,
  sale: StageFeeSchema,
});

const TimeBandSchema = z.object({
  id: name,
  /** What the stop and the run sheet call the band ("Saturday morning"); the id when absent. */
  label: name.optional(),
  start: hhmm,
  end: hhmm,
  /** ISO weekdays the band exists on, 1 = Monday .. 7 = Sunday. */
  days: z
    .array(z.number().int().min(1).max(7))
    .min(1)
    .max(7)
    .refine((days) => new Set(days).size === days.length, 'each weekday at most once'),
});

/** Morning, afternoon, evening: the parts of a business's trading day (practice; see TradingDayPartsSchema). */
const DEFAULT_TRADING_DAY_PARTS = [
  { id: 'morning', start: '00:00' },
  { id: 'afternoon', start: '12:00' },
  { id: 'evening', start: '17:00' },
];

/** Each part runs from its start to the next part's start; the first starts at midnight. */
const TradingDayPartsSchema = z
  .array(z.object({ id: name, start: hhmm }))
  .min(1)
  .max(SETTINGS_LIMITS.bands)
  .refine(
    (parts) => parts[0]?.start === '00:00' && parts.every((p, i) => p.start < '24:00' && (i === 0 || p.start > parts[i - 1].start)),
    'the first part starts at 00:00 and each later part after the one before it',
  );

/**
 * Business days after the notice date on which a notice is given, by method (reg 8). Post: the
 * Interpretation Act 1978 s7 "ordinary course of post", counted as the second business day after
 * posting (the first-class convention of CPR 6.14 and the Insolvency Rules; never earlier than CPR
 * 6.26). Hand delivery, fixing to the premises and email: the day itself. docs/enforcement-rules.md.
 */
const NoticeGivenSchema = z.object({
  post: z.number().int().min(1).max(10),
  hand: z.number().int().min(0).max(10),
  email: z.number().int().min(0).max(10),
  fixed: z.number().int().min(0).max(10),
});

/** P(payment in full) and P(arrangement) given contact, for one debt type; the rest is nothing. */
const PaymentPriorSchema = z
  .object({ full: rate, arrangement: rate })
  .refine((p) => p.full + p.arrangement <= 1 + 1e-9, 'full + arrangement must be at most 1');

/**
 * The recovery forecast (forecast.ts): the priors and shapes of P(payment | contact) and of what an
 * arrangement collects. Contact priors are `contactRates`; what recorded outcomes teach is learning.ts.
 */
const ForecastSchema = z.object({
  /** Pseudo-visits a band's contact prior is worth: recorded visits outweigh it once there are more. */
  contactPriorStrength: z.number().min(0).max(10_000),
  /** Pseudo-contacts a debt type's payment prior is worth. */
  paymentPriorStrength: z.number().min(0).max(10_000),
  /** P(payment in full), P(arrangement) given contact, by debt type, at the reference balance and age. */
  payment: z.object({ council_tax: PaymentPriorSchema, nndr: PaymentPriorSchema, bid: PaymentPriorSchema, hbop: PaymentPriorSchema }),
  /** Pounds owed (balance + enforcement fee) at which the payment priors hold. */
  referenceOwed: z.number().positive().max(1_000_000),
  /** P(full) scales by (H + reference) / (H + owed): the larger the sum, the likelier instalments instead. */
  fullPaymentHalfOwed: z.number().positive().max(1_000_000),
  /** Debt age (years since the liability order) at which the payment priors hold. */
  referenceAgeYears: z.number().min(0).max(50),
  /** P(payment or arrangement) halves for each this many years of age beyond the reference. */
  ageHalfLifeYears: z.number().positive().max(50),
  arrangement: z.object({
    /** The most a debtor is expected to pay a month. */
    monthlyInstalment: z.number().positive().max(100_000),
    /** Share of arrangements paid to the end. */
    completionRate: rate,
    /** Share of its total a breached arrangement has paid before the breach. */
    paidBeforeBreach: rate,
  }),
});

/**
 * Every failed attempt is remembered with its band: the band's P(contact) is multiplied by
 * `triedBandFactor` for each failed attempt in it, and that memory fades with a half-life.
 */
const BandMemorySchema = z.object({
  triedBandFactor: rate,
  halfLifeDays: z.number().positive().max(3650),
});

export const RulesSettingsSchema = z.object({
  /** The zone of every local time here; the law's hours are England and Wales time (statutory.ts holds it there). */
  timeZone: name.refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone such as Europe/London'),
  /** reg 13(1): visits start and finish inside these local hours (business premises aside). */
  visitingHours: z.object({ start: hhmm, end: hhmm }),
  /** reg 6: clear days between the notice and the first visit, by notice date. */
  noticePeriods: z.array(NoticePeriodSchema).min(1).max(SETTINGS_LIMITS.datedRows),
  /** Fees Regulations 2014 Schedule, by date. */
  fees: z.array(FeeTableSchema).min(1).max(SETTINGS_LIMITS.datedRows),
  /** reg 9: months after the notice (or a breached arrangement) within which goods may be taken. */
  limitMonths: z.number().int().min(1).max(36),
  /** Time-of-day bands a visit is planned in; a repeat attempt avoids the last failed one's band. */
  bands: z.array(TimeBandSchema).min(1).max(SETTINGS_LIMITS.bands).overwrite(upgradeLegacyBands),
  /** Prior P(contact) of a first attempt, by premises and band id ('trading' = business opening hours); a band without one takes DEFAULT_CONTACT_RATES'. */
  contactRates: z.object({ domestic: contactRates, business: contactRates }),
  /** P(contact) is multiplied by this for every failed attempt so far, in any band (assumption). */
  attemptDecay: rate,
  /** Failed attempts lower their own band's P(contact) further (assumption). */
  bandMemory: BandMemorySchema.default({ triedBandFactor: 0.5, halfLifeDays: 60 }),
  /** The recovery forecast's priors (docs/enforcement-rules.md, "Expected recovery"). */
  forecast: ForecastSchema.default(() => structuredClone(DEFAULT_FORECAST)),
  /** Urgency: within `horizonDays` of the 12-month limit the prize rises linearly up to 1 + maxUplift. */
  urgency: z.object({ horizonDays: z.number().int().min(1), maxUplift: z.number().min(0).max(10) }),
  /** Planned minutes on site for a visit, plus per additional case of the same debtor. */
  visitMinutes: z.number().min(1).max(240),
  extraCaseMinutes: z.number().min(0).max(60),
  maxVisitsPerRoute: z.number().int().min(1).max(200),
  /** Pounds per mile when a plan request gives no weight (HMRC approved mileage rate, 45p). */
  defaultWeight: z.number().min(0),
  /** A vulnerability flag suspends the case until a person lifts it (reg 10; National Standards 72-73). */
  suspendVulnerable: z.boolean(),
  /** Skill a vehicle must hold to visit a warning-marker address: only crew vehicles have it. */
  crewSkill: name,
  /** Week planning: visits held back for each Saturday, per officer who still owes a Saturday. */
  saturdayReservePerOfficer: z.number().int().min(0).max(100),
  /** Week planning: pounds credited for using an officer who still owes a Saturday (makes the quota worth a detour). */
  saturdayQuotaBonus: z.number().min(0).default(500),
  /** A notice is given this many business days after its date, by method of giving (reg 6, reg 8). */
  noticeGivenAfterBusinessDays: NoticeGivenSchema.default({ post: 2, hand: 0, email: 0, fixed: 0 }),
  /** A repeat attempt at business premises goes to another of these parts of the trading day, or another weekday. */
  tradingDayParts: TradingDayPartsSchema.default(DEFAULT_TRADING_DAY_PARTS),
  /** A case whose last lawful day (reg 9) is this many days away or fewer is marked on its stop and in the unplanned list (practice). */
  lastLawfulDaySoonDays: z.number().int().min(0).max(365).default(14),
  /** Teams and their postcode patches (patches.ts); none: every case is open to every officer. */
  teams: TeamsSchema.default([]),
  /** Lone working: check in at least this often, and this often at a flagged address (assumption). */
  checkIns: z
    .object({ everyMinutes: z.number().int().min(5).max(480), flaggedEveryMinutes: z.number().int().min(5).max(480) })
    .default({ everyMinutes: 60, flaggedEveryMinutes: 30 }),
});

export type RulesSettings = z.infer<typeof RulesSettingsSchema>;
export type NoticePeriod = z.infer<typeof NoticePeriodSchema>;
export type FeeTable = z.infer<typeof FeeTableSchema>;
export type StageFee = z.infer<typeof StageFeeSchema>;
export type TimeBand = z.infer<typeof TimeBandSchema>;
export type ForecastSettings = z.infer<typeof ForecastSchema>;
export type PaymentPrior = z.infer<typeof PaymentPriorSchema>;

const WEEKDAYS = [1, 2, 3, 4, 5];

/**
 * Practice (Kingston role profile, agency guidance): early mornings, evenings and weekends reach
 * people at work in the week. Saturday and Sunday are their own bands: who is in on a Saturday
 * morning is not who is in on a Tuesday morning.
 */
export const DEFAULT_BANDS: TimeBand[] = [
  { id: 'early', label: 'Weekday early', start: '06:00', end: '08:30', days: WEEKDAYS },
  { id: 'day', label: 'Weekday daytime', start: '08:30', end: '17:00', days: WEEKDAYS },
  { id: 'evening', label: 'Weekday evening', start: '17:00', end: '21:00', days: WEEKDAYS },
  { id: 'sat-morning', label: 'Saturday morning', start: '06:00', end: '12:00', days: [6] },
  { id: 'sat-afternoon', label: 'Saturday afternoon', start: '12:00', end: '17:00', days: [6] },
  { id: 'sat-evening', label: 'Saturday evening', start: '17:00', end: '21:00', days: [6] },
  { id: 'sun-morning', label: 'Sunday morning', start: '06:00', end: '12:00', days: [7] },
  { id: 'sun-afternoon', label: 'Sunday afternoon', start: '12:00', end: '17:00', days: [7] },
  { id: 'sun-evening', label: 'Sunday evening', start: '17:00', end: '21:00', days: [7] },
];

/** The bands every Rounds before issue 9 stored: one Saturday band, Sunday as a weekday. */
const LEGACY_BANDS: TimeBand[] = [
  { id: 'early', start: '06:00', end: '08:30', days: [1, 2, 3, 4, 5, 7] },
  { id: 'day', start: '08:30', end: '17:00', days: [1, 2, 3, 4, 5, 7] },
  { id: 'evening', start: '17:00', end: '21:00', days: [1, 2, 3, 4, 5, 7] },
  { id: 'saturday', start: '06:00', end: '21:00', days: [6] },
];

/**
 * Settings are stored whole, so a council that never chose its bands (or only set its weight)
 * holds the old defaults: those become the new defaults. Bands a council chose stay as chosen.
 */
function upgradeLegacyBands(bands: TimeBand[]): TimeBand[] {
  return JSON.stringify(bands) === JSON.stringify(LEGACY_BANDS) ? structuredClone(DEFAULT_BANDS) : bands;
}

/**
 * The payment priors. Assumptions, no published per-contact figure found: the old single
 * P(payment or arrangement | contact) of 0.55 split for council tax; businesses readier to pay in
 * full; housing benefit overpayments owed by people on low incomes, so more by instalments.
 * The arrangement figures are assumptions too (docs/enforcement-rules.md, "Expected recovery").
 */
export const DEFAULT_FORECAST: ForecastSettings = {
  contactPriorStrength: 20,
  paymentPriorStrength: 20,
  payment: {
    council_tax: { full: 0.2, arrangement: 0.35 },
    nndr: { full: 0.3, arrangement: 0.35 },
    bid: { full: 0.3, arrangement: 0.35 },
    hbop: { full: 0.1, arrangement: 0.4 },
  },
  referenceOwed: 1000,
  fullPaymentHalfOwed: 1500,
  referenceAgeYears: 1,
  ageHalfLifeYears: 3,
  arrangement: { monthlyInstalment: 100, completionRate: 0.6, paidBeforeBreach: 0.3 },
};

export const DEFAULT_CONTACT_RATES: RulesSettings['contactRates'] = {
  domestic: {
    early: 0.45,
    day: 0.25,
    evening: 0.4,
    'sat-morning': 0.45,
    'sat-afternoon': 0.4,
    'sat-evening': 0.35,
    'sun-morning': 0.45,
    'sun-afternoon': 0.4,
    'sun-evening': 0.4,
  },
  business: {
    trading: 0.7,
    early: 0.15,
    day: 0.5,
    evening: 0.3,
    'sat-morning': 0.35,
    'sat-afternoon': 0.4,
    'sat-evening': 0.2,
    'sun-morning': 0.2,
    'sun-afternoon': 0.25,
    'sun-evening': 0.15,
  },
};

export const DEFAULT_RULES_SETTINGS: RulesSettings = {
  timeZone: 'Europe/London',
  visitingHours: { start: '06:00', end: '21:00' },
  // SI 2013/1894 reg 6, in force 6 April 2014. The 2025 reform is added with withNoticeReform().
  noticePeriods: [{ from: '2014-04-06', clearDays: 7 }],
  // SI 2014/1 Schedule, in force 6 April 2014.
  fees: [
    {
      from: '2014-04-06',
      compliance: 75,
      enforcement: { fixed: 235, percent: 7.5, threshold: 1500 },
      sale: { fixed: 110, percent: 7.5, threshold: 1500 },
    },
  ],
  limitMonths: 12,
  bands: DEFAULT_BANDS,
  // One team working the whole area (a borough): patches are for agencies and shared services.
  teams: [],
  // Assumption inside the 25-45% first-visit contact range reported by the industry; priors that
  // recorded outcomes update (learning.ts). A band without a rate of its own takes these defaults.
  contactRates: DEFAULT_CONTACT_RATES,
  attemptDecay: 0.85,
  bandMemory: { triedBandFactor: 0.5, halfLifeDays: 60 },
  forecast: DEFAULT_FORECAST,
  urgency: { horizonDays: 60, maxUplift: 0.5 },
  visitMinutes: 15,
  extraCaseMinutes: 5,
  maxVisitsPerRoute: 30,
  defaultWeight: 0.45,
  suspendVulnerable: true,
  crewSkill: 'crew',
  saturdayReservePerOfficer: 12,
  saturdayQuotaBonus: 500,
  // docs/enforcement-rules.md, Practice: every 60 minutes, 30 at flagged addresses (assumption).
  checkIns: { everyMinutes: 60, flaggedEveryMinutes: 30 },
  // Interpretation Act 1978 s7; CPR 6.14 / Insolvency Rules convention for first class post.
  noticeGivenAfterBusinessDays: { post: 2, hand: 0, email: 0, fixed: 0 },
  tradingDayParts: DEFAULT_TRADING_DAY_PARTS,
  // Two weeks: time for a team leader to plan a case before it expires (assumption; docs/enforcement-rules.md).
  lastLawfulDaySoonDays: 14,
};

/** Validates settings from storage or a request; the error names the field. */
export function parseRulesSettings(input: unknown): RulesSettings {
  const result = RulesSettingsSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid rules settings at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

/**
 * The notice-period reform (gov.uk consultation response, June 2025): 14 clear days for notices
 * from `from`, and a 5% uplift on fixed fees for stages reached from that date.
 */
export function withNoticeReform(settings: RulesSettings, from: string, clearDays = 14, feeUplift = 0.05): RulesSettings {
  const current = feeTableOn(settings, from);
  const up = (n: number) => Math.round(n * (1 + feeUplift) * 100) / 100;
  return {
    ...settings,
    noticePeriods: [...settings.noticePeriods.filter((p) => p.from < from), { from, clearDays }],
    fees: [
      ...settings.fees.filter((f) => f.from < from),
      {
        from,
        compliance: up(current.compliance),
        enforcement: { ...current.enforcement, fixed: up(current.enforcement.fixed) },
        sale: { ...current.sale, fixed: up(current.sale.fixed) },
      },
    ],
  };
}

/** The entry of a dated table in force on `date` (the latest `from` on or before it). */
function inForce<T extends { from: string }>(table: T[], date: string, what: string): T {
  let best: T | undefined;
  for (const row of table) if (row.from <= date && (!best || row.from > best.from)) best = row;
  if (!best) throw new Error(`no ${what} in force on ${date} (the table starts ${table.map((r) => r.from).sort()[0]})`);
  return best;
}

export function noticePeriodOn(settings: RulesSettings, noticeDate: string): number {
  return inForce(settings.noticePeriods, noticeDate, 'notice period').clearDays;
}

export function feeTableOn(settings: RulesSettings, date: string): FeeTable {
  return inForce(settings.fees, date, 'fee table');
}
