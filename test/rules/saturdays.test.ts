/**
 * Saturdays across the month ("a minimum of 2 Saturday visits per month", Kingston role profile):
 * what counts, the rota that chooses which Saturdays each officer works, and its spread.
 * June 2026's Saturdays are 6, 13, 20 and 27; British Summer Time runs all month (UTC+1).
 */
import { describe, expect, it } from 'vitest';
import {
  countedSaturdays,
  rotaForMonth,
  saturdayMonth,
  saturdayPattern,
  saturdaysOf,
  saturdaysWorked,
  saturdayStaffing,
  stillOwesOn,
} from '../../solver/rules/saturdays.js';
import { spreadAssignment } from '../../solver/rules/spread.js';
import type { Officer } from '../../solver/rules/types.js';
import { makeOfficer, rng } from './fixtures.js';

const MON_FRI = [1, 2, 3, 4, 5];
const rotaOfficer = (id: string, over: Partial<Officer> = {}) => makeOfficer(id, { workingDays: MON_FRI, saturdayRota: true, ...over });
const none = new Set<string>();

describe('which Saturdays count', () => {
  it('lists the Saturdays of a month', () => {
    expect(saturdaysOf('2026-06')).toEqual(['2026-06-06', '2026-06-13', '2026-06-20', '2026-06-27']);
    expect(saturdaysOf('2026-08')).toEqual(['2026-08-01', '2026-08-08', '2026-08-15', '2026-08-22', '2026-08-29']);
  });

  it('dates a worked Saturday in the settings’ time zone, near midnight', () => {
    const outcomes = [
      // 23:30 UTC on Friday 5 June is 00:30 BST on Saturday 6 June.
      { officerId: 'a', at: '2026-06-05T23:30:00Z' },
      // 23:30 UTC on Saturday 13 June is 00:30 BST on Sunday 14 June.
      { officerId: 'b', at: '2026-06-13T23:30:00Z' },
      { officerId: 'b', at: '2026-06-20T10:00:00+01:00' },
      { officerId: 'b', at: '2026-06-20T15:00:00+01:00' },
      // No officer recorded: counts for nobody.
      { at: '2026-06-20T10:00:00+01:00' },
    ];
    expect(saturdaysWorked(outcomes, 'Europe/London')).toEqual({ a: ['2026-06-06'], b: ['2026-06-20'] });
    expect(saturdaysWorked(outcomes, 'UTC')).toEqual({ b: ['2026-06-13', '2026-06-20'] });
  });

  it('the patterns: a Saturday working day wins over the rota; an officer saved before the rota is not on it', () => {
    expect(saturdayPattern(makeOfficer('x'))).toBe('every');
    expect(saturdayPattern(makeOfficer('x', { saturdayRota: true }))).toBe('every');
    expect(saturdayPattern(rotaOfficer('x'))).toBe('rota');
    const { saturdayRota: _, ...old } = makeOfficer('x', { workingDays: MON_FRI });
    expect(saturdayPattern(old)).toBe('none');
  });

  it('a month per officer: worked, planned, and owed counting a date both worked and planned once', () => {
    const officers = [rotaOfficer('a'), rotaOfficer('b', { saturdayQuota: 3 }), makeOfficer('c')];
    const worked = { a: ['2026-06-06', '2026-05-30'], b: ['2026-06-06'] };
    const planned = { a: ['2026-06-06'], b: ['2026-06-13', '2026-06-20'] };
    expect(saturdayMonth(officers, '2026-06', worked, planned)).toEqual([
      { officerId: 'a', pattern: 'rota', quota: 2, worked: ['2026-06-06'], planned: ['2026-06-06'], owed: 1 },
      { officerId: 'b', pattern: 'rota', quota: 3, worked: ['2026-06-06'], planned: ['2026-06-13', '2026-06-20'], owed: 0 },
      { officerId: 'c', pattern: 'every', quota: 2, worked: [], planned: [], owed: 2 },
    ]);
  });
});

