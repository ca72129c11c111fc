/**
 * Property, over random caseloads with debtors who owe at several addresses, addresses shared by
 * several debtors, vulnerability flags, warning markers and holds: no plan visits any case of a
 * debtor with a vulnerability or a team leader's hold, nor anyone at a vulnerable debtor's address;
 * no plan sends a lone officer to an address with a warning marker on any case there; no plan
 * splits one debtor's visits of the day between officers. The expectations are worked here from
 * the cases and holds, not by the rules' own functions.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planDay } from '../../solver/rules/index.js';
import type { Case, DebtorHold } from '../../solver/rules/types.js';
import { context, makeOfficer, randomCases, rng } from './fixtures.js';

const DATES = ['2026-06-16', '2026-03-28', '2026-10-25', '2026-12-24'];

/** The address as a person reads it: case, spaces and punctuation do not make another address. */
const place = (c: Case) =>
  `${c.postcode.replace(/\s+/g, '').toUpperCase()}|${c.address
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()}`;

function caseload(date: string, seed: number, n: number): { cases: Case[]; holds: DebtorHold[] } {
  const r = rng(seed);
  const cases = randomCases(n, date, seed).map((c) => ({ ...c, vulnerable: false, warning: false }));
  const extra: Case[] = [];
  for (const c of cases) {
    // A second address of the same debtor (their shop, or another home).
    if (r() < 0.25) {
      extra.push({
        ...c,
        ref: `${c.ref}-B`,
        address: `${Math.floor(r() * 90) + 1} Market Parade`,
        postcode: 'N11 2BB',
        lat: c.lat + (r() - 0.5) * 0.01,
        lon: c.lon + (r() - 0.5) * 0.01,
        balance: Math.round(200 + 3000 * r()),
        previousAttempts: [],
      });
    }
    // Someone else at the same address, spelt another way.
    if (r() < 0.15) {
      extra.push({ ...c, ref: `${c.ref}-L`, debtorRef: `${c.debtorRef}-LODGER`, address: `${c.address.toUpperCase()},`, previousAttempts: [], balance: 900 });
    }
  }
  const all = [...cases, ...extra].map((c) => ({ ...c, vulnerable: r() < 0.06, warning: r() < 0.08 }));
  const debtors = [...new Set(all.map((c) => c.debtorRef))];
  const holds: DebtorHold[] = [];
  for (const d of debtors) {
    const x = r();
    if (x < 0.04) holds.push({ debtorRef: d, kind: 'vulnerable', setAt: '2026-01-01T09:00:00Z' });
    else if (x < 0.08) holds.push({ debtorRef: d, kind: 'manual', setAt: '2026-01-01T09:00:00Z' });
  }
  return { cases: all, holds };
}

describe('care that follows the person and the premises (property)', () => {
  it('holds over random caseloads, teams and dates', async () => {
    let visits = 0;
    let multiAddressDays = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          date: fc.constantFrom(...DATES),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          n: fc.integer({ min: 8, max: 30 }),
          officers: fc.integer({ min: 2, max: 4 }),
          crew: fc.boolean(),
        }),
        async ({ date, seed, n, officers: count, crew }) => {
          const { cases, holds } = caseload(date, seed, n);
          const officers = Array.from({ length: count }, (_, i) =>
            makeOfficer(`p${i}`, { shiftStart: i % 2 ? '06:00' : '10:00', shiftEnd: i % 2 ? '15:00' : '20:00', workingDays: [1, 2, 3, 4, 5, 6, 7] }),
          );
          const crews = crew ? [{ id: 'c', officerIds: ['p0', 'p1'] as [string, string] }] : [];
          const plan = await planDay(context(cases, { officers, crews, holds }), { date, seed: 1, maxIterations: 120, timeLimitMs: 5000 });

          const vulnerable = new Set([
            ...cases.filter((c) => c.vulnerable).map((c) => c.debtorRef),
            ...holds.filter((h) => h.kind === 'vulnerable').map((h) => h.debtorRef),
          ]);
          const held = new Set([...vulnerable, ...holds.map((h) => h.debtorRef)]);
          const vulnerablePlaces = new Set(cases.filter((c) => vulnerable.has(c.debtorRef)).map(place));
          const warnedPlaces = new Set(cases.filter((c) => c.warning).map(place));
          const byRef = new Map(cases.map((c) => [c.ref, c]));
          const routeOfDebtor = new Map<string, number>();
          plan.routes.forEach((route, ri) => {
            for (const stop of route.stops) {
              visits++;
              for (const c of stop.caseRefs.map((ref) => byRef.get(ref)!)) {
                expect(held.has(c.debtorRef), `${c.ref}: its debtor is held`).toBe(false);
                expect(vulnerablePlaces.has(place(c)), `${c.ref}: a vulnerable person lives there`).toBe(false);
                if (warnedPlaces.has(place(c))) expect(route.officerIds.length, `${c.ref}: a warning marker at the address`).toBe(2);
                const before = routeOfDebtor.get(c.debtorRef);
                expect(before ?? ri, `${c.debtorRef}: one officer for the day`).toBe(ri);
                routeOfDebtor.set(c.debtorRef, ri);
              }
            }
          });
          // Debtors visited at two addresses in one day (the case the one-officer rule is about).
          for (const route of plan.routes) {
            const debtors = route.stops.map((s) => byRef.get(s.caseRefs[0])!.debtorRef);
            if (new Set(debtors).size < debtors.length) multiAddressDays++;
          }
        },
      ),
      { numRuns: 30 },
    );
    expect(visits).toBeGreaterThan(100);
    expect(multiAddressDays, 'some debtors were visited at two addresses on one day').toBeGreaterThan(0);
  }, 300_000);
});
