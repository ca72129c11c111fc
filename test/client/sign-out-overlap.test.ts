/**
 * A sign-in waits for every sign-out still on its way (client/src/app/actions.ts): a sign-out's
 * answer clears the session cookie, so a sign-in sent before it is answered is signed out again at
 * once. Two sign-outs can overlap: the one a reconnecting phone finishes (a sign-out made with no
 * connection) and the Sign out button's. Each sign-in here must reach the server only after both
 * sign-outs were answered.
 *
 * The real actions and http client against a small server that holds each DELETE /api/session
 * until the test answers it. Node 20 has no browser, so two stand-ins: window.localStorage (where
 * the pending sign-out is kept) as an in-memory Storage, and fetch resolving the client's relative
 * URLs ('/api/session') against the test server, as a browser resolves them against the page (the
 * real fetch sends them). The phone's IndexedDB is absent: the sign-out's deleting of the kept day
 * fails (it says so and goes on), and the sign-in is answered 401, so the test ends at the sign-in
 * form rather than reading the phone's waiting records.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActions, type Actions } from '../../client/src/app/actions';
import { markSignOutPending, signOutPending } from '../../client/src/offline/sign-out-pending';
import { createStore, initialState, type AppState, type Store } from '../../client/src/state/store';

/** What the server saw, in order. */
let events: string[] = [];
/** DELETE /api/session requests held until the test answers them. */
let held: ServerResponse[] = [];
let onHeld: (() => void) | null = null;

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === 'DELETE' && req.url === '/api/session') {
      events.push('sign-out sent');
      held.push(res);
      onHeld?.();
      onHeld = null;
      return;
    }
    if (req.method === 'POST' && req.url === '/api/session') {
      events.push('sign-in sent');
      res.writeHead(401, { 'content-type': 'application/problem+json' });
      return res.end(JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Wrong username or password' }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The next sign-out the server holds; fails after 5 s rather than at the test's timeout. */
async function nextSignOut(): Promise<ServerResponse> {
  const deadline = Date.now() + 5_000;
  while (held.length === 0) {
    if (Date.now() > deadline) throw new Error('no sign-out reached the server');
    await Promise.race([new Promise<void>((resolve) => (onHeld = resolve)), pause(100)]);
  }
  return held.shift()!;
}

/** The server answers a held sign-out: the session is over. */
function answer(res: ServerResponse): void {
  events.push('sign-out answered');
  res.writeHead(204).end();
}

/** The stand-in window's localStorage (all these actions read of window), in memory. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, String(v)),
    removeItem: (k: string) => void items.delete(k),
    clear: () => items.clear(),
  };
}

let store: Store<AppState>;
let actions: Actions;

beforeEach(() => {
  events = [];
  held = [];
  vi.stubGlobal('window', { localStorage: memoryStorage() });
  const realFetch = globalThis.fetch;
  // http.ts fetches by path only ('/api/session').
  vi.stubGlobal('fetch', (path: string, init?: RequestInit) => realFetch(new URL(path, base), init));
  store = createStore<AppState>(initialState('2026-03-03'));
  actions = createActions(store);
});
afterEach(() => {
  vi.unstubAllGlobals();
  expect(held, 'every sign-out was answered').toEqual([]);
});

/**
 * Long enough for a sign-in sent without waiting to have reached the server (it goes at once, on
 * an idle local connection); a sign-in that waits is still waiting.
 */
const SETTLE_MS = 300;

describe('a sign-in while sign-outs are on their way', () => {
  it('the reconnecting sign-out answered first, then the button’s: a sign-in started between them waits for the button’s', async () => {
    // Signed out with no connection earlier: the phone finishes it as the connection returns.
    markSignOutPending();
    const reconnecting = actions.reconnected();
    const first = await nextSignOut();
    // Meanwhile the Sign out button (the sign-in form not yet shown): a second sign-out on its way.
    const button = actions.signOut();
    const second = await nextSignOut();

    answer(first);
    await reconnecting;
    // The first one done must not let a sign-in through while the second is still out.
    const signingIn = actions.signIn('asha', 'wrong-or-right');
    await pause(SETTLE_MS);
    expect(events).toEqual(['sign-out sent', 'sign-out sent', 'sign-out answered']);

    answer(second);
    await button;
    await signingIn;
    expect(events).toEqual(['sign-out sent', 'sign-out sent', 'sign-out answered', 'sign-out answered', 'sign-in sent']);
    // The sign-in's own answer is on the form, not the sign-out's "You have signed out." over it.
    expect(store.get().signIn?.message).toBe('Wrong username or password');
    expect(signOutPending()).toBe(false);
  });

  it('a sign-in already waiting for the first sign-out keeps waiting for one that started meanwhile', async () => {
    markSignOutPending();
    const reconnecting = actions.reconnected();
    const first = await nextSignOut();
    const signingIn = actions.signIn('asha', 'wrong-or-right');
    const button = actions.signOut();
    const second = await nextSignOut();

    answer(first);
    await reconnecting;
    await pause(SETTLE_MS);
    expect(events).toEqual(['sign-out sent', 'sign-out sent', 'sign-out answered']);

    answer(second);
    await button;
    await signingIn;
    expect(events).toEqual(['sign-out sent', 'sign-out sent', 'sign-out answered', 'sign-out answered', 'sign-in sent']);
    expect(store.get().signIn?.message).toBe('Wrong username or password');
  });

  it('reconnecting during the button’s sign-out joins it (no second sign-out), and a sign-in waits for it', async () => {
    const button = actions.signOut();
    const only = await nextSignOut();
    // The button's sign-out is pending until the server hears of it: the connection coming back finds it so.
    expect(signOutPending()).toBe(true);
    const reconnecting = actions.reconnected();
    const signingIn = actions.signIn('asha', 'wrong-or-right');
    await pause(SETTLE_MS);
    expect(events).toEqual(['sign-out sent']);

    answer(only);
    await Promise.all([button, reconnecting, signingIn]);
    expect(events).toEqual(['sign-out sent', 'sign-out answered', 'sign-in sent']);
    expect(store.get().signIn?.message).toBe('Wrong username or password');
  });
});
