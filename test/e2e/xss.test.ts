/**
 * Every name a user can set, made hostile, rendered in Chromium in every view of every role that
 * shows it: no script runs, the text appears as typed, and the Content-Security-Policy (no inline
 * script, no inline style) is never violated. The names are set through the API as the roles that
 * may set them: an officer's name (team leader), an account's display name (admin), a case's
 * reference, name and address (a CSV import), a time band's id (admin's settings). Crew ids and
 * officer ids are not in the list: the server accepts only letters, digits, '_', '.', '-' there.
 */
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildClient, launchBrowser, nextWorkingDay, requireChromium, signInOnPage, startServer, type RunningServer } from './harness';

const img = (n: number) => `<img src=x onerror="window.__xss=${n}">`;
const script = (n: number) => `<script>window.__xss=${n}</script>`;

const NAMES = {
  officer1: `Ann ${img(1)}`,
  officer5: `Bea ${script(2)}`,
  officer6: `Cy ${img(3)}`,
  teamLeader: `Tess ${img(4)}`,
  manager: `Max ${script(5)}`,
  admin: `Ada ${img(6)}`,
  officerAccount: `Ann's account ${script(7)}`,
  caseRef: `X${img(8)}`,
  debtor: `Dee ${script(9)}`,
  address: `1 ${img(10)} Road, London N11 1EW`,
  band: img(11),
};

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
const problems: string[] = [];

async function call(user: string, method: string, path: string, body?: unknown, ifMatch?: string): Promise<unknown> {
  const res = await server!.fetchAs(user, path, {
    method,
    ...(body === undefined
      ? {}
      : {
          headers: {
            'content-type': typeof body === 'string' ? 'text/csv' : 'application/json',
            ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }),
          },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} as ${user}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function renameOfficer(id: string, name: string): Promise<void> {
  const read = await server!.fetchAs('team.leader', `/api/officers/${id}`);
  const officer = (await read.json()) as Record<string, unknown>;
  await call('team.leader', 'PUT', `/api/officers/${id}`, { ...officer, name }, read.headers.get('etag') ?? '');
}

/** The hostile case on officer-1's route in the day's plan, whatever the planner did with it. */
async function putCaseOnOfficer1(): Promise<void> {
  const plan = (await call('team.leader', 'POST', '/api/plans', { date })) as ApiPlan;
  const refsOf = (r: ApiPlan['routes'][number]) => r.stops.map((s) => s.caseRefs);
  const mine = plan.routes.find((r) => r.officerIds.includes('officer-1'))!;
  if (refsOf(mine).some((v) => v.includes(NAMES.caseRef))) return;
  const elsewhere = plan.routes.find((r) => refsOf(r).some((v) => v.includes(NAMES.caseRef)));
  const routes = [
    ...(elsewhere ? [{ officerIds: elsewhere.officerIds, caseRefs: refsOf(elsewhere).filter((v) => !v.includes(NAMES.caseRef)) }] : []),
    { officerIds: mine.officerIds, caseRefs: [...refsOf(mine), [NAMES.caseRef]] },
  ];
  await call('team.leader', 'PUT', `/api/plans/${plan.id}`, { baseVersion: plan.version, routes });
}

/** Nothing ran, nothing was parsed into elements, and the browser reported no violation or error. */
async function expectNoScriptRan(where: string): Promise<void> {
  const found = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    injectedImages: document.querySelectorAll('img[src="x"]').length,
    inlineScripts: document.querySelectorAll('script:not([src])').length,
    violations: (window as unknown as { __csp?: string[] }).__csp ?? [],
  }));
  expect(found, where).toEqual({ xss: undefined, injectedImages: 0, inlineScripts: 0, violations: [] });
  expect(problems, where).toEqual([]);
}

/** The text of every element matching `selector`, joined. */
const textOf = (selector: string) => page.$$eval(selector, (els) => els.map((e) => e.textContent ?? '').join('\n'));

