import { randomUUID } from 'node:crypto';
import { applyOutcome, mergeImportedCase, type OutcomeRecord } from '../../solver/rules/outcomes.js';
import { namesMayBeOnePerson, newVulnerability, type CaseKey } from '../../solver/rules/person.js';
import type { Case, CaseStatus, Crew, DayPlan, Officer } from '../../solver/rules/types.js';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../settings.js';
import { leafChanges, officerChanges } from './audit-changes.js';
import { SqlAccounts } from './sql-accounts.js';
import { SqlAudit, verifyAuditChain, type Audit, type ChainReport } from './sql-audit.js';
import { SqlCheckIns, firstKeyed, rememberKeyed } from './sql-check-ins.js';
import type { Row, SqlClient, SqlDatabase } from './sql-client.js';
import { HOLD_REASONS, SqlHolds } from './sql-holds.js';
import { planningCaseKeys, planningCases } from './sql-planning-cases.js';
import { recordTag } from './record-tag.js';
import { SqlRetention, eraseErasedCases } from './sql-retention.js';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  type AuditEntry,
  type AuditFilter,
  type ImportCounts,
  type ImportScreen,
  type KeptCase,
  type Once,
  type OnceResult,
  type Outcome,
  type OutcomePage,
  type NewPlan,
  type PlanSeen,
  type PlanSummary,
  type RecordedOutcome,
  type PlanVersionKind,
  type PlanningCaseFilter,
  type Store,
  type StoredPlan,
} from './store.js';

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

/** The columns CASE_COLUMNS names, in its order. */
function caseToRow(c: Case, now: string): unknown[] {
  return Object.values({
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
  });
}

const CASE_COLUMNS = [
  'ref',
  'debtor_ref',
  'name',
  'address',
  'postcode',
  'lat',
  'lon',
  'debt_type',
  'balance',
  'liability_order_date',
  'notice_date',
  'premises',
  'trading_hours',
  'vulnerable',
  'warning',
  'do_not_visit',
  'previous_attempts',
  'arrangement_breached_date',
  'notice_method',
  'notice_period_days',
  'breathing_space_until',
  'status',
  'updated_at',
];

