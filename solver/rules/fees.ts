/**
 * Taking Control of Goods (Fees) Regulations 2014 (SI 2014/1). Fees are worked per visit, not per
 * case: under reg 11 several liability orders of one debtor enforced on the same occasion pay a
 * compliance fee each, but each later stage's fixed fee once, with its percentage on the combined
 * sum to be recovered. Reg 12: the enforcement fee is not recoverable from a vulnerable debtor (we
 * take the conservative reading and never count it). Amounts in pounds, rounded to pence.
 */
import { feeTableOn, type RulesSettings, type StageFee } from './settings.js';

const pence = (n: number) => Math.round(n * 100) / 100;

function stageFee(stage: StageFee, sum: number): number {
  return pence(stage.fixed + (Math.max(0, sum - stage.threshold) * stage.percent) / 100);
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
