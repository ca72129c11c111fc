import { describe, expect, it } from 'vitest';
import { bandWindow, duration, londonDate, londonIso, londonLongDate, londonTime, metres, money } from '../../client/src/format/format';

describe('times are shown in Europe/London whatever the offset they arrive with', () => {
  it('winter (GMT) and summer (BST)', () => {
    expect(londonTime('2026-01-15T09:30:00+00:00')).toBe('09:30');
    expect(londonTime('2026-07-15T09:30:00+01:00')).toBe('09:30');
    // A UTC instant in summer is an hour later on the London clock.
    expect(londonTime('2026-07-15T08:30:00Z')).toBe('09:30');
  });

  it('across both DST changes of 2026 (29 March, 25 October)', () => {
    expect(londonTime('2026-03-29T00:59:00Z')).toBe('00:59');
    expect(londonTime('2026-03-29T01:00:00Z')).toBe('02:00');
    expect(londonTime('2026-10-25T00:59:00Z')).toBe('01:59');
    expect(londonTime('2026-10-25T01:00:00Z')).toBe('01:00');
  });

  it('the London calendar date near midnight', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('an ISO time with London’s offset, as the server expects', () => {
    expect(londonIso(new Date('2026-07-01T13:30:00Z'))).toBe('2026-07-01T14:30:00+01:00');
    expect(londonIso(new Date('2026-01-05T08:05:09Z'))).toBe('2026-01-05T08:05:09+00:00');
    expect(new Date(londonIso(new Date('2026-10-25T01:30:00Z'))).toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });

  it('rejects what is not a date with the value in the message', () => {
    expect(() => londonTime('25:00')).toThrow(/"25:00"/);
    expect(() => londonLongDate('2026-7-1')).toThrow(/2026-7-1/);
  });

  it('long dates, money, distances and durations', () => {
    expect(londonLongDate('2026-03-29')).toBe('Sunday 29 March 2026');
    expect(money(1234.5)).toBe('£1,235');
    expect(money(1234.5, true)).toBe('£1,234.50');
    expect(metres(245)).toBe('250 m');
    expect(metres(1234)).toBe('1.2 km');
    expect(duration(45)).toBe('45 min');
    expect(duration(65)).toBe('1 h 05 min');
  });
});

describe('the time band a stop is planned in', () => {
  it('names the band by its label, else its id, with its times', () => {
    expect(bandWindow({ start: '06:00', end: '12:00', band: 'sat-morning', label: 'Saturday morning' })).toBe('Saturday morning 06:00–12:00');
    // A plan saved before bands had labels.
    expect(bandWindow({ start: '17:00', end: '21:00', band: 'evening' })).toBe('evening 17:00–21:00');
    // A stop kept (locked) on a day it has no lawful window.
    expect(bandWindow({ start: '', end: '', band: 'none' })).toBe('no lawful window');
    expect(bandWindow({ start: '09:00', end: '17:30' })).toBe('window 09:00–17:30');
  });
});
