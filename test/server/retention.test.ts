/**
 * Retention and erasure (issue 8): plan versions pruned as the policy says, closed cases' personal
 * fields erased after the period and not before, a debtor erased on request, and none of it
 * undone by the next import or the planner.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { closedCaseDue, erasedFields, erasePlanStops, importErasure, outwardCode, planVersionsToPrune, scheduleRetention } from '../../server/retention.js';
import { DEFAULT_SETTINGS } from '../../server/settings.js';
import { MIGRATIONS } from '../../server/store/migrations.js';
import { registerAuditHash } from '../../server/store/sql-audit.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import type { SqlStore } from '../../server/store/sql-store.js';
import type { Store } from '../../server/store/store.js';
import { onPostgres, STORE_NAME, testDatabase, type TestDatabase } from '../support/test-store.js';
import type { Case, DayPlan } from '../../solver/rules/types.js';
import { CSV_HEADER, OFFICER, csvBody, importCsv, makeApp, type TestApp } from './helpers.js';

const POLICY = { planVersionsKept: 5, planVersionsAfterDays: 30, closedCaseDays: 365 };

function aCase(ref: string, o: Partial<Case> = {}): Case {
  return {
    ref,
    debtorRef: `D-${ref}`,
    name: 'Alex Example',
    address: '12 Sample Road',
    postcode: 'N11 1NN',
    lat: 51.61234,
    lon: -0.14321,
    debtType: 'council_tax',
    balance: 100,
    liabilityOrderDate: '2026-01-05',
    noticeDate: '2026-02-02',
    premises: 'domestic',
    vulnerable: false,
    warning: false,
    doNotVisit: [],
    previousAttempts: [],
    status: 'open',
    ...o,
  };
}

/** A stored plan with one route: one stop per group of case refs, at the given coordinates. */
function aPlan(date: string, stops: Array<{ caseRefs: string[]; lat: number; lon: number; vulnerable?: boolean; warning?: boolean }> = []): DayPlan {
  return {
    date,
    weight: 0.45,
    routes: [
      {
        officerIds: ['officer-a'],
        stops: stops.map((s) => ({
          caseRefs: s.caseRefs,
          lat: s.lat,
          lon: s.lon,
          arrival: `${date}T09:00:00+00:00`,
          departure: `${date}T09:15:00+00:00`,
          waitMinutes: 0,
          window: { start: '08:30', end: '17:00', band: 'day' },
          value: 10,
          balance: 100,
          flags: { warning: s.warning ?? false, business: false, repeat: false, vulnerable: s.vulnerable ?? false },
          violations: [],
        })),
        start: { lat: 51.6127, lon: -0.1408, departure: `${date}T08:00:00+00:00` },
        end: { lat: 51.6127, lon: -0.1408, arrival: `${date}T16:00:00+00:00` },
        miles: 1,
        value: 10,
        driveMinutes: 5,
        checkIns: [],
      },
    ],
    unplanned: [],
    totals: { visits: stops.length, miles: 1, value: 10 },
    estimate: true,
  };
}

/** A plan with versions 1..n (each edit from the latest). */
async function planWithVersions(store: Store, date: string, n: number): Promise<string> {
  const { id } = await store.createPlan(aPlan(date), 'tl');
  for (let v = 1; v < n; v++) await store.savePlanVersion(id, v, aPlan(date), 'tl');
  return id;
}

async function storedVersions(store: Store, id: string, upTo: number): Promise<number[]> {
  const kept: number[] = [];
  for (let v = 1; v <= upTo; v++) if (await store.getPlan(id, v)) kept.push(v);
  return kept;
}

async function balanceByStatus(store: Store): Promise<Record<string, number>> {
  const sums: Record<string, number> = {};
  for (const c of await store.listCases()) sums[c.status] = (sums[c.status] ?? 0) + c.balance;
  return sums;
}

