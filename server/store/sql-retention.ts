import type { Case, CaseStatus, DayPlan } from '../../solver/rules/types.js';
import { closedCaseDue, erasedFields, erasePlanStops, importErasure, planVersionsToPrune } from '../retention.js';
import type { Audit } from './sql-audit.js';
import type { SqlClient } from './sql-client.js';
import {
  NotFoundError,
  type DebtorErasure,
  type KeptCase,
  type PlanVersions,
  type RetentionReport,
  type RetentionRequest,
  type RetentionStore,
} from './store.js';

/** How long a phone's Idempotency-Key is remembered (server/routes/idempotency.ts): a replay after that is a new request. */
export const IDEMPOTENCY_KEY_DAYS = 30;

/** Thrown to roll a dry run's transaction back, carrying what the run would have done. */
class DryRun extends Error {
  constructor(readonly report: RetentionReport) {
    super('dry run: rolled back');
  }
}

/** Retention and erasure (same database, same transactions, same audit as the rest of the store). */
export class SqlRetention implements RetentionStore {
  constructor(
    private readonly db: SqlClient,
    private readonly audit: Audit,
    /** Erases the reasons of a debtor's holds (personal data), keeping the record that they were held. */
    private readonly eraseHoldReasons: (tx: SqlClient, debtorRef: string) => Promise<number> = async () => 0,
  ) {}

  async run(request: RetentionRequest): Promise<RetentionReport> {
    // A dry run does everything, then rolls it back: what it reports is exactly what a run would do.
    try {
      const report = await this.db.transaction(async (tx) => {
        const report = await this.apply(tx, request);
        if (request.dryRun) throw new DryRun(report);
        return report;
      });
      await this.db.dialect.afterErasure(this.db);
      return report;
    } catch (err) {
      if (err instanceof DryRun) return err.report;
      throw err;
    }
  }

  private async apply(tx: SqlClient, { policy, now, today, actor, dryRun }: RetentionRequest): Promise<RetentionReport> {
    const at = now.toISOString();
    const prune = planVersionsToPrune(await this.planVersions(tx), today, policy);
    for (const { planId, versions } of prune)
      for (const v of versions)
        await tx.run(
          // The guard repeats the one rule that must never break: a plan's latest version stays.
          'DELETE FROM plan_versions WHERE plan_id = ? AND version = ? AND version < (SELECT latest_version FROM plans WHERE id = ?)',
          [planId, v, planId],
        );

    const closed = await tx.all("SELECT ref, closed_at FROM cases WHERE status = 'closed' AND erased_at IS NULL AND closed_at IS NOT NULL ORDER BY ref");
    const due = closed.filter((r) => closedCaseDue(r.closed_at as string, now, policy)).map((r) => r.ref as string);
    await this.eraseCases(tx, due, at);
    // A debtor none of whose cases keeps personal data keeps none in their holds either: every such
    // debtor with a reason still in words, so that one written after their erasure goes too.
    const debtors = await tx.all(
      `SELECT DISTINCT h.debtor_ref FROM debtor_holds h
        WHERE (h.reason <> '[erased]' OR h.clear_reason <> '[erased]')
          AND EXISTS (SELECT 1 FROM cases c WHERE c.debtor_ref = h.debtor_ref)
          AND NOT EXISTS (SELECT 1 FROM cases o WHERE o.debtor_ref = h.debtor_ref AND o.erased_at IS NULL)`,
    );
    for (const r of debtors) await this.eraseHoldReasons(tx, r.debtor_ref as string);
    // Every erased case's notes, so that a note recorded on one after its erasure goes too.
    const outcomeNotesErased = (
      await tx.run('UPDATE outcomes SET note = NULL WHERE note IS NOT NULL AND case_ref IN (SELECT ref FROM cases WHERE erased_at IS NOT NULL)')
    ).changes;
    const planStopsErased = await this.erasePlans(tx, due);
    // A phone re-sends a queued outcome within hours of losing its signal, not a month later: its
    // keys need not be kept for ever (each names who sent it, an officer's trail of requests).
    const keysBefore = new Date(now.getTime() - IDEMPOTENCY_KEY_DAYS * 86_400_000).toISOString();
    const idempotencyKeysForgotten = (await tx.run('DELETE FROM idempotency_keys WHERE created_at < ?', [keysBefore])).changes;

    const report: RetentionReport = {
      dryRun: dryRun === true,
      today,
      at,
      policy,
      planVersionsPruned: prune,
      casesErased: due,
      outcomeNotesErased,
      planStopsErased,
      idempotencyKeysForgotten,
    };
    // Not even written and rolled back for a dry run: the audit's chain is nobody's to rewind.
    if (!dryRun) {
      await this.audit(tx, actor, 'retention', 'retention', today, {
        policy,
        planVersionsPruned: prune.reduce((n, p) => n + p.versions.length, 0),
        plans: prune,
        casesErased: due,
        outcomeNotesErased,
        planStopsErased,
        idempotencyKeysForgotten,
      });
    }
    return report;
  }

