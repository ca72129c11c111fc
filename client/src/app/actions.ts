/**
 * What the user can do, as functions over the store and the API. Views call these; these call the
 * server and put its answers in the store. The server alone computes arrivals and violations.
 */
import { api, type Outcome, type PlanRequest } from '../api/rounds';
import type { SavedDay } from '../offline/device';
import { signOutWarning } from '../state/waiting';
import { clearSignOutPending, markSignOutPending, signOutPending } from '../offline/sign-out-pending';
import { watchJob } from '../api/jobs';
import { createAdminActions } from './adminActions';
import { createDoorstep } from './doorstep';
import { ApiError, errorMessage, sessionOver } from '../api/problem';
import { abandoned, endSessionRequests } from '../api/http';
import { planSavedSchema, sweepResultSchema, weekResultSchema, type LonLat, type Plan } from '../api/schemas';
import * as draftOps from '../state/draft';
import { cheapestPosition } from '../state/insertion';
import { replanRequest } from '../state/replan';
import { officerToShow } from '../state/permissions';
import { allowedView, initialState, pathKey, routeIndexFor, type AppState, type Store } from '../state/store';
import { summariseWeek } from '../state/summaries';
import { mergeEvaluated, partialBody } from '../state/merge';
import { afterSignIn, changedMeanwhile, rebased, resendBody, unsavedEdit, type UnsavedEdit } from '../state/unsaved';

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

/**
 * Planning over a day's current plan replaces it, so the user is asked first, told whose plan it
 * is. The client asks when it shows that plan; the server refuses to replace one unasked (409
 * 'Plan exists', naming it), which covers a plan made meanwhile or a day not on screen.
 */
function askToReplace(shown: Plan): boolean {
  const who = shown.createdBy ? ` made by ${shown.createdBy}` : '';
  return window.confirm(`${shown.date} already has a plan${who} (version ${shown.version ?? 1}).\n\nReplace it with a new plan?`);
}

function confirmReplace(err: unknown): boolean {
  if (!(err instanceof ApiError && err.status === 409 && err.problem.title === 'Plan exists')) throw err;
  return window.confirm(`${err.message}.\n\nReplace it with a new plan?`);
}

/** Every action shows its own failure as a notice and never rejects, so the views start them with `void`. */
/**
 * Tells the server of a sign-out (ending the browser's session there); true once it has heard, or
 * the session was over already (401). False with no connection: the sign-out stays pending.
 */
async function tellServerOfSignOut(): Promise<boolean> {
  try {
    await api.signOut();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) return false;
  }
  clearSignOutPending();
  return true;
}

