/**
 * The officer's day on a phone (issue 13) in Chromium with a 390 x 844 touch screen, against the
 * real server: the day opens and an outcome is recorded; with the browser offline the app opens
 * from its cache and an outcome waits on the phone; back online it is sent, and recorded exactly
 * once; the same key again answers the first result; a check-in falls due and is shown; signing
 * out leaves nothing of the day on the phone. The timings are printed (and only loosely bounded).
 */
import { join } from 'node:path';
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, artifactsDir, buildClient, launchBrowser, nextWorkingDay, requireChromium, signInOnPage, startServer, type RunningServer } from './harness';

const TILE_HOST = 'tile.openstreetmap.org';
const OFFICER = 'officer-1';
const date = nextWorkingDay();

interface ApiRoute {
  officerIds: string[];
  stops: Array<{ caseRefs: string[] }>;
  checkIns: Array<{ at: string; kind: string }>;
}

let server: RunningServer | undefined;
let context: BrowserContext | undefined;
let closeBrowser: () => void = () => {};
let page: Page;
let route: ApiRoute;
const consoleErrors: string[] = [];
const timings: Record<string, number> = {};
/** Every outcome the page sent: its Idempotency-Key and body. */
const sentOutcomes: Array<{ key: string; body: string }> = [];

const asLeader = (path: string) => server!.fetchAs('team.leader', path);
const outcomesOf = async (caseRef: string) => (await (await asLeader(`/api/outcomes?caseRef=${caseRef}`)).json()) as Array<{ id: number; kind: string }>;
const waiting = () => page.locator('#queued-count').getAttribute('data-count').then(Number);
const nextStopRef = () => page.locator('#next-stop').getAttribute('data-key');

/** What the phone keeps in IndexedDB: whether a day is saved (its roads and the cases it shows as done), and how many records wait. */
function kept(): Promise<{ day: boolean; roads: number; done: string[]; queue: number }> {
  return page.evaluate(
    () =>
      new Promise<{ day: boolean; roads: number; done: string[]; queue: number }>((resolve, reject) => {
        const open = indexedDB.open('rounds-device');
        open.onerror = () => reject(new Error('no database'));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('day')) return resolve({ day: false, roads: 0, done: [], queue: 0 });
          const tx = db.transaction(['day', 'queue']);
          const day = tx.objectStore('day').get('current');
          const queue = tx.objectStore('queue').count();
          tx.oncomplete = () => {
            const saved = day.result as { roads?: { features?: unknown[] }; outcomes?: Map<string, string> } | undefined;
            resolve({ day: saved !== undefined, roads: saved?.roads?.features?.length ?? 0, done: [...(saved?.outcomes?.keys() ?? [])], queue: queue.result });
          };
        };
      }),
  );
}

/** Taps an outcome on the next stop's card and measures tap to confirmation on screen (the event's time to the node appearing). */
async function tapOutcome(kind: string): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { tapAt?: number; confirmedAt?: number };
    w.tapAt = undefined;
    w.confirmedAt = undefined;
    document.addEventListener('click', (e) => (w.tapAt = e.timeStamp), { capture: true, once: true });
    const seen = new MutationObserver(() => {
      if (w.tapAt !== undefined && document.getElementById('outcome-confirmation')) {
        w.confirmedAt = performance.now();
        seen.disconnect();
      }
    });
    document.getElementById('outcome-confirmation')?.remove();
    seen.observe(document.body, { childList: true, subtree: true });
  });
  await page.tap(`#next-stop [data-outcome=${kind}]`);
  await page.waitForFunction(() => (window as unknown as { confirmedAt?: number }).confirmedAt !== undefined);
  return page.evaluate(() => {
    const w = window as unknown as { tapAt: number; confirmedAt: number };
    return w.confirmedAt - w.tapAt;
  });
}