  async eraseDebtor(debtorRef: string, reason: string, actor: string, now = new Date()): Promise<DebtorErasure> {
    const at = now.toISOString();
    const erasure = await this.db.transaction(async (tx) => {
      const rows = await tx.all(`SELECT ref, status, erased_at FROM cases WHERE debtor_ref = ? ORDER BY ref${tx.dialect.forUpdate}`, [debtorRef]);
      if (rows.length === 0) throw new NotFoundError(`No cases of debtor '${debtorRef}'`);
      const caseRefs = rows.map((r) => r.ref as string);
      const newlyErased = rows.filter((r) => r.erased_at == null).map((r) => r.ref as string);
      await this.eraseCases(tx, newlyErased, at);
      // An erased case has no address to visit: closed, it is out of every plan made from now on.
      const closed = rows.filter((r) => r.status !== 'closed').map((r) => r.ref as string);
      for (const ref of closed) await tx.run("UPDATE cases SET status = 'closed', updated_at = ? WHERE ref = ?", [at, ref]);
      const outcomeNotesErased = (
        await tx.run(`UPDATE outcomes SET note = NULL WHERE note IS NOT NULL AND ${tx.dialect.inList('case_ref')}`, [tx.dialect.listParam(caseRefs)])
      ).changes;
      const planStopsErased = await this.erasePlans(tx, caseRefs);
      await tx.run('INSERT INTO erasures (debtor_ref, erased_at) VALUES (?, ?) ON CONFLICT (debtor_ref) DO NOTHING', [debtorRef, at]);
      await this.eraseHoldReasons(tx, debtorRef);
      const erasedAt = (await tx.get('SELECT erased_at FROM erasures WHERE debtor_ref = ?', [debtorRef]))!.erased_at as string;
      const erasure: DebtorErasure = { debtorRef, caseRefs, newlyErased, closed, outcomeNotesErased, planStopsErased, erasedAt };
      // The admin's reason is their own words, kept bounded (the route caps it); the rest is refs and counts.
      await this.audit(tx, actor, 'erase', 'debtor', debtorRef, { reason, caseRefs, newlyErased, closed, outcomeNotesErased, planStopsErased });
      return erasure;
    });
    await this.db.dialect.afterErasure(this.db);
    return erasure;
  }

  /**
   * For the import (inside its transaction): the rows that must not write over erased data, each
   * as a kept row saying why, and the erased cases the file reopens (taken, then no longer erased).
   */
  async screenImport(
    tx: SqlClient,
    cases: readonly Case[],
    statusAfterImport: (c: Case) => Promise<CaseStatus>,
  ): Promise<{ blocked: Map<string, KeptCase>; reopened: string[] }> {
    const blocked = new Map<string, KeptCase>();
    const reopened: string[] = [];
    const erasedOn = async (debtorRef: string) =>
      (await tx.get('SELECT erased_at FROM erasures WHERE debtor_ref = ?', [debtorRef]))?.erased_at as string | undefined;
    for (const c of cases) {
      const row = await tx.get('SELECT debtor_ref, erased_at FROM cases WHERE ref = ?', [c.ref]);
      const erasedAt = (row?.erased_at as string | null) ?? undefined;
      // Either debtor ref: the file's, or the one the case was erased under.
      const debtorErasedAt = (await erasedOn(c.debtorRef)) ?? (row ? await erasedOn(row.debtor_ref as string) : undefined);
      // The status is asked for only where the rule needs it (an erased case): it reads the outcomes.
      const status = erasedAt !== undefined && debtorErasedAt === undefined ? await statusAfterImport(c) : undefined;
      const decision = importErasure({ erasedAt, debtorErasedAt, status: () => status ?? c.status });
      if (!decision.take) blocked.set(c.ref, { caseRef: c.ref, fields: ['*'], reason: decision.reason });
      else if (decision.reopens) reopened.push(c.ref);
    }
    return { blocked, reopened };
  }

