import { reviewsNeeded } from '../../solver/rules/person.js';
import type { Case, DebtorHold, DebtorHoldKind } from '../../solver/rules/types.js';
import type { Audit } from './sql-audit.js';
import type { Row, SqlClient } from './sql-client.js';
import { ConflictError, NotFoundError, type Hold, type HoldStore } from './store.js';

/** The law keeps vulnerable debtors out of plans whatever the settings say (statutory.ts). */
const LAW = { suspendVulnerable: true };

/** Reasons Rounds writes itself, naming no one. */
export const HOLD_REASONS = {
  importFlag: 'vulnerability flag in the revenues file',
  outcome: "'vulnerable' outcome recorded at a visit",
  review: 'a person at this address is vulnerable: review before anyone visits',
  causeCleared: 'the vulnerability that opened this review was cleared',
  moved: 'a case moved here from another debtor reference, which was held: review before anyone visits',
} as const;

/** A hold as the rules read it. */
function holdOfRow(r: Row): DebtorHold {
  return {
    debtorRef: r.debtor_ref as string,
    kind: r.kind as DebtorHoldKind,
    setAt: r.set_at as string,
    ...(r.cleared_at != null ? { clearedAt: r.cleared_at as string } : {}),
  };
}

function holdFromRow(r: Row): Hold {
  const h: Hold = {
    id: r.id as number,
    debtorRef: r.debtor_ref as string,
    kind: r.kind as DebtorHoldKind,
    reason: r.reason as string,
    setBy: r.set_by as string,
    setAt: r.set_at as string,
  };
  if (r.cleared_at != null) {
    h.clearedBy = r.cleared_by as string;
    h.clearedAt = r.cleared_at as string;
    h.clearReason = r.clear_reason as string;
  }
  return h;
}

/**
 * Holds on debtors (same database, transactions and audit as the rest of the store). The rules
 * decide who needs a hold (solver/rules/person.ts); this keeps them. The audit records that a hold
 * was set or cleared, its kind and by whom: never the reason.
 */
export class SqlHolds implements HoldStore {
  constructor(
    private readonly db: SqlClient,
    private readonly audit: Audit,
    /** The cases the rules weigh (open and suspended), read inside the caller's transaction. */
    private readonly openCases: (tx: SqlClient) => Promise<Case[]>,
  ) {}

  async list(debtorRef: string): Promise<Hold[]> {
    const rows = await this.db.all('SELECT * FROM debtor_holds WHERE debtor_ref = ? ORDER BY id DESC', [debtorRef]);
    if (rows.length === 0 && !(await this.hasCases(this.db, debtorRef))) throw new NotFoundError(`No cases of debtor '${debtorRef}'`);
    return rows.map(holdFromRow);
  }

  async forPlanning(debtorRefs?: readonly string[]): Promise<DebtorHold[]> {
    if (debtorRefs === undefined) return this.all(this.db);
    if (debtorRefs.length === 0) return [];
    const rows = await this.db.all(`SELECT debtor_ref, kind, set_at, cleared_at FROM debtor_holds WHERE ${this.db.dialect.inList('debtor_ref')} ORDER BY id`, [
      this.db.dialect.listParam(debtorRefs),
    ]);
    return rows.map(holdOfRow);
  }

  async setManual(debtorRef: string, reason: string, actor: string): Promise<Hold> {
    return this.db.transaction(async (tx) => {
      if (!(await this.hasCases(tx, debtorRef))) throw new NotFoundError(`No cases of debtor '${debtorRef}'`);
      return this.insert(tx, debtorRef, 'manual', reason, actor, new Date().toISOString(), null, 'team leader');
    });
  }

