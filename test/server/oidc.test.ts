/**
 * Council single sign-on, end to end over real HTTP: a real OpenID provider (the oidc-provider
 * package) and Rounds, both listening on 127.0.0.1, and a small browser (a cookie jar that keeps
 * SameSite as a browser does) walking the authorization code + PKCE flow through both.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata } from 'oidc-provider';
import { CookieJar } from 'tough-cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PENDING_PER_ADDRESS, PendingSignIns, identityFromClaims, parseRoleMap, type OidcSettings } from '../../server/auth/oidc.js';
import { configFromEnv } from '../../server/config.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { lookUpSession, startSession } from '../../server/auth/sessions.js';
import { OFFICER, makeApp, type TestApp } from './helpers.js';

const CLIENT_ID = 'rounds';
const CLIENT_SECRET = 'a client secret for the test provider only';
const CALLBACK_PATH = '/api/session/oidc/callback';

/** The provider's people: what its ID tokens say about each (changed by the tests). */
type Person = Record<string, unknown>;
const people = new Map<string, Person>();

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on now, for Rounds (the provider must know Rounds' callback before Rounds starts). */
async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listening(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A real OpenID provider with Rounds registered as a confidential client that must use PKCE. */
async function startProvider(roundsCallback: string): Promise<{ issuer: string; close: () => Promise<void> }> {
  const server = createServer();
  const issuer = `http://127.0.0.1:${await listening(server)}`;
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const client: ClientMetadata = {
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [roundsCallback],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  };
  const provider = new Provider(issuer, {
    clients: [client],
    jwks: { keys: [{ ...signingKey, kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['a cookie key for the test provider only'] },
    pkce: { required: () => true },
    // As Entra does: the role and the officer id in the ID token itself, not only at userinfo.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles', 'employee_id'] },
    features: { devInteractions: { enabled: true } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    async findAccount(_ctx, sub) {
      const person = people.get(sub);
      if (!person) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...person }) };
    },
  });
  const handle = provider.callback();
  // The provider's handler answers the request itself; its promise only says when it is done.
  server.on('request', (req, res) => void handle(req, res));
  return { issuer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface Step {
  response: Response;
  url: URL;
}

/**
 * Just enough of a browser: cookies by host and path, and SameSite as browsers apply it to a
 * navigation: a chain of redirects that came from another site sends Lax cookies, not Strict.
 * (The two servers differ by port only; each is treated as its own site, as Rounds and
 * login.microsoftonline.com are.)
 */
class Browser {
  readonly jar = new CookieJar();
  /** Every Set-Cookie header received, for checking the attributes. */
  readonly setCookies: string[] = [];

  async request(url: URL, options: { crossSite: boolean; method?: 'GET' | 'POST'; form?: Record<string, string>; accept?: string }): Promise<Response> {
    const sameSiteContext = options.crossSite ? 'lax' : 'strict';
    const cookie = await this.jar.getCookieString(url.href, { sameSiteContext });
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (cookie) headers.cookie = cookie;
    if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      redirect: 'manual',
      body: options.form ? new URLSearchParams(options.form).toString() : undefined,
    });
    for (const set of response.headers.getSetCookie()) {
      this.setCookies.push(set);
      await this.jar.setCookie(set, url.href, { sameSiteContext });
    }
    return response;
  }

  /**
   * A navigation started on a page of `from`: follows redirects, and stops before requesting a
   * URL that `stopBefore` picks (so that a test can look at or alter it).
   */
  async navigate(
    url: URL,
    options: { from: string; method?: 'GET' | 'POST'; form?: Record<string, string>; stopBefore?: (next: URL) => boolean },
  ): Promise<Step | { stoppedBefore: URL }> {
    const sites = new Set([new URL(options.from).origin]);
    let current = url;
    let method = options.method ?? 'GET';
    let form = options.form;
    for (let hop = 0; hop < 12; hop++) {
      sites.add(current.origin);
      const response = await this.request(current, { crossSite: sites.size > 1, method, form });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, url: current };
      const next = new URL(location, current);
      if (options.stopBefore?.(next)) return { stoppedBefore: next };
      current = next;
      method = 'GET';
      form = undefined;
    }
    throw new Error('too many redirects');
  }
}

describe('single sign-on with OpenID Connect, against a real OpenID provider', () => {
  let t: TestApp;
  let provider: { issuer: string; close: () => Promise<void> };
  let rounds: string;
  let callback: string;
  let settings: OidcSettings;
  const isCallback = (url: URL) => url.href.startsWith(callback);

  beforeAll(async () => {
    const port = await freePort();
    rounds = `http://127.0.0.1:${port}`;
    callback = `${rounds}${CALLBACK_PATH}`;
    provider = await startProvider(callback);
    settings = configFromEnv({
      ROUNDS_OIDC_ISSUER: provider.issuer,
      ROUNDS_OIDC_CLIENT_ID: CLIENT_ID,
      ROUNDS_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      ROUNDS_PUBLIC_URL: rounds,
      ROUNDS_OIDC_ROLE_MAP: 'Rounds.Officer=officer,Rounds.TeamLeader=team_leader,Rounds.Manager=manager,Rounds.Admin=admin',
      ROUNDS_OIDC_OFFICER_CLAIM: 'employee_id',
    }).oidc!;
    t = await makeApp({ extra: { oidc: settings } });
    await t.store.saveOfficer(OFFICER, 'test-setup', false);
    await t.app.listen({ port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  /**
   * Clicks "Sign in with your council account" on Rounds' page and signs in at the provider as
   * `sub` (its development login form, then its consent form); returns the provider's redirect
   * back to Rounds' callback, not yet followed.
   */
  async function signInAtProvider(browser: Browser, sub: string): Promise<URL> {
    let step = await browser.navigate(new URL('/api/session/oidc', rounds), { from: rounds, stopBefore: isCallback });
    for (let form = 0; form < 4; form++) {
      if ('stoppedBefore' in step) return step.stoppedBefore;
      const html = await step.response.text();
      expect(step.response.status, html).toBe(200);
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      const action = /action="([^"]+)"/.exec(html)?.[1];
      if (!prompt || !action) throw new Error(`not a login or consent page at ${step.url.href}`);
      const fields: Record<string, string> = prompt === 'login' ? { prompt, login: sub, password: 'any password' } : { prompt };
      step = await browser.navigate(new URL(action, step.url), { from: provider.issuer, method: 'POST', form: fields, stopBefore: isCallback });
    }
    throw new Error('the provider never sent the browser back to Rounds');
  }

  /** The provider's redirect to the callback, followed as the browser would (a navigation from the provider's site). */
  async function arrive(browser: Browser, callbackUrl: URL, accept?: string): Promise<Response> {
    return browser.request(callbackUrl, { crossSite: true, accept });
  }

  async function whoAmI(browser: Browser): Promise<Response> {
    return browser.request(new URL('/api/session', rounds), { crossSite: false });
  }

  /** A whole sign-in in a fresh browser; the callback's answer. */
  async function signIn(sub: string, browser = new Browser()): Promise<{ browser: Browser; response: Response }> {
    const response = await arrive(browser, await signInAtProvider(browser, sub));
    return { browser, response };
  }

  async function refusal(response: Response): Promise<{ status: number; reason: unknown; detail: string }> {
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as { reason: unknown; detail: string };
    return { status: response.status, reason: body.reason, detail: body.detail };
  }

  it('says that single sign-on is on, with the words for its button', async () => {
    const res = await fetch(`${rounds}/api/session/providers`);
    expect(await res.json()).toEqual({ password: true, oidc: true, oidcLabel: 'Sign in with your council account' });
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce, remembered by a short-lived Lax cookie', async () => {
    const browser = new Browser();
    const res = await browser.request(new URL('/api/session/oidc', rounds), { crossSite: false });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(to.searchParams.get('redirect_uri')).toBe(callback);
    expect(to.searchParams.get('response_type')).toBe('code');
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('state')!.length).toBeGreaterThanOrEqual(22);
    expect(to.searchParams.get('nonce')!.length).toBeGreaterThanOrEqual(22);
    expect(to.searchParams.get('scope')!.split(' ')).toContain('openid');
    const flow = browser.setCookies.find((c) => c.startsWith('rounds_oidc='))!;
    expect(flow).toMatch(/HttpOnly/i);
    expect(flow).toMatch(/SameSite=Lax/i);
    expect(flow).toMatch(/Path=\/api\/session\/oidc/i);
    expect(flow).toMatch(/Max-Age=600/i);
    // Neither the verifier nor the state is in the cookie: only a handle to the server's record.
    expect(flow).not.toContain(to.searchParams.get('state')!);
  });

  it('signs an officer in: the mapped role and the linked officer, the session cookie of a password sign-in, audited', async () => {
    people.set('jane', {
      preferred_username: 'Jane.Smith@council.example',
      name: 'Jane Smith',
      roles: ['Rounds.Officer', 'Other.App'],
      employee_id: 'officer-a',
    });
    const { browser, response } = await signIn('jane');
    expect(response.status, await response.clone().text()).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    const session = browser.setCookies.find((c) => c.startsWith('rounds_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    // The flow cookie is spent.
    expect(browser.setCookies.filter((c) => c.startsWith('rounds_oidc=')).at(-1)).toMatch(/Expires=Thu, 01 Jan 1970/i);

    const me = await whoAmI(browser);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ username: 'jane.smith@council.example', displayName: 'Jane Smith', role: 'officer', officerId: 'officer-a' });
    const account = await t.store.accounts.getUser('jane.smith@council.example');
    expect(account).toMatchObject({ source: 'oidc', role: 'officer', officerId: 'officer-a', disabled: false });
    // The session carries the officer's rights, as a password session does.
    expect((await browser.request(new URL('/api/officers', rounds), { crossSite: false })).status).toBe(200);
    expect((await browser.request(new URL('/api/users', rounds), { crossSite: false })).status).toBe(403);

    const audit = await t.store.listAudit({ entity: 'session' });
    expect(audit.find((e) => e.actor === 'jane.smith@council.example' && e.action === 'sign-in')?.detail).toEqual({ method: 'oidc' });
  });

  it('takes a change of role at the provider at the next sign-in, and ends the sessions of the old role', async () => {
    people.set('sam', { preferred_username: 'sam.jones@council.example', name: 'Sam Jones', roles: ['Rounds.Officer'], employee_id: 'officer-a' });
    const first = await signIn('sam');
    expect(first.response.status).toBe(302);
    expect(await (await whoAmI(first.browser)).json()).toMatchObject({ role: 'officer', officerId: 'officer-a' });

    people.set('sam', { preferred_username: 'sam.jones@council.example', name: 'Sam Jones', roles: 'Rounds.TeamLeader', employee_id: 'officer-a' });
    const second = await signIn('sam');
    expect(second.response.status).toBe(302);
    expect(await (await whoAmI(second.browser)).json()).toEqual({ username: 'sam.jones@council.example', displayName: 'Sam Jones', role: 'team_leader' });
    expect(await t.store.accounts.getUser('sam.jones@council.example')).toMatchObject({ role: 'team_leader' });
    expect((await t.store.accounts.getUser('sam.jones@council.example'))?.officerId).toBeUndefined();
    // The officer's session carried the old rights.
    expect((await whoAmI(first.browser)).status).toBe(401);
  });

  it('refuses an answer whose state is not the one this browser started with, and signs nobody in', async () => {
    people.set('ann', { preferred_username: 'ann@council.example', name: 'Ann', roles: ['Rounds.Manager'] });
    const browser = new Browser();
    const back = await signInAtProvider(browser, 'ann');
    back.searchParams.set('state', 'a-state-this-browser-never-had');
    const res = await arrive(browser, back);
    expect(await refusal(res)).toMatchObject({ status: 400, reason: 'state' });
    expect(browser.setCookies.some((c) => c.startsWith('rounds_session='))).toBe(false);
    expect((await whoAmI(browser)).status).toBe(401);
    expect(await t.store.accounts.getUser('ann@council.example')).toBeUndefined();
  });

  it('refuses a code brought to another browser (login CSRF), and a code used twice', async () => {
    people.set('bob', { preferred_username: 'bob@council.example', name: 'Bob', roles: ['Rounds.Manager'] });
    const attacker = new Browser();
    const back = await signInAtProvider(attacker, 'bob');
    const victim = new Browser();
    expect(await refusal(await arrive(victim, back))).toMatchObject({ status: 400, reason: 'no-sign-in' });

    const ok = await arrive(attacker, back);
    expect(ok.status).toBe(302);
    expect(await refusal(await arrive(attacker, back))).toMatchObject({ status: 400, reason: 'no-sign-in' });
  });

  it('refuses a person the provider gives no Rounds role, with a page saying so to a browser', async () => {
    people.set('carl', { preferred_username: 'carl@council.example', name: 'Carl', roles: ['Finance.Viewer'] });
    const { response } = await signIn('carl');
    const { status, reason, detail } = await refusal(response);
    expect([status, reason]).toEqual([403, 'no-role']);
    expect(detail).toContain('no Rounds role');
    expect(await t.store.accounts.getUser('carl@council.example')).toBeUndefined();

    const browser = new Browser();
    const page = await arrive(browser, await signInAtProvider(browser, 'carl'), 'text/html,application/xhtml+xml');
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('has no Rounds role');
    expect(html).toContain('href="/"');
  });

  it('refuses a person mapped to two Rounds roles rather than pick one', async () => {
    people.set('dee', { preferred_username: 'dee@council.example', name: 'Dee', roles: ['Rounds.Manager', 'Rounds.Admin'] });
    expect(await refusal((await signIn('dee')).response)).toMatchObject({ status: 403, reason: 'several-roles' });
    expect(await t.store.accounts.getUser('dee@council.example')).toBeUndefined();
  });

  it('refuses an officer whose officer claim is missing, or names no officer in Rounds', async () => {
    people.set('eve', { preferred_username: 'eve@council.example', name: 'Eve', roles: ['Rounds.Officer'] });
    expect(await refusal((await signIn('eve')).response)).toMatchObject({ status: 403, reason: 'no-officer' });
    people.set('eve', { preferred_username: 'eve@council.example', name: 'Eve', roles: ['Rounds.Officer'], employee_id: 'officer-nobody' });
    expect(await refusal((await signIn('eve')).response)).toMatchObject({ status: 403, reason: 'unknown-officer' });
    expect(await t.store.accounts.getUser('eve@council.example')).toBeUndefined();
  });

  it('refuses an account an admin disabled in Rounds', async () => {
    people.set('fay', { preferred_username: 'fay@council.example', name: 'Fay', roles: ['Rounds.TeamLeader'] });
    expect((await signIn('fay')).response.status).toBe(302);
    await t.store.accounts.updateUser('fay@council.example', { disabled: true }, 'admin');
    const { browser, response } = await signIn('fay');
    expect(await refusal(response)).toMatchObject({ status: 403, reason: 'disabled' });
    expect((await whoAmI(browser)).status).toBe(401);
  });

  it('does not take over a password account of the same username', async () => {
    await t.store.accounts.createUser(
      { username: 'gus@council.example', displayName: 'Gus (local)', role: 'manager', source: 'local', passwordHash: 'x' },
      'test-setup',
    );
    people.set('gus', { preferred_username: 'gus@council.example', name: 'Gus', roles: ['Rounds.Admin'] });
    expect(await refusal((await signIn('gus')).response)).toMatchObject({ status: 403, reason: 'password-account' });
    expect(await t.store.accounts.getUser('gus@council.example')).toMatchObject({ source: 'local', role: 'manager', displayName: 'Gus (local)' });
  });

  it('binds an account to its person at the provider: the same username from anyone else is refused until an admin releases it', async () => {
    people.set('hal-1', { preferred_username: 'hal@council.example', name: 'Hal One', roles: ['Rounds.Manager'] });
    expect((await signIn('hal-1')).response.status).toBe(302);
    expect((await t.store.accounts.getUser('hal@council.example'))?.subject).toBe(`${provider.issuer} hal-1`);

    // Hal One leaves; the provider gives the username to someone else.
    people.set('hal-2', { preferred_username: 'hal@council.example', name: 'Hal Two', roles: ['Rounds.Admin'] });
    const { browser, response } = await signIn('hal-2');
    expect(await refusal(response)).toMatchObject({ status: 403, reason: 'another-person' });
    expect((await whoAmI(browser)).status).toBe(401);
    expect(await t.store.accounts.getUser('hal@council.example')).toMatchObject({ displayName: 'Hal One', role: 'manager' });

    // Released (users -- release-subject), the next sign-in keeps the account, and the first person is then refused.
    await t.store.accounts.updateUser('hal@council.example', { subject: null }, 'cli:test');
    expect((await signIn('hal-2')).response.status).toBe(302);
    expect(await t.store.accounts.getUser('hal@council.example')).toMatchObject({ displayName: 'Hal Two', subject: `${provider.issuer} hal-2` });
    expect(await refusal((await signIn('hal-1')).response)).toMatchObject({ status: 403, reason: 'another-person' });
  });

  it('binds an account kept before subjects were at its next sign-in, and says so in the audit', async () => {
    await t.store.accounts.createUser({ username: 'ida@council.example', displayName: 'Ida', role: 'manager', source: 'oidc' }, 'test-setup');
    people.set('ida', { preferred_username: 'ida@council.example', name: 'Ida', roles: ['Rounds.Manager'] });
    // A session from before the binding, perhaps another person's: it ends when the account is bound.
    const before = await startSession(t.store, 'ida@council.example', (await t.store.getSettings()).sessions);
    const { browser, response } = await signIn('ida');
    expect(response.status).toBe(302);
    expect(await lookUpSession(t.store, before.token, (await t.store.getSettings()).sessions)).toBeUndefined();
    expect((await whoAmI(browser)).status).toBe(200);
    expect((await t.store.accounts.getUser('ida@council.example'))?.subject).toBe(`${provider.issuer} ida`);
    const audit = await t.store.listAudit({ entity: 'user' });
    expect(audit.find((e) => e.entityId === 'ida@council.example' && e.action === 'update')?.detail).toEqual({ subjectBound: true });
  });

  it('gives a single sign-on account no password: an admin cannot set one, and one kept from before never signs in', async () => {
    people.set('kit', { preferred_username: 'kit@council.example', name: 'Kit', roles: ['Rounds.Manager'] });
    expect((await signIn('kit')).response.status).toBe(302);
    const set = await t.as('admin')({ method: 'PUT', url: '/api/users/kit@council.example/password', payload: { password: 'a long enough password' } });
    expect(set.statusCode).toBe(409);
    expect((await t.store.accounts.getCredentials('kit@council.example'))?.passwordHash).toBeUndefined();
    // A hash written before this rule (straight into the store): password sign-in still refuses the account.
    const hash = await hashPassword('a long enough password');
    await t.raw().run('UPDATE users SET password_hash = ? WHERE username = ?', [hash, 'kit@council.example']);
    const local = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'kit@council.example', password: 'a long enough password' } });
    expect(local.statusCode).toBe(401);
  });

  it('says so when the person cancels at the provider', async () => {
    people.set('hal', { preferred_username: 'hal@council.example', name: 'Hal', roles: ['Rounds.Manager'] });
    const browser = new Browser();
    const step = await browser.navigate(new URL('/api/session/oidc', rounds), { from: rounds, stopBefore: isCallback });
    if ('stoppedBefore' in step) throw new Error('expected the provider login page');
    const abort = await browser.navigate(new URL(`${step.url.pathname}/abort`, step.url), { from: provider.issuer, stopBefore: isCallback });
    if (!('stoppedBefore' in abort)) throw new Error('expected a redirect back to Rounds');
    expect(abort.stoppedBefore.searchParams.get('error')).toBe('access_denied');
    expect(await refusal(await arrive(browser, abort.stoppedBefore))).toMatchObject({ status: 403, reason: 'provider-refused' });
  });
});

