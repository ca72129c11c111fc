/**
 * Fees for one debtor's day (Taking Control of Goods (Fees) Regulations 2014, SI 2014/1). Every
 * amount below is worked by hand from the Schedule (compliance £75; enforcement £235 and sale
 * £110, each plus 7.5% of the sum to be recovered above £1,500), reg 11 (several enforcement powers
 * against one debtor exercised at the same time: a compliance fee per power, each later stage's
 * fixed fee once, the percentage on the total) and reg 12 (no enforcement fee from a vulnerable
 * debtor). Rounds sends a debtor's visits of a day to one officer: the occasion is the day.
 */
import { describe, expect, it } from 'vitest';
import { debtorDayFees, visitFees } from '../../solver/rules/fees.js';
import { planDay } from '../../solver/rules/index.js';
import { DEFAULT_RULES_SETTINGS as S } from '../../solver/rules/settings.js';
import { context, makeCase, makeOfficer } from './fixtures.js';

const DATE = '2026-06-16';

describe('the fees of a debtor’s day (reg 11)', () => {
  it.each<
    [string, number[][], boolean, { compliance: number; enforcement: number; sale: number }, Array<{ compliance: number; enforcement: number; sale: number }>]
  >([
    [
      // £3,000 in all: enforcement 235 + 7.5% x 1,500 = 347.50, sale 110 + 112.50 = 222.50; shared 40:60.
      'home £1,200 and business £1,800',
      [[1200], [1800]],
      false,
      { compliance: 150, enforcement: 347.5, sale: 222.5 },
      [
        { compliance: 75, enforcement: 139, sale: 89 },
        { compliance: 75, enforcement: 208.5, sale: 133.5 },
      ],
    ],
    [
      // Two council tax orders at home (£400 + £700) and NNDR at the shop (£2,500): £3,600 in all.
      // Enforcement 235 + 7.5% x 2,100 = 392.50: home 1,100/3,600 of it is 119.93 (pence down), the
      // shop the rest, 272.57. Sale 110 + 157.50 = 267.50: 81.73 and 185.77. Compliance per order.
      'two orders at home and one at the shop',
      [[400, 700], [2500]],
      false,
      { compliance: 225, enforcement: 392.5, sale: 267.5 },
      [
        { compliance: 150, enforcement: 119.93, sale: 81.73 },
        { compliance: 75, enforcement: 272.57, sale: 185.77 },
      ],
    ],
    [
      // Under the threshold: the fixed fees once, shared 300:200.
      'two small balances, £300 and £200',
      [[300], [200]],
      false,
      { compliance: 150, enforcement: 235, sale: 110 },
      [
        { compliance: 75, enforcement: 141, sale: 66 },
        { compliance: 75, enforcement: 94, sale: 44 },
      ],
    ],
    [
      // reg 12: no enforcement fee at either address; sale 110 + 7.5% x 1,000 = 185, shared 80:20.
      'a vulnerable debtor, £2,000 and £500',
      [[2000], [500]],
      true,
      { compliance: 150, enforcement: 0, sale: 185 },
      [
        { compliance: 75, enforcement: 0, sale: 148 },
        { compliance: 75, enforcement: 0, sale: 37 },
      ],
    ],
  ])('%s', (_, visits, vulnerable, total, perVisit) => {
    const fees = debtorDayFees(visits, DATE, vulnerable, S);
    expect(fees.total).toEqual(total);
    expect(fees.perVisit).toEqual(perVisit);
  });

  it('is one fee, not one per address: £1,200 and £1,800 visited apart would be charged £492.50', () => {
    // Per address: 235 + (235 + 7.5% x 300) = 492.50; reg 11 allows 347.50.
    expect(visitFees([1200], DATE, false, S).enforcement + visitFees([1800], DATE, false, S).enforcement).toBe(492.5);
    expect(debtorDayFees([[1200], [1800]], DATE, false, S).total.enforcement).toBe(347.5);
  });
});

describe('a debtor with cases at two addresses, planned', () => {
  const home = makeCase('HOME', { debtorRef: 'D-TWO', balance: 1200, address: '3 Oak Road', lat: 51.613, lon: -0.128 });
  const shop = makeCase('SHOP', {
    debtorRef: 'D-TWO',
    balance: 1800,
    address: '7 Market Parade',
    postcode: 'N11 2BB',
    lat: 51.617,
    lon: -0.121,
    debtType: 'nndr',
    premises: 'business',
    tradingHours: 'Mo-Sa 08:00-18:00',
  });
  const others = Array.from({ length: 8 }, (_, i) => makeCase(`N${i}`, { lat: 51.606 + i * 0.002, lon: -0.14 + i * 0.003 }));
  const officers = [makeOfficer('o1'), makeOfficer('o2', { start: { lat: 51.625, lon: -0.105 }, end: { lat: 51.625, lon: -0.105 } })];

  it('sends both visits to one officer and shares one enforcement fee between them', async () => {
    const plan = await planDay(context([home, shop, ...others], { officers, crews: [] }), { date: DATE, seed: 1, maxIterations: 200 });
    const route = plan.routes.find((r) => r.stops.some((s) => s.caseRefs.includes('HOME')))!;
    const stops = route.stops.filter((s) => s.caseRefs.includes('HOME') || s.caseRefs.includes('SHOP'));
    expect(stops.map((s) => s.caseRefs[0]).sort()).toEqual(['HOME', 'SHOP']);
    const fee = Object.fromEntries(stops.map((s) => [s.caseRefs[0], s.enforcementFee]));
    expect(fee).toEqual({ HOME: 139, SHOP: 208.5 });
  });

  it('a vulnerable debtor is not visited at either address, whichever case carries the flag', async () => {
    const plan = await planDay(context([{ ...home, vulnerable: true }, shop, ...others], { officers, crews: [] }), { date: DATE, seed: 1, maxIterations: 200 });
    expect(plan.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs))).not.toContain('SHOP');
    expect(plan.unplanned.filter((u) => u.caseRef === 'HOME' || u.caseRef === 'SHOP')).toEqual([
      { caseRef: 'HOME', reason: 'vulnerable' },
      { caseRef: 'SHOP', reason: 'vulnerable' },
    ]);
  });
});