describe('the retention policy', () => {
  it('prunes the versions more than N behind the latest once the plan date is D days past', () => {
    const all = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    const plans = [
      { planId: 'A', date: '2026-01-01', latestVersion: 8, versions: all(8) },
      { planId: 'B', date: '2026-01-02', latestVersion: 8, versions: all(8) },
      { planId: 'C', date: '2025-06-01', latestVersion: 3, versions: all(3) },
      { planId: 'D', date: '2025-06-01', latestVersion: 9, versions: [5, 6, 7, 8, 9] },
    ];
    // 2026-01-31 is 30 days after A's date and 29 after B's.
    expect(planVersionsToPrune(plans, '2026-01-31', POLICY)).toEqual([{ planId: 'A', versions: [1, 2, 3] }]);
    expect(planVersionsToPrune(plans, '2026-01-30', POLICY)).toEqual([]);
    expect(planVersionsToPrune(plans, '2026-02-01', POLICY)).toEqual([
      { planId: 'A', versions: [1, 2, 3] },
      { planId: 'B', versions: [1, 2, 3] },
    ]);
    // Keeping one: only the latest stays.
    expect(planVersionsToPrune(plans, '2026-02-01', { ...POLICY, planVersionsKept: 1 })).toEqual([
      { planId: 'A', versions: [1, 2, 3, 4, 5, 6, 7] },
      { planId: 'B', versions: [1, 2, 3, 4, 5, 6, 7] },
      { planId: 'C', versions: [1, 2] },
      { planId: 'D', versions: [5, 6, 7, 8] },
    ]);
  });

  it('erases a closed case 365 days after it closed, not a second before', () => {
    expect(closedCaseDue('2026-01-10T12:00:00.000Z', new Date('2027-01-10T11:59:59.000Z'), POLICY)).toBe(false);
    expect(closedCaseDue('2026-01-10T12:00:00.000Z', new Date('2027-01-10T12:00:00.000Z'), POLICY)).toBe(true);
    expect(closedCaseDue('not a time', new Date('2030-01-01T00:00:00Z'), POLICY)).toBe(false);
  });

  it('keeps the district of a postcode and coordinates to two decimals; erasing twice changes nothing more', () => {
    const once = erasedFields({ postcode: 'N11 1NN', lat: 51.61234, lon: -0.14321 });
    expect(once).toEqual({
      name: '[erased]',
      address: '[erased]',
      postcode: 'N11',
      lat: 51.61,
      lon: -0.14,
      tradingHours: null,
      doNotVisit: [],
      vulnerable: false,
      warning: false,
    });
    expect(erasedFields(once)).toEqual(once);
    expect(outwardCode('SW1A1AA')).toBe('SW1A');
    expect(outwardCode('EC1A 1BB')).toBe('EC1A');
  });

  it("erases a plan's stop only when every case on it is erased", () => {
    const plan = aPlan('2026-03-03', [
      { caseRefs: ['E1'], lat: 51.61234, lon: -0.14321, vulnerable: true },
      { caseRefs: ['E2', 'K1'], lat: 51.60877, lon: -0.13456 },
    ]);
    expect(erasePlanStops(plan, new Set(['E1', 'E2']))).toBe(1);
    expect(plan.routes[0].stops.map((s) => [s.lat, s.lon, s.flags.vulnerable])).toEqual([
      [51.61, -0.14, false],
      [51.60877, -0.13456, false],
    ]);
    expect(erasePlanStops(plan, new Set(['E1', 'E2']))).toBe(0);
  });

  it('takes off an erased stop the violations and an erased case the reasons that told of the person', () => {
    const plan = aPlan('2026-03-03', [{ caseRefs: ['E1'], lat: 51.61, lon: -0.14 }]);
    plan.routes[0].stops[0].violations = [
      { code: 'vulnerable', message: 'case E1: the debtor is vulnerable' },
      { code: 'after-visiting-hours', message: 'ends after 21:00' },
    ];
    plan.unplanned = [
      { caseRef: 'E2', reason: 'vulnerable' },
      { caseRef: 'E3', reason: 'no-capacity' },
      { caseRef: 'K1', reason: 'vulnerable' },
    ];
    expect(erasePlanStops(plan, new Set(['E1', 'E2', 'E3']))).toBe(2);
    expect(plan.routes[0].stops[0].violations).toEqual([{ code: 'after-visiting-hours', message: 'ends after 21:00' }]);
    // An erased case left out for want of time says nothing of the person; a case not erased keeps its reason.
    expect(plan.unplanned).toEqual([
      { caseRef: 'E3', reason: 'no-capacity' },
      { caseRef: 'K1', reason: 'vulnerable' },
    ]);
  });

  it('takes off an erased stop what still told of its markers: the fee share, the check-ins at it, the trading hours', () => {
    const plan = aPlan('2026-03-03', [
      { caseRefs: ['E1'], lat: 51.61, lon: -0.14, warning: true },
      { caseRefs: ['K1'], lat: 51.6, lon: -0.13, warning: true },
    ]);
    const [erasedStop, keptStop] = plan.routes[0].stops;
    // A fee share of 0 says the debtor is vulnerable (Fees reg 12); the hours are a sole trader's.
    erasedStop.enforcementFee = 0;
    keptStop.enforcementFee = 117.5;
    erasedStop.violations = [{ code: 'outside-trading-hours', message: 'case E1: outside its trading hours (Mo-Fr 09:00-17:00)' }];
    plan.routes[0].checkIns = [
      { at: '2026-03-03T08:00:00+00:00', kind: 'start' },
      { at: '2026-03-03T09:00:00+00:00', kind: 'arrive', stop: 0 },
      { at: '2026-03-03T09:10:00+00:00', kind: 'on-site', stop: 0 },
      { at: '2026-03-03T09:15:00+00:00', kind: 'leave', stop: 0 },
      { at: '2026-03-03T10:00:00+00:00', kind: 'arrive', stop: 1 },
      { at: '2026-03-03T10:15:00+00:00', kind: 'leave', stop: 1 },
      { at: '2026-03-03T16:00:00+00:00', kind: 'end' },
    ];
    expect(erasePlanStops(plan, new Set(['E1']))).toBe(1);
    expect(erasedStop.enforcementFee).toBeUndefined();
    expect(erasedStop.violations).toEqual([]);
    expect(keptStop.enforcementFee).toBe(117.5);
    expect(plan.routes[0].checkIns.map((c) => `${c.kind}${c.stop ?? ''}`)).toEqual(['start', 'arrive1', 'leave1', 'end']);
    expect(erasePlanStops(plan, new Set(['E1']))).toBe(0);
  });

  it('an import leaves out an erased debtor and an erased closed case, and takes a case the file reopens', () => {
    const open = () => 'open' as const;
    const closed = () => 'closed' as const;
    expect(importErasure({ debtorErasedAt: '2026-05-01T10:00:00.000Z', status: open })).toEqual({
      take: false,
      reason: "the debtor's personal data was erased on request on 2026-05-01: not imported (erase it in the revenues system too)",
    });
    expect(importErasure({ erasedAt: '2027-01-10T12:00:00.000Z', status: closed })).toEqual({
      take: false,
      reason: 'a closed case whose personal data was erased on 2027-01-10 at the end of its retention period: not imported',
    });
    expect(importErasure({ erasedAt: '2027-01-10T12:00:00.000Z', status: open })).toEqual({ take: true, reopens: true });
    expect(importErasure({ status: closed })).toEqual({ take: true, reopens: false });
  });
});

