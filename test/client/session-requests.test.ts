/**
 * The client's requests and the session they belong to (client/src/api/http.ts), over real HTTP
 * from a small server that answers when the test says so (as paging.test.ts does):
 * - a request's own signal combined with the session's by hand where the browser has no
 *   AbortSignal.any (iOS 16 Safari: without it every doorstep send threw);
 * - a queued record's send (postOnce) gives up after 20 s with no answer, as a timeout, which
 *   doorstep.ts tells apart from a send abandoned at a sign-out (what doorstep.ts then does with the
 *   record needs the phone's IndexedDB, which Node does not have);
 * - a 401 of a session already replaced does not ask the new session to sign in.
 * The sign-out/sign-in ordering above this: sign-out-overlap.test.ts.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { abandoned, endSessionRequests, postOnce, requestJson, send, whenSignInNeeded } from '../../client/src/api/http';
import { ApiError, errorMessage } from '../../client/src/api/problem';

/** A request the server holds: the test answers it (or not), and sees when the client drops it. */
interface Held {
  url: string;
  headers: IncomingHttpHeaders;
  res: ServerResponse;
  /** Resolves once the connection is gone; `dropped` says whether it went before any answer. */
  closed: Promise<{ dropped: boolean }>;
}

let server: Server;
let base: string;
const arrivals: Held[] = [];
let onArrival: (() => void) | null = null;

/** The next request the server holds (or one already held and not yet taken); fails at once if `sent` settles first. */
async function nextHeld(sent: Promise<unknown>): Promise<Held> {
  const settled = sent.then(
    () => Promise.reject(new Error('answered without reaching the server')),
    (err: unknown) => Promise.reject(err instanceof Error ? err : new Error(String(err))),
  );
  settled.catch(() => {});
  while (arrivals.length === 0) await Promise.race([new Promise<void>((resolve) => (onArrival = resolve)), settled]);
  return arrivals.shift()!;
}

/** The real timers, whatever a test fakes. */
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** `p`, or a failure after 5 s: what these tests wait for happens at once or not at all, so they fail fast rather than at the test's timeout. */
function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = realSetTimeout(() => reject(new Error(`${what}: not within 5 s`)), 5_000)));
  return Promise.race([p, late]).finally(() => realClearTimeout(timer));
}

/** What `p` rejected with (failing if it resolved instead). */
function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  return within(
    p.then(
      (value) => Promise.reject(new Error(`expected a rejection, got ${JSON.stringify(value)}`)),
      (err: unknown) => err,
    ),
    'the request to end',
  );
}

const UNAUTHORISED = JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Sign in first' });

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/unauthorised') {
      res.writeHead(401, { 'content-type': 'application/problem+json' });
      return res.end(UNAUTHORISED);
    }
    const closed = new Promise<{ dropped: boolean }>((resolve) => res.on('close', () => resolve({ dropped: !res.writableFinished })));
    arrivals.push({ url: req.url!, headers: req.headers, res, closed });
    onArrival?.();
    onArrival = null;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  expect(arrivals, 'every held request was looked at').toEqual([]);
});

describe('a request with a signal of its own, where the browser has no AbortSignal.any (Safari before 17.4)', () => {
  let any: PropertyDescriptor | undefined;
  beforeEach(() => {
    any = Object.getOwnPropertyDescriptor(AbortSignal, 'any');
    Reflect.deleteProperty(AbortSignal, 'any');
  });
  afterEach(() => {
    if (any) Object.defineProperty(AbortSignal, 'any', any);
  });

  it('its own signal aborted: the request ends with that reason, and the server sees it dropped', async () => {
    expect('any' in AbortSignal).toBe(false);
    const mine = new AbortController();
    const asked = requestJson(`${base}/evaluate`, z.unknown(), { body: { edit: 1 }, signal: mine.signal });
    const held = await nextHeld(asked);
    const reason = new Error('a newer edit replaces this evaluation');
    mine.abort(reason);
    expect(await rejectionOf(asked)).toBe(reason);
    expect(await within(held.closed, 'the server to see the request dropped')).toEqual({ dropped: true });
  });

  it('the session ended (a sign-out): the request is abandoned, whatever its own signal', async () => {
    const mine = new AbortController();
    const asked = send(`${base}/cancel`, { signal: mine.signal });
    const held = await nextHeld(asked);
    endSessionRequests();
    const err = await rejectionOf(asked);
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('AbortError');
    expect(abandoned(err)).toBe(true);
    expect(mine.signal.aborted).toBe(false);
    expect(await within(held.closed, 'the server to see the request dropped')).toEqual({ dropped: true });
  });

  it('its own signal aborted before the request: never sent, rejected with that reason', async () => {
    const mine = new AbortController();
    const reason = new Error('cancelled before it went');
    mine.abort(reason);
    expect(await rejectionOf(requestJson(`${base}/never`, z.unknown(), { signal: mine.signal }))).toBe(reason);
  });

  it('a queued outcome is still sent (the timeout is a signal of its own), and answered', async () => {
    const sending = postOnce(`${base}/api/outcomes`, z.object({ id: z.string() }), { caseRef: 'CT-1' }, 'key-safari');
    const held = await nextHeld(sending);
    expect(held.headers['idempotency-key']).toBe('key-safari');
    held.res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'o1' }));
    await expect(sending).resolves.toEqual({ id: 'o1' });
  });
});

