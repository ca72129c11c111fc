import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../solver/rules/types.js';
import { casesToCsv } from '../../server/demo/csv.js';
import { readCaseCsv } from '../../server/import/case-csv.js';
import { realPostcodes } from './helpers.js';

// Free text as revenues systems export it: commas, quotes, line breaks, accents, apostrophes.
const text = fc
  .string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', "'", '\n', 'é', '-', '1', ';'), minLength: 1, maxLength: 30 })
  .filter((s) => s.trim() !== '');

const caseArb = fc.record({
  ref: fc.stringMatching(/^[A-Z]{2}-\d{1,6}$/),
  debtorRef: fc.stringMatching(/^D\d{1,6}$/),
  name: text,
  address: text,
  debtType: fc.constantFrom('council_tax', 'nndr', 'bid', 'hbop'),
  pence: fc.integer({ min: 0, max: 900_000 }),
  vulnerable: fc.boolean(),
  warning: fc.boolean(),
  noticeMethod: fc.option(fc.constantFrom('post', 'hand', 'email', 'fixed'), { nil: undefined }),
  noticePeriodDays: fc.option(fc.constantFrom(7, 14, 28), { nil: undefined }),
  breathingSpaceUntil: fc.option(fc.constantFrom('2026-03-01', '2026-12-31'), { nil: undefined }),
});

describe('case import round trip (property)', () => {
  it('any cases written in the import format come back unchanged', async () => {
    const point = realPostcodes().get('N11 1NN')!;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(caseArb, { selector: (c) => c.ref, minLength: 1, maxLength: 8 }), async (rows) => {
        const cases: Case[] = rows.map((r) => ({
          ref: r.ref,
          debtorRef: r.debtorRef,
          // The import trims cells: surrounding spaces are not data.
          name: r.name.trim(),
          address: r.address.trim(),
          postcode: 'N11 1NN',
          lat: point.lat,
          lon: point.lon,
          debtType: r.debtType,
          balance: r.pence / 100,
          liabilityOrderDate: '2026-01-05',
          noticeDate: '2026-02-02',
          premises: 'domestic',
          vulnerable: r.vulnerable,
          warning: r.warning,
          doNotVisit: [],
          previousAttempts: [],
          status: 'open',
          ...(r.noticeMethod ? { noticeMethod: r.noticeMethod } : {}),
          ...(r.noticePeriodDays ? { noticePeriodDays: r.noticePeriodDays } : {}),
          ...(r.breathingSpaceUntil ? { breathingSpaceUntil: r.breathingSpaceUntil } : {}),
        }));
        const result = await readCaseCsv(casesToCsv(cases), realPostcodes());
        expect(result.ok ? result.cases : result.errors).toEqual(cases);
      }),
      { numRuns: 150 },
    );
  });
});
