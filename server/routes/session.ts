import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifyPassword } from '../auth/passwords.js';
import { userOf, sessionCookieOptions } from '../auth/plugin.js';
import { ACCESS, USERNAME, type SignedInUser } from '../auth/roles.js';
import { SESSION_COOKIE, endSession, startSession } from '../auth/sessions.js';
import { beginAttempt, recordFailure, retryAfterSeconds, throttleKeys } from '../auth/throttle.js';
import { ProblemError } from '../errors.js';
import { ProblemSchema } from '../../contract/problem.js';
import { SessionUser, SignInBody } from '../../contract/session.js';
import type { User } from '../store/store.js';

export function sessionUser(user: Pick<User, 'username' | 'displayName' | 'role' | 'officerId'>): SignedInUser {
  return { username: user.username, displayName: user.displayName, role: user.role, ...(user.officerId ? { officerId: user.officerId } : {}) };
}

/** Sign-in, who am I, sign-out. The one answer to a failed sign-in never says whether the account exists. */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    {
      config: { access: ACCESS.public, rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: ['session'],
        summary: 'Sign in with a username and password; sets the session cookie',
        body: SignInBody,
        response: { 200: SessionUser, 401: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const username = request.body.username.trim().toLowerCase();
      const keys = throttleKeys(username, request.ip);
      // The place is taken before the count is read, so that attempts sent at once see each other.
      const attempt = beginAttempt(keys);
      try {
        const wait = await retryAfterSeconds(app.store, keys, { attempt });
        if (wait > 0) {
          reply.header('retry-after', String(wait));
          throw new ProblemError(429, 'Too many attempts', `too many failed sign-ins: try again in ${Math.ceil(wait / 60)} minute(s)`);
        }
        const credentials = USERNAME.test(username) ? await app.store.accounts.getCredentials(username) : undefined;
        const passwordOk = await verifyPassword(credentials?.passwordHash, request.body.password);
        // A single sign-on account signs in at the provider only, whatever hash it may carry from before.
        if (!credentials || !passwordOk || credentials.user.disabled || credentials.user.source !== 'local') {
          await recordFailure(app.store, keys, attempt);
          request.log.info({ event: 'sign-in-failed' }, 'sign-in failed');
          throw new ProblemError(401, 'Sign-in failed', 'wrong username or password');
        }
        for (const key of [keys.account, keys.accountAtAddress]) await app.store.accounts.clearSignInFailures(key);
        // A new token at every sign-in: a token planted before sign-in is never promoted (session fixation).
        const previous = request.cookies[SESSION_COOKIE];
        if (previous) await endSession(app.store, previous);
        const { token, expiresAt } = await startSession(app.store, username, (await app.store.getSettings()).sessions);
        reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(request, expiresAt));
        await app.store.recordEvent(username, 'sign-in', 'session', username, { method: 'password' });
        return sessionUser(credentials.user);
      } finally {
        attempt.release();
      }
    },
  );

  app.get(
    '/',
    { config: { access: ACCESS.signedIn }, schema: { tags: ['session'], summary: 'The signed-in user', response: { 200: SessionUser, 401: ProblemSchema } } },
    async (request) => userOf(request),
  );

  app.delete(
    '/',
    { config: { access: ACCESS.signedIn }, schema: { tags: ['session'], summary: 'Sign out', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await endSession(app.store, token);
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
      await app.store.recordEvent(userOf(request).username, 'sign-out', 'session', userOf(request).username);
      return reply.code(204).send(null);
    },
  );
};
