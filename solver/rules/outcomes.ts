/**
 * What a recorded visit outcome means for its case, written once. The store applies it when an
 * officer records an outcome; the case import replays the same record so that the next revenues
 * export never undoes what was found on the doorstep: a suspension stays, a closed case stays
 * closed, a vulnerability stays recorded, failed attempts are never erased.
 *
 * A vulnerability finding flags the case, and the store holds the debtor (every case, every
 * address) until a team leader clears it (person.ts; National Standards 72-73): the case itself is
 * not suspended, so that clearing the debtor's hold is all it takes to visit again. An
 * arrangement suspends the case while it holds; payment in full, goods taken into control and a
 * debtor gone away close it; no contact is a failed attempt, which moves the next attempt to
 * another time band.
 */
import { DateTime } from 'luxon';
import type { Case } from './types.js';

export type OutcomeKind = 'paid' | 'arrangement' | 'no_contact' | 'goods_controlled' | 'vulnerable' | 'gone_away';

/** An outcome as the rules read it: what happened, when, and for a payment how much against what was owed. */
export interface OutcomeRecord {
  kind: OutcomeKind;
  /** When the visit happened, ISO 8601 (London local time when no offset is given, as the import reads times). */
  at: string;
  /** Pounds paid, for 'paid'; absent means paid in full. */
  amount?: number;
  /** The case's balance when the outcome was recorded. Absent on outcomes recorded before it was kept. */
  balanceBefore?: number;
}

