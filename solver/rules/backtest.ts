/**
 * Scoring the forecast on recorded outcomes, as it would have been used: for each of the last N
 * weeks, the model learns from every visit recorded before the week began and predicts each visit
 * of the week (P(contact), and given contact the payment split); the prior-only model predicts the
 * same visits from the settings alone. Brier scores (lower is better) and a calibration table say
 * which predicted better and whether its probabilities meant what they said.
 */
import { addDays } from './calendar.js';
import { PAYMENT_OUTCOMES } from './forecast.js';
import { countOutcomes, learnedSettings, predictRecorded, type RecordedVisit } from './learning.js';
import type { RulesSettings } from './settings.js';

export interface CalibrationBin {
  /** Predicted P(contact) in [from, to). */
  from: number;
  to: number;
  visits: number;
  meanPredicted: number;
  observed: number;
}

export interface ModelScore {
  visits: number;
  contacts: number;
  /** Mean (P(contact) - contact)^2 over the visits. */
  contactBrier: number;
  /** Mean over visits with contact of the squared error summed over full / arrangement / nothing. */
  paymentBrier: number;
  calibration: CalibrationBin[];
}

export interface BacktestWeek {
  from: string;
  /** Exclusive. */
  to: string;
  /** Visits the model learned from (recorded before `from`). */
  trainedOn: number;
  visits: number;
  learned: { contactBrier: number; paymentBrier: number };
  prior: { contactBrier: number; paymentBrier: number };
}

export interface BacktestReport {
  from: string;
  to: string;
  weeks: BacktestWeek[];
  learned: ModelScore;
  prior: ModelScore;
}

interface Prediction {
  p: number;
  y: boolean;
  paymentError?: number;
}

const BINS = 10;

function score(predictions: readonly Prediction[]): ModelScore {
  const n = predictions.length;
  const contacts = predictions.filter((x) => x.y).length;
  const paid = predictions.filter((x) => x.paymentError !== undefined);
  const bins = Array.from({ length: BINS }, (_, i) => ({ from: i / BINS, to: (i + 1) / BINS, visits: 0, sumP: 0, hits: 0 }));
  for (const x of predictions) {
    const b = bins[Math.min(BINS - 1, Math.floor(x.p * BINS))];
    b.visits++;
    b.sumP += x.p;
    b.hits += x.y ? 1 : 0;
  }
  return {
    visits: n,
    contacts,
    contactBrier: n ? predictions.reduce((s, x) => s + (x.p - (x.y ? 1 : 0)) ** 2, 0) / n : 0,
    paymentBrier: paid.length ? paid.reduce((s, x) => s + x.paymentError!, 0) / paid.length : 0,
    calibration: bins
      .filter((b) => b.visits > 0)
      .map((b) => ({ from: b.from, to: b.to, visits: b.visits, meanPredicted: b.sumP / b.visits, observed: b.hits / b.visits })),
  };
}

function predict(v: RecordedVisit, settings: RulesSettings): Prediction {
  const { contact, payment } = predictRecorded(v, settings);
  const paymentError = v.contact && v.payment ? PAYMENT_OUTCOMES.reduce((s, k) => s + (payment[k] - (k === v.payment ? 1 : 0)) ** 2, 0) : undefined;
  return { p: contact, y: v.contact, ...(paymentError === undefined ? {} : { paymentError }) };
}

/**
 * The last `weeks` weeks ending on the day of the last recorded visit (or before `end`, exclusive,
 * a date), each predicted by the model learned from the visits recorded before it.
 */
export function backtest(visits: readonly RecordedVisit[], settings: RulesSettings, opts: { weeks: number; end?: string }): BacktestReport {
  const last = visits.reduce((m, v) => (v.date > m ? v.date : m), '');
  const end = opts.end ?? (last ? addDays(last, 1) : '');
  const start = end ? addDays(end, -7 * opts.weeks) : '';
  const learnedAll: Prediction[] = [];
  const priorAll: Prediction[] = [];
  const weeks: BacktestWeek[] = [];
  for (let w = 0; end && w < opts.weeks; w++) {
    const from = addDays(start, 7 * w);
    const to = addDays(from, 7);
    const known = visits.filter((v) => v.date < from);
    const model = learnedSettings(settings, countOutcomes(known, settings));
    const week = visits.filter((v) => v.date >= from && v.date < to);
    const learned = week.map((v) => predict(v, model));
    const prior = week.map((v) => predict(v, settings));
    learnedAll.push(...learned);
    priorAll.push(...prior);
    const l = score(learned);
    const p = score(prior);
    weeks.push({
      from,
      to,
      trainedOn: known.length,
      visits: week.length,
      learned: { contactBrier: l.contactBrier, paymentBrier: l.paymentBrier },
      prior: { contactBrier: p.contactBrier, paymentBrier: p.paymentBrier },
    });
  }
  return { from: start, to: end, weeks, learned: score(learnedAll), prior: score(priorAll) };
}
