/**
 * A sign-out the server has not heard of yet (no connection when the user signed out): the
 * session stays open there, so this browser tells it before anything else, the next time it can.
 * Kept in localStorage (a flag, nothing about anyone): it outlives a closed tab.
 */
const KEY = 'rounds.signOutPending';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function markSignOutPending(): void {
  storage()?.setItem(KEY, '1');
}

export function signOutPending(): boolean {
  return storage()?.getItem(KEY) === '1';
}

export function clearSignOutPending(): void {
  storage()?.removeItem(KEY);
}