/** What one outcome establishes about its case. */
export interface OutcomeEffect {
  status?: 'suspended' | 'closed';
  vulnerable?: true;
  /** A failed attempt at this instant. */
  attempt?: string;
  /** What is left to pay after the payment. */
  balance?: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function outcomeEffect(o: OutcomeRecord): OutcomeEffect {
  switch (o.kind) {
    case 'no_contact':
      return { attempt: o.at };
    case 'vulnerable':
      return { vulnerable: true };
    case 'arrangement':
      return { status: 'suspended' };
    case 'paid':
      if (o.amount === undefined) return { status: 'closed', balance: 0 };
      // An amount against an unknown balance (an old record) is not known to have cleared the debt.
      if (o.balanceBefore === undefined) return {};
      return o.amount >= o.balanceBefore ? { status: 'closed', balance: 0 } : { balance: round2(o.balanceBefore - o.amount) };
    case 'goods_controlled':
    case 'gone_away':
      return { status: 'closed' };
  }
}

/** The case after an outcome recorded now, against the balance it has now. */
export function applyOutcome(c: Case, o: Omit<OutcomeRecord, 'balanceBefore'>): Case {
  const effect = outcomeEffect({ ...o, balanceBefore: c.balance });
  return {
    ...c,
    status: effect.status ?? c.status,
    vulnerable: c.vulnerable || effect.vulnerable === true,
    balance: effect.balance ?? c.balance,
    previousAttempts: effect.attempt === undefined ? c.previousAttempts : [...c.previousAttempts, effect.attempt],
  };
}

/** What a case's recorded outcomes establish, whatever a file says later. */
export interface RecordedFacts {
  /** The status the last outcome that sets one left the case in, and that outcome. */
  status?: { value: 'suspended' | 'closed'; by: OutcomeRecord };
  /** The first vulnerability finding: once recorded, only a person lifts it. */
  vulnerability?: OutcomeRecord;
  /** Failed attempts, as recorded. */
  attempts: string[];
  /** Payments short of the balance, in the order recorded (each with the balance it was paid against). */
  partPayments: Array<OutcomeRecord & { amount: number; balanceBefore: number }>;
}

/** Replays a case's outcomes in the order they were recorded. */
export function recordedFacts(outcomes: readonly OutcomeRecord[]): RecordedFacts {
  const facts: RecordedFacts = { attempts: [], partPayments: [] };
  for (const o of outcomes) {
    const effect = outcomeEffect(o);
    if (effect.status) facts.status = { value: effect.status, by: o };
    if (effect.vulnerable) facts.vulnerability ??= o;
    if (effect.attempt !== undefined) facts.attempts.push(effect.attempt);
    if (effect.balance !== undefined && effect.status === undefined && o.amount !== undefined && o.balanceBefore !== undefined) {
      facts.partPayments.push({ ...o, amount: o.amount, balanceBefore: o.balanceBefore });
    }
  }
  return facts;
}

/**
 * The balance after the part payments the file cannot know of yet. A file whose balance is exactly
 * what the case owed when a payment was recorded was exported before it: that payment, and every
 * one recorded after it, is taken off. Any other balance is the revenues system's own figure, which
 * has moved since (the payment posted there, or another change): the file's stands.
 */
function balanceAfterPayments(fileBalance: number, payments: RecordedFacts['partPayments']): { balance: number; from: OutcomeRecord } | undefined {
  const first = payments.findIndex((p) => Math.round(p.balanceBefore * 100) === Math.round(fileBalance * 100));
  if (first < 0) return undefined;
  const paid = payments.slice(first).reduce((sum, p) => sum + Math.round(p.amount * 100), 0);
  return { balance: Math.max(0, Math.round(fileBalance * 100) - paid) / 100, from: payments[first] };
}

/** The columns of a file row a re-import left as recorded, and why, in plain words without personal data. */
export interface KeptFields {
  fields: Array<'status' | 'vulnerable' | 'previous_attempts' | 'balance'>;
  reason: string;
}

/**
 * A case as read from a revenues file, merged with what Rounds recorded for it. The file owns the
 * debtor's details, balance, dates and markers; the recorded outcomes own the status they set, a
 * vulnerability finding, the failed attempts (merged with the file's: one per instant, oldest
 * first) and the part payments a file exported before them cannot know of. `kept` is set when the
 * file said otherwise.
 */
export function mergeImportedCase(fromFile: Case, outcomes: readonly OutcomeRecord[]): { case: Case; kept?: KeptFields } {
  const facts = recordedFacts(outcomes);
  const merged: Case = { ...fromFile };
  const fields: KeptFields['fields'] = [];
  const reasons: string[] = [];

  if (facts.status && facts.status.value !== fromFile.status) {
    merged.status = facts.status.value;
    fields.push('status');
    reasons.push(statusReason(facts.status.value, facts.status.by));
  }
  if (facts.vulnerability && !fromFile.vulnerable) {
    merged.vulnerable = true;
    fields.push('vulnerable');
    reasons.push(`vulnerability recorded ${londonDate(facts.vulnerability.at)}`);
  }
  const paid = balanceAfterPayments(fromFile.balance, facts.partPayments);
  if (paid) {
    merged.balance = paid.balance;
    fields.push('balance');
    reasons.push(`the balance less the part payments recorded since ${londonDate(paid.from.at)} (the file's is from before them)`);
  }
  if (facts.attempts.length > 0) {
    merged.previousAttempts = unionOfInstants(fromFile.previousAttempts, facts.attempts);
    const inFile = new Set(fromFile.previousAttempts.map(instantKey));
    const dropped = facts.attempts.filter((a) => !inFile.has(instantKey(a)));
    if (dropped.length > 0) {
      fields.push('previous_attempts');
      const dates = [...new Set(dropped.map(londonDate))].sort().join(', ');
      reasons.push(`${dropped.length === 1 ? 'a no-contact attempt' : `${dropped.length} no-contact attempts`} recorded ${dates} kept`);
    }
  }
  return fields.length > 0 ? { case: merged, kept: { fields, reason: reasons.join('; ') } } : { case: merged };
}

function statusReason(status: 'suspended' | 'closed', by: OutcomeRecord): string {
  const when = londonDate(by.at);
  if (status === 'closed') return `closed by a '${by.kind}' outcome recorded ${when}`;
  return `suspended: ${by.kind} recorded ${when}`;
}

/** Times without an offset are London local time, as the import and the planner read them. */
const ZONE = 'Europe/London';

function instantOf(iso: string): number {
  return DateTime.fromISO(iso, { zone: ZONE }).toMillis();
}

/** One key per instant (so 10:00Z and 10:00+00:00 are the same attempt); an unreadable time keys by its text. */
function instantKey(iso: string): string {
  const ms = instantOf(iso);
  return Number.isNaN(ms) ? iso : String(ms);
}

function londonDate(iso: string): string {
  return DateTime.fromISO(iso, { zone: ZONE }).toISODate() ?? iso.slice(0, 10);
}

/** The file's times first, then the recorded ones, one per instant, oldest first. */
function unionOfInstants(fromFile: readonly string[], recorded: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const iso of [...fromFile, ...recorded]) if (!byKey.has(instantKey(iso))) byKey.set(instantKey(iso), iso);
  return [...byKey.values()].sort((a, b) => instantOf(a) - instantOf(b));
}
