import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { applyOutcome, mergeImportedCase, type OutcomeRecord } from '../../solver/rules/outcomes.js';
import { newVulnerability } from '../../solver/rules/person.js';
import type { Case, CaseStatus, Crew, DayPlan, Officer } from '../../solver/rules/types.js';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../settings.js';
import { leafChanges, officerChanges } from './audit-changes.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteAccounts } from './sqlite-accounts.js';
import { SqliteRetention } from './sqlite-retention.js';
import { HOLD_REASONS, SqliteHolds } from './sqlite-holds.js';
import { SqliteAudit, registerAuditHash } from './sqlite-audit.js';
import { SqliteCheckIns, firstKeyed, rememberKeyed } from './sqlite-check-ins.js';
import {
  ConflictError,
  NotFoundError,
  type AuditEntry,
  type AuditFilter,
  type ImportCounts,
  type KeptCase,
  type Once,
  type OnceResult,
  type Outcome,
  type PlanSummary,
  type RecordedOutcome,
  type PlanVersionKind,
  type Store,
  type StoredPlan,
} from './store.js';

type Row = Record<string, unknown>;

function caseFromRow(r: Row): Case {
  const c: Case = {
    ref: r.ref as string,
    debtorRef: r.debtor_ref as string,
    name: r.name as string,
    address: r.address as string,
    postcode: r.postcode as string,
    lat: r.lat as number,
    lon: r.lon as number,
    debtType: r.debt_type as Case['debtType'],
    balance: r.balance as number,
    liabilityOrderDate: r.liability_order_date as string,
    noticeDate: r.notice_date as string,
    premises: r.premises as Case['premises'],
    vulnerable: r.vulnerable === 1,
    warning: r.warning === 1,
    doNotVisit: JSON.parse(r.do_not_visit as string) as string[],
    previousAttempts: JSON.parse(r.previous_attempts as string) as string[],
    status: r.status as CaseStatus,
  };
  if (r.trading_hours != null) c.tradingHours = r.trading_hours as string;
  if (r.arrangement_breached_date != null) c.arrangementBreachedDate = r.arrangement_breached_date as string;
  if (r.notice_method != null) c.noticeMethod = r.notice_method as Case['noticeMethod'];
  if (r.notice_period_days != null) c.noticePeriodDays = r.notice_period_days as number;
  if (r.breathing_space_until != null) c.breathingSpaceUntil = r.breathing_space_until as string;
  return c;
}

function caseToRow(c: Case, now: string): Row {
  return {
    ref: c.ref,
    debtor_ref: c.debtorRef,
    name: c.name,
    address: c.address,
    postcode: c.postcode,
    lat: c.lat,
    lon: c.lon,
    debt_type: c.debtType,
    balance: c.balance,
    liability_order_date: c.liabilityOrderDate,
    notice_date: c.noticeDate,
    premises: c.premises,
    trading_hours: c.tradingHours ?? null,
    vulnerable: c.vulnerable ? 1 : 0,
    warning: c.warning ? 1 : 0,
    do_not_visit: JSON.stringify(c.doNotVisit),
    previous_attempts: JSON.stringify(c.previousAttempts),
    arrangement_breached_date: c.arrangementBreachedDate ?? null,
    notice_method: c.noticeMethod ?? null,
    notice_period_days: c.noticePeriodDays ?? null,
    breathing_space_until: c.breathingSpaceUntil ?? null,
    status: c.status,
    updated_at: now,
  };
}

function storedPlanFromRow(r: Row): StoredPlan {
  return {
    id: r.plan_id as string,
    version: r.version as number,
    plan: JSON.parse(r.body as string) as DayPlan,
    createdAt: r.created_at as string,
    createdBy: r.created_by as string,
  };
}

function outcomeFromRow(r: Row): Outcome {
  const o: Outcome = {
    id: r.id as number,
    caseRef: r.case_ref as string,
    kind: r.kind as Outcome['kind'],
    at: r.at as string,
    recordedBy: r.recorded_by as string,
  };
  if (r.officer_id != null) o.officerId = r.officer_id as string;
  if (r.amount != null) o.amount = r.amount as number;
  if (r.note != null) o.note = r.note as string;
  if (r.balance_before != null) o.balanceBefore = r.balance_before as number;
  return o;
}

