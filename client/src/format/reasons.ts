/**
 * Why a case is not on the day's plan, in words that say what to do (the server's UnplannedReason,
 * README "Reasons for unplanned cases"), and the last lawful day of a case about to expire.
 */
export const REASON_LABELS: Record<string, string> = {
  vulnerable: 'Vulnerable debtor: a team leader reviews the hold',
  'manual-hold': 'Held by a team leader',
  'held-for-review': 'Someone at the address is vulnerable: review first',
  arrangement: 'Paying by arrangement',
  'breathing-space': 'Breathing Space',
  expired: '12-month limit passed',
  'not-yet-eligible': 'Not yet eligible',
  blackout: 'Council blackout date',
  'do-not-visit': "Debtor's do-not-visit date",
  'needs-crew': 'Needs a crew (warning marker)',
  'no-skill': 'No officer with the skill today',
  'outside-shifts': 'Only outside every shift today',
  'no-capacity': 'No time left in any route',
  'not-worth-detour': 'Not worth the detour',
  'no-window': 'No usable window today',
  'no-road': 'Too far from a road (check the location)',
  'outside-road-area': "Outside the road data in use: load your area's road extract",
  'removed-by-user': 'Taken off a route by hand',
  'held-for-saturday': 'Held for a later Saturday',
  'planned-on-another-day': 'Planned on another day',
};

export function reasonLabel(reason: string): string {
  return REASON_LABELS[reason] ?? reason;
}

/** The marker of a case whose last lawful day (reg 9) is soon, shown in red. */
export function lastDayText(lastLawfulDay: string): string {
  return `last lawful day ${lastLawfulDay}`;
}