describe('single sign-on switched off (no ROUNDS_OIDC_ISSUER)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
  });
  afterAll(async () => t.close());

  it('offers the password only, and its routes say single sign-on is not set up', async () => {
    expect((await t.as('anonymous')({ url: '/api/session/providers' })).json()).toEqual({ password: true, oidc: false });
    for (const url of ['/api/session/oidc', '/api/session/oidc/callback?code=x&state=y']) {
      const res = await t.as('anonymous')({ url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toContain('single sign-on is not set up');
    }
  });
});

describe("an ID token's claims as a Rounds account", () => {
  const settings = {
    roleClaim: 'roles',
    roleMap: parseRoleMap('Rounds.Officer=officer,Rounds.Lead=team_leader'),
    officerClaim: 'employee_id',
    usernameClaim: 'preferred_username',
    nameClaim: 'name',
  };

  it('reads the username lowercased, the display name, a role given as one string, and a numeric officer id', () => {
    expect(
      identityFromClaims({ preferred_username: 'Kim.Lee@Council.Example', name: ' Kim Lee ', roles: 'Rounds.Officer', employee_id: 4711 }, settings),
    ).toEqual({
      username: 'kim.lee@council.example',
      displayName: 'Kim Lee',
      role: 'officer',
      officerId: '4711',
    });
  });

  it('names no officer for another role, and falls back to the username for a missing name', () => {
    expect(identityFromClaims({ preferred_username: 'lee', roles: ['Rounds.Lead'], employee_id: 'officer-a' }, settings)).toEqual({
      username: 'lee',
      displayName: 'lee',
      role: 'team_leader',
    });
  });

  it("finds a claim by its exact name (Entra's extn.officerId) or by a dotted path (Keycloak's realm_access.roles)", () => {
    const keycloak = { ...settings, roleClaim: 'realm_access.roles', officerClaim: 'extn.officerId' };
    expect(
      identityFromClaims({ preferred_username: 'mo', realm_access: { roles: ['Rounds.Officer'] }, 'extn.officerId': 'officer-7' }, keycloak),
    ).toMatchObject({
      role: 'officer',
      officerId: 'officer-7',
    });
  });

  it('refuses what cannot make an account', () => {
    const reason = (claims: Record<string, unknown>) => {
      try {
        identityFromClaims(claims, settings);
        return 'accepted';
      } catch (err) {
        return (err as { extra: { reason: string } }).extra.reason;
      }
    };
    expect(reason({ roles: ['Rounds.Lead'] })).toBe('no-username');
    expect(reason({ preferred_username: 'has space', roles: ['Rounds.Lead'] })).toBe('no-username');
    expect(reason({ preferred_username: 'x', roles: [] })).toBe('no-role');
    expect(reason({ preferred_username: 'x', roles: ['officer'] })).toBe('no-role');
    expect(reason({ preferred_username: 'x', roles: ['Rounds.Officer', 'Rounds.Lead'] })).toBe('several-roles');
    expect(reason({ preferred_username: 'x', roles: ['Rounds.Officer'], employee_id: 'no spaces allowed' })).toBe('no-officer');
  });
});