  async clear(debtorRef: string, id: number, reason: string, actor: string): Promise<Hold> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get(`SELECT * FROM debtor_holds WHERE id = ? AND debtor_ref = ?${tx.dialect.forUpdate}`, [id, debtorRef]);
      if (!row) throw new NotFoundError(`No hold ${id} on debtor '${debtorRef}'`);
      if (row.cleared_at != null) throw new ConflictError(`Hold ${id} on debtor '${debtorRef}' was cleared already`, 0);
      const at = new Date().toISOString();
      await this.markCleared(tx, row, reason, actor, at, 'team leader');
      if (row.kind === 'vulnerable') await this.clearReviewsOpenedBy(tx, id, actor, at);
      return holdFromRow((await tx.get('SELECT * FROM debtor_holds WHERE id = ?', [id]))!);
    });
  }

  /**
   * In the caller's transaction: a vulnerability recorded for the debtor opens a hold of its own,
   * even while another is active: each is a finding a team leader decides on, and clearing an
   * older one (last month's import flag) must not clear today's doorstep finding with it. `by` says
   * what recorded it, for the audit.
   */
  async vulnerabilityRecorded(tx: SqlClient, debtorRef: string, reason: string, actor: string, at: string, by: 'import' | 'outcome'): Promise<void> {
    await this.insert(tx, debtorRef, 'vulnerable', reason, actor, at, null, by);
  }

  /**
   * In the caller's transaction: a case the revenues file now gives another debtor reference (a
   * re-keyed debtor, or a case put right) takes the care of the person it was under: each kind of
   * active vulnerability or manual hold of `from` holds `to` as well, until a team leader clears it.
   */
  async caseMoved(tx: SqlClient, from: string, to: string, actor: string, at: string): Promise<void> {
    const kinds = await tx.all(
      "SELECT DISTINCT kind FROM debtor_holds WHERE debtor_ref = ? AND cleared_at IS NULL AND kind IN ('vulnerable', 'manual') ORDER BY kind",
      [from],
    );
    for (const { kind } of kinds) await this.insert(tx, to, kind as DebtorHoldKind, HOLD_REASONS.moved, actor, at, null, 'a case moved from a held debtor');
  }

  /** In the caller's transaction: opens a review of each debtor the rules say needs one (person.ts, reviewsNeeded). */
  async openReviews(tx: SqlClient, actor: string, at: string): Promise<void> {
    const cases = await this.openCases(tx);
    for (const need of reviewsNeeded(cases, await this.all(tx), LAW)) {
      const cause = await this.activeVulnerabilityOf(tx, need.because);
      await this.insert(tx, need.debtorRef, 'review', HOLD_REASONS.review, actor, at, cause, 'a vulnerability at the address');
    }
  }

  /** In the caller's transaction. Personal data of an erased debtor: the reasons go, the record of holds stays. */
  async eraseReasons(tx: SqlClient, debtorRef: string): Promise<number> {
    return (
      await tx.run(
        // A clear reason written after an erasure is erased as well (its hold's reason already was).
        "UPDATE debtor_holds SET reason = '[erased]', clear_reason = CASE WHEN clear_reason IS NULL THEN NULL ELSE '[erased]' END WHERE debtor_ref = ? AND (reason <> '[erased]' OR clear_reason <> '[erased]')",
        [debtorRef],
      )
    ).changes;
  }

  private async all(db: SqlClient): Promise<DebtorHold[]> {
    const rows = await db.all('SELECT debtor_ref, kind, set_at, cleared_at FROM debtor_holds ORDER BY id');
    return rows.map(holdOfRow);
  }

  private async hasCases(db: SqlClient, debtorRef: string): Promise<boolean> {
    return (await db.get('SELECT 1 FROM cases WHERE debtor_ref = ? LIMIT 1', [debtorRef])) !== undefined;
  }

  private async activeVulnerabilityOf(tx: SqlClient, debtorRefs: readonly string[]): Promise<number | null> {
    for (const ref of debtorRefs) {
      const row = await tx.get("SELECT id FROM debtor_holds WHERE debtor_ref = ? AND kind = 'vulnerable' AND cleared_at IS NULL", [ref]);
      if (row) return row.id as number;
    }
    return null;
  }

  private async insert(
    tx: SqlClient,
    debtorRef: string,
    kind: DebtorHoldKind,
    reason: string,
    actor: string,
    at: string,
    cause: number | null,
    by: string,
  ): Promise<Hold> {
    const row = (await tx.get('INSERT INTO debtor_holds (debtor_ref, kind, reason, set_by, set_at, cause_hold_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING *', [
      debtorRef,
      kind,
      reason,
      actor,
      at,
      cause,
    ]))!;
    // Not the reason: it is personal data (a review's names no one, but reads like a finding about the address).
    await this.audit(tx, actor, 'hold-set', 'debtor', debtorRef, { holdId: row.id, kind, by, ...(cause !== null ? { causeHoldId: cause } : {}) });
    return holdFromRow(row);
  }

  private async markCleared(tx: SqlClient, row: Row, reason: string, actor: string, at: string, by: string): Promise<void> {
    await tx.run('UPDATE debtor_holds SET cleared_by = ?, cleared_at = ?, clear_reason = ? WHERE id = ?', [actor, at, reason, row.id]);
    await this.audit(tx, actor, 'hold-cleared', 'debtor', row.debtor_ref as string, { holdId: row.id, kind: row.kind, by });
  }

  /**
   * The reviews a cleared vulnerability opened are cleared with it, unless the debtor still shares
   * an address with someone vulnerable (the rules then still ask for a review: it stays open).
   */
  private async clearReviewsOpenedBy(tx: SqlClient, causeId: number, actor: string, at: string): Promise<void> {
    const reviews = await tx.all("SELECT * FROM debtor_holds WHERE cause_hold_id = ? AND kind = 'review' AND cleared_at IS NULL", [causeId]);
    if (reviews.length === 0) return;
    const cases = await this.openCases(tx);
    for (const review of reviews) {
      const others = (await this.all(tx)).filter((h) => !(h.debtorRef === review.debtor_ref && h.kind === 'review' && h.clearedAt === undefined));
      const still = reviewsNeeded(cases, others, LAW).find((n) => n.debtorRef === review.debtor_ref);
      if (still) {
        await tx.run('UPDATE debtor_holds SET cause_hold_id = ? WHERE id = ?', [await this.activeVulnerabilityOf(tx, still.because), review.id]);
        continue;
      }
      await this.markCleared(tx, review, HOLD_REASONS.causeCleared, actor, at, 'the vulnerability it followed was cleared');
    }
  }
}
