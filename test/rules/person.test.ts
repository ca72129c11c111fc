/**
 * Care that follows the person and the premises (solver/rules/person.ts), and the reasons that say
 * what to do, from the rule itself to the plan and the evaluation of a manual order.
 */
import { describe, expect, it } from 'vitest';
import { evaluateRoutes, planDay } from '../../solver/rules/index.js';
import { namesMayBeOnePerson, personCare, premisesKey, reviewsNeeded } from '../../solver/rules/person.js';
import { DEFAULT_RULES_SETTINGS as S } from '../../solver/rules/settings.js';
import type { DebtorHold } from '../../solver/rules/types.js';
import { context, makeCase, makeOfficer } from './fixtures.js';

const DATE = '2026-06-16';
const T1 = '2026-06-01T09:00:00.000Z';
const T2 = '2026-06-08T09:00:00.000Z';
const T3 = '2026-06-10T09:00:00.000Z';

const hold = (debtorRef: string, kind: DebtorHold['kind'], setAt: string, clearedAt?: string): DebtorHold => ({
  debtorRef,
  kind,
  setAt,
  ...(clearedAt ? { clearedAt } : {}),
});

describe('the person: who is held, and why', () => {
  const home = makeCase('A-HOME', { debtorRef: 'A', address: '1 Elm Road', postcode: 'N11 1AA' });
  const shop = makeCase('A-SHOP', { debtorRef: 'A', address: '9 Market Parade', postcode: 'N11 2BB', premises: 'business' });
  const lodger = makeCase('B-1', { debtorRef: 'B', address: '1, ELM road', postcode: 'n11 1aa' });
  const elsewhere = makeCase('C-1', { debtorRef: 'C', address: '2 Elm Road', postcode: 'N11 1AA' });

  it.each<[string, Parameters<typeof personCare>[1], boolean, Record<string, string | undefined>]>([
    ['nobody flagged, no holds', [], false, { A: undefined, B: undefined, C: undefined }],
    // The flag is on the home case; the debtor is held at the shop too, and the lodger at home is reviewed.
    ['a flag on one case holds the debtor everywhere', [], true, { A: 'vulnerable', B: 'held-for-review', C: undefined }],
    ['an active vulnerability hold, no flag (a case imported later)', [hold('A', 'vulnerable', T1)], false, { A: 'vulnerable', B: 'held-for-review' }],
    ['a flag whose hold a team leader cleared', [hold('A', 'vulnerable', T1, T2)], true, { A: undefined, B: undefined }],
    ['a new vulnerability after a clearance', [hold('A', 'vulnerable', T1, T2), hold('A', 'vulnerable', T3)], true, { A: 'vulnerable', B: 'held-for-review' }],
    ['a manual hold, then cleared', [hold('C', 'manual', T1), hold('A', 'manual', T1, T2)], false, { A: undefined, C: 'manual-hold' }],
    // The lodger's review was opened after the vulnerability and cleared: visited again.
    [
      'a review cleared after the vulnerability was recorded',
      [hold('A', 'vulnerable', T2), hold('B', 'review', T2, T3)],
      false,
      { A: 'vulnerable', B: undefined },
    ],
    // A review cleared before this vulnerability was recorded does not answer for it.
    ['a review older than the vulnerability', [hold('A', 'vulnerable', T3), hold('B', 'review', T1, T2)], false, { B: 'held-for-review' }],
    ['a review still open', [hold('B', 'review', T1)], false, { B: 'held-for-review' }],
  ])('%s', (_, holds, flagged, expected) => {
    const care = personCare([{ ...home, vulnerable: flagged }, shop, lodger, elsewhere], holds, S);
    for (const [debtor, reason] of Object.entries(expected)) expect(care.holdOf(debtor), debtor).toBe(reason);
  });

  it('says whom to review: the others at a vulnerable debtor’s address, until a review is opened', () => {
    const cases = [{ ...home, vulnerable: true }, shop, lodger, elsewhere];
    expect(reviewsNeeded(cases, [], S)).toEqual([{ debtorRef: 'B', because: ['A'] }]);
    expect(reviewsNeeded(cases, [hold('A', 'vulnerable', T2), hold('B', 'review', T2)], S)).toEqual([]);
    expect(reviewsNeeded(cases, [hold('A', 'vulnerable', T3), hold('B', 'review', T1, T2)], S)).toEqual([{ debtorRef: 'B', because: ['A'] }]);
  });

  it('keys premises by postcode and address, ignoring case, spaces and punctuation', () => {
    expect(premisesKey(home)).toBe(premisesKey(lodger));
    expect(premisesKey(home)).not.toBe(premisesKey(elsewhere));
    const care = personCare([home, { ...lodger, warning: true }, elsewhere], [], S);
    expect(care.warningAt(home)).toBe(true);
    expect(care.warningAt(elsewhere)).toBe(false);
  });
});

