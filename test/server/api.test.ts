import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICER, csvBody, importCsv, makeApp, type TestApp } from './helpers.js';

describe('the API around cases', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
    await importCsv(
      t.inject,
      csvBody([
        'CT-1,D-1,Alex Example,1 Sample Road,N11 1NN,,,council_tax,612.50,2026-01-05,2026-02-02,domestic,,no,no,,',
        'CT-2,D-2,Sam Sample,2 Sample Road,N11 1NN,,,council_tax,300,2026-01-05,2026-02-02,domestic,,no,no,,',
        'CT-3,D-3,Jo Dummy,3 Sample Road,N11 1NN,,,council_tax,300,2026-01-05,2026-02-02,domestic,,no,no,,',
      ]),
    );
  });
  afterAll(async () => t.close());

  it('GET /api/health answers 200', async () => {
    const res = await t.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', cases: 3, routing: 'haversine', estimate: true, checkerDisagreements: 0 });
  });

  it('officers: create, read, update, delete, with the audit naming the actor', async () => {
    const created = await t.inject({ method: 'POST', url: '/api/officers', payload: OFFICER });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual(OFFICER);

    const duplicate = await t.inject({ method: 'POST', url: '/api/officers', payload: OFFICER });
    expect(duplicate.statusCode).toBe(409);

    const generated = await t.inject({ method: 'POST', url: '/api/officers', payload: { ...OFFICER, id: undefined, name: 'Officer B' } });
    expect(generated.statusCode).toBe(201);
    const idB = generated.json().id as string;
    expect(idB).toMatch(/^officer-/);

    const list = await t.inject({ url: '/api/officers' });
    expect(
      list
        .json()
        .map((o: { id: string }) => o.id)
        .sort(),
    ).toEqual(['officer-a', idB].sort());

    const read = await t.inject({ url: '/api/officers/officer-a' });
    const updated = await t.inject({
      method: 'PUT',
      url: '/api/officers/officer-a',
      headers: { 'if-match': String(read.headers.etag) },
      payload: { ...OFFICER, shiftEnd: '17:00' },
    });
    expect(updated.statusCode).toBe(200);
    expect((await t.inject({ url: '/api/officers/officer-a' })).json().shiftEnd).toBe('17:00');

    const crew = await t.inject({ method: 'POST', url: '/api/crews', payload: { id: 'crew-x', officerIds: ['officer-a', idB] } });
    expect(crew.statusCode).toBe(201);
    const badCrew = await t.inject({ method: 'POST', url: '/api/crews', payload: { id: 'crew-y', officerIds: ['officer-a', 'nobody'] } });
    expect(badCrew.statusCode).toBe(404);
    // Replacing a crew is made on the version read: without it 409, on an older one 412, nothing written.
    const readCrew = await t.inject({ url: '/api/crews/crew-x' });
    expect(readCrew.json()).toEqual({ id: 'crew-x', officerIds: ['officer-a', idB] });
    const crewTag = String(readCrew.headers.etag);
    const swapped = { id: 'crew-x', officerIds: [idB, 'officer-a'] };
    expect((await t.inject({ method: 'POST', url: '/api/crews', payload: swapped })).statusCode).toBe(428);
    const replaced = await t.inject({ method: 'POST', url: '/api/crews', payload: swapped, headers: { 'if-match': crewTag } });
    expect(replaced.statusCode, replaced.body).toBe(201);
    const stale = await t.inject({
      method: 'POST',
      url: '/api/crews',
      payload: { id: 'crew-x', officerIds: ['officer-a', idB] },
      headers: { 'if-match': crewTag },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().currentTag).toBe(String(replaced.headers.etag));
    expect((await t.inject({ method: 'DELETE', url: '/api/crews/crew-x', headers: { 'if-match': crewTag } })).statusCode).toBe(412);
    expect((await t.inject({ url: '/api/crews/crew-x' })).json().officerIds).toEqual([idB, 'officer-a']);

    const del = await t.inject({ method: 'DELETE', url: `/api/officers/${idB}` });
    expect(del.statusCode).toBe(204);
    // The crew goes with its officer (foreign key cascade).
    expect((await t.inject({ url: '/api/crews' })).json()).toEqual([]);
    expect((await t.inject({ method: 'DELETE', url: `/api/officers/${idB}` })).statusCode).toBe(404);

    const audit = (await t.inject({ url: '/api/audit?entity=officer' })).json<Array<{ actor: string; action: string; entityId: string }>>();
    expect(audit.find((a) => a.action === 'create' && a.entityId === 'officer-a')?.actor).toBe('tl');
    expect(audit[0]).toMatchObject({ action: 'delete', entityId: idB, actor: 'tl' });
  });

  it('rejects a bad officer with field-level problems', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/officers', payload: { ...OFFICER, id: 'x', shiftStart: '25:00', workingDays: [8] } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('body.shiftStart');
    expect(fields).toContain('body.workingDays.0');
  });

  it('outcomes change the case: vulnerable holds the debtor, no contact adds an attempt, paid closes', async () => {
    const vulnerable = await t.inject({
      method: 'POST',
      url: '/api/outcomes',
      payload: { caseRef: 'CT-1', kind: 'vulnerable', at: '2026-03-02T10:15:00Z' },
    });
    expect(vulnerable.statusCode).toBe(201);
    // The person is held, not the case suspended: clearing the hold is all it takes to visit again.
    expect(vulnerable.json().caseStatus).toBe('open');
    expect((await t.store.getCase('CT-1'))!.vulnerable).toBe(true);
    const holds = (await t.inject({ url: '/api/debtors/D-1/holds' })).json();
    expect(holds).toEqual([expect.objectContaining({ debtorRef: 'D-1', kind: 'vulnerable', setBy: 'tl' })]);
    expect(holds[0].clearedAt).toBeUndefined();

    await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef: 'CT-2', kind: 'no_contact', at: '2026-03-02T18:30:00+00:00' } });
    expect((await t.store.getCase('CT-2'))!.previousAttempts).toEqual(['2026-03-02T18:30:00+00:00']);

    const partial = await t.inject({
      method: 'POST',
      url: '/api/outcomes',
      payload: { caseRef: 'CT-3', kind: 'paid', amount: 100, at: '2026-03-02T11:00:00Z' },
    });
    expect(partial.json().caseStatus).toBe('open');
    expect((await t.store.getCase('CT-3'))!.balance).toBe(200);
    const full = await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef: 'CT-3', kind: 'paid', at: '2026-03-03T11:00:00Z' } });
    expect(full.json().caseStatus).toBe('closed');

    const missing = await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef: 'NOPE', kind: 'paid', at: '2026-03-03T11:00:00Z' } });
    expect(missing.statusCode).toBe(404);
    const badKind = await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef: 'CT-2', kind: 'maybe', at: 'soon' } });
    expect(badKind.statusCode).toBe(400);
    expect(
      badKind
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.at', 'body.kind']);
  });

  it('settings: defaults, a partial change, and validation', async () => {
    const admin = t.as('admin');
    const initial = (await t.inject({ url: '/api/settings' })).json();
    expect(initial.visitingHours).toEqual({ start: '06:00', end: '21:00' });
    const patched = await admin({ method: 'PATCH', url: '/api/settings', payload: { defaultWeight: 1.5, blackoutDates: ['2026-12-24'] } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ defaultWeight: 1.5, blackoutDates: ['2026-12-24'], limitMonths: 12 });
    const bad = await admin({ method: 'PATCH', url: '/api/settings', payload: { defaultWeight: -1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.defaultWeight');
  });

  it('answers problem+json for unknown routes, bad JSON and unknown plans', async () => {
    for (const req of [
      { method: 'GET' as const, url: '/api/nowhere' },
      { method: 'POST' as const, url: '/api/officers', headers: { 'content-type': 'application/json' }, payload: '{"name": ' },
      { method: 'GET' as const, url: '/api/plans/no-such-plan' },
      { method: 'GET' as const, url: '/api/jobs/no-such-job' },
    ]) {
      const res = await t.inject(req);
      expect(res.statusCode, req.url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, req.url).toBeLessThan(500);
      expect(res.headers['content-type'], req.url).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.statusCode, detail: expect.any(String) });
    }
  });

  it('publishes OpenAPI at /docs/json listing the routes', async () => {
    const res = await t.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/health',
      '/api/cases/import',
      '/api/cases/',
      '/api/officers/',
      '/api/plans/',
      '/api/plans/{id}',
      '/api/plans/{id}/evaluate',
      '/api/plans/{id}/replan',
      '/api/plans/week',
      '/api/outcomes/',
      '/api/jobs/{id}/events',
      '/api/audit/',
    ]) {
      expect(paths, p).toContain(p);
    }
    expect(res.json().paths['/api/plans/'].post.requestBody.content['application/json'].schema.properties.date).toBeDefined();
  });
});
