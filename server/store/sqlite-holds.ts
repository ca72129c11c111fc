import type Database from 'better-sqlite3';
import { reviewsNeeded } from '../../solver/rules/person.js';
import type { Case, DebtorHold, DebtorHoldKind } from '../../solver/rules/types.js';
import { ConflictError, NotFoundError, type Hold, type HoldStore } from './store.js';

type Row = Record<string, unknown>;
type Audit = (actor: string, action: string, entity: string, entityId: string, detail?: Record<string, unknown>) => void;

/** The law keeps vulnerable debtors out of plans whatever the settings say (statutory.ts). */
const LAW = { suspendVulnerable: true };

/** Reasons Rounds writes itself, naming no one. */
export const HOLD_REASONS = {
  importFlag: 'vulnerability flag in the revenues file',
  outcome: "'vulnerable' outcome recorded at a visit",
  review: 'a person at this address is vulnerable: review before anyone visits',
  causeCleared: 'the vulnerability that opened this review was cleared',
} as const;

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
 * Holds on debtors in the embedded SQLite store (same database, transactions and audit). The
 * rules decide who needs a hold (solver/rules/person.ts); this keeps them. The audit records that
 * a hold was set or cleared, its kind and by whom: never the reason.
 */
export class SqliteHolds implements HoldStore {
  constructor(
    private readonly db: Database.Database,
    private readonly audit: Audit,
    /** The cases the rules weigh (open and suspended), read inside the caller's transaction. */
    private readonly openCases: () => Case[],
  ) {}

  async list(debtorRef: string): Promise<Hold[]> {
    const rows = this.db.prepare('SELECT * FROM debtor_holds WHERE debtor_ref = ? ORDER BY id DESC').all(debtorRef) as Row[];
    if (rows.length === 0 && !this.hasCases(debtorRef)) throw new NotFoundError(`No cases of debtor '${debtorRef}'`);
    return rows.map(holdFromRow);
  }

  async forPlanning(): Promise<DebtorHold[]> {
    return this.all();
  }

  async setManual(debtorRef: string, reason: string, actor: string): Promise<Hold> {
    return this.db.transaction(() => {
      if (!this.hasCases(debtorRef)) throw new NotFoundError(`No cases of debtor '${debtorRef}'`);
      return this.insert(debtorRef, 'manual', reason, actor, new Date().toISOString(), null, 'team leader');
    })();
  }

