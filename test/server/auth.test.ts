import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../server/auth/sessions.js';
import { configFromEnv } from '../../server/config.js';
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ACCOUNT_AT_ADDRESS,
  MAX_FAILURES_PER_ADDRESS,
  beginAttempt,
  recordFailure,
  retryAfterSeconds,
  throttleKeys,
} from '../../server/auth/throttle.js';
import { OFFICER, TEST_PASSWORD, makeApp, sessionCookie, type TestApp } from './helpers.js';

const signIn = (t: TestApp, username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/session', headers, payload: { username, password } });

const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);

describe('sign-in and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
    // Creates the accounts the helpers sign in with.
    for (const role of ['team_leader', 'admin', 'manager'] as const) await t.cookie(role);
  });
  afterAll(async () => t.close());

  it('signs in with the right password: the user, and a session cookie the page script cannot read', async () => {
    const res = await signIn(t, 'TL', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ username: 'tl', displayName: 'Test team_leader', role: 'team_leader' });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^rounds_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    // Plain http here: a Secure cookie would never come back.
    expect(setCookie).not.toContain('Secure');
    const me = await t.app.inject({ url: '/api/session', headers: { cookie: sessionCookie(res) } });
    expect(me.json()).toMatchObject({ username: 'tl', role: 'team_leader' });
  });

  it('stores only a hash of the token, never the token', async () => {
    const res = await signIn(t, 'tl', TEST_PASSWORD);
    const token = tokenOf(sessionCookie(res));
    expect(await t.store.accounts.getSession(token)).toBeUndefined();
    expect(await t.store.accounts.getSession(hashToken(token))).toMatchObject({ username: 'tl' });
  });

  it('answers a wrong password and an unknown account alike', async () => {
    const wrong = await signIn(t, 'manager', 'not the password at all');
    const unknown = await signIn(t, 'no.such.person', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('refuses further tries on an account after repeated failures, whether or not it exists, even with the right password', async () => {
    for (const username of ['admin', 'ghost.account']) {
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AT_ADDRESS; i++) expect((await signIn(t, username, 'guess number ' + i)).statusCode).toBe(401);
      const locked = await signIn(t, username, username === 'admin' ? TEST_PASSWORD : 'guess again');
      expect(locked.statusCode).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
      expect(locked.json().title).toBe('Too many attempts');
    }
  });

  it('counts guesses sent at once: no more than the limit get a password check', async () => {
    const t2 = await makeApp();
    try {
      const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => signIn(t2, 'all.at.once', `guess ${i}`)));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILURES_PER_ACCOUNT_AT_ADDRESS);
      expect(statuses.filter((s) => s === 429)).toHaveLength(25 - MAX_FAILURES_PER_ACCOUNT_AT_ADDRESS);
    } finally {
      await t2.close();
    }
  });

  it("counts a failure recorded while another attempt's count is on its way back", async () => {
    // On PostgreSQL the count is a round trip: here it reads, then waits until the test lets it answer.
    const t2 = await makeApp();
    try {
      const accounts = t2.store.accounts;
      const count = accounts.countSignInFailures.bind(accounts);
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const keys = throttleKeys('slow.count', '192.0.2.9');
      const earlier = new Date(Date.now() - 60_000).toISOString();
      // One failure short of the limit.
      for (let i = 1; i < MAX_FAILURES_PER_ACCOUNT_AT_ADDRESS; i++) await accounts.recordSignInFailure([keys.accountAtAddress], earlier);

      const first = beginAttempt(keys);
      expect(await retryAfterSeconds(t2.store, keys, { attempt: first })).toBe(0);
      const second = beginAttempt(keys);
      accounts.countSignInFailures = async (key, since) => {
        const n = await count(key, since);
        await gate;
        return n;
      };
      const secondWait = retryAfterSeconds(t2.store, keys, { attempt: second });
      // The first attempt's password was wrong: its failure is written while the second count is out.
      const recorded = recordFailure(t2.store, keys, first);
      setTimeout(open, 50);
      await recorded;
      expect(await secondWait).toBeGreaterThan(0);
      second.release();
    } finally {
      await t2.close();
    }
  });

  it('believes only the address the proxy added, not one the client wrote before it', async () => {
    const t2 = await makeApp({ extra: { trustProxy: 'loopback' } });
    try {
      // The client writes a new address each time; the proxy appends the one it saw (the same).
      for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
        const res = await signIn(t2, `person${i}`, 'wrong password', { 'x-forwarded-for': `10.9.0.${i}, 198.51.100.7` });
        expect(res.statusCode).toBe(401);
      }
      expect((await signIn(t2, 'person.new', 'wrong password', { 'x-forwarded-for': '10.9.1.1, 198.51.100.7' })).statusCode).toBe(429);
    } finally {
      await t2.close();
    }
  });

  it('ROUNDS_TRUST_PROXY=true trusts a proxy on this machine, never every X-Forwarded-For entry', () => {
    expect(configFromEnv({ ROUNDS_TRUST_PROXY: 'true' }).trustProxy).toBe('loopback');
    expect(configFromEnv({ ROUNDS_TRUST_PROXY: '10.0.0.2, 10.0.0.3' }).trustProxy).toBe('10.0.0.2, 10.0.0.3');
    expect(configFromEnv({}).trustProxy).toBe(false);
  });

  it('holds an account where the guesses come from: its user signs in from elsewhere, until guesses from many addresses hold it everywhere', async () => {
    const t2 = await makeApp({ extra: { trustProxy: 'loopback' } });
    const from = (i: number) => ({ 'x-forwarded-for': `198.51.100.${i}` });
    try {
      await t2.as('manager')({ url: '/api/session' }); // the account exists from here
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AT_ADDRESS; i++) expect((await signIn(t2, 'manager', `guess ${i}`, from(1))).statusCode).toBe(401);
      expect((await signIn(t2, 'manager', TEST_PASSWORD, from(1))).statusCode).toBe(429);
      expect((await signIn(t2, 'manager', TEST_PASSWORD, from(200))).statusCode).toBe(200);
      // Its success clears the account's count, not the guessing address's hold.
      expect((await signIn(t2, 'manager', TEST_PASSWORD, from(1))).statusCode).toBe(429);
      // 25 failures from five addresses: then the account waits wherever its user is.
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
        const address = 2 + Math.floor(i / MAX_FAILURES_PER_ACCOUNT_AT_ADDRESS);
        expect((await signIn(t2, 'manager', `guess ${i}`, from(address))).statusCode).toBe(401);
      }
      expect((await signIn(t2, 'manager', TEST_PASSWORD, from(201))).statusCode).toBe(429);
    } finally {
      await t2.close();
    }
  });

  it('refuses further tries from an address after many failures across accounts', async () => {
    const from = { 'x-forwarded-for': '203.0.113.9' };
    const t2 = await makeApp({ extra: { trustProxy: 'loopback' } });
    try {
      for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) expect((await signIn(t2, `someone${i}`, 'wrong password', from)).statusCode).toBe(401);
      expect((await signIn(t2, 'someone.new', 'wrong password', from)).statusCode).toBe(429);
      // Another address is not held up.
      expect((await signIn(t2, 'someone.new', 'wrong password', { 'x-forwarded-for': '203.0.113.10' })).statusCode).toBe(401);
    } finally {
      await t2.close();
    }
  });

  it('marks the cookie Secure when served over HTTPS (behind a trusted proxy)', async () => {
    const t2 = await makeApp({ extra: { trustProxy: 'loopback' } });
    try {
      await t2.cookie('team_leader');
      const res = await signIn(t2, 'tl', TEST_PASSWORD, { 'x-forwarded-proto': 'https' });
      expect(String(res.headers['set-cookie'])).toContain('Secure');
    } finally {
      await t2.close();
    }
  });

  it('needs a session everywhere but the health check and sign-in, and ignores x-rounds-user', async () => {
    const none = await t.app.inject({ url: '/api/cases', headers: { 'x-rounds-user': 'tl' } });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(none.json()).toMatchObject({ status: 401, reason: 'no-session' });
    // A signed-in user's change is audited under their name, whatever the header says.
    const officer = await t.inject({
      method: 'POST',
      url: '/api/officers',
      headers: { 'x-rounds-user': 'someone.else' },
      payload: { ...OFFICER, id: 'officer-z', name: 'Officer Z' },
    });
    expect(officer.statusCode).toBe(201);
    const audit = (await t.inject({ url: '/api/audit?entity=officer' })).json();
    expect(audit[0]).toMatchObject({ action: 'create', actor: 'tl' });
  });

  it('ends a session after the idle time and after the absolute time, and says so', async () => {
    const cookie = sessionCookie(await signIn(t, 'manager', TEST_PASSWORD));
    const idHash = hashToken(tokenOf(cookie));
    expect((await t.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
    // 31 minutes without a request (the default idle limit is 30).
    await t.store.accounts.touchSession(idHash, new Date(Date.now() - 31 * 60_000).toISOString());
    const idle = await t.app.inject({ url: '/api/session', headers: { cookie } });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().reason).toBe('session-expired');
    expect(String(idle.headers['set-cookie'])).toMatch(/rounds_session=;/);
    expect(await t.store.accounts.getSession(idHash)).toBeUndefined();

    // Busy all day: still over after the absolute limit.
    const token = 'an-absolute-expiry-test-token';
    const now = new Date().toISOString();
    await t.store.accounts.createSession({
      idHash: hashToken(token),
      username: 'manager',
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const absolute = await t.app.inject({ url: '/api/session', headers: { cookie: `rounds_session=${token}` } });
    expect(absolute.statusCode).toBe(401);
    expect(absolute.json().reason).toBe('session-expired');
  });

  it('signs out: the session is gone on the server, not only in the browser', async () => {
    const cookie = sessionCookie(await signIn(t, 'manager', TEST_PASSWORD));
    expect((await t.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
  });

  it('a disabled account is signed out at once and cannot sign in; a new password ends old sessions', async () => {
    const admin = t.as('admin');
    const created = await admin({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'temp.user', displayName: 'Temp', role: 'manager', password: 'first long password' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).not.toHaveProperty('passwordHash');
    const cookie = sessionCookie(await signIn(t, 'temp.user', 'first long password'));
    expect((await admin({ method: 'PUT', url: '/api/users/temp.user/password', payload: { password: 'second long password' } })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
    const again = sessionCookie(await signIn(t, 'temp.user', 'second long password'));
    expect((await admin({ method: 'PATCH', url: '/api/users/temp.user', payload: { disabled: true } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/session', headers: { cookie: again } })).statusCode).toBe(401);
    const refused = await signIn(t, 'temp.user', 'second long password');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toBe('wrong username or password');
  });

  it('refuses an account named as the system writes itself into the audit trail', async () => {
    for (const username of ['identity-provider', 'Migration']) {
      const res = await t.as('admin')({
        method: 'POST',
        url: '/api/users',
        payload: { username, displayName: 'X', role: 'team_leader', password: 'a long enough password' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'body.username', message: 'a name the system uses in the audit trail' }]);
    }
  });

  it('refuses a short password, an officer account without its officer, and an admin disabling themselves', async () => {
    const admin = t.as('admin');
    const short = await admin({ method: 'POST', url: '/api/users', payload: { username: 'short.pw', displayName: 'S', role: 'manager', password: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].field).toBe('body.password');
    const noOfficer = await admin({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'no.officer', displayName: 'N', role: 'officer', password: 'a long enough password' },
    });
    expect(noOfficer.statusCode).toBe(422);
    expect(noOfficer.json().errors[0].field).toBe('body.officerId');
    expect((await admin({ method: 'PATCH', url: '/api/users/admin', payload: { disabled: true } })).statusCode).toBe(422);
  });

  it("keeps one enabled admin: of two admins taking each other's rights at once, one is refused", async () => {
    // An app of its own: the shared one's admin session would end with its rights.
    const own = await makeApp();
    try {
      for (const username of ['admin.one', 'admin.two', 'admin.three'])
        await own.store.accounts.createUser({ username, displayName: username, role: 'admin', source: 'local' }, 'test-setup');
      // With three, one may go.
      await own.store.accounts.updateUser('admin.three', { disabled: true }, 'admin.one');
      // The two left demote each other at the same moment: one change passes, the other is refused.
      const [one, two] = await Promise.allSettled([
        own.store.accounts.updateUser('admin.one', { role: 'manager' }, 'admin.two'),
        own.store.accounts.updateUser('admin.two', { role: 'manager' }, 'admin.one'),
      ]);
      expect([one.status, two.status].sort()).toEqual(['fulfilled', 'rejected']);
      const refused = (one.status === 'rejected' ? one : two) as PromiseRejectedResult;
      expect(String(refused.reason)).toMatch(/the last enabled admin/);
      const admins = (await own.store.accounts.listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
      expect(admins).toHaveLength(1);
      // Nor may the last one be disabled.
      await expect(own.store.accounts.updateUser(admins[0].username, { disabled: true }, 'someone')).rejects.toThrow(/the last enabled admin/);
    } finally {
      await own.close();
    }
  });

  it("does not write back a team leader's team that another admin changed while the change was worked out", async () => {
    const own = await makeApp();
    try {
      await own.store.accounts.createUser(
        { username: 'tl.move', displayName: 'Moving Leader', role: 'team_leader', team: 'north', source: 'local' },
        'test-setup',
      );
      // Admin B read the account (team north) to change its name; admin A moves it to south first.
      const read = { role: 'team_leader' as const, officerId: null, team: 'north' };
      await own.store.accounts.updateUser('tl.move', { team: 'south' }, 'admin.a');
      await expect(own.store.accounts.updateUser('tl.move', { displayName: 'Renamed', officerId: null, team: 'north' }, 'admin.b', read)).rejects.toThrow(
        /was changed meanwhile/,
      );
      expect(await own.store.accounts.getUser('tl.move')).toMatchObject({ team: 'south', displayName: 'Moving Leader' });
      // Made on what it is now, the change passes.
      await own.store.accounts.updateUser('tl.move', { displayName: 'Renamed', officerId: null, team: 'south' }, 'admin.b', { ...read, team: 'south' });
      expect(await own.store.accounts.getUser('tl.move')).toMatchObject({ team: 'south', displayName: 'Renamed' });
    } finally {
      await own.close();
    }
  });

  it('refuses a cross-site write even with a valid session', async () => {
    const res = await t.as('admin')({ method: 'PATCH', url: '/api/settings', headers: { origin: 'https://evil.example' }, payload: {} });
    expect(res.statusCode).toBe(403);
    const same = await t.as('admin')({ method: 'PATCH', url: '/api/settings', headers: { origin: 'http://localhost:80', host: 'localhost:80' }, payload: {} });
    expect(same.statusCode).toBe(200);
  });

  it('sends security headers, and no-store on answers with personal data', async () => {
    const res = await t.inject({ url: '/api/cases' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