describe('the rota', () => {
  it('spreads four Monday-Friday officers owing 2 each over June: two on every Saturday (worked out by hand)', () => {
    // a can only do the 6th and 27th, b the 13th and 20th, c the 20th and 27th; d could do any.
    // After a, b and c the Saturdays hold 1, 1, 2, 2: d goes on the 6th and 13th, making 2 on each.
    const officers = [
      rotaOfficer('a', { unavailableDates: ['2026-06-13', '2026-06-20'] }),
      rotaOfficer('b', { unavailableDates: ['2026-06-06', '2026-06-27'] }),
      rotaOfficer('c', { unavailableDates: ['2026-06-06', '2026-06-13'] }),
      rotaOfficer('d'),
    ];
    const rota = rotaForMonth({ officers, counted: new Map(), blackout: none }, '2026-06', '2026-06-01');
    expect(Object.fromEntries(rota)).toEqual({
      '2026-06-06': ['a', 'd'],
      '2026-06-13': ['b', 'd'],
      '2026-06-20': ['b', 'c'],
      '2026-06-27': ['a', 'c'],
    });
  });

  it('counts every-Saturday officers as out: the rota officer fills the Saturday they are off', () => {
    const officers = [makeOfficer('e', { unavailableDates: ['2026-06-20'] }), rotaOfficer('r', { saturdayQuota: 1 })];
    const rota = rotaForMonth({ officers, counted: new Map(), blackout: none }, '2026-06', '2026-06-01');
    expect(Object.fromEntries(rota)).toEqual({ '2026-06-06': [], '2026-06-13': [], '2026-06-20': ['r'], '2026-06-27': [] });
  });

  it('asks no more of an officer who already worked 2 Saturdays, and one more of an officer who worked 1', () => {
    const officers = [rotaOfficer('done'), rotaOfficer('half', { unavailableDates: ['2026-06-27'] }), rotaOfficer('fresh')];
    const counted = countedSaturdays({ done: ['2026-06-06', '2026-06-13'], half: ['2026-06-06'] });
    const rota = rotaForMonth({ officers, counted, blackout: none }, '2026-06', '2026-06-15');
    // fresh owes 2 with only 2 Saturdays left; half owes 1 and is off on the 27th.
    expect(Object.fromEntries(rota)).toEqual({ '2026-06-20': ['half', 'fresh'], '2026-06-27': ['fresh'] });
  });

  it('gives every free Saturday when fewer remain than are owed, and none on a blackout date', () => {
    const officers = [rotaOfficer('a', { saturdayQuota: 3 })];
    const rota = rotaForMonth({ officers, counted: new Map(), blackout: new Set(['2026-06-20']) }, '2026-06', '2026-06-15');
    expect(Object.fromEntries(rota)).toEqual({ '2026-06-27': ['a'] });
  });

  it('a Saturday already planned counts: the officer is not asked for another, and that Saturday is fuller', () => {
    // p is planned on the 27th in a saved plan; q owes 1 and goes where fewer are out (the 20th).
    const officers = [rotaOfficer('p', { saturdayQuota: 1 }), rotaOfficer('q', { saturdayQuota: 1 })];
    const counted = countedSaturdays({ p: ['2026-06-27'] });
    const rota = rotaForMonth({ officers, counted, blackout: none }, '2026-06', '2026-06-20');
    expect(Object.fromEntries(rota)).toEqual({ '2026-06-20': ['q'], '2026-06-27': [] });
  });

  it('a single Saturday: the rota officers the month’s rota puts on it, or those a team leader names', () => {
    const officers = [
      rotaOfficer('owes-none'),
      rotaOfficer('owes-one', { unavailableDates: ['2026-06-27'] }),
      makeOfficer('every-met'),
      makeOfficer('every-owes'),
    ];
    const countedSaturdaysRecord = { 'owes-none': ['2026-06-06', '2026-06-13'], 'owes-one': ['2026-06-06'], 'every-met': ['2026-06-06', '2026-06-13'] };
    const staffing = saturdayStaffing(officers, '2026-06-20', { countedSaturdays: countedSaturdaysRecord }, none);
    expect([...staffing.rostered]).toEqual(['owes-one']);
    expect([...staffing.owing].sort()).toEqual(['every-owes', 'owes-one']);
    const named = saturdayStaffing(officers, '2026-06-20', { officerIds: ['owes-none'], countedSaturdays: countedSaturdaysRecord }, none);
    expect([...named.rostered]).toEqual(['owes-none']);
  });
});

