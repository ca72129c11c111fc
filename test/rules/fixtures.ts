/**
 * Small, deterministic planning fixtures in the demo area (outer north London), built from a seed:
 * cases with realistic balances and notice dates around the plan date, officers and a crew.
 */
import { HaversineBackend } from '../../solver/roads/haversine.js';
import { loadBankHolidays } from '../../solver/rules/bank-holidays.js';
import { addDays } from '../../solver/rules/calendar.js';
import type { PlanningContext } from '../../solver/rules/day-model.js';
import { DEFAULT_RULES_SETTINGS } from '../../solver/rules/settings.js';
import type { Case, Crew, Officer } from '../../solver/rules/types.js';
import { mulberry32 as rng } from '../../server/demo/random.js';

export { rng };

export const holidays = loadBankHolidays();
export const routing = new HaversineBackend();

export function makeCase(ref: string, over: Partial<Case> = {}): Case {
  return {
    ref,
    debtorRef: `D-${ref}`,
    name: 'A Debtor',
    address: `${ref} High Road`,
    postcode: 'N11 1AA',
    lat: 51.612,
    lon: -0.13,
    debtType: 'council_tax',
    balance: 600,
    liabilityOrderDate: '2025-09-01',
    noticeDate: '2026-01-05',
    premises: 'domestic',
    vulnerable: false,
    warning: false,
    doNotVisit: [],
    previousAttempts: [],
    status: 'open',
    // Given by hand: the notice date is the day it was given, so fixtures' dates count clear days
    // from it. Posted notices (the import's default) are pinned down in notice.test.ts.
    noticeMethod: 'hand',
    ...over,
  };
}

export function makeOfficer(id: string, over: Partial<Officer> = {}): Officer {
  return {
    id,
    name: `Officer ${id}`,
    start: { lat: 51.6147, lon: -0.1332 },
    end: { lat: 51.6147, lon: -0.1332 },
    shiftStart: '07:00',
    shiftEnd: '19:00',
    workingDays: [1, 2, 3, 4, 5, 6],
    unavailableDates: [],
    breakMinutes: 30,
    breakWindow: { start: '12:00', end: '14:00' },
    skills: [],
    saturdayQuota: 2,
    ...over,
  };
}

/** `n` cases spread over the demo area, notices spread over the 14 months before `date`. */
export function randomCases(n: number, date: string, seed: number): Case[] {
  const r = rng(seed);
  const cases: Case[] = [];
  for (let i = 0; i < n; i++) {
    const ref = `C${seed}-${i}`;
    const business = r() < 0.1;
    const twin = i > 0 && r() < 0.1; // a second case of the previous debtor at the same address
    const prev = cases[cases.length - 1];
    const base = twin
      ? {
          debtorRef: prev.debtorRef,
          address: prev.address,
          postcode: prev.postcode,
          lat: prev.lat,
          lon: prev.lon,
          premises: prev.premises,
          tradingHours: prev.tradingHours,
        }
      : {
          lat: 51.5985 + r() * 0.032,
          lon: -0.157 + r() * 0.06,
          premises: business ? ('business' as const) : ('domestic' as const),
          tradingHours: business ? (r() < 0.5 ? 'Mo-Fr 09:00-17:30; Sa 10:00-16:00' : 'Mo-Sa 05:00-23:00') : undefined,
        };
    cases.push(
      makeCase(ref, {
        ...base,
        balance: Math.round(150 + 8000 * r() ** 3),
        noticeDate: addDays(date, -Math.floor(r() * 420)),
        warning: r() < 0.08,
        vulnerable: r() < 0.04,
        status: r() < 0.03 ? 'suspended' : 'open',
        doNotVisit: r() < 0.03 ? [date] : [],
        previousAttempts: r() < 0.3 ? [`${addDays(date, -7 - Math.floor(r() * 20))}T${r() < 0.5 ? '07:15' : '18:30'}:00Z`] : [],
      }),
    );
  }
  return cases;
}

export function team(): { officers: Officer[]; crews: Crew[] } {
  const officers = [
    makeOfficer('o1'),
    makeOfficer('o2', { start: { lat: 51.625, lon: -0.105 }, end: { lat: 51.625, lon: -0.105 }, shiftStart: '12:00', shiftEnd: '21:00' }),
    makeOfficer('o3', { shiftStart: '06:00', shiftEnd: '15:00' }),
    makeOfficer('o4', { shiftStart: '06:00', shiftEnd: '15:00' }),
  ];
  return { officers, crews: [{ id: 'crew-a', officerIds: ['o3', 'o4'] }] };
}

export function context(cases: Case[], over: Partial<PlanningContext> = {}): PlanningContext {
  return { cases, ...team(), settings: DEFAULT_RULES_SETTINGS, calendar: holidays, routing, ...over };
}
