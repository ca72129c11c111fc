/**
 * Where teams divide the area, a team leader of every team chooses in the day form whose day to
 * plan: a team's (its officers, its patch) or the whole area's; the day shown follows the choice.
 * A team leader of one team is offered no choice: the server keeps them to their team.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient, launchBrowser, nextWorkingDay, requireChromium, signInOnPage, startServer, type RunningServer } from './harness';

const date = nextWorkingDay();
const TEAMS = [
  { id: 'west', name: 'West', patch: ['N10', 'N11', 'N12', 'N20'] },
  { id: 'east', name: 'East', patch: ['N13', 'N14', 'N17', 'N18', 'N21', 'N22'] },
];
const WEST = ['officer-1', 'officer-2', 'officer-3'];

let server: RunningServer | undefined;
let context: BrowserContext | undefined;
let closeBrowser: () => void = () => {};
let page: Page;

const json = (init: { method: string; body: unknown }): RequestInit => ({
  method: init.method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(init.body),
});

describe('the team picker (chromium)', () => {
  beforeAll(async () => {
    requireChromium();
    buildClient();
    server = await startServer();
    expect((await server.fetchAs('admin', '/api/settings', json({ method: 'PATCH', body: { teams: TEAMS } }))).status).toBe(200);
    const officers = (await (await server.fetchAs('team.leader', '/api/officers')).json()) as Array<Record<string, unknown> & { id: string }>;
    for (const o of officers) {
      const { id, ...record } = o;
      const team = WEST.includes(id) ? 'west' : 'east';
      const etag = (await server.fetchAs('team.leader', `/api/officers/${id}`)).headers.get('etag') ?? '';
      const put = json({ method: 'PUT', body: { ...record, team } });
      expect((await server.fetchAs('team.leader', `/api/officers/${id}`, { ...put, headers: { ...put.headers, 'if-match': etag } })).status).toBe(200);
    }
    ({ context, cleanup: closeBrowser } = await launchBrowser());
    page = context.pages()[0] ?? (await context.newPage());
    await context.route('https://tile.openstreetmap.org/**', (r) => r.abort('internetdisconnected'));
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    closeBrowser();
    await server?.stop();
  });

  it("plans the chosen team's day with its officers, and shows each team's day as chosen", async () => {
    await page.goto(`${server!.base}/?date=${date}#team`);
    await signInOnPage(page, server!, 'team.leader');
    await page.waitForSelector('#team:not([hidden])');
    expect(await page.$$eval('#team option', (os) => os.map((o) => o.textContent))).toEqual(['Whole area', 'West', 'East']);
    await page.selectOption('#team', 'west');
    await page.click('#plan-day');
    const current = async (team: string) =>
      (await (await server!.fetchAs('team.leader', `/api/plans/current?date=${date}&team=${team}`)).json()) as {
        id: string;
        team?: string;
        routes: Array<{ officerIds: string[] }>;
      } | null;
    await expect.poll(async () => (await current('west'))?.team, { timeout: 60_000 }).toBe('west');
    const west = (await current('west'))!;
    expect(west.routes.flatMap((r) => r.officerIds).every((id) => WEST.includes(id))).toBe(true);

    // East has no plan yet: choosing it shows no day; back to West shows West's.
    await page.selectOption('#team', 'east');
    await expect.poll(() => page.locator('.team-route').count()).toBe(0);
    await page.selectOption('#team', 'west');
    await expect.poll(() => page.locator('.team-route').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('offers a team leader of one team no choice', async () => {
    const created = await server!.fetchAs(
      'admin',
      '/api/users',
      json({
        method: 'POST',
        body: { username: 'tl.east', displayName: 'East Leader', role: 'team_leader', team: 'east', password: 'a long enough password' },
      }),
    );
    expect(created.status).toBe(201);
    await page.click('#sign-out');
    await page.fill('#sign-in-username', 'tl.east');
    await page.fill('#sign-in-password', 'a long enough password');
    await page.click('#sign-in-submit');
    await page.waitForSelector('#sign-out');
    expect(await page.locator('#team').isHidden()).toBe(true);
  });
});
