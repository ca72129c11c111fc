import { describe, expect, it } from 'vitest';
import { nextCheckIn } from '../../client/src/state/checkInDue';

// Deadlines as the plan gives them: "check in by" 08:00 (setting off), 09:00, 10:00 (London, GMT in March).
const DEADLINES = ['2026-03-03T10:00:00+00:00', '2026-03-03T08:00:00+00:00', '2026-03-03T09:00:00+00:00'];
const at = (hhmm: string) => new Date(`2026-03-03T${hhmm}:00Z`);

describe('the next lone-working check-in', () => {
  it('is the first deadline before any check-in, due 5 minutes before it and overdue after it', () => {
    expect(nextCheckIn(DEADLINES, null, at('07:30'))).toEqual({ at: '2026-03-03T08:00:00+00:00', due: false, overdue: false });
    expect(nextCheckIn(DEADLINES, null, at('07:55'))).toEqual({ at: '2026-03-03T08:00:00+00:00', due: true, overdue: false });
    expect(nextCheckIn(DEADLINES, null, at('08:01'))).toEqual({ at: '2026-03-03T08:00:00+00:00', due: true, overdue: true });
  });

  it('counts a check-in up to 30 minutes early for the deadline it comes before', () => {
    expect(nextCheckIn(DEADLINES, '2026-03-03T08:40:00Z', at('08:41'))?.at).toBe('2026-03-03T10:00:00+00:00');
    expect(nextCheckIn(DEADLINES, '2026-03-03T08:30:00Z', at('08:41'))?.at).toBe('2026-03-03T10:00:00+00:00');
    // 08:20 is 40 minutes early for 09:00: it answers 08:00 (late) but 09:00 is still to come.
    expect(nextCheckIn(DEADLINES, '2026-03-03T08:20:00Z', at('08:41'))?.at).toBe('2026-03-03T09:00:00+00:00');
  });

  it('lets a late check-in answer the deadline it missed', () => {
    expect(nextCheckIn(DEADLINES, '2026-03-03T09:05:00Z', at('09:06'))).toEqual({ at: '2026-03-03T10:00:00+00:00', due: false, overdue: false });
  });

  it('is none once the last deadline is answered', () => {
    expect(nextCheckIn(DEADLINES, '2026-03-03T09:50:00Z', at('09:51'))).toBeNull();
    expect(nextCheckIn([], null, at('09:51'))).toBeNull();
  });
});
