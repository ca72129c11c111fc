/**
 * What the audit trail records through the API: each kind of change with what it changed, each
 * read of personal data by user and time, never the personal data itself; and GET /api/audit's
 * filters and paging.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { verifyAuditChain } from '../../server/store/sql-audit.js';
import { CSV_HEADER, OFFICER, csvBody, importCsv, makeApp, type TestApp } from './helpers.js';

const DATE = '2026-03-03';
const FAST = { timeLimitMs: 300, maxIterations: 200, seed: 1 };

interface Entry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}
interface Route {
  officerIds: string[];
  stops: Array<{ caseRefs: string[] }>;
}

describe('the audit trail through the API', () => {
  let t: TestApp;
  let planId: string;
  let ownRoute: Route;
  let otherPlanId: string;

  const audit = async (query = ''): Promise<Entry[]> => {
    const res = await t.inject({ url: `/api/audit${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const latest = async (query: string) => (await audit(`${query}&limit=1`))[0];

  beforeAll(async () => {
    t = await makeApp();
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 150 });
    await t.store.saveOfficer(OFFICER, 'test-setup', false);
    const own = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: ['officer-a'], ...FAST } });
    expect(own.statusCode, own.body).toBe(201);
    planId = own.json().id;
    ownRoute = own.json().routes[0];
    expect(ownRoute.stops.length).toBeGreaterThan(1);
    const other = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: '2026-03-04', officerIds: ['officer-1'], ...FAST } });
    expect(other.statusCode, other.body).toBe(201);
    otherPlanId = other.json().id;
  }, 60_000);
  afterAll(async () => t.close());

  it('settings: each changed leaf by dotted path, before and after', async () => {
    const before = (await t.inject({ url: '/api/settings' })).json();
    expect(before.sessions).toEqual({ idleMinutes: 30, absoluteHours: 12 });
    const res = await t.as('admin')({
      method: 'PATCH',
      url: '/api/settings',
      payload: { defaultWeight: 0.8, sessions: { idleMinutes: 20, absoluteHours: 12 }, blackoutDates: ['2026-12-25'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const entry = await latest('?entity=settings');
    expect(entry).toMatchObject({ actor: 'admin', action: 'update', entityId: '1' });
    const changes = entry.detail.changes as Array<{ field: string }>;
    expect([...changes].sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { field: 'blackoutDates', before: [], after: ['2026-12-25'] },
      { field: 'defaultWeight', before: before.defaultWeight, after: 0.8 },
      { field: 'sessions.idleMinutes', before: 30, after: 20 },
    ]);
  });

  it('officers: the fields changed, with values for the working pattern and only "changed" for the name and home points', async () => {
    const created = await t.inject({ method: 'POST', url: '/api/officers', payload: { ...OFFICER, id: 'officer-z', name: 'Zelda Quartermain' } });
    expect(created.statusCode, created.body).toBe(201);
    const create = await latest('?entity=officer&action=create');
    expect(create.entityId).toBe('officer-z');
    expect(create.detail.changes).toContainEqual({ field: 'name', personal: true });
    expect(create.detail.changes).toContainEqual({ field: 'start', personal: true });
    expect(create.detail.changes).toContainEqual({ field: 'shiftStart', after: '08:00' });

    const updated = await t.inject({
      method: 'PUT',
      url: '/api/officers/officer-z',
      headers: { 'if-match': String(created.headers.etag) },
      payload: {
        ...OFFICER,
        id: 'officer-z',
        name: 'Zelda Q. Marsh',
        start: { lat: 51.6, lon: -0.15 },
        shiftStart: '09:00',
        workingDays: [1, 2, 3, 4],
        skills: ['crew-lead'],
        saturdayQuota: 1,
        breakWindow: { start: '12:30', end: '14:00' },
      },
    });
    expect(updated.statusCode, updated.body).toBe(200);
    const update = await latest('?entity=officer&action=update');
    expect(update).toMatchObject({ actor: 'tl', entityId: 'officer-z' });
    expect(update.detail).toEqual({
      changes: [
        { field: 'name', personal: true },
        { field: 'start', personal: true },
        { field: 'shiftStart', before: '08:00', after: '09:00' },
        { field: 'workingDays', before: [1, 2, 3, 4, 5], after: [1, 2, 3, 4] },
        { field: 'breakWindow.start', before: '12:00', after: '12:30' },
        { field: 'skills', before: [], after: ['crew-lead'] },
        { field: 'saturdayQuota', before: 2, after: 1 },
      ],
    });

    await t.store.saveOfficer({ ...OFFICER, id: 'officer-y' }, 'test-setup', false);
    expect((await t.inject({ method: 'POST', url: '/api/crews', payload: { id: 'crew-zy', officerIds: ['officer-z', 'officer-y'] } })).statusCode).toBe(201);
    const crew = await latest('?entity=crew');
    expect(crew).toMatchObject({ action: 'save', entityId: 'crew-zy', detail: { officerIds: ['officer-z', 'officer-y'] } });

    expect((await t.inject({ method: 'DELETE', url: '/api/officers/officer-z' })).statusCode).toBe(204);
    const removed = await latest('?entity=officer&action=delete');
    expect(removed.detail.crewsRemoved).toEqual(['crew-zy']);
    expect(removed.detail.changes).toContainEqual({ field: 'saturdayQuota', before: 1 });

    const text = JSON.stringify([create, update, removed]);
    for (const personal of ['Zelda', 'Quartermain', 'Marsh', '51.6127', '-0.1408', '-0.15']) expect(text).not.toContain(personal);
  });

  const csvRow = (ref: string) => `${ref},D-${ref},Alex Example,1 Sample Road,N11 1NN,51.61,-0.14,council_tax,100,2026-01-05,2026-02-02,domestic,,no,no,,`;

  it('an import: the refs added, updated and kept', async () => {
    const existing = ownRoute.stops[0].caseRefs[0];
    const res = await importCsv(t.inject, csvBody([csvRow('AUD-NEW-1'), csvRow('AUD-NEW-2'), csvRow(existing)], CSV_HEADER));
    expect(res.statusCode, res.body).toBe(200);
    const entry = await latest('?action=import');
    expect(entry.detail).toEqual({ counts: { added: 2, updated: 1, kept: 0 }, added: ['AUD-NEW-1', 'AUD-NEW-2'], updated: [existing], kept: [] });
  });

  it('plan versions: who, the plan and date, the version, the base version and the kind', async () => {
    expect((await audit(`?entity=plan&action=create&limit=1000`)).find((e) => e.entityId === planId)).toMatchObject({
      actor: 'tl',
      detail: { kind: 'plan', date: DATE, version: 1, baseVersion: null },
    });
    const put = await t.as('officer')({
      method: 'PUT',
      url: `/api/plans/${planId}`,
      payload: { baseVersion: 1, routes: [{ officerIds: ['officer-a'], caseRefs: ownRoute.stops.map((s) => s.caseRefs).reverse() }] },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(await latest('?entity=plan&action=update')).toMatchObject({
      actor: 'officer.a',
      entityId: planId,
      detail: { kind: 'edit', date: DATE, version: 2, baseVersion: 1 },
    });
    const replan = await t.inject({
      method: 'POST',
      url: `/api/plans/${planId}/replan`,
      payload: { officerIds: ['officer-a'], from: { time: `${DATE}T13:00:00Z`, lat: 51.6127, lon: -0.1408 }, ...FAST },
    });
    expect(replan.statusCode, replan.body).toBe(200);
    expect(await latest('?entity=plan&action=update')).toMatchObject({ actor: 'tl', detail: { kind: 'replan', version: 3, baseVersion: 2 } });
  });

  it('outcomes: the case, the kind, the new status and the officer, never the note', async () => {
    // A case on the officer's route as it stands now (the re-plan above may have changed it).
    const current = (await t.inject({ url: `/api/plans/${planId}` })).json<{ routes: Route[] }>();
    const ref = current.routes.find((r) => r.officerIds.includes('officer-a'))!.stops[0].caseRefs[0];
    const res = await t.as('officer')({
      method: 'POST',
      url: '/api/outcomes',
      payload: { caseRef: ref, kind: 'no_contact', at: `${DATE}T10:00:00Z`, note: 'Neighbour says the debtor works nights' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const entry = await latest('?action=outcome');
    expect(entry).toMatchObject({ actor: 'officer.a', entity: 'case', entityId: ref, detail: { kind: 'no_contact', status: 'open', officerId: 'officer-a' } });
    expect(JSON.stringify(entry)).not.toContain('Neighbour');
  });

  it('the run sheet: names and addresses for printing, the visible routes only; the read is recorded without them', async () => {
    const res = await t.as('officer')({ url: `/api/plans/${planId}/run-sheet` });
    expect(res.statusCode, res.body).toBe(200);
    const sheet = res.json<{
      id: string;
      version: number;
      routes: Array<Route & { stops: Array<{ cases: Array<{ ref: string; name: string; address: string }> }> }>;
    }>();
    expect(sheet.routes.map((r) => r.officerIds)).toEqual([['officer-a']]);
    const refs = sheet.routes[0].stops.flatMap((s) => s.caseRefs);
    for (const stop of sheet.routes[0].stops) {
      for (const c of stop.cases) expect(c).toMatchObject({ name: (await t.store.getCase(c.ref))!.name, address: (await t.store.getCase(c.ref))!.address });
      expect(stop.cases.map((c) => c.ref)).toEqual(stop.caseRefs);
    }
    const entry = await latest('?entity=run-sheet');
    expect(entry).toMatchObject({
      actor: 'officer.a',
      action: 'read',
      entityId: planId,
      detail: { version: sheet.version, date: DATE, officerIds: [['officer-a']], caseRefs: refs },
    });
    // Another officer's plan is not theirs to print, nor a manager's.
    expect((await t.as('officer')({ url: `/api/plans/${otherPlanId}/run-sheet` })).statusCode).toBe(404);
    expect((await t.as('manager')({ url: `/api/plans/${planId}/run-sheet` })).statusCode).toBe(403);
  });

  it('reading cases is recorded by user and time: the list with its filter and count, one case by ref', async () => {
    const list = await t.inject({ url: '/api/cases?status=open' });
    expect(list.statusCode).toBe(200);
    expect(await latest('?action=read&entity=case')).toMatchObject({
      actor: 'tl',
      entityId: '*',
      detail: { filter: { status: 'open' }, scope: 'caseload', count: list.json().length },
    });
    // A case on the officer's route as it stands (the re-plan above may have moved some off).
    const ref = ((await t.as('officer')({ url: `/api/plans/${planId}` })).json().routes[0] as Route).stops[0].caseRefs[0];
    expect((await t.as('officer')({ url: `/api/cases/${ref}` })).statusCode).toBe(200);
    const one = await latest('?action=read&entity=case');
    expect(one).toMatchObject({ actor: 'officer.a', entityId: ref });
    expect(Date.now() - Date.parse(one.at)).toBeLessThan(60_000);
  });

  it('reading outcomes (with their notes) is recorded: which case or all, how many, how many with a note', async () => {
    const ref = (await t.store.listCases({ status: 'open' }))[0].ref;
    const recorded = await t.inject({
      method: 'POST',
      url: '/api/outcomes',
      payload: { caseRef: ref, kind: 'no_contact', at: '2026-03-03T10:00:00Z', note: 'left a card' },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const one = await t.inject({ url: `/api/outcomes?caseRef=${ref}` });
    expect(await latest('?action=read&entity=outcome')).toMatchObject({ actor: 'tl', entityId: ref, detail: { outcomes: one.json().length, notes: 1 } });
    const all = await t.inject({ url: '/api/outcomes' });
    expect(await latest('?action=read&entity=outcome')).toMatchObject({ actor: 'tl', entityId: '*', detail: { outcomes: all.json().length } });
  });

  it('no entry holds a debtor’s name, address or postcode', async () => {
    const entries = await audit('?limit=1000');
    expect(entries.length).toBeGreaterThan(10);
    const text = JSON.stringify(entries);
    const cases = await t.store.listCases();
    expect(cases.length).toBeGreaterThan(100);
    for (const c of cases) {
      expect(text).not.toContain(c.name);
      expect(text).not.toContain(c.address);
      expect(text).not.toContain(c.postcode);
    }
  });

  describe('GET /api/audit filters', () => {
    it('by actor, by kind (action and entity), and by case ref (the case itself or a detail that lists it)', async () => {
      const byAdmin = await audit('?actor=admin');
      expect(byAdmin.length).toBeGreaterThan(0);
      expect(byAdmin.every((e) => e.actor === 'admin')).toBe(true);

      const reads = await audit('?action=read&entity=run-sheet');
      expect(reads.length).toBe(1);

      const printed = (await latest('?entity=run-sheet')).detail.caseRefs as string[];
      const ref = printed[printed.length - 1];
      expect((await t.inject({ url: `/api/cases/${ref}` })).statusCode).toBe(200);
      expect((await importCsv(t.inject, csvBody([csvRow(ref)], CSV_HEADER))).statusCode).toBe(200);
      const about = await audit(`?caseRef=${encodeURIComponent(ref)}&limit=1000`);
      const kinds = about.map((e) => `${e.action} ${e.entity}`);
      // The read of the case, the import that updated it, the run sheet that printed it.
      expect(kinds).toEqual(expect.arrayContaining(['read case', 'import case', 'read run-sheet']));
      for (const e of about) {
        const listed = JSON.stringify(e.detail).includes(JSON.stringify(ref));
        expect(e.entity === 'case' && e.entityId === ref ? true : listed, `${e.id} ${e.action}`).toBe(true);
      }
      // A ref that is a prefix of others matches only itself.
      expect(await audit('?caseRef=AUD-NEW')).toEqual([]);
      expect((await audit('?caseRef=AUD-NEW-2')).map((e) => e.action)).toEqual(['import']);
    });

    it('by London calendar days, newest first, paged by id', async () => {
      const all = await audit('?limit=1000');
      expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
      const today = DateTime.now().setZone('Europe/London').toISODate()!;
      const tomorrow = DateTime.now().setZone('Europe/London').plus({ days: 1 }).toISODate()!;
      const yesterday = DateTime.now().setZone('Europe/London').minus({ days: 1 }).toISODate()!;
      expect((await audit(`?from=${today}&to=${today}&limit=1000`)).length).toBe(all.length);
      expect(await audit(`?from=${tomorrow}`)).toEqual([]);
      expect(await audit(`?to=${yesterday}`)).toEqual([]);

      const first = await audit('?limit=3');
      const second = await audit(`?limit=3&before=${first[2].id}`);
      expect(first.map((e) => e.id)).toEqual(all.slice(0, 3).map((e) => e.id));
      expect(second.map((e) => e.id)).toEqual(all.slice(3, 6).map((e) => e.id));
    });

    it('bounds every parameter', async () => {
      const long = 'x'.repeat(200);
      for (const query of [
        'limit=0',
        'limit=1001',
        'before=0',
        'before=1e20',
        // One past the largest id PostgreSQL's integer holds: a 400, never the database's error.
        'before=2147483648',
        `actor=${long}`,
        `caseRef=${long.slice(0, 65)}`,
        `action=${long.slice(0, 33)}`,
        `entity=${long.slice(0, 33)}`,
        'from=yesterday',
        'to=2026-02-30',
        'from=2026-03-05&to=2026-03-04',
      ]) {
        const res = await t.inject({ url: `/api/audit?${query}` });
        expect(res.statusCode, query).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });
  });

  it('the chain verifies after all of it', async () => {
    const raw = t.raw();
    try {
      expect(await verifyAuditChain(raw)).toMatchObject({ ok: true });
    } finally {
      await raw.close();
    }
  });
});