describe(`retention runs on the store (${STORE_NAME})`, () => {
  let dir: string;
  let db: TestDatabase;
  let store: SqlStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-retention-'));
    db = await testDatabase(dir);
    store = await db.open();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (now: string, today: string, dryRun = false) => store.retention.run({ policy: POLICY, now: new Date(now), today, actor: 'test-run', dryRun });

  it('prunes plan versions: the latest and the last five kept, dates respected, the run audited', async () => {
    const old = await planWithVersions(store, '2026-01-01', 8);
    const recent = await planWithVersions(store, '2026-01-20', 8);
    const short = await planWithVersions(store, '2025-12-01', 3);

    const report = await run('2026-02-05T03:00:00Z', '2026-02-05');
    expect(report.planVersionsPruned).toEqual([{ planId: old, versions: [1, 2, 3] }]);
    expect(await storedVersions(store, old, 8)).toEqual([4, 5, 6, 7, 8]);
    expect((await store.getPlan(old))?.version).toBe(8);
    expect(await storedVersions(store, recent, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await storedVersions(store, short, 3)).toEqual([1, 2, 3]);

    const [audit] = await store.listAudit({ entity: 'retention' });
    expect(audit).toMatchObject({ actor: 'test-run', action: 'retention', entityId: '2026-02-05' });
    expect(audit.detail).toEqual({
      policy: POLICY,
      planVersionsPruned: 3,
      plans: [{ planId: old, versions: [1, 2, 3] }],
      casesErased: [],
      outcomeNotesErased: 0,
      planStopsErased: 0,
      idempotencyKeysForgotten: 0,
    });

    // The next day: nothing more to prune; the run is still audited.
    expect((await run('2026-02-06T03:00:00Z', '2026-02-06')).planVersionsPruned).toEqual([]);
    expect(await store.listAudit({ entity: 'retention' })).toHaveLength(2);
    // A later edit keeps the five latest versions whatever their age.
    await store.savePlanVersion(old, 8, aPlan('2026-01-01'), 'tl');
    await run('2026-02-07T03:00:00Z', '2026-02-07');
    expect(await storedVersions(store, old, 9)).toEqual([5, 6, 7, 8, 9]);
  });

  it("erases a closed case's personal fields 365 days after it closed and not before; balances by status unchanged", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-10T12:00:00.000Z'));
    const shut = aCase('SHUT', {
      balance: 200,
      status: 'closed',
      premises: 'business',
      tradingHours: 'Mo-Fr 09:00-17:00',
      warning: true,
      doNotVisit: ['2026-04-14'],
      previousAttempts: ['2026-01-08T09:30:00Z'],
    });
    await store.upsertCases(
      [aCase('OPEN', { balance: 120 }), aCase('SUSP', { balance: 50, status: 'suspended', vulnerable: true }), aCase('PAID', { balance: 80 }), shut],
      'tl',
    );
    await store.recordOutcome({ caseRef: 'SHUT', kind: 'no_contact', at: '2026-01-09T10:00:00Z', note: 'side gate code 4321', recordedBy: 'tl' });
    // Paid in full on 2026-02-01: closed then.
    vi.setSystemTime(new Date('2026-02-01T09:00:00.000Z'));
    await store.recordOutcome({ caseRef: 'PAID', kind: 'paid', at: '2026-02-01T09:00:00Z', note: 'paid at the door', recordedBy: 'tl' });
    // A later import of the closed case does not move its closing time.
    vi.setSystemTime(new Date('2026-06-01T09:00:00.000Z'));
    await store.upsertCases([{ ...shut, address: '12 Sample Road, Flat 2' }], 'tl');
    vi.useRealTimers();
    const before = await balanceByStatus(store);
    expect(before).toEqual({ open: 120, suspended: 50, closed: 200 });

    expect((await run('2027-01-10T11:59:59.000Z', '2027-01-10')).casesErased).toEqual([]);
    expect((await store.getCase('SHUT'))?.name).toBe('Alex Example');

    const report = await run('2027-01-10T12:00:00.000Z', '2027-01-10');
    expect(report.casesErased).toEqual(['SHUT']);
    expect(report.outcomeNotesErased).toBe(1);
    expect(await store.getCase('SHUT')).toEqual({
      ...aCase('SHUT', { balance: 200, status: 'closed', premises: 'business', previousAttempts: ['2026-01-08T09:30:00Z', '2026-01-09T10:00:00Z'] }),
      name: '[erased]',
      address: '[erased]',
      postcode: 'N11',
      lat: 51.61,
      lon: -0.14,
    });
    expect((await store.listOutcomes('SHUT')).map((o) => [o.kind, o.note])).toEqual([['no_contact', undefined]]);
    expect(await balanceByStatus(store)).toEqual(before);
    // Not yet a year since PAID closed; the open and suspended cases are never erased by time.
    expect((await store.getCase('PAID'))?.name).toBe('Alex Example');
    expect((await store.listOutcomes('PAID'))[0].note).toBe('paid at the door');

    const later = await run('2027-02-01T09:00:00.000Z', '2027-02-01');
    expect(later.casesErased).toEqual(['PAID']);
    expect((await store.listOutcomes('PAID')).map((o) => [o.kind, o.note])).toEqual([['paid', undefined]]);
    expect((await store.getCase('OPEN'))?.name).toBe('Alex Example');
    expect((await store.getCase('SUSP'))?.name).toBe('Alex Example');
    expect(await balanceByStatus(store)).toEqual(before);
    expect((await store.listAudit({ entity: 'retention' }))[0].detail).toMatchObject({ casesErased: ['PAID'], outcomeNotesErased: 1 });
  });

  it('erases the stops of stored plans whose cases are all erased, not a stop shared with a case kept', async () => {
    await store.upsertCases(
      [aCase('GONE1', { status: 'closed' }), aCase('GONE2', { status: 'closed', debtorRef: 'D-SHARED' }), aCase('LIVE', { debtorRef: 'D-SHARED' })],
      'tl',
    );
    const { id } = await store.createPlan(
      aPlan('2026-03-03', [
        { caseRefs: ['GONE1'], lat: 51.61234, lon: -0.14321, warning: true },
        { caseRefs: ['GONE2', 'LIVE'], lat: 51.60877, lon: -0.13456 },
      ]),
      'tl',
    );
    const report = await run('2099-01-01T00:00:00Z', '2099-01-01');
    expect(report.casesErased).toEqual(['GONE1', 'GONE2']);
    expect(report.planStopsErased).toBe(1);
    const stops = (await store.getPlan(id))!.plan.routes[0].stops;
    expect(stops.map((s) => [s.caseRefs, s.lat, s.lon, s.flags.warning])).toEqual([
      [['GONE1'], 51.61, -0.14, false],
      [['GONE2', 'LIVE'], 51.60877, -0.13456, false],
    ]);
  });

  it("forgets a phone's request keys 30 days after they were sent, not before: a later replay is a new request", async () => {
    await store.saveOfficer(OFFICER, 'test-setup', false);
    const sent = Date.now();
    const checkIn = { officerId: OFFICER.id, at: new Date(sent).toISOString(), recordedBy: 'officer.one' };
    const once = { key: 'phone-key-1', fingerprint: 'f1' };
    const day = new Date(sent).toISOString().slice(0, 10);
    const first = await store.checkIns.record(checkIn, day, once);
    expect((await store.checkIns.record(checkIn, day, once)).replayed).toBe(true);

    const at = (days: number) => new Date(sent + days * 86_400_000 - 60_000).toISOString();
    expect((await run(at(30), day)).idempotencyKeysForgotten).toBe(0);
    expect((await store.checkIns.record(checkIn, day, once)).replayed).toBe(true);
    const later = new Date(sent + 30 * 86_400_000 + 60_000).toISOString();
    expect((await run(later, day, true)).idempotencyKeysForgotten).toBe(1);
    expect((await store.checkIns.record(checkIn, day, once)).replayed).toBe(true);
    expect((await run(later, day)).idempotencyKeysForgotten).toBe(1);
    expect((await store.listAudit({ entity: 'retention' }))[0].detail).toMatchObject({ idempotencyKeysForgotten: 1 });
    // The check-in it answered stays; the same key again is recorded as new.
    const again = await store.checkIns.record(checkIn, day, once);
    expect(again.replayed).toBe(false);
    expect(again.result.id).not.toBe(first.result.id);
  });

  it('a dry run reports the same as the run and changes nothing, not even the audit', async () => {
    const id = await planWithVersions(store, '2026-01-01', 7);
    await store.upsertCases([aCase('SHUT', { status: 'closed' })], 'tl');
    const auditBefore = (await store.listAudit({ limit: 1000 })).length;
    const dry = await run('2099-01-01T00:00:00Z', '2099-01-01', true);
    expect(dry).toMatchObject({ dryRun: true, planVersionsPruned: [{ planId: id, versions: [1, 2] }], casesErased: ['SHUT'] });
    expect(await storedVersions(store, id, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await store.getCase('SHUT'))?.name).toBe('Alex Example');
    expect(await store.listAudit({ limit: 1000 })).toHaveLength(auditBefore);
    const done = await run('2099-01-01T00:00:00Z', '2099-01-01');
    expect({ ...done, dryRun: true }).toEqual(dry);
  });

  it('a re-import does not bring an erased closed case back, unless the file reopens it', async () => {
    await store.upsertCases([aCase('SHUT', { status: 'closed' })], 'tl');
    await run('2099-01-01T00:00:00Z', '2099-01-01');

    const again = await store.upsertCases([aCase('SHUT', { status: 'closed' }), aCase('NEW')], 'tl');
    expect(again.imported).toBe(1);
    expect(again.updated).toBe(0);
    expect(again.kept).toEqual([
      {
        caseRef: 'SHUT',
        fields: ['*'],
        reason: expect.stringMatching(/^a closed case whose personal data was erased on \d{4}-\d{2}-\d{2} at the end of its retention period: not imported$/),
      },
    ]);
    expect((await store.getCase('SHUT'))?.name).toBe('[erased]');

    // The council reopened it: enforcement resumes with the file's details, and its clock restarts when it closes again.
    const reopened = await store.upsertCases([aCase('SHUT', { status: 'open' })], 'tl');
    expect(reopened).toEqual({ imported: 0, updated: 1, kept: [], otherName: [] });
    expect(await store.getCase('SHUT')).toEqual(aCase('SHUT'));
    expect((await run('2099-01-01T00:00:00Z', '2099-01-01')).casesErased).toEqual([]);
  });

  it('the scheduled run happens at start, as the system, with the stored settings', async () => {
    await store.saveSettings({ ...DEFAULT_SETTINGS, retention: { ...POLICY, planVersionsKept: 2 } }, 'admin');
    const id = await planWithVersions(store, '2020-01-01', 4);
    const lines: string[] = [];
    const schedule = scheduleRetention(store, {
      info: (f, m) => lines.push(`${m} ${JSON.stringify(f)}`),
      error: (f, m) => lines.push(`${m} ${JSON.stringify(f)}`),
    });
    await schedule.first;
    schedule.stop();
    expect(await storedVersions(store, id, 4)).toEqual([3, 4]);
    expect((await store.listAudit({ entity: 'retention' }))[0].actor).toBe('system:retention');
    expect(lines).toEqual(['retention run {"planVersionsPruned":2,"casesErased":0,"outcomeNotesErased":0,"planStopsErased":0,"idempotencyKeysForgotten":0}']);
  });

  it.skipIf(onPostgres)(
    'a database from before migration 5 (SQLite file): closed cases take their last update as closing time, stored plans are found by case',
    async () => {
      await store.close();
      const path = join(dir, 'old.sqlite');
      const db = new Database(path);
      // Migration 3 (the audit chain) hashes with the store's SQL function.
      registerAuditHash(db);
      db.exec('CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      for (const m of MIGRATIONS.filter((m) => m.id < 5)) {
        db.exec(m.sql);
        db.prepare('INSERT INTO migrations VALUES (?, ?, ?)').run(m.id, m.name, '2025-01-01T00:00:00Z');
      }
      const insertCase = db.prepare(`INSERT INTO cases (ref, debtor_ref, name, address, postcode, lat, lon, debt_type, balance, liability_order_date,
      notice_date, premises, vulnerable, warning, do_not_visit, previous_attempts, status, updated_at)
      VALUES (?, 'D-1', 'Alex Example', '12 Sample Road', 'N11 1NN', 51.61234, -0.14321, 'council_tax', 100, '2024-01-05', '2024-02-02', 'domestic', 0, 0, '[]', '[]', ?, ?)`);
      insertCase.run('OLD-CLOSED', 'closed', '2025-03-01T10:00:00.000Z');
      insertCase.run('OLD-OPEN', 'open', '2025-03-01T10:00:00.000Z');
      db.prepare('INSERT INTO plans (id, date, latest_version) VALUES (?, ?, 1)').run('P-OLD', '2025-02-27');
      db.prepare('INSERT INTO plan_versions VALUES (?, 1, ?, ?, ?)').run(
        'P-OLD',
        JSON.stringify(aPlan('2025-02-27', [{ caseRefs: ['OLD-CLOSED'], lat: 51.61234, lon: -0.14321 }])),
        '2025-02-26T18:00:00Z',
        'tl',
      );
      db.close();

      store = new SqliteStore(path);
      expect((await run('2026-03-01T09:59:59.000Z', '2026-03-01')).casesErased).toEqual([]);
      const report = await run('2026-03-01T10:00:00.000Z', '2026-03-01');
      expect(report.casesErased).toEqual(['OLD-CLOSED']);
      expect(report.planStopsErased).toBe(1);
      expect((await store.getPlan('P-OLD'))!.plan.routes[0].stops[0]).toMatchObject({ lat: 51.61, lon: -0.14 });
    },
  );
});

