/**
 * The learning test: recorded outcomes move the contact rates and the payment rates by the
 * conjugate updates written out by hand below, and the next plan follows them.
 */
import { describe, expect, it } from 'vitest';
import { backtest } from '../../solver/rules/backtest.js';
import { planDay } from '../../solver/rules/index.js';
import { countOutcomes, learnedSettings, modelSummary, recordedVisits, type LearningOutcome, type OutcomeCounts } from '../../solver/rules/learning.js';
import type { OutcomeKind } from '../../solver/rules/outcomes.js';
import { DEFAULT_RULES_SETTINGS, type RulesSettings } from '../../solver/rules/settings.js';
import type { Case } from '../../solver/rules/types.js';
import { context, makeCase, makeOfficer, randomCases } from './fixtures.js';

/**
 * Debts exactly at the payment model's reference: 4.0 years old on the day (orders of 9 Jun 2022,
 * visits on Tue 9 Jun 2026, 1,461 days; the reference age set to 4) and £1,000 owed (a £765
 * balance + the £235 enforcement fee), so every contact counts whole and the updates are exact.
 */
const S: RulesSettings = { ...DEFAULT_RULES_SETTINGS, forecast: { ...DEFAULT_RULES_SETTINGS.forecast, referenceAgeYears: 4 } };
const EVENING = '2026-06-09T18:00:00+01:00';
const DAYTIME = '2026-06-09T11:00:00+01:00';

const cases = new Map<string, Case>();
const outcomes: LearningOutcome[] = [];
/** One debtor, one case, one outcome; a failed attempt is on the case as the store records it. */
function visit(ref: string, kind: OutcomeKind, at: string, over: Partial<Case> = {}): void {
  const c = makeCase(ref, { balance: 765, liabilityOrderDate: '2022-06-09', noticeDate: '2026-01-05', ...over });
  cases.set(ref, { ...c, previousAttempts: kind === 'no_contact' ? [...c.previousAttempts, at] : c.previousAttempts });
  outcomes.push({ caseRef: ref, kind, at, balanceBefore: c.balance });
}
// Weekday evening: 10 first visits, 7 contacts (3 paid in full, 2 arrangements, goods taken, a vulnerable debtor).
(['paid', 'paid', 'paid', 'arrangement', 'arrangement', 'goods_controlled', 'vulnerable', 'no_contact', 'no_contact', 'no_contact'] as const).forEach(
  (kind, i) => visit(`E${i}`, kind, EVENING),
);
// Weekday daytime: 30 first visits, nobody in.
for (let i = 0; i < 30; i++) visit(`D${i}`, 'no_contact', DAYTIME);
// Gone away says nothing about when people are in; an outcome of an unknown case is no evidence.
visit('G', 'gone_away', EVENING);
outcomes.push({ caseRef: 'NOBODY', kind: 'paid', at: EVENING });

describe('recorded outcomes -> counts -> the rates in use', () => {
  const counts = countOutcomes(recordedVisits(outcomes, cases, S), S);

  it('counts visits and contacts per premises and band', () => {
    expect(counts.contact.domestic).toEqual({
      evening: { visits: 10, contacts: 7, attemptWeightedVisits: 10 },
      day: { visits: 30, contacts: 0, attemptWeightedVisits: 30 },
    });
    expect(counts.payment.council_tax).toMatchObject({ full: 3, arrangement: 2, nothing: 2 });
  });

  it('moves the contact rates by the Beta-binomial posterior mean (prior strength 20)', () => {
    const learned = learnedSettings(S, counts);
    // Evening: (0.40 x 20 + 7) / (20 + 10) = 15/30.
    expect(learned.contactRates.domestic.evening).toBeCloseTo(0.5, 12);
    // Daytime: (0.25 x 20 + 0) / (20 + 30) = 5/50.
    expect(learned.contactRates.domestic.day).toBeCloseTo(0.1, 12);
    // Untouched: no visit recorded in it.
    expect(learned.contactRates.domestic.early).toBe(0.45);
    // The stored priors are not changed.
    expect(S.contactRates.domestic.evening).toBe(0.4);
  });

  it('moves the payment rates by the Dirichlet posterior mean (prior strength 20)', () => {
    const p = learnedSettings(S, counts).forecast.payment.council_tax;
    // Dirichlet(20 x (0.20, 0.35, 0.45)) after (3, 2, 2): (4 + 3, 7 + 2, 9 + 2) / 27.
    expect(p.full).toBeCloseTo(7 / 27, 12);
    expect(p.arrangement).toBeCloseTo(9 / 27, 12);
    expect(learnedSettings(S, counts).forecast.payment.hbop).toEqual(S.forecast.payment.hbop);
  });

  it('GET /api/model figures: prior, evidence and rate in use side by side', () => {
    const summary = modelSummary(S, counts);
    expect(summary.contact.find((r) => r.premises === 'domestic' && r.band === 'evening')).toEqual({
      premises: 'domestic',
      band: 'evening',
      label: 'Weekday evening',
      days: [1, 2, 3, 4, 5],
      prior: 0.4,
      priorStrength: 20,
      visits: 10,
      contacts: 7,
      attemptWeightedVisits: 10,
      inUse: 0.5,
    });
    expect(summary.payment.find((r) => r.debtType === 'council_tax')?.inUse).toEqual({ full: 0.2593, arrangement: 0.3333, nothing: 0.4074 });
  });

  it('a repeat attempt counts as the fraction of a first visit it was expected to be; one debtor at one instant is one visit', () => {
    const more = new Map(cases);
    const extra: LearningOutcome[] = [];
    // Failed in the day on 2 Jun, then again in the evening of 9 Jun: 0.85 of a first visit.
    more.set('R', makeCase('R', { previousAttempts: ['2026-06-02T11:00:00+01:00', EVENING] }));
    extra.push({ caseRef: 'R', kind: 'no_contact', at: EVENING });
    // Two orders of one debtor paid at one visit.
    more.set('T1', makeCase('T1', { debtorRef: 'D-T' }));
    more.set('T2', makeCase('T2', { debtorRef: 'D-T' }));
    extra.push({ caseRef: 'T1', kind: 'paid', at: EVENING }, { caseRef: 'T2', kind: 'paid', at: '2026-06-09T17:00:00Z' });
    const c = countOutcomes(recordedVisits([...outcomes, ...extra], more, S), S).contact.domestic.evening;
    expect(c.visits).toBe(12);
    expect(c.contacts).toBe(8);
    expect(c.attemptWeightedVisits).toBeCloseTo(10 + 0.85 + 1, 12);
  });
});

