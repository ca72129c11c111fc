/**
 * The recovery forecast's value model (forecast.ts) and the band memory (recovery.ts). Expected
 * values are worked by hand from the model as docs/enforcement-rules.md states it, with the
 * default settings: contact priors, attempt decay 0.85, a tried band's factor 0.5 halving every
 * 60 days, council tax paying 0.20 in full and 0.35 by arrangement at £1,000 owed and 1 year old.
 */
import { describe, expect, it } from 'vitest';
import { planDay } from '../../solver/rules/index.js';
import { arrangementCollects, paymentSplit, valueGivenContact, type DebtProfile } from '../../solver/rules/forecast.js';
import { bandAt, visitOffer } from '../../solver/rules/recovery.js';
import { DEFAULT_BANDS, DEFAULT_FORECAST, DEFAULT_RULES_SETTINGS as S, parseRulesSettings } from '../../solver/rules/settings.js';
import { groupVisits } from '../../solver/rules/visits.js';
import { context, holidays as HOLIDAYS, makeCase, makeOfficer } from './fixtures.js';

const TUESDAY = '2026-06-16';
const F = DEFAULT_FORECAST;
const profile = (owed: number, over: Partial<DebtProfile> = {}): DebtProfile => ({ debtType: 'council_tax', owed, ageYears: 1, monthsLeft: 12, ...over });
const offerOf = (attempts: string[], date = TUESDAY) =>
  visitOffer(groupVisits([makeCase('A', { previousAttempts: attempts })])[0], date, S, { holidays: HOLIDAYS });
const contactIn = (offer: ReturnType<typeof offerOf>, band: string) => offer.windows.find((w) => w.band === band)?.contact;