describe("a queued record's send (postOnce)", () => {
  /**
   * AbortSignal.timeout runs on Node's own timers, which vitest's fake timers do not reach: the
   * same signal (aborted with a TimeoutError after `ms`) on the faked clock.
   */
  function fakeClockTimeouts(): void {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms: number) => {
      const timeout = new AbortController();
      setTimeout(() => timeout.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
      return timeout.signal;
    });
  }

  /** Lets the real sockets and the promises waiting on them move (setImmediate is not faked). */
  const io = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('gives up after 20 s with no answer (a captive portal): a timeout, not abandoned, so the record waits to be sent again', async () => {
    fakeClockTimeouts();
    let settled = false;
    const sending = postOnce(`${base}/api/outcomes`, z.unknown(), { caseRef: 'CT-1', kind: 'no_contact' }, 'key-1');
    void sending.catch(() => {}).finally(() => (settled = true));
    const held = await nextHeld(sending);
    expect(held.headers['idempotency-key']).toBe('key-1');

    await vi.advanceTimersByTimeAsync(19_999);
    await io();
    expect(settled, 'still waiting at 19.999 s').toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    for (let i = 0; i < 20 && !settled; i++) await io();
    expect(settled, 'given up at 20 s').toBe(true);
    const err = await rejectionOf(sending);
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('TimeoutError');
    // doorstep.ts: not abandoned and not an ApiError, so retried later (the record stays queued), and the phone shown offline.
    expect(abandoned(err)).toBe(false);
    expect(err).not.toBeInstanceOf(ApiError);
    expect(errorMessage(err)).toBe('The Rounds server did not answer in time. Try again.');
    expect(await within(held.closed, 'the server to see the request dropped')).toEqual({ dropped: true });
  });

  it('abandoned at a sign-out before its 20 s: an AbortError (doorstep.ts leaves the record queued and the phone online)', async () => {
    fakeClockTimeouts();
    const sending = postOnce(`${base}/api/check-ins`, z.unknown(), { at: '2026-03-03T10:00:00Z' }, 'key-2');
    const held = await nextHeld(sending);
    await vi.advanceTimersByTimeAsync(5_000);
    endSessionRequests();
    const err = await rejectionOf(sending);
    expect(abandoned(err)).toBe(true);
    expect(await within(held.closed, 'the server to see the request dropped')).toEqual({ dropped: true });
  });
});

describe('a 401 and the session it was sent in', () => {
  const signInAsked: string[] = [];
  beforeAll(() => whenSignInNeeded((message) => signInAsked.push(message)));
  beforeEach(() => {
    signInAsked.length = 0;
  });

  it('a 401 in the session in use asks the user to sign in again', async () => {
    const err = await rejectionOf(requestJson(`${base}/unauthorised`, z.unknown()));
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect(signInAsked).toEqual(['Sign in first']);
  });

  // Two things keep the sign-in page shut here: the session's end aborts the request (its 401 is
  // never read), and failed() ignores a 401 of an earlier session (one read just as the session
  // changed). This fails only when both are gone; the second alone cannot be reached with a real
  // fetch, which errors the body of an aborted request even when it has fully arrived.
  it('a 401 answered after the session was replaced (someone signed in meanwhile) does not ask the new session to sign in', async () => {
    const old = requestJson(`${base}/api/plans/latest`, z.unknown());
    const held = await nextHeld(old);
    // A sign-in (or sign-out) ends the session the request was sent in; the server's 401 comes after.
    endSessionRequests();
    held.res.writeHead(401, { 'content-type': 'application/problem+json' }).end(UNAUTHORISED);
    const err = await rejectionOf(old);
    expect(signInAsked).toEqual([]);
    expect(abandoned(err)).toBe(true);
    await within(held.closed, 'the connection to close');

    // The new session's own 401 still does.
    await requestJson(`${base}/unauthorised`, z.unknown()).catch(() => {});
    expect(signInAsked).toEqual(['Sign in first']);
  });
});