/** Hovers the route start markers (circle markers, the only interactive SVG paths) one by one: their tooltips' text. */
async function startTooltips(): Promise<string[]> {
  const starts = page.locator('.leaflet-overlay-pane path.leaflet-interactive');
  await expect.poll(() => starts.count(), { timeout: 10_000 }).toBeGreaterThan(0);
  const texts: string[] = [];
  for (let i = 0; i < (await starts.count()); i++) {
    // Dispatched, not a pointer move: a stop's marker can sit on top of the start.
    await starts.nth(i).dispatchEvent('mouseover');
    await page.locator('.leaflet-tooltip').first().waitFor();
    texts.push(await textOf('.leaflet-tooltip'));
    await starts.nth(i).dispatchEvent('mouseout');
    await expect.poll(() => page.locator('.leaflet-tooltip').count()).toBe(0);
  }
  return texts;
}

async function signInAs(username: string, hash: string): Promise<void> {
  if (await page.locator('#sign-out').isVisible()) await page.click('#sign-out');
  else await page.goto(`${server!.base}/?date=${date}#${hash}`);
  await signInOnPage(page, server!, username);
  await page.evaluate((h) => (location.hash = h), hash);
}

async function runSheetText(): Promise<string> {
  await page.emulateMedia({ media: 'print' });
  await expect.poll(() => page.locator('#run-sheet').isVisible()).toBe(true);
  // Names and addresses arrive from the server when printing starts.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect.poll(() => page.locator('#run-sheet .sheet-name').count()).toBeGreaterThan(0);
  const text = await textOf('#run-sheet');
  await page.emulateMedia({ media: 'screen' });
  return text;
}