describe('band memory: every band tried is remembered', () => {
  it('sends a case tried early and in the day to the evening', async () => {
    // Mon 8 Jun 07:00 (early), Tue 9 Jun 11:00 (day), both failed; planned Tue 16 Jun.
    const attempts = ['2026-06-08T07:00:00+01:00', '2026-06-09T11:00:00+01:00'];
    const offer = offerOf(attempts);
    // The last failed band is avoided outright (practice).
    expect(offer.windows.map((w) => w.band)).toEqual(['early', 'evening']);
    // Two failures: 0.85^2 everywhere. Early was tried 8 days ago: x (1 - 0.5 x 0.5^(8/60)).
    expect(contactIn(offer, 'early')).toBeCloseTo(0.45 * 0.85 ** 2 * (1 - 0.5 * 0.5 ** (8 / 60)), 10);
    expect(contactIn(offer, 'early')).toBeCloseTo(0.17691, 5);
    // Evening, never tried: 0.40 x 0.85^2 = 0.289, now the best band though its prior is lower than early's.
    expect(contactIn(offer, 'evening')).toBeCloseTo(0.289, 10);

    const officer = makeOfficer('o1', { shiftStart: '06:00', shiftEnd: '21:00' });
    const plan = await planDay(context([makeCase('A', { previousAttempts: attempts })], { officers: [officer], crews: [] }), {
      date: TUESDAY,
      timeLimitMs: 200,
      seed: 1,
    });
    expect(plan.routes[0].stops.map((s) => s.window.band)).toEqual(['evening']);
    expect(plan.routes[0].stops[0].window.label).toBe('Weekday evening');
  });

  it("forgets a band's failure with a 60-day half-life", () => {
    // Failed on Sat 6 Jun 18:00 (Saturday evening), then on Tue 9 Jun 18:00 (weekday evening).
    const attempts = ['2026-06-06T18:00:00+01:00', '2026-06-09T18:00:00+01:00'];
    // Saturday evening on Sat 13 Jun, 7 days on: 0.35 x 0.85^2 x (1 - 0.5 x 0.5^(7/60)).
    expect(contactIn(offerOf(attempts, '2026-06-13'), 'sat-evening')).toBeCloseTo(0.35 * 0.85 ** 2 * (1 - 0.5 * 0.5 ** (7 / 60)), 10);
    // On Sat 3 Oct, 119 days on, the penalty has nearly halved twice.
    expect(contactIn(offerOf(attempts, '2026-10-03'), 'sat-evening')).toBeCloseTo(0.35 * 0.85 ** 2 * (1 - 0.5 * 0.5 ** (119 / 60)), 10);
    expect(contactIn(offerOf(attempts, '2026-10-03'), 'sat-evening')).toBeCloseTo(0.2209, 4);
    // An untried band on the same day carries only the general decay.
    expect(contactIn(offerOf(attempts, '2026-06-13'), 'sat-morning')).toBeCloseTo(0.45 * 0.85 ** 2, 10);
  });

  it('gives Saturday and Sunday their own morning, afternoon and evening', () => {
    expect(bandAt(6, 11 * 60 + 59, S)).toBe('sat-morning');
    expect(bandAt(6, 12 * 60, S)).toBe('sat-afternoon');
    expect(bandAt(6, 17 * 60, S)).toBe('sat-evening');
    expect(bandAt(7, 6 * 60, S)).toBe('sun-morning');
    expect(bandAt(7, 16 * 60 + 59, S)).toBe('sun-afternoon');
    expect(bandAt(1, 8 * 60 + 30, S)).toBe('day');
    const saturday = offerOf([], '2026-06-20');
    expect(saturday.windows.map((w) => [w.band, w.label, w.contact])).toEqual([
      ['sat-morning', 'Saturday morning', 0.45],
      ['sat-afternoon', 'Saturday afternoon', 0.4],
      ['sat-evening', 'Saturday evening', 0.35],
    ]);
    expect(offerOf([], '2026-06-21').windows.map((w) => w.label)).toEqual(['Sunday morning', 'Sunday afternoon', 'Sunday evening']);
  });

  it('keeps a Saturday failure to Saturdays: the next Saturday avoids its band, Monday morning does not', () => {
    const saturdayMorning = ['2026-06-13T10:00:00+01:00'];
    expect(offerOf(saturdayMorning, '2026-06-20').windows.map((w) => w.band)).toEqual(['sat-afternoon', 'sat-evening']);
    // Monday 15 Jun: weekday early is another band; only the attempt itself counts against it.
    expect(contactIn(offerOf(saturdayMorning, '2026-06-15'), 'early')).toBeCloseTo(0.45 * 0.85, 10);
  });
});

describe('settings stored before the forecast still parse', () => {
  const legacy = {
    ...S,
    bands: [
      { id: 'early', start: '06:00', end: '08:30', days: [1, 2, 3, 4, 5, 7] },
      { id: 'day', start: '08:30', end: '17:00', days: [1, 2, 3, 4, 5, 7] },
      { id: 'evening', start: '17:00', end: '21:00', days: [1, 2, 3, 4, 5, 7] },
      { id: 'saturday', start: '06:00', end: '21:00', days: [6] },
    ],
    contactRates: {
      domestic: { early: 0.45, day: 0.25, evening: 0.4, saturday: 0.45 },
      business: { trading: 0.7, early: 0.15, day: 0.5, evening: 0.3, saturday: 0.4 },
    },
    paymentGivenContact: 0.55,
    bandMemory: undefined,
    forecast: undefined,
  };

  it('the old default bands become the new ones; the new sections take their defaults', () => {
    const parsed = parseRulesSettings(legacy);
    expect(parsed.bands).toEqual(DEFAULT_BANDS);
    expect(parsed.forecast).toEqual(DEFAULT_FORECAST);
    expect(parsed.bandMemory).toEqual({ triedBandFactor: 0.5, halfLifeDays: 60 });
    expect('paymentGivenContact' in parsed).toBe(false);
    // The stored rates have no Saturday-morning key: the default prior stands in.
    expect(contactIn(visitOffer(groupVisits([makeCase('A')])[0], '2026-06-20', parsed, { holidays: HOLIDAYS }), 'sat-morning')).toBe(0.45);
  });

  it('bands a council chose stay as chosen', () => {
    const chosen = [{ id: 'all-day', start: '07:00', end: '20:00', days: [1, 2, 3, 4, 5, 6, 7] }];
    expect(parseRulesSettings({ ...legacy, bands: chosen }).bands).toEqual(chosen);
  });
});

