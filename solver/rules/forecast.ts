/**
 * The recovery forecast: what a visit is expected to bring, as an explicit model.
 *
 *   E[recovery of a visit started in band b] = P(contact | b, premises, attempts tried)
 *                                              x E[amount | contact, debt type, age, owed]
 *   E[amount | contact] = P(full) x owed + P(arrangement) x what an arrangement collects
 *
 * P(contact) is recovery.ts's (the band, its prior or learned rate, and the memory of failed
 * attempts); this file holds the payment model, the worth of each outcome, and the conjugate
 * updates learning.ts applies to recorded outcomes. Every number is a setting (settings.ts,
 * `forecast`), with its source or "assumption" in docs/enforcement-rules.md.
 */
import { daysBetween } from './eligibility.js';
import type { ForecastSettings, PaymentPrior, RulesSettings } from './settings.js';
import type { DebtType } from './types.js';
import type { Visit } from './visits.js';

export const PAYMENT_OUTCOMES = ['full', 'arrangement', 'nothing'] as const;
export type PaymentOutcome = (typeof PAYMENT_OUTCOMES)[number];
/** Probabilities (or counts) of each payment outcome given contact. */
export type PaymentSplit = Record<PaymentOutcome, number>;

/** What the payment model needs to know about a visit's debt. */
export interface DebtProfile {
  debtType: DebtType;
  /** Pounds asked for on the doorstep: the combined balance plus the enforcement fee. */
  owed: number;
  /** Years since the oldest liability order. */
  ageYears: number;
  /** Months left before the 12-month limit: an arrangement is paid inside them. */
  monthsLeft: number;
}

const DAYS_PER_MONTH = 365.25 / 12;

/** The debt of a visit on `date`: the debt type of its largest case, its oldest order, its nearest limit. */
export function debtProfileOf(visit: Pick<Visit, 'cases' | 'daysLeft'>, date: string, owed: number, settings: RulesSettings): DebtProfile {
  const largest = visit.cases.reduce((a, b) => (b.balance > a.balance ? b : a));
  const oldest = visit.cases.reduce((a, b) => (b.liabilityOrderDate < a.liabilityOrderDate ? b : a));
  const daysLeft = Number.isFinite(visit.daysLeft) ? visit.daysLeft : settings.limitMonths * DAYS_PER_MONTH;
  return {
    debtType: largest.debtType,
    owed,
    ageYears: Math.max(0, daysBetween(oldest.liabilityOrderDate, date) / 365.25),
    monthsLeft: Math.min(settings.limitMonths, daysLeft / DAYS_PER_MONTH),
  };
}

/**
 * P(full), P(arrangement), P(nothing) given contact. The debt type's rates hold at the reference
 * age and sum owed. Older debt is paid less (both outcomes scale by 2^-(age - reference)/half-life,
 * capped at certainty); a larger sum is paid in full less often (P(full) scales by
 * (H + reference)/(H + owed)), and whoever would have paid but cannot in one go agrees instalments:
 * the balance moves the split between full and arrangement, not whether there is one.
 */
export function paymentSplit(profile: DebtProfile, forecast: ForecastSettings): PaymentSplit {
  const prior = forecast.payment[profile.debtType];
  const paying = prior.full + prior.arrangement;
  const pay = Math.min(1, paying * ageFactor(profile.ageYears, forecast));
  const shareAtReference = paying > 0 ? prior.full / paying : 0;
  const full = pay * Math.min(1, shareAtReference * fullShareFactor(profile.owed, forecast));
  return { full, arrangement: pay - full, nothing: 1 - pay };
}

/** How much likelier payment (of either kind) is at this age than at the reference age. */
export function ageFactor(ageYears: number, forecast: ForecastSettings): number {
  return 2 ** (-(ageYears - forecast.referenceAgeYears) / forecast.ageHalfLifeYears);
}

/** How much likelier payment in full (rather than by arrangement) is at this sum owed than at the reference. */
export function fullShareFactor(owed: number, forecast: ForecastSettings): number {
  const H = forecast.fullPaymentHalfOwed;
  return (H + forecast.referenceOwed) / (H + Math.max(0, owed));
}

/**
 * What an arrangement is expected to collect: instalments of at most `monthlyInstalment` over the
 * months left before the 12-month limit (at least one), never more than is owed, times the share
 * of its total an arrangement pays on average (completed ones all of it, breached ones part).
 */
export function arrangementCollects(owed: number, monthsLeft: number, forecast: ForecastSettings): number {
  const { monthlyInstalment, completionRate, paidBeforeBreach } = forecast.arrangement;
  const scheduled = Math.min(Math.max(0, owed), monthlyInstalment * Math.max(1, monthsLeft));
  return scheduled * (completionRate + (1 - completionRate) * paidBeforeBreach);
}

/** E[pounds recovered | contact]: monotone in the sum owed, concave in it, bounded by the instalments for large ones. */
export function valueGivenContact(profile: DebtProfile, forecast: ForecastSettings): number {
  const split = paymentSplit(profile, forecast);
  return split.full * Math.max(0, profile.owed) + split.arrangement * arrangementCollects(profile.owed, profile.monthsLeft, forecast);
}

/** Posterior mean of a Beta(prior x strength, (1 - prior) x strength) after `successes` in `trials`. */
export function betaPosteriorMean(prior: number, strength: number, successes: number, trials: number): number {
  const total = strength + trials;
  if (total <= 0) return prior;
  return Math.min(1, Math.max(0, (prior * strength + successes) / total));
}

/** What recorded contacts of one debt type brought, with the weights that read them at the reference age and sum owed. */
export interface PaymentCount {
  full: number;
  arrangement: number;
  nothing: number;
  /** Sum over the contacts of their ageFactor: contacts as reference-age contacts. */
  ageWeightedContacts: number;
  /** Sum over the contacts that paid (in full or by arrangement) of their fullShareFactor. */
  owedWeightedPayers: number;
}

/**
 * The payment rates after recorded contacts: the Dirichlet(full, arrangement, nothing) prior of
 * `strength` pseudo-contacts, updated as its two nested Betas (pay or not; then in full or by
 * arrangement), whose posterior means are the Dirichlet's. Each contact counts as the fraction of a
 * reference-age contact its age made it (ageFactor), and each payer as the fraction of a
 * reference-sum payer its sum made it (fullShareFactor); at the reference this is the exact
 * Dirichlet-multinomial update, (prior x strength + count) / (strength + contacts).
 */
export function paymentPosterior(prior: PaymentPrior, strength: number, count: PaymentCount): PaymentPrior {
  const paying = prior.full + prior.arrangement;
  const pay = betaPosteriorMean(paying, strength, count.full + count.arrangement, count.ageWeightedContacts);
  const share = betaPosteriorMean(paying > 0 ? prior.full / paying : 0, strength * paying, count.full, count.owedWeightedPayers);
  return { full: pay * share, arrangement: pay * (1 - share) };
}

/** A debt type's prior as a split of all three outcomes. */
export function priorSplit(prior: PaymentPrior): PaymentSplit {
  return { full: prior.full, arrangement: prior.arrangement, nothing: Math.max(0, 1 - prior.full - prior.arrangement) };
}
