import type { Row, SqlClient } from './sql-client.js';
import type { CheckInRecord, CheckInStore, Once, OnceResult } from './store.js';

function checkInFromRow(r: Row): CheckInRecord {
  return { id: r.id as number, officerId: r.officer_id as string, at: r.at as string, recordedBy: r.recorded_by as string };
}

/** The first request a sender made with an Idempotency-Key (migration 8), or undefined. */
export function firstKeyed(db: SqlClient, actor: string, key: string): Promise<Row | undefined> {
  return db.get('SELECT * FROM idempotency_keys WHERE actor = ? AND key = ?', [actor, key]);
}

/** Remembers what a keyed request recorded, in the caller's transaction. */
export async function rememberKeyed(
  tx: SqlClient,
  actor: string,
  once: Once,
  recorded: { outcomeId: number; caseStatus: string } | { checkInId: number },
): Promise<void> {
  await tx.run('INSERT INTO idempotency_keys (actor, key, fingerprint, outcome_id, case_status, check_in_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    actor,
    once.key,
    once.fingerprint,
    'outcomeId' in recorded ? recorded.outcomeId : null,
    'outcomeId' in recorded ? recorded.caseStatus : null,
    'checkInId' in recorded ? recorded.checkInId : null,
    new Date().toISOString(),
  ]);
}

/** Lone-working check-ins (same database and transactions as the rest of the store). */
export class SqlCheckIns implements CheckInStore {
  constructor(private readonly db: SqlClient) {}

  async record(checkIn: Omit<CheckInRecord, 'id'>, day: string, once?: Once): Promise<OnceResult<CheckInRecord>> {
    return this.db.transaction(async (tx): Promise<OnceResult<CheckInRecord>> => {
      const first = once ? await firstKeyed(tx, checkIn.recordedBy, once.key) : undefined;
      if (first) {
        // A key first used for an outcome names no check-in: its fingerprint differs, and the route refuses it.
        const row = first.check_in_id == null ? undefined : await tx.get('SELECT * FROM check_ins WHERE id = ?', [first.check_in_id]);
        return { result: row ? checkInFromRow(row) : { id: 0, ...checkIn }, replayed: true, fingerprint: row ? (first.fingerprint as string) : '' };
      }
      const { id } = (await tx.get<{ id: number }>(
        'INSERT INTO check_ins (officer_id, at, day, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
        [checkIn.officerId, checkIn.at, day, checkIn.recordedBy, new Date().toISOString()],
      ))!;
      if (once) await rememberKeyed(tx, checkIn.recordedBy, once, { checkInId: id });
      return { result: { id, ...checkIn }, replayed: false, fingerprint: once?.fingerprint ?? '' };
    });
  }

  async lastOn(day: string): Promise<CheckInRecord[]> {
    // The latest row per officer of the day (at is UTC ISO, so text order is time order).
    const rows = await this.db.all(
      `SELECT c.* FROM check_ins c
        WHERE c.day = ? AND c.id = (SELECT c2.id FROM check_ins c2 WHERE c2.day = c.day AND c2.officer_id = c.officer_id ORDER BY c2.at DESC, c2.id DESC LIMIT 1)
        ORDER BY c.officer_id`,
      [day],
    );
    return rows.map(checkInFromRow);
  }
}
