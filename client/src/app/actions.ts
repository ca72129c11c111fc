/**
 * What the user can do, as functions over the store and the API. Views call these; these call the
 * server and put its answers in the store. The server alone computes arrivals and violations.
 */
import { api, type Outcome, type PlanRequest } from '../api/rounds';
import { watchJob } from '../api/jobs';
import { ApiError, errorMessage } from '../api/problem';
import { planSavedSchema, weekResultSchema, type LonLat, type Plan } from '../api/schemas';
import { londonIso } from '../format/format';
import * as draftOps from '../state/draft';
import { cheapestPosition } from '../state/insertion';
import { replanRequest } from '../state/replan';
import { pathKey, routeIndexFor, type AppState, type Store } from '../state/store';
import { summariseWeek } from '../state/summaries';
import { carryUnplanned } from '../state/unplanned';
import { mergeEvaluated, partialBody } from '../state/merge';

export type Actions = ReturnType<typeof createActions>;

/** Where an added case goes in the draft's route: least straight-line detour (the end when its place is unknown). */
function insertionIndex(plan: Plan, draft: draftOps.Draft, ri: number, added: { lat: number; lon: number } | undefined): number | undefined {
  const route = plan.routes[ri];
  if (!added || !route) return undefined;
  const where = new Map(route.stops.map((s) => [draftOps.visitKey(s), [s.lon, s.lat] as LonLat]));
  const visits = draft.routes[ri].visits.map((v) => where.get(draftOps.visitKey(v)));
  // A visit the plan has not placed yet (an edit still being judged): append rather than guess.
  if (visits.some((p) => p === undefined)) return undefined;
  const at = (p: { lat: number; lon: number } | undefined): LonLat | undefined => (p ? [p.lon, p.lat] : undefined);
  return cheapestPosition(visits as LonLat[], [added.lon, added.lat], at(route.start), at(route.end));
}

const lastPlanKey = (date: string) => `rounds.plan.${date}`;

function remember(date: string, id: string | undefined): void {
  try {
    if (id) localStorage.setItem(lastPlanKey(date), id);
    else localStorage.removeItem(lastPlanKey(date));
  } catch {
    // private mode: the plan is simply not reopened next time
  }
}

function recalled(date: string): string | null {
  try {
    return localStorage.getItem(lastPlanKey(date));
  } catch {
    return null;
  }
}

