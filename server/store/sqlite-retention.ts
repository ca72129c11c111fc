import type Database from 'better-sqlite3';
import type { Case, CaseStatus, DayPlan } from '../../solver/rules/types.js';
import { closedCaseDue, erasedFields, erasePlanStops, importErasure, planVersionsToPrune } from '../retention.js';
import {
  NotFoundError,
  type DebtorErasure,
  type KeptCase,
  type PlanVersions,
  type RetentionReport,
  type RetentionRequest,
  type RetentionStore,
} from './store.js';

type Row = Record<string, unknown>;
type Audit = (actor: string, action: string, entity: string, entityId: string, detail?: Record<string, unknown>) => void;

/** Thrown inside a dry run's transaction to roll it back with its report. */
/** Thrown to roll a dry run's transaction back, carrying what the run would have done. */
class DryRun extends Error {
  constructor(readonly report: RetentionReport) {
    super('dry run: rolled back');
  }
}

/** Retention and erasure in the embedded SQLite store (same database, same transactions, same audit). */
export class SqliteRetention implements RetentionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly audit: Audit,
    /** Erases the reasons of a debtor's holds (personal data), keeping the record that they were held. */
    private readonly eraseHoldReasons: (debtorRef: string) => number = () => 0,
  ) {}

  async run(request: RetentionRequest): Promise<RetentionReport> {
    // A dry run does everything, then rolls it back: what it reports is exactly what a run would do.
    try {
      return this.db.transaction(() => {
        const report = this.apply(request);
        if (request.dryRun) throw new DryRun(report);
        return report;
      })();
    } catch (err) {
      if (err instanceof DryRun) return err.report;
      throw err;
    }
  }

  private apply({ policy, now, today, actor, dryRun }: RetentionRequest): RetentionReport {
    const at = now.toISOString();
    const prune = planVersionsToPrune(this.planVersions(), today, policy);
    const drop = this.db.prepare(
      // The guard repeats the one rule that must never break: a plan's latest version stays.
      'DELETE FROM plan_versions WHERE plan_id = ? AND version = ? AND version < (SELECT latest_version FROM plans WHERE id = ?)',
    );
    for (const { planId, versions } of prune) for (const v of versions) drop.run(planId, v, planId);

    const closed = this.db
      .prepare("SELECT ref, closed_at FROM cases WHERE status = 'closed' AND erased_at IS NULL AND closed_at IS NOT NULL ORDER BY ref")
      .all() as Row[];
    const due = closed.filter((r) => closedCaseDue(r.closed_at as string, now, policy)).map((r) => r.ref as string);
    this.eraseCases(due, at);
    // A debtor none of whose cases keeps personal data keeps none in their holds either.
    const debtors = this.db
      .prepare(
        'SELECT DISTINCT debtor_ref FROM cases c WHERE ref IN (SELECT value FROM json_each(?)) AND NOT EXISTS (SELECT 1 FROM cases o WHERE o.debtor_ref = c.debtor_ref AND o.erased_at IS NULL)',
      )
      .all(JSON.stringify(due)) as Row[];
    for (const r of debtors) this.eraseHoldReasons(r.debtor_ref as string);
    // Every erased case's notes, so that a note recorded on one after its erasure goes too.
    const outcomeNotesErased = this.db
      .prepare('UPDATE outcomes SET note = NULL WHERE note IS NOT NULL AND case_ref IN (SELECT ref FROM cases WHERE erased_at IS NOT NULL)')
      .run().changes;
    const planStopsErased = this.erasePlans(due);

    const report: RetentionReport = {
      dryRun: dryRun === true,
      today,
      at,
      policy,
      planVersionsPruned: prune,
      casesErased: due,
      outcomeNotesErased,
      planStopsErased,
    };
    // Not even written and rolled back for a dry run: the audit's chain is nobody's to rewind.
    if (!dryRun) {
      this.audit(actor, 'retention', 'retention', today, {
        policy,
        planVersionsPruned: prune.reduce((n, p) => n + p.versions.length, 0),
        plans: prune,
        casesErased: due,
        outcomeNotesErased,
        planStopsErased,
      });
    }
    return report;
  }

  async eraseDebtor(debtorRef: string, reason: string, actor: string, now = new Date()): Promise<DebtorErasure> {
    const at = now.toISOString();
    return this.db.transaction(() => {
      const rows = this.db.prepare('SELECT ref, status, erased_at FROM cases WHERE debtor_ref = ? ORDER BY ref').all(debtorRef) as Row[];
      if (rows.length === 0) throw new NotFoundError(`No cases of debtor '${debtorRef}'`);
      const caseRefs = rows.map((r) => r.ref as string);
      const newlyErased = rows.filter((r) => r.erased_at == null).map((r) => r.ref as string);
      this.eraseCases(newlyErased, at);
      // An erased case has no address to visit: closed, it is out of every plan made from now on.
      const closed = rows.filter((r) => r.status !== 'closed').map((r) => r.ref as string);
      const close = this.db.prepare("UPDATE cases SET status = 'closed', updated_at = ? WHERE ref = ?");
      for (const ref of closed) close.run(at, ref);
      const outcomeNotesErased = this.db
        .prepare('UPDATE outcomes SET note = NULL WHERE note IS NOT NULL AND case_ref IN (SELECT value FROM json_each(?))')
        .run(JSON.stringify(caseRefs)).changes;
      const planStopsErased = this.erasePlans(caseRefs);
      this.db.prepare('INSERT OR IGNORE INTO erasures (debtor_ref, erased_at) VALUES (?, ?)').run(debtorRef, at);
      this.eraseHoldReasons(debtorRef);
      const erasedAt = (this.db.prepare('SELECT erased_at FROM erasures WHERE debtor_ref = ?').get(debtorRef) as Row).erased_at as string;
      const erasure: DebtorErasure = { debtorRef, caseRefs, newlyErased, closed, outcomeNotesErased, planStopsErased, erasedAt };
      // The admin's reason is their own words, kept bounded (the route caps it); the rest is refs and counts.
      this.audit(actor, 'erase', 'debtor', debtorRef, { reason, caseRefs, newlyErased, closed, outcomeNotesErased, planStopsErased });
      return erasure;
    })();
  }

  /**
   * For the import (inside its transaction): the rows that must not write over erased data, each
   * as a kept row saying why, and the erased cases the file reopens (taken, then no longer erased).
   */
  screenImport(cases: readonly Case[], statusAfterImport: (c: Case) => CaseStatus): { blocked: Map<string, KeptCase>; reopened: string[] } {
    const blocked = new Map<string, KeptCase>();
    const reopened: string[] = [];
    const stored = this.db.prepare('SELECT debtor_ref, erased_at FROM cases WHERE ref = ?');
    const debtorErased = this.db.prepare('SELECT erased_at FROM erasures WHERE debtor_ref = ?');
    const erasedOn = (debtorRef: string) => (debtorErased.get(debtorRef) as Row | undefined)?.erased_at as string | undefined;
    for (const c of cases) {
      const row = stored.get(c.ref) as Row | undefined;
      const decision = importErasure({
        erasedAt: (row?.erased_at as string | null) ?? undefined,
        // Either debtor ref: the file's, or the one the case was erased under.
        debtorErasedAt: erasedOn(c.debtorRef) ?? (row ? erasedOn(row.debtor_ref as string) : undefined),
        status: () => statusAfterImport(c),
      });
      if (!decision.take) blocked.set(c.ref, { caseRef: c.ref, fields: ['*'], reason: decision.reason });
      else if (decision.reopens) reopened.push(c.ref);
    }
    return { blocked, reopened };
  }

  /** The import wrote a reopened case's data again: it is no longer erased. */
  clearErased(refs: readonly string[]): void {
    const clear = this.db.prepare('UPDATE cases SET erased_at = NULL WHERE ref = ?');
    for (const ref of refs) clear.run(ref);
  }

  private planVersions(): PlanVersions[] {
    const rows = this.db
      .prepare(
        'SELECT p.id, p.date, p.latest_version, json_group_array(v.version) AS versions FROM plans p JOIN plan_versions v ON v.plan_id = p.id GROUP BY p.id',
      )
      .all() as Row[];
    return rows.map((r) => ({
      planId: r.id as string,
      date: r.date as string,
      latestVersion: r.latest_version as number,
      versions: JSON.parse(r.versions as string) as number[],
    }));
  }

  /** Erases the personal fields of these cases (erasedFields says what each becomes). */
  private eraseCases(refs: readonly string[], at: string): void {
    const read = this.db.prepare('SELECT postcode, lat, lon FROM cases WHERE ref = ?');
    const write = this.db.prepare(`UPDATE cases SET name = @name, address = @address, postcode = @postcode, lat = @lat, lon = @lon,
      trading_hours = NULL, do_not_visit = @doNotVisit, vulnerable = 0, warning = 0, erased_at = @at, updated_at = @at WHERE ref = @ref`);
    for (const ref of refs) {
      const e = erasedFields(read.get(ref) as { postcode: string; lat: number; lon: number });
      write.run({ ref, at, name: e.name, address: e.address, postcode: e.postcode, lat: e.lat, lon: e.lon, doNotVisit: JSON.stringify(e.doNotVisit) });
    }
  }

  /** Erases these cases' stops in every stored plan version that holds them; the stops changed. */
  private erasePlans(refs: readonly string[]): number {
    if (refs.length === 0) return 0;
    const holding = this.db
      .prepare('SELECT DISTINCT plan_id, version FROM plan_stop_cases WHERE case_ref IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(refs)) as Row[];
    // A stop is erased only when every case on it is: those erased before count as well.
    const erasedIn = this.db.prepare(
      'SELECT s.case_ref FROM plan_stop_cases s JOIN cases c ON c.ref = s.case_ref WHERE s.plan_id = ? AND s.version = ? AND c.erased_at IS NOT NULL',
    );
    const read = this.db.prepare('SELECT body FROM plan_versions WHERE plan_id = ? AND version = ?');
    const write = this.db.prepare('UPDATE plan_versions SET body = ? WHERE plan_id = ? AND version = ?');
    let changed = 0;
    for (const { plan_id, version } of holding) {
      const erased = new Set((erasedIn.all(plan_id, version) as Row[]).map((r) => r.case_ref as string));
      const plan = JSON.parse((read.get(plan_id, version) as Row).body as string) as DayPlan;
      const stops = erasePlanStops(plan, erased);
      if (stops > 0) write.run(JSON.stringify(plan), plan_id, version);
      changed += stops;
    }
    return changed;
  }
}
