import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { ProblemError } from '../errors.js';
import { ROLES, UsernameSchema, type Role } from './roles.js';

/**
 * Council single sign-on (OpenID Connect, authorization code + PKCE): the settings, the
 * one-use record of a sign-in in progress, the exchange with the identity provider, and how
 * its ID token's claims become a Rounds account. The routes are in server/routes/oidc.ts.
 */

export interface OidcSettings {
  /** The identity provider's issuer (Entra: https://login.microsoftonline.com/TENANT/v2.0). */
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** How Rounds authenticates at the token endpoint. */
  clientAuth: 'client_secret_basic' | 'client_secret_post';
  /** Rounds' callback as registered at the provider (…/api/session/oidc/callback). */
  redirectUri: URL;
  /** The scopes asked for ('openid profile' by default). */
  scopes: string;
  /** The claim with the role values (a string or an array of strings). */
  roleClaim: string;
  /** The provider's role values -> Rounds roles; values not listed are ignored. */
  roleMap: Record<string, Role>;
  /** The claim whose value is the officer id an officer account is linked to. */
  officerClaim: string;
  usernameClaim: string;
  nameClaim: string;
  /** The sign-in button's words. */
  label: string;
}

export const DEFAULT_OIDC_LABEL = 'Sign in with your council account';
export const OIDC_CALLBACK_PATH = '/api/session/oidc/callback';

/** By default the provider's role values are Rounds' own role names. */
export const IDENTITY_ROLE_MAP: Record<string, Role> = Object.fromEntries(ROLES.map((r) => [r, r]));

/**
 * ROUNDS_OIDC_ROLE_MAP: `Rounds.Officer=officer,Rounds.TeamLeader=team_leader`, or a JSON object
 * for values that hold a comma or '=' (a group's distinguished name). Throws naming the bad entry.
 */
export function parseRoleMap(text: string): Record<string, Role> {
  const trimmed = text.trim();
  let entries: Array<[string, string]>;
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new Error('not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object of value: role');
    entries = Object.entries(parsed).map(([k, v]) => [k, String(v)]);
  } else {
    entries = trimmed
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((entry) => {
        const at = entry.lastIndexOf('=');
        if (at <= 0) throw new Error(`'${entry}' is not value=role`);
        return [entry.slice(0, at).trim(), entry.slice(at + 1).trim()];
      });
  }
  if (entries.length === 0) throw new Error('maps no value to a role');
  const map: Record<string, Role> = {};
  for (const [value, role] of entries) {
    if (!(ROLES as readonly string[]).includes(role)) throw new Error(`'${role}' (for '${value}') is not a role: ${ROLES.join(', ')}`);
    map[value] = role as Role;
  }
  return map;
}

/** Plain http only to a provider on this machine (a development or test provider). */
export function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

type Claims = Record<string, unknown>;

/**
 * A claim by its exact name first (Entra's directory extensions arrive as `extn.name`), then
 * as a dotted path into nested objects (Keycloak's `realm_access.roles`).
 */
export function claimValue(claims: Claims, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Claims)[part];
  }
  return value;
}

export interface ProviderIdentity {
  username: string;
  displayName: string;
  role: Role;
  officerId?: string;
}

const OFFICER_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const DISPLAY_NAME_MAX = 100;

function refuse(reason: string, detail: string): ProblemError {
  return new ProblemError(403, 'Sign-in refused', detail, undefined, { reason });
}

/**
 * Who a verified ID token is about, for good: its issuer and subject (OpenID Connect Core 5.7; the
 * username claim may change or pass to someone else). openid-client has checked both are there.
 */
export function subjectOf(claims: Claims): string {
  return `${String(claims.iss)} ${String(claims.sub)}`;
}

/**
 * The Rounds account an ID token's claims describe, or a refusal saying what is missing.
 * Roles do not nest in Rounds, so a person mapped to two roles is refused rather than given
 * one picked for them: which rights they hold is the council's decision, made at the provider.
 * The officer claim is read for the officer role only (other roles name no officer).
 */
export function identityFromClaims(
  claims: Claims,
  settings: Pick<OidcSettings, 'roleClaim' | 'roleMap' | 'officerClaim' | 'usernameClaim' | 'nameClaim'>,
): ProviderIdentity {
  const rawUsername = claimValue(claims, settings.usernameClaim);
  const username = UsernameSchema.safeParse(typeof rawUsername === 'string' ? rawUsername : '');
  if (!username.success) {
    throw refuse(
      'no-username',
      `the identity provider sent no usable username in the '${settings.usernameClaim}' claim (letters, digits and . _ @ - only, at most 64)`,
    );
  }

  const rawRoles = claimValue(claims, settings.roleClaim);
  const values = typeof rawRoles === 'string' ? [rawRoles] : Array.isArray(rawRoles) ? rawRoles.filter((v): v is string => typeof v === 'string') : [];
  const roles = [...new Set(values.flatMap((v) => (Object.hasOwn(settings.roleMap, v) ? [settings.roleMap[v]] : [])))];
  if (roles.length === 0) {
    throw refuse('no-role', 'your council account has no Rounds role: ask your administrator to assign you one at the identity provider');
  }
  if (roles.length > 1) {
    throw refuse(
      'several-roles',
      `your council account has several Rounds roles (${roles.join(', ')}): a Rounds account has one; ask your administrator to keep one`,
    );
  }
  const role = roles[0];

  const rawName = claimValue(claims, settings.nameClaim);
  const name = typeof rawName === 'string' ? rawName.trim().slice(0, DISPLAY_NAME_MAX) : '';
  const identity: ProviderIdentity = { username: username.data, displayName: name || username.data, role };

  if (role === 'officer') {
    const rawOfficer = claimValue(claims, settings.officerClaim);
    const officerId = typeof rawOfficer === 'string' || typeof rawOfficer === 'number' ? String(rawOfficer).trim() : '';
    if (!OFFICER_ID.test(officerId)) {
      throw refuse('no-officer', `an officer account needs its officer id in the '${settings.officerClaim}' claim, and the identity provider sent none usable`);
    }
    identity.officerId = officerId;
  }
  return identity;
}