describe('the issue’s cases, planned', () => {
  const officers = [
    makeOfficer('o1'),
    makeOfficer('o2', { start: { lat: 51.625, lon: -0.105 }, end: { lat: 51.625, lon: -0.105 }, shiftStart: '12:00', shiftEnd: '21:00' }),
    makeOfficer('o3', { shiftStart: '06:00', shiftEnd: '15:00' }),
    makeOfficer('o4', { shiftStart: '06:00', shiftEnd: '15:00' }),
  ];
  const filler = Array.from({ length: 6 }, (_, i) => makeCase(`F${i}`, { lat: 51.606 + i * 0.002, lon: -0.14 + i * 0.003 }));

  it('two debtors at one address with a warning marker on one: neither goes to a lone officer', async () => {
    const cases = [
      makeCase('W-1', { debtorRef: 'W', address: '5 Ash Grove', warning: true, lat: 51.615, lon: -0.125 }),
      makeCase('X-1', { debtorRef: 'X', address: '5 Ash Grove', lat: 51.615, lon: -0.125, balance: 4000 }),
      ...filler,
    ];
    const withCrew = await planDay(context(cases, { officers, crews: [{ id: 'crew', officerIds: ['o3', 'o4'] }] }), {
      date: DATE,
      seed: 1,
      maxIterations: 200,
    });
    expect(withCrew.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs))).toEqual(expect.arrayContaining(['W-1', 'X-1']));
    for (const route of withCrew.routes) {
      for (const stop of route.stops.filter((s) => s.caseRefs.includes('W-1') || s.caseRefs.includes('X-1'))) {
        expect(route.officerIds).toEqual(['o3', 'o4']);
        expect(stop.flags.warning).toBe(true);
      }
    }
    const alone = await planDay(context(cases, { officers, crews: [] }), { date: DATE, seed: 1, maxIterations: 200 });
    expect(alone.unplanned.filter((u) => u.caseRef === 'W-1' || u.caseRef === 'X-1').map((u) => u.reason)).toEqual(['needs-crew', 'needs-crew']);
  });

  it("a debtor's do-not-visit date keeps every case of theirs off the day, and an officer's own order is told", async () => {
    // Tuesday 16 June 2026 is a date debtor R asked not to be visited on, written on one of their two cases.
    const cases = [
      makeCase('R-1', { debtorRef: 'R', address: '3 Rowan Close', doNotVisit: ['2026-06-16'], lat: 51.612, lon: -0.13 }),
      makeCase('R-2', { debtorRef: 'R', address: '3 Rowan Close', lat: 51.612, lon: -0.13, balance: 4000 }),
      ...filler,
    ];
    const plan = await planDay(context(cases, { officers, crews: [] }), { date: DATE, seed: 1, maxIterations: 200 });
    expect(plan.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs))).not.toContain('R-2');
    expect(plan.unplanned.filter((u) => u.caseRef.startsWith('R-')).map((u) => [u.caseRef, u.reason])).toEqual([
      ['R-1', 'do-not-visit'],
      ['R-2', 'do-not-visit'],
    ]);
    const ordered = await evaluateRoutes(context(cases, { officers: [makeOfficer('o1')], crews: [] }), {
      date: DATE,
      routes: [{ officerIds: ['o1'], caseRefs: [['R-2']] }],
    });
    expect(ordered.routes[0].stops[0].violations.map((v) => v.code)).toContain('do-not-visit-date');
    // The next day the date is behind them: planned as any other.
    const next = await planDay(context(cases, { officers, crews: [] }), { date: '2026-06-17', seed: 1, maxIterations: 200 });
    expect(next.unplanned.filter((u) => u.caseRef.startsWith('R-')).map((u) => u.reason)).not.toContain('do-not-visit');
  });

  it('a person at a vulnerable debtor’s address is held for review; a manual hold is a manual hold', async () => {
    const cases = [
      makeCase('V-1', { debtorRef: 'V', address: '8 Birch Way', vulnerable: true }),
      makeCase('H-1', { debtorRef: 'H', address: '8 Birch Way' }),
      makeCase('M-1', { debtorRef: 'M', address: '9 Birch Way' }),
      ...filler,
    ];
    const plan = await planDay(context(cases, { officers, crews: [], holds: [hold('M', 'manual', T1)] }), { date: DATE, seed: 1, maxIterations: 200 });
    const why = Object.fromEntries(plan.unplanned.map((u) => [u.caseRef, u.reason]));
    expect(why).toMatchObject({ 'V-1': 'vulnerable', 'H-1': 'held-for-review', 'M-1': 'manual-hold' });
  });

  it('gives each reason that says what to do', async () => {
    const cases = [
      makeCase('ARR', { status: 'suspended' }),
      makeCase('FEST', { doNotVisit: [DATE] }),
      makeCase('REMOVAL', { requiredSkills: ['removal'] }),
      // Trades only 05:00-07:00: a window every day, none inside a shift that starts at 08:00.
      makeCase('DAWN', { premises: 'business', tradingHours: 'Mo-Su 05:00-07:00' }),
      makeCase('CLOSED-TODAY', { premises: 'business', tradingHours: 'Sa 10:00-16:00' }),
      // 12 months beginning with 20 Jun 2025 end on 19 Jun 2026: three days after the plan date.
      makeCase('SOON', { noticeDate: '2025-06-20', status: 'suspended' }),
      ...filler,
    ];
    const plan = await planDay(context(cases, { officers: [makeOfficer('late', { shiftStart: '08:00', shiftEnd: '18:00' })], crews: [] }), {
      date: DATE,
      seed: 1,
      maxIterations: 200,
    });
    const by = Object.fromEntries(plan.unplanned.map((u) => [u.caseRef, u]));
    expect(by.ARR).toEqual({ caseRef: 'ARR', reason: 'arrangement' });
    expect(by.FEST).toEqual({ caseRef: 'FEST', reason: 'do-not-visit' });
    expect(by.REMOVAL).toEqual({ caseRef: 'REMOVAL', reason: 'no-skill' });
    expect(by.DAWN).toEqual({ caseRef: 'DAWN', reason: 'outside-shifts' });
    expect(by['CLOSED-TODAY']).toEqual({ caseRef: 'CLOSED-TODAY', reason: 'no-window' });
    expect(by.SOON).toEqual({ caseRef: 'SOON', reason: 'arrangement', lastLawfulDay: '2026-06-19' });
    const blackout = await planDay(context(cases, { officers, crews: [], blackoutDates: [DATE] }), { date: DATE, seed: 1, maxIterations: 50 });
    expect(blackout.unplanned.find((u) => u.caseRef === 'F0')?.reason).toBe('blackout');
  });

  it('marks the last lawful day on a stop when it is soon, and not otherwise', async () => {
    const cases = [makeCase('SOON', { noticeDate: '2025-06-20', balance: 5000 }), makeCase('LATER', { noticeDate: '2026-01-05', lat: 51.614 })];
    const plan = await planDay(context(cases, { officers: [makeOfficer('o1')], crews: [] }), { date: DATE, seed: 1, maxIterations: 100 });
    const stops = Object.fromEntries(plan.routes.flatMap((r) => r.stops).map((s) => [s.caseRefs[0], s]));
    expect(stops.SOON.lastLawfulDay).toBe('2026-06-19');
    expect(stops.LATER.lastLawfulDay).toBeUndefined();
    const none = await planDay(context(cases, { officers: [makeOfficer('o1')], crews: [], settings: { ...S, lastLawfulDaySoonDays: 2 } }), {
      date: DATE,
      seed: 1,
      maxIterations: 100,
    });
    expect(none.routes.flatMap((r) => r.stops).find((s) => s.caseRefs[0] === 'SOON')?.lastLawfulDay).toBeUndefined();
  });

  it('an officer’s own order: a held person and a warning at the premises are reported on the stop', async () => {
    const cases = [
      makeCase('V-1', { debtorRef: 'V', address: '8 Birch Way', vulnerable: true, lat: 51.613 }),
      makeCase('V-2', { debtorRef: 'V', address: '1 Shop Row', lat: 51.615, lon: -0.12 }),
      makeCase('H-1', { debtorRef: 'H', address: '8 Birch Way', lat: 51.613 }),
      makeCase('W-1', { debtorRef: 'W', address: '5 Ash Grove', warning: true, lat: 51.617 }),
      makeCase('X-1', { debtorRef: 'X', address: '5 Ash Grove', lat: 51.617 }),
    ];
    const plan = await evaluateRoutes(context(cases, { officers: [makeOfficer('o1')], crews: [] }), {
      date: DATE,
      routes: [{ officerIds: ['o1'], caseRefs: [['V-2'], ['H-1'], ['X-1']] }],
    });
    const codes = Object.fromEntries(plan.routes[0].stops.map((s) => [s.caseRefs[0], s.violations.map((v) => v.code)]));
    expect(codes['V-2']).toContain('vulnerable');
    expect(codes['H-1']).toContain('held-for-review');
    expect(codes['X-1']).toContain('needs-crew');
    // The messages name no one.
    for (const s of plan.routes[0].stops) for (const v of s.violations) expect(v.message).not.toMatch(/Debtor|Birch|Ash/);
  });
});

