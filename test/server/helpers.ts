import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../server/auth/passwords.js';
import type { Role } from '../../server/auth/roles.js';
import { createRoutingBackend } from '../../solver/roads/index.js';
import { buildApp, type AppOptions } from '../../server/app.js';
import { DEFAULT_POSTCODE_DIR, loadPostcodeIndex, type PostcodeIndex } from '../../server/postcodes/index.js';
import type { SqlDatabase } from '../../server/store/sql-client.js';
import type { SqlStore } from '../../server/store/sql-store.js';
import { testDatabase } from '../support/test-store.js';

let postcodes: PostcodeIndex | undefined;

/** The real Code-Point index, read once per test file (it is immutable). */
export function realPostcodes(): PostcodeIndex {
  postcodes ??= loadPostcodeIndex(DEFAULT_POSTCODE_DIR);
  return postcodes;
}

/** Sends a request as a signed-in user (the session cookie added), or with no session for 'anonymous'. */
export type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>;

/** One account per role in every test app, signed in on first use. Passwords meet the length rule. */
export const TEST_ACCOUNTS: Record<Role, { username: string; officerId?: string }> = {
  team_leader: { username: 'tl' },
  manager: { username: 'manager' },
  admin: { username: 'admin' },
  officer: { username: 'officer.a', officerId: 'officer-a' },
};
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: FastifyInstance;
  store: SqlStore;
  dir: string;
  /** ROUNDS_DB of the app's database: its SQLite file, or its PostgreSQL URL in the postgres project. */
  database: string;
  /** A second connection to the app's database for raw SQL (`?` placeholders on both engines); closed with the app. */
  raw: () => SqlDatabase;
  /** As the team leader (who may do most things). */
  inject: Inject;
  /** As one role, or with no session at all. */
  as: (who: Role | 'anonymous') => Inject;
  /** The session cookie header of a role (signs in on first use). */
  cookie: (role: Role) => Promise<string>;
  /** Everything pino wrote, when `captureLogs` was set. */
  logs: () => string;
  close: () => Promise<void>;
}

/** An app on a fresh database (a SQLite file in a fresh temp dir, or a PostgreSQL database: test/support/test-store.ts), with straight-line routing unless told otherwise. */
export async function makeApp(
  options: {
    captureLogs?: boolean;
    extra?: Partial<AppOptions> | ((dir: string) => Partial<AppOptions>);
    /** A store of the test's own (a database it controls), instead of a fresh one; closed with the app. */
    store?: () => Promise<SqlStore>;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-server-'));
  const db = await testDatabase(dir);
  const store = options.store ? await options.store() : await db.open();
  const raws: SqlDatabase[] = [];
  let logText = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      logText += chunk.toString();
      done();
    },
  });
  const routingConfig = { backend: 'haversine' as const };
  const app = await buildApp({
    store,
    postcodes: realPostcodes(),
    routing: await createRoutingBackend(routingConfig),
    routingConfig,
    logger: options.captureLogs ? { level: 'debug', stream } : false,
    // Road data loaded from the app stays in the test's own folder.
    roadData: { dir: join(dir, 'road-data') },
    ...(typeof options.extra === 'function' ? options.extra(dir) : options.extra),
  });
  await app.ready();
  const cookies = new Map<Role, Promise<string>>();
  const cookie = (role: Role) => {
    let c = cookies.get(role);
    if (!c) {
      c = signInAs(app, store, role);
      cookies.set(role, c);
    }
    return c;
  };
  const as =
    (who: Role | 'anonymous'): Inject =>
    async (opts) => {
      if (who === 'anonymous') return app.inject(opts);
      return app.inject({ ...opts, headers: { ...opts.headers, cookie: await cookie(who) } });
    };
  return {
    app,
    store,
    dir,
    database: db.database,
    raw: () => {
      const client = db.raw();
      raws.push(client);
      return client;
    },
    inject: as('team_leader'),
    as,
    cookie,
    logs: () => logText,
    close: async () => {
      await app.close();
      for (const r of raws) await r.close();
      await store.close();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates the role's test account and signs it in through the API; the answer's cookie header. */
async function signInAs(app: FastifyInstance, store: SqlStore, role: Role): Promise<string> {
  const account = TEST_ACCOUNTS[role];
  if (!(await store.accounts.getUser(account.username))) {
    await store.accounts.createUser(
      {
        username: account.username,
        displayName: `Test ${role}`,
        role,
        officerId: account.officerId,
        source: 'local',
        passwordHash: await hashPassword(TEST_PASSWORD),
      },
      'test-setup',
    );
  }
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username: account.username, password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`test sign-in as ${role} failed: ${res.statusCode} ${res.body}`);
  return sessionCookie(res);
}

/** The `name=value` of the session cookie an answer set, for the next request's cookie header. */
export function sessionCookie(res: LightMyRequestResponse): string {
  const set = res.cookies.find((c) => c.name === 'rounds_session');
  if (!set) throw new Error('the answer set no session cookie');
  return `${set.name}=${set.value}`;
}

export const CSV_HEADER =
  'case_ref,debtor_ref,name,address,postcode,lat,lon,debt_type,balance,liability_order_date,notice_date,premises,trading_hours,vulnerable,warning,do_not_visit,previous_attempts';

export function csvBody(rows: string[], header = CSV_HEADER): string {
  return [header, ...rows].join('\n') + '\n';
}

export async function importCsv(inject: Inject, body: string) {
  return inject({ method: 'POST', url: '/api/cases/import', headers: { 'content-type': 'text/csv' }, payload: body });
}

export const OFFICER = {
  id: 'officer-a',
  name: 'Officer A',
  start: { lat: 51.6127, lon: -0.1408 },
  end: { lat: 51.6127, lon: -0.1408 },
  shiftStart: '08:00',
  shiftEnd: '16:30',
  workingDays: [1, 2, 3, 4, 5],
  unavailableDates: [],
  breakMinutes: 30,
  breakWindow: { start: '12:00', end: '14:00' },
  skills: [],
  saturdayQuota: 2,
  saturdayRota: false,
};