  /** The import wrote a reopened case's data again: it is no longer erased. */
  async clearErased(tx: SqlClient, refs: readonly string[]): Promise<void> {
    for (const ref of refs) await tx.run('UPDATE cases SET erased_at = NULL WHERE ref = ?', [ref]);
  }

  private async planVersions(tx: SqlClient): Promise<PlanVersions[]> {
    const rows = await tx.all(
      'SELECT p.id, p.date, p.latest_version, v.version FROM plans p JOIN plan_versions v ON v.plan_id = p.id ORDER BY p.id, v.version',
    );
    const plans = new Map<string, PlanVersions>();
    for (const r of rows) {
      const id = r.id as string;
      let p = plans.get(id);
      if (!p) {
        p = { planId: id, date: r.date as string, latestVersion: r.latest_version as number, versions: [] };
        plans.set(id, p);
      }
      p.versions.push(r.version as number);
    }
    return [...plans.values()];
  }

  /** Erases the personal fields of these cases (erasedFields says what each becomes). */
  private async eraseCases(tx: SqlClient, refs: readonly string[], at: string): Promise<void> {
    for (const ref of refs) {
      const e = erasedFields((await tx.get('SELECT postcode, lat, lon FROM cases WHERE ref = ?', [ref])) as { postcode: string; lat: number; lon: number });
      await tx.run(
        `UPDATE cases SET name = ?, address = ?, postcode = ?, lat = ?, lon = ?, trading_hours = NULL, do_not_visit = ?,
          vulnerable = 0, warning = 0, erased_at = ?, updated_at = ? WHERE ref = ?`,
        [e.name, e.address, e.postcode, e.lat, e.lon, JSON.stringify(e.doNotVisit), at, at, ref],
      );
    }
  }

  /** Erases these cases' stops and unplanned entries in every stored plan version that holds them; the entries changed. */
  private async erasePlans(tx: SqlClient, refs: readonly string[]): Promise<number> {
    if (refs.length === 0) return 0;
    const holding = await tx.all(`SELECT DISTINCT plan_id, version FROM plan_stop_cases WHERE ${tx.dialect.inList('case_ref')}`, [tx.dialect.listParam(refs)]);
    let changed = 0;
    for (const { plan_id, version } of holding) {
      const plan = JSON.parse(
        (await tx.get('SELECT body FROM plan_versions WHERE plan_id = ? AND version = ?', [plan_id, version]))!.body as string,
      ) as DayPlan;
      changed += await eraseErasedCases(tx, plan_id as string, version as number, plan);
    }
    return changed;
  }
}

/**
 * Erases, in the stored version `plan` of a plan, what it holds of cases erased so far (their
 * erased_at set): their stops, when every case on a stop is erased (those erased before count as
 * well), and their unplanned reasons about the person. Rewrites the stored body when anything
 * changed, `plan` included; answers how many entries changed. Run by every erasure, and by every
 * save of a plan: a planning job reads its caseload when queued, and may save after an erasure.
 */
export async function eraseErasedCases(tx: SqlClient, planId: string, version: number, plan: DayPlan): Promise<number> {
  const erased = new Set(
    (
      await tx.all(
        'SELECT s.case_ref FROM plan_stop_cases s JOIN cases c ON c.ref = s.case_ref WHERE s.plan_id = ? AND s.version = ? AND c.erased_at IS NOT NULL',
        [planId, version],
      )
    ).map((r) => r.case_ref as string),
  );
  if (erased.size === 0) return 0;
  const changed = erasePlanStops(plan, erased);
  if (changed > 0) await tx.run('UPDATE plan_versions SET body = ? WHERE plan_id = ? AND version = ?', [JSON.stringify(plan), planId, version]);
  return changed;
}
