import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSV_HEADER, csvBody, importCsv, makeApp, type TestApp } from './helpers.js';

const GOOD = [
  'CT-1,D-1,Alex Example,1 Sample Road,N11 1NN,,,council_tax,612.50,2026-01-05,2026-02-02,domestic,,no,no,,2026-03-02T18:30',
  'CT-2,D-1,Alex Example,1 Sample Road,N11 1NN,,,Council Tax,90.00,2026-01-05,2026-02-02,,,no,no,,',
  'NR-1,D-2,Demo Cafe Ltd,2 Example Avenue,N13 4BS,51.62,-0.11,nndr,"1,250.00",2025-12-01,2026-01-10,business,Mo-Fr 09:00-17:30; Sa 10:00-16:00,no,yes,2026-12-25;2026-12-26,',
  'HB-1,D-3,Sam Sample,3 Demo Close,N10 1AA,,,hbop,200,2026-03-01,2026-03-20,domestic,,yes,no,,',
];

describe('POST /api/cases/import', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
  });
  afterEach(async () => t.close());

  it('imports valid rows, filling coordinates from the postcode, and re-import is idempotent', async () => {
    const body = csvBody(GOOD);
    const first = await importCsv(t.inject, body);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ imported: 4, updated: 0, kept: [], otherName: [] });

    const ct1 = (await t.store.getCase('CT-1'))!;
    const point = t.app.postcodes.get('N11 1NN')!;
    expect(ct1.lat).toBe(point.lat);
    expect(ct1.lon).toBe(point.lon);
    expect(ct1.previousAttempts).toEqual(['2026-03-02T18:30:00+00:00']);
    expect((await t.store.getCase('CT-2'))!.debtType).toBe('council_tax');
    const nr1 = (await t.store.getCase('NR-1'))!;
    expect(nr1).toMatchObject({ balance: 1250, lat: 51.62, lon: -0.11, premises: 'business', warning: true, doNotVisit: ['2026-12-25', '2026-12-26'] });
    expect(nr1.tradingHours).toBe('Mo-Fr 09:00-17:30; Sa 10:00-16:00');
    // A vulnerability flag holds the debtor (every case, every address), not the case.
    expect((await t.store.getCase('HB-1'))!).toMatchObject({ status: 'open', vulnerable: true });
    const holds = await t.store.holds.list((await t.store.getCase('HB-1'))!.debtorRef);
    expect(holds).toEqual([expect.objectContaining({ kind: 'vulnerable', reason: 'vulnerability flag in the revenues file' })]);

    const again = await importCsv(t.inject, body);
    expect(again.json()).toEqual({ imported: 0, updated: 4, kept: [], otherName: [] });
    expect(await t.store.countCases()).toBe(4);
  });

  it('accepts headers in any order and any case', async () => {
    const header = 'POSTCODE,Case_Ref,name,Debtor_Ref,address,Debt_Type,Balance,Notice_Date,Liability_Order_Date';
    const res = await importCsv(t.inject, csvBody(['N11 1NN,X-1,Pat Placeholder,D-9,9 Test Lane,council_tax,300,2026-02-02,2026-01-05'], header));
    expect(res.statusCode).toBe(200);
    expect((await t.store.getCase('X-1'))!).toMatchObject({ postcode: 'N11 1NN', debtorRef: 'D-9', premises: 'domestic', vulnerable: false });
  });

  it('reports every problem with row and field, and imports nothing', async () => {
    const rows = [
      GOOD[0], // row 2: fine
      'CT-3,D-4,Kim Madeup,4 Test Lane,ZZ99 9ZZ,,,council_tax,100,2026-01-05,2026-02-02,domestic,,no,no,,', // row 3: unknown postcode
      'CT-4,D-5,Lee Mockford,5 Test Lane,N11 1NN,,,council_tax,100,2026-02-30,2026-13-01,domestic,,no,no,,', // row 4: impossible dates
      'CT-1,D-6,Jo Dummy,6 Test Lane,N11 1NN,,,council_tax,100,2026-01-05,2026-02-02,domestic,,no,no,,', // row 5: duplicate ref
      'CT-5,D-7,too,few,fields', // row 6: malformed
      'CT-6,D-8,Ash Specimen,7 Test Lane,N11 1NN,95.5,-0.1,parking,-3,2026-01-05,2026-02-02,flat,,maybe,no,,yesterday', // row 7: many
    ];
    const res = await importCsv(t.inject, csvBody(rows));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const errors = res.json().errors as Array<{ row: number; field: string; message: string }>;
    const at = (row: number, field: string) => errors.find((e) => e.row === row && e.field === field);
    expect(at(3, 'postcode')?.message).toMatch(/unknown postcode/);
    expect(at(4, 'liability_order_date')?.message).toMatch(/not a real calendar date/);
    expect(at(4, 'notice_date')?.message).toMatch(/not a real calendar date/);
    expect(at(5, 'case_ref')?.message).toMatch(/duplicate.*row 2/);
    expect(at(6, '*')?.message).toMatch(/expected 17 fields, found 5/);
    for (const field of ['lat', 'debt_type', 'balance', 'premises', 'vulnerable', 'previous_attempts']) {
      expect(at(7, field), `row 7 ${field}`).toBeDefined();
    }
    expect(errors.some((e) => e.row === 2)).toBe(false);
    expect(await t.store.countCases()).toBe(0);
  });

  it('numbers rows as a spreadsheet shows them: blank lines count, a quoted line break does not', async () => {
    const rows = [
      '', // row 2: blank
      GOOD[0], // row 3
      '', // row 4: blank
      '', // row 5: blank
      'CT-3,D-4,Kim Madeup,4 Test Lane,ZZ99 9ZZ,,,council_tax,100,2026-01-05,2026-02-02,domestic,,no,no,,', // row 6: unknown postcode
      'CT-7,D-9,Pat Sample,"Flat 2\n8 Test Lane",N11 1NN,,,council_tax,100,2026-01-05,2026-02-02,domestic,,no,no,,', // row 7: two lines, one row
      'CT-8,D-10,Chris Sample,9 Test Lane,N11 1NN,,,parking,100,2026-01-05,2026-02-02,domestic,,no,no,,', // row 8: unknown debt type
      'CT-5,D-7,too,few,fields', // row 9: malformed
    ];
    const res = await importCsv(t.inject, csvBody(rows));
    expect(res.statusCode).toBe(422);
    const errors = res.json().errors as Array<{ row: number; field: string }>;
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [6, 'postcode'],
      [8, 'debt_type'],
      [9, '*'],
    ]);
  });

  it('rejects unknown and missing columns naming them', async () => {
    const res = await importCsv(t.inject, csvBody(['a,b'], 'case_ref,colour'));
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('colour');
    expect(fields).toContain('postcode');
  });

  it('reports an unclosed quote as a malformed row', async () => {
    const res = await importCsv(t.inject, csvBody([GOOD[0], 'CT-9,"D-9,broken']));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: '*' });
    expect(res.json().errors[0].message).toMatch(/malformed CSV/);
  });

  it('asks for text/csv', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/cases/import', payload: { not: 'csv' } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('GET /api/cases', () => {
  it('lists open cases in the contract shape', async () => {
    const t = await makeApp();
    try {
      await importCsv(t.inject, csvBody(GOOD));
      const res = await t.inject({ url: '/api/cases?status=open' });
      expect(res.statusCode).toBe(200);
      const list = res.json<Array<Record<string, unknown>>>();
      // HB-1 is open: its debtor's vulnerability hold keeps it out of plans (solver/rules/person.ts).
      expect(list.map((c) => c.ref).sort()).toEqual(['CT-1', 'CT-2', 'HB-1', 'NR-1']);
      const nr1 = list.find((c) => c.ref === 'NR-1')!;
      expect(nr1).toMatchObject({
        ref: 'NR-1',
        debtorRef: 'D-2',
        postcode: 'N13 4BS',
        lat: 51.62,
        lon: -0.11,
        balance: 1250,
        noticeDate: '2026-01-10',
        premises: 'business',
        flags: { vulnerable: false, warning: true },
      });
      const bad = await t.inject({ url: '/api/cases?status=sleeping' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('querystring.status');
    } finally {
      await t.close();
    }
  });
});

describe('import: notice method, notice period, Breathing Space, where the case lies', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
  });
  afterEach(async () => t.close());

  const HEADER = `${CSV_HEADER},notice_method,notice_period_days,breathing_space_until`;
  // N11 1NN's Code-Point centroid is 51.6166, -0.1389.
  const row = (ref: string, { lat = '', lon = '', hours = '', method = '', days = '', until = '' } = {}) =>
    `${ref},D-${ref},Alex Example,1 Sample Road,N11 1NN,${lat},${lon},council_tax,100,2026-01-05,2026-02-02,${hours ? 'business' : 'domestic'},${hours},no,no,,,${method},${days},${until}`;
  const errorsOf = (res: { json: () => { errors: Array<{ row: number; field: string; message: string }> } }) => res.json().errors;

  it('stores the new columns and reads an empty method as post', async () => {
    const res = await importCsv(
      t.inject,
      csvBody(
        [row('A', { method: 'Hand', days: '28', until: '2026-03-06' }), row('B'), row('C', { method: 'fixed' }), row('D', { method: 'email', days: '14' })],
        HEADER,
      ),
    );
    expect(res.statusCode).toBe(200);
    expect(await t.store.getCase('A')).toMatchObject({ noticeMethod: 'hand', noticePeriodDays: 28, breathingSpaceUntil: '2026-03-06' });
    const b = (await t.store.getCase('B'))!;
    expect([b.noticeMethod, b.noticePeriodDays, b.breathingSpaceUntil]).toEqual([undefined, undefined, undefined]);
    expect((await t.store.getCase('C'))!.noticeMethod).toBe('fixed');
    expect(await t.store.getCase('D')).toMatchObject({ noticeMethod: 'email', noticePeriodDays: 14 });
    // A later file without the columns clears them: the file owns them.
    await importCsv(t.inject, csvBody(['A,D-A,Alex Example,1 Sample Road,N11 1NN,,,council_tax,100,2026-01-05,2026-02-02,domestic,,no,no,,']));
    const a = (await t.store.getCase('A'))!;
    expect([a.noticeMethod, a.noticePeriodDays, a.breathingSpaceUntil]).toEqual([undefined, undefined, undefined]);
  });

  it('keeps trading hours in the package spelling and refuses what it cannot read', async () => {
    const ok = await importCsv(t.inject, csvBody([row('S', { hours: 'Mon-Fri 09:00-17:00; PH off' })], HEADER));
    expect(ok.statusCode).toBe(200);
    expect((await t.store.getCase('S'))!.tradingHours).toBe('Mo-Fr 09:00-17:00; PH off');
    const bad = await importCsv(t.inject, csvBody([row('S', { hours: 'Mo-Fr 9-5' })], HEADER));
    expect(errorsOf(bad)).toEqual([{ row: 2, field: 'trading_hours', message: expect.stringMatching(/Single-digit hour "9"/) as string }]);
  });

  it.each([
    ['notice_method', { method: 'courier' }, /expected one of post, hand, email, fixed/],
    ['notice_period_days', { days: '5' }, /one of 7, 14, 28/],
    ['notice_period_days', { days: '21' }, /one of 7, 14, 28/],
    ['notice_period_days', { days: '14.5' }, /one of 7, 14, 28/],
    ['breathing_space_until', { until: '2026-02-30' }, /not a real calendar date/],
    // a classic export fault
    ['lat', { lat: '0', lon: '0' }, /outside England and Wales/],
    // Edinburgh, Dublin, Douglas (Isle of Man), St Helier (Jersey), Calais
    ['lat', { lat: '55.9533', lon: '-3.1883' }, /outside England and Wales/],
    ['lat', { lat: '53.3498', lon: '-6.2603' }, /outside England and Wales/],
    ['lat', { lat: '54.1523', lon: '-4.4861' }, /outside England and Wales/],
    ['lat', { lat: '49.1868', lon: '-2.1066' }, /outside England and Wales/],
    ['lat', { lat: '50.9513', lon: '1.8587' }, /outside England and Wales/],
    // 2.6 km north of the postcode's centroid
    ['lat', { lat: '51.64', lon: '-0.1389' }, /2\.6 km from the centre of postcode "N11 1NN", more than 2 km/],
  ])('refuses %s in %j naming the field', async (field, over, message) => {
    const res = await importCsv(t.inject, csvBody([row('X', over)], HEADER));
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)).toEqual([{ row: 2, field, message: expect.stringMatching(message) as string }]);
  });

  it('takes coordinates within the distance set, which an admin can change', async () => {
    expect((await importCsv(t.inject, csvBody([row('NEAR', { lat: '51.625', lon: '-0.1389' })], HEADER))).statusCode).toBe(200);
    const patched = await t.as('admin')({ method: 'PATCH', url: '/api/settings', payload: { importChecks: { postcodeDistanceKm: 5 } } });
    expect(patched.statusCode).toBe(200);
    expect((await importCsv(t.inject, csvBody([row('FAR', { lat: '51.64', lon: '-0.1389' })], HEADER))).statusCode).toBe(200);
  });
});
