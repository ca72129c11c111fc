/**
 * Every number the planning rules use that is not fixed by statute, with its documented default.
 * Dated tables (notice period, fees) hold the statutory values with the date each takes effect, so
 * that the announced reform (14 clear days, 5% fee uplift) is configuration, not a code change.
 * Sources: docs/enforcement-rules.md; "assumption" marks a default to calibrate.
 * The statutory safeguards among them (visiting hours, notice periods, limitMonths, suspendVulnerable)
 * may only be stricter than the law: statutory.ts judges them and planning clamps them.
 */
import { z } from 'zod';

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

export const RulesSettingsSchema = z.object({
  timeZone: name,
  /** reg 13(1): visits start and finish inside these local hours (business premises aside). */
  visitingHours: z.object({ start: hhmm, end: hhmm }),
  /** reg 6: clear days between the notice and the first visit, by notice date. */
  noticePeriods: z.array(NoticePeriodSchema).min(1).max(SETTINGS_LIMITS.datedRows),
  /** Fees Regulations 2014 Schedule, by date. */
  fees: z.array(FeeTableSchema).min(1).max(SETTINGS_LIMITS.datedRows),
  /** reg 9: months after the notice (or a breached arrangement) within which goods may be taken. */
  limitMonths: z.number().int().min(1).max(36),
  /** Time-of-day bands a visit is planned in; a repeat attempt avoids the last failed one's band. */
  bands: z.array(TimeBandSchema).min(1).max(SETTINGS_LIMITS.bands),
  /** P(contact) of a first attempt, by premises and band id ('trading' = business opening hours). */
  contactRates: z.object({ domestic: contactRates, business: contactRates }),
  /** P(contact) is multiplied by this for every failed attempt so far (assumption). */
  attemptDecay: rate,
  /** P(payment or arrangement | contact) (assumption; calibrate from outcomes). */
  paymentGivenContact: rate,
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

const WEEKDAYS_AND_SUNDAY = [1, 2, 3, 4, 5, 7];

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
  // Practice (Kingston role profile, agency guidance): early mornings, evenings and Saturdays reach
  // people at work in the week.
  bands: [
    { id: 'early', start: '06:00', end: '08:30', days: WEEKDAYS_AND_SUNDAY },
    { id: 'day', start: '08:30', end: '17:00', days: WEEKDAYS_AND_SUNDAY },
    { id: 'evening', start: '17:00', end: '21:00', days: WEEKDAYS_AND_SUNDAY },
    { id: 'saturday', start: '06:00', end: '21:00', days: [6] },
  ],
  // Assumption inside the 25-45% first-visit contact range reported by the industry.
  contactRates: {
    domestic: { early: 0.45, day: 0.25, evening: 0.4, saturday: 0.45 },
    business: { trading: 0.7, early: 0.15, day: 0.5, evening: 0.3, saturday: 0.4 },
  },
  attemptDecay: 0.85,
  paymentGivenContact: 0.55,
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
