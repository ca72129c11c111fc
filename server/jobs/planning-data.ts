/**
 * What a planning job reads from the store: the caseload, the team and what recorded outcomes
 * teach the forecast. Read by the API for its own threads and by a queue worker for its jobs.
 */
import { countOutcomes, recordedVisits, type OutcomeCounts, type RecordedVisit } from '../../solver/rules/learning.js';
import type { RulesSettings } from '../../solver/rules/settings.js';
import type { Store } from '../store/store.js';
import type { PlanningData } from './protocol.js';

/**
 * Everything the rules need, read once per request: cases that are open or suspended (for the
 * reasons list), closed ones with a warning marker (the caution is the premises', whatever became
 * of the case: the rules never plan a closed case), the holds on debtors, and what the recorded
 * outcomes teach the forecast (solver/rules/learning.ts). A queue worker reads it itself when it
 * takes the job (the caseload never travels through Redis); the API threads when the job starts.
 */
export async function loadPlanningData(store: Store): Promise<PlanningData> {
  const [open, suspended, warned, officers, crews, settings, holds] = await Promise.all([
    store.listCases({ status: 'open' }),
    store.listCases({ status: 'suspended' }),
    store.listCases({ status: 'closed', warning: true }),
    store.listOfficers(),
    store.listCrews(),
    store.getSettings(),
    store.holds.forPlanning(),
  ]);
  const outcomeCounts = await loadOutcomeCounts(store, settings);
  return { cases: [...open, ...suspended, ...warned], officers, crews, settings, holds, outcomeCounts };
}

/** Every recorded outcome as a visit, with its case's facts (closed cases too: a payment closes one). */
export async function loadRecordedVisits(store: Store, settings: RulesSettings): Promise<RecordedVisit[]> {
  const [outcomes, cases] = await Promise.all([store.listOutcomes(), store.listCases()]);
  return recordedVisits(outcomes, new Map(cases.map((c) => [c.ref, c])), settings);
}

/**
 * The counts the forecast learns from (GET /api/model shows them with the rates they give). Kept
 * until the store changes: every change writes an audit row in its own transaction, so the newest
 * audit row's id says whether outcomes or cases may have changed. Evaluating a reorder needs the
 * counts too, and reading every outcome and case for each drag would eat its time budget.
 */
export async function loadOutcomeCounts(store: Store, settings: RulesSettings): Promise<OutcomeCounts> {
  const [head] = await store.listAudit({ limit: 1 });
  const key = JSON.stringify([head?.id ?? 0, settings.timeZone, settings.bands, settings.attemptDecay, settings.bandMemory]);
  const kept = countsKept.get(store);
  if (kept?.key === key) return kept.counts;
  const counts = countOutcomes(await loadRecordedVisits(store, settings), settings);
  countsKept.set(store, { key, counts });
  return counts;
}
const countsKept = new WeakMap<Store, { key: string; counts: OutcomeCounts }>();
