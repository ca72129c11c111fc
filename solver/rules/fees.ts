/**
 * Taking Control of Goods (Fees) Regulations 2014 (SI 2014/1). Reg 11: where several enforcement
 * powers against the same debtor can reasonably be exercised at the same time (taking control for
 * all of them on the same occasion), a compliance fee is recoverable for each (reg 11(3)), but each
 * later stage's fixed fee only once, its percentage worked on the total of the sums to be
 * recovered (reg 11(4)). Rounds sends all of a debtor's visits of a day to one officer, so the
 * occasion is the debtor's day: debtorDayFees. Reg 12: the enforcement fee is not recoverable from
 * a vulnerable debtor unless they had an adequate opportunity to get advice (we take the
 * conservative reading and never count it). Amounts in pounds, in whole pence.
 */
import { feeTableOn, type RulesSettings, type StageFee } from './settings.js';

const pence = (n: number) => Math.round(n * 100) / 100;

/**
 * A stage's fee: the fixed part and the percentage of the sum above the threshold, worked in whole
 * pence with the percentage rounded down (the Regulations name no rounding; rounding down never
 * asks more than they allow: £1,500.07 owed -> 7.5% of 7p is 0.525p -> £235.00, not £235.01).
 */
function stageFee(stage: StageFee, sum: number): number {
  const above = Math.max(0, Math.round(sum * 100) - Math.round(stage.threshold * 100));
  // The epsilon keeps a product that floats a hair under a whole penny (3749.9999...) whole.
  const percentage = Math.floor((above * stage.percent) / 100 + 1e-9);
  return (Math.round(stage.fixed * 100) + percentage) / 100;
}

export interface VisitFees {
  /** One compliance fee per case (order). */
  compliance: number;
  /** Due on the first attendance at the premises (0 for a vulnerable debtor). */
  enforcement: number;
  /** Due on the first attendance to remove goods. */
  sale: number;
}

/**
 * Fees for one visit on `date` covering cases with these balances. The percentage applies to the
 * sum to be recovered, taken as the combined balance without fees (as agencies' published
 * calculators do): £2,000 owed -> enforcement fee £235 + 7.5% x £500 = £272.50.
 */
export function visitFees(balances: number[], date: string, vulnerable: boolean, settings: RulesSettings): VisitFees {
  const table = feeTableOn(settings, date);
  const compliance = pence(table.compliance * balances.length);
  const sum = balances.reduce((a, b) => a + b, 0);
  return {
    compliance,
    enforcement: vulnerable ? 0 : stageFee(table.enforcement, sum),
    sale: stageFee(table.sale, sum),
  };
}

/**
 * The fees of one debtor's day: `visits` lists each visit's case balances (a visit is the
 * debtor's cases at one address). The enforcement and sale fees are worked once on the day's
 * combined balance (reg 11(4)) and shared between the visits in proportion to their balances, in
 * pence, the last visit taking what rounding leaves, so that the shares add up to the fee; the
 * compliance fee stays one per case (reg 11(3)).
 */
export function debtorDayFees(visits: number[][], date: string, vulnerable: boolean, settings: RulesSettings): { total: VisitFees; perVisit: VisitFees[] } {
  const total = visitFees(visits.flat(), date, vulnerable, settings);
  if (visits.length === 0) return { total, perVisit: [] };
  const table = feeTableOn(settings, date);
  const sums = visits.map((balances) => balances.reduce((a, b) => a + b, 0));
  const all = sums.reduce((a, b) => a + b, 0);
  const share = (fee: number): number[] => {
    const cents = Math.round(fee * 100);
    const parts = sums.map((sum) => (all > 0 ? Math.floor((cents * sum) / all) : Math.floor(cents / sums.length)));
    parts[parts.length - 1] += cents - parts.reduce((a, b) => a + b, 0);
    return parts.map((p) => p / 100);
  };
  const enforcement = share(total.enforcement);
  const sale = share(total.sale);
  const perVisit = visits.map((balances, i) => ({ compliance: pence(table.compliance * balances.length), enforcement: enforcement[i], sale: sale[i] }));
  return { total, perVisit };
}
