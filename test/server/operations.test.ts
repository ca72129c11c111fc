/**
 * How the server is run: accounts from the command line, the demo's accounts, the configuration's
 * safe defaults, and the database file (owner-only, durable writes).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/passwords.js';
import { configFromEnv } from '../../server/config.js';
import { availableParallelism } from 'node:os';
import { createDemoAccounts, demoAccountLines } from '../../server/demo/accounts.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { OFFICER, makeApp } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the users command line', () => {
  let dir: string;
  let db: string;
  const users = (args: string[], input = '') =>
    spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['server/cli/users.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ROUNDS_DB: db },
      input,
      encoding: 'utf8',
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-cli-'));
    db = join(dir, 'rounds.sqlite');
    const store = new SqliteStore(db);
    await store.saveOfficer(OFFICER, 'test-setup', false);
    await store.saveSettings({ ...(await store.getSettings()), teams: [{ id: 'west', name: 'West', patch: ['N11'] }] }, 'test-setup');
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds accounts with the password from stdin, lists, sets a password, disables', async () => {
    const added = users(
      ['add', '--username', 'Jo.Leader', '--role', 'team_leader', '--display-name', 'Jo Leader', '--password-stdin'],
      'a long team leader password\n',
    );
    expect(added.status, added.stderr).toBe(0);
    expect(users(['add', '--username', 'officer.a', '--role', 'officer', '--officer', 'officer-a', '--password-stdin'], 'an officer password\n').status).toBe(
      0,
    );
    const list = users(['list']);
    expect(list.stdout.trim().split('\n')).toEqual([
      'jo.leader\tteam_leader\t-\t-\tlocal\tactive\tJo Leader',
      'officer.a\tofficer\tofficer-a\t-\tlocal\tactive\tofficer.a',
    ]);
    // A team leader of one team: the fourth column.
    const team = users(['set-team', '--username', 'jo.leader', '--team', 'west']);
    expect(team.status, team.stderr).toBe(0);
    expect(users(['list']).stdout.split('\n')[0]).toBe('jo.leader\tteam_leader\t-\twest\tlocal\tactive\tJo Leader');

    expect(users(['set-password', '--username', 'jo.leader', '--password-stdin'], 'another long password\n').status).toBe(0);
    expect(users(['disable', '--username', 'officer.a']).status).toBe(0);
    const store = new SqliteStore(db);
    try {
      const creds = await store.accounts.getCredentials('jo.leader');
      expect(creds?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(creds?.passwordHash, 'another long password')).toBe(true);
      expect((await store.accounts.getUser('officer.a'))?.disabled).toBe(true);
      // The audit names the command line's user, never the password.
      const audit = await store.listAudit({ entity: 'user' });
      expect(audit.map((a) => a.actor).every((a) => a.startsWith('cli:'))).toBe(true);
      for (const secret of ['a long team leader password', 'another long password', 'an officer password', '$argon2'])
        expect(JSON.stringify(audit)).not.toContain(secret);
      expect(audit.map((a) => a.action)).toContain('set-password');

      // A single sign-on account released from its person: the next sign-in binds it anew.
      await store.accounts.createUser(
        { username: 'sso.person', displayName: 'SSO', role: 'manager', source: 'oidc', subject: 'https://idp.example sub-1' },
        'test-setup',
      );
      const released = users(['release-subject', '--username', 'sso.person']);
      expect(released.status, released.stderr).toBe(0);
      expect((await store.accounts.getUser('sso.person'))?.subject).toBeUndefined();
      expect(users(['list']).stdout).toContain('sso.person\tmanager\t-\t-\toidc (unbound)\tactive\tSSO');
    } finally {
      await store.close();
    }
  });

  it('answers a bad argument with one line naming it and exit 2', () => {
    const cases: Array<[string[], string, RegExp]> = [
      [['add', '--username', 'x', '--role', 'wizard', '--password-stdin'], 'long enough password', /--role 'wizard'/],
      [['add', '--username', 'y', '--role', 'admin'], '', /--password-stdin/],
      [['add', '--username', 'z', '--role', 'officer', '--password-stdin'], 'long enough password', /--officer/],
      [['add', '--username', 'w', '--role', 'admin', '--password-stdin'], 'short', /at least 12/],
      [['add', '--username', 'bad name!', '--role', 'admin', '--password-stdin'], 'long enough password', /--username 'bad name!'/],
      [['frobnicate'], '', /unknown command 'frobnicate'/],
      [['list', '--bogus'], '', /--bogus/],
      [['disable', '--username', 'nobody.here'], '', /no such account/],
      [['add', '--username', 'v', '--role', 'admin', '--team', 'west', '--password-stdin'], 'long enough password', /--team is only for --role team_leader/],
      [['set-team', '--username', 'officer.a', '--team', 'west'], '', /not a team leader \(role officer\)/],
      [['set-team', '--username', 'jo.leader', '--team', 'nowhere'], '', /--team 'nowhere': not one of the settings' teams/],
      [['list', '--team', 'west'], '', /--team is not for list/],
      [['release-subject', '--username', 'jo.leader'], '', /signs in with a password, not single sign-on/],
    ];
    for (const [args, input, message] of cases) {
      const r = users(args, input);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('the demo accounts', () => {
  it('are made once per database, each with its own generated password, shown once', async () => {
    const t = await makeApp();
    try {
      await t.store.saveOfficer(OFFICER, 'test-setup', false);
      const accounts = await createDemoAccounts(t.store);
      expect(accounts.map((a) => `${a.username}:${a.role}`)).toEqual(['team.leader:team_leader', 'manager:manager', 'admin:admin', 'officer-a:officer']);
      expect(new Set(accounts.map((a) => a.password)).size).toBe(accounts.length);
      for (const a of accounts) expect(a.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
      const lines = demoAccountLines(accounts);
      expect(lines).toHaveLength(5);
      for (const a of accounts) expect(lines.some((l) => l.includes(a.username) && l.includes(a.password))).toBe(true);
      // The stored hash is not the password, and a second call makes nothing.
      expect((await t.store.accounts.getCredentials('team.leader'))?.passwordHash).not.toContain(accounts[0].password);
      expect(await createDemoAccounts(t.store)).toEqual([]);
      const signIn = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'team.leader', password: accounts[0].password } });
      expect(signIn.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('safe defaults', () => {
  it('serves on loopback unless HOST says otherwise; production and ROUNDS_DEMO=0 never seed the demo', () => {
    expect(configFromEnv({}).host).toBe('127.0.0.1');
    expect(configFromEnv({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(configFromEnv({}).demo).toBe(true);
    expect(configFromEnv({ ROUNDS_DEMO: '0' }).demo).toBe(false);
    expect(configFromEnv({ NODE_ENV: 'production' }).demo).toBe(false);
    expect(configFromEnv({ NODE_ENV: 'production', ROUNDS_DEMO: '1' }).demo).toBe(false);
  });

  it('runs each search on two threads where the machine has two cores, as ROUNDS_SEARCH_THREADS says otherwise', () => {
    expect(configFromEnv({}).searchThreads).toBe(Math.min(2, availableParallelism()));
    expect(configFromEnv({ ROUNDS_SEARCH_THREADS: '1' }).searchThreads).toBe(1);
    expect(configFromEnv({ ROUNDS_SEARCH_THREADS: '' }).searchThreads).toBe(Math.min(2, availableParallelism()));
    expect(() => configFromEnv({ ROUNDS_SEARCH_THREADS: '0' })).toThrow(/ROUNDS_SEARCH_THREADS/);
    expect(() => configFromEnv({ ROUNDS_SEARCH_THREADS: 'two' })).toThrow(/ROUNDS_SEARCH_THREADS/);
  });

  it('creates the database readable by its owner only, with durable writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-file-'));
    try {
      const path = join(dir, 'new.sqlite');
      const store = new SqliteStore(path);
      await store.saveOfficer(OFFICER, 'test-setup', false);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
      const pragma = (store as unknown as { db: { db: { pragma: (s: string, o: { simple: true }) => unknown } } }).db.db.pragma('synchronous', {
        simple: true,
      });
      // 2 = FULL: an acknowledged commit survives a power cut, not only a crash.
      expect(pragma).toBe(2);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('closes the connection when it refuses an upload before reading it', async () => {
    const t = await makeApp();
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/cases/import', headers: { 'content-type': 'text/csv' }, payload: 'a,b\n1,2\n' });
      expect(res.statusCode).toBe(401);
      expect(res.headers.connection).toBe('close');
    } finally {
      await t.close();
    }
  });

  it('the API documentation page may use inline styles; nothing else may', async () => {
    const t = await makeApp();
    try {
      const docs = await t.app.inject({ url: '/docs/static/index.html' });
      expect(String(docs.headers['content-security-policy'])).toContain("style-src 'self' 'unsafe-inline'");
      const api = await t.app.inject({ url: '/api/health' });
      expect(String(api.headers['content-security-policy'])).toMatch(/style-src 'self'(;|$)/);
    } finally {
      await t.close();
    }
  });
});
