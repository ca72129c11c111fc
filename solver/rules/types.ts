/**
 * The enforcement domain's vocabulary: cases, officers, crews, settings and plans. Shared by the
 * rules (which turn them into a solver problem) and the server (which stores them). Dates are
 * ISO strings: 'YYYY-MM-DD' for calendar dates, ISO 8601 with offset for instants, always meant
 * in Europe/London. See docs/enforcement-rules.md for the rules behind each field.
 */

export type DebtType = 'council_tax' | 'nndr' | 'bid' | 'hbop';
export type Premises = 'domestic' | 'business';
export type CaseStatus = 'open' | 'suspended' | 'closed';
/** How the notice of enforcement was given (reg 8(1)): post (a), email (b), by hand (c), (e), (f), fixed to the premises where there is no letter box (d). */
export type NoticeMethod = 'post' | 'hand' | 'email' | 'fixed';

/** One liability order passed for enforcement. Several cases of one debtor at one address are one visit. */
export interface Case {
  ref: string;
  debtorRef: string;
  name: string;
  address: string;
  postcode: string;
  lat: number;
  lon: number;
  debtType: DebtType;
  /** Outstanding balance in pounds (before enforcement-stage fees). */
  balance: number;
  liabilityOrderDate: string;
  /** The date of the notice of enforcement (reg 7(c)); starts the 12-month limit (reg 9). */
  noticeDate: string;
  /** How the notice was given; absent = post. The clear days (reg 6) count from the day it is given (notice.ts). */
  noticeMethod?: NoticeMethod;
  /** Clear days of notice this case needs when more than the law's: 14 or 28 (28 on a debt adviser's request, the announced reform). */
  noticePeriodDays?: number;
  /** Breathing Space (Debt Respite Scheme Regulations 2020): not visited on or before this date. */
  breathingSpaceUntil?: string;
  premises: Premises;
  /** Opening hours for business premises, e.g. 'Mo-Fr 09:00-17:30; Sa 10:00-16:00'. */
  tradingHours?: string;
  /** A vulnerability flag: it holds every case of the debtor until a team leader clears it (person.ts). */
  vulnerable: boolean;
  /** A warning marker ("caution before contact"): every visit to this address needs a crew, whoever the debtor (person.ts). */
  warning: boolean;
  /** Dates (YYYY-MM-DD) on which the debtor must not be visited (festivals). */
  doNotVisit: string[];
  /** Failed attempts so far, ISO date-times. */
  previousAttempts: string[];
  /** When an instalment arrangement was breached, the 12 months run from here (reg 9). */
  arrangementBreachedDate?: string;
  /** A court extended the 12-month period once by a further 12 months (reg 9). */
  limitExtendedByCourt?: boolean;
  status: CaseStatus;
  /** Officer skills the visit needs (e.g. 'removal'); absent = none. */
  requiredSkills?: string[];
}

export interface Officer {
  id: string;
  name: string;
  /** Where the day starts and ends (office or home). */
  start: { lat: number; lon: number };
  end: { lat: number; lon: number };
  /** Default shift, local times 'HH:MM'. */
  shiftStart: string;
  shiftEnd: string;
  /** Days of the week worked, 1 = Monday .. 7 = Sunday. */
  workingDays: number[];
  /** Dates off (leave, training). */
  unavailableDates: string[];
  breakMinutes: number;
  /** The break starts inside this local window, 'HH:MM'. */
  breakWindow: { start: string; end: string };
  skills: string[];
  /** Saturdays with visits expected per month (Kingston role profile: 2). */
  saturdayQuota: number;
  /**
   * On the Saturday rota: works `workingDays` (Monday to Friday, say) and is available on
   * Saturdays; the planner chooses which Saturdays of each month, as many as the quota asks
   * (saturdays.ts). Ignored when Saturday is a working day. Absent (officers saved before it) = false.
   */
  saturdayRota?: boolean;
  /** The team whose postcode patch the officer works (settings.teams, patches.ts); none: no patch of their own. */
  team?: string;
}