describe('names on cases of one debtor reference', () => {
  it.each<[string, string, boolean]>([
    // Titles and initials say nothing; a shared surname or first name may be the same person.
    ['Alice Brown', 'Mrs A. BROWN', true],
    ['Mr J Smith', 'John Smith', true],
    // Joint liability on one account names both people.
    ['Mr J Smith and Ms K Jones', 'Karen Jones', true],
    ['Acme Ltd', 'ACME LIMITED', true],
    // Nothing left to compare: not a reason to ask.
    ['Mr J K', 'Kwame Mensah', true],
    ['', 'Kwame Mensah', true],
    // No word in common: the reference may have been reused for someone else.
    ['Alice Brown', 'Kwame Mensah', false],
    ['Mr A Brown', 'Mrs A Green', false],
    ['Demo Cafe Ltd', 'Alex Example', false],
    ['Acme Ltd', 'Demo Cafe Ltd', false],
    // Accents, apostrophes and scripts other than Latin.
    ['Siân Llŷr', 'Sian Llyr', true],
    ['Mrs O’Brien', 'Mary OBrien', true],
    ['Иван Петров', 'И. Петров', true],
    ['Иван Петров', 'Kwame Mensah', false],
    // Particles, legal forms, an estate's and a business's words are shared by strangers.
    ['Dafydd ap Rhys', 'Gwen ap Gruffydd', false],
    ['Mohammed bin Ali', 'Omar bin Said', false],
    ['Jan van Dijk', 'Piet van Berg', false],
    ['Acme Cyf', 'Gwynt Cyfyngedig', false],
    ['ABC Properties Ltd', 'XYZ Properties Ltd', false],
    ['Executors of John Smith', 'Estate of the late K Mensah', false],
    ['Executors of John Smith', 'J Smith', true],
  ])('%s and %s: may be one person %s', (a, b, same) => {
    expect(namesMayBeOnePerson(a, b)).toBe(same);
    expect(namesMayBeOnePerson(b, a)).toBe(same);
  });
});
