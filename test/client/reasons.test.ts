import { describe, expect, it } from 'vitest';
import { lastDayText, REASON_LABELS, reasonLabel } from '../../client/src/format/reasons';
import type { UnplannedReason } from '../../solver/rules/types';

/** Every reason the rules give (a reason added there without a label fails the type check here). */
const EVERY_REASON: Record<UnplannedReason, true> = {
  vulnerable: true,
  'manual-hold': true,
  'held-for-review': true,
  arrangement: true,
  'breathing-space': true,
  expired: true,
  'not-yet-eligible': true,
  blackout: true,
  'do-not-visit': true,
  'needs-crew': true,
  'no-skill': true,
  'outside-shifts': true,
  'no-capacity': true,
  'not-worth-detour': true,
  'no-window': true,
  'no-road': true,
  'outside-road-area': true,
  'removed-by-user': true,
  'held-for-saturday': true,
  'planned-on-another-day': true,
};

describe('reasons for unplanned cases', () => {
  it('each has its own words', () => {
    const labels = Object.keys(EVERY_REASON).map((r) => REASON_LABELS[r]);
    expect(labels.every((l) => typeof l === 'string' && l.length > 0)).toBe(true);
    expect(new Set(labels).size).toBe(labels.length);
  });
  it('an unknown reason (a newer server) shows as it is', () => {
    expect(reasonLabel('held-for-a-later-saturday')).toBe('held-for-a-later-saturday');
  });
  it('names the last lawful day', () => {
    expect(lastDayText('2026-06-19')).toBe('last lawful day 2026-06-19');
  });
});
