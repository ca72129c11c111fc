/**
 * The officer's doings on the doorstep, made to work with no signal: an outcome or a check-in is
 * kept on the phone first (IndexedDB) and confirmed on screen at once, then sent with its own
 * Idempotency-Key, again and again until the server has it; the server records it once. A refusal
 * (the case closed or moved meanwhile) stays on the phone, shown, until the officer dismisses it.
 */
import { api, OUTCOMES, type Outcome, type OutcomeBody } from '../api/rounds';
import { ApiError, errorMessage } from '../api/problem';
import { abandoned } from '../api/http';
import type { RoadMap } from '../api/schemas';
import { londonDate, londonIso } from '../format/format';
import { dropQueued, forgetDay, keepDoings, putQueued, queued, saveDay, savedDay, type Queued, type SavedDay } from '../offline/device';
import { queueFor } from '../state/waiting';
import { routeIndexFor, type AppState, type Store } from '../state/store';

/** A refusal worth retrying later (no connection, the session over, the server busy or down). */
function retryLater(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true;
  return err.status === 401 || err.status === 408 || err.status === 429 || err.status >= 500;
}

export type Doorstep = ReturnType<typeof createDoorstep>;

export function createDoorstep(store: Store<AppState>) {
  let flushing: Promise<void> | null = null;
  let again = false;

  const refresh = async () => {
    const username = store.get().user?.username;
    store.set({ queue: queueFor(await queued(), username) });
  };

  async function sendOne(item: Queued): Promise<void> {
    if (item.kind === 'outcome') await api.recordOutcome(item.body as unknown as OutcomeBody, item.key);
    else await api.checkIn(item.body.at as string, item.key);
  }

  /** Sends what waits, oldest first, one at a time; stops at the first that cannot go yet. */
  async function flushOnce(): Promise<void> {
    const username = store.get().user?.username;
    if (!username) return;
    for (const item of await queued()) {
      if (item.username !== username || item.state !== 'queued') continue;
      try {
        await sendOne(item);
        await dropQueued(item.key);
        store.set({ online: true });
      } catch (err) {
        // Abandoned by a sign-out or sign-in: it waits, and says nothing of the connection.
        if (abandoned(err)) break;
        // No answer at all (or none in time): the phone is offline, whatever the browser believes.
        if (!(err instanceof ApiError)) store.set({ online: false });
        if (retryLater(err)) break;
        await putQueued({ ...item, state: 'conflict', problem: errorMessage(err) });
      }
      await refresh();
    }
    await refresh();
  }

  const doorstep = {
    /** Sends what waits (after a change, when the connection returns, and every little while). */
    flush(): Promise<void> {
      if (flushing) {
        again = true;
        return flushing;
      }
      flushing = (async () => {
        do {
          again = false;
          await flushOnce();
        } while (again);
      })().finally(() => (flushing = null));
      return flushing;
    },

    /** One tap: kept on the phone and on screen at once, then sent. */
    async recordOutcome(caseRefs: string[], kind: Outcome, extra: { amount?: number; note?: string } = {}): Promise<void> {
      const { user, officerId, date } = store.get();
      if (!user) return;
      const label = OUTCOMES.find((o) => o.value === kind)?.label ?? kind;
      const at = londonIso(new Date());
      // On screen first: the confirmation waits for nothing (storage, network, the list and map
      // redrawing); the card moves to the next stop once that has been painted.
      store.set({ recorded: { caseRefs, label } });
      requestAnimationFrame(() =>
        setTimeout(() =>
          store.set((s) => {
            const outcomes = new Map(s.outcomes);
            for (const ref of caseRefs) outcomes.set(ref, kind);
            return { outcomes };
          }),
        ),
      );
      const items: Queued[] = caseRefs.map((caseRef, i) => ({
        key: crypto.randomUUID(),
        username: user.username,
        kind: 'outcome',
        // A payment is one sum (on the stop's first case); a note (a vulnerability) is about the person, so on each.
        body: {
          caseRef,
          kind,
          at,
          ...(officerId ? { officerId } : {}),
          ...(i === 0 && extra.amount !== undefined ? { amount: extra.amount } : {}),
          ...(extra.note ? { note: extra.note } : {}),
        },
        label: `${label}: ${caseRef}`,
        queuedAt: new Date().toISOString(),
        state: 'queued',
      }));
      await keepDoings(user.username, items, { date, outcomes: new Map(caseRefs.map((ref) => [ref, kind])) });
      await refresh();
      await doorstep.flush();
    },

    /** "Checked in": recorded like an outcome (kept, then sent once). */
    async checkIn(): Promise<void> {
      const user = store.get().user;
      if (!user) return;
      const at = new Date().toISOString();
      store.set({ lastCheckIn: at });
      const item: Queued = {
        key: crypto.randomUUID(),
        username: user.username,
        kind: 'check-in',
        body: { at },
        label: 'Check-in',
        queuedAt: at,
        state: 'queued',
      };
      await keepDoings(user.username, [item], { date: store.get().date, checkInAt: at });
      await refresh();
      await doorstep.flush();
    },

    async dismiss(key: string): Promise<void> {
      await dropQueued(key);
      await refresh();
    },

    /** The team leader's lone-working table: each officer's last check-in of the shown day. */
    async loadCheckIns(): Promise<void> {
      const { user, date } = store.get();
      if (user?.role !== 'team_leader' && user?.role !== 'officer') return;
      try {
        const rows = await api.checkIns(date);
        if (store.get().date !== date) return;
        const checkIns = new Map(rows.map((r) => [r.officerId, r.at]));
        const own = user.officerId ? checkIns.get(user.officerId) : undefined;
        store.set((s) => ({ checkIns, ...(own && (!s.lastCheckIn || own > s.lastCheckIn) ? { lastCheckIn: own } : {}) }));
      } catch {
        // No connection: the table keeps what it showed.
      }
    },

    /** Keeps the officer's day on the phone, to open with no signal (only an officer's own day, only today's or later). */
    async keepDay(roads: RoadMap | undefined): Promise<void> {
      const s = store.get();
      if (s.user?.role !== 'officer' || !s.plan || s.fromDevice || s.date < londonDate(new Date())) return;
      const ri = routeIndexFor(s.plan, s.officerId);
      if (ri < 0) return;
      const refs = new Set(s.plan.routes[ri].stops.flatMap((stop) => stop.caseRefs));
      await saveDay({
        username: s.user.username,
        user: s.user,
        date: s.date,
        savedAt: new Date().toISOString(),
        plan: s.plan,
        officers: s.officers,
        officerNames: s.officerNames,
        cases: [...s.cases.values()].filter((c) => refs.has(c.ref)),
        paths: s.paths,
        outcomes: s.outcomes,
        lastCheckIn: s.lastCheckIn,
        roads,
      });
    },

    /** With no connection at start: the day kept on the phone, if it is still today's (or later). */
    async openKeptDay(): Promise<SavedDay | null> {
      const day = await savedDay();
      if (!day) return null;
      if (day.date < londonDate(new Date())) {
        await forgetDay();
        return null;
      }
      return day;
    },

    /**
     * Signed in, online: the outcomes and check-in this phone recorded on the day carry on (the
     * server does not send them back); another user's day kept here is dropped.
     */
    async resume(): Promise<void> {
      const { user, date } = store.get();
      const day = await savedDay().catch(() => undefined);
      if (!day || !user) return;
      // Another user's day, or a day that is over: nothing of it stays on the phone.
      if (day.username !== user.username || day.date < londonDate(new Date())) return forgetDay();
      if (day.date === date) store.set((s) => ({ outcomes: new Map([...day.outcomes, ...s.outcomes]), lastCheckIn: s.lastCheckIn ?? day.lastCheckIn }));
    },

    /**
     * Outcomes recorded on the officer's routes by another device (the desk, a second phone) since
     * the day began, or since the day shown if it is earlier: their stops show done here too. What
     * this phone recorded itself stays as it is; no connection leaves what the phone knows.
     */
    async loadRecorded(): Promise<void> {
      const { user, date } = store.get();
      if (user?.role !== 'officer') return;
      const today = londonDate(new Date());
      let recorded;
      try {
        recorded = await api.outcomesSince(date < today ? date : today);
      } catch {
        return;
      }
      if (store.get().date !== date || store.get().user?.username !== user.username) return;
      // Oldest first: the last outcome of a case is the one it shows.
      store.set((s) => ({ outcomes: new Map([...recorded.map((o): [string, string] => [o.caseRef, o.kind]), ...s.outcomes]) }));
    },

    /**
     * Sign-out: nothing of the officer's day stays on the phone, nor what was listed to them (offered
     * a last send, then asked about). Another officer's waiting records stay for them to send: on a
     * shared phone their session may have ended before they could.
     */
    async forget(username: string | undefined): Promise<void> {
      const listed = queueFor(await queued(), username);
      await forgetDay();
      for (const item of listed) await dropQueued(item.key);
      store.set({ queue: [] });
    },

    /** The signed-in user's waiting items, to show after start. */
    refresh,
  };
  return doorstep;
}