describe('single sign-on configuration from the environment', () => {
  const base = {
    ROUNDS_OIDC_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
    ROUNDS_OIDC_CLIENT_ID: 'app-id',
    ROUNDS_OIDC_CLIENT_SECRET: 'secret',
    ROUNDS_PUBLIC_URL: 'https://rounds.council.example',
  };

  it("is off without an issuer, and otherwise reads Entra's defaults", () => {
    expect(configFromEnv({}).oidc).toBeUndefined();
    expect(configFromEnv({ ROUNDS_OIDC_ISSUER: '' }).oidc).toBeUndefined();
    const oidc = configFromEnv(base).oidc!;
    expect(oidc.redirectUri.href).toBe('https://rounds.council.example/api/session/oidc/callback');
    expect(oidc).toMatchObject({
      roleClaim: 'roles',
      usernameClaim: 'preferred_username',
      nameClaim: 'name',
      scopes: 'openid profile',
      clientAuth: 'client_secret_post',
    });
    expect(oidc.roleMap).toEqual({ officer: 'officer', team_leader: 'team_leader', manager: 'manager', admin: 'admin' });
  });

  it('reads a role map as value=role pairs or as JSON (for values with commas)', () => {
    expect(configFromEnv({ ...base, ROUNDS_OIDC_ROLE_MAP: ' Rounds.Officer=officer , Rounds.Admin=admin ' }).oidc!.roleMap).toEqual({
      'Rounds.Officer': 'officer',
      'Rounds.Admin': 'admin',
    });
    expect(configFromEnv({ ...base, ROUNDS_OIDC_ROLE_MAP: '{"CN=Rounds Leads,OU=Groups": "team_leader"}' }).oidc!.roleMap).toEqual({
      'CN=Rounds Leads,OU=Groups': 'team_leader',
    });
  });

  it('stops with one message naming the variable that is wrong or missing', () => {
    const message = (env: Record<string, string>) => {
      try {
        configFromEnv(env);
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(message({ ...base, ROUNDS_OIDC_ROLE_MAP: 'Rounds.Boss=boss' })).toMatch(/^environment variable ROUNDS_OIDC_ROLE_MAP: .*'boss'/);
    expect(message({ ...base, ROUNDS_OIDC_ROLE_MAP: 'officer' })).toMatch(/^environment variable ROUNDS_OIDC_ROLE_MAP:/);
    expect(message({ ...base, ROUNDS_OIDC_CLIENT_SECRET: '' })).toMatch(/^environment variable ROUNDS_OIDC_CLIENT_SECRET: required/);
    expect(message({ ROUNDS_OIDC_CLIENT_ID: 'app-id' })).toMatch(/^environment variable ROUNDS_OIDC_ISSUER: required when ROUNDS_OIDC_CLIENT_ID/);
    expect(message({ ...base, ROUNDS_PUBLIC_URL: '' })).toMatch(/^environment variable ROUNDS_OIDC_REDIRECT_URI: required/);
    expect(message({ ...base, ROUNDS_OIDC_ISSUER: 'http://idp.council.example' })).toMatch(/^environment variable ROUNDS_OIDC_ISSUER: must be https/);
    expect(message({ ...base, ROUNDS_PUBLIC_URL: 'http://rounds.council.example' })).toMatch(/^environment variable ROUNDS_PUBLIC_URL: must be https/);
    expect(message({ ...base, ROUNDS_OIDC_SCOPES: 'profile email' })).toMatch(/^environment variable ROUNDS_OIDC_SCOPES: must include 'openid'/);
  });
});

describe('sign-ins in progress', () => {
  const started = (address: string, i: number) => ({ state: `s${i}`, nonce: `n${i}`, codeVerifier: `v${i}`, startedAt: Date.now(), address });

  it('a flood from one address replaces only its own, never another person’s sign-in', () => {
    const pending = new PendingSignIns();
    const someone = pending.put(started('198.51.100.1', 0));
    const flood = Array.from({ length: 1_500 }, (_, i) => pending.put(started('203.0.113.66', i + 1)));
    expect(pending.take(someone)?.state).toBe('s0');
    // The flooding address keeps only its newest few.
    const kept = flood.filter((handle) => pending.take(handle) !== undefined);
    expect(kept).toEqual(flood.slice(-MAX_PENDING_PER_ADDRESS));
  });
});
