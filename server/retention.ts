/**
 * Retention and erasure: what Rounds stops keeping, and when. The decisions are pure functions
 * here; the store applies them in one transaction and writes the audit row
 * (server/store/sqlite-retention.ts). README "Retention and erasure" says why each default.
 *
 * - Plan versions: the last `planVersionsKept` of each plan are kept for good; older ones go once
 *   the plan's date is `planVersionsAfterDays` past. The latest version is never pruned.
 * - Closed cases: `closedCaseDays` after a case closed, its personal fields are erased. What the
 *   council's figures need stays: refs, debt type, balance, dates, status, premises, attempts.
 * - On request (UK GDPR Art. 17, when the council's legal basis allows): all of one debtor's cases.
 */
import { DateTime } from 'luxon';
import { daysBetween } from '../solver/rules/eligibility.js';
import type { CaseStatus, DayPlan } from '../solver/rules/types.js';
import type { RetentionSettings } from './settings.js';
import type { PlanVersions, RetentionReport, Store } from './store/store.js';

/** What an erased case shows instead of a name and an address. */
export const ERASED = '[erased]';

/** The audit's actor for the scheduled runs. */
export const RETENTION_ACTOR = 'system:retention';

const DAY_MS = 86_400_000;

/** The versions of each plan to prune on `today` (YYYY-MM-DD), oldest first; plans with none are left out. */
export function planVersionsToPrune(plans: readonly PlanVersions[], today: string, policy: RetentionSettings): Array<{ planId: string; versions: number[] }> {
  const prune: Array<{ planId: string; versions: number[] }> = [];
  for (const plan of plans) {
    if (daysBetween(plan.date, today) < policy.planVersionsAfterDays) continue;
    // Kept: the latest and the N-1 before it. min(...) keeps the latest even if a setting said 0.
    const oldestKept = Math.min(plan.latestVersion - policy.planVersionsKept + 1, plan.latestVersion);
    const versions = plan.versions.filter((v) => v < oldestKept).sort((a, b) => a - b);
    if (versions.length > 0) prune.push({ planId: plan.planId, versions });
  }
  return prune;
}

/** Whether a case closed at `closedAt` (ISO instant) has its personal fields erased at `now`. An unreadable time never is. */
export function closedCaseDue(closedAt: string, now: Date, policy: RetentionSettings): boolean {
  const closed = Date.parse(closedAt);
  if (Number.isNaN(closed)) return false;
  return now.getTime() - closed >= policy.closedCaseDays * DAY_MS;
}

/** A coordinate to two decimal places: about a kilometre, a district rather than a home. */
export function coarsen(degrees: number): number {
  return Math.round(degrees * 100) / 100;
}

/** The outward code of a postcode ('N11 1NN' -> 'N11'): the district, thousands of addresses. */
export function outwardCode(postcode: string): string {
  const p = postcode.trim().toUpperCase();
  const space = p.indexOf(' ');
  if (space > 0) return p.slice(0, space);
  // An inward code is always digit + two letters; an unspaced full postcode loses it.
  return p.length > 4 && /\d[A-Z]{2}$/.test(p) ? p.slice(0, -3) : p;
}

/** The stored values of an erased case's personal fields. Erasing twice gives the same values. */
export function erasedFields(c: { postcode: string; lat: number; lon: number }) {
  return {
    name: ERASED,
    address: ERASED,
    postcode: outwardCode(c.postcode),
    lat: coarsen(c.lat),
    lon: coarsen(c.lon),
    // A sole trader's opening hours, festival dates (which tell a religion), and the markers
    // (vulnerability, warning) are about the person; nothing in the totals needs them.
    tradingHours: null,
    doNotVisit: [] as string[],
    vulnerable: false,
    warning: false,
  };
}

/** Violations and reasons for leaving a case out that tell something about the person (a marker, a hold, their finances). */
const ABOUT_THE_PERSON = new Set<string>([
  'vulnerable',
  'held-for-review',
  'manual-hold',
  'arrangement',
  'breathing-space',
  'needs-crew',
  'do-not-visit-date',
  'do-not-visit',
  // Its message gives the opening hours, which an erased case no longer keeps (a sole trader's).
  'outside-trading-hours',
]);

/**
 * Erases, in place, the stops of a stored plan whose cases are all erased: their coordinates are
 * coarsened like the cases' and their vulnerability and warning markers cleared, with the
 * violations that told of them. A stop shared with a case not erased still locates that case and
 * is left as it is. What still told of the markers goes too: the stop's share of the enforcement
 * fee (0 for a vulnerable debtor, Fees reg 12) and the route's lone-working check-ins at the stop
 * (only a flagged stop has them). An erased case left out of the plan for a reason about the person
 * (vulnerable, a hold, an arrangement...) is taken off the list. Returns the stops and list entries
 * changed.
 */
