import type { KeptFields, OutcomeKind } from '../../solver/rules/outcomes.js';
import type { CaseKey } from '../../solver/rules/person.js';
import type { Case, CaseStatus, Crew, DayPlan, DebtorHold, DebtorHoldKind, Officer } from '../../solver/rules/types.js';
import type { Role } from '../auth/roles.js';
import type { RetentionSettings, Settings } from '../settings.js';

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
  /** The case's balance when the outcome was recorded (absent on outcomes recorded before it was kept). */
  balanceBefore?: number;
}

/** One page of outcomes in id order: at most `limit` of those with an id above `after`. */
export interface OutcomePage {
  after: number;
  limit: number;
}

/**
 * A case a re-import left partly as recorded in Rounds: which columns and why (no personal data).
 * '*': the whole row was left out, because the case's personal data was erased (server/retention.ts).
 */
export interface KeptCase {
  caseRef: string;
  fields: Array<KeptFields['fields'][number] | '*'>;
  reason: string;
}

export interface ImportCounts {
  imported: number;
  updated: number;
  /** In the order the cases were given. */
  kept: KeptCase[];
  /**
   * Cases that joined a debtor reference (new, or moved to it) under a name sharing no word with
   * the names its other cases carry (solver/rules/person.ts namesMayBeOnePerson), in file order:
   * a reference reused for someone else would give them the first person's holds and erasure.
   */
  otherName: Array<{ caseRef: string; debtorRef: string }>;
}

/**
 * A check of an import against what is stored, run inside the import's transaction (so that no
 * other import changes it meanwhile): the stored postcode of each case in the file that exists,
 * and every postcode of each debtor the file names. Throwing refuses the import, nothing written.
 */
export type ImportScreen = (stored: {
  postcodeOf: ReadonlyMap<string, string>;
  debtorPostcodes: ReadonlyArray<{ debtorRef: string; postcode: string }>;
}) => void;

/** One plan of createPlans, with createPlan's `jobId` and `seen`. */
export interface NewPlan {
  plan: DayPlan;
  jobId?: string;
  seen?: PlanSeen | null;
}

/** A plan as a request saw it (createPlan's `seen`). */
export interface PlanSeen {
  id: string;
  version: number;
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
  /** The team whose day it is (DayPlan.team); absent: the whole area's. */
  team?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  /** What changed, without personal data (refs, ids, field names and counts, never names, addresses or notes). */
  detail: Record<string, unknown>;
  /** The previous row's hash (64 zeros for the first row): the chain that makes a deleted or inserted row show. */
  prevHash: string;
  /** SHA-256 over the row and prevHash (server/store/sqlite-audit.ts): a changed row shows. */
  hash: string;
}

/**
 * One changed field in an audit detail's `changes`: the dotted path of a changed leaf (arrays
 * compared whole), its values before and after (absent on a create or a delete), or, for personal
 * data (a name, a home point), `personal: true` and no values: only that it changed.
 */
export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
  personal?: true;
}

/** How a plan version came about, recorded in its audit row. */
export type PlanVersionKind = 'plan' | 'week-day' | 'edit' | 'replan';

