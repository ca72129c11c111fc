import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsPatchSchema, type Settings } from '../../server/settings.js';
import { makeApp, type TestApp } from './helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(async () => t.close());

/** Every request of this file goes through here: the one place to add sign-in headers or cookies. */
function inject(options: InjectOptions) {
  return t.as('admin')(options);
}

const getSettings = async (): Promise<Settings> => (await inject({ url: '/api/settings' })).json();
/** A PUT made on the settings as they are now (its If-Match the tag just read). */
const put = async (payload: unknown) => {
  const tag = String((await inject({ url: '/api/settings' })).headers.etag);
  return inject({ method: 'PUT', url: '/api/settings', payload: payload as object, headers: { 'if-match': tag } });
};
const patch = (payload: unknown) => inject({ method: 'PATCH', url: '/api/settings', payload: payload as object });
const settingsAudits = async () => (await inject({ url: '/api/audit?entity=settings' })).json<unknown[]>().length;
const errorsOf = (res: { json: () => { errors: Array<{ field: string; message: string }> } }) => res.json().errors.map((e) => [e.field, e.message]);

const REG_13_START = 'reg 13(1)(a): visits may not start before 06:00';
const REG_13_END = 'reg 13(1)(a): visits may not go on after 21:00';
const REG_13_ZONE = 'reg 13(1)(a): the visiting hours are local time in England and Wales: timeZone must be Europe/London';
const REG_6 = 'reg 6(1): notices given from 2014-04-06 need at least 7 clear days';
const REG_9 = "reg 9(1): goods may be taken only within 12 months of the notice (a court's extension, reg 9(3), is per case)";
const REG_10 = 'reg 10 and the National Standards: a vulnerable debtor is not visited until a person lifts the suspension; suspendVulnerable may not be false';

describe('PATCH /api/settings changes only the fields it names', () => {
  it('keeps blackout dates, check-ins and the quota bonus that an earlier PUT set', async () => {
    const custom = {
      ...DEFAULT_SETTINGS,
      blackoutDates: ['2026-12-24', '2026-12-31'],
      checkIns: { everyMinutes: 45, flaggedEveryMinutes: 15 },
      saturdayQuotaBonus: 250,
    };
    expect((await put(custom)).statusCode).toBe(200);
    const res = await patch({ defaultWeight: 1 });
    expect(res.statusCode).toBe(200);
    const expected = { ...custom, defaultWeight: 1 };
    expect(res.json()).toEqual(expected);
    expect(await getSettings()).toEqual(expected);
  });

  it('two changes of different fields at once both stay: a change is made to the settings as stored when it is written', async () => {
    const [a, b, c] = await Promise.all([
      patch({ blackoutDates: ['2026-12-24'] }),
      patch({ saturdayQuotaBonus: 250 }),
      t.as('manager')({ method: 'PUT', url: '/api/settings/default-weight', payload: { defaultWeight: 1.5 } }),
    ]);
    for (const res of [a, b, c]) expect(res.statusCode, res.body).toBe(200);
    expect(await getSettings()).toEqual({ ...DEFAULT_SETTINGS, blackoutDates: ['2026-12-24'], saturdayQuotaBonus: 250, defaultWeight: 1.5 });
  });

  it('adds no defaults to a body: an empty PATCH body stays empty', () => {
    expect(SettingsPatchSchema.parse({})).toEqual({});
  });

  it('replaces a named field whole and validates it', async () => {
    expect((await patch({ checkIns: { everyMinutes: 90, flaggedEveryMinutes: 20 } })).json().checkIns).toEqual({ everyMinutes: 90, flaggedEveryMinutes: 20 });
    // Not merged into the stored object: a part missing is missing.
    const partial = await patch({ urgency: { horizonDays: 30 } });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.urgency.maxUplift']);
    expect((await getSettings()).urgency).toEqual(DEFAULT_SETTINGS.urgency);
  });
});