describe('the officer’s day on a phone (chromium, 390 x 844, touch)', () => {
  beforeAll(async () => {
    requireChromium();
    buildClient();
    server = await startServer();
    const res = await asLeader('/api/plans').then(() =>
      server!.fetchAs('team.leader', '/api/plans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ date }) }),
    );
    expect(res.status).toBe(201);
    const plan = (await res.json()) as { routes: ApiRoute[] };
    route = plan.routes.find((r) => r.officerIds.includes(OFFICER))!;
    expect(route.stops.length).toBeGreaterThan(3);
    ({ context, cleanup: closeBrowser } = await launchBrowser(PHONE));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error' && !m.location().url.includes(TILE_HOST)) consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/outcomes'))
        sentOutcomes.push({ key: r.headers()['idempotency-key'] ?? '', body: r.postData() ?? '' });
    });
    await context.route(`https://${TILE_HOST}/**`, (r) => r.abort('internetdisconnected'));
  }, 300_000);

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' && server) console.error(`server output (last 4,000 characters):\n${server.output().slice(-4000)}`);
    // Refused requests the browser logs itself: the session probe's 401, and with no connection the failed fetches.
    expect(consoleErrors.filter((e) => !/status of 401|ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e))).toEqual([]);
    consoleErrors.length = 0;
  });

  afterAll(async () => {
    console.log(`phone timings (ms): ${JSON.stringify(timings)}`);
    await context?.close();
    closeBrowser();
    await server?.stop();
  });

  it('opens the day as the next stop and records an outcome with one tap', async () => {
    await page.goto(`${server!.base}/?date=${date}#officer`);
    await signInOnPage(page, server!, OFFICER);
    await page.waitForSelector('#next-stop');
    expect(await nextStopRef()).toBe(route.stops[0].caseRefs.join('+'));
    expect(await page.locator('#connection').textContent()).toContain('Online');
    // Large targets: every outcome button at least 48 CSS pixels tall, and the card fits the phone's width.
    // Polled: on a loaded machine the card can be measured while the layout still settles; the
    // answer names any target that stays too small or too wide.
    const outOfReach = () =>
      page.$$eval('#next-stop button, #checked-in', (els) =>
        els.flatMap((e) => {
          const r = e.getBoundingClientRect();
          return r.height >= 48 && r.right <= 390 ? [] : [`${e.id || e.textContent}: ${Math.round(r.height)} tall, right edge ${Math.round(r.right)}`];
        }),
      );
    await expect.poll(outOfReach, { timeout: 5_000 }).toEqual([]);
    expect(await page.locator('#open-maps').getAttribute('href')).toMatch(/^https:\/\/www\.google\.com\/maps\/dir\/\?api=1&destination=-?\d/);
    await page.tap('#navigate');
    await page.waitForSelector('#turns');
    await page.screenshot({ path: join(artifactsDir(), 'phone-next-stop.png') });

    const first = route.stops[0].caseRefs[0];
    timings.outcomeTapToConfirmationOnline = await tapOutcome('no_contact');
    await expect.poll(() => outcomesOf(first), { timeout: 10_000 }).toHaveLength(1);
    await expect.poll(waiting).toBe(0);
    // The card moves on to the next stop.
    expect(await nextStopRef()).toBe(route.stops[1].caseRefs.join('+'));
    // The list is a swipe (or a tab) away.
    await page.tap('#phone-tabs [data-pane=panel]');
    await page.waitForFunction(() => document.querySelector('#phone-tabs [data-pane=panel]')?.getAttribute('aria-selected') === 'true');
    expect(await page.locator('#stop-list').isVisible()).toBe(true);
    await page.tap('#phone-tabs [data-pane=phone-day]');
    // Ready to open with no signal: the app shell in the service worker, the day on the phone.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await expect.poll(() => kept().then((k) => k.day && k.roads > 0 && k.done.includes(first)), { timeout: 10_000 }).toBe(true);
  });

  it('with no connection, opens from the phone and keeps an outcome and a check-in waiting', async () => {
    await context!.setOffline(true);
    await page.reload();
    await page.waitForSelector('#next-stop');
    timings.openFromCacheToDayOnScreen = await page.evaluate(() => performance.getEntriesByName('rounds:plan-shown')[0]?.startTime ?? -1);
    expect(timings.openFromCacheToDayOnScreen).toBeGreaterThan(0);
    expect(timings.openFromCacheToDayOnScreen).toBeLessThan(10_000);
    expect(await page.locator('#connection').textContent()).toContain('Offline');
    expect(await page.locator('.from-device').textContent()).toContain('saved on this phone');
    // The outcome recorded online is still shown as done: the card is at the second stop.
    const second = route.stops[1].caseRefs[0];
    expect(await nextStopRef()).toBe(route.stops[1].caseRefs.join('+'));

    timings.outcomeTapToConfirmationOffline = await tapOutcome('gone_away');
    expect(timings.outcomeTapToConfirmationOffline).toBeLessThan(1000);
    expect(await page.locator('#outcome-confirmation').textContent()).toContain('Gone away');
    await page.tap('#checked-in');
    await expect.poll(waiting).toBe(2);
    expect((await kept()).queue).toBe(2);
    // Kept with the day too: reopened now, the phone would show that stop as done.
    expect((await kept()).done).toContain(second);
    expect(await outcomesOf(second)).toEqual([]);
    // The base map is the route area's road graph kept on the phone.
    expect(await page.locator('#notice').textContent()).not.toContain('Road map unavailable');
    await page.screenshot({ path: join(artifactsDir(), 'phone-offline.png') });
  });

  it('back online, sends what waited, and the server records it exactly once', async () => {
    const second = route.stops[1].caseRefs[0];
    const started = Date.now();
    await context!.setOffline(false);
    await expect.poll(waiting, { timeout: 30_000, interval: 50 }).toBe(0);
    timings.reconnectToSynced = Date.now() - started;
    expect(timings.reconnectToSynced).toBeLessThan(30_000);
    expect((await outcomesOf(second)).map((o) => o.kind)).toEqual(['gone_away']);
    const checkIns = (await (await asLeader(`/api/check-ins?date=${new Date().toISOString().slice(0, 10)}`)).json()) as Array<{ officerId: string }>;
    expect(checkIns.map((c) => c.officerId)).toContain(OFFICER);
    expect((await kept()).queue).toBe(0);
  });

  it('answers a replayed key with the first result and records nothing more', async () => {
    const second = route.stops[1].caseRefs[0];
    const sent = sentOutcomes.filter((s) => s.body.includes(`"${second}"`));
    expect(sent.length).toBeGreaterThan(0);
    // Every attempt for that outcome carried the same key.
    expect(new Set(sent.map((s) => s.key)).size).toBe(1);
    const [once] = sent;
    const [before] = await outcomesOf(second);
    const replay = await server!.fetchAs(OFFICER, '/api/outcomes', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': once.key },
      body: once.body,
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { id: number }).id).toBe(before.id);
    expect(await outcomesOf(second)).toHaveLength(1);
  });

  it('shows a stop done when its outcome was recorded on another device', async () => {
    const third = route.stops[2].caseRefs;
    expect(await nextStopRef()).toBe(third.join('+'));
    // The officer records it at the desk: the same account, another device.
    for (const caseRef of third) {
      const res = await server!.fetchAs(OFFICER, '/api/outcomes', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ caseRef, kind: 'arrangement', at: new Date().toISOString() }),
      });
      expect(res.status).toBe(201);
    }
    await page.reload();
    await page.waitForSelector('#next-stop');
    await expect.poll(nextStopRef, { timeout: 10_000 }).toBe(route.stops[3].caseRefs.join('+'));
    // Kept with the day: with no signal the phone still shows it done.
    await expect.poll(() => kept().then((k) => third.every((ref) => k.done.includes(ref))), { timeout: 10_000 }).toBe(true);
  });

  it('shows a check-in when it falls due', async () => {
    // The page's clock is set to just before a check-in's reminder (5 minutes before it is due), on the planned day.
    // The officer's last check-in was today, so the planned day's first check-in (setting off) is the next.
    const deadline = [...route.checkIns].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
    await page.clock.install({ time: new Date(Date.parse(deadline.at) - 5 * 60_000 - 20_000) });
    await page.reload();
    await page.waitForSelector('#next-check-in');
    expect(await page.locator('#check-in').getAttribute('class')).not.toContain('due');
    await page.clock.runFor(30_000);
    await page.waitForSelector('#check-in.due', { timeout: 5_000 });
    expect(await page.locator('#next-check-in').textContent()).toMatch(/^Check in now: due by \d\d:\d\d/);
    expect(await page.locator('#check-in').getAttribute('role')).toBe('alert');
    await page.screenshot({ path: join(artifactsDir(), 'phone-check-in-due.png') });
  });

  it("signing out leaves nothing of the day on the phone, and keeps another officer's waiting record", async () => {
    // Another officer's record, waiting on a shared phone since their session ended.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('rounds-device');
          open.onsuccess = () => {
            const tx = open.result.transaction('queue', 'readwrite');
            tx.objectStore('queue').put({
              key: 'another-officers-key-1',
              username: 'another.officer',
              kind: 'check-in',
              body: { at: '2026-03-03T09:00:00Z' },
              label: 'Checked in',
              queuedAt: '2026-03-03T09:00:00Z',
              state: 'queued',
            });
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(new Error('not kept'));
          };
          open.onerror = () => reject(new Error('no database'));
        }),
    );
    await page.tap('#sign-out');
    // Finished: the day deleted and the server told (going offline sooner would leave the sign-out pending).
    await expect.poll(() => page.textContent('#sign-in-message')).toContain('You have signed out.');
    expect(await kept()).toEqual({ day: false, roads: 0, done: [], queue: 1 });
    await context!.setOffline(true);
    await page.reload();
    // With no connection and nothing kept: no day on screen, only the reason.
    await page.waitForSelector('#notice:not(:empty)');
    expect(await page.locator('#next-stop').count()).toBe(0);
    await context!.setOffline(false);
  });

  it('a sign-out with no connection ends the session on the server as soon as the phone is online', async () => {
    // Opened offline above: load the page again, online, for the sign-in form.
    await page.reload();
    await signInOnPage(page, server!, OFFICER);
    await page.waitForSelector('#next-stop');
    // The session as the server knows it, asked from outside the browser (whose cookie the sign-out clears).
    const session = (await context!.cookies()).find((c) => c.name === 'rounds_session')!;
    const asThatSession = () => fetch(`${server!.base}/api/session`, { headers: { cookie: `rounds_session=${session.value}` } }).then((r) => r.status);
    expect(await asThatSession()).toBe(200);
    await context!.setOffline(true);
    await page.tap('#sign-out');
    await expect.poll(() => page.textContent('#sign-in-message')).toContain('no connection');
    expect((await kept()).day).toBe(false);
    // The server has not heard yet: the session would still let anyone in.
    expect(await asThatSession()).toBe(200);
    await context!.setOffline(false);
    await expect.poll(asThatSession, { timeout: 10_000 }).toBe(401);
  });

  it("shows the team leader each officer's last check-in and who is overdue", async () => {
    // Still the planned day's clock (installed above): the first check-in is minutes away, none recorded on that day.
    await page.goto(`${server!.base}/?date=${date}#team`);
    // Only the hash changed: load the page again (now online) for the sign-in form.
    await page.reload();
    await signInOnPage(page, server!, 'team.leader');
    const row = page.locator(`.lone-working tr[data-officers~="${OFFICER}"]`);
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe('none yet');
    expect(await row.getAttribute('class')).not.toContain('overdue');
    // Past the deadline: the table, read again each minute, says so.
    await page.clock.runFor(7 * 60_000);
    await page.waitForSelector(`.lone-working tr.overdue[data-officers~="${OFFICER}"]`, { timeout: 10_000 });
    expect(await row.locator('.check-in-status').textContent()).toBe('Overdue');
    expect(await page.locator('#lone-working-title').textContent()).toMatch(/\d+ overdue/);
  });
});
