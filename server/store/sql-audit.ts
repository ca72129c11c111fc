/**
 * The audit trail, on either engine: appended in the transaction of the change it records,
 * listed with filters, and checked as a hash chain.
 *
 * The chain: each row's `hash` is the SHA-256 (lower-case hex) of the UTF-8 JSON text of the array
 *   [id, at, actor, action, entity, entity_id, detail, prev_hash]
 * with `detail` as its stored JSON text and `prev_hash` the previous row's hash (GENESIS for the
 * first row). Changing a row breaks its hash; deleting or inserting one breaks the next row's
 * prev_hash; deleting the last rows shows against the highest id ever given (SQLite's AUTOINCREMENT
 * counter, PostgreSQL's audit_sequence). The database itself refuses UPDATE and DELETE and any INSERT that does not extend the chain (migration 3, as triggers on both engines).
 * Someone who can write the file and recompute every hash can rewrite history undetected: the
 * `audit verify` CLI prints the last hash so that it can be kept elsewhere and compared later.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { SqlClient } from './sql-client.js';
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

/** Appends to the trail in the caller's transaction: its change and its record commit or roll back together. */
export type Audit = (tx: SqlClient, actor: string, action: string, entity: string, entityId: string, detail?: Record<string, unknown>) => Promise<void>;

export class SqlAudit {
  constructor(private readonly db: SqlClient) {}

  /**
   * Appends a row in `tx`. The writer holds the database's write lock (SQLite) or the writes lock
   * (PostgreSQL, pg-client.ts) from its transaction's start, so no other writer can read the same
   * end of the chain and fork it.
   */
  readonly append: Audit = async (tx, actor, action, entity, entityId, detail = {}) => {
    const { seq } = (await tx.get<{ seq: number }>(tx.dialect.auditSequence))!;
    const last = await tx.get<{ hash: string }>('SELECT hash FROM audit ORDER BY id DESC LIMIT 1');
    // The id AUTOINCREMENT would give (it never reuses an id, even of a row that is gone).
    const row = { id: Number(seq) + 1, at: new Date().toISOString(), actor, action, entity, entity_id: entityId, detail: JSON.stringify(detail) };
    const prevHash = last?.hash ?? GENESIS;
    await tx.run('INSERT INTO audit (id, at, actor, action, entity, entity_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      row.id,
      row.at,
      row.actor,
      row.action,
      row.entity,
      row.entity_id,
      row.detail,
      prevHash,
      rowHash(row, prevHash),
    ]);
  };

  /** An event that changes nothing else, in a transaction of its own. */
  record(actor: string, action: string, entity: string, entityId: string, detail: Record<string, unknown> = {}): Promise<void> {
    return this.db.transaction((tx) => this.append(tx, actor, action, entity, entityId, detail));
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const is = (condition: string, ...values: unknown[]) => {
      where.push(condition);
      params.push(...values);
    };
    if (filter.actor !== undefined) is('actor = ?', filter.actor);
    if (filter.action !== undefined) is('action = ?', filter.action);
    if (filter.entity !== undefined) is('entity = ?', filter.entity);
    if (filter.since !== undefined) is('at >= ?', filter.since);
    if (filter.until !== undefined) is('at < ?', filter.until);
    if (filter.before !== undefined) is('id < ?', filter.before);
    if (filter.caseRef !== undefined) {
      // The case itself, or a detail that lists the ref as a whole value (not part of a longer ref).
      is(`((entity = 'case' AND entity_id = ?) OR ${this.db.dialect.detailHasText})`, filter.caseRef, JSON.stringify(filter.caseRef), filter.caseRef);
    }
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (await this.db.all<AuditRow>(sql, [...params, filter.limit ?? 100])).map(entryFromRow);
  }
}

export type ChainReport =
  | { ok: true; rows: number; lastId: number | null; lastHash: string }
  | { ok: false; rows: number; /** The first row that breaks the chain (absent when the schema, not a row, is wrong). */ id?: number; problem: string };

/** Rows read at a time by verify: the whole trail is never in memory. */
const VERIFY_PAGE = 5000;

/**
 * Checks the whole chain, reading the rows in id order a page at a time: the first row that
 * breaks it, or the row count and the last hash. An intact chain with the append-only triggers
 * missing is a break too (someone changed the schema); it is reported after the rows, which say more.
 */
export async function verifyAuditChain(db: SqlClient): Promise<ChainReport> {
  const columns = new Set((await db.all<{ name: string }>(db.dialect.auditColumns)).map((c) => c.name));
  if (!columns.has('hash') || !columns.has('prev_hash'))
    throw new Error('the audit table has no hash chain yet (migration 3): start the server once on this database');

  let expectedPrev = GENESIS;
  let previousId: number | null = null;
  let rows = 0;
  for (;;) {
    const page: AuditRow[] = await db.all<AuditRow>(
      'SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit WHERE id > ? ORDER BY id LIMIT ?',
      [previousId ?? -1, VERIFY_PAGE],
    );
    for (const r of page) {
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
    if (page.length < VERIFY_PAGE) break;
  }
  const seq = Number((await db.get<{ seq: number | null }>(db.dialect.auditSequence))?.seq ?? 0);
  if (seq > (previousId ?? 0)) {
    const from = (previousId ?? 0) + 1;
    return { ok: false, rows, id: from, problem: `rows ${from}${seq > from ? `..${seq}` : ''} were written and are gone: the end of the trail was deleted` };
  }
  const present = new Set((await db.all<{ name: string }>(db.dialect.auditTriggers)).map((t) => t.name));
  const missing = AUDIT_TRIGGERS.filter((t) => !present.has(t));
  if (missing.length > 0) {
    return { ok: false, rows, problem: `the chain is intact but triggers that keep the table append-only are missing: ${missing.join(', ')}` };
  }
  return { ok: true, rows, lastId: previousId, lastHash: expectedPrev };
}
