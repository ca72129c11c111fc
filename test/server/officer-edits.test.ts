/**
 * Two team leaders editing one officer: the second save, made from the record as it was before the
 * first, is refused (412) instead of silently undoing the first. A replace names the version it read
 * (If-Match, the ETag of GET /api/officers/:id); without one it is refused (428).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, OFFICER, type TestApp } from './helpers.js';

describe('replacing an officer names the version read', () => {
  let t: TestApp;
  const read = async () => {
    const res = await t.inject({ url: '/api/officers/officer-a' });
    expect(res.statusCode).toBe(200);
    return { etag: String(res.headers.etag), record: res.json<typeof OFFICER>() };
  };
  const replace = (ifMatch: string | undefined, payload: object) =>
    t.inject({ method: 'PUT', url: '/api/officers/officer-a', headers: ifMatch === undefined ? {} : { 'if-match': ifMatch }, payload });

  beforeAll(async () => {
    t = await makeApp();
    const created = await t.inject({ method: 'POST', url: '/api/officers', payload: OFFICER });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });
  afterAll(async () => t.close());

  it('keeps the first of two edits made from the same read, and refuses the second with a 412', async () => {
    const first = await read();
    const second = await read();
    expect(second.etag).toBe(first.etag);

    const shift = await replace(first.etag, { ...first.record, shiftEnd: '17:00' });
    expect(shift.statusCode, shift.body).toBe(200);
    expect(shift.headers.etag).not.toBe(first.etag);

    // The other team leader's form still shows 16:30; their save would put it back.
    const stale = await replace(second.etag, { ...second.record, breakMinutes: 45 });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json()).toMatchObject({ title: 'Precondition failed', currentTag: shift.headers.etag });
    const now = await read();
    expect(now.record).toMatchObject({ shiftEnd: '17:00', breakMinutes: 30 });
    expect(now.etag).toBe(shift.headers.etag);

    // Read again, the second edit goes through on top of the first.
    const redone = await replace(now.etag, { ...now.record, breakMinutes: 45 });
    expect(redone.statusCode, redone.body).toBe(200);
    expect((await read()).record).toMatchObject({ shiftEnd: '17:00', breakMinutes: 45 });
  });

  it('lets only one of two saves from the same read through when they arrive together', async () => {
    const { etag, record } = await read();
    const answers = await Promise.all([replace(etag, { ...record, shiftStart: '07:30' }), replace(etag, { ...record, shiftStart: '09:30' })]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 412]);
    const kept = answers.find((a) => a.statusCode === 200)!.json<typeof OFFICER>().shiftStart;
    expect((await read()).record.shiftStart).toBe(kept);
  });

  it('refuses a replace that names no version with a 428 naming the header, and changes nothing', async () => {
    const before = await read();
    const res = await replace(undefined, { ...before.record, name: 'Someone Else' });
    expect(res.statusCode).toBe(428);
    expect(res.json().errors).toEqual([{ field: 'headers.if-match', message: 'required (the ETag of GET /api/officers/:id)' }]);
    expect((await read()).etag).toBe(before.etag);
  });
});