describe('hostile names in every view (chromium)', () => {
  beforeAll(async () => {
    requireChromium();
    buildClient();
    server = await startServer();
    await renameOfficer('officer-1', NAMES.officer1);
    await renameOfficer('officer-5', NAMES.officer5);
    await renameOfficer('officer-6', NAMES.officer6);
    for (const [username, displayName] of [
      ['team.leader', NAMES.teamLeader],
      ['manager', NAMES.manager],
      ['admin', NAMES.admin],
      ['officer-1', NAMES.officerAccount],
    ]) {
      await call('admin', 'PATCH', `/api/users/${username}`, { displayName });
    }
    // Notice served 30 days before the day: lawful to visit; placed on officer-1's route whatever the planner chose.
    const notice = new Date(Date.parse(`${date}T12:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
    const csv = [
      'case_ref,debtor_ref,name,address,postcode,debt_type,balance,liability_order_date,notice_date',
      `"${NAMES.caseRef.replaceAll('"', '""')}",D-XSS,"${NAMES.debtor}","${NAMES.address.replaceAll('"', '""')}",N11 1EW,council_tax,250.00,2025-01-06,${notice}`,
    ].join('\n');
    await call('team.leader', 'POST', '/api/cases/import', csv);
    await putCaseOnOfficer1();
    // Last: a hostile band id would change how later plans price visits.
    const settings = (await call('admin', 'GET', '/api/settings')) as { bands: Array<{ id: string }> };
    await call('admin', 'PATCH', '/api/settings', { bands: settings.bands.map((b, i) => (i === 0 ? { ...b, id: NAMES.band } : b)) });

    ({ context, cleanup: closeBrowser } = await launchBrowser());
    // Violations of the CSP, recorded before any of the page's own scripts run.
    await context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => {
        const w = window as unknown as { __csp?: string[] };
        (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      }),
    );
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m: ConsoleMessage) => {
      const text = m.text();
      // The session probe before signing in is a 401 the browser logs; refused tiles are the offline map.
      if (m.type() !== 'error' || m.location().url.includes(TILE_HOST) || /status of 401/.test(text)) return;
      problems.push(`console: ${text}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.route(`https://${TILE_HOST}/**`, (route) => route.abort('internetdisconnected'));
  }, 240_000);

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' && server) console.error(`server output (last 4,000 characters):\n${server.output().slice(-4000)}`);
  });

  afterAll(async () => {
    await context?.close();
    closeBrowser();
    await server?.stop();
  });

  it('officer: their day, the start marker’s tooltip and the run sheet', async () => {
    await signInAs('officer-1', 'officer');
    await page.waitForSelector('#stop-list > li');
    expect(await page.textContent('#account-name')).toBe(NAMES.officerAccount);
    expect(await textOf('.stop-address')).toContain(NAMES.address);
    expect(await startTooltips()).toEqual([`${NAMES.officer1}: start`]);
    const sheet = await runSheetText();
    expect(sheet).toContain(`Run sheet: ${NAMES.officer1}`);
    expect(sheet).toContain(NAMES.address);
    expect(sheet).toContain(NAMES.caseRef);
    await expectNoScriptRan('officer view');
  });

  it('officer in a crew: the partner’s name too', async () => {
    await signInAs('officer-5', 'officer');
    await page.waitForSelector('#stop-list > li');
    expect(await startTooltips()).toEqual([`${NAMES.officer5} & ${NAMES.officer6}: start`]);
    expect(await runSheetText()).toContain(`Run sheet: ${NAMES.officer5}`);
    await expectNoScriptRan('crew officer view');
  });

  it('team leader: the team view, the officer view with its picker and run sheet, the manager view', async () => {
    await signInAs('team.leader', 'team');
    await page.waitForSelector('.team-list li');
    expect(await page.textContent('#account-name')).toBe(NAMES.teamLeader);
    const summary = await textOf('.summary tbody th');
    for (const name of [NAMES.officer1, NAMES.officer5, NAMES.officer6]) expect(summary).toContain(name);
    const headings = await textOf('.team-route h3');
    expect(headings).toContain(NAMES.officer1);
    expect(headings).toContain(`${NAMES.officer5} & ${NAMES.officer6}`);
    expect(await textOf('.team-list')).toContain(NAMES.address);
    const tooltips = await startTooltips();
    expect(tooltips).toContain(`${NAMES.officer1}: start`);
    expect(tooltips).toContain(`${NAMES.officer5} & ${NAMES.officer6}: start`);
    await expectNoScriptRan('team view');

    await page.click('#nav-officer');
    expect(await textOf('#officer option')).toContain(NAMES.officer1);
    await page.selectOption('#officer', 'officer-1');
    await expect.poll(() => textOf('.stop-address')).toContain(NAMES.address);
    expect(await runSheetText()).toContain(`Run sheet: ${NAMES.officer1}`);
    await expectNoScriptRan('officer view as the team leader');

    await page.click('#nav-manager');
    await page.waitForSelector('.kpis dl');
    await expectNoScriptRan('manager view as the team leader');
  });

  it('manager: the manager view', async () => {
    await signInAs('manager', 'manager');
    await page.waitForSelector('.kpis dl');
    expect(await page.textContent('#account-name')).toBe(NAMES.manager);
    await expectNoScriptRan('manager view');
  });

  it('admin: the accounts, the officers to link, the settings document', async () => {
    await signInAs('admin', 'admin');
    await page.waitForSelector('.accounts tbody tr');
    expect(await page.textContent('#account-name')).toBe(NAMES.admin);
    const names = await textOf('.accounts .account-display-name');
    for (const name of [NAMES.teamLeader, NAMES.manager, NAMES.admin, NAMES.officerAccount]) expect(names).toContain(name);
    expect(await textOf('.accounts tbody')).toContain(NAMES.officer1);
    expect(await textOf('#account-officer option')).toContain(NAMES.officer5);
    await page.click('.settings-json summary');
    expect(await page.inputValue('#settings-json')).toContain(JSON.stringify(NAMES.band));
    await expectNoScriptRan('admin view');
  });
});
