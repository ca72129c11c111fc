/**
 * The enforcement rules' public surface, called by the server (in worker threads) and the CLI.
 * Pure functions over a PlanningContext; the only I/O is loading the bank-holiday feed (and a
 * process warning should the solver and its checker ever disagree: see warnOnCheckerDisagreement).
 */
export { planDay, planDayModel, DEFAULT_TIME_LIMIT_MS, defaultTimeLimitMs, type PlanDayOptions, type SearchOptions } from './plan-day.js';
export { evaluateRoutes, type EvaluateRoutesOptions } from './evaluate.js';
export { replanRest, type ReplanRestOptions } from './replan.js';
export { assemblePlan } from './plan-output.js';
export { planWeek, type PlanWeekOptions } from './plan-week.js';
export { buildDayModel, METRES_PER_MILE, type PlanningContext, type DayModel } from './day-model.js';
export { PlanningInputError, CalendarRangeError } from './errors.js';
export { BankHolidayCalendar, loadBankHolidays, parseBankHolidayFeed, DEFAULT_BANK_HOLIDAYS_PATH } from './bank-holidays.js';
export { DEFAULT_RULES_SETTINGS, RulesSettingsSchema, parseRulesSettings, withNoticeReform, type RulesSettings } from './settings.js';
export { STATUTORY_SAFEGUARDS, safeguardsOn, safeguardProblems, lawfulSettings, type SafeguardProblem } from './statutory.js';
export { lastLawfulDay, isClearDay } from './calendar.js';
export { earliestLawfulVisitOf } from './notice.js';
export { visitFees, debtorDayFees } from './fees.js';
export { personCare, premisesKey, reviewsNeeded, newVulnerability, type PersonCare, type PersonHoldReason } from './person.js';
export { parseTradingHours } from './trading-hours.js';
export { applyOutcome, mergeImportedCase, outcomeEffect, recordedFacts, type OutcomeKind, type OutcomeRecord, type KeptFields } from './outcomes.js';
export type * from './types.js';
