/**
 * What a planning job reads from the store: the caseload, the team and what recorded outcomes
 * teach the forecast. Read by the API for its own threads and by a queue worker for its jobs.
 */
import { countOutcomes, recordedVisits, type OutcomeCounts, type RecordedVisit } from '../../solver/rules/learning.js';
import { otherTeamsAreas, planTeam, type Team } from '../../solver/rules/patches.js';
import { careReach } from '../../solver/rules/person.js';
import type { RulesSettings } from '../../solver/rules/settings.js';
import type { Officer } from '../../solver/rules/types.js';
import type { Store } from '../store/store.js';
import type { PlanningData, PlanningOrder } from './protocol.js';

/**
 * Everything the rules need, read once per request: cases that are open or suspended (for the
 * reasons list), closed ones with a warning marker (the caution is the premises', whatever became
 * of the case: the rules never plan a closed case), the holds on debtors, and what the recorded
 * outcomes teach the forecast (solver/rules/learning.ts). A queue worker reads it itself when it
 * takes the job (the caseload never travels through Redis); the API threads when the job starts.
 *
 * Given the job's order, a plan of one team's officers (solver/rules/patches.ts planTeam) reads
 * only what that plan can need (planningScope): in an agency, one team's job does not hold every
 * team's debtors. Without an order, or for a plan of no one team, the whole caseload.
 */
export async function loadPlanningData(store: Store, order?: PlanningOrder): Promise<PlanningData> {
  const [officers, crews, settings] = await Promise.all([store.listOfficers(), store.listCrews(), store.getSettings()]);
  const scope = order && planningScope(order, settings.teams, officers);
  const [{ cases, holds }, outcomeCounts] = await Promise.all([
    scope ? scopedCaseload(store, scope) : wholeCaseload(store),
    loadOutcomeCounts(store, settings),
  ]);
  return { cases, officers, crews, settings, holds, outcomeCounts };
}

/** What a team's plan reads: the team's patch (and what lies in no patch), and the cases the user placed by hand. */
export interface PlanningScope {
  team: string;
  /** Areas wholly other teams' (otherTeamsAreas). */
  outsideAreas: string[];
  /** Cases the plan is made to take whatever their patch (a re-plan's locked stops). */
  forced: string[];
}

/** The scope of a job's order: a plan of one team's officers, else undefined (the whole caseload). */
export function planningScope(order: PlanningOrder, teams: readonly Team[], officers: readonly Officer[]): PlanningScope | undefined {
  const team = planTeam(teams, officers, order.input.officerIds);
  if (team === undefined) return undefined;
  const forced = order.kind === 'replan' ? (order.input.locked ?? []).flat() : [];
  return { team, outsideAreas: otherTeamsAreas(teams, team), forced };
}

async function wholeCaseload(store: Store): Promise<Pick<PlanningData, 'cases' | 'holds'>> {
  const [open, suspended, warned, holds] = await Promise.all([
    store.listCases({ status: 'open' }),
    store.listCases({ status: 'suspended' }),
    store.listCases({ status: 'closed', warning: true }),
    store.holds.forPlanning(),
  ]);
  return { cases: [...open, ...suspended, ...warned], holds };
}

/**
 * The team's part: the cases of its patch and of no patch, read by area (the rules judge each case
 * again; a postcode not in the import's form is read whatever its area), the forced ones, and what
 * care connects to them (careReach: the debtors' other cases, others at their premises, and those
 * others' cases), with the holds of every debtor read. In the order the whole caseload's read gives
 * them, so that the plan is the same.
 */
async function scopedCaseload(store: Store, scope: PlanningScope): Promise<Pick<PlanningData, 'cases' | 'holds'>> {
  const [patch, forced] = await Promise.all([store.planningCaseKeys({ outsideAreas: scope.outsideAreas }), store.planningCaseKeys({ refs: scope.forced })]);
  // Every case of the planning caseload at one of these postcodes was read with the patch.
  const complete = new Set(patch.map((c) => c.postcode));
  const reach = await careReach(
    [...patch, ...forced],
    {
      ofDebtors: (debtorRefs) => store.planningCaseKeys({ debtorRefs }),
      atPostcodes: (postcodes) => store.planningCaseKeys({ postcodes }),
    },
    (postcode) => complete.has(postcode),
  );
  const cases = await store.planningCases(reach.map((c) => c.ref));
  const holds = await store.holds.forPlanning([...new Set(cases.map((c) => c.debtorRef))]);
  return { cases, holds };
}

/** Every recorded outcome as a visit, with its case's facts (closed cases too: a payment closes one). */
export async function loadRecordedVisits(store: Store, settings: RulesSettings): Promise<RecordedVisit[]> {
  const outcomes = await store.listOutcomes();
  // Only the cases visited: in an agency most of the caseload has no outcome yet.
  const cases = await store.getCases([...new Set(outcomes.map((o) => o.caseRef))]);
  return recordedVisits(outcomes, new Map(cases.map((c) => [c.ref, c])), settings);
}

/**
 * The counts the forecast learns from (GET /api/model shows them with the rates they give). Kept
 * until outcomes or cases change: every change writes an audit row in its own transaction, and
 * those that touch cases or outcomes are about a case (an import, an outcome), a debtor (a hold,
 * an erasure) or retention, so the newest such row's id says whether the counts may have changed.
 * A saved plan does not: in an agency every team's job would otherwise count every outcome again.
 * Evaluating a reorder needs the counts too, and reading them for each drag would eat its budget.
 */
export async function loadOutcomeCounts(store: Store, settings: RulesSettings): Promise<OutcomeCounts> {
  const heads = await Promise.all(COUNTS_CHANGE_WITH.map((entity) => store.listAudit({ entity, limit: 1 })));
  const key = JSON.stringify([heads.map(([head]) => head?.id ?? 0), settings.timeZone, settings.bands, settings.attemptDecay, settings.bandMemory]);
  const kept = countsKept.get(store);
  if (kept?.key === key) return kept.counts;
  const counts = countOutcomes(await loadRecordedVisits(store, settings), settings);
  countsKept.set(store, { key, counts });
  return counts;
}
/** The audit entities of every change to cases or outcomes (server/store/sql-store.ts, sql-retention.ts). */
const COUNTS_CHANGE_WITH = ['case', 'debtor', 'retention'] as const;
const countsKept = new WeakMap<Store, { key: string; counts: OutcomeCounts }>();
