import { isPostgresUrl } from './database-url.js';
import { SqliteStore } from './sqlite.js';
import type { SqlStore } from './sql-store.js';

/**
 * The store ROUNDS_DB names, migrated and ready: PostgreSQL for a URL, else the SQLite file (made
 * if missing). `onError` hears of PostgreSQL connections dropped while idle (never with the URL).
 */
export async function openStore(database: string, options: { onError?: (err: Error) => void } = {}): Promise<SqlStore> {
  // Loaded only when asked for: a SQLite CLI starts without pg.
  if (isPostgresUrl(database)) return (await import('./postgres.js')).PostgresStore.open(database, options);
  return new SqliteStore(database);
}
