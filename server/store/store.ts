import type { KeptFields, OutcomeKind } from '../../solver/rules/outcomes.js';
import type { Case, CaseStatus, Crew, DayPlan, Officer } from '../../solver/rules/types.js';
import type { Settings } from '../settings.js';

/**
 * Everything the server keeps, behind one small interface so that a PostgreSQL store can follow
 * the embedded SQLite one. Methods are async for that reason even though SQLite answers at once.
 * Every change names its actor, and the store writes the audit row in the same transaction.
 */

export type { OutcomeKind };

export interface Outcome {
  id: number;
  caseRef: string;
  kind: OutcomeKind;
  /** ISO 8601 date-time of the visit. */
  at: string;
  officerId?: string;
  /** Amount paid in pounds, for 'paid'. */
  amount?: number;
  note?: string;
  recordedBy: string;
}

/** A case a re-import left partly as recorded in Rounds: which columns and why (no personal data). */
export interface KeptCase extends KeptFields {
  caseRef: string;
}

export interface ImportCounts {
  imported: number;
  updated: number;
  /** In the order the cases were given. */
  kept: KeptCase[];
}

export interface StoredPlan {
  id: string;
  version: number;
  /** The plan as made or as last edited. */
  plan: DayPlan;
  createdAt: string;
  createdBy: string;
}

export interface PlanSummary {
  id: string;
  date: string;
  version: number;
  createdAt: string;
  createdBy: string;
  totals: { visits: number; miles: number; value: number };
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  /** What changed, without personal data (refs and counts, never names or addresses). */
  detail: Record<string, unknown>;
}

export class ConflictError extends Error {
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export interface Store {
  /**
   * Inserts or updates cases by ref, all or nothing. What the recorded outcomes established (a
   * suspension, a closure, a vulnerability, failed attempts) is kept whatever the file says; the
   * answer lists the cases where the file said otherwise.
   */
  upsertCases(cases: Case[], actor: string): Promise<ImportCounts>;
  listCases(filter?: { status?: CaseStatus }): Promise<Case[]>;
  getCase(ref: string): Promise<Case | undefined>;
  /** The cases with these refs that exist (unknown refs are left out, not errors). */
  getCases(refs: string[]): Promise<Case[]>;
  countCases(): Promise<number>;

  listOfficers(): Promise<Officer[]>;
  getOfficer(id: string): Promise<Officer | undefined>;
  /** Creates, or replaces when `replace` is set; a duplicate id on create is a ConflictError. */
  saveOfficer(officer: Officer, actor: string, replace: boolean): Promise<Officer>;
  deleteOfficer(id: string, actor: string): Promise<void>;

  listCrews(): Promise<Crew[]>;
  saveCrew(crew: Crew, actor: string): Promise<Crew>;
  deleteCrew(id: string, actor: string): Promise<void>;

  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings, actor: string): Promise<Settings>;

  /** Applies an outcome to its case (status, previous attempts) and records it, atomically. */
  recordOutcome(outcome: Omit<Outcome, 'id'>): Promise<Outcome>;
  listOutcomes(caseRef?: string): Promise<Outcome[]>;

  createPlan(plan: DayPlan, actor: string): Promise<StoredPlan>;
  /** A new version on top of `baseVersion`; a stale base is a ConflictError, never an overwrite. */
  savePlanVersion(id: string, baseVersion: number, plan: DayPlan, actor: string): Promise<StoredPlan>;
  getPlan(id: string, version?: number): Promise<StoredPlan | undefined>;
  /** Latest version of each plan, newest first, optionally for one date. */
  listPlans(filter?: { date?: string; limit?: number }): Promise<PlanSummary[]>;

  listAudit(options?: { limit?: number; entity?: string }): Promise<AuditEntry[]>;

  close(): Promise<void>;
}