describe('what a contact is worth', () => {
  it('at the reference sum owed and age, the debt type priors as they are', () => {
    const split = paymentSplit(profile(1000), F);
    expect(split.full).toBeCloseTo(0.2, 12);
    expect(split.arrangement).toBeCloseTo(0.35, 12);
    expect(split.nothing).toBeCloseTo(0.45, 12);
    // £1,000 over 12 months at £100 a month: £1,000 scheduled, x (0.6 + 0.4 x 0.3) = £720.
    expect(arrangementCollects(1000, 12, F)).toBeCloseTo(720, 10);
    expect(valueGivenContact(profile(1000), F)).toBeCloseTo(0.2 * 1000 + 0.35 * 720, 10);
  });

  it('an arrangement is worth less than payment in full, and at most the instalments before the limit', () => {
    for (const owed of [50, 400, 1000, 5000, 80_000]) {
      for (const months of [1, 3, 12]) {
        expect(arrangementCollects(owed, months, F)).toBeLessThan(owed);
        expect(arrangementCollects(owed, months, F)).toBeLessThanOrEqual(100 * months * 0.72 + 1e-9);
      }
      const allFull = { ...F, payment: { ...F.payment, council_tax: { full: 0.55, arrangement: 0 } } };
      const allArrangement = { ...F, payment: { ...F.payment, council_tax: { full: 0, arrangement: 0.55 } } };
      expect(valueGivenContact(profile(owed), allArrangement)).toBeLessThan(valueGivenContact(profile(owed), allFull));
    }
    // Three months left: £300 scheduled at most, x 0.72.
    expect(arrangementCollects(5000, 3, F)).toBeCloseTo(216, 10);
  });

  it('rises with the sum owed, by less and less: concave, bounded by the instalments', () => {
    const values = Array.from({ length: 401 }, (_, i) => valueGivenContact(profile(i * 250), F));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    for (let i = 1; i + 1 < values.length; i++) expect(values[i + 1] - 2 * values[i] + values[i - 1]).toBeLessThanOrEqual(1e-9);
    // £20,000 more owed on top of £80,000 adds little: full payment of such sums is rare.
    expect(valueGivenContact(profile(100_000), F) - valueGivenContact(profile(80_000), F)).toBeLessThan(20);
  });

  it('a visit is worth more with a larger balance, concave on each side of the 7.5% fee threshold', () => {
    const prize = (balance: number) => visitOffer(groupVisits([makeCase('A', { balance })])[0], TUESDAY, S, { holidays: HOLIDAYS }).prize;
    const grid = (from: number, to: number, step: number) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => prize(from + i * step));
    for (const values of [grid(100, 1500, 50), grid(1500, 60_000, 500)]) {
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
      for (let i = 1; i + 1 < values.length; i++) expect(values[i + 1] - 2 * values[i] + values[i - 1]).toBeLessThanOrEqual(1e-9);
    }
  });

  it('older debt is paid less: half as often 3 years past the reference age', () => {
    const old = paymentSplit(profile(1000, { ageYears: 4 }), F);
    expect(old.full + old.arrangement).toBeCloseTo(0.275, 12);
    expect(old.full / (old.full + old.arrangement)).toBeCloseTo(0.2 / 0.55, 12);
    expect(valueGivenContact(profile(1000, { ageYears: 4 }), F)).toBeLessThan(valueGivenContact(profile(1000, { ageYears: 0.5 }), F));
  });
});
