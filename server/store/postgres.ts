import { PgClient } from './pg-client.js';
import { PG_MIGRATIONS } from './pg-migrations.js';
import { SqlStore } from './sql-store.js';

/** Held while migrating: two API instances starting at once migrate once (the second finds it done). */
const MIGRATE_LOCK = 0x526f6d67; // 'Romg'

/**
 * Applies the migrations not yet applied, all in one transaction under an advisory lock: the
 * database moves from one numbered version to another or not at all.
 */
export async function migratePostgres(client: PgClient): Promise<void> {
  const conn = await client.connect();
  try {
    await conn.query('BEGIN');
    try {
      await conn.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
      await conn.query('CREATE TABLE IF NOT EXISTS migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)');
      const applied = new Set((await conn.query<{ id: number }>('SELECT id FROM migrations')).rows.map((r) => r.id));
      for (const m of PG_MIGRATIONS) {
        if (applied.has(m.id)) continue;
        await conn.query(m.sql);
        await conn.query('INSERT INTO migrations (id, name, applied_at) VALUES ($1, $2, $3)', [m.id, m.name, new Date().toISOString()]);
      }
      await conn.query('COMMIT');
    } catch (err) {
      await conn.query('ROLLBACK');
      throw err;
    }
  } finally {
    conn.release();
  }
}

/** The store on PostgreSQL: the same queries as SQLite's (sql-store.ts) through a pg pool. */
export class PostgresStore extends SqlStore {
  private constructor(client: PgClient) {
    super(client);
  }

  /** Connects, migrates and answers the store; `onError` hears of idle connections the server dropped. */
  static async open(url: string, options: { onError?: (err: Error) => void } = {}): Promise<PostgresStore> {
    const client = new PgClient(url, { onError: options.onError });
    try {
      await migratePostgres(client);
    } catch (err) {
      await client.close();
      throw err;
    }
    return new PostgresStore(client);
  }
}
