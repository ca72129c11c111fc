/**
 * The store a test runs on: SQLite in the `sqlite` vitest project, PostgreSQL in the `postgres`
 * one (vite.config.ts), each test app or store test on a fresh database of its own
 * (CREATE DATABASE rounds_test_<random>, dropped on close).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { PgClient } from '../../server/store/pg-client.js';
import { PostgresStore } from '../../server/store/postgres.js';
import type { SqlDatabase } from '../../server/store/sql-client.js';
import type { SqlStore } from '../../server/store/sql-store.js';
import { SqliteClient } from '../../server/store/sqlite-client.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import Database from 'better-sqlite3';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster's admin URL (test/support/pg-global-setup.ts), in the postgres project only. */
    pgUrl: string | undefined;
  }
}

/** True in the postgres project: tests that read or write a SQLite file themselves skip there. */
export const onPostgres = process.env.ROUNDS_TEST_STORE === 'postgres';

/** Which store a test runs on, for test names. */
export const STORE_NAME = onPostgres ? 'PostgreSQL' : 'SQLite';

export interface TestDatabase {
  /** ROUNDS_DB for this database: a file path or a postgres:// URL. */
  database: string;
  open(): Promise<SqlStore>;
  /** A second connection for raw SQL on the same database (the caller closes it). */
  raw(): SqlDatabase;
  /** Drops the database (PostgreSQL); the caller removes its temp dir. */
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = inject('pgUrl');
  if (!url) throw new Error('the postgres project runs without a cluster: see test/support/pg-global-setup.ts');
  return url;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database: a file in `dir` on SQLite, a new database on the test cluster on PostgreSQL. */
export async function testDatabase(dir: string): Promise<TestDatabase> {
  if (!onPostgres) {
    const path = join(dir, 'rounds.sqlite');
    return {
      database: path,
      open: async () => new SqliteStore(path),
      raw: () => new SqliteClient(new Database(path)),
      drop: async () => {},
    };
  }
  const name = `rounds_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const database = url.toString();
  return {
    database,
    open: () => PostgresStore.open(database),
    raw: () => new PgClient(database, { max: 1 }),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