/** Every action shows its own failure as a notice and never rejects, so the views start them with `void`. */
export function createActions(store: Store<AppState>) {
  let evaluation: AbortController | null = null;
  let activeJob: { id: string; close: () => void } | null = null;
  let saving: Promise<void> = Promise.resolve();
  /** Routes edited since the server last answered (an aborted evaluation leaves its routes here). */
  let unjudged = new Set<number>();

  const fail = (err: unknown) => {
    // A cancelled run already said so (cancel()); it is not an error.
    if (err instanceof DOMException && err.name === 'AbortError') return store.set({ busy: null });
    store.set({ notice: { kind: 'error', text: errorMessage(err) }, busy: null });
  };
  const info = (text: string) => store.set({ notice: { kind: 'info', text } });

  /** A plan as the server saved it: show it, remember it for this date, fetch its road paths. */
  const showSaved = (answer: Plan) => {
    const plan = carryUnplanned(answer, store.get().plan);
    store.set({ plan, draft: draftOps.draftFromPlan(plan) });
    remember(plan.date, plan.id);
    void loadPaths(plan);
  };

  async function loadPaths(plan: Plan): Promise<void> {
    if (!plan.id) return;
    await Promise.all(
      plan.routes.map(async (route, index) => {
        const key = pathKey(route);
        if (route.stops.length === 0 || store.get().paths.has(key)) return;
        try {
          const answer = await api.routeGeometry(plan.id!, index, plan.version);
          const best = answer.routes[0];
          const roadPoints = answer.waypoints?.map((w) => w.location);
          store.set((s) => ({
            paths: new Map(s.paths).set(key, { coordinates: best.geometry.coordinates, legs: best.legs, estimate: answer.estimate ?? false, roadPoints }),
          }));
        } catch {
          // The map keeps straight dashed lines for this route; the plan itself is unaffected.
        }
      }),
    );
  }

  /** Runs a long server job (202 {jobId}) with its SSE progress in the status bar and a Cancel button. */
  async function runJob(start: () => Promise<{ jobId: string }>, label: string): Promise<unknown> {
    const { jobId } = await start();
    store.set({ busy: { label, jobId, progress: 0 } });
    const watch = watchJob(jobId, (fraction, message) =>
      store.set((s) =>
        s.busy?.jobId === jobId ? { busy: { label: message ? `${label}: ${message}` : label, jobId, progress: fraction ?? s.busy?.progress } } : {},
      ),
    );
    activeJob = { id: jobId, close: watch.close };
    try {
      return await watch.result;
    } finally {
      if (activeJob?.id === jobId) activeJob = null;
    }
  }

  /** A finished day or re-plan job names the plan it saved ({planId, version}), as the server sends it. */
  async function planFromJobResult(result: unknown): Promise<Plan> {
    const saved = planSavedSchema.safeParse(result);
    if (!saved.success) throw new Error('The planning run finished without naming the plan it saved');
    return api.plan(saved.data.planId);
  }

  async function planDay(req: PlanRequest, label: string): Promise<Plan> {
    return planFromJobResult(await runJob(() => api.startPlanJob(req), label));
  }

  /** Saves edits one at a time, each on the version the previous one produced. */
  function queueSave(draft: draftOps.Draft): void {
    saving = saving.then(async () => {
      const plan = store.get().plan;
      if (!plan?.id || plan.version === undefined || store.get().draft !== draft) return;
      try {
        const saved = await api.save(plan.id, draftOps.evaluateBody(draft), plan.version);
        if (store.get().draft === draft) showSaved(saved);
        else store.set((s) => (s.plan ? { plan: { ...s.plan, version: saved.version } } : {}));
      } catch (err) {
        fail(err);
      }
    });
  }

  const actions = {
    async loadBasics(): Promise<void> {
      try {
        const [officers, cases] = await Promise.all([api.officers(), api.openCases()]);
        store.set({
          officers,
          cases: new Map(cases.map((c) => [c.ref, c])),
          officerId: store.get().officerId ?? officers[0]?.id ?? null,
        });
      } catch (err) {
        fail(err);
      }
    },

    /** The team leader loads the allocated cases: all rows or none, each bad row listed by the server. */
    async importCases(file: File): Promise<void> {
      const label = `Importing ${file.name}`;
      store.set({ busy: { label }, notice: null, importReport: null });
      try {
        const counts = await api.importCases(await file.text());
        const cases = await api.openCases();
        store.set({ cases: new Map(cases.map((c) => [c.ref, c])), importReport: { file: file.name, ...counts, problems: [] }, busy: null });
        info(`${file.name}: ${counts.imported} new case${counts.imported === 1 ? '' : 's'}, ${counts.updated} updated. Plan the day to include them.`);
      } catch (err) {
        if (!(err instanceof ApiError && err.problems.length > 0)) return fail(err);
        // The list is long: the panel shows every problem, the notice only says where to look.
        const n = err.problems.length;
        store.set({
          importReport: { file: file.name, problems: err.problems },
          busy: null,
          notice: { kind: 'error', text: `${file.name}: nothing imported, ${n} problem${n === 1 ? '' : 's'} to fix (listed under Load cases).` },
        });
      }
    },

    async planDay(): Promise<void> {
      const { date, weight } = store.get();
      store.set({ busy: { label: `Planning ${date}` }, notice: null, locked: new Set(), outcomes: new Map() });
      try {
        showSaved(await planDay(weight === null ? { date } : { date, weight }, `Planning ${date}`));
        store.set({ busy: null });
      } catch (err) {
        fail(err);
      }
    },

    async openPlan(id: string): Promise<void> {
      try {
        const plan = await api.plan(id);
        store.set({ date: plan.date });
        showSaved(plan);
      } catch (err) {
        fail(err);
      }
    },

    /** Reopens the plan last made on this browser for the chosen date, if the server still has it. */
    async openLatest(): Promise<void> {
      const { date } = store.get();
      const id = recalled(date);
      if (!id) return;
      try {
        showSaved(await api.plan(id));
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) remember(date, undefined);
        else fail(err);
      }
    },

    async cancel(): Promise<void> {
      const job = activeJob;
      store.set({ busy: null });
      if (!job) return; // a sweep between runs: stopping its loop is enough
      job.close();
      activeJob = null;
      info('Planning cancelled.');
      await api.cancelJob(job.id).catch((err: unknown) => {
        // 409: it had already finished; nothing to cancel.
        if (!(err instanceof ApiError && err.status === 409)) fail(err);
      });
    },

    /** Any edit of the order: the draft changes now, the server's evaluation replaces the plan when it answers, then it is saved. */
    async applyDraft(next: draftOps.Draft, changed: number[]): Promise<void> {
      const { plan } = store.get();
      if (!plan?.id) return fail(new Error('Plan the day first: there is no saved plan to edit.'));
      performance.mark('rounds:edit');
      store.set({ draft: next, notice: null });
      evaluation?.abort();
      const controller = new AbortController();
      evaluation = controller;
      for (const i of changed) unjudged.add(i);
      const routes = [...unjudged].sort((a, b) => a - b);
      try {
        const evaluated = await api.evaluate(plan.id, partialBody(next, routes), controller.signal);
        if (evaluation !== controller) return;
        unjudged = new Set();
        // Keep the version we are editing: the evaluation is not saved yet.
        store.set((s) => {
          const current = s.plan ?? plan;
          return { plan: carryUnplanned({ ...mergeEvaluated(current, routes, evaluated), unplanned: [] }, current) };
        });
        // From the drop to the server's arrivals on screen (the store redraws synchronously).
        performance.measure('rounds:reorder-round-trip', 'rounds:edit');
        queueSave(next);
      } catch (err) {
        if (controller.signal.aborted) return;
        // The server refused the order: show why and put the list back as the server last judged it.
        unjudged = new Set();
        store.set({ draft: draftOps.draftFromPlan(store.get().plan ?? plan) });
        fail(err);
      }
    },

    reorder(routeIndex: number, from: number, to: number) {
      const d = store.get().draft;
      if (d) return actions.applyDraft(draftOps.moveWithin(d, routeIndex, from, to), [routeIndex]);
    },
    moveBetween(fromRoute: number, fromIndex: number, toRoute: number, toIndex: number) {
      const d = store.get().draft;
      if (d)
        return actions.applyDraft(draftOps.moveBetween(d, fromRoute, fromIndex, toRoute, toIndex), fromRoute === toRoute ? [fromRoute] : [fromRoute, toRoute]);
    },
    remove(routeIndex: number, index: number) {
      const d = store.get().draft;
      if (d) return actions.applyDraft(draftOps.removeVisit(d, routeIndex, index), [routeIndex]);
    },
    /** Puts an unplanned case on a route: the officer's own, or the one the team leader chose. */
    addCase(caseRef: string, routeIndex?: number) {
      const { draft, plan, officerId, cases } = store.get();
      const ri = routeIndex ?? routeIndexFor(plan, officerId);
      if (!draft || !plan || ri < 0) return fail(new Error('Choose an officer with a route first.'));
      try {
        return actions.applyDraft(draftOps.addCase(draft, ri, caseRef, insertionIndex(plan, draft, ri, cases.get(caseRef))), [ri]);
      } catch (err) {
        fail(err);
      }
    },

    toggleLock(key: string) {
      store.set((s) => {
        const locked = new Set(s.locked);
        if (locked.has(key)) locked.delete(key);
        else locked.add(key);
        return { locked };
      });
    },

    select(key: string | null) {
      store.set({ selected: key });
    },

    async replanRest(now = new Date()): Promise<void> {
      await saving;
      const { plan, officerId, outcomes, locked } = store.get();
      const ri = routeIndexFor(plan, officerId);
      if (!plan?.id || ri < 0) return fail(new Error('Choose an officer with a planned route first.'));
      const label = 'Re-optimising the rest of the day';
      store.set({ busy: { label }, notice: null });
      try {
        const body = { ...replanRequest(plan.routes[ri], now, outcomes, locked), baseVersion: plan.version };
        showSaved(await planFromJobResult(await runJob(() => api.startReplanJob(plan.id!, body), label)));
        store.set({ busy: null });
      } catch (err) {
        fail(err);
      }
    },

    async recordOutcome(caseRefs: string[], outcome: Outcome): Promise<void> {
      try {
        const at = londonIso(new Date());
        const officerId = store.get().officerId ?? undefined;
        for (const ref of caseRefs) await api.recordOutcome(ref, outcome, at, officerId);
        store.set((s) => {
          const outcomes = new Map(s.outcomes);
          for (const ref of caseRefs) outcomes.set(ref, outcome);
          return { outcomes };
        });
        info(`Outcome recorded for ${caseRefs.join(', ')}.`);
      } catch (err) {
        fail(err);
      }
    },

    async planWeek(days: number): Promise<void> {
      const { date, weight } = store.get();
      const label = `Planning ${days} days from ${date}`;
      store.set({ busy: { label }, notice: null });
      try {
        const result = await runJob(() => api.startWeekJob(date, days, weight ?? undefined), label);
        // The job's answer names the saved day plans; each is fetched (they are small).
        const named = weekResultSchema.safeParse(result);
        if (!named.success) throw new Error('The week plan finished without naming its day plans');
        const plans = await Promise.all(named.data.planIds.map((id) => api.plan(id)));
        store.set({ week: summariseWeek(date, plans), busy: null });
      } catch (err) {
        fail(err);
      }
    },

    /** Expected recovery against miles for a range of weights: one plan per weight, cancellable. */
    async sweep(weights: number[]): Promise<void> {
      const { date } = store.get();
      store.set({ sweep: [], notice: null });
      for (const [i, weight] of weights.entries()) {
        const label = `Comparing weights: £${weight}/mile (${i + 1} of ${weights.length})`;
        store.set({ busy: { label, progress: i / weights.length } });
        try {
          const plan = await planDay({ date, weight }, label);
          store.set((s) => ({ sweep: [...s.sweep, { weight, miles: plan.totals.miles, value: plan.totals.value }] }));
        } catch (err) {
          return fail(err);
        }
        if (!store.get().busy) return;
      }
      store.set({ busy: null });
    },

    setDate(date: string) {
      store.set({ date, plan: null, draft: null, selected: null, week: null, sweep: [] });
      void actions.openLatest();
    },
    setOfficer(officerId: string) {
      store.set({ officerId, selected: null });
    },
    setWeight(weight: number) {
      store.set({ weight });
    },
    dismissNotice() {
      store.set({ notice: null });
    },
  };
  return actions;
}
