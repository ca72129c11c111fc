/**
 * The audit trail in the embedded store: appended in the transaction of the change it records,
 * listed with filters, and checked as a hash chain.
 *
 * The chain: each row's `hash` is the SHA-256 (lower-case hex) of the UTF-8 JSON text of the array
 *   [id, at, actor, action, entity, entity_id, detail, prev_hash]
 * with `detail` as its stored JSON text and `prev_hash` the previous row's hash (GENESIS for the
 * first row). Changing a row breaks its hash; deleting or inserting one breaks the next row's
 * prev_hash; deleting the last rows shows against SQLite's AUTOINCREMENT counter. The database
 * itself refuses UPDATE and DELETE and any INSERT that does not extend the chain (migration 3).
 * Someone who can write the file and recompute every hash can rewrite history undetected: the
 * `audit verify` CLI prints the last hash so that it can be kept elsewhere and compared later.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditFilter } from './store.js';

/** prev_hash of the first row. */
export const GENESIS = '0'.repeat(64);

/** The SQL function migration 3 hashes the rows written before the chain existed with. */
export const ROW_HASH_FUNCTION = 'audit_row_hash';

/** The triggers of migration 3 that keep the table append-only. */
export const AUDIT_TRIGGERS = ['audit_no_update', 'audit_no_delete', 'audit_append_only'] as const;

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  /** The stored JSON text. */
  detail: string;
  prev_hash: string | null;
  hash: string | null;
}

export function rowHash(r: Omit<AuditRow, 'hash' | 'prev_hash'>, prevHash: string): string {
  const canonical = JSON.stringify([Number(r.id), r.at, r.actor, r.action, r.entity, r.entity_id, r.detail, prevHash]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Makes the hash callable from SQL on this connection (before migrating: migration 3 uses it). */
export function registerAuditHash(db: Database.Database): void {
  db.function(ROW_HASH_FUNCTION, { deterministic: true }, (id, at, actor, action, entity, entityId, detail, prevHash) =>
    rowHash(
      {
        id: Number(id),
        at: String(at),
        actor: String(actor),
        action: String(action),
        entity: String(entity),
        entity_id: String(entityId),
        detail: String(detail),
      },
      String(prevHash),
    ),
  );
}

function entryFromRow(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    prevHash: r.prev_hash ?? '',
    hash: r.hash ?? '',
  };
}

export class SqliteAudit {
  private readonly tail: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly lists = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    // The id AUTOINCREMENT would give (it never reuses an id, even of a row that is gone).
    this.tail = db.prepare(`SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0) AS seq,
      (SELECT hash FROM audit ORDER BY id DESC LIMIT 1) AS hash`);
    this.insert = db.prepare(
      'INSERT INTO audit (id, at, actor, action, entity, entity_id, detail, prev_hash, hash) VALUES (@id, @at, @actor, @action, @entity, @entity_id, @detail, @prev_hash, @hash)',
    );
  }

  /**
   * Appends a row. Inside a transaction it is part of it (the change and its record commit or
   * roll back together); alone, it takes the write lock before reading the chain's end, so that
   * another process writing at the same moment cannot fork the chain.
   */
  append(actor: string, action: string, entity: string, entityId: string, detail: Record<string, unknown> = {}): void {
    const write = () => {
      const { seq, hash } = this.tail.get() as { seq: number; hash: string | null };
      const row = { id: seq + 1, at: new Date().toISOString(), actor, action, entity, entity_id: entityId, detail: JSON.stringify(detail) };
      const prevHash = hash ?? GENESIS;
      this.insert.run({ ...row, prev_hash: prevHash, hash: rowHash(row, prevHash) });
    };
    if (this.db.inTransaction) write();
    else this.db.transaction(write).immediate();
  }

  list(filter: AuditFilter = {}): AuditEntry[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit ?? 100 };
    if (filter.actor !== undefined) {
      where.push('actor = @actor');
      params.actor = filter.actor;
    }
    if (filter.action !== undefined) {
      where.push('action = @action');
      params.action = filter.action;
    }
    if (filter.entity !== undefined) {
      where.push('entity = @entity');
      params.entity = filter.entity;
    }
    if (filter.since !== undefined) {
      where.push('at >= @since');
      params.since = filter.since;
    }
    if (filter.until !== undefined) {
      where.push('at < @until');
      params.until = filter.until;
    }
    if (filter.before !== undefined) {
      where.push('id < @before');
      params.before = filter.before;
    }
    if (filter.caseRef !== undefined) {
      // The text search is cheap and narrows the rows; json_tree then keeps only those where the
      // ref is a whole value of the detail (not part of a longer ref).
      where.push(`((entity = 'case' AND entity_id = @caseRef)
        OR (instr(detail, @caseRefJson) > 0 AND EXISTS (SELECT 1 FROM json_tree(audit.detail) j WHERE j.type = 'text' AND j.atom = @caseRef)))`);
      params.caseRef = filter.caseRef;
      params.caseRefJson = JSON.stringify(filter.caseRef);
    }
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    let stmt = this.lists.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.lists.set(sql, stmt);
    }
    return (stmt.all(params) as AuditRow[]).map(entryFromRow);
  }
}

export type ChainReport =
  | { ok: true; rows: number; lastId: number | null; lastHash: string }
  | { ok: false; rows: number; /** The first row that breaks the chain (absent when the schema, not a row, is wrong). */ id?: number; problem: string };

/**
 * Checks the whole chain, streaming the rows in id order: the first row that breaks it, or the
 * row count and the last hash. An intact chain with the append-only triggers missing is a break
 * too (someone changed the schema); it is reported after the rows, which say more.
 */
export function verifyAuditChain(db: Database.Database): ChainReport {
  const columns = new Set((db.prepare("SELECT name FROM pragma_table_info('audit')").all() as Array<{ name: string }>).map((c) => c.name));
  if (!columns.has('hash') || !columns.has('prev_hash'))
    throw new Error('the audit table has no hash chain yet (migration 3): start the server once on this database');

  let expectedPrev = GENESIS;
  let previousId: number | null = null;
  let rows = 0;
  for (const r of db
    .prepare('SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit ORDER BY id')
    .iterate() as Iterable<AuditRow>) {
    const broken = (problem: string): ChainReport => ({ ok: false, rows, id: r.id, problem });
    if (r.hash === null || r.prev_hash === null) return broken('it has no hash: it was written around the chain');
    if (r.prev_hash !== expectedPrev) {
      return broken(
        previousId === null
          ? 'it does not start the chain: the rows before it were deleted'
          : `it does not follow row ${previousId}: a row between them was deleted or inserted, or row ${previousId} was changed and re-hashed`,
      );
    }
    if (rowHash(r, r.prev_hash) !== r.hash) return broken('its contents do not match its hash: the row was changed after it was written');
    expectedPrev = r.hash;
    previousId = r.id;
    rows++;
  }
  const seq = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").get() as { seq: number } | undefined)?.seq ?? 0;
  if (seq > (previousId ?? 0)) {
    const from = (previousId ?? 0) + 1;
    return { ok: false, rows, id: from, problem: `rows ${from}${seq > from ? `..${seq}` : ''} were written and are gone: the end of the trail was deleted` };
  }
  const present = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'").all() as Array<{ name: string }>).map((t) => t.name),
  );
  const missing = AUDIT_TRIGGERS.filter((t) => !present.has(t));
  if (missing.length > 0) {
    return { ok: false, rows, problem: `the chain is intact but triggers that keep the table append-only are missing: ${missing.join(', ')}` };
  }
  return { ok: true, rows, lastId: previousId, lastHash: expectedPrev };
}
