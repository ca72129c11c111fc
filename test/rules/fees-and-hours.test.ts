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
    const [visit] = groupVisits([makeCase('A', { debtorRef: 'D', balance: 1200 }), makeCase('B', { debtorRef: 'D', address: 'A High Road', balance: 1800 })]);
    expect(visit.caseRefs).toEqual(['A', 'B']);
    const offer = visitOffer(visit, DATE, S, { holidays });
    expect(offer.windows.map((w) => w.band)).toEqual(['early', 'day', 'evening']);
    const evening = offer.windows[2];
    // P(contact) 0.40 x P(pay) 0.55 x (3000 + enforcement fee 347.50)
    expect(expectedValue(offer, evening)).toBeCloseTo(0.4 * 0.55 * 3347.5, 2);
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