/** The embedded store: one SQLite file in WAL mode with foreign keys on. */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  readonly accounts: SqliteAccounts;
  readonly retention: SqliteRetention;
  readonly holds: SqliteHolds;
  readonly checkIns: SqliteCheckIns;
  private readonly auditTrail: SqliteAudit;

  constructor(path: string) {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      // Debtors' personal data: the file readable by its owner only, from its first byte (SQLite
      // gives its WAL and shared-memory files the database file's permissions).
      closeSync(openSync(path, 'a', 0o600));
      chmodSync(path, 0o600);
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
    } else {
      this.db = new Database(path);
    }
    // An acknowledged write survives a power cut (WAL's default NORMAL may lose the last commits).
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // Deleted and overwritten content is zeroed, not left in free pages: erased personal data goes.
    this.db.pragma('secure_delete = ON');
    registerAuditHash(this.db);
    this.migrate();
    this.auditTrail = new SqliteAudit(this.db);
    this.checkIns = new SqliteCheckIns(this.db);
    this.accounts = new SqliteAccounts(this.db, (...args) => this.audit(...args));
    this.holds = new SqliteHolds(
      this.db,
      (...args) => this.audit(...args),
      () => (this.stmt("SELECT * FROM cases WHERE status <> 'closed' ORDER BY ref").all() as Row[]).map(caseFromRow),
    );
    this.retention = new SqliteRetention(
      this.db,
      (...args) => this.audit(...args),
      (debtorRef) => this.holds.eraseReasons(debtorRef),
    );
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text: preparing costs more than running these small queries. */
  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const applied = new Set(
      this.stmt('SELECT id FROM migrations')
        .all()
        .map((r) => (r as Row).id as number),
    );
    for (const m of MIGRATIONS) {
      if (applied.has(m.id)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.stmt('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, new Date().toISOString());
      })();
    }
  }

  /** Appends to the audit trail, in the caller's transaction (server/store/sqlite-audit.ts). */
  private audit(actor: string, action: string, entity: string, entityId: string, detail: Record<string, unknown> = {}): void {
    this.auditTrail.append(actor, action, entity, entityId, detail);
  }

  /** A case's outcomes as the rules replay them, in the order they were recorded. */
  private outcomeRecords(caseRef: string): OutcomeRecord[] {
    const rows = this.stmt('SELECT kind, at, amount, balance_before FROM outcomes WHERE case_ref = ? ORDER BY id').all(caseRef) as Row[];
    return rows.map((r) => ({
      kind: r.kind as OutcomeRecord['kind'],
      at: r.at as string,
      ...(r.amount != null ? { amount: r.amount as number } : {}),
      ...(r.balance_before != null ? { balanceBefore: r.balance_before as number } : {}),
    }));
  }

  async upsertCases(cases: Case[], actor: string): Promise<ImportCounts> {
    const stored = this.stmt('SELECT vulnerable FROM cases WHERE ref = ?');
    const upsert = this.stmt(`
      INSERT INTO cases (ref, debtor_ref, name, address, postcode, lat, lon, debt_type, balance, liability_order_date,
        notice_date, premises, trading_hours, vulnerable, warning, do_not_visit, previous_attempts,
        arrangement_breached_date, notice_method, notice_period_days, breathing_space_until, status, updated_at)
      VALUES (@ref, @debtor_ref, @name, @address, @postcode, @lat, @lon, @debt_type, @balance, @liability_order_date,
        @notice_date, @premises, @trading_hours, @vulnerable, @warning, @do_not_visit, @previous_attempts,
        @arrangement_breached_date, @notice_method, @notice_period_days, @breathing_space_until, @status, @updated_at)
      ON CONFLICT(ref) DO UPDATE SET debtor_ref = excluded.debtor_ref, name = excluded.name, address = excluded.address,
        postcode = excluded.postcode, lat = excluded.lat, lon = excluded.lon, debt_type = excluded.debt_type,
        balance = excluded.balance, liability_order_date = excluded.liability_order_date, notice_date = excluded.notice_date,
        premises = excluded.premises, trading_hours = excluded.trading_hours, vulnerable = excluded.vulnerable,
        warning = excluded.warning, do_not_visit = excluded.do_not_visit, previous_attempts = excluded.previous_attempts,
        arrangement_breached_date = excluded.arrangement_breached_date, notice_method = excluded.notice_method,
        notice_period_days = excluded.notice_period_days, breathing_space_until = excluded.breathing_space_until,
        status = excluded.status, updated_at = excluded.updated_at`);
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      // Erased personal data is not brought back by the file (server/retention.ts).
      const erasure = this.retention.screenImport(cases, (c) => mergeImportedCase(c, this.outcomeRecords(c.ref)).case.status);
      // Refs are not personal data: every one is recorded, however long the file.
      const refs = { added: [] as string[], updated: [] as string[], kept: [] as string[] };
      let updatedKeepingRecordedFacts = 0;
      const kept: KeptCase[] = [];
      for (const fromFile of cases) {
        const blocked = erasure.blocked.get(fromFile.ref);
        if (blocked) {
          kept.push(blocked);
          refs.kept.push(fromFile.ref);
          continue;
        }
        const before = stored.get(fromFile.ref) as { vulnerable: number } | undefined;
        // A flag the file raises (a new case, or a flag that was not there) holds the debtor, whatever was decided about earlier flags.
        if (newVulnerability(before && { vulnerable: before.vulnerable === 1 }, fromFile)) {
          this.holds.vulnerabilityRecorded(fromFile.debtorRef, HOLD_REASONS.importFlag, actor, now, 'import');
        }
        if (!before) {
          refs.added.push(fromFile.ref);
          upsert.run(caseToRow(fromFile, now));
          continue;
        }
        const merged = mergeImportedCase(fromFile, this.outcomeRecords(fromFile.ref));
        if (merged.kept) {
          kept.push({ caseRef: fromFile.ref, ...merged.kept });
          updatedKeepingRecordedFacts++;
        }
        (merged.kept ? refs.kept : refs.updated).push(fromFile.ref);
        upsert.run(caseToRow(merged.case, now));
      }
      this.retention.clearErased(erasure.reopened);
      // New neighbours of a vulnerable debtor, or new vulnerable debtors: reviews of the others at the address.
      this.holds.openReviews(actor, now);
      const counts = { added: refs.added.length, updated: refs.updated.length, kept: refs.kept.length };
      this.audit(actor, 'import', 'case', '*', { counts, ...refs });
      return { imported: counts.added, updated: counts.updated + updatedKeepingRecordedFacts, kept };
    })();
  }

  async listCases(filter: { status?: CaseStatus; warning?: boolean } = {}): Promise<Case[]> {
    const where = [filter.status ? 'status = @status' : '', filter.warning !== undefined ? 'warning = @warning' : ''].filter(Boolean);
    const sql = `SELECT * FROM cases ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ref`;
    const rows = this.stmt(sql).all({
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.warning !== undefined ? { warning: filter.warning ? 1 : 0 } : {}),
    });
    return (rows as Row[]).map(caseFromRow);
  }

  async getCase(ref: string): Promise<Case | undefined> {
    const row = this.stmt('SELECT * FROM cases WHERE ref = ?').get(ref) as Row | undefined;
    return row && caseFromRow(row);
  }

  async getCases(refs: string[]): Promise<Case[]> {
    if (refs.length === 0) return [];
    // json_each keeps it one statement whatever the count (SQLite caps bound parameters).
    const rows = this.stmt('SELECT * FROM cases WHERE ref IN (SELECT value FROM json_each(?))').all(JSON.stringify(refs)) as Row[];
    return rows.map(caseFromRow);
  }

  async countCases(): Promise<number> {
    return (this.stmt('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
  }

  async listOfficers(): Promise<Officer[]> {
    return (this.stmt('SELECT body FROM officers ORDER BY id').all() as Row[]).map((r) => JSON.parse(r.body as string) as Officer);
  }

  async getOfficer(id: string): Promise<Officer | undefined> {
    const row = this.stmt('SELECT body FROM officers WHERE id = ?').get(id) as Row | undefined;
    return row && (JSON.parse(row.body as string) as Officer);
  }

  async saveOfficer(officer: Officer, actor: string, replace: boolean): Promise<Officer> {
    this.db.transaction(() => {
      const existing = this.stmt('SELECT body FROM officers WHERE id = ?').get(officer.id) as Row | undefined;
      if (replace && !existing) throw new NotFoundError(`No officer '${officer.id}'`);
      if (!replace && existing) throw new ConflictError(`Officer '${officer.id}' already exists`, 0);
      this.db
        .prepare('INSERT INTO officers (id, body) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body')
        .run(officer.id, JSON.stringify(officer));
      const before = existing ? (JSON.parse(existing.body as string) as Officer) : undefined;
      this.audit(actor, replace ? 'update' : 'create', 'officer', officer.id, { changes: officerChanges(before, officer) });
    })();
    return officer;
  }

  async deleteOfficer(id: string, actor: string): Promise<void> {
    this.db.transaction(() => {
      const existing = this.stmt('SELECT body FROM officers WHERE id = ?').get(id) as Row | undefined;
      if (!existing) throw new NotFoundError(`No officer '${id}'`);
      // Their crews go with them (ON DELETE CASCADE): the audit says so.
      const crews = (this.stmt('SELECT id FROM crews WHERE officer_a = ? OR officer_b = ? ORDER BY id').all(id, id) as Row[]).map((r) => r.id as string);
      this.stmt('DELETE FROM officers WHERE id = ?').run(id);
      this.audit(actor, 'delete', 'officer', id, { changes: officerChanges(JSON.parse(existing.body as string) as Officer, undefined), crewsRemoved: crews });
    })();
  }

  async listCrews(): Promise<Crew[]> {
    return (this.stmt('SELECT id, officer_a, officer_b FROM crews ORDER BY id').all() as Row[]).map((r) => ({
      id: r.id as string,
      officerIds: [r.officer_a as string, r.officer_b as string],
    }));
  }

  async saveCrew(crew: Crew, actor: string): Promise<Crew> {
    this.db.transaction(() => {
      for (const id of crew.officerIds) {
        if (!this.stmt('SELECT 1 FROM officers WHERE id = ?').get(id)) throw new NotFoundError(`No officer '${id}'`);
      }
      const existing = this.stmt('SELECT officer_a, officer_b FROM crews WHERE id = ?').get(crew.id) as Row | undefined;
      this.db
        .prepare(
          'INSERT INTO crews (id, officer_a, officer_b) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET officer_a = excluded.officer_a, officer_b = excluded.officer_b',
        )
        .run(crew.id, crew.officerIds[0], crew.officerIds[1]);
      const before = existing ? { officerIds: [existing.officer_a, existing.officer_b] } : undefined;
      this.audit(actor, 'save', 'crew', crew.id, { officerIds: crew.officerIds, changes: leafChanges(before, { officerIds: crew.officerIds }) });
    })();
    return crew;
  }

  async deleteCrew(id: string, actor: string): Promise<void> {
    this.db.transaction(() => {
      const existing = this.stmt('SELECT officer_a, officer_b FROM crews WHERE id = ?').get(id) as Row | undefined;
      if (!existing) throw new NotFoundError(`No crew '${id}'`);
      this.stmt('DELETE FROM crews WHERE id = ?').run(id);
      const officerIds = [existing.officer_a, existing.officer_b];
      this.audit(actor, 'delete', 'crew', id, { officerIds, changes: leafChanges({ officerIds }, undefined) });
    })();
  }

  async getSettings(): Promise<Settings> {
    const row = this.stmt('SELECT body FROM settings WHERE id = 1').get() as Row | undefined;
    return row ? SettingsSchema.parse(JSON.parse(row.body as string)) : structuredClone(DEFAULT_SETTINGS);
  }

  async saveSettings(settings: Settings, actor: string): Promise<Settings> {
    this.db.transaction(() => {
      const row = this.stmt('SELECT body FROM settings WHERE id = 1').get() as Row | undefined;
      const before: Settings = row ? SettingsSchema.parse(JSON.parse(row.body as string)) : structuredClone(DEFAULT_SETTINGS);
      this.db.prepare('INSERT INTO settings (id, body) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body').run(JSON.stringify(settings));
      this.audit(actor, 'update', 'settings', '1', { changes: leafChanges(before, settings) });
    })();
    return settings;
  }

  async recordOutcome(outcome: Omit<Outcome, 'id'>): Promise<Outcome> {
    return this.db.transaction(() => this.outcomeNow(outcome).outcome)();
  }

  async recordOutcomeOnce(outcome: Omit<Outcome, 'id'>, once: Once): Promise<OnceResult<RecordedOutcome>> {
    return this.db.transaction((): OnceResult<RecordedOutcome> => {
      const first = this.replayOutcome(outcome.recordedBy, once.key);
      if (first) return first;
      const recorded = this.outcomeNow(outcome);
      rememberKeyed(this.db, outcome.recordedBy, once, { outcomeId: recorded.outcome.id, caseStatus: recorded.caseStatus });
      return { result: recorded, replayed: false, fingerprint: once.fingerprint };
    })();
  }

  async keyedOutcome(actor: string, key: string): Promise<OnceResult<RecordedOutcome> | undefined> {
    return this.replayOutcome(actor, key);
  }

  /** The first answer to a sender's key; a key first used for a check-in answers with an empty fingerprint (never a match). */
  private replayOutcome(actor: string, key: string): OnceResult<RecordedOutcome> | undefined {
    const first = firstKeyed(this.db, actor, key);
    if (!first) return undefined;
    const row = first.outcome_id == null ? undefined : (this.stmt('SELECT * FROM outcomes WHERE id = ?').get(first.outcome_id) as Row | undefined);
    if (!row)
      return {
        result: { outcome: { id: 0, caseRef: '', kind: 'no_contact', at: '', recordedBy: actor }, caseStatus: 'open' },
        replayed: true,
        fingerprint: '',
      };
    return { result: { outcome: outcomeFromRow(row), caseStatus: first.case_status as CaseStatus }, replayed: true, fingerprint: first.fingerprint as string };
  }

  /** Applies and records an outcome, in the caller's transaction. */
  private outcomeNow(outcome: Omit<Outcome, 'id'>): RecordedOutcome {
    const row = this.stmt('SELECT * FROM cases WHERE ref = ?').get(outcome.caseRef) as Row | undefined;
    if (!row) throw new NotFoundError(`No case '${outcome.caseRef}'`);
    const before = caseFromRow(row);
    const c = applyOutcome(before, outcome);
    this.db
      .prepare('UPDATE cases SET status = ?, vulnerable = ?, balance = ?, previous_attempts = ?, updated_at = ? WHERE ref = ?')
      .run(c.status, c.vulnerable ? 1 : 0, c.balance, JSON.stringify(c.previousAttempts), new Date().toISOString(), c.ref);
    // The balance it was recorded against: a later import replays whether a payment cleared it.
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO outcomes (case_ref, kind, at, officer_id, amount, note, recorded_by, balance_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        outcome.caseRef,
        outcome.kind,
        outcome.at,
        outcome.officerId ?? null,
        outcome.amount ?? null,
        outcome.note ?? null,
        outcome.recordedBy,
        before.balance,
      );
    this.audit(outcome.recordedBy, 'outcome', 'case', outcome.caseRef, { kind: outcome.kind, status: c.status, officerId: outcome.officerId ?? null });
    if (outcome.kind === 'vulnerable') {
      // The person, not the case: every case of the debtor is held, and others at the address reviewed.
      const at = new Date().toISOString();
      this.holds.vulnerabilityRecorded(c.debtorRef, HOLD_REASONS.outcome, outcome.recordedBy, at, 'outcome');
      this.holds.openReviews(outcome.recordedBy, at);
    }
    return { outcome: { ...outcome, id: Number(lastInsertRowid) }, caseStatus: c.status };
  }

  async listOutcomes(caseRef?: string): Promise<Outcome[]> {
    const rows = (
      caseRef ? this.stmt('SELECT * FROM outcomes WHERE case_ref = ? ORDER BY id').all(caseRef) : this.stmt('SELECT * FROM outcomes ORDER BY id').all()
    ) as Row[];
    return rows.map(outcomeFromRow);
  }

  async createPlan(plan: DayPlan, actor: string, kind: PlanVersionKind = 'plan', jobId?: string): Promise<StoredPlan> {
    return this.db.transaction((): StoredPlan => {
      const saved = this.savedByJob(jobId);
      if (saved) return saved;
      const id = randomUUID();
      const createdAt = new Date().toISOString();
      this.stmt('INSERT INTO plans (id, date, latest_version, team) VALUES (?, ?, 1, ?)').run(id, plan.date, plan.team ?? null);
      this.stmt('INSERT INTO plan_versions (plan_id, version, body, created_at, created_by, job_id) VALUES (?, 1, ?, ?, ?, ?)').run(
        id,
        JSON.stringify(plan),
        createdAt,
        actor,
        jobId ?? null,
      );
      this.audit(actor, 'create', 'plan', id, { kind, date: plan.date, version: 1, baseVersion: null, visits: plan.totals.visits });
      return { id, version: 1, plan, createdAt, createdBy: actor };
    })();
  }

  async savePlanVersion(id: string, baseVersion: number, plan: DayPlan, actor: string, kind: PlanVersionKind = 'edit', jobId?: string): Promise<StoredPlan> {
    return this.db.transaction((): StoredPlan => {
      const saved = this.savedByJob(jobId);
      if (saved) return saved;
      const createdAt = new Date().toISOString();
      const row = this.stmt('SELECT latest_version FROM plans WHERE id = ?').get(id) as Row | undefined;
      if (!row) throw new NotFoundError(`No plan '${id}'`);
      const latest = row.latest_version as number;
      if (baseVersion !== latest) {
        throw new ConflictError(`Plan '${id}' was changed: version ${latest} is current, this edit was based on version ${baseVersion}`, latest);
      }
      const next = latest + 1;
      this.stmt('UPDATE plans SET latest_version = ? WHERE id = ?').run(next, id);
      this.stmt('INSERT INTO plan_versions (plan_id, version, body, created_at, created_by, job_id) VALUES (?, ?, ?, ?, ?, ?)').run(
        id,
        next,
        JSON.stringify(plan),
        createdAt,
        actor,
        jobId ?? null,
      );
      this.audit(actor, 'update', 'plan', id, { kind, date: plan.date, version: next, baseVersion, visits: plan.totals.visits });
      return { id, version: next, plan, createdAt, createdBy: actor };
    })();
  }

  /** The version a planning job already saved, if it did (inside the saving transaction). */
  private savedByJob(jobId: string | undefined): StoredPlan | undefined {
    if (jobId === undefined) return undefined;
    const row = this.stmt('SELECT * FROM plan_versions WHERE job_id = ?').get(jobId) as Row | undefined;
    return row && storedPlanFromRow(row);
  }

  async getPlan(id: string, version?: number): Promise<StoredPlan | undefined> {
    const row = (
      version === undefined
        ? this.db.prepare('SELECT v.* FROM plans p JOIN plan_versions v ON v.plan_id = p.id AND v.version = p.latest_version WHERE p.id = ?').get(id)
        : this.stmt('SELECT * FROM plan_versions WHERE plan_id = ? AND version = ?').get(id, version)
    ) as Row | undefined;
    return row && storedPlanFromRow(row);
  }

  async listPlans(filter: { date?: string; limit?: number } = {}): Promise<PlanSummary[]> {
    const sql = `SELECT p.id, p.date, p.team, v.version, v.created_at, v.created_by, json_extract(v.body, '$.totals') AS totals
      FROM plans p JOIN plan_versions v ON v.plan_id = p.id AND v.version = p.latest_version
      ${filter.date ? 'WHERE p.date = @date' : ''} ORDER BY v.created_at DESC, p.rowid DESC LIMIT @limit`;
    const rows = this.stmt(sql).all({ limit: filter.limit ?? 50, ...(filter.date ? { date: filter.date } : {}) }) as Row[];
    return rows.map((r) => ({
      id: r.id as string,
      date: r.date as string,
      version: r.version as number,
      createdAt: r.created_at as string,
      createdBy: r.created_by as string,
      totals: JSON.parse(r.totals as string) as PlanSummary['totals'],
      ...(r.team == null ? {} : { team: r.team as string }),
    }));
  }

  async currentPlanId(date: string, team?: string): Promise<string | undefined> {
    // The plan made last for the day (a later plan replaces an earlier one), whatever was edited since.
    const row = (
      team === undefined
        ? this.stmt('SELECT id FROM plans WHERE date = ? ORDER BY rowid DESC LIMIT 1').get(date)
        : this.stmt('SELECT id FROM plans WHERE date = ? AND (team = ? OR team IS NULL) ORDER BY rowid DESC LIMIT 1').get(date, team)
    ) as Row | undefined;
    return row?.id as string | undefined;
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    return this.auditTrail.list(filter);
  }

  async recordEvent(actor: string, action: string, entity: string, entityId: string, detail: Record<string, unknown> = {}): Promise<void> {
    this.audit(actor, action, entity, entityId, detail);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
