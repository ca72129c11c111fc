import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../errors.js';
import type { Access, SignedInUser } from './roles.js';
import { SESSION_COOKIE, lookUpSession } from './sessions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: required on every route under /api (server/auth/roles.ts). */
    access?: Access;
  }
  interface FastifyRequest {
    /** The signed-in user, set before the handler runs on every route that is not public. */
    user: SignedInUser | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in user of a request that passed the access hook (a handler of a public route has none). */
export function userOf(request: FastifyRequest): SignedInUser {
  if (!request.user) throw new Error('userOf called on a route without a session');
  return request.user;
}

export function sessionCookieOptions(request: FastifyRequest, expires?: Date) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https', ...(expires ? { expires } : {}) };
}

/**
 * One place decides who may call what: every route under /api must declare `config.access`
 * (a route without one stops the server at start-up), and this hook enforces it before the body
 * is read. 401 without a session (or an expired one), 403 for a role the route does not serve.
 */
export async function installAuth(app: FastifyInstance): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('user', null);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api') && route.config?.access === undefined) {
      throw new Error(`${String(route.method)} ${route.url} declares no access (config.access): every API route must say who may call it`);
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config?.access;
    // No declaration: the static client and the API documentation, which hold no data.
    if (access === undefined || access === 'public') return;
    // SameSite=Strict already keeps the cookie off cross-site requests; a cross-site write is refused outright too.
    if (!SAFE_METHODS.has(request.method) && isCrossSite(request)) {
      closeIfBodyUnread(request, reply);
      throw new ProblemError(403, 'Forbidden', 'cross-site requests may not change anything');
    }
    const token = request.cookies[SESSION_COOKIE];
    const settings = (await app.store.getSettings()).sessions;
    const found = token ? await lookUpSession(app.store, token, settings) : undefined;
    if (!found || 'expired' in found) {
      if (token) reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
      closeIfBodyUnread(request, reply);
      throw new ProblemError(401, 'Sign-in required', found ? 'your session has ended: sign in again' : 'sign in to use Rounds', undefined, {
        reason: found ? 'session-expired' : 'no-session',
      });
    }
    const { user } = found;
    request.user = {
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      ...(user.officerId ? { officerId: user.officerId } : {}),
      ...(user.role === 'team_leader' && user.team ? { team: user.team } : {}),
    };
    if (access !== 'signed-in' && !access.includes(user.role)) {
      closeIfBodyUnread(request, reply);
      throw new ProblemError(403, 'Forbidden', `a ${user.role.replace('_', ' ')} may not do this`);
    }
  });
}

/**
 * Refused before its body was read (this hook runs first): close the connection after the answer,
 * so that Node does not go on reading a 20 MB upload nobody will use.
 */
function closeIfBodyUnread(request: FastifyRequest, reply: FastifyReply): void {
  if (request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined) reply.header('connection', 'close');
}

function isCrossSite(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  try {
    // Both through URL, so that a default port (':80', ':443') compares equal to none.
    const originUrl = new URL(origin);
    return originUrl.host !== new URL(`${originUrl.protocol}//${request.headers.host ?? ''}`).host;
  } catch {
    return true;
  }
}
