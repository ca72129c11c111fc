/** Lone-working check-ins (the server's route.checkIns) as the words an officer reads. */
import type { Route } from '../api/schemas';
import { londonTime } from './format';

/** The day's routine check-ins: "08:00 setting off, 09:00, 10:00, 16:29 back". */
export function routineCheckIns(route: Route): string {
  return (route.checkIns ?? [])
    .filter((c) => c.stop === undefined)
    .map((c) => `${londonTime(c.at)}${c.kind === 'start' ? ' setting off' : c.kind === 'end' ? ' back' : ''}`)
    .join(', ');
}

/** At a flagged stop: "check in on arrival, 09:10, on leaving"; '' elsewhere. */
export function stopCheckIns(route: Route, stopIndex: number): string {
  const here = (route.checkIns ?? []).filter((c) => c.stop === stopIndex);
  if (here.length === 0) return '';
  const words = here.map((c) => (c.kind === 'arrive' ? 'on arrival' : c.kind === 'leave' ? 'on leaving' : `by ${londonTime(c.at)}`));
  return `check in ${words.join(', ')}`;
}
