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

/** Seconds until the account or address may try again, or 0 when it may now. */
export async function retryAfterSeconds(store: Store, keys: { account: string; address: string }, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS).toISOString();
  let wait = 0;
  for (const [key, max] of [
    [keys.account, MAX_FAILURES_PER_ACCOUNT],
    [keys.address, MAX_FAILURES_PER_ADDRESS],
  ] as const) {
    if ((await store.accounts.countSignInFailures(key, since)) < max) continue;
    const oldest = await store.accounts.oldestSignInFailure(key, since);
    if (oldest) wait = Math.max(wait, Math.ceil((Date.parse(oldest) + SIGN_IN_WINDOW_MS - now.getTime()) / 1000));
  }
  return wait;
}