describe('who will still owe a Saturday (the work held back for it)', () => {
  it('an every-Saturday officer owing 2 from 1 June owes on the 6th and 13th, not after; off on the 13th, owes on the 20th too', () => {
    const rota = new Map<string, string[]>();
    const owes = (o: Officer) => saturdaysOf('2026-06').filter((sat) => stillOwesOn(o, sat, '2026-06-01', rota, new Map(), none));
    expect(owes(makeOfficer('e'))).toEqual(['2026-06-06', '2026-06-13']);
    expect(owes(makeOfficer('e', { unavailableDates: ['2026-06-13'] }))).toEqual(['2026-06-06', '2026-06-20']);
    // Planning from Saturday 13 June after working the 6th: one more, that day.
    const counted = countedSaturdays({ e: ['2026-06-06'] });
    expect(['2026-06-20', '2026-06-27'].filter((sat) => stillOwesOn(makeOfficer('e'), sat, '2026-06-13', rota, counted, none))).toEqual([]);
    expect(stillOwesOn(makeOfficer('e'), '2026-06-13', '2026-06-13', rota, counted, none)).toBe(true);
  });

  it('a rota officer owes on the Saturdays the rota gives them, and nobody else does', () => {
    const rota = new Map([['2026-06-20', ['r']]]);
    expect(stillOwesOn(rotaOfficer('r'), '2026-06-20', '2026-06-15', rota, new Map(), none)).toBe(true);
    expect(stillOwesOn(rotaOfficer('r'), '2026-06-27', '2026-06-15', rota, new Map(), none)).toBe(false);
    expect(stillOwesOn(makeOfficer('m', { workingDays: MON_FRI }), '2026-06-20', '2026-06-15', rota, new Map(), none)).toBe(false);
  });
});

describe('the spread assignment', () => {
  /** Every way to give each agent `need` of its allowed slots: the least sum of squared loads, and the least busiest-first load list. */
  function bruteForce(base: number[], agents: Array<{ need: number; allowed: number[] }>) {
    const choices = agents.map((a) => subsets(a.allowed, Math.min(a.need, a.allowed.length)));
    let bestSquares = Infinity;
    let bestSorted: number[] | undefined;
    const walk = (i: number, loads: number[]) => {
      if (i === agents.length) {
        bestSquares = Math.min(
          bestSquares,
          loads.reduce((s, l) => s + l * l, 0),
        );
        const sorted = [...loads].sort((x, y) => y - x);
        if (!bestSorted || compare(sorted, bestSorted) < 0) bestSorted = sorted;
        return;
      }
      for (const pick of choices[i])
        walk(
          i + 1,
          loads.map((l, s) => l + (pick.includes(s) ? 1 : 0)),
        );
    };
    walk(0, [...base]);
    return { bestSquares, bestSorted: bestSorted! };
  }
  /** Lexicographic order of two load lists of one length. */
  const compare = (a: number[], b: number[]) => {
    const i = a.findIndex((x, k) => x !== b[k]);
    return i < 0 ? 0 : a[i] - b[i];
  };
  function subsets(items: number[], k: number): number[][] {
    if (k === 0) return [[]];
    if (items.length < k) return [];
    const [first, ...rest] = items;
    return [...subsets(rest, k - 1).map((s) => [first, ...s]), ...subsets(rest, k)];
  }

  it('matches exhaustive search on small random cases: least squares, and the busiest Saturday as light as can be', () => {
    const r = rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const slots = 2 + Math.floor(r() * 4);
      const base = Array.from({ length: slots }, () => Math.floor(r() * 3));
      const agents = Array.from({ length: 1 + Math.floor(r() * 4) }, () => ({
        need: Math.floor(r() * 4),
        allowed: Array.from({ length: slots }, (_, s) => s).filter(() => r() < 0.7),
      }));
      const chosen = spreadAssignment(base, agents);
      chosen.forEach((slotsTaken, a) => {
        expect(slotsTaken.length).toBe(Math.min(agents[a].need, agents[a].allowed.length));
        for (const s of slotsTaken) expect(agents[a].allowed).toContain(s);
        expect(new Set(slotsTaken).size).toBe(slotsTaken.length);
      });
      const loads = base.map((b, s) => b + chosen.filter((taken) => taken.includes(s)).length);
      const best = bruteForce(base, agents);
      expect(loads.reduce((s, l) => s + l * l, 0)).toBe(best.bestSquares);
      expect([...loads].sort((x, y) => y - x)).toEqual(best.bestSorted);
    }
  });
});