/** What the callback needs from the start of a sign-in: kept on the server, one use. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  startedAt: number;
  /** The address that started it: one address cannot crowd out everyone else's sign-ins. */
  address?: string;
}

/** Long enough to sign in at the provider (with multi-factor), short enough to be of no later use. */
export const PENDING_TTL_MS = 10 * 60_000;
/** Unauthenticated callers create these: a bound on memory (the start route is rate-limited too). */
const MAX_PENDING = 1_000;
/** A person starts a sign-in or two at a time; a flood from one address replaces only its own. */
export const MAX_PENDING_PER_ADDRESS = 10;

/**
 * Sign-ins in progress, by a random handle that only the browser's short-lived cookie carries.
 * In memory: a restart only asks those mid-sign-in to start again.
 */
export class PendingSignIns {
  private readonly byHandle = new Map<string, PendingSignIn>();

  constructor(private readonly now: () => number = Date.now) {}

  put(pending: PendingSignIn): string {
    this.prune();
    if (pending.address !== undefined) {
      const own = [...this.byHandle].filter(([, p]) => p.address === pending.address).map(([handle]) => handle);
      // The address's oldest goes first (insertion order).
      for (const handle of own.slice(0, Math.max(0, own.length - MAX_PENDING_PER_ADDRESS + 1))) this.byHandle.delete(handle);
    }
    // Full: the oldest goes first.
    while (this.byHandle.size >= MAX_PENDING) this.byHandle.delete(this.byHandle.keys().next().value!);
    const handle = randomBytes(32).toString('base64url');
    this.byHandle.set(handle, pending);
    return handle;
  }

  /** The sign-in started with this handle, removed (a callback is used once), or undefined when unknown or too old. */
  take(handle: string): PendingSignIn | undefined {
    const pending = this.byHandle.get(handle);
    this.byHandle.delete(handle);
    return pending && this.now() - pending.startedAt < PENDING_TTL_MS ? pending : undefined;
  }

  private prune(): void {
    for (const [handle, p] of this.byHandle) if (this.now() - p.startedAt >= PENDING_TTL_MS) this.byHandle.delete(handle);
  }
}

/**
 * The conversation with the identity provider through openid-client. Its metadata and keys are
 * discovered at the first sign-in, not at start-up, so that Rounds starts while the provider is
 * unreachable; a failed discovery is tried again at the next sign-in.
 */
export class OidcSignIn {
  private configuration?: Promise<client.Configuration>;

  constructor(readonly settings: OidcSettings) {}

  private discover(): Promise<client.Configuration> {
    const s = this.settings;
    this.configuration ??= client
      .discovery(
        s.issuer,
        s.clientId,
        { client_secret: s.clientSecret },
        s.clientAuth === 'client_secret_basic' ? client.ClientSecretBasic(s.clientSecret) : client.ClientSecretPost(s.clientSecret),
        s.issuer.protocol === 'http:' && isLoopback(s.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        this.configuration = undefined;
        throw providerUnreachable(err);
      });
    return this.configuration;
  }

  /** The provider's authorization URL for a new sign-in (S256 PKCE, state and nonce) and what the callback will check. */
  async begin(): Promise<{ url: URL; pending: PendingSignIn }> {
    const configuration = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending: PendingSignIn = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier, startedAt: Date.now() };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri.href,
      scope: this.settings.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /**
   * Checks the provider's answer (state, issuer), exchanges the code with the PKCE verifier and
   * returns the verified ID token's claims (signature, audience, expiry, nonce checked by openid-client).
   */
  async finish(query: string, pending: PendingSignIn): Promise<Claims> {
    const configuration = await this.discover();
    // The configured callback, not the request's own URL: behind a proxy the two differ, and the
    // token endpoint compares redirect_uri with the one the authorization request named.
    const currentUrl = new URL(this.settings.redirectUri.href);
    currentUrl.search = query;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw problemOf(err);
    }
    const claims = tokens.claims();
    if (!claims) throw new ProblemError(400, 'Sign-in failed', 'the identity provider sent no ID token', undefined, { reason: 'provider-answer' });
    return claims;
  }
}

function providerUnreachable(err: unknown): ProblemError {
  const why = err instanceof Error ? err.message : String(err);
  return new ProblemError(502, 'Identity provider unavailable', `the identity provider could not be reached or described itself wrongly (${why})`, undefined, {
    reason: 'provider-unavailable',
  });
}

/** The provider's or openid-client's objection, as a problem that names no token or code. */
function problemOf(err: unknown): ProblemError {
  if (err instanceof client.AuthorizationResponseError) {
    return new ProblemError(403, 'Sign-in refused', `the identity provider did not sign you in (${err.error})`, undefined, { reason: 'provider-refused' });
  }
  if (err instanceof client.ResponseBodyError) {
    return new ProblemError(400, 'Sign-in failed', `the identity provider refused the sign-in code (${err.error}): start again`, undefined, {
      reason: 'provider-answer',
    });
  }
  if (err instanceof client.ClientError) {
    return new ProblemError(400, 'Sign-in failed', `the identity provider's answer did not pass the checks (${err.message}): start again`, undefined, {
      reason: 'provider-answer',
    });
  }
  return providerUnreachable(err);
}