export function erasePlanStops(plan: DayPlan, erased: ReadonlySet<string>): number {
  let changed = 0;
  for (const route of plan.routes) {
    const erasedStops = new Set<number>();
    route.stops.forEach((stop, i) => {
      if (stop.caseRefs.length === 0 || !stop.caseRefs.every((ref) => erased.has(ref))) return;
      erasedStops.add(i);
      const lat = coarsen(stop.lat);
      const lon = coarsen(stop.lon);
      const violations = stop.violations.filter((v) => !ABOUT_THE_PERSON.has(v.code));
      const told = stop.flags.vulnerable || stop.flags.warning || stop.enforcementFee !== undefined || violations.length !== stop.violations.length;
      if (lat === stop.lat && lon === stop.lon && !told) return;
      stop.lat = lat;
      stop.lon = lon;
      stop.flags = { ...stop.flags, vulnerable: false, warning: false };
      stop.violations = violations;
      delete stop.enforcementFee;
      changed++;
    });
    // Plans saved before check-ins were have none.
    if (erasedStops.size > 0 && route.checkIns) route.checkIns = route.checkIns.filter((c) => c.stop === undefined || !erasedStops.has(c.stop));
  }
  const unplanned = plan.unplanned.filter((u) => !(erased.has(u.caseRef) && ABOUT_THE_PERSON.has(u.reason)));
  changed += plan.unplanned.length - unplanned.length;
  plan.unplanned = unplanned;
  return changed;
}

export type ImportErasure = { take: true; reopens: boolean } | { take: false; reason: string };

/**
 * Whether an import may write a row over what retention erased. A debtor erased on request stays
 * erased, new refs included: the council must erase them in its revenues system too, or decide
 * that a new legal basis applies (then an admin lifts the block; not built yet). A closed case
 * erased at the end of its period stays erased while the file (with the recorded outcomes) says
 * closed; a file that reopens it brings it back, because enforcement resumes.
 */
export function importErasure(row: { erasedAt?: string; debtorErasedAt?: string; status: () => CaseStatus }): ImportErasure {
  if (row.debtorErasedAt) {
    return {
      take: false,
      reason: `the debtor's personal data was erased on request on ${dateOf(row.debtorErasedAt)}: not imported (erase it in the revenues system too)`,
    };
  }
  if (!row.erasedAt) return { take: true, reopens: false };
  if (row.status() === 'closed') {
    return { take: false, reason: `a closed case whose personal data was erased on ${dateOf(row.erasedAt)} at the end of its retention period: not imported` };
  }
  return { take: true, reopens: true };
}

function dateOf(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'Europe/London' }).toISODate() ?? iso.slice(0, 10);
}

/** One run with the stored settings: prunes and erases what is due (or says what would be, for a dry run). */
export async function runRetention(store: Store, options: { actor: string; now?: Date; dryRun?: boolean }): Promise<RetentionReport> {
  const settings = await store.getSettings();
  const now = options.now ?? new Date();
  const today = DateTime.fromJSDate(now, { zone: settings.timeZone }).toISODate()!;
  return store.retention.run({ policy: settings.retention, now, today, actor: options.actor, dryRun: options.dryRun });
}

interface RetentionLog {
  info: (fields: object, message: string) => void;
  error: (fields: object, message: string) => void;
}

/**
 * Runs retention now and then every `everyMs` (a day) while the server runs. The timer does not
 * keep the process alive; a failed run is logged (counts and the error, no personal data) and the
 * next one tries again.
 */
export function scheduleRetention(store: Store, log: RetentionLog, everyMs = DAY_MS): { stop: () => void; first: Promise<void> } {
  const tick = async () => {
    try {
      const r = await runRetention(store, { actor: RETENTION_ACTOR });
      const pruned = r.planVersionsPruned.reduce((n, p) => n + p.versions.length, 0);
      log.info(
        {
          planVersionsPruned: pruned,
          casesErased: r.casesErased.length,
          outcomeNotesErased: r.outcomeNotesErased,
          planStopsErased: r.planStopsErased,
          idempotencyKeysForgotten: r.idempotencyKeysForgotten,
        },
        'retention run',
      );
    } catch (err) {
      log.error({ err: { message: (err as Error).message } }, 'retention run failed');
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), first: tick() };
}