describe('the next plan follows what was recorded', () => {
  it('a band with many failures gets fewer visits', async () => {
    const DATE = '2026-06-16';
    const officer = makeOfficer('o1', { shiftStart: '06:00', shiftEnd: '21:00' });
    const ctx = context(
      randomCases(60, DATE, 7).filter((c) => c.premises === 'domestic'),
      { officers: [officer], crews: [] },
    );
    // 200 weekday-early visits with nobody in: (0.45 x 20 + 0) / (20 + 200) = 0.041.
    const counts: OutcomeCounts = { contact: { domestic: { early: { visits: 200, contacts: 0, attemptWeightedVisits: 200 } }, business: {} }, payment: {} };
    const learned = learnedSettings(DEFAULT_RULES_SETTINGS, counts);
    expect(learned.contactRates.domestic.early).toBeCloseTo(9 / 220, 12);
    const early = (p: Awaited<ReturnType<typeof planDay>>) => p.routes.flatMap((r) => r.stops).filter((s) => s.window.band === 'early').length;
    const before = await planDay(ctx, { date: DATE, timeLimitMs: 400, seed: 1 });
    const after = await planDay({ ...ctx, settings: learned }, { date: DATE, timeLimitMs: 400, seed: 1 });
    expect(early(before)).toBeGreaterThanOrEqual(5);
    expect(early(after)).toBeLessThan(early(before) / 2);
  });
});

describe('the backtest', () => {
  it('scores each week with the model learned before it, against the prior alone', () => {
    const visits = recordedVisits(outcomes, cases, S);
    // One week (8-14 Jun), nothing known before it: learning has nothing to learn, both models agree.
    const report = backtest(visits, S, { weeks: 1 });
    expect(report.from).toBe('2026-06-03');
    expect(report.to).toBe('2026-06-10');
    expect(report.weeks).toEqual([expect.objectContaining({ from: '2026-06-03', to: '2026-06-10', trainedOn: 0, visits: 40 })]);
    expect(report.learned.contactBrier).toBe(report.prior.contactBrier);
    // Brier by hand: evening p = 0.40, 7 of 10 contacts: 7 x 0.6^2 + 3 x 0.4^2; daytime p = 0.25, none of 30: 30 x 0.25^2.
    expect(report.prior.contactBrier).toBeCloseTo((7 * 0.36 + 3 * 0.16 + 30 * 0.0625) / 40, 12);
    expect(report.prior.calibration).toEqual([
      { from: 0.2, to: 0.3, visits: 30, meanPredicted: 0.25, observed: 0 },
      { from: 0.4, to: 0.5, visits: 10, meanPredicted: expect.closeTo(0.4, 12), observed: 0.7 },
    ]);
    // Payment given contact, prior (0.20, 0.35, 0.45): full 3 x (0.8^2 + 0.35^2 + 0.45^2), arrangement 2 x (0.2^2 + 0.65^2 + 0.45^2), nothing 2 x (0.2^2 + 0.35^2 + 0.55^2).
    expect(report.prior.paymentBrier).toBeCloseTo((3 * (0.64 + 0.1225 + 0.2025) + 2 * (0.04 + 0.4225 + 0.2025) + 2 * (0.04 + 0.1225 + 0.3025)) / 7, 12);
  });

  it('with a week of history, the learned model predicts the next week better when the prior was wrong', () => {
    // The same visits a week later: learned from the first week, predicted in the second.
    const later = new Map(cases);
    const again: LearningOutcome[] = outcomes
      .filter((o) => cases.has(o.caseRef) && o.kind !== 'gone_away')
      .map((o) => ({ ...o, caseRef: `${o.caseRef}-2`, at: o.at.replace('2026-06-09', '2026-06-16') }));
    for (const o of again) {
      const c = cases.get(o.caseRef.slice(0, -2))!;
      later.set(o.caseRef, {
        ...c,
        ref: o.caseRef,
        debtorRef: `${c.debtorRef}-2`,
        liabilityOrderDate: '2022-06-16',
        previousAttempts: c.previousAttempts.map((a) => a.replace('2026-06-09', '2026-06-16')),
      });
    }
    const report = backtest(recordedVisits([...outcomes, ...again], later, S), S, { weeks: 1 });
    expect(report.weeks[0]).toMatchObject({ trainedOn: 40, visits: 40 });
    expect(report.learned.contactBrier).toBeLessThan(report.prior.contactBrier);
    expect(report.learned.paymentBrier).toBeLessThan(report.prior.paymentBrier);
  });
});
