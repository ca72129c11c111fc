/**
 * Cases -> visits. Fees reg 11: a debtor's orders that can be enforced on the same occasion are
 * dealt with "on as few occasions as possible", so all of a debtor's cases at one address are one
 * visit, balances summed. An address is the debtor, the postcode and the address text with case
 * and spacing ignored.
 */
import { DateTime } from 'luxon';
import { premisesKey } from './person.js';
import type { Case } from './types.js';

/** Oldest first; a date-time without an offset is London local time (as the CSV import reads it). */
function sortInstants(isos: string[]): string[] {
  if (isos.length < 2) return isos;
  const at = new Map(isos.map((iso) => [iso, DateTime.fromISO(iso, { zone: 'Europe/London' }).toMillis()]));
  return isos.sort((a, b) => at.get(a)! - at.get(b)!);
}

export interface Visit {
  /** Stable id: the case refs joined with '+', sorted. */
  id: string;
  debtorRef: string;
  cases: Case[];
  caseRefs: string[];
  lat: number;
  lon: number;
  balance: number;
  premises: Case['premises'];
  tradingHours?: string;
  warning: boolean;
  vulnerable: boolean;
  /** Every failed attempt on any of the cases, ISO date-times, oldest first. */
  previousAttempts: string[];
  requiredSkills: string[];
  /** Fewest days left before any case's 12-month limit (urgency); filled by the caller. */
  daysLeft: number;
}

/** The debtor at the premises (person.ts premisesKey: postcode and address text, normalised). */
export function addressKey(c: Case): string {
  return `${c.debtorRef}\u0000${premisesKey(c)}`;
}

/** Groups cases by debtor and address, keeping the order in which addresses first appear. */
export function groupVisits(cases: Case[], daysLeft: (c: Case) => number = () => Infinity): Visit[] {
  const groups = new Map<string, Case[]>();
  for (const c of cases) {
    const key = addressKey(c);
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.values()].map((group) => visitOf(group, daysLeft));
}

/** The cases given as one visit (they should share debtor and address; evaluation takes the user's word). */
export function visitOf(group: Case[], daysLeft: (c: Case) => number = () => Infinity): Visit {
  const caseRefs = group.map((c) => c.ref).sort();
  const business = group.find((c) => c.premises === 'business');
  return {
    id: caseRefs.join('+'),
    debtorRef: group[0].debtorRef,
    cases: group,
    caseRefs,
    lat: group[0].lat,
    lon: group[0].lon,
    balance: Math.round(group.reduce((s, c) => s + c.balance, 0) * 100) / 100,
    premises: business ? 'business' : 'domestic',
    tradingHours: business?.tradingHours,
    warning: group.some((c) => c.warning),
    vulnerable: group.some((c) => c.vulnerable),
    previousAttempts: sortInstants([...new Set(group.flatMap((c) => c.previousAttempts))]),
    requiredSkills: [...new Set(group.flatMap((c) => c.requiredSkills ?? []))].sort(),
    daysLeft: Math.min(...group.map(daysLeft)),
  };
}
