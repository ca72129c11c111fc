import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_OIDC_LABEL, OidcSignIn, PENDING_TTL_MS, PendingSignIns, identityFromClaims, subjectOf, type OidcSettings } from '../auth/oidc.js';
import { sessionCookieOptions } from '../auth/plugin.js';
import { ACCESS } from '../auth/roles.js';
import { SESSION_COOKIE, endSession, startSession } from '../auth/sessions.js';
import { ProblemError, errorHandler } from '../errors.js';
import { ProblemSchema } from '../../contract/problem.js';
import { OidcCallbackQuery as CallbackQuery, Providers } from '../../contract/session.js';

/** Carries only the handle of the sign-in in progress (its state, nonce and PKCE verifier stay on the server). */
export const FLOW_COOKIE = 'rounds_oidc';
const FLOW_PATH = '/api/session/oidc';

/**
 * The flow cookie is SameSite=Lax, not Strict like the session's: the provider sends the browser
 * back to the callback from its own site, and a Strict cookie is not sent on that cross-site
 * navigation, so no sign-in could ever finish. Lax sends it on top-level GET navigations only, and
 * all it unlocks is a one-use, ten-minute record that is worthless without the provider's code.
 */
function flowCookieOptions(secure: boolean) {
  return { path: FLOW_PATH, httpOnly: true, sameSite: 'lax' as const, secure, maxAge: PENDING_TTL_MS / 1000 };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * These routes are browser navigations, not API calls: a refusal is a page saying why (with the
 * same status), and problem+json for a caller that does not ask for HTML.
 */
function pageOrProblem(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (!(err instanceof ProblemError) || !(request.headers.accept ?? '').includes('text/html')) {
    errorHandler(err, request, reply);
    return;
  }
  request.log.info({ status: err.status, reason: err.extra.reason }, 'single sign-on refused');
  const page =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(err.title)} - Rounds</title></head><body><main><h1>${escapeHtml(err.title)}</h1>` +
    `<p id="sign-in-problem">${escapeHtml(err.message)}</p><p><a href="/">Back to Rounds</a></p></main></body></html>`;
  void reply.code(err.status).type('text/html; charset=utf-8').send(page);
}

/**
 * Council single sign-on (OpenID Connect, authorization code + PKCE) beside the password sign-in:
 * which sign-ins there are, the start (a redirect to the provider), and the callback that checks
 * the provider's answer and starts the same session as a password sign-in. Off without settings.
 */
export const oidcRoutes: FastifyPluginAsyncZod<{ settings?: OidcSettings }> = async (app, options) => {
  const signIn = options.settings ? new OidcSignIn(options.settings) : undefined;
  const pending = new PendingSignIns();
  const enabled = (): OidcSignIn => {
    if (!signIn)
      throw new ProblemError(404, 'Not found', 'single sign-on is not set up on this server: sign in with a username and password', undefined, {
        reason: 'oidc-off',
      });
    return signIn;
  };
  const secureFlow = options.settings?.redirectUri.protocol === 'https:';

  app.get(
    '/providers',
    { config: { access: ACCESS.public }, schema: { tags: ['session'], summary: 'The ways to sign in', response: { 200: Providers } } },
    async () => ({ password: true as const, oidc: signIn !== undefined, ...(signIn ? { oidcLabel: signIn.settings.label || DEFAULT_OIDC_LABEL } : {}) }),
  );

  app.get(
    '/oidc',
    {
      config: { access: ACCESS.public, rateLimit: { max: 30, timeWindow: 60_000 } },
      errorHandler: pageOrProblem,
      schema: {
        tags: ['session'],
        summary: "Single sign-on: redirects to the council's identity provider (authorization code, PKCE S256)",
        response: { 302: z.null(), 404: ProblemSchema, 502: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { url, pending: started } = await enabled().begin();
      reply.setCookie(FLOW_COOKIE, pending.put({ ...started, address: request.ip }), flowCookieOptions(secureFlow));
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    '/oidc/callback',
    {
      config: { access: ACCESS.public, rateLimit: { max: 30, timeWindow: 60_000 } },
      errorHandler: pageOrProblem,
      schema: {
        tags: ['session'],
        summary: "Single sign-on: the identity provider's answer; sets the session cookie and redirects to /",
        querystring: CallbackQuery,
        response: { 302: z.null(), 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 502: ProblemSchema },
      },
    },
    async (request, reply) => {
      const oidc = enabled();
      const handle = request.cookies[FLOW_COOKIE];
      reply.clearCookie(FLOW_COOKIE, flowCookieOptions(secureFlow));
      const started = handle ? pending.take(handle) : undefined;
      if (!started) {
        throw new ProblemError(400, 'Sign-in failed', 'no sign-in was started in this browser, or it took longer than ten minutes: start again', undefined, {
          reason: 'no-sign-in',
        });
      }
      // Also checked by openid-client; checked here first to say plainly what went wrong.
      if (request.query.state !== started.state) {
        throw new ProblemError(400, 'Sign-in failed', 'the answer does not belong to the sign-in started in this browser: start again', undefined, {
          reason: 'state',
        });
      }
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      const claims = await oidc.finish(query, started);
      const identity = identityFromClaims(claims, oidc.settings);
      const subject = subjectOf(claims);

      const existing = await app.store.accounts.getUser(identity.username);
      if (existing && existing.source !== 'oidc') {
        throw new ProblemError(
          403,
          'Sign-in refused',
          `the Rounds account '${identity.username}' signs in with a password, not with the council account`,
          undefined,
          {
            reason: 'password-account',
          },
        );
      }
      // The username claim names the account; the subject says whose it is. Where the provider lets a
      // username change hands (a leaver's name reused), the newcomer is not given the leaver's account.
      if (existing?.subject !== undefined && existing.subject !== subject) {
        throw new ProblemError(
          403,
          'Sign-in refused',
          `the Rounds account '${identity.username}' belongs to another person at the identity provider: ask your administrator`,
          undefined,
          { reason: 'another-person' },
        );
      }
      if (existing?.disabled)
        throw new ProblemError(403, 'Sign-in refused', 'this Rounds account is disabled: ask your administrator', undefined, { reason: 'disabled' });
      if (identity.officerId && !(await app.store.getOfficer(identity.officerId))) {
        throw new ProblemError(
          403,
          'Sign-in refused',
          `the officer id '${identity.officerId}' sent by the identity provider is not an officer in Rounds`,
          undefined,
          {
            reason: 'unknown-officer',
          },
        );
      }
      await app.store.accounts.upsertIdentityProviderUser({ ...identity, subject });

      // As the password sign-in: a new token every time, any earlier one ended (session fixation).
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await endSession(app.store, previous);
      const { token, expiresAt } = await startSession(app.store, identity.username, (await app.store.getSettings()).sessions);
      reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(request, expiresAt));
      await app.store.recordEvent(identity.username, 'sign-in', 'session', identity.username, { method: 'oidc' });
      return reply.redirect('/', 302);
    },
  );
};
