/**
 * Each role's views in Chromium against the real server: what each is offered (the server refuses
 * the rest; test/server/access.test.ts is the control, this is the convenience), the manager's
 * default weight, and the admin's accounts and settings with the server's refusals shown.
 */
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildClient, launchBrowser, nextWorkingDay, requireChromium, signInOnPage, startServer, type RunningServer } from './harness';

const TILE_HOST = 'tile.openstreetmap.org';
const date = nextWorkingDay();

interface ApiPlan {
  id: string;
  version: number;
  routes: Array<{ officerIds: string[]; stops: Array<{ caseRefs: string[] }> }>;
}

let server: RunningServer | undefined;
let context: BrowserContext | undefined;
let closeBrowser: () => void = () => {};
let page: Page;
let planId = '';
const consoleErrors: string[] = [];

const asAdmin = (path: string) => server!.fetchAs('admin', path).then((r) => r.json());

async function signInAs(username: string, hash: string): Promise<void> {
  if (await page.locator('#sign-out').isVisible()) await page.click('#sign-out');
  else await page.goto(`${server!.base}/?date=${date}#${hash}`);
  await signInOnPage(page, server!, username);
  await page.evaluate((h) => (location.hash = h), hash);
}

const visibleNav = () => page.$$eval('nav a', (as) => as.filter((a) => !(a as HTMLElement).hidden).map((a) => a.id));
const shownKeys = () => page.$$eval('#stop-list > li', (lis) => lis.map((li) => (li as HTMLElement).dataset.key ?? ''));

/**
 * Holds the page's first request to `pattern`: the server answers it at once, and the answer reaches
 * the page only when released (the page may have abandoned it by then: nothing is delivered).
 */
async function holdFirstAnswer(pattern: string): Promise<{ asked: () => boolean; release: () => void; stop: () => Promise<void> }> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked = false;
  await page.route(pattern, async (route) => {
    if (asked) return route.continue();
    asked = true;
    const response = await route.fetch();
    await held;
    await route.fulfill({ response }).catch(() => {});
  });
  return {
    asked: () => asked,
    release: () => release(),
    stop: async () => {
      release();
      await page.unroute(pattern);
    },
  };
}

/** A password the server accepts (12 or more characters), fresh each time. */
const newPassword = () => `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;

async function signInWorks(username: string, password: string): Promise<number> {
  const res = await fetch(`${server!.base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
}