/** Inserts a case, or updates every column the file owns when its ref is stored. */
const UPSERT_CASE = `INSERT INTO cases (${CASE_COLUMNS.join(', ')}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (ref) DO UPDATE SET ${CASE_COLUMNS.filter((c) => c !== 'ref')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;

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

async function casesIn(db: SqlClient, refs: readonly string[]): Promise<Case[]> {
  if (refs.length === 0) return [];
  const rows = await db.all(`SELECT * FROM cases WHERE ${db.dialect.inList('ref')}`, [db.dialect.listParam(refs)]);
  return rows.map(caseFromRow);
}

async function debtorPostcodesIn(db: SqlClient, debtorRefs: readonly string[]): Promise<Array<{ debtorRef: string; postcode: string }>> {
  if (debtorRefs.length === 0) return [];
  const rows = await db.all(`SELECT DISTINCT debtor_ref, postcode FROM cases WHERE ${db.dialect.inList('debtor_ref')}`, [db.dialect.listParam(debtorRefs)]);
  return rows.map((r) => ({ debtorRef: r.debtor_ref as string, postcode: r.postcode as string }));
}

/**
 * A case joining its debtor reference may be that debtor: the reference has no other case whose
 * personal data is kept, or one of them carries a name that may be the same person's.
 */
async function mayBeTheDebtor(db: SqlClient, c: Case): Promise<boolean> {
  const rows = await db.all('SELECT DISTINCT name FROM cases WHERE debtor_ref = ? AND ref <> ? AND erased_at IS NULL', [c.debtorRef, c.ref]);
  return rows.length === 0 || rows.some((r) => namesMayBeOnePerson(r.name as string, c.name));
}

/** A crew as the API gives it (its ETag is the tag of this). */
function crewOfRow(id: string, r: Row): Crew {
  return { id, officerIds: [r.officer_a as string, r.officer_b as string] };
}

/** Checked on the locked row: a crew is replaced only on the version read, and one deleted since is not made again. */
function checkCrewVersion(id: string, existing: Row | undefined, ifMatch: string | undefined): void {
  if (existing && ifMatch === undefined) {
    throw new ConflictError(`Crew '${id}' exists: replacing it needs the version read (its ETag as If-Match)`, 0);
  }
  if (!existing && ifMatch !== undefined) throw new NotFoundError(`No crew '${id}' (deleted since it was read)`);
  if (existing && ifMatch !== undefined && recordTag(crewOfRow(id, existing)) !== ifMatch) {
    throw new PreconditionFailedError(`Crew '${id}' was changed since it was read: read it again and redo the change`, recordTag(crewOfRow(id, existing)));
  }
}

/**
 * The plan made last for the day (a later plan replaces an earlier one), whatever was edited since,
 * with its latest version; a team's: of its own plans and the whole area's (migration 10).
 */
async function currentPlanOf(db: SqlClient, date: string, team?: string): Promise<PlanSeen | null> {
  const row =
    team === undefined
      ? await db.get('SELECT id, latest_version FROM plans WHERE date = ? ORDER BY rowid DESC LIMIT 1', [date])
      : await db.get('SELECT id, latest_version FROM plans WHERE date = ? AND (team = ? OR team IS NULL) ORDER BY rowid DESC LIMIT 1', [date, team]);
  return row ? { id: row.id as string, version: row.latest_version as number } : null;
}

/**
 * The store's queries, written once against SqlClient (sql-client.ts): SqliteStore (sqlite.ts)
 * and the PostgreSQL store (postgres.ts) are this class on their own client. The domain's rules
 * (solver/rules) decide what changes; this keeps it, each change with its audit row in one transaction.
 */
export class SqlStore implements Store {
  readonly accounts: SqlAccounts;
  readonly retention: SqlRetention;
  readonly holds: SqlHolds;
  readonly checkIns: SqlCheckIns;
  private readonly auditTrail: SqlAudit;
  private readonly audit: Audit;

  constructor(protected readonly db: SqlDatabase) {
    this.auditTrail = new SqlAudit(db);
    this.audit = this.auditTrail.append;
    this.checkIns = new SqlCheckIns(db);
    this.accounts = new SqlAccounts(db, this.audit);
    this.holds = new SqlHolds(db, this.audit, async (tx) => (await tx.all("SELECT * FROM cases WHERE status <> 'closed' ORDER BY ref")).map(caseFromRow));
    this.retention = new SqlRetention(db, this.audit, (tx, debtorRef) => this.holds.eraseReasons(tx, debtorRef));
  }

  /** A case's outcomes as the rules replay them, in the order they were recorded. */
  private async outcomeRecords(tx: SqlClient, caseRef: string): Promise<OutcomeRecord[]> {
    const rows = await tx.all('SELECT kind, at, amount, balance_before FROM outcomes WHERE case_ref = ? ORDER BY id', [caseRef]);
    return rows.map((r) => ({
      kind: r.kind as OutcomeRecord['kind'],
      at: r.at as string,
      ...(r.amount != null ? { amount: r.amount as number } : {}),
      ...(r.balance_before != null ? { balanceBefore: r.balance_before as number } : {}),
    }));
  }

  async upsertCases(cases: Case[], actor: string, screen?: ImportScreen): Promise<ImportCounts> {
    const now = new Date().toISOString();
    return this.db.transaction(async (tx) => {
      if (screen) {
        const stored = await casesIn(
          tx,
          cases.map((c) => c.ref),
        );
        screen({
          postcodeOf: new Map(stored.map((c) => [c.ref, c.postcode])),
          debtorPostcodes: await debtorPostcodesIn(tx, [...new Set(cases.map((c) => c.debtorRef))]),
        });
      }
      // Erased personal data is not brought back by the file (server/retention.ts).
      const erasure = await this.retention.screenImport(tx, cases, async (c) => mergeImportedCase(c, await this.outcomeRecords(tx, c.ref)).case.status);
      // Refs are not personal data: every one is recorded, however long the file.
      const refs = { added: [] as string[], updated: [] as string[], kept: [] as string[] };
      let updatedKeepingRecordedFacts = 0;
      const kept: KeptCase[] = [];
      // One finding per debtor per file, however many of their cases it flags.
      const heldByThisFile = new Set<string>();
      const otherName: ImportCounts['otherName'] = [];
      for (const fromFile of cases) {
        const blocked = erasure.blocked.get(fromFile.ref);
        if (blocked) {
          kept.push(blocked);
          refs.kept.push(fromFile.ref);
          continue;
        }
        const before = await tx.get<{ vulnerable: number; debtor_ref: string }>('SELECT vulnerable, debtor_ref FROM cases WHERE ref = ?', [fromFile.ref]);
        if (before?.debtor_ref !== fromFile.debtorRef && !(await mayBeTheDebtor(tx, fromFile)))
          otherName.push({ caseRef: fromFile.ref, debtorRef: fromFile.debtorRef });
        // Care follows the person: a case moved to another debtor reference keeps the holds it was under.
        if (before && before.debtor_ref !== fromFile.debtorRef) await this.holds.caseMoved(tx, before.debtor_ref, fromFile.debtorRef, actor, now);
        // A flag the file raises (a new case, or a flag that was not there) holds the debtor, whatever was decided about earlier flags.
        if (newVulnerability(before && { vulnerable: before.vulnerable === 1 }, fromFile) && !heldByThisFile.has(fromFile.debtorRef)) {
          heldByThisFile.add(fromFile.debtorRef);
          await this.holds.vulnerabilityRecorded(tx, fromFile.debtorRef, HOLD_REASONS.importFlag, actor, now, 'import');
        }
        if (!before) {
          refs.added.push(fromFile.ref);
          await tx.run(UPSERT_CASE, caseToRow(fromFile, now));
          continue;
        }
        const merged = mergeImportedCase(fromFile, await this.outcomeRecords(tx, fromFile.ref));
        if (merged.kept) {
          kept.push({ caseRef: fromFile.ref, ...merged.kept });
          updatedKeepingRecordedFacts++;
        }
        (merged.kept ? refs.kept : refs.updated).push(fromFile.ref);
        await tx.run(UPSERT_CASE, caseToRow(merged.case, now));
      }
      await this.retention.clearErased(tx, erasure.reopened);
      // New neighbours of a vulnerable debtor, or new vulnerable debtors: reviews of the others at the address.
      await this.holds.openReviews(tx, actor, now);
      const counts = { added: refs.added.length, updated: refs.updated.length, kept: refs.kept.length };
      await this.audit(tx, actor, 'import', 'case', '*', { counts, ...refs, ...(otherName.length > 0 ? { otherName: otherName.map((o) => o.caseRef) } : {}) });
      return { imported: counts.added, updated: counts.updated + updatedKeepingRecordedFacts, kept, otherName };
    });
  }

  async listCases(filter: { status?: CaseStatus; warning?: boolean } = {}): Promise<Case[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.warning !== undefined) {
      where.push('warning = ?');
      params.push(filter.warning ? 1 : 0);
    }
    const sql = `SELECT * FROM cases ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ref`;
    return (await this.db.all(sql, params)).map(caseFromRow);
  }

  async getCase(ref: string): Promise<Case | undefined> {
    const row = await this.db.get('SELECT * FROM cases WHERE ref = ?', [ref]);
    return row && caseFromRow(row);
  }

  async getCases(refs: string[]): Promise<Case[]> {
    return casesIn(this.db, refs);
  }

  planningCaseKeys(filter: PlanningCaseFilter): Promise<CaseKey[]> {
    return planningCaseKeys(this.db, filter);
  }

  debtorPostcodes(debtorRefs: readonly string[]): Promise<Array<{ debtorRef: string; postcode: string }>> {
    return debtorPostcodesIn(this.db, debtorRefs);
  }

  planningCases(refs: readonly string[]): Promise<Case[]> {
    return planningCases(this.db, refs, caseFromRow);
  }

  async countCases(): Promise<number> {
    return Number((await this.db.get<{ n: number }>('SELECT count(*) AS n FROM cases'))!.n);
  }

  async listOfficers(): Promise<Officer[]> {
    return (await this.db.all('SELECT body FROM officers ORDER BY id')).map((r) => JSON.parse(r.body as string) as Officer);
  }

  async getOfficer(id: string): Promise<Officer | undefined> {
    const row = await this.db.get('SELECT body FROM officers WHERE id = ?', [id]);
    return row && (JSON.parse(row.body as string) as Officer);
  }

  async saveOfficer(officer: Officer, actor: string, replace: boolean, ifMatch?: string): Promise<Officer> {
    await this.db.transaction(async (tx) => {
      const existing = await tx.get(`SELECT body FROM officers WHERE id = ?${tx.dialect.forUpdate}`, [officer.id]);
      if (replace && !existing) throw new NotFoundError(`No officer '${officer.id}'`);
      if (!replace && existing) throw new ConflictError(`Officer '${officer.id}' already exists`, 0);
      const before = existing ? (JSON.parse(existing.body as string) as Officer) : undefined;
      // Checked on the locked row: two people saving one officer at once cannot both pass.
      if (ifMatch !== undefined && before && recordTag(before) !== ifMatch) {
        throw new PreconditionFailedError(`Officer '${officer.id}' was changed since it was read: read it again and redo the change`, recordTag(before));
      }
      await tx.run('INSERT INTO officers (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body', [officer.id, JSON.stringify(officer)]);
      await this.audit(tx, actor, replace ? 'update' : 'create', 'officer', officer.id, { changes: officerChanges(before, officer) });
    });
    return officer;
  }

  async deleteOfficer(id: string, actor: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const existing = await tx.get(`SELECT body FROM officers WHERE id = ?${tx.dialect.forUpdate}`, [id]);
      if (!existing) throw new NotFoundError(`No officer '${id}'`);
      // Their crews go with them (ON DELETE CASCADE): the audit says so.
      const crews = (await tx.all('SELECT id FROM crews WHERE officer_a = ? OR officer_b = ? ORDER BY id', [id, id])).map((r) => r.id as string);
      await tx.run('DELETE FROM officers WHERE id = ?', [id]);
      await this.audit(tx, actor, 'delete', 'officer', id, {
        changes: officerChanges(JSON.parse(existing.body as string) as Officer, undefined),
        crewsRemoved: crews,
      });
    });
  }

  async listCrews(): Promise<Crew[]> {
    return (await this.db.all('SELECT id, officer_a, officer_b FROM crews ORDER BY id')).map((r) => crewOfRow(r.id as string, r));
  }

  async saveCrew(crew: Crew, actor: string, ifMatch?: string): Promise<Crew> {
    await this.db.transaction(async (tx) => {
      for (const id of crew.officerIds) {
        if (!(await tx.get('SELECT 1 FROM officers WHERE id = ?', [id]))) throw new NotFoundError(`No officer '${id}'`);
      }
      const existing = await tx.get(`SELECT officer_a, officer_b FROM crews WHERE id = ?${tx.dialect.forUpdate}`, [crew.id]);
      checkCrewVersion(crew.id, existing, ifMatch);
      await tx.run(
        'INSERT INTO crews (id, officer_a, officer_b) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET officer_a = excluded.officer_a, officer_b = excluded.officer_b',
        [crew.id, crew.officerIds[0], crew.officerIds[1]],
      );
      const before = existing ? { officerIds: [existing.officer_a, existing.officer_b] } : undefined;
      await this.audit(tx, actor, 'save', 'crew', crew.id, { officerIds: crew.officerIds, changes: leafChanges(before, { officerIds: crew.officerIds }) });
    });
    return crew;
  }

  async deleteCrew(id: string, actor: string, ifMatch?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const existing = await tx.get(`SELECT officer_a, officer_b FROM crews WHERE id = ?${tx.dialect.forUpdate}`, [id]);
      if (!existing) throw new NotFoundError(`No crew '${id}'`);
      if (ifMatch !== undefined) checkCrewVersion(id, existing, ifMatch);
      await tx.run('DELETE FROM crews WHERE id = ?', [id]);
      const officerIds = [existing.officer_a, existing.officer_b];
      await this.audit(tx, actor, 'delete', 'crew', id, { officerIds, changes: leafChanges({ officerIds }, undefined) });
    });
  }

  async getSettings(): Promise<Settings> {
    const row = await this.db.get('SELECT body FROM settings WHERE id = 1');
    return row ? SettingsSchema.parse(JSON.parse(row.body as string)) : structuredClone(DEFAULT_SETTINGS);
  }

  async saveSettings(change: Settings | ((stored: Settings) => Settings), actor: string, ifMatch?: string): Promise<Settings> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get(`SELECT body FROM settings WHERE id = 1${tx.dialect.forUpdate}`);
      const before: Settings = row ? SettingsSchema.parse(JSON.parse(row.body as string)) : structuredClone(DEFAULT_SETTINGS);
      if (ifMatch !== undefined && ifMatch !== recordTag(before)) {
        throw new PreconditionFailedError('The settings were changed since they were read: read them again and redo the change', recordTag(before));
      }
      const settings = typeof change === 'function' ? change(structuredClone(before)) : change;
      await tx.run('INSERT INTO settings (id, body) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body', [JSON.stringify(settings)]);
      await this.audit(tx, actor, 'update', 'settings', '1', { changes: leafChanges(before, settings) });
      // As a read gives them back (getSettings), so that their tag is the one the next read has.
      return SettingsSchema.parse(JSON.parse(JSON.stringify(settings)));
    });
  }

  async recordOutcome(outcome: Omit<Outcome, 'id'>): Promise<Outcome> {
    return this.db.transaction(async (tx) => (await this.outcomeNow(tx, outcome)).outcome);
  }

  async recordOutcomeOnce(outcome: Omit<Outcome, 'id'>, once: Once): Promise<OnceResult<RecordedOutcome>> {
    return this.db.transaction(async (tx): Promise<OnceResult<RecordedOutcome>> => {
      const first = await this.replayOutcome(tx, outcome.recordedBy, once.key);
      if (first) return first;
      const recorded = await this.outcomeNow(tx, outcome);
      await rememberKeyed(tx, outcome.recordedBy, once, { outcomeId: recorded.outcome.id, caseStatus: recorded.caseStatus });
      return { result: recorded, replayed: false, fingerprint: once.fingerprint };
    });
  }

  async keyedOutcome(actor: string, key: string): Promise<OnceResult<RecordedOutcome> | undefined> {
    return this.replayOutcome(this.db, actor, key);
  }

  /** The first answer to a sender's key; a key first used for a check-in answers with an empty fingerprint (never a match). */
  private async replayOutcome(db: SqlClient, actor: string, key: string): Promise<OnceResult<RecordedOutcome> | undefined> {
    const first = await firstKeyed(db, actor, key);
    if (!first) return undefined;
    const row = first.outcome_id == null ? undefined : await db.get('SELECT * FROM outcomes WHERE id = ?', [first.outcome_id]);
    if (!row)
      return {
        result: { outcome: { id: 0, caseRef: '', kind: 'no_contact', at: '', recordedBy: actor }, caseStatus: 'open' },
        replayed: true,
        fingerprint: '',
      };
    return { result: { outcome: outcomeFromRow(row), caseStatus: first.case_status as CaseStatus }, replayed: true, fingerprint: first.fingerprint as string };
  }

  /** Applies and records an outcome, in the caller's transaction. */
  private async outcomeNow(tx: SqlClient, outcome: Omit<Outcome, 'id'>): Promise<RecordedOutcome> {
    const row = await tx.get(`SELECT * FROM cases WHERE ref = ?${tx.dialect.forUpdate}`, [outcome.caseRef]);
    if (!row) throw new NotFoundError(`No case '${outcome.caseRef}'`);
    // An erased case stays as the erasure left it: an outcome would reopen, flag or annotate it again
    // (a phone's queued one, sent after the erasure), and no later run would erase that.
    if (row.erased_at != null) {
      throw new ConflictError(`Case '${outcome.caseRef}' was erased: no outcome is recorded on it (tell the office, who record it in the revenues system)`, 0);
    }
    const before = caseFromRow(row);
    const c = applyOutcome(before, outcome);
    await tx.run('UPDATE cases SET status = ?, vulnerable = ?, balance = ?, previous_attempts = ?, updated_at = ? WHERE ref = ?', [
      c.status,
      c.vulnerable ? 1 : 0,
      c.balance,
      JSON.stringify(c.previousAttempts),
      new Date().toISOString(),
      c.ref,
    ]);
    // The balance it was recorded against: a later import replays whether a payment cleared it.
    const { id } = (await tx.get<{ id: number }>(
      'INSERT INTO outcomes (case_ref, kind, at, officer_id, amount, note, recorded_by, balance_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [outcome.caseRef, outcome.kind, outcome.at, outcome.officerId ?? null, outcome.amount ?? null, outcome.note ?? null, outcome.recordedBy, before.balance],
    ))!;
    await this.audit(tx, outcome.recordedBy, 'outcome', 'case', outcome.caseRef, {
      kind: outcome.kind,
      status: c.status,
      officerId: outcome.officerId ?? null,
    });
    if (outcome.kind === 'vulnerable') {
      // The person, not the case: every case of the debtor is held, and others at the address reviewed.
      // One finding per visit: the other cases of the debtor recorded at the same visit add no hold.
      const sameVisit = await tx.get(
        "SELECT 1 FROM outcomes o JOIN cases c ON c.ref = o.case_ref WHERE c.debtor_ref = ? AND o.kind = 'vulnerable' AND o.at = ? AND o.id <> ? LIMIT 1",
        [c.debtorRef, outcome.at, id],
      );
      const at = new Date().toISOString();
      if (!sameVisit) await this.holds.vulnerabilityRecorded(tx, c.debtorRef, HOLD_REASONS.outcome, outcome.recordedBy, at, 'outcome');
      await this.holds.openReviews(tx, outcome.recordedBy, at);
    }
    return { outcome: { ...outcome, id }, caseStatus: c.status };
  }

  async listOutcomes(caseRef?: string, writtenFrom?: string, page?: OutcomePage): Promise<Outcome[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (caseRef !== undefined) {
      where.push('case_ref = ?');
      params.push(caseRef);
    }
    if (writtenFrom !== undefined) {
      // An ISO time sorts after its own date (byte-wise: TEXT is COLLATE "C" on PostgreSQL too).
      where.push('at >= ?');
      params.push(writtenFrom);
    }
    if (page !== undefined) {
      where.push('id > ?');
      params.push(page.after);
    }
    const rows = await this.db.all(
      `SELECT * FROM outcomes ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id${page !== undefined ? ' LIMIT ?' : ''}`,
      page !== undefined ? [...params, page.limit] : params,
    );
    return rows.map(outcomeFromRow);
  }

  async createPlan(plan: DayPlan, actor: string, kind: PlanVersionKind = 'plan', jobId?: string, seen?: PlanSeen | null): Promise<StoredPlan> {
    return this.db.transaction((tx) => this.createPlanIn(tx, plan, actor, kind, jobId, seen));
  }

  async createPlans(plans: readonly NewPlan[], actor: string, kind: PlanVersionKind): Promise<StoredPlan[]> {
    return this.db.transaction(async (tx) => {
      const saved: StoredPlan[] = [];
      for (const p of plans) saved.push(await this.createPlanIn(tx, p.plan, actor, kind, p.jobId, p.seen));
      return saved;
    });
  }

  private async createPlanIn(tx: SqlClient, plan: DayPlan, actor: string, kind: PlanVersionKind, jobId?: string, seen?: PlanSeen | null): Promise<StoredPlan> {
    const saved = await this.savedByJob(tx, jobId);
    if (saved) return saved;
    if (seen !== undefined) {
      // Writes are serialised (sqlite-client.ts, pg-client.ts): what is read here stays so until the commit.
      const now = await currentPlanOf(tx, plan.date, plan.team);
      if (now?.id !== seen?.id || now?.version !== seen?.version) {
        const was = seen ? `plan ${seen.id} version ${seen.version}` : 'no plan';
        const is = now ? `plan ${now.id} version ${now.version}` : 'none';
        throw new ConflictError(
          `${plan.date}'s plan changed while this one was being made (${was} then, ${is} now): plan the day again to replace it`,
          now?.version ?? 0,
        );
      }
    }
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    await tx.run('INSERT INTO plans (id, date, latest_version, team) VALUES (?, ?, 1, ?)', [id, plan.date, plan.team ?? null]);
    await tx.run('INSERT INTO plan_versions (plan_id, version, body, created_at, created_by, job_id) VALUES (?, 1, ?, ?, ?, ?)', [
      id,
      JSON.stringify(plan),
      createdAt,
      actor,
      jobId ?? null,
    ]);
    await eraseErasedCases(tx, id, 1, plan);
    await this.audit(tx, actor, 'create', 'plan', id, { kind, date: plan.date, version: 1, baseVersion: null, visits: plan.totals.visits });
    return { id, version: 1, plan, createdAt, createdBy: actor };
  }

  async savePlanVersion(id: string, baseVersion: number, plan: DayPlan, actor: string, kind: PlanVersionKind = 'edit', jobId?: string): Promise<StoredPlan> {
    return this.db.transaction(async (tx): Promise<StoredPlan> => {
      const saved = await this.savedByJob(tx, jobId);
      if (saved) return saved;
      const createdAt = new Date().toISOString();
      // The version read decides the write: locked until the transaction ends.
      const row = await tx.get(`SELECT latest_version FROM plans WHERE id = ?${tx.dialect.forUpdate}`, [id]);
      if (!row) throw new NotFoundError(`No plan '${id}'`);
      const latest = row.latest_version as number;
      if (baseVersion !== latest) {
        throw new ConflictError(`Plan '${id}' was changed: version ${latest} is current, this edit was based on version ${baseVersion}`, latest);
      }
      const next = latest + 1;
      await tx.run('UPDATE plans SET latest_version = ? WHERE id = ?', [next, id]);
      await tx.run('INSERT INTO plan_versions (plan_id, version, body, created_at, created_by, job_id) VALUES (?, ?, ?, ?, ?, ?)', [
        id,
        next,
        JSON.stringify(plan),
        createdAt,
        actor,
        jobId ?? null,
      ]);
      await eraseErasedCases(tx, id, next, plan);
      await this.audit(tx, actor, 'update', 'plan', id, { kind, date: plan.date, version: next, baseVersion, visits: plan.totals.visits });
      return { id, version: next, plan, createdAt, createdBy: actor };
    });
  }

  /** The version a planning job already saved, if it did (inside the saving transaction). */
  private async savedByJob(tx: SqlClient, jobId: string | undefined): Promise<StoredPlan | undefined> {
    if (jobId === undefined) return undefined;
    const row = await tx.get('SELECT * FROM plan_versions WHERE job_id = ?', [jobId]);
    return row && storedPlanFromRow(row);
  }

  async getPlan(id: string, version?: number): Promise<StoredPlan | undefined> {
    const row =
      version === undefined
        ? await this.db.get('SELECT v.* FROM plans p JOIN plan_versions v ON v.plan_id = p.id AND v.version = p.latest_version WHERE p.id = ?', [id])
        : await this.db.get('SELECT * FROM plan_versions WHERE plan_id = ? AND version = ?', [id, version]);
    return row && storedPlanFromRow(row);
  }

  async listPlans(filter: { date?: string; limit?: number } = {}): Promise<PlanSummary[]> {
    // p.rowid: the order plans were made in (an explicit identity column on PostgreSQL, migration 1).
    const sql = `SELECT p.id, p.date, p.team, v.version, v.created_at, v.created_by, ${this.db.dialect.jsonMember('v.body', 'totals')} AS totals
      FROM plans p JOIN plan_versions v ON v.plan_id = p.id AND v.version = p.latest_version
      ${filter.date ? 'WHERE p.date = ?' : ''} ORDER BY v.created_at DESC, p.rowid DESC LIMIT ?`;
    const rows = await this.db.all(sql, [...(filter.date ? [filter.date] : []), filter.limit ?? 50]);
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
    return (await currentPlanOf(this.db, date, team))?.id;
  }

  currentPlanSeen(date: string, team?: string): Promise<PlanSeen | null> {
    return currentPlanOf(this.db, date, team);
  }

  async listAudit(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    return this.auditTrail.list(filter);
  }

  async recordEvent(actor: string, action: string, entity: string, entityId: string, detail: Record<string, unknown> = {}): Promise<void> {
    await this.auditTrail.record(actor, action, entity, entityId, detail);
  }

  /** The audit chain checked end to end (sql-audit.ts). */
  verifyAudit(): Promise<ChainReport> {
    return verifyAuditChain(this.db);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
