import pg from 'pg';
import { isDatabaseUnavailable } from './unavailable.js';
import type { Dialect, Params, Row, SqlClient, SqlDatabase } from './sql-client.js';

export const POSTGRES_DIALECT: Dialect = {
  name: 'postgres',
  inList: (column) => `${column} = ANY(?::text[])`,
  listParam: (values) => [...values],
  jsonMember: (column, key) => `(${column}::jsonb -> '${key}')::text`,
  forUpdate: ' FOR UPDATE',
  // strpos narrows the rows cheaply; the jsonpath keeps those where the text is a whole string value.
  detailHasText: `(strpos(detail, ?) > 0 AND jsonb_path_exists(detail::jsonb, 'strict $.** ? (@ == $v)', jsonb_build_object('v', ?::text)))`,
  auditSequence: 'SELECT seq FROM audit_sequence',
  auditTriggers: "SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'audit'::regclass AND NOT tgisinternal",
  auditColumns: "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'audit'",
  async afterErasure(db) {
    // Outside any transaction (VACUUM refuses one): frees the dead row versions holding the erased text.
    await db.exec('VACUUM cases, outcomes, plan_versions, debtor_holds');
  },
};

/**
 * `?` placeholders to PostgreSQL's `$1, $2, ...`, outside quoted strings. A `?` inside a string
 * literal (the jsonpath above) is left alone.
 */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let out = '';
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}

const converted = new Map<string, string>();
function toPg(sql: string): string {
  let s = converted.get(sql);
  if (s === undefined) {
    s = numberPlaceholders(sql);
    converted.set(sql, s);
  }
  return s;
}

/** Every writing transaction takes this lock first: the audit chain has one end, so writers queue, across API instances too. */
const WRITES_LOCK = 0x526f756e; // 'Roun'

type Queryable = pg.Pool | pg.PoolClient;

class PgStatements implements SqlClient {
  readonly dialect = POSTGRES_DIALECT;
  constructor(protected readonly q: Queryable) {}

  async all<T = Row>(sql: string, params: Params = []): Promise<T[]> {
    return (await this.q.query(toPg(sql), params as unknown[])).rows as T[];
  }
  async get<T = Row>(sql: string, params: Params = []): Promise<T | undefined> {
    return (await this.q.query(toPg(sql), params as unknown[])).rows[0] as T | undefined;
  }
  async run(sql: string, params: Params = []): Promise<{ changes: number }> {
    return { changes: (await this.q.query(toPg(sql), params as unknown[])).rowCount ?? 0 };
  }
  async exec(sql: string): Promise<void> {
    await this.q.query(sql);
  }
  /** Inside a transaction: join it. */
  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return fn(this);
  }
}

/** count(*) and other bigint answers as numbers (they stay far below 2^53 here), as SQLite gives them. */
const INT8 = 20;
function getTypeParser(oid: number, format: 'text' | 'binary' = 'text'): (value: string) => unknown {
  if (oid === INT8) return Number;
  return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
}
const types = { getTypeParser };

/**
 * PostgreSQL behind SqlClient: a pool (which reconnects by itself when the server comes back), a
 * transaction on one checked-out connection. Writers are serialised by WRITES_LOCK; a SELECT whose
 * answer decides a write says FOR UPDATE as well (Dialect.forUpdate), so that the row stays as
 * read even for a transaction that never took the lock.
 */
export class PgClient extends PgStatements implements SqlDatabase {
  private readonly pool: pg.Pool;

  constructor(connectionString: string, options: { max?: number; readOnly?: boolean; onError?: (err: Error) => void } = {}) {
    const pool = new pg.Pool({
      connectionString,
      max: options.max ?? 10,
      types,
      connectionTimeoutMillis: 5000,
      ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
    });
    // An idle connection the server dropped (a restart): the pool discards it; without a listener it would crash the process.
    pool.on('error', (err) => options.onError?.(err));
    super(pool);
    this.pool = pool;
  }

  override async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [WRITES_LOCK]);
        const result = await fn(new PgStatements(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw err;
      }
    } catch (err) {
      broken ??= isDatabaseUnavailable(err) ? (err as Error) : undefined;
      throw err;
    } finally {
      // A connection that failed mid-transaction is destroyed, not returned to the pool.
      client.release(broken);
    }
  }

  /** A connection of its own for the migrations (their advisory lock is held by the session). */
  connect(): Promise<pg.PoolClient> {
    return this.pool.connect();
  }

  private ended = false;

  /** Ends the pool; again is harmless. */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.pool.end();
  }
}