  async clear(debtorRef: string, id: number, reason: string, actor: string): Promise<Hold> {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM debtor_holds WHERE id = ? AND debtor_ref = ?').get(id, debtorRef) as Row | undefined;
      if (!row) throw new NotFoundError(`No hold ${id} on debtor '${debtorRef}'`);
      if (row.cleared_at != null) throw new ConflictError(`Hold ${id} on debtor '${debtorRef}' was cleared already`, 0);
      const at = new Date().toISOString();
      this.markCleared(row, reason, actor, at, 'team leader');
      if (row.kind === 'vulnerable') this.clearReviewsOpenedBy(id, actor, at);
      return holdFromRow(this.db.prepare('SELECT * FROM debtor_holds WHERE id = ?').get(id) as Row);
    })();
  }

  /**
   * In the caller's transaction: a vulnerability recorded for the debtor opens a hold unless one is
   * active. `by` says what recorded it, for the audit.
   */
  vulnerabilityRecorded(debtorRef: string, reason: string, actor: string, at: string, by: 'import' | 'outcome'): void {
    const open = this.db.prepare("SELECT 1 FROM debtor_holds WHERE debtor_ref = ? AND kind = 'vulnerable' AND cleared_at IS NULL").get(debtorRef);
    if (!open) this.insert(debtorRef, 'vulnerable', reason, actor, at, null, by);
  }

  /** In the caller's transaction: opens a review of each debtor the rules say needs one (person.ts, reviewsNeeded). */
  openReviews(actor: string, at: string): void {
    const cases = this.openCases();
    for (const need of reviewsNeeded(cases, this.all(), LAW)) {
      const cause = this.activeVulnerabilityOf(need.because);
      this.insert(need.debtorRef, 'review', HOLD_REASONS.review, actor, at, cause, 'a vulnerability at the address');
    }
  }

  /** Personal data of an erased debtor: the reasons go, the record of holds stays. */
  eraseReasons(debtorRef: string): number {
    return this.db
      .prepare(
        "UPDATE debtor_holds SET reason = '[erased]', clear_reason = CASE WHEN clear_reason IS NULL THEN NULL ELSE '[erased]' END WHERE debtor_ref = ? AND reason <> '[erased]'",
      )
      .run(debtorRef).changes;
  }

  private all(): DebtorHold[] {
    const rows = this.db.prepare('SELECT debtor_ref, kind, set_at, cleared_at FROM debtor_holds ORDER BY id').all() as Row[];
    return rows.map((r) => ({
      debtorRef: r.debtor_ref as string,
      kind: r.kind as DebtorHoldKind,
      setAt: r.set_at as string,
      ...(r.cleared_at != null ? { clearedAt: r.cleared_at as string } : {}),
    }));
  }

  private hasCases(debtorRef: string): boolean {
    return this.db.prepare('SELECT 1 FROM cases WHERE debtor_ref = ? LIMIT 1').get(debtorRef) !== undefined;
  }

  private activeVulnerabilityOf(debtorRefs: readonly string[]): number | null {
    for (const ref of debtorRefs) {
      const row = this.db.prepare("SELECT id FROM debtor_holds WHERE debtor_ref = ? AND kind = 'vulnerable' AND cleared_at IS NULL").get(ref) as
        Row | undefined;
      if (row) return row.id as number;
    }
    return null;
  }

  private insert(debtorRef: string, kind: DebtorHoldKind, reason: string, actor: string, at: string, cause: number | null, by: string): Hold {
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO debtor_holds (debtor_ref, kind, reason, set_by, set_at, cause_hold_id) VALUES (?, ?, ?, ?, ?, ?)')
      .run(debtorRef, kind, reason, actor, at, cause);
    const id = Number(lastInsertRowid);
    // Not the reason: it is personal data (a review's names no one, but reads like a finding about the address).
    this.audit(actor, 'hold-set', 'debtor', debtorRef, { holdId: id, kind, by, ...(cause !== null ? { causeHoldId: cause } : {}) });
    return holdFromRow(this.db.prepare('SELECT * FROM debtor_holds WHERE id = ?').get(id) as Row);
  }

  private markCleared(row: Row, reason: string, actor: string, at: string, by: string): void {
    this.db.prepare('UPDATE debtor_holds SET cleared_by = ?, cleared_at = ?, clear_reason = ? WHERE id = ?').run(actor, at, reason, row.id);
    this.audit(actor, 'hold-cleared', 'debtor', row.debtor_ref as string, { holdId: row.id, kind: row.kind, by });
  }

  /**
   * The reviews a cleared vulnerability opened are cleared with it, unless the debtor still shares
   * an address with someone vulnerable (the rules then still ask for a review: it stays open).
   */
  private clearReviewsOpenedBy(causeId: number, actor: string, at: string): void {
    const reviews = this.db.prepare("SELECT * FROM debtor_holds WHERE cause_hold_id = ? AND kind = 'review' AND cleared_at IS NULL").all(causeId) as Row[];
    if (reviews.length === 0) return;
    const cases = this.openCases();
    for (const review of reviews) {
      const others = this.all().filter((h) => !(h.debtorRef === review.debtor_ref && h.kind === 'review' && h.clearedAt === undefined));
      const still = reviewsNeeded(cases, others, LAW).find((n) => n.debtorRef === review.debtor_ref);
      if (still) {
        this.db.prepare('UPDATE debtor_holds SET cause_hold_id = ? WHERE id = ?').run(this.activeVulnerabilityOf(still.because), review.id);
        continue;
      }
      this.markCleared(review, HOLD_REASONS.causeCleared, actor, at, 'the vulnerability it followed was cleared');
    }
  }
}