/** Two officers working together: the only way a warning-marker address is visited. */
export interface Crew {
  id: string;
  officerIds: [string, string];
}

/**
 * Why a case is not on the day's plan, in words that say what to do (docs/enforcement-rules.md,
 * "Reasons for unplanned cases"). The person first, then the law and the council's calendar, then
 * the team and the day.
 */
export type UnplannedReason =
  /** The debtor is vulnerable (a flag or a 'vulnerable' outcome on any of their cases): a team leader reviews and clears the hold. */
  | 'vulnerable'
  /** A team leader's hold on the debtor. */
  | 'manual-hold'
  /** Another person at the address is vulnerable: a team leader reviews before anyone visits. */
  | 'held-for-review'
  /** An instalment arrangement holds: the case is suspended while it does. */
  | 'arrangement'
  /** Breathing Space (Debt Respite Scheme) protects the debtor. */
  | 'breathing-space'
  /** The 12-month limit (reg 9) has passed. */
  | 'expired'
  /** The notice's clear days (reg 6) have not run: see eligibleFrom. */
  | 'not-yet-eligible'
  /** A council blackout date. */
  | 'blackout'
  /** One of the debtor's do-not-visit dates (a festival they observe). */
  | 'do-not-visit'
  /** A warning marker at the address and no crew working. */
  | 'needs-crew'
  /** No officer working today has a skill the visit needs (e.g. removal). */
  | 'no-skill'
  /** Every usable window of the day lies outside every shift that could take the visit. */
  | 'outside-shifts'
  /** No time left in any route. */
  | 'no-capacity'
  | 'not-worth-detour'
  /** Eligible, but no usable window that day: business premises not trading, or the only band is the last failed attempt's. */
  | 'no-window'
  /** The address lies too far from any road of the road network to drive to (check its coordinates). */
  | 'no-road'
  /** The address lies beyond the road data in use altogether (load the area's road extract). */
  | 'outside-road-area'
  /** Evaluation of a manual order: the user took the case off its team's route. */
  | 'removed-by-user'
  /** Week planning: kept for a later Saturday of the horizon (people at work in the week are likelier in then). */
  | 'held-for-saturday'
  /** Week planning: on another day's route of the same horizon. */
  | 'planned-on-another-day';

/** What a team leader's hold on a debtor is for: vulnerability, their own decision, or a review of someone at a vulnerable person's address. */
export type DebtorHoldKind = 'vulnerable' | 'manual' | 'review';

/** A hold on a debtor as the rules read it (the store keeps who, why and when). Active until cleared. */
export interface DebtorHold {
  debtorRef: string;
  kind: DebtorHoldKind;
  /** ISO 8601 instants. */
  setAt: string;
  clearedAt?: string;
}

/** Why a stop breaks the rules or the plan, reported by evaluation (never by refusing the order). */
export interface Violation {
  code:
    | 'before-visiting-hours'
    | 'after-visiting-hours'
    | 'outside-trading-hours'
    | 'before-earliest-lawful-date'
    | 'after-12-month-limit'
    | 'vulnerable'
    | 'manual-hold'
    | 'held-for-review'
    | 'arrangement'
    | 'breathing-space'
    | 'needs-crew'
    | 'do-not-visit-date'
    | 'blackout'
    | 'late'
    | 'after-shift-end'
    | 'too-many-visits'
    | 'same-band-as-last-attempt';
  message: string;
}