describe('erasure on request', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
  });
  afterEach(async () => t.close());

  const DATE = '2026-03-03';
  const FAST = { timeLimitMs: 500, seed: 1, officerIds: ['officer-a'] };
  // Two cases of one debtor at two addresses, and a neighbour who stays.
  const ROWS = [
    'E1,D-ERASE,Jo Erasable,"12 Quietlane Road",N11 1NN,51.61234,-0.14321,council_tax,300.00,2026-01-05,2026-02-02,domestic,,no,no,2026-04-14,',
    'E2,D-ERASE,Jo Erasable,"7 Otherplace Mews",N11 3AB,51.60877,-0.13456,council_tax,150.00,2026-01-05,2026-02-02,domestic,,no,no,,',
    'K1,D-KEEP,Sam Staying,"3 Keep Close",N11 2CD,51.61001,-0.13999,council_tax,200.00,2026-01-05,2026-02-02,domestic,,no,no,,',
  ];
  const PERSONAL = ['Jo Erasable', 'Quietlane', 'Otherplace', '1NN', '3AB', '51.61234', '-0.14321', '51.60877', '-0.13456', '2026-04-14', 'dog in the garden'];
  const erase = (debtorRef: string, payload: unknown = { reason: 'Art. 17 request, ticket 42, approved by the DPO' }) =>
    t.as('admin')({ method: 'POST', url: `/api/debtors/${debtorRef}/erase`, payload: payload as object });
  const stopRefs = (plan: { routes: Array<{ stops: Array<{ caseRefs: string[] }> }> }) => plan.routes.flatMap((r) => r.stops.flatMap((s) => s.caseRefs));

  it('erases both cases, their notes and plan stops; the case shows none of it; the planner and the next import leave them erased', async () => {
    await t.store.saveOfficer(OFFICER, 'test-setup', false);
    expect((await importCsv(t.inject, csvBody(ROWS, CSV_HEADER))).json()).toMatchObject({ imported: 3 });
    const planned = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, ...FAST } });
    expect(planned.statusCode, planned.body).toBe(201);
    expect(stopRefs(planned.json()).sort()).toEqual(['E1', 'E2', 'K1']);
    const outcome = await t.inject({
      method: 'POST',
      url: '/api/outcomes',
      payload: { caseRef: 'E1', kind: 'no_contact', at: `${DATE}T10:00:00Z`, note: 'Dog in the garden' },
    });
    expect(outcome.statusCode, outcome.body).toBe(201);
    const geometryUrl = `/api/plans/${planned.json().id}/routes/0/geometry`;
    const roadBefore = await t.inject({ url: geometryUrl });
    expect(roadBefore.statusCode, roadBefore.body).toBe(200);

    const res = await erase('D-ERASE');
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json();
    expect(answer).toEqual({
      debtorRef: 'D-ERASE',
      caseRefs: ['E1', 'E2'],
      newlyErased: ['E1', 'E2'],
      closed: ['E1', 'E2'],
      outcomeNotesErased: 1,
      planStopsErased: 2,
      erasedAt: expect.any(String),
    });

    for (const ref of ['E1', 'E2']) {
      const got = await t.inject({ url: `/api/cases/${ref}` });
      expect(got.statusCode).toBe(200);
      for (const text of PERSONAL) expect(got.body.toLowerCase()).not.toContain(text.toLowerCase());
      expect(got.json()).toMatchObject({ ref, debtorRef: 'D-ERASE', name: '[erased]', address: '[erased]', postcode: 'N11', status: 'closed' });
    }
    expect((await t.inject({ url: '/api/cases/E1' })).json()).toMatchObject({ balance: 300, previousAttempts: [`${DATE}T10:00:00Z`] });
    expect((await t.inject({ url: '/api/cases/E1' })).json().outcomes).toEqual([
      { id: expect.any(Number), kind: 'no_contact', at: `${DATE}T10:00:00Z`, recordedBy: 'tl' },
    ]);
    const list = (await t.inject({ url: '/api/cases' })).json<Array<{ ref: string; name: string }>>();
    expect(list.map((c) => [c.ref, c.name])).toEqual([
      ['E1', '[erased]'],
      ['E2', '[erased]'],
      ['K1', 'Sam Staying'],
    ]);
    const storedPlan = await t.inject({ url: `/api/plans/${planned.json().id}` });
    for (const text of PERSONAL) expect(storedPlan.body).not.toContain(text);
    // The road to the erased doors is drawn anew to the coarsened points, not answered from before.
    const roadAfter = await t.inject({ url: geometryUrl });
    expect(roadAfter.statusCode, roadAfter.body).toBe(200);
    const snapped = (body: { waypoints: Array<{ location: number[] }> }) => body.waypoints.map((w) => w.location.join(','));
    expect(snapped(roadAfter.json())).not.toEqual(snapped(roadBefore.json()));
    // Nor in the bytes on disk: not in free pages of the database, not in the write-ahead log (the SQLite file; README says what PostgreSQL keeps).
    for (const file of onPostgres ? [] : ['rounds.sqlite', 'rounds.sqlite-wal']) {
      const bytes = existsSync(join(t.dir, file)) ? readFileSync(join(t.dir, file)) : Buffer.alloc(0);
      for (const text of ['Jo Erasable', 'Quietlane', 'Otherplace', 'Dog in the garden']) expect(bytes.includes(text), `${text} in ${file}`).toBe(false);
    }

    // The planner: the erased cases are closed, on no route and not even in the unplanned list.
    const replanned = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, ...FAST, replace: true } });
    expect(replanned.statusCode, replanned.body).toBe(201);
    expect(stopRefs(replanned.json())).toEqual(['K1']);
    expect(replanned.json().unplanned.map((u: { caseRef: string }) => u.caseRef)).toEqual([]);

    // The next export still has them (the council must erase them at source too), and a new order for the same debtor.
    const again = await importCsv(
      t.inject,
      csvBody([...ROWS, 'E3,D-ERASE,Jo Erasable,"12 Quietlane Road",N11 1NN,51.61234,-0.14321,nndr,90.00,2026-01-05,2026-02-02,domestic,,no,no,,'], CSV_HEADER),
    );
    expect(again.statusCode, again.body).toBe(200);
    const why = `the debtor's personal data was erased on request on ${answer.erasedAt.slice(0, 10)}: not imported (erase it in the revenues system too)`;
    expect(again.json()).toEqual({
      imported: 0,
      updated: 1,
      kept: [
        { row: 2, caseRef: 'E1', fields: ['*'], reason: why },
        { row: 3, caseRef: 'E2', fields: ['*'], reason: why },
        { row: 5, caseRef: 'E3', fields: ['*'], reason: why },
      ],
      otherName: [],
    });
    expect((await t.inject({ url: '/api/cases/E1' })).json()).toMatchObject({ name: '[erased]', status: 'closed' });
    expect((await t.inject({ url: '/api/cases/E3' })).statusCode).toBe(404);

    // A second request is harmless: nothing left to erase, the same refs, the first erasure's time.
    const second = await erase('D-ERASE', { reason: 'duplicate request' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ ...answer, newlyErased: [], closed: [], outcomeNotesErased: 0, planStopsErased: 0 });

    // The audit keeps refs, counts and the admin's reason; never the debtor's data.
    const audit = await t.as('admin')({ url: '/api/audit?entity=debtor' });
    expect(audit.json().map((a: { action: string; entityId: string; actor: string }) => [a.action, a.entityId, a.actor])).toEqual([
      ['erase', 'D-ERASE', 'admin'],
      ['erase', 'D-ERASE', 'admin'],
    ]);
    expect(audit.json()[1].detail).toEqual({
      reason: 'Art. 17 request, ticket 42, approved by the DPO',
      caseRefs: ['E1', 'E2'],
      newlyErased: ['E1', 'E2'],
      closed: ['E1', 'E2'],
      outcomeNotesErased: 1,
      planStopsErased: 2,
    });
    for (const text of PERSONAL) expect(audit.body).not.toContain(text);
  });

  it("erases a held debtor's unplanned reasons from stored plans that hold them on no stop", async () => {
    await t.store.saveOfficer(OFFICER, 'test-setup', false);
    // E1 held as vulnerable: left out of the plan, listed as unplanned with the reason.
    const held = ROWS[0].replace(',domestic,,no,no,', ',domestic,,yes,no,');
    expect((await importCsv(t.inject, csvBody([held, ROWS[2]], CSV_HEADER))).json()).toMatchObject({ imported: 2 });
    const planned = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, ...FAST } });
    expect(planned.statusCode, planned.body).toBe(201);
    expect(stopRefs(planned.json())).toEqual(['K1']);
    expect(planned.json().unplanned).toContainEqual(expect.objectContaining({ caseRef: 'E1', reason: 'vulnerable' }));

    expect((await erase('D-ERASE')).statusCode).toBe(200);
    const stored = (await t.inject({ url: `/api/plans/${planned.json().id}` })).json<{ unplanned: Array<{ caseRef: string; reason: string }> }>();
    expect(stored.unplanned.filter((u) => u.caseRef === 'E1')).toEqual([]);
  });

  it('a plan a job saves after an erasure holds nothing of the erased debtor, though the job read them before', async () => {
    await t.store.saveOfficer(OFFICER, 'test-setup', false);
    expect((await importCsv(t.inject, csvBody(ROWS, CSV_HEADER))).json()).toMatchObject({ imported: 3 });
    const started = await t.inject({ method: 'POST', url: '/api/plans?async=1', payload: { date: DATE, ...FAST, timeLimitMs: 2000 } });
    expect(started.statusCode, started.body).toBe(202);
    const jobId = started.json<{ jobId: string }>().jobId;
    // Searching: the job has read its caseload, the erased debtor's cases as they were.
    await vi.waitFor(async () => expect((await t.inject({ url: `/api/jobs/${jobId}` })).json().progress).toBeDefined(), { timeout: 10_000, interval: 50 });
    expect((await erase('D-ERASE')).statusCode).toBe(200);

    const events = await t.inject({ url: `/api/jobs/${jobId}/events` });
    expect(events.body).toContain('event: done');
    const planId = (await t.inject({ url: `/api/jobs/${jobId}` })).json<{ result: { planId: string } }>().result.planId;
    const stored = await t.inject({ url: `/api/plans/${planId}` });
    expect(stored.statusCode).toBe(200);
    for (const text of PERSONAL) expect(stored.body).not.toContain(text);
  });

  it('refuses an outcome on an erased case (a phone sending what waited), and leaves the case as erased', async () => {
    await t.store.saveOfficer(OFFICER, 'test-setup', false);
    expect((await importCsv(t.inject, csvBody(ROWS, CSV_HEADER))).json()).toMatchObject({ imported: 3 });
    expect((await erase('D-ERASE')).statusCode).toBe(200);
    const before = (await t.inject({ url: '/api/cases/E1' })).json();
    for (const kind of ['vulnerable', 'arrangement']) {
      const res = await t.inject({
        method: 'POST',
        url: '/api/outcomes',
        payload: { caseRef: 'E1', kind, at: `${DATE}T11:00:00Z`, note: 'Dog in the garden' },
      });
      expect(res.statusCode, kind).toBe(409);
      expect(res.json().detail).toContain('was erased');
    }
    expect((await t.inject({ url: '/api/cases/E1' })).json()).toEqual(before);
    expect((await t.inject({ url: '/api/outcomes?caseRef=E1' })).json()).toEqual([]);
  });

  it('an unknown debtor is a 404; a reason is required and bounded', async () => {
    expect((await erase('D-NOBODY')).statusCode).toBe(404);
    await t.store.upsertCases([aCase('X1')], 'tl');
    expect((await erase('D-X1', {})).statusCode).toBe(400);
    expect((await erase('D-X1', { reason: '   ' })).statusCode).toBe(400);
    expect((await erase('D-X1', { reason: 'x'.repeat(501) })).statusCode).toBe(400);
    expect((await t.store.getCase('X1'))?.name).toBe('Alex Example');
    expect((await erase('D-X1', { reason: 'x'.repeat(500) })).statusCode).toBe(200);
  });
});