describe('a change made on settings read before another change is refused, not applied over it', () => {
  it('PUT needs the version read (428 without it), and an older one is a 412 with the current tag; PATCH checks it when sent', async () => {
    const read = await inject({ url: '/api/settings' });
    const tag = String(read.headers.etag);
    expect(tag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const mine = { ...read.json<Settings>(), blackoutDates: ['2026-12-24'] };
    const unasked = await inject({ method: 'PUT', url: '/api/settings', payload: mine });
    expect(unasked.statusCode).toBe(428);
    expect(unasked.json().errors[0].field).toBe('headers.if-match');
    // Another admin adds a blackout date meanwhile (a PATCH replaces the list whole).
    const theirs = await inject({ method: 'PATCH', url: '/api/settings', payload: { blackoutDates: ['2026-12-31'] }, headers: { 'if-match': tag } });
    expect(theirs.statusCode, theirs.body).toBe(200);
    const newTag = String(theirs.headers.etag);
    expect(newTag).not.toBe(tag);
    for (const stale of [
      inject({ method: 'PUT', url: '/api/settings', payload: mine, headers: { 'if-match': tag } }),
      inject({ method: 'PATCH', url: '/api/settings', payload: { blackoutDates: ['2026-12-24'] }, headers: { 'if-match': tag } }),
    ]) {
      const res = await stale;
      expect(res.statusCode).toBe(412);
      expect(res.json().currentTag).toBe(newTag);
    }
    expect((await getSettings()).blackoutDates).toEqual(['2026-12-31']);
    const audits = await settingsAudits();
    // Made on what is there now, it passes.
    const redone = await inject({
      method: 'PATCH',
      url: '/api/settings',
      payload: { blackoutDates: ['2026-12-24', '2026-12-31'] },
      headers: { 'if-match': newTag },
    });
    expect(redone.statusCode).toBe(200);
    expect(await settingsAudits()).toBe(audits + 1);
  });
});

describe('the statutory safeguards can be made stricter, never looser', () => {
  const loosened: Array<[string, Partial<Settings>, string[][]]> = [
    ['visits from 05:30', { visitingHours: { start: '05:30', end: '21:00' } }, [['body.visitingHours.start', REG_13_START]]],
    ['visits until midnight', { visitingHours: { start: '06:00', end: '24:00' } }, [['body.visitingHours.end', REG_13_END]]],
    ['6 clear days', { noticePeriods: [{ from: '2014-04-06', clearDays: 6 }] }, [['body.noticePeriods.0.clearDays', REG_6]]],
    ['a 13-month limit', { limitMonths: 13 }, [['body.limitMonths', REG_9]]],
    ['vulnerable debtors not suspended', { suspendVulnerable: false }, [['body.suspendVulnerable', REG_10]]],
    ['Honolulu time', { timeZone: 'Pacific/Honolulu' }, [['body.timeZone', REG_13_ZONE]]],
    [
      'all of them at once',
      { visitingHours: { start: '00:00', end: '23:59' }, noticePeriods: [{ from: '2014-04-06', clearDays: 0 }], limitMonths: 36, suspendVulnerable: false },
      [
        ['body.visitingHours.start', REG_13_START],
        ['body.visitingHours.end', REG_13_END],
        ['body.limitMonths', REG_9],
        ['body.suspendVulnerable', REG_10],
        ['body.noticePeriods.0.clearDays', REG_6],
      ],
    ],
  ];

  it.each(loosened)('PATCH with %s is a 422 naming each field and regulation; nothing is saved', async (_name, change, expected) => {
    const before = await getSettings();
    const audits = await settingsAudits();
    const res = await patch(change);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ title: 'Unlawful settings', status: 422 });
    expect(errorsOf(res)).toEqual(expected);
    expect(await getSettings()).toEqual(before);
    expect(await settingsAudits()).toBe(audits);
  });

  it('a time zone that does not exist is a 400 naming the field', async () => {
    const res = await patch({ timeZone: 'Not/AZone' });
    expect(res.statusCode).toBe(400);
    expect(errorsOf(res)).toEqual([['body.timeZone', 'expected an IANA time zone such as Europe/London']]);
  });

  it.each(loosened)('PUT with %s is a 422 too', async (_name, change, expected) => {
    const res = await put({ ...DEFAULT_SETTINGS, ...change, defaultWeight: 2 });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(errorsOf(res)).toEqual(expected);
    expect((await getSettings()).defaultWeight).toBe(DEFAULT_SETTINGS.defaultWeight);
  });

  it('accepts stricter settings: 08:00-20:00, 14 clear days, a 6-month limit', async () => {
    const stricter = { visitingHours: { start: '08:00', end: '20:00' }, noticePeriods: [{ from: '2014-04-06', clearDays: 14 }], limitMonths: 6 };
    const patched = await patch(stricter);
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject(stricter);
    expect((await put({ ...DEFAULT_SETTINGS, ...stricter })).statusCode).toBe(200);
  });

  it('judges only what a PATCH names: looser settings already stored (a hand-edited database) do not block the weight', async () => {
    await t.store.saveSettings({ ...DEFAULT_SETTINGS, visitingHours: { start: '05:00', end: '22:00' } }, 'hand edit');
    expect((await patch({ defaultWeight: 2 })).statusCode).toBe(200);
    const again = await patch({ visitingHours: { start: '05:00', end: '22:00' } });
    expect(again.statusCode).toBe(422);
    expect(errorsOf(again)).toEqual([
      ['body.visitingHours.start', REG_13_START],
      ['body.visitingHours.end', REG_13_END],
    ]);
    // A PUT names every field: it must bring the whole document within the law.
    const { blackoutDates: _b, ...stored } = await getSettings();
    expect((await put({ ...stored, blackoutDates: [] })).statusCode).toBe(422);
  });
});

