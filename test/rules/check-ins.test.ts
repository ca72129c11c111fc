import { describe, expect, it } from 'vitest';
import { checkInsFor } from '../../solver/rules/check-ins.js';
import { DEFAULT_RULES_SETTINGS, RulesSettingsSchema } from '../../solver/rules/settings.js';
import type { PlannedRoute } from '../../solver/rules/types.js';

const ZONE = 'Europe/London';
const plain = { warning: false, business: false, repeat: false, vulnerable: false };

function route(
  day: string,
  offset: string,
  start: string,
  stops: Array<[string, string, boolean]>,
  end: string,
): Pick<PlannedRoute, 'start' | 'stops' | 'end'> {
  const t = (hhmm: string) => `${day}T${hhmm}:00${offset}`;
  return {
    start: { lat: 0, lon: 0, departure: t(start) },
    stops: stops.map(([a, d, flagged]) => ({
      caseRefs: ['X'],
      lat: 0,
      lon: 0,
      arrival: t(a),
      departure: t(d),
      waitMinutes: 0,
      window: { start: '06:00', end: '21:00', band: 'day' },
      value: 0,
      balance: 0,
      flags: { ...plain, warning: flagged },
      violations: [],
    })),
    end: { lat: 0, lon: 0, arrival: t(end) },
  };
}

const times = (list: ReturnType<typeof checkInsFor>) => list.map((c) => `${c.at.slice(11, 16)} ${c.kind}${c.stop === undefined ? '' : ` ${c.stop}`}`);

describe('lone-working check-ins', () => {
  it.each([
    [
      'hourly from setting off, and on getting back',
      route(
        '2026-03-03',
        '+00:00',
        '08:00',
        [
          ['08:20', '08:35', false],
          ['09:50', '10:05', false],
        ],
        '10:30',
      ),
      ['08:00 start', '09:00 due', '10:00 due', '10:30 end'],
    ],
    [
      'a flagged address: on arrival, every 30 minutes there, on leaving; the hour restarts from leaving',
      route(
        '2026-03-03',
        '+00:00',
        '08:00',
        [
          ['08:40', '09:45', true],
          ['10:30', '10:45', false],
        ],
        '11:00',
      ),
      ['08:00 start', '08:40 arrive 0', '09:10 on-site 0', '09:40 on-site 0', '09:45 leave 0', '10:45 due', '11:00 end'],
    ],
    [
      'a check-in is not repeated when the next event is exactly an interval away',
      route('2026-03-03', '+00:00', '08:00', [['08:30', '08:45', false]], '09:00'),
      ['08:00 start', '09:00 end'],
    ],
  ])('%s', (_name, r, expected) => {
    expect(times(checkInsFor(r, DEFAULT_RULES_SETTINGS.checkIns, ZONE))).toEqual(expected);
  });

  it('counts real time across the clocks going forward (29 March 2026: 01:00 GMT is 02:00 BST)', () => {
    // A night shift is not lawful for visits, but the check-in clock must still be true time.
    const r = {
      start: { lat: 0, lon: 0, departure: '2026-03-29T00:30:00+00:00' },
      stops: [],
      end: { lat: 0, lon: 0, arrival: '2026-03-29T03:45:00+01:00' },
    };
    expect(checkInsFor(r, DEFAULT_RULES_SETTINGS.checkIns, ZONE).map((c) => c.at)).toEqual([
      '2026-03-29T00:30:00+00:00',
      '2026-03-29T02:30:00+01:00',
      '2026-03-29T03:30:00+01:00',
      '2026-03-29T03:45:00+01:00',
    ]);
  });

  it('the intervals are settings, with defaults for settings stored before they existed', () => {
    const r = route('2026-03-03', '+00:00', '08:00', [], '09:00');
    expect(times(checkInsFor(r, { everyMinutes: 20, flaggedEveryMinutes: 10 }, ZONE))).toEqual(['08:00 start', '08:20 due', '08:40 due', '09:00 end']);
    const { checkIns: _omitted, ...older } = DEFAULT_RULES_SETTINGS;
    expect(RulesSettingsSchema.parse(older).checkIns).toEqual({ everyMinutes: 60, flaggedEveryMinutes: 30 });
  });
});
