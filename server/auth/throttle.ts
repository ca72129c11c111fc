import type { Store } from '../store/store.js';

/**
 * Failed sign-ins slow guessing down per account and per address (ASVS 2.2.1). The same counts
 * apply whether or not the account exists, so the answer says nothing about which accounts do.
 */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export function throttleKeys(username: string, address: string): { account: string; address: string } {
  return { account: `account:${username}`, address: `address:${address}` };
}

type ThrottleKeys = { account: string; address: string };

/**
 * Sign-ins being checked now, per key. A password check takes tens of milliseconds and a failure
 * is recorded only after it, so without these, requests sent at once would all pass the count.
 * Each counts as a failure until its answer is known.
 */
const pending = new Map<string, number>();

/** Holds a place for one sign-in attempt against both keys until `release` is called. */
export interface Attempt {
  release: () => void;
}

export function beginAttempt(keys: ThrottleKeys): Attempt {
  for (const key of [keys.account, keys.address]) pending.set(key, (pending.get(key) ?? 0) + 1);
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      for (const key of [keys.account, keys.address]) {
        const left = (pending.get(key) ?? 1) - 1;
        if (left > 0) pending.set(key, left);
        else pending.delete(key);
      }
    },
  };
}

/**
 * Seconds until the account or address may try again, or 0 when it may now. Other attempts still
 * being checked count as failures (`attempt`: the caller's own, already counted in `pending`); while
 * only they fill the limit, the wait is a second.
 */
export async function retryAfterSeconds(store: Store, keys: ThrottleKeys, opts: { attempt?: Attempt; now?: Date } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const own = opts.attempt ? 1 : 0;
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS).toISOString();
  let wait = 0;
  for (const [key, max] of [
    [keys.account, MAX_FAILURES_PER_ACCOUNT],
    [keys.address, MAX_FAILURES_PER_ADDRESS],
  ] as const) {
    const recorded = await store.accounts.countSignInFailures(key, since);
    if (recorded + (pending.get(key) ?? 0) - own < max) continue;
    const oldest = recorded >= max ? await store.accounts.oldestSignInFailure(key, since) : undefined;
    wait = Math.max(wait, oldest ? Math.ceil((Date.parse(oldest) + SIGN_IN_WINDOW_MS - now.getTime()) / 1000) : 1);
  }
  return wait;
}