describe.skipIf(onPostgres)('npm run retention (on a SQLite file)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-retention-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (path: string, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server/cli/retention.ts'), ...args], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, ROUNDS_DB: path },
      timeout: 60_000,
    });

  /** Everything a run could change, to compare before and after. */
  function snapshot(path: string): unknown {
    const db = new Database(path, { readonly: true });
    try {
      return {
        cases: db.prepare('SELECT * FROM cases ORDER BY ref').all(),
        outcomes: db.prepare('SELECT * FROM outcomes ORDER BY id').all(),
        versions: db.prepare('SELECT * FROM plan_versions ORDER BY plan_id, version').all(),
        audit: db.prepare('SELECT * FROM audit ORDER BY id').all(),
      };
    } finally {
      db.close();
    }
  }

  it('--dry-run prints what a run would do and changes nothing; run does it', async () => {
    const path = join(dir, 'rounds.sqlite');
    const store = new SqliteStore(path);
    const planId = await planWithVersions(store, '2020-01-06', 7);
    await store.upsertCases([aCase('SHUT', { status: 'closed' })], 'tl');
    await store.recordOutcome({ caseRef: 'SHUT', kind: 'no_contact', at: '2020-01-06T10:00:00Z', note: 'side gate code 4321', recordedBy: 'tl' });
    await store.close();
    // Closed long ago.
    const db = new Database(path);
    db.prepare("UPDATE cases SET closed_at = '2020-01-06T12:00:00.000Z'").run();
    db.close();

    const before = snapshot(path);
    const dry = cli(path, 'run', '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    const lines = dry.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^retention dry run \(nothing changed\) on \d{4}-\d{2}-\d{2}: keep the last 5 versions of each plan/);
    expect(lines.slice(1)).toEqual([
      'plan versions that would be pruned: 2',
      `  plan ${planId}: versions 1, 2`,
      'closed cases that would be erased: 1',
      '  SHUT',
      'outcome notes that would be erased: 1',
      'plan stops that would be erased: 0',
      'phone request keys that would be forgotten (older than 30 days): 0',
    ]);
    expect(snapshot(path)).toEqual(before);

    const done = cli(path, 'run');
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('plan versions that were pruned: 2');
    expect(done.stdout).toContain('closed cases that were erased: 1');
    const after = new SqliteStore(path);
    try {
      expect((await after.getCase('SHUT'))?.name).toBe('[erased]');
      expect(await storedVersions(after, planId, 7)).toEqual([3, 4, 5, 6, 7]);
      expect((await after.listAudit({ entity: 'retention' }))[0].actor).toMatch(/^cli:/);
    } finally {
      await after.close();
    }
  });

  it('a bad argument is one line naming it, exit 2', () => {
    const path = join(dir, 'rounds.sqlite');
    for (const [args, message] of [
      [[], 'retention: missing command: run'],
      [['prune'], "retention: unknown command 'prune': run"],
      [['run', '--now'], "retention: Unknown option '--now'"],
    ] as const) {
      const r = cli(path, ...args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
  });
});
