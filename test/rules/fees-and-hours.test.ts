import { describe, expect, it } from 'vitest';
import { visitFees } from '../../solver/rules/fees.js';
import { DEFAULT_RULES_SETTINGS as S, parseRulesSettings, withNoticeReform } from '../../solver/rules/settings.js';
import { expectedValue, urgencyMultiplier, visitOffer } from '../../solver/rules/recovery.js';
import { groupVisits } from '../../solver/rules/visits.js';
import { holidays, makeCase } from './fixtures.js';

describe('fees (SI 2014/1)', () => {
  it.each([
    [[1000], false, { compliance: 75, enforcement: 235, sale: 110 }],
    [[2000], false, { compliance: 75, enforcement: 272.5, sale: 147.5 }],
    // reg 11: two orders, one visit: compliance twice, fixed fees once, 7.5% on the combined £3,000
    [[1200, 1800], false, { compliance: 150, enforcement: 347.5, sale: 222.5 }],
    // reg 12: no enforcement fee from a vulnerable debtor
    [[2000], true, { compliance: 75, enforcement: 0, sale: 147.5 }],
    // The percentage in whole pence, rounded down: 7.5% of 7p is 0.525p (none), of 20p 1.5p (1p), of £333.33 2,499.975p (£24.99).
    [[1500.07], false, { compliance: 75, enforcement: 235, sale: 110 }],
    [[1500.2], false, { compliance: 75, enforcement: 235.01, sale: 110.01 }],
    [[1833.33], false, { compliance: 75, enforcement: 259.99, sale: 134.99 }],
  ])('balances %j vulnerable=%s', (balances, vulnerable, expected) => {
    expect(visitFees(balances, '2026-06-16', vulnerable, S)).toEqual(expected);
  });
  it('applies the dated 5% uplift with the reform, not before', () => {
    const reform = withNoticeReform(S, '2027-04-06');
    expect(visitFees([1000], '2027-04-05', false, reform)).toEqual({ compliance: 75, enforcement: 235, sale: 110 });
    expect(visitFees([1000], '2027-04-06', false, reform)).toEqual({ compliance: 78.75, enforcement: 246.75, sale: 115.5 });
  });
});

describe('settings', () => {
  it('accepts the defaults and names the bad field', () => {
    expect(parseRulesSettings(S)).toEqual(S);
    expect(() => parseRulesSettings({ ...S, visitingHours: { start: '6am', end: '21:00' } })).toThrow(/visitingHours\.start/);
    expect(() => parseRulesSettings({ ...S, attemptDecay: 2 })).toThrow(/attemptDecay/);
  });
});

describe('expected recovery', () => {
  const DATE = '2026-06-16';
  it("groups a debtor's cases at one address and values the visit by band", () => {
    // Orders made 16 Jun 2022: on 16 Jun 2026 the debt is 1,461 days = 4.0 years old.
    const order = { debtorRef: 'D', liabilityOrderDate: '2022-06-16' };
    const [visit] = groupVisits([makeCase('A', { ...order, balance: 1200 }), makeCase('B', { ...order, address: 'A High Road', balance: 1800 })]);
    expect(visit.caseRefs).toEqual(['A', 'B']);
    const offer = visitOffer(visit, DATE, S, { holidays });
    expect(offer.windows.map((w) => w.band)).toEqual(['early', 'day', 'evening']);
    expect(offer.windows.map((w) => w.label)).toEqual(['Weekday early', 'Weekday daytime', 'Weekday evening']);
    const evening = offer.windows[2];
    // Owed: 3,000 + enforcement fee 347.50 = 3,347.50. Council tax pays (full 0.20 + arrangement
    // 0.35) at 1 year old, halving every 3 years: at 4 years 0.55 x 0.5 = 0.275. In full: its share
    // 0.20/0.55 of that at £1,000 owed, x (1,500 + 1,000) / (1,500 + 3,347.50) at this sum. An
    // arrangement: £100 a month over 12 months (< owed) x (0.6 completed + 0.4 x 0.3 paid before a
    // breach) = £864. Weekday evening contact 0.40.
    const full = 0.275 * (0.2 / 0.55) * (2500 / 4847.5);
    const valueGivenContact = full * 3347.5 + (0.275 - full) * 864;
    expect(valueGivenContact).toBeCloseTo(365.68, 2);
    expect(expectedValue(offer, evening)).toBeCloseTo(0.4 * valueGivenContact, 2);
    // the last window ends early enough to finish by 21:00 (15 + 5 minutes on site)
    expect(evening.latestStart).toBe(21 * 60 - 20);
  });
  it('lowers contact with each failed attempt and raises urgency near the limit', () => {
    const fresh = visitOffer(groupVisits([makeCase('A')])[0], DATE, S, { holidays });
    const tried = visitOffer(groupVisits([makeCase('A', { previousAttempts: ['2026-06-09T12:00:00+01:00', '2026-06-10T12:00:00+01:00'] })])[0], DATE, S, {
      holidays,
    });
    const early = (o: typeof fresh) => o.windows.find((w) => w.band === 'early')!.contact;
    expect(early(tried)).toBeCloseTo(early(fresh) * 0.85 ** 2, 10);
    expect(tried.windows.some((w) => w.band === 'day')).toBe(false);
    expect(urgencyMultiplier(400, S)).toBe(1);
    expect(urgencyMultiplier(30, S)).toBeCloseTo(1.25, 10);
    expect(urgencyMultiplier(0, S)).toBeCloseTo(1.5, 10);
  });
  it('plans business premises inside trading hours, even before 06:00', () => {
    const shop = groupVisits([makeCase('S', { premises: 'business', tradingHours: 'Mo-Sa 05:00-23:00' })])[0];
    const offer = visitOffer(shop, DATE, S, { holidays });
    expect(offer.windows[0].from).toBe(300);
    expect(offer.windows.at(-1)!.latestStart).toBe(23 * 60 - 15);
    const closed = visitOffer(groupVisits([makeCase('S', { premises: 'business', tradingHours: 'Sa 10:00-16:00' })])[0], DATE, S, { holidays });
    expect(closed.windows).toEqual([]);
  });
});
