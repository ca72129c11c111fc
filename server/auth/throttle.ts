import type { Store } from '../store/store.js';

/**
 * Failed sign-ins slow guessing down per account and per address (ASVS 2.2.1: at most 100 failures
 * an hour on one account). The same counts apply whether or not the account exists, so the answer
 * says nothing about which accounts do. An account is held first where the guesses come from: one
 * address's failures on it do not hold the account's own user up elsewhere (locking an account out
 * takes guesses from several addresses, each of them held after a few).
 */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Failures on one account from one address. */
export const MAX_FAILURES_PER_ACCOUNT_AT_ADDRESS = 5;
/** Failures on one account from anywhere: 100 an hour. */
export const MAX_FAILURES_PER_ACCOUNT = 25;
/** Failures from one address on any accounts. */
export const MAX_FAILURES_PER_ADDRESS = 20;

export interface ThrottleKeys {
  account: string;
  accountAtAddress: string;
  address: string;
}

export function throttleKeys(username: string, address: string): ThrottleKeys {
  return { account: `account:${username}`, accountAtAddress: `account:${username}@${address}`, address: `address:${address}` };
}

const LIMITS = [
  ['accountAtAddress', MAX_FAILURES_PER_ACCOUNT_AT_ADDRESS],
  ['account', MAX_FAILURES_PER_ACCOUNT],
  ['address', MAX_FAILURES_PER_ADDRESS],
] as const;

const keysOf = (keys: ThrottleKeys): string[] => LIMITS.map(([name]) => keys[name]);

/**
 * Sign-ins being checked now, per key, by the order they began in. A password check takes tens of
 * milliseconds and a failure is recorded only after it, so without these, requests sent at once
 * would all pass the count. Each counts as a failure, to the attempts that began after it, until
 * its answer is known (only those after: on a store whose count takes a round trip, every attempt
 * sent at once has begun before any has counted).
 */
const pending = new Map<string, Set<number>>();
let lastAttempt = 0;

/**
 * Reading the counts and recording a failure take turns. Otherwise a failure written while a count
 * is in flight (a round trip on PostgreSQL) can be missed by both the count (read before the row)
 * and the pending set (read after the attempt's release), and one guess too many gets through.
 */
let turn: Promise<unknown> = Promise.resolve();
function inTurn<T>(fn: () => Promise<T>): Promise<T> {
  const result = turn.then(fn);
  turn = result.catch(() => undefined);
  return result;
}

/** Holds a place for one sign-in attempt against both keys until `release` is called. */
export interface Attempt {
  /** The order it began in. */
  readonly seq: number;
  release: () => void;
}

export function beginAttempt(keys: ThrottleKeys): Attempt {
  const seq = ++lastAttempt;
  for (const key of keysOf(keys)) {
    const held = pending.get(key) ?? new Set<number>();
    held.add(seq);
    pending.set(key, held);
  }
  let released = false;
  return {
    seq,
    release: () => {
      if (released) return;
      released = true;
      for (const key of keysOf(keys)) {
        const held = pending.get(key);
        held?.delete(seq);
        if (held?.size === 0) pending.delete(key);
      }
    },
  };
}

/** Attempts on `key` still being checked that began before `seq` (all of them without one). */
function pendingBefore(key: string, seq: number | undefined): number {
  let n = 0;
  for (const other of pending.get(key) ?? []) if (seq === undefined || other < seq) n++;
  return n;
}

/**
 * Seconds until the account or address may try again, or 0 when it may now. Other attempts still
 * being checked count as failures (`attempt`: the caller's own, and those begun after it, do not); while
 * only they fill the limit, the wait is a second.
 */
export function retryAfterSeconds(store: Store, keys: ThrottleKeys, opts: { attempt?: Attempt; now?: Date } = {}): Promise<number> {
  return inTurn(() => readWait(store, keys, opts));
}

/** Records a failed attempt against each key and only then stops counting it as pending. */
export async function recordFailure(store: Store, keys: ThrottleKeys, attempt: Attempt, at = new Date()): Promise<void> {
  await inTurn(async () => {
    try {
      await store.accounts.recordSignInFailure(keysOf(keys), at.toISOString());
    } finally {
      attempt.release();
    }
  });
}

async function readWait(store: Store, keys: ThrottleKeys, opts: { attempt?: Attempt; now?: Date }): Promise<number> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS).toISOString();
  let wait = 0;
  for (const [name, max] of LIMITS) {
    const key = keys[name];
    const recorded = await store.accounts.countSignInFailures(key, since);
    if (recorded + pendingBefore(key, opts.attempt?.seq) < max) continue;
    const oldest = recorded >= max ? await store.accounts.oldestSignInFailure(key, since) : undefined;
    wait = Math.max(wait, oldest ? Math.ceil((Date.parse(oldest) + SIGN_IN_WINDOW_MS - now.getTime()) / 1000) : 1);
  }
  return wait;
}
