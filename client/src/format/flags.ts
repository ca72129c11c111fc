/** The short flags a stop carries in lists and on the run sheet. */
import type { Route, Stop } from '../api/schemas';

export type FlagName = 'crew' | 'warning' | 'business' | 'repeat' | 'vulnerable' | 'estimate';

export const FLAG_LABELS: Record<FlagName, string> = {
  crew: 'Crew',
  warning: 'Warning marker',
  business: 'Business',
  repeat: 'Repeat attempt',
  vulnerable: 'Vulnerable',
  estimate: 'Straight-line estimate',
};

export function stopFlags(stop: Stop, route: Pick<Route, 'officerIds'>): FlagName[] {
  const f = stop.flags;
  const out: FlagName[] = [];
  if (route.officerIds.length > 1) out.push('crew');
  if (f?.warning) out.push('warning');
  if (f?.business) out.push('business');
  if (f?.repeat) out.push('repeat');
  if (f?.vulnerable) out.push('vulnerable');
  // Beyond the road data: its times and miles are straight-line estimates (the council's setting).
  if (stop.estimate) out.push('estimate');
  return out;
}