/** Which audit rows to list: every condition given must hold; newest first. */
export interface AuditFilter {
  actor?: string;
  /** Rows about this case (entity 'case') or whose detail lists the ref (an import, a run sheet read). */
  caseRef?: string;
  action?: string;
  entity?: string;
  /** ISO 8601 instants (UTC): at >= since, at < until. */
  since?: string;
  until?: string;
  /** Paging: only rows with a smaller id (the last id of the previous page). */
  before?: number;
  limit?: number;
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

/** A write that named the version it read (If-Match) when the record has changed since: nothing was written. */
export class PreconditionFailedError extends Error {
  constructor(
    message: string,
    readonly currentTag: string,
  ) {
    super(message);
    this.name = 'PreconditionFailedError';
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** An account. The password hash never leaves the store except to the sign-in check. */
export interface User {
  username: string;
  displayName: string;
  role: Role;
  /** For an officer account: the officer record it is. */
  officerId?: string;
  /** For a team leader's account: the one team (settings `teams`) whose cases, plans and officers they see; absent: every team's. */
  team?: string;
  /** 'oidc' accounts sign in through the council's identity provider only. */
  source: 'local' | 'oidc';
  /**
   * A single sign-on account's person at the identity provider: its issuer and `sub` (OpenID Connect
   * Core 5.7: the only claims that identify a person for good; a username claim can be changed or
   * handed on). Absent until the account's first sign-in since it was kept.
   */
  subject?: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export type NewUser = Pick<User, 'username' | 'displayName' | 'role' | 'officerId' | 'team' | 'source' | 'subject'> & { passwordHash?: string };
/** `subject: null` releases a single sign-on account from its person: the next sign-in under its username binds anew. */
export type UserChange = Partial<Pick<User, 'displayName' | 'role' | 'disabled'>> & { officerId?: string | null; team?: string | null; subject?: null };
/**
 * The account's rights as the caller read them to work out `change` (its officer and team follow
 * from them): if another change wrote other rights since, updateUser refuses (ConflictError)
 * rather than write these back.
 */
export type UserRightsRead = Pick<User, 'role'> & { officerId: string | null; team: string | null };

export interface Session {
  /** SHA-256 of the token in the cookie (the token itself is never stored). */
  idHash: string;
  username: string;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute expiry; the idle expiry is lastSeenAt + the idle setting. */
  expiresAt: string;
}

/** Accounts, their sessions and the record of failed sign-ins. */
export interface AccountStore {
  createUser(user: NewUser, actor: string): Promise<User>;
  getUser(username: string): Promise<User | undefined>;
  /** The account and its password hash, for the sign-in check only. */
  getCredentials(username: string): Promise<{ user: User; passwordHash?: string } | undefined>;
  listUsers(): Promise<User[]>;
  /** Changes the named fields; disabling an account ends its sessions. Audited with the fields changed. */
  updateUser(username: string, change: UserChange, actor: string, read?: UserRightsRead): Promise<User>;
  /** Replaces the password hash and ends every session of the account. */
  setPasswordHash(username: string, passwordHash: string, actor: string): Promise<void>;
  /** Creates or refreshes an account from the identity provider's claims at sign-in. */
  /**
   * Creates or updates a single sign-on account from the provider's claims. An account kept without
   * a subject takes this one; an account of another subject is a ConflictError, nothing changed.
   */
  upsertIdentityProviderUser(user: Omit<NewUser, 'source' | 'passwordHash' | 'subject'> & { subject: string }): Promise<User>;
  countUsers(): Promise<number>;

  createSession(session: Session): Promise<void>;
  getSession(idHash: string): Promise<Session | undefined>;
  touchSession(idHash: string, at: string): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  deleteExpiredSessions(idleBefore: string, now: string): Promise<number>;

  /** Failed sign-ins for `key` since `since` (ISO). */
  countSignInFailures(key: string, since: string): Promise<number>;
  /** The oldest failure for `key` since `since`, to say when the key may try again. */
  oldestSignInFailure(key: string, since: string): Promise<string | undefined>;
  recordSignInFailure(keys: string[], at: string): Promise<void>;
  clearSignInFailures(key: string): Promise<void>;
}

/** One plan's stored versions, as the retention policy judges them. */
export interface PlanVersions {
  planId: string;
  /** The day planned, YYYY-MM-DD. */
  date: string;
  latestVersion: number;
  versions: number[];
}

export interface RetentionRequest {
  policy: RetentionSettings;
  /** Closures are judged against this instant ... */
  now: Date;
  /** ... and plan dates against this date (the council's local date of `now`). */
  today: string;
  actor: string;
  /** Report what would be done, change nothing (not even the audit). */
  dryRun?: boolean;
}

/** What a retention run did, or would do for a dry run. Refs and counts only, never personal data. */
export interface RetentionReport {
  dryRun: boolean;
  /** The London date plan dates were judged by, and the instant closures were judged by. */
  today: string;
  at: string;
  policy: RetentionSettings;
  planVersionsPruned: Array<{ planId: string; versions: number[] }>;
  /** Closed cases whose personal fields were erased, their retention period over. */
  casesErased: string[];
  /** Free-text notes of erased cases' outcomes (including notes recorded after an erasure). */
  outcomeNotesErased: number;
  /** Stops of stored plans whose coordinates and markers were erased with their cases. */
  planStopsErased: number;
  /** Idempotency keys of requests sent from phones more than IDEMPOTENCY_KEY_DAYS ago, forgotten. */
  idempotencyKeysForgotten: number;
}

/** What an erasure on request did. Refs and counts only. */
export interface DebtorErasure {
  debtorRef: string;
  /** Every case of the debtor, erased by this request or before. */
  caseRefs: string[];
  /** The cases this request erased (none when a second request finds them erased). */
  newlyErased: string[];
  /** The cases that were open or suspended and are now closed: an erased case is never planned. */
  closed: string[];
  outcomeNotesErased: number;
  planStopsErased: number;
  /** When the debtor was first erased on request. */
  erasedAt: string;
}

/**
 * Retention and erasure (server/retention.ts holds the policy). Erasing a case keeps what the
 * totals need (ref, debtor ref, debt type, balance, dates, status, premises, attempts) and clears
 * or coarsens what identifies or locates the person.
 */
export interface RetentionStore {
  /** Prunes plan versions and erases closed cases past their period, in one transaction, audited. A dry run changes nothing. */
  run(request: RetentionRequest): Promise<RetentionReport>;
  /**
   * Erases the personal fields of every case of the debtor (closing the open ones), their outcome
   * notes and their plan stops, and puts the debtor on the erasure list that the import honours.
   * Audited with the admin's reason. Again on an erased debtor: harmless. NotFoundError: no case.
   */
  eraseDebtor(debtorRef: string, reason: string, actor: string, now?: Date): Promise<DebtorErasure>;
}

/**
 * A hold on a debtor (solver/rules/person.ts says what each kind means). The reasons are personal
 * data: shown to the team leader, never logged, never in the audit.
 */
export interface Hold {
  id: number;
  debtorRef: string;
  kind: DebtorHoldKind;
  /** Why it was set: the team leader's words, or what recorded it ('vulnerable' outcome, import flag). */
  reason: string;
  setBy: string;
  setAt: string;
  /** Present once cleared: who cleared it, when and why. */
  clearedBy?: string;
  clearedAt?: string;
  clearReason?: string;
}

/**
 * Holds on debtors. Vulnerability holds are set by what records a vulnerability (an import row's
 * flag newly raised, a 'vulnerable' outcome), review holds by a vulnerability at a debtor's
 * address; a team leader sets manual holds and clears any. Audited without the reasons.
 */
/** Narrows the planning caseload (Store.planningCaseKeys): every field given must hold. */
export interface PlanningCaseFilter {
  /**
   * Leaves out postcodes in these districts ("N11") and sectors ("N11 1"). Only a postcode in the
   * import's form ("N11 1NN") is left out by its area; any other is read.
   */
  outsideAreas?: readonly string[];
  debtorRefs?: readonly string[];
  /** As stored. */
  postcodes?: readonly string[];
  refs?: readonly string[];
}

export interface HoldStore {
  /** The debtor's holds, newest first. NotFoundError: no case and no hold of that debtor. */
  list(debtorRef: string): Promise<Hold[]>;
  /** Every hold, active and cleared, as the rules read them; only those of `debtorRefs` when given. */
  forPlanning(debtorRefs?: readonly string[]): Promise<DebtorHold[]>;
  /** NotFoundError: the debtor has no case. */
  setManual(debtorRef: string, reason: string, actor: string): Promise<Hold>;
  /**
   * Clears a hold with the team leader's reason. Clearing a vulnerability also clears the reviews it
   * opened, unless someone at that address is still vulnerable. NotFoundError: no such hold of the
   * debtor; ConflictError: already cleared.
   */
  clear(debtorRef: string, id: number, reason: string, actor: string): Promise<Hold>;
}

// --- The officer's day on the doorstep (issue 13): keyed requests and lone-working check-ins ---

/** A request sent with an Idempotency-Key: the sender's key and a fingerprint of what it asked. */
export interface Once {
  key: string;
  fingerprint: string;
}

/** What a keyed request recorded; `replayed` when the key was seen before (then `fingerprint` is the first request's). */
export interface OnceResult<T> {
  result: T;
  replayed: boolean;
  fingerprint: string;
}

/** An outcome as recorded, with the status it left its case in. */
export interface RecordedOutcome {
  outcome: Outcome;
  caseStatus: CaseStatus;
}

/** A lone-working check-in an officer recorded ("I am safe at `at`"). */
export interface CheckInRecord {
  id: number;
  officerId: string;
  /** The instant the officer checked in (UTC ISO 8601). */
  at: string;
  recordedBy: string;
}

export interface CheckInStore {
  /** Records a check-in on `day` (its London date); with `once`, a replayed key records nothing and answers the first. */
  record(checkIn: Omit<CheckInRecord, 'id'>, day: string, once?: Once): Promise<OnceResult<CheckInRecord>>;
  /** Each officer's last check-in on a London date (one per officer who checked in). */
  lastOn(day: string): Promise<CheckInRecord[]>;
}

export interface Store {
  readonly checkIns: CheckInStore;
  /** As recordOutcome, once per sender and key: a replayed key records nothing and answers the first result. */
  recordOutcomeOnce(outcome: Omit<Outcome, 'id'>, once: Once): Promise<OnceResult<RecordedOutcome>>;
  /** The first result of a sender's key, if they used it (a replay is answered even after the case left their route). */
  keyedOutcome(actor: string, key: string): Promise<OnceResult<RecordedOutcome> | undefined>;

  readonly accounts: AccountStore;
  readonly retention: RetentionStore;
  readonly holds: HoldStore;

  /**
   * Inserts or updates cases by ref, all or nothing. A vulnerability flag a row raises holds its
   * debtor (and opens reviews of others at the address). What the recorded outcomes established (a
   * suspension, a closure, a vulnerability, failed attempts) is kept whatever the file says; the
   * answer lists the cases where the file said otherwise. Erased personal data is not brought back:
   * a row of a debtor erased on request, or of a closed case erased at the end of its period that
   * the file does not reopen, is left out and listed with fields ['*'].
   */
  upsertCases(cases: Case[], actor: string, screen?: ImportScreen): Promise<ImportCounts>;
  /** `warning`: only cases with a warning marker (the premises' caution outlives a closed case). */
  listCases(filter?: { status?: CaseStatus; warning?: boolean }): Promise<Case[]>;
  getCase(ref: string): Promise<Case | undefined>;
  /** The cases with these refs that exist (unknown refs are left out, not errors). */
  getCases(refs: string[]): Promise<Case[]>;
  /**
   * Part of the planning caseload (open and suspended cases, closed ones with a warning marker):
   * the keys of the cases each given field narrows it to. A team's planning job reads with these
   * (server/jobs/planning-data.ts); the rules say which keys.
   */
  planningCaseKeys(filter: PlanningCaseFilter): Promise<CaseKey[]>;
  /** The postcodes of every case of these debtors, closed ones too (where a team leader's patch reaches a person). */
  debtorPostcodes(debtorRefs: readonly string[]): Promise<Array<{ debtorRef: string; postcode: string }>>;
  /** The planning caseload's cases with these refs: the open, then the suspended, then the closed, each in ref order (as listCases answers each). */
  planningCases(refs: readonly string[]): Promise<Case[]>;
  countCases(): Promise<number>;

  listOfficers(): Promise<Officer[]>;
  getOfficer(id: string): Promise<Officer | undefined>;
  /** Creates, or replaces when `replace` is set; a duplicate id on create is a ConflictError. */
  /**
   * Creates (replace false) or replaces an officer. With `ifMatch` (a replace), the stored record's
   * recordTag must equal it: otherwise a PreconditionFailedError and nothing written.
   */
  saveOfficer(officer: Officer, actor: string, replace: boolean, ifMatch?: string): Promise<Officer>;
  deleteOfficer(id: string, actor: string): Promise<void>;

  listCrews(): Promise<Crew[]>;
  /**
   * A new crew, or (with `ifMatch`, the ETag of the crew read: recordTag) a replacement of the crew
   * of that id: a crew that exists is not replaced without it (ConflictError), nor when it changed
   * since (PreconditionFailedError), nor is a crew deleted since made again (NotFoundError).
   */
  saveCrew(crew: Crew, actor: string, ifMatch?: string): Promise<Crew>;
  /** With `ifMatch`, only the crew as it was read (PreconditionFailedError otherwise). */
  deleteCrew(id: string, actor: string, ifMatch?: string): Promise<void>;

  getSettings(): Promise<Settings>;
  /**
   * A change of some fields is a function of the stored settings, called inside the write's
   * transaction: two admins changing different fields at once both keep their change.
   */
  /**
   * With `ifMatch`, the stored settings must still have that tag (recordTag, as GET /api/settings
   * answers it): an older one is a PreconditionFailedError, nothing written.
   */
  saveSettings(settings: Settings | ((stored: Settings) => Settings), actor: string, ifMatch?: string): Promise<Settings>;

  /** Applies an outcome to its case (status, previous attempts; a 'vulnerable' one holds the debtor) and records it, atomically. */
  recordOutcome(outcome: Omit<Outcome, 'id'>): Promise<Outcome>;
  /**
   * Oldest first; of one case when caseRef is given. writtenFrom (YYYY-MM-DD) keeps those whose time,
   * as written, is on or after that date: a cheap bound for a caller that applies its own day test
   * (a time's written date may be a day either side of its London date). With `page`, at most
   * `page.limit` of those with an id above `page.after`; without it, every one (planning, the demo).
   */
  listOutcomes(caseRef?: string, writtenFrom?: string, page?: OutcomePage): Promise<Outcome[]>;

  /** A day's current plan as a request saw it: its id and latest version. */
  currentPlanSeen(date: string, team?: string): Promise<PlanSeen | null>;

  /**
   * `kind` says in the audit how it was made: a day plan ('plan', the default) or one day of a week
   * ('week-day'). With `jobId`, a second save by the same planning job saves nothing and answers
   * the version the first saved (a job retried after its worker died). With `seen`, the day's
   * current plan (for the plan's team) must still be the one the request saw (its id and latest
   * version), or none when it saw none: anything else is a ConflictError, never a silent replacement.
   */
  createPlan(plan: DayPlan, actor: string, kind?: PlanVersionKind, jobId?: string, seen?: PlanSeen | null): Promise<StoredPlan>;
  /** Several plans as createPlan saves each, in one transaction: all of them or none (a week). */
  createPlans(plans: readonly NewPlan[], actor: string, kind: PlanVersionKind): Promise<StoredPlan[]>;
  /**
   * A new version on top of `baseVersion`; a stale base is a ConflictError, never an overwrite.
   * `kind` ('edit', the default, or 'replan') goes into the audit with the base version; `jobId` as
   * in createPlan (checked before the base version, so a retried re-plan answers its first save).
   */
  savePlanVersion(id: string, baseVersion: number, plan: DayPlan, actor: string, kind?: PlanVersionKind, jobId?: string): Promise<StoredPlan>;
  getPlan(id: string, version?: number): Promise<StoredPlan | undefined>;
  /** Latest version of each plan, newest first, optionally for one date. */
  listPlans(filter?: { date?: string; limit?: number }): Promise<PlanSummary[]>;
  /**
   * The day's current plan: the one made last for that date (its latest version is the day as it
   * stands). With `team`, the one made last of that team's plans and the whole area's (a plan of
   * every team stands for each); a plan's team is its first version's DayPlan.team.
   */
  currentPlanId(date: string, team?: string): Promise<string | undefined>;

  /** The audit trail, newest first (at most `limit`, default 100). */
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;
  /** Appends an event that changes nothing stored (a sign-in, a read of personal data) to the audit trail. */
  recordEvent(actor: string, action: string, entity: string, entityId: string, detail?: Record<string, unknown>): Promise<void>;

  close(): Promise<void>;
}