describe('views by role (chromium)', () => {
  beforeAll(async () => {
    requireChromium();
    buildClient();
    server = await startServer();
    const res = await server.fetchAs('team.leader', '/api/plans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ date }),
    });
    expect(res.status).toBe(201);
    planId = ((await res.json()) as ApiPlan).id;
    ({ context, cleanup: closeBrowser } = await launchBrowser());
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' && !m.location().url.includes(TILE_HOST)) consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    await page.route(`https://${TILE_HOST}/**`, (route) => route.abort('internetdisconnected'));
  }, 240_000);

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' && server) console.error(`server output (last 4,000 characters):\n${server.output().slice(-4000)}`);
    // The browser logs refused requests itself (the session probe's 401, a refused setting's 422, a
    // stale one's 412); nothing else may be logged.
    expect(consoleErrors.filter((e) => !/status of (401|412|422)/.test(e))).toEqual([]);
    consoleErrors.length = 0;
  });

  afterAll(async () => {
    await context?.close();
    closeBrowser();
    await server?.stop();
  });

  it('officer: their own day only, no choice of officer, no caseload, no planning', async () => {
    await signInAs('officer-1', 'team');
    // Asked for the team view, shown their own.
    await page.waitForSelector('#stop-list > li');
    expect(await page.evaluate(() => document.body.dataset.view)).toBe('officer');
    expect(await visibleNav()).toEqual(['nav-officer']);
    expect(await page.locator('#officer').isVisible()).toBe(false);
    expect(await page.locator('#plan-day').isVisible()).toBe(false);
    expect(await page.locator('#add-case').count()).toBe(0);
    const plan = (await (await server!.fetchAs('team.leader', `/api/plans/${planId}`)).json()) as ApiPlan;
    const own = plan.routes.find((r) => r.officerIds.includes('officer-1'))!;
    expect(await shownKeys()).toEqual(own.stops.map((s) => s.caseRefs.join('+')));
    // Their own tools stay: reorder, lock, re-optimise, outcomes, the run sheet.
    expect(await page.locator('#replan-rest').isVisible()).toBe(true);
    expect(await page.locator('#stop-list select[id^=outcome-]').count()).toBe(own.stops.length);
  });

  it('another user signing in after a session ended gets none of the previous user’s unsaved edit', async () => {
    const before = (await (await server!.fetchAs('team.leader', `/api/plans/${planId}`)).json()) as ApiPlan;
    // The officer's view finishes loading first: a request of its own refused after the session ends
    // would open the sign-in before the edit below, with nothing unsaved to keep.
    await page.waitForLoadState('networkidle');
    expect((await page.request.delete(`${server!.base}/api/session`)).status()).toBe(204);
    await page.locator('#stop-list > li').nth(0).locator('button[id^=down-]').click();
    await page.waitForSelector('#sign-in-unsaved');
    await signInOnPage(page, server!, 'officer-2');
    const own = before.routes.find((r) => r.officerIds.includes('officer-2'))!;
    await expect.poll(shownKeys, { timeout: 10_000 }).toEqual(own.stops.map((s) => s.caseRefs.join('+')));
    expect(await page.textContent('#account-name')).toBe('Officer Two (demo)');
    // Officer one's edit was dropped, not saved under anyone's name.
    expect(((await (await server!.fetchAs('team.leader', `/api/plans/${planId}`)).json()) as ApiPlan).version).toBe(before.version);
  });

  it.each([
    ['sent before the sign-out is answered', true],
    ['typed while signing out, sent after it', false],
  ])('signing in again while the sign-out is still on its way: %s', async (_when, submitBeforeAnswer) => {
    // The sign-out's request is held: its answer (clearing the cookie, redrawing the form) must not
    // undo a sign-in sent meanwhile, nor empty the boxes being typed in.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/session', async (route) => {
      if (route.request().method() === 'DELETE') await held;
      await route.continue();
    });
    try {
      await page.click('#sign-out');
      await page.waitForSelector('#sign-in-username');
      await page.fill('#sign-in-username', 'officer-2');
      await page.fill('#sign-in-password', server!.passwords['officer-2']);
      if (submitBeforeAnswer) {
        await page.click('#sign-in-submit');
        // Long enough for a sign-in sent at once to be answered before the sign-out is.
        await page.waitForTimeout(1_000);
        release();
      } else {
        release();
        await expect.poll(() => page.textContent('#sign-in-message')).toBe('You have signed out.');
        await page.click('#sign-in-submit');
      }
      await page.waitForSelector('#sign-in', { state: 'hidden' });
      expect(await page.textContent('#account-name')).toBe('Officer Two (demo)');
      expect((await page.request.get(`${server!.base}/api/session`)).status()).toBe(200);
    } finally {
      release();
      await page.unroute('**/api/session');
    }
  });

  it('a sign-in sent twice (Enter pressed twice) signs in once, and stays signed in', async () => {
    await page.click('#sign-out');
    await page.fill('#sign-in-username', 'officer-2');
    await page.fill('#sign-in-password', server!.passwords['officer-2']);
    await page.press('#sign-in-password', 'Enter');
    await page.press('#sign-in-password', 'Enter').catch(() => {});
    await page.waitForSelector('#sign-in', { state: 'hidden' });
    // Time for a second sign-in's answer (or its abandonment) to land, were it sent.
    await page.waitForTimeout(1_000);
    expect(await page.locator('#sign-in').isHidden()).toBe(true);
    expect(await page.textContent('#account-name')).toBe('Officer Two (demo)');
  });

  it("an answer to the last user's request, arriving after the next user signed in, is not shown to them", async () => {
    // Officer one's day is on its way (held) when they sign out and officer two signs in.
    const hold = await holdFirstAnswer('**/api/plans/current**');
    try {
      await page.click('#sign-out');
      await signInOnPage(page, server!, 'officer-1');
      await expect.poll(hold.asked).toBe(true);
      await page.click('#sign-out');
      await signInOnPage(page, server!, 'officer-2');
      const plan = (await (await server!.fetchAs('team.leader', `/api/plans/${planId}`)).json()) as ApiPlan;
      const own = plan.routes.find((r) => r.officerIds.includes('officer-2'))!.stops.map((st) => st.caseRefs.join('+'));
      await expect.poll(shownKeys, { timeout: 10_000 }).toEqual(own);
      hold.release();
      // Time for officer one's answer to land, were it still awaited.
      await page.waitForTimeout(1_000);
      expect(await shownKeys()).toEqual(own);
      expect(await page.textContent('#account-name')).toBe('Officer Two (demo)');
    } finally {
      await hold.stop();
    }
  });

  it('a sign-out while the road map is still downloading: it is loaded again at the next sign-in', async () => {
    // The road map is asked for once, at a page's first sign-in: its answer is held until the sign-out.
    const hold = await holdFirstAnswer('**/api/roads');
    try {
      // Signed out, on a new document: its base map not yet asked for.
      await page.request.delete(`${server!.base}/api/session`);
      await page.goto('about:blank');
      await page.goto(`${server!.base}/?date=${date}#officer`);
      await signInOnPage(page, server!, 'officer-1');
      await expect.poll(hold.asked).toBe(true);
      await page.click('#sign-out');
      await page.waitForSelector('#sign-in-username');
      hold.release();
      await signInOnPage(page, server!, 'officer-2');
      // The road graph is drawn on canvas (tiles are refused), the only canvas on the map.
      await page.waitForSelector('.leaflet-overlay-pane canvas', { timeout: 15_000 });
      expect(await page.textContent('#notice')).not.toContain('Road map unavailable');
    } finally {
      await hold.stop();
    }
  });

  it('manager: figures read-only, compare weights, and save the weight as the default', async () => {
    await signInAs('manager', 'team');
    await page.waitForSelector('.kpis dl');
    expect(await page.evaluate(() => document.body.dataset.view)).toBe('manager');
    expect(await visibleNav()).toEqual(['nav-manager']);
    expect(await page.locator('#plan-day').isVisible()).toBe(false);
    expect(await page.locator('#replan-weight').count()).toBe(0);
    expect(await page.locator('#run-sweep').isVisible()).toBe(true);
    expect(await page.locator('#save-default-weight').isDisabled()).toBe(true);
    await page.$eval('#weight', (el) => {
      (el as HTMLInputElement).value = '2.5';
      el.dispatchEvent(new Event('change'));
    });
    await page.click('#save-default-weight');
    await expect.poll(() => page.textContent('#notice')).toContain('The default weight is now £2.50 a mile');
    expect(((await asAdmin('/api/settings')) as { defaultWeight: number }).defaultWeight).toBe(2.5);
    expect(await page.textContent('label[for=weight]')).toContain('£2.50 of expected recovery per mile driven (the configured default)');
  });

  it('admin: creates an officer account, disables and enables it, sets its password', async () => {
    await signInAs('admin', 'officer');
    await page.waitForSelector('.accounts tbody tr');
    expect(await visibleNav()).toEqual(['nav-admin']);
    expect(await page.locator('#day-form').isVisible()).toBe(false);
    const first = newPassword();
    await page.fill('#account-username', 'new.officer');
    await page.fill('#account-display-name', 'New Officer');
    await page.selectOption('#account-role', 'officer');
    await page.selectOption('#account-officer', 'officer-2');
    await page.fill('#account-password', first);
    await page.click('#create-account');
    const row = page.locator('.accounts tr[data-username="new.officer"]');
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual([
      'new.officer',
      'New Officer',
      'Officer',
      'Officer Two (demo)',
      '',
      'Active',
      expect.any(String),
    ]);
    expect(await signInWorks('new.officer', first)).toBe(200);
    // The form is empty again for the next account.
    expect(await page.inputValue('#account-username')).toBe('');

    await row.locator('.account-toggle').click();
    await expect.poll(() => row.locator('td').nth(5).textContent()).toBe('Disabled');
    expect(await signInWorks('new.officer', first)).toBe(401);
    await row.locator('.account-toggle').click();
    await expect.poll(() => row.locator('td').nth(5).textContent()).toBe('Active');

    const second = newPassword();
    await page.fill('#account-password-new\\.officer', second);
    await row.getByRole('button', { name: 'Set the password of new.officer' }).click();
    await expect.poll(() => page.textContent('#notice')).toContain('Password set for new.officer');
    expect(await signInWorks('new.officer', second)).toBe(200);
    expect(await signInWorks('new.officer', first)).toBe(401);

    // The server's refusal (the admin may not disable their own account) is shown, as text.
    await page.locator('.accounts tr[data-username="admin"] .account-toggle').click();
    await expect.poll(() => page.textContent('#account-problem')).toContain('own account');
  });

  it('admin: a setting that loosens a statutory safeguard is refused with each field and its regulation; a stricter one is saved', async () => {
    await page.fill('#settings-visitStart', '05:00');
    await page.uncheck('#settings-suspendVulnerable');
    await page.click('#save-settings');
    await page.waitForSelector('#settings-problem li');
    const lines = await page.locator('#settings-problem li').allTextContents();
    expect(lines).toEqual(
      expect.arrayContaining([
        'visitingHours.start: reg 13(1)(a): visits may not start before 06:00',
        expect.stringMatching(/^suspendVulnerable: reg 10 and the National Standards/),
      ]),
    );
    // What the admin typed is still there to correct.
    expect(await page.inputValue('#settings-visitStart')).toBe('05:00');
    expect(((await asAdmin('/api/settings')) as { visitingHours: { start: string } }).visitingHours.start).toBe('06:00');

    await page.fill('#settings-visitStart', '08:00');
    await page.check('#settings-suspendVulnerable');
    await page.click('#save-settings');
    await expect.poll(() => page.textContent('#notice')).toContain('Settings saved (visitingHours)');
    expect(await page.locator('#settings-problem').count()).toBe(0);
    expect(((await asAdmin('/api/settings')) as { visitingHours: { start: string } }).visitingHours.start).toBe('08:00');

    // The whole document as JSON: the same judge.
    await page.click('.settings-json summary');
    const doc = JSON.parse(await page.inputValue('#settings-json')) as Record<string, unknown>;
    await page.fill('#settings-json', JSON.stringify({ ...doc, limitMonths: 18 }, null, 2));
    await page.click('#save-settings-json');
    await expect.poll(() => page.textContent('#settings-problem')).toContain('limitMonths: reg 9(1)');
    await page.fill('#settings-json', '{ not json');
    await page.click('#save-settings-json');
    await expect.poll(() => page.textContent('#settings-problem')).toContain('Not valid JSON');

    // Another admin (or the manager's weight) changes the settings meanwhile: the document on
    // screen is older, so saving it is refused rather than putting their change back.
    const theirs = await server!.fetchAs('admin', '/api/settings/default-weight', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ defaultWeight: 3.5 }),
    });
    expect(theirs.status).toBe(200);
    await page.fill('#settings-json', JSON.stringify({ ...doc, visitingHours: { ...(doc.visitingHours as object), start: '08:00' } }, null, 2));
    await page.click('#save-settings-json');
    await expect.poll(() => page.textContent('#settings-problem')).toContain('The settings were changed since they were read');
    expect(((await asAdmin('/api/settings')) as { defaultWeight: number }).defaultWeight).toBe(3.5);
    // Shown as they are now, the change made again on them is saved, the other change kept.
    const now = JSON.parse(await page.inputValue('#settings-json')) as { defaultWeight: number; visitingHours: object };
    expect(now.defaultWeight).toBe(3.5);
    await page.fill('#settings-json', JSON.stringify({ ...now, visitingHours: { ...now.visitingHours, start: '08:30' } }, null, 2));
    await page.click('#save-settings-json');
    await expect.poll(() => page.textContent('#notice')).toContain('Settings saved.');
    expect(await asAdmin('/api/settings')).toMatchObject({ defaultWeight: 3.5, visitingHours: { start: '08:30' } });
  });
});