export function createActions(store: Store<AppState>) {
  let evaluation: AbortController | null = null;
  let activeJob: { id: string; close: () => void } | null = null;
  let saving: Promise<void> = Promise.resolve();
  /** Set while a sign-out is being told to the server: a sign-in waits for it (its answer clears the cookie). */
  let signingOut: Promise<unknown> | null = null;
  /** Set from the Sign out button until signed out (or the user chose to stay). */
  let leaving = false;
  /** Set while a sign-in is on its way: a pending sign-out is not sent meanwhile (the sign-in ends that session itself). */
  let signingIn = false;
  const whileSigningOut = <T>(work: () => Promise<T>): Promise<T> => {
    const done = work();
    const mine = done.catch(() => {});
    signingOut = mine;
    // Cleared only by the sign-out that set it: one that started later is still on its way.
    return done.finally(() => {
      if (signingOut === mine) signingOut = null;
    });
  };
  /** A pending sign-out told to the server (or the one under way awaited): true once the server has heard. */
  const finishSignOut = async (): Promise<boolean> => {
    if (!signingOut) return whileSigningOut(tellServerOfSignOut);
    await signingOut;
    return !signOutPending();
  };
  /** Set while the Print button's own print runs (its names and addresses are already fetched). */
  let sheetFetchedForPrint = false;
  /**
   * Prints ended so far: a run sheet whose answer comes after a print ended is not shown (the
   * browser may fire beforeprint and afterprint before the names arrive; they must not stay).
   */
  let printsEnded = 0;
  /**
   * Routes edited since the plan on screen was saved. Each evaluation sends them all, not only the
   * last edit's: the server judges an edit against the saved version, and a save may still be on
   * its way, so this way its answer (the day's unplanned list with it) covers every edit on screen.
   */
  let edited = new Set<number>();

  const fail = (err: unknown) => {
    // A cancelled run already said so (cancel()); it is not an error. An ended session: the sign-in form says so.
    if (abandoned(err) || sessionOver(err)) return store.set({ busy: null });
    store.set({ notice: { kind: 'error', text: errorMessage(err) }, busy: null });
  };
  const info = (text: string) => store.set({ notice: { kind: 'info', text } });

  /** A plan as the server saved it: show it and fetch its road paths (it replaces any draft, saved or kept). */
  const showSaved = (plan: Plan) => {
    edited = new Set();
    store.set({ plan, draft: draftOps.draftFromPlan(plan), unsaved: null });
    void loadPaths(plan);
  };

  async function loadPaths(plan: Plan): Promise<void> {
    if (!plan.id) return;
    await Promise.all(
      plan.routes.map(async (route, index) => {
        const key = pathKey(route);
        if (route.stops.length === 0 || store.get().paths.has(key)) return;
        try {
          const answer = await api.routeGeometry(plan.id, index, plan.version);
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

  /** The officers of the team chosen in the day form (undefined: the whole area's, or a team leader of one team, whom the server keeps to theirs). */
  function chosenTeamOfficers(): string[] | undefined {
    const { team, officers } = store.get();
    return team === null ? undefined : officers.filter((o) => o.team === team).map((o) => o.id);
  }

  /** Plans a day; when the day has a plan, asks before replacing it (null when the user keeps it). */
  async function planDay(req: PlanRequest, label: string): Promise<Plan | null> {
    const shown = store.get().plan;
    if (shown?.id && shown.date === req.date) {
      if (!askToReplace(shown)) return null;
      req = { ...req, replace: true };
    }
    let start;
    try {
      start = await api.startPlanJob(req);
    } catch (err) {
      if (!confirmReplace(err)) return null;
      start = await api.startPlanJob({ ...req, replace: true });
    }
    const started = start;
    return planFromJobResult(await runJob(async () => started, label));
  }

  /** The session ended before the server took `draft`: keep it on screen, to re-send after signing in again. */
  const keepUnsaved = (draft: draftOps.Draft) => store.set((s) => ({ unsaved: unsavedEdit(s.plan, draft, s.draft) ?? s.unsaved, busy: null }));

  /** Saves edits one at a time, each on the version the previous one produced. */
  function queueSave(draft: draftOps.Draft): void {
    saving = saving.then(async () => {
      const plan = store.get().plan;
      if (!plan?.id || plan.version === undefined || store.get().draft !== draft) return;
      try {
        const saved = await api.save(plan.id, draftOps.evaluateBody(draft), plan.version);
        if (store.get().draft === draft) showSaved(saved);
        else store.set((s) => ({ ...(s.plan ? { plan: { ...s.plan, version: saved.version } } : {}), unsaved: rebased(s.unsaved, plan.id, saved.version) }));
      } catch (err) {
        if (sessionOver(err)) return keepUnsaved(draft);
        fail(err);
      }
    });
  }

  /** After signing in again: the kept edit, on the version it was made on; a 409 means someone else changed the plan. */
  async function resend(edit: UnsavedEdit): Promise<void> {
    const label = 'Saving your change';
    store.set({ busy: { label } });
    const attempt = saving.then(async () => {
      try {
        const { baseVersion, ...body } = resendBody(edit);
        showSaved(await api.save(edit.planId, body, baseVersion));
        store.set({ busy: null, notice: { kind: 'info', text: 'Signed in again: your change was saved.' } });
      } catch (err) {
        if (sessionOver(err)) return keepUnsaved(edit.draft);
        if (!(err instanceof ApiError && err.status === 409)) {
          store.set((s) => ({ unsaved: null, draft: s.plan ? draftOps.draftFromPlan(s.plan) : s.draft }));
          return fail(err);
        }
        await actions.openPlan(edit.planId);
        store.set({ unsaved: null, busy: null, notice: { kind: 'error', text: changedMeanwhile(err.message) } });
      }
    });
    saving = attempt;
    await attempt;
  }

  const doorstep = createDoorstep(store);

  /** The officer's day as kept on the phone, on screen when there is no connection. */
  const showKeptDay = (day: SavedDay) => {
    const plan = day.plan;
    store.set({
      user: day.user,
      signIn: null,
      view: 'officer',
      date: day.date,
      officers: day.officers,
      officerNames: day.officerNames,
      cases: new Map(day.cases.map((c) => [c.ref, c])),
      officerId: day.user.officerId ?? null,
      plan,
      draft: draftOps.draftFromPlan(plan),
      paths: day.paths,
      outcomes: day.outcomes,
      lastCheckIn: day.lastCheckIn,
      fromDevice: day.savedAt,
      // The browser may still believe it is online (a captive portal, a dead signal): the failed request says otherwise.
      online: false,
    });
  };

  const actions = {
    /** Accounts and settings (the admin's view). */
    admin: createAdminActions(store),
    /** Outcomes and check-ins kept on the phone until sent (issue 13). */
    doorstep,

    /** First thing on load: who is signed in (or the sign-in form), then the day's data. */
    async start(planId: string | null): Promise<void> {
      // A sign-out made with no connection is finished first: its session is never resumed.
      if (signOutPending() && !(await finishSignOut())) {
        return store.set({ signIn: { message: 'You signed out with no connection: sign in when this device is online.' } });
      }
      try {
        const user = await api.session();
        store.set({ user, signIn: null, view: allowedView(store.get().view, user) });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return store.set({ signIn: { message: '' } });
        // No connection: the officer's day as kept on this phone, if there is one.
        const kept = err instanceof ApiError ? null : await doorstep.openKeptDay().catch(() => null);
        if (!kept) return fail(err);
        showKeptDay(kept);
        await doorstep.refresh();
        return;
      }
      await doorstep.resume();
      await doorstep.refresh();
      void doorstep.flush();
      await actions.loadDay(planId);
    },

    /** The connection is back after opening the kept day: the day from the server replaces it. */
    async reconnected(): Promise<void> {
      if (signOutPending()) {
        if (!signingIn) await finishSignOut();
        return;
      }
      if (!store.get().fromDevice) return;
      try {
        const user = await api.session();
        store.set({ user, fromDevice: null });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return store.set({ signIn: { message: 'You are back online: sign in again to carry on.' } });
        return;
      }
      await actions.loadDay();
    },

    async loadDay(planId: string | null = null): Promise<void> {
      // The admin has no day: their view is the accounts and the settings.
      if (store.get().user?.role === 'admin') return actions.admin.load();
      await Promise.all([actions.loadBasics(), planId ? actions.openPlan(planId) : actions.openLatest(), doorstep.loadCheckIns(), doorstep.loadRecorded()]);
      await Promise.all([actions.loadSaturdays(), actions.loadRoadArea()]);
    },

    /** Where the road data in use ends, drawn on the team leader's map (cases beyond it are not planned). */
    async loadRoadArea(): Promise<void> {
      if (store.get().user?.role !== 'team_leader') return;
      try {
        store.set({ roadArea: await api.roadArea() });
      } catch (err) {
        fail(err);
      }
    },

    /** The team's Saturdays in the shown date's month: worked, planned and still owed (the team view's, so the team leader's). */
    async loadSaturdays(): Promise<void> {
      const { user, date } = store.get();
      if (user?.role !== 'team_leader') return;
      const month = date.slice(0, 7);
      try {
        const rows = await api.saturdays(month);
        if (store.get().date.startsWith(month)) store.set({ saturdays: { month, rows } });
      } catch (err) {
        fail(err);
      }
    },

    async signIn(username: string, password: string): Promise<void> {
      // One at a time (a second press of Enter): the first one's session would abandon the second.
      if (signingIn) return;
      signingIn = true;
      let user;
      try {
        // A sign-out still under way would end (or clear the cookie of) the session this sign-in opens.
        while (signingOut) await signingOut;
        user = await api.signIn(username, password);
      } catch (err) {
        if (abandoned(err)) return;
        return store.set({ signIn: { message: errorMessage(err) } });
      } finally {
        signingIn = false;
      }
      // Whatever the last session still had on its way is abandoned: none of it lands on this one.
      endSessionRequests();
      // A new session: the server ended the one this browser held (and an unreachable one idles out).
      clearSignOutPending();
      const before = store.get();
      const next = afterSignIn(before.user, user, before.unsaved);
      // Someone else at this desk: nothing of the previous user's day (or unsaved edit) stays on
      // screen, nor does their planning run, still streaming, put its plan there when it ends.
      if (next.kind === 'fresh') {
        activeJob?.close();
        activeJob = null;
        evaluation = null;
        store.set({ ...initialState(before.date), view: before.view });
      }
      store.set({ user, signIn: null, notice: null, view: allowedView(store.get().view, user), fromDevice: null });
      await doorstep.resume();
      await doorstep.refresh();
      void doorstep.flush();
      // After an ended session the same user carries on: their kept edit is sent, or the day is brought up to date.
      if (next.kind === 'resend') await resend(next.edit);
      else await actions.loadDay();
    },

    async signOut(): Promise<void> {
      // A second tap while the first is still sending what waits is the same sign-out.
      if (leaving) return;
      leaving = true;
      try {
        // What waits is sent first; what cannot go is the officer's to keep or drop, knowingly.
        await doorstep.flush();
        const warning = signOutWarning(store.get().queue);
        if (warning && !window.confirm(warning)) return;
        const username = store.get().user?.username;
        // From here nothing of the day is on screen, and a save of the day under way finds no one signed in.
        store.set({ ...initialState(store.get().date), signIn: { message: 'Signing out…' } });
        // Nor does anything still on its way (an evaluation, a planning run, a page of the day) land later.
        endSessionRequests();
        activeJob?.close();
        activeJob = null;
        evaluation = null;
        // Until the server hears of it the session is open there: the next start, or the connection coming back, tells it.
        markSignOutPending();
        await whileSigningOut(async () => {
          const forgotten = await doorstep.forget(username).then(
            () => true,
            () => false,
          );
          const told = await tellServerOfSignOut();
          const left = told
            ? 'You have signed out.'
            : 'You have signed out of this device. With no connection, Rounds ends your session on the server as soon as this device is online.';
          store.set({
            signIn: {
              message: forgotten ? left : `${left} The day kept on this device could not be deleted: clear this site's data in the browser's settings.`,
            },
          });
        });
      } finally {
        leaving = false;
      }
    },

    /** The server said the session is over: ask to sign in again, keeping what is on screen (an unsaved edit included). */
    sessionEnded(message: string): void {
      const { signIn, user } = store.get();
      if (signIn) return;
      store.set({ signIn: { message: user ? 'Your session has ended. Sign in again to carry on.' : message }, busy: null });
    },

    async loadBasics(): Promise<void> {
      try {
        const user = store.get().user;
        // An officer reads the cases on their own routes; a manager reads no debtor's details.
        const canReadCases = user?.role === 'officer' || user?.role === 'team_leader';
        const [officers, names, cases, settings] = await Promise.all([
          api.officers(),
          api.officerNames(),
          canReadCases ? api.openCases() : Promise.resolve([]),
          // The configured weight, shown (and for a manager, changed) in the manager view.
          user?.role === 'officer' ? Promise.resolve(null) : api.settings(),
        ]);
        store.set({
          officers,
          defaultWeight: settings?.defaultWeight ?? null,
          teams: settings?.teams.map((t) => ({ id: t.id, name: t.name })) ?? [],
          officerNames: new Map(names.map((o) => [o.id, o.name])),
          cases: new Map(cases.map((c) => [c.ref, c])),
          officerId: officerToShow(
            user,
            store.get().officerId,
            officers.map((o) => o.id),
          ),
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
        const kept = counts.kept.length > 0 ? `, ${counts.kept.length} kept as recorded (listed under Load cases)` : '';
        const outside = counts.outsideRoadArea?.cases ? ` ${counts.outsideRoadArea.cases} lie outside the road data (listed under Load cases).` : '';
        const otherName =
          counts.otherName.length > 0 ? ` ${counts.otherName.length} joined a debtor under another name: check them (listed under Load cases).` : '';
        info(
          `${file.name}: ${counts.imported} new case${counts.imported === 1 ? '' : 's'}, ${counts.updated} updated${kept}. Plan the day to include them.${outside}${otherName}`,
        );
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
      store.set({ busy: { label: `Planning ${date}` }, notice: null });
      try {
        const officerIds = chosenTeamOfficers();
        const plan = await planDay({ date, ...(weight === null ? {} : { weight }), ...(officerIds ? { officerIds } : {}) }, `Planning ${date}`);
        if (plan) {
          store.set({ locked: new Set(), outcomes: new Map() });
          showSaved(plan);
          void actions.loadSaturdays();
        }
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

    /** Opens the day's current plan, whoever made it (for an officer, their own route in it). */
    async openLatest(): Promise<void> {
      const { date, team } = store.get();
      try {
        const plan = await api.currentPlan(date, team ?? undefined);
        if (plan && store.get().date === date && store.get().team === team) showSaved(plan);
      } catch (err) {
        fail(err);
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
      for (const i of changed) edited.add(i);
      const routes = [...edited].sort((a, b) => a - b);
      try {
        const evaluated = await api.evaluate(plan.id, partialBody(next, routes), controller.signal);
        if (evaluation !== controller) return;
        // Keep the version we are editing: the evaluation is not saved yet.
        store.set((s) => ({ plan: mergeEvaluated(s.plan ?? plan, routes, evaluated) }));
        // From the drop to the server's arrivals on screen (the store redraws synchronously).
        performance.measure('rounds:reorder-round-trip', 'rounds:edit');
        queueSave(next);
      } catch (err) {
        if (controller.signal.aborted || abandoned(err)) return;
        // Signed out meanwhile: the order stays as the user made it, and is sent once they sign in again.
        if (sessionOver(err)) return keepUnsaved(next);
        // The server refused the order: show why and put the list back as the server last judged it.
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

    async replanRest(now = new Date(), here?: { lat: number; lon: number }): Promise<void> {
      await saving;
      const { plan, officerId, outcomes, locked } = store.get();
      const ri = routeIndexFor(plan, officerId);
      if (!plan?.id || ri < 0) return fail(new Error('Choose an officer with a planned route first.'));
      const label = 'Re-optimising the rest of the day';
      store.set({ busy: { label }, notice: null });
      try {
        const body = { ...replanRequest(plan.routes[ri], now, outcomes, locked, here), baseVersion: plan.version };
        showSaved(await planFromJobResult(await runJob(() => api.startReplanJob(plan.id, body), label)));
        store.set({ busy: null });
      } catch (err) {
        fail(err);
      }
    },

    /** Kept on this device and confirmed at once, then sent (again until the server has it: doorstep.ts). */
    async recordOutcome(caseRefs: string[], outcome: Outcome, extra: { amount?: number; note?: string } = {}): Promise<void> {
      try {
        await doorstep.recordOutcome(caseRefs, outcome, extra);
        // An outcome on a Saturday is a Saturday worked.
        void actions.loadSaturdays();
      } catch (err) {
        fail(err);
      }
    },

    /** "Re-plan from here": the phone's position, asked once with the officer's consent, starts the rest of the day. */
    async replanFromHere(): Promise<void> {
      if (!('geolocation' in navigator)) return fail(new Error('This device cannot tell its position: use “Re-optimise the rest of the day”.'));
      store.set({ busy: { label: 'Finding where you are' }, notice: null });
      try {
        const p = await new Promise<GeolocationPosition>((resolve, reject) =>
          navigator.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 }),
        );
        const position = { lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy };
        store.set({ position, busy: null });
        await actions.replanRest(new Date(), position);
      } catch (err) {
        const denied = typeof GeolocationPositionError !== 'undefined' && err instanceof GeolocationPositionError;
        fail(denied ? new Error(`Your position is not available (${err.message || 'not allowed'}): the day is unchanged.`) : err);
      }
    },

    async planWeek(days: number): Promise<void> {
      const { date, weight } = store.get();
      const label = `Planning ${days} days from ${date}`;
      store.set({ busy: { label }, notice: null });
      try {
        const shown = store.get().plan;
        if (shown?.id && shown.date >= date && !askToReplace(shown)) return store.set({ busy: null });
        const replace = shown?.id !== undefined && shown.date >= date;
        const start = async () => {
          try {
            return await api.startWeekJob(date, days, weight ?? undefined, replace, chosenTeamOfficers());
          } catch (err) {
            if (!confirmReplace(err)) throw new DOMException('Kept the plans already made', 'AbortError');
            return api.startWeekJob(date, days, weight ?? undefined, true, chosenTeamOfficers());
          }
        };
        const result = await runJob(start, label);
        // The job's answer names the saved day plans; each is fetched (they are small).
        const named = weekResultSchema.safeParse(result);
        if (!named.success) throw new Error('The week plan finished without naming its day plans');
        const plans = await Promise.all(named.data.planIds.map((id) => api.plan(id)));
        store.set({ week: summariseWeek(date, plans), busy: null });
        await actions.loadSaturdays();
      } catch (err) {
        fail(err);
      }
    },

    /** Expected recovery against miles for a range of weights: one server job, one plan per weight, none saved, cancellable. */
    async sweep(weights: number[]): Promise<void> {
      const { date } = store.get();
      store.set({ sweep: [], notice: null });
      try {
        const result = sweepResultSchema.safeParse(await runJob(() => api.startSweepJob(date, weights), `Comparing ${weights.length} weights`));
        if (!result.success) throw new Error('The weight comparison finished without its figures');
        store.set({ sweep: result.data.points.map((p) => ({ weight: p.weight, miles: p.miles, value: p.value })), busy: null });
      } catch (err) {
        fail(err);
      }
    },

    /**
     * The run sheet's names and addresses, from the server when the user prints (it records who
     * printed whose), never from the case list on screen. False when there is nothing to print.
     */
    async loadRunSheet(): Promise<boolean> {
      const plan = store.get().plan;
      if (!plan?.id) return false;
      const ended = printsEnded;
      try {
        const runSheet = await api.runSheet(plan.id, plan.version);
        if (printsEnded !== ended) return false;
        store.set({ runSheet });
        return true;
      } catch (err) {
        fail(err);
        return false;
      }
    },

    /** The Print button (and Ctrl+P): the names and addresses first, then the browser's print dialog. */
    async printRunSheet(): Promise<void> {
      if (!(await actions.loadRunSheet())) return;
      sheetFetchedForPrint = true;
      try {
        window.print();
      } finally {
        sheetFetchedForPrint = false;
      }
    },

    /**
     * A print the page did not start (the browser's menu): fetch, so that it is recorded; the
     * browser may lay the page out before the answer (then the sheet has the refs only).
     */
    beforePrint() {
      if (!sheetFetchedForPrint) void actions.loadRunSheet();
    },

    /** Printed: the names and addresses leave the page. */
    afterPrint() {
      printsEnded++;
      store.set({ runSheet: null });
    },

    setDate(date: string) {
      const monthChanged = !date.startsWith(store.get().date.slice(0, 7));
      store.set({
        date,
        plan: null,
        draft: null,
        unsaved: null,
        selected: null,
        week: null,
        sweep: [],
        checkIns: new Map(),
        lastCheckIn: null,
        ...(monthChanged ? { saturdays: null } : {}),
      });
      void actions.openLatest();
      void doorstep.loadCheckIns();
      if (monthChanged) void actions.loadSaturdays();
    },
    /** A team leader of every team plans one team's day (its officers, its patch), or the whole area's (null). */
    setTeam(team: string | null) {
      if (store.get().team === team) return;
      store.set({ team, plan: null, draft: null, unsaved: null, selected: null, week: null });
      void actions.openLatest();
    },

    setOfficer(officerId: string) {
      const { user, officers } = store.get();
      store.set({
        officerId: officerToShow(
          user,
          officerId,
          officers.map((o) => o.id),
        ),
        selected: null,
      });
    },
    setWeight(weight: number) {
      store.set({ weight });
    },
    /** The manager's weight becomes the one every plan made without a weight uses. */
    async saveDefaultWeight(weight: number): Promise<void> {
      try {
        const saved = await api.saveDefaultWeight(weight);
        store.set({ defaultWeight: saved.defaultWeight, weight: null });
        info(`The default weight is now £${saved.defaultWeight.toFixed(2)} a mile: plans made without a weight of their own use it.`);
      } catch (err) {
        fail(err);
      }
    },
    dismissNotice() {
      store.set({ notice: null });
    },
  };
  return actions;
}
