/**
 * GET /api/outcomes a page at a time: at most `limit` outcomes read per request, in id order from
 * `after`, with a Link rel="next" while the store's page was full (even when the caller's filters
 * kept fewer of it), so no one read answers the whole history of notes.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.js';
import { makeCase } from '../rules/fixtures.js';
import { STORE_NAME } from '../support/test-store.js';
import { OFFICER, makeApp, type Inject, type TestApp } from './helpers.js';

const DATE = '2026-03-03';
const FAST = { timeLimitMs: 300, maxIterations: 200, seed: 1 };

interface Listed {
  id: number;
  caseRef: string;
  kind: string;
  at: string;
}

/** The target of the answer's Link rel="next", or undefined when it has none. */
function next(res: LightMyRequestResponse): string | undefined {
  const link = res.headers.link;
  if (link === undefined) return undefined;
  const match = /^<([^>]*)>; rel="next"$/.exec(String(link));
  expect(match, String(link)).not.toBeNull();
  return match![1];
}

/** Every page from `url` on, following rel="next": each page's answer and the next link it gave. */
async function pages(inject: Inject, url: string): Promise<Array<{ items: Listed[]; next: string | undefined }>> {
  const read: Array<{ items: Listed[]; next: string | undefined }> = [];
  for (let at: string | undefined = url; at !== undefined;) {
    const res = await inject({ url: at });
    expect(res.statusCode, res.body).toBe(200);
    at = next(res);
    read.push({ items: res.json<Listed[]>(), next: at });
    expect(read.length).toBeLessThan(50);
  }
  return read;
}

