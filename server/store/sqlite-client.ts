import type Database from 'better-sqlite3';
import { Mutex } from 'async-mutex';
import type { Dialect, Params, Row, SqlClient, SqlDatabase } from './sql-client.js';

export const SQLITE_DIALECT: Dialect = {
  name: 'sqlite',
  inList: (column) => `${column} IN (SELECT value FROM json_each(?))`,
  listParam: (values) => JSON.stringify(values),
  jsonMember: (column, key) => `json_extract(${column}, '$.${key}')`,
  forUpdate: '',
  // instr narrows the rows cheaply; json_tree keeps those where the text is a whole value.
  detailHasText: `(instr(detail, ?) > 0 AND EXISTS (SELECT 1 FROM json_tree(audit.detail) j WHERE j.type = 'text' AND j.atom = ?))`,
  auditSequence: "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0) AS seq",
  auditTriggers: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'",
  auditColumns: "SELECT name FROM pragma_table_info('audit')",
  async afterErasure(db) {
    // A busy reader only delays the truncation to the next checkpoint.
    await db.get('PRAGMA wal_checkpoint(TRUNCATE)');
  },
};

/** Statements straight on the connection: inside a transaction, or for the sync open path. */
class Direct implements SqlClient {
  readonly dialect = SQLITE_DIALECT;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  /** Prepared once per SQL text: preparing costs more than running these small queries. */
  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  async all<T = Row>(sql: string, params: Params = []): Promise<T[]> {
    return this.stmt(sql).all(...params) as T[];
  }
  async get<T = Row>(sql: string, params: Params = []): Promise<T | undefined> {
    return this.stmt(sql).get(...params) as T | undefined;
  }
  async run(sql: string, params: Params = []): Promise<{ changes: number }> {
    return { changes: this.stmt(sql).run(...params).changes };
  }
  async exec(sql: string): Promise<void> {
    this.db.exec(sql);
  }
  /** Already in the transaction: join it. */
  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return fn(this);
  }
}

/**
 * better-sqlite3 behind the async SqlClient. One connection serves every request, and a
 * transaction's statements are now awaited one by one: a mutex holds a transaction's turn from
 * BEGIN to COMMIT, and a statement outside a transaction waits while one is open, so that no
 * request's statement ever runs inside another's transaction. BEGIN IMMEDIATE takes the write
 * lock at once (another process, a CLI, waits on busy_timeout rather than failing mid-way).
 */
export class SqliteClient implements SqlDatabase {
  readonly dialect = SQLITE_DIALECT;
  private readonly direct: Direct;
  private readonly mutex = new Mutex();

  constructor(readonly db: Database.Database) {
    this.direct = new Direct(db);
  }

  private whenFree<T>(f: () => Promise<T>): Promise<T> {
    return this.mutex.isLocked() ? this.mutex.runExclusive(f) : f();
  }

  all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    return this.whenFree(() => this.direct.all<T>(sql, params));
  }
  get<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return this.whenFree(() => this.direct.get<T>(sql, params));
  }
  run(sql: string, params?: Params): Promise<{ changes: number }> {
    return this.whenFree(() => this.direct.run(sql, params));
  }
  exec(sql: string): Promise<void> {
    return this.whenFree(() => this.direct.exec(sql));
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return this.mutex.runExclusive(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  /** Synchronous transaction for the migrations run as the store opens (its constructor). */
  transactionSync(fn: () => void): void {
    this.db.transaction(fn).immediate();
  }

  async close(): Promise<void> {
    // Let a transaction in flight finish first.
    await this.mutex.runExclusive(() => this.db.close());
  }
}