describe('settings are bounded, so one request cannot store a huge document', () => {
  const days = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));
  const band = (i: number) => ({ id: `b${i}`, start: '06:00', end: '21:00', days: [1] });
  const rates = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`b${i}`, 0.1]));

  it('accepts the largest allowed: 366 blackout dates, 24 bands, 20 dated rows, 24 contact-rate keys', async () => {
    const res = await patch({
      blackoutDates: days(366),
      bands: Array.from({ length: 24 }, (_, i) => band(i)),
      noticePeriods: Array.from({ length: 20 }, (_, i) => ({ from: `${2014 + i}-04-06`, clearDays: 7 })),
      fees: Array.from({ length: 20 }, (_, i) => ({ ...DEFAULT_SETTINGS.fees[0], from: `${2014 + i}-04-06` })),
      contactRates: { domestic: rates(24), business: rates(24) },
    });
    expect(res.statusCode).toBe(200);
  });

  it.each([
    ['367 blackout dates', { blackoutDates: days(367) }, 'body.blackoutDates'],
    ['25 bands', { bands: Array.from({ length: 25 }, (_, i) => band(i)) }, 'body.bands'],
    ['21 notice periods', { noticePeriods: Array.from({ length: 21 }, (_, i) => ({ from: `${2014 + i}-04-06`, clearDays: 7 })) }, 'body.noticePeriods'],
    ['21 fee tables', { fees: Array.from({ length: 21 }, (_, i) => ({ ...DEFAULT_SETTINGS.fees[0], from: `${2014 + i}-04-06` })) }, 'body.fees'],
    ['25 contact-rate keys', { contactRates: { domestic: rates(25), business: rates(1) } }, 'body.contactRates.domestic'],
    ['a weekday twice in a band', { bands: [{ ...band(0), days: [1, 1] }] }, 'body.bands.0.days'],
    ['a band id of 65 characters', { bands: [{ ...band(0), id: 'x'.repeat(65) }] }, 'body.bands.0.id'],
    ['a time of 24:30', { visitingHours: { start: '06:00', end: '24:30' } }, 'body.visitingHours.end'],
  ])('%s is a 400 naming the field', async (_name, change, field) => {
    const before = await getSettings();
    const res = await patch(change);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await getSettings()).toEqual(before);
  });
});

describe('teams and their patches', () => {
  const officer = (team?: string) => ({
    name: 'Pat Patch',
    start: { lat: 51.61, lon: -0.13 },
    end: { lat: 51.61, lon: -0.13 },
    shiftStart: '08:00',
    shiftEnd: '16:00',
    workingDays: [1, 2, 3, 4, 5],
    breakMinutes: 30,
    breakWindow: { start: '12:00', end: '14:00' },
    ...(team === undefined ? {} : { team }),
  });
  const saveOfficer = (body: object) => t.inject({ method: 'POST', url: '/api/officers', payload: body });

  it('an officer names a team of the settings; an unknown team is a 400 naming the field', async () => {
    const none = await saveOfficer(officer('north'));
    expect(none.statusCode).toBe(400);
    expect(errorsOf(none)).toEqual([['body.team', 'no teams are set (settings.teams)']]);

    const teams = [{ id: 'north', name: 'North', patch: ['N11', 'N14 1'] }];
    expect((await patch({ teams })).json().teams).toEqual(teams);
    expect((await saveOfficer(officer('nort'))).statusCode).toBe(400);
    const saved = await saveOfficer(officer('north'));
    expect(saved.statusCode).toBe(201);
    expect(saved.json().team).toBe('north');
    expect((await saveOfficer(officer())).statusCode).toBe(201);
  });

  it('refuses an area in two patches, naming where', async () => {
    const res = await patch({
      teams: [
        { id: 'north', name: 'North', patch: ['N11'] },
        { id: 'east', name: 'East', patch: ['N14', 'N11'] },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(errorsOf(res)).toEqual([['body.teams.1.patch.1', "N11 is already in team 'north''s patch"]]);
  });
});