describe(`GET /api/outcomes, paged (${STORE_NAME})`, () => {
  let t: TestApp;
  /** Cases on the officer's route. */
  let onRoute: string[];
  /** Open cases on no route of theirs. */
  let elsewhere: string[];
  const record = async (caseRef: string, at: string, kind = 'no_contact') => {
    const res = await t.inject({ method: 'POST', url: '/api/outcomes', payload: { caseRef, kind, at, note: 'left a card' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: number }>().id;
  };

  beforeAll(async () => {
    t = await makeApp();
    await seedDemo(t.store, t.app.postcodes, { seedDate: DATE, cases: 150 });
    await t.store.saveOfficer(OFFICER, 'test-setup', false);
    const plan = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: DATE, officerIds: ['officer-a'], ...FAST } });
    expect(plan.statusCode, plan.body).toBe(201);
    onRoute = plan.json<{ routes: Array<{ stops: Array<{ caseRefs: string[] }> }> }>().routes[0].stops.map((s) => s.caseRefs[0]);
    expect(onRoute.length).toBeGreaterThan(3);
    elsewhere = (await t.store.listCases({ status: 'open' })).map((c) => c.ref).filter((ref) => !onRoute.includes(ref));
    expect(elsewhere.length).toBeGreaterThan(5);
  });
  afterAll(async () => t.close());

  it('answers a team leader at most `limit` a page, oldest first, with rel="next" while a page is full', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await record(elsewhere[i], `${DATE}T10:0${i}:00Z`));

    const first = await t.inject({ url: '/api/outcomes?limit=2' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<Listed[]>().map((o) => o.id)).toEqual(ids.slice(0, 2));
    expect(first.headers.link).toBe(`</api/outcomes?limit=2&after=${ids[1]}>; rel="next"`);

    const second = await t.inject({ url: next(first)! });
    expect(second.json<Listed[]>().map((o) => o.id)).toEqual(ids.slice(2, 4));
    expect(next(second)).toBe(`/api/outcomes?limit=2&after=${ids[3]}`);

    const third = await t.inject({ url: next(second)! });
    expect(third.statusCode).toBe(200);
    expect(third.json<Listed[]>()).toMatchObject([{ id: ids[4], caseRef: elsewhere[4], kind: 'no_contact', note: 'left a card' }]);
    expect(third.headers.link).toBeUndefined();

    // Every one once, in id order: the same as one read of them all.
    const all = (await pages(t.inject, '/api/outcomes?limit=2')).flatMap((p) => p.items.map((o) => o.id));
    expect(all).toEqual(ids);
    const whole = await t.inject({ url: '/api/outcomes' });
    expect(whole.json<Listed[]>().map((o) => o.id)).toEqual(ids);
    expect(whole.headers.link).toBeUndefined();

    // The read is recorded with the page it started after and what this page answered.
    const [read] = await t.store.listAudit({ action: 'read', entity: 'outcome', limit: 1 });
    expect(read.detail).toEqual({ outcomes: 5, notes: 5 });
    const [paged] = (await t.store.listAudit({ action: 'read', entity: 'outcome', limit: 4 })).slice(1);
    expect(paged.detail).toEqual({ after: ids[3], outcomes: 1, notes: 1 });
  });

  it('gives a full last page a link to an empty one', async () => {
    const read = await pages(t.inject, '/api/outcomes?limit=5');
    expect(read.map((p) => p.items.length)).toEqual([5, 0]);
    expect(read[1].next).toBeUndefined();
  });

  it('refuses a limit outside 1-1000 and a negative or fractional cursor, naming the field', async () => {
    for (const [query, field] of [
      ['limit=0', 'querystring.limit'],
      ['limit=1001', 'querystring.limit'],
      ['limit=2.5', 'querystring.limit'],
      ['limit=many', 'querystring.limit'],
      ['after=-1', 'querystring.after'],
      ['after=1.5', 'querystring.after'],
      // One past the largest id PostgreSQL's integer holds: a 400, never the database's error.
      ['after=2147483648', 'querystring.after'],
    ]) {
      const res = await t.inject({ url: `/api/outcomes?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field)).toEqual([field]);
    }
    expect((await t.inject({ url: '/api/outcomes?limit=1000&after=0' })).statusCode).toBe(200);
    expect((await t.inject({ url: '/api/outcomes?after=2147483647' })).statusCode).toBe(200);
  });

  it('links on past a page the filters emptied, keeping since and limit, and the pages add up to the unpaged read', async () => {
    // The officer's: one the day before (read by the store, left out by the day test), two on the day.
    await record(onRoute[0], '2026-03-02T12:00:00Z');
    const kept = [await record(onRoute[1], `${DATE}T09:00:00Z`), await record(onRoute[2], `${DATE}T11:00:00Z`, 'arrangement')];
    const officer = t.as('officer');

    const whole = await officer({ url: `/api/outcomes?since=${DATE}` });
    expect(whole.statusCode, whole.body).toBe(200);
    expect(whole.json<Listed[]>().map((o) => o.id)).toEqual(kept);
    expect(whole.headers.link).toBeUndefined();

    const first = await officer({ url: `/api/outcomes?since=${DATE}&limit=2` });
    // The store's first two are the other cases': nothing the officer may see, and yet not the end.
    expect(first.json()).toEqual([]);
    expect(next(first)).toMatch(new RegExp(`^/api/outcomes\\?since=${DATE}&limit=2&after=\\d+$`));
    const read = await pages(officer, `/api/outcomes?since=${DATE}&limit=2`);
    expect(read.flatMap((p) => p.items.map((o) => o.id))).toEqual(kept);
    expect(read.map((p) => p.items.length)).toEqual([0, 0, 0, 2, 0]);
    expect(read.slice(0, -1).every((p) => p.next !== undefined)).toBe(true);

    // A team leader's read of one case pages too, and the link keeps the case.
    const one = await pages(t.inject, `/api/outcomes?caseRef=${onRoute[0]}&limit=1`);
    expect(one.map((p) => p.items.length)).toEqual([1, 0]);
    expect(one[0].next).toMatch(new RegExp(`^/api/outcomes\\?caseRef=${onRoute[0]}&limit=1&after=\\d+$`));
  });

  it('URL-encodes the case ref it keeps in the link', async () => {
    const ref = 'A&B +1/2?';
    await t.store.upsertCases([makeCase(ref)], 'test-setup');
    const ids = [await record(ref, `${DATE}T12:00:00Z`), await record(ref, `${DATE}T12:05:00Z`)];
    const first = await t.inject({ url: `/api/outcomes?caseRef=${encodeURIComponent(ref)}&since=${DATE}&limit=1` });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.link).toBe(`</api/outcomes?caseRef=A%26B+%2B1%2F2%3F&since=${DATE}&limit=1&after=${ids[0]}>; rel="next"`);
    const read = await pages(t.inject, next(first)!);
    expect(read.flatMap((p) => p.items.map((o) => [o.id, o.caseRef]))).toEqual([[ids[1], ref]]);
  });
});