/** One visit: all of a debtor's open cases at one address (Fees reg 11: a debtor's visits of a day are one officer's). */
export interface PlannedStop {
  caseRefs: string[];
  lat: number;
  lon: number;
  /** ISO 8601 local time with offset (Europe/London). */
  arrival: string;
  departure: string;
  /** Waiting before service can start, minutes. */
  waitMinutes: number;
  /**
   * The time band or window the visit is planned in, local 'HH:MM': the band's id (settings
   * `bands`; 'trading' outside every band, 'none' with no lawful window) and its label.
   */
  window: { start: string; end: string; band: string; label?: string };
  /** Expected recovery in pounds for this visit at this time. */
  value: number;
  /** Combined balance of the visit's cases, pounds. */
  balance: number;
  flags: { warning: boolean; business: boolean; repeat: boolean; vulnerable: boolean };
  /** This visit's share of the debtor's one enforcement fee of the day, pounds (Fees reg 11; 0 for a vulnerable debtor, reg 12). */
  enforcementFee?: number;
  /** The earliest last lawful day (reg 9) of the stop's cases, when it is within settings.lastLawfulDaySoonDays. */
  lastLawfulDay?: string;
  violations: Violation[];
  /** True when travel to and from the stop is a straight-line estimate (outside the road data, or no road data); absent on plans saved before it. */
  estimate?: boolean;
}

export interface PlannedRoute {
  /** One officer, or the two of a crew. */
  officerIds: string[];
  stops: PlannedStop[];
  start: { lat: number; lon: number; departure: string };
  end: { lat: number; lon: number; arrival: string };
  miles: number;
  /** Expected recovery in pounds. */
  value: number;
  driveMinutes: number;
  /** Lone-working check-ins, in time order (check-ins.ts). */
  checkIns: CheckIn[];
  /** Stops before the break (absent without a break): evaluating the route keeps the break there when it still fits. */
  breakAfter?: number;
}

/** When an officer must check in by: setting off, at intervals, at a flagged address, back. */
export interface CheckIn {
  /** ISO 8601 local time with offset. */
  at: string;
  kind: 'start' | 'due' | 'arrive' | 'on-site' | 'leave' | 'end';
  /** The stop (index in the route's stops) for arrive, on-site and leave. */
  stop?: number;
}

export interface UnplannedCase {
  caseRef: string;
  reason: UnplannedReason;
  /** For not-yet-eligible: the first lawful visiting date; for breathing-space: the day after it ends. */
  eligibleFrom?: string;
  /** The case's last lawful day (reg 9), when it is within settings.lastLawfulDaySoonDays. */
  lastLawfulDay?: string;
}

export interface DayPlan {
  date: string;
  /** The pounds-per-mile weight the plan was made with. */
  weight: number;
  routes: PlannedRoute[];
  unplanned: UnplannedCase[];
  totals: { visits: number; miles: number; value: number };
  /** True when travel figures are straight-line estimates (the haversine backend), or some are (a stop's `estimate`). */
  estimate: boolean;
  /** The road data the plan was made on (the embedded graph's file and build time); absent for other backends and older plans. */
  roads?: { source: string; builtAt: string };
  /** The team whose day this is, when teams divide the area and all its officers are of one (patches.ts planTeam). */
  team?: string;
}

/** One officer's Saturday quota for one month, as the week plan leaves it. */
export interface SaturdayQuotaStatus {
  officerId: string;
  /** 'YYYY-MM'. */
  month: string;
  quota: number;
  /** Saturdays of the month that already count, outside the plan's days: worked, or planned in saved plans (an input). */
  workedBefore: number;
  /** Saturdays with visits in this plan. */
  planned: number;
  /** Those Saturdays' dates. */
  plannedDates: string[];
  /** Saturdays of the month after the plan's last day on which the officer could still work. */
  remainingAfter: number;
  /** workedBefore + planned >= quota. */
  met: boolean;
}

/** Several days planned together: each case on one day at most. */
export interface WeekPlan {
  from: string;
  days: DayPlan[];
  saturdayQuotas: SaturdayQuotaStatus[];
  /** Open cases planned on no day, with the reason from the last day they were considered. */
  unplanned: UnplannedCase[];
  totals: { visits: number; miles: number; value: number };
}
