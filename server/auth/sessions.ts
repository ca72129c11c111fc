import { createHash, randomBytes } from 'node:crypto';
import type { Settings } from '../settings.js';
import type { Session, Store, User } from '../store/store.js';

/** The cookie that carries the session token (HttpOnly, SameSite=Strict; Secure over HTTPS). */
export const SESSION_COOKIE = 'rounds_session';

/** A session's last request is written at most this often: idle expiry is exact to a minute. */
const TOUCH_EVERY_MS = 60_000;

/** Only this hash of the token is stored, so a copy of the database signs nobody in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewSession {
  /** The token for the cookie (256 random bits); never stored. */
  token: string;
  expiresAt: Date;
}

export async function startSession(store: Store, username: string, settings: Settings['sessions'], now = new Date()): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + settings.absoluteHours * 3_600_000);
  await store.accounts.createSession({
    idHash: hashToken(token),
    username,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  return { token, expiresAt };
}

export type SessionLookup = { user: User; session: Session } | { expired: true } | undefined;

/**
 * The account behind a cookie's token: undefined when there is no such session, `expired` when
 * it has run out (idle or absolute) or its account is disabled, so the client can say so.
 */
export async function lookUpSession(store: Store, token: string, settings: Settings['sessions'], now = new Date()): Promise<SessionLookup> {
  const idHash = hashToken(token);
  const session = await store.accounts.getSession(idHash);
  if (!session) return undefined;
  const idleUntil = Date.parse(session.lastSeenAt) + settings.idleMinutes * 60_000;
  const user = await store.accounts.getUser(session.username);
  if (now.getTime() >= idleUntil || now.getTime() >= Date.parse(session.expiresAt) || !user || user.disabled) {
    await store.accounts.deleteSession(idHash);
    return { expired: true };
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) await store.accounts.touchSession(idHash, now.toISOString());
  return { user, session };
}

export async function endSession(store: Store, token: string): Promise<void> {
  await store.accounts.deleteSession(hashToken(token));
}
