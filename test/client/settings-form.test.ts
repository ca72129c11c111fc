import { describe, expect, it } from 'vitest';
import type { Settings } from '../../client/src/api/schemas';
import { formFromSettings, parseSettingsJson, patchFromForm, problemLines } from '../../client/src/state/settingsForm';

const settings = {
  visitingHours: { start: '06:00', end: '21:00' },
  limitMonths: 12,
  suspendVulnerable: true,
  defaultWeight: 0.45,
  visitMinutes: 15,
  maxVisitsPerRoute: 30,
  blackoutDates: ['2026-12-24'],
  sessions: { idleMinutes: 30, absoluteHours: 12 },
  teams: [],
  bands: [{ id: 'day', start: '08:30', end: '17:00', days: [1, 2, 3, 4, 5] }],
} as Settings;

describe('the admin’s settings form', () => {
  it('sends only the fields that changed (an object field whole)', () => {
    const form = { ...formFromSettings(settings), visitStart: '08:00', blackoutDates: '2026-12-24\n2026-12-31, 2027-01-02' };
    expect(patchFromForm(form, settings)).toEqual({
      patch: { visitingHours: { start: '08:00', end: '21:00' }, blackoutDates: ['2026-12-24', '2026-12-31', '2027-01-02'] },
    });
    expect(patchFromForm(formFromSettings(settings), settings)).toEqual({ patch: {} });
    expect(patchFromForm({ ...formFromSettings(settings), suspendVulnerable: false, idleMinutes: '15' }, settings)).toEqual({
      patch: { suspendVulnerable: false, sessions: { idleMinutes: 15, absoluteHours: 12 } },
    });
  });

  it('names each box that holds no number or date, and sends nothing', () => {
    const form = { ...formFromSettings(settings), limitMonths: 'twelve', defaultWeight: '', blackoutDates: '24/12/2026' };
    expect(patchFromForm(form, settings)).toEqual({
      problems: [
        { field: 'blackoutDates', message: "'24/12/2026' is not a date YYYY-MM-DD" },
        { field: 'limitMonths', message: 'a number' },
        { field: 'defaultWeight', message: 'a number' },
      ],
    });
  });

  it('the JSON editor takes one object', () => {
    expect(parseSettingsJson('{"limitMonths": 6}')).toEqual({ value: { limitMonths: 6 } });
    expect(parseSettingsJson('[1]')).toEqual({ error: 'The settings are one JSON object ({ ... }).' });
    expect(parseSettingsJson('{limitMonths: 6}')).toHaveProperty('error', expect.stringMatching(/^Not valid JSON/));
  });

  it('the server’s refusal as one line per field, with its regulation', () => {
    expect(
      problemLines([
        { field: 'body.visitingHours.start', message: 'reg 13(1)(a): visits may not start before 06:00' },
        { field: 'body.suspendVulnerable', message: 'reg 10 and the National Standards: ...' },
        { field: 'body', message: 'own account' },
        { field: '', message: 'no field' },
      ]),
    ).toEqual([
      'visitingHours.start: reg 13(1)(a): visits may not start before 06:00',
      'suspendVulnerable: reg 10 and the National Standards: ...',
      'own account',
      'no field',
    ]);
  });
});
