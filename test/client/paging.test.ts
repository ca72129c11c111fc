/**
 * The client's reading of a paged list (GET /api/outcomes): pages linked by Link rel="next", over
 * real HTTP from a small server that pages as Rounds does (a page the filter emptied is not the last,
 * links are relative to the page that gave them). The server's own paging: test/server/outcome-paging.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { requestAllPages } from '../../client/src/api/http';

/** Each path's items and the Link header it answers with. */
const PAGES: Record<string, { items: number[]; link?: string }> = {
  '/api/outcomes?since=2026-03-03': { items: [1, 2], link: '</api/outcomes?since=2026-03-03&limit=2&after=2>; rel="next"' },
  // Emptied by the filter, yet not the last; another link listed before it.
  '/api/outcomes?since=2026-03-03&limit=2&after=2': {
    items: [],
    link: '</api/outcomes?since=2026-03-03>; rel="first", </api/outcomes?since=2026-03-03&limit=2&after=4>; rel="next"',
  },
  '/api/outcomes?since=2026-03-03&limit=2&after=4': { items: [5] },
  // A server that links a page to itself.
  '/loop': { items: [1], link: '</loop>; rel="next"' },
  // A next page on another site.
  '/elsewhere': { items: [1], link: '<https://rounds.example.invalid/api/outcomes?after=1>; rel="next"' },
};

let server: Server;
let base: string;
const asked: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push(req.url!);
    const page = PAGES[req.url!];
    // A server that never stops linking: each page to the one after it.
    const endless = /^\/endless\?after=(\d+)$/.exec(req.url!);
    if (endless) {
      res.writeHead(200, { 'content-type': 'application/json', link: `</endless?after=${Number(endless[1]) + 1}>; rel="next"` });
      return res.end('[]');
    }
    if (!page) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json', ...(page.link ? { link: page.link } : {}) });
    res.end(JSON.stringify(page.items));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a paged list (Link rel="next")', () => {
  it('follows rel="next" until an answer has none, and answers every page’s items in order', async () => {
    asked.length = 0;
    expect(await requestAllPages(`${base}/api/outcomes?since=2026-03-03`, z.array(z.number()))).toEqual([1, 2, 5]);
    expect(asked).toEqual(Object.keys(PAGES).slice(0, 3));
  });

  it('stops at a page that links back to one already read', async () => {
    await expect(requestAllPages(`${base}/loop`, z.array(z.number()))).rejects.toThrow(/link back/);
  });

  it('never follows a next page to another site', async () => {
    await expect(requestAllPages(`${base}/elsewhere`, z.array(z.number()))).rejects.toThrow(/another site/);
  });

  it('stops after a thousand pages from a server that never stops linking', async () => {
    asked.length = 0;
    await expect(requestAllPages(`${base}/endless?after=0`, z.array(z.number()))).rejects.toThrow(/more than 1000 pages/);
    expect(asked).toHaveLength(1000);
  });
});
