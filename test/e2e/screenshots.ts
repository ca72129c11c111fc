/**
 * `npm run screenshots`: the README's pictures of the three views and the run sheet, taken from the
 * real client against the real server with the demo data (Debian's chromium, offline base map),
 * after planning the next working day and comparing weights. Writes docs/screenshots/*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { buildClient, launchBrowser, nextWorkingDay, PHONE, ROOT, signInOnPage, startServer, type RunningServer } from './harness';

const OUT = join(ROOT, 'docs/screenshots');
const TILE_HOST = 'tile.openstreetmap.org';

async function main(): Promise<void> {
  buildClient();
  const server = await startServer();
  const { context, cleanup } = await launchBrowser();
  try {
    mkdirSync(OUT, { recursive: true });
    const page = context.pages()[0] ?? (await context.newPage());
    // As on an offline council laptop: the map draws our own road graph.
    await page.route(`https://${TILE_HOST}/**`, (route) => route.abort('internetdisconnected'));
    const date = nextWorkingDay();
    await page.goto(`${server.base}/?date=${date}#officer`);
    await signInOnPage(page, server, 'team.leader');
    page.on('dialog', (d) => void d.accept());
    await page.click('#plan-day');
    await page.waitForSelector('body[data-ready=plan]', { timeout: 120_000 });
    await page.locator('#stop-list > li .stop-main').nth(1).click();
    await page.locator('.directions .turns li').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(OUT, 'officer-view.png') });

    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(OUT, 'run-sheet.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    await page.click('#nav-team');
    await page.waitForSelector('.team-list');
    await page.screenshot({ path: join(OUT, 'team-view.png') });

    await page.click('#nav-manager');
    await page.click('#run-sweep');
    // Done when the sweep table has a row per weight and no job is running.
    await page.waitForFunction(() => document.querySelectorAll('.sweep-table tbody tr').length >= 6 && !document.querySelector('#busy .busy'), null, {
      timeout: 180_000,
    });
    await page.screenshot({ path: join(OUT, 'manager-view.png') });
    await phoneScreenshots(server, date);
    console.log(`screenshots of ${date} written to ${OUT}`);
  } finally {
    await context.close();
    cleanup();
    await server.stop();
  }
}

/** The officer's day on a 390 x 844 phone: the next stop with directions, the list, the map, and offline with a record waiting. */
async function phoneScreenshots(server: RunningServer, date: string): Promise<void> {
  const phone: { context: BrowserContext; cleanup: () => void } = await launchBrowser(PHONE);
  try {
    const page = phone.context.pages()[0] ?? (await phone.context.newPage());
    await phone.context.route(`https://${TILE_HOST}/**`, (route) => route.abort('internetdisconnected'));
    await page.goto(`${server.base}/?date=${date}#officer`);
    await signInOnPage(page, server, 'officer-1');
    await page.waitForSelector('#next-stop');
    await page.tap('#navigate');
    await page.waitForSelector('#turns');
    await page.screenshot({ path: join(OUT, 'phone-next-stop.png') });
    await page.tap('#phone-tabs [data-pane=panel]');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, 'phone-list.png') });
    await page.tap('#phone-tabs [data-pane=map]');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(OUT, 'phone-map.png') });
    await page.tap('#phone-tabs [data-pane=phone-day]');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.waitForTimeout(1000);
    await phone.context.setOffline(true);
    await page.reload();
    await page.waitForSelector('#next-stop');
    await page.tap('#next-stop [data-outcome=no_contact]');
    await page.waitForSelector('#outcome-confirmation');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, 'phone-offline.png') });
  } finally {
    await phone.context.close();
    phone.cleanup();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
