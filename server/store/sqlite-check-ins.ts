import type Database from 'better-sqlite3';
import type { CheckInRecord, CheckInStore, Once, OnceResult } from './store.js';

type Row = Record<string, unknown>;

function checkInFromRow(r: Row): CheckInRecord {
  return { id: r.id as number, officerId: r.officer_id as string, at: r.at as string, recordedBy: r.recorded_by as string };
}

/** The first request a sender made with an Idempotency-Key (migration 8), or undefined. */
export function firstKeyed(db: Database.Database, actor: string, key: string): Row | undefined {
  return db.prepare('SELECT * FROM idempotency_keys WHERE actor = ? AND key = ?').get(actor, key) as Row | undefined;
}

/** Remembers what a keyed request recorded, in the caller's transaction. */
export function rememberKeyed(
  db: Database.Database,
  actor: string,
  once: Once,
  recorded: { outcomeId: number; caseStatus: string } | { checkInId: number },
): void {
  db.prepare('INSERT INTO idempotency_keys (actor, key, fingerprint, outcome_id, case_status, check_in_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    actor,
    once.key,
    once.fingerprint,
    'outcomeId' in recorded ? recorded.outcomeId : null,
    'outcomeId' in recorded ? recorded.caseStatus : null,
    'checkInId' in recorded ? recorded.checkInId : null,
    new Date().toISOString(),
  );
}

/** Lone-working check-ins in the embedded SQLite store (same database and transactions). */
export class SqliteCheckIns implements CheckInStore {
  constructor(private readonly db: Database.Database) {}

  async record(checkIn: Omit<CheckInRecord, 'id'>, day: string, once?: Once): Promise<OnceResult<CheckInRecord>> {
    return this.db.transaction((): OnceResult<CheckInRecord> => {
      const first = once ? firstKeyed(this.db, checkIn.recordedBy, once.key) : undefined;
      if (first) {
        // A key first used for an outcome names no check-in: its fingerprint differs, and the route refuses it.
        const row = first.check_in_id == null ? undefined : (this.db.prepare('SELECT * FROM check_ins WHERE id = ?').get(first.check_in_id) as Row | undefined);
        return { result: row ? checkInFromRow(row) : { id: 0, ...checkIn }, replayed: true, fingerprint: row ? (first.fingerprint as string) : '' };
      }
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO check_ins (officer_id, at, day, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)')
        .run(checkIn.officerId, checkIn.at, day, checkIn.recordedBy, new Date().toISOString());
      const id = Number(lastInsertRowid);
      if (once) rememberKeyed(this.db, checkIn.recordedBy, once, { checkInId: id });
      return { result: { id, ...checkIn }, replayed: false, fingerprint: once?.fingerprint ?? '' };
    })();
  }

  async lastOn(day: string): Promise<CheckInRecord[]> {
    // Plain SQL that ports: the latest row per officer of the day (at is UTC ISO, so text order is time order).
    const rows = this.db
      .prepare(
        `SELECT c.* FROM check_ins c
          WHERE c.day = ? AND c.id = (SELECT c2.id FROM check_ins c2 WHERE c2.day = c.day AND c2.officer_id = c.officer_id ORDER BY c2.at DESC, c2.id DESC LIMIT 1)
          ORDER BY c.officer_id`,
      )
      .all(day) as Row[];
    return rows.map(checkInFromRow);
  }
}
