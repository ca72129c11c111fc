/**
 * Lone-working check-ins for a route (docs/enforcement-rules.md, Practice): an officer checks in
 * on setting off and then at least every `everyMinutes`; at a flagged address (a warning marker,
 * or a vulnerable debtor when such cases are planned) on arrival, at least every
 * `flaggedEveryMinutes` while there, and on leaving; and on getting back. The times are the
 * latest each check-in is due, so the run sheet can print "check in by".
 */
import { isoLocal } from './calendar.js';
import type { CheckIn, PlannedRoute } from './types.js';

export interface CheckInSettings {
  everyMinutes: number;
  flaggedEveryMinutes: number;
}

const MINUTE = 60_000;

export function checkInsFor(route: Pick<PlannedRoute, 'start' | 'stops' | 'end'>, settings: CheckInSettings, zone: string): CheckIn[] {
  const out: CheckIn[] = [];
  const push = (ms: number, kind: CheckIn['kind'], stop?: number) => out.push({ at: isoLocal(ms, zone), kind, ...(stop === undefined ? {} : { stop }) });
  const every = settings.everyMinutes * MINUTE;
  const flaggedEvery = settings.flaggedEveryMinutes * MINUTE;
  let last = Date.parse(route.start.departure);
  push(last, 'start');
  // Interval check-ins due before `until` (an event that is itself a check-in resets the clock).
  const dueUntil = (until: number, interval: number, kind: CheckIn['kind'], stop?: number) => {
    while (last + interval < until) {
      last += interval;
      push(last, kind, stop);
    }
  };
  route.stops.forEach((stop, i) => {
    const arrival = Date.parse(stop.arrival);
    const departure = Date.parse(stop.departure);
    if (stop.flags.warning || stop.flags.vulnerable) {
      dueUntil(arrival, every, 'due');
      last = arrival;
      push(arrival, 'arrive', i);
      dueUntil(departure, flaggedEvery, 'on-site', i);
      last = departure;
      push(departure, 'leave', i);
    } else {
      dueUntil(departure, every, 'due');
    }
  });
  const back = Date.parse(route.end.arrival);
  dueUntil(back, every, 'due');
  push(back, 'end');
  return out;
}
