/**
 * The one seam between the store's SQL and a database engine. The store (sql-store.ts and its
 * sql-*.ts parts) writes each query once, with `?` placeholders, against this interface; the
 * SQLite client (sqlite-client.ts) and the PostgreSQL client (pg-client.ts) run it. Where the two
 * engines cannot share a statement, the store asks the client's Dialect for the fragment.
 */

export type Row = Record<string, unknown>;
export type Params = readonly unknown[];

export interface SqlClient {
  readonly dialect: Dialect;
  /** Every row of a query (or of a write with RETURNING). */
  all<T = Row>(sql: string, params?: Params): Promise<T[]>;
  /** The first row, or undefined. */
  get<T = Row>(sql: string, params?: Params): Promise<T | undefined>;
  /** A write: how many rows it changed. */
  run(sql: string, params?: Params): Promise<{ changes: number }>;
  /** Several statements without parameters (a migration). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one transaction on one connection, committed when it resolves and rolled back
   * when it throws. Every statement of the transaction goes through `tx`, never through the outer
   * client. Inside a transaction, `transaction` joins the one already open.
   * Writing transactions are serialised on both engines (the audit chain has one end): SQLite by
   * its write lock and the client's mutex, PostgreSQL by an advisory lock taken first.
   */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}

export interface SqlDatabase extends SqlClient {
  close(): Promise<void>;
}

/**
 * What differs between the engines, each hook the smallest fragment that does. Everything else
 * (upserts with ON CONFLICT ... excluded, INSERT ... RETURNING, partial indexes) is written once.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /**
   * `column IN (...)` over a list bound as one parameter whatever its length (SQLite caps bound
   * parameters): SQLite reads a JSON array with json_each, PostgreSQL takes a text[] with ANY.
   * Bind `listParam(values)` at its `?`.
   */
  inList(column: string): string;
  listParam(values: readonly string[]): unknown;
  /** The JSON text of a top-level member of a JSON text column (not the whole document sent back to be parsed). */
  jsonMember(column: string, key: string): string;
  /** Appended to a SELECT whose answer decides a write in the same transaction (no-op on SQLite, whose writer holds the database). */
  readonly forUpdate: string;
  /**
   * A condition true when the audit row's `detail` (JSON text) has a string value equal to the
   * parameter anywhere in it (not only as part of a longer string). Binds two parameters: the
   * value as JSON text (a cheap text search first) and the value itself.
   */
  readonly detailHasText: string;
  /** A query answering `seq`: the highest audit id ever given, deleted rows included (SQLite: sqlite_sequence; PostgreSQL: audit_sequence, migration 3). */
  readonly auditSequence: string;
  /** A query answering `name` for each trigger on the audit table. */
  readonly auditTriggers: string;
  /** A query answering `name` for each column of the audit table. */
  readonly auditColumns: string;
  /**
   * After an erasure is committed: make the engine let go of the old row versions that still hold
   * the erased names and addresses. SQLite: checkpoint and truncate the write-ahead log (freed pages
   * are zeroed by secure_delete). PostgreSQL: VACUUM the tables an erasure writes, so the dead row
   * versions are freed (their bytes stay in the WAL and in backups until those are recycled:
   * README "Running on PostgreSQL").
   */
  afterErasure(db: SqlClient): Promise<void>;
}
