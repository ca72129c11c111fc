/**
 * The fast reading of past instants agrees with luxon's (calendar.ts localParts) to the minute,
 * on ordinary days, on both clock changes of 2026 and at their edges, with and without seconds,
 * and refuses what luxon refuses.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localParts } from '../../solver/rules/calendar.js';
import { instantOf, localPartsOf } from '../../solver/rules/instants.js';

const ZONE = 'Europe/London';

describe('reading past instants as London times', () => {
  it.each([
    '2026-01-15T09:30:00Z',
    '2026-07-15T08:30:00Z',
    '2026-07-15T09:30:00+01:00',
    '2026-07-15T23:30:00Z',
    '2026-03-29T00:59:59Z',
    '2026-03-29T01:00:00Z',
    '2026-03-29T06:00:00+01:00',
    '2026-10-25T00:59:00Z',
    '2026-10-25T01:00:00Z',
    '2026-10-25T01:30:00+01:00',
    '2026-10-25T21:00:00+00:00',
    '2026-06-09T12:00+01:00',
    '2026-06-09T08:29:59.900+01:00',
    '2026-12-31T23:59:59-05:00',
    '2028-02-29T07:00:00Z',
    '2026-06-09T12:00:00',
  ])('%s as luxon reads it', (iso) => {
    expect(localPartsOf(iso, ZONE, 'attempt')).toEqual(localParts(iso, ZONE, 'attempt'));
    expect(instantOf(iso, ZONE)).toBe(DateTime.fromISO(iso, { zone: ZONE }).toMillis());
  });

  it.each(['2026-02-30T10:00:00Z', '2026-02-29T10:00:00Z', '2026-13-01T10:00:00Z', 'yesterday'])('refuses %s, naming the field', (iso) => {
    expect(() => localPartsOf(iso, ZONE, 'previousAttempts')).toThrow(/previousAttempts/);
    expect(instantOf(iso, ZONE)).toBeNaN();
  });
});
