/**
 * A debtor reference reused for someone else: the holds, reviews and erasure of the first person
 * follow the reference, so a case joining a reference under a name sharing no word with its other
 * cases' names is imported and named for a person to check (solver/rules/person.ts
 * namesMayBeOnePerson). The answer, the audit and the logs name rows and refs, never the names.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvBody, importCsv, makeApp, type TestApp } from './helpers.js';

const row = (caseRef: string, debtorRef: string, name: string, vulnerable = 'no') =>
  `${caseRef},${debtorRef},${name},1 Sample Road,N11 1NN,,,council_tax,100,2026-01-05,2026-02-02,domestic,,${vulnerable},no,,`;

describe('a case joining a debtor reference under another name', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp({ captureLogs: true });
    const first = await importCsv(t.inject, csvBody([row('CT-1', 'D-1', 'Alice Brown', 'yes')]));
    expect(first.statusCode, first.body).toBe(200);
  });
  afterEach(async () => t.close());

  it('is imported, and its row is named for a person to check', async () => {
    const res = await importCsv(
      t.inject,
      csvBody([
        // The same person written another way: a title, an initial.
        row('CT-2', 'D-1', 'Mrs A. BROWN'),
        // No word in common with Alice Brown: another person, or a name to check.
        row('CT-3', 'D-1', 'Kwame Mensah'),
        // Another debtor altogether: nothing to compare with.
        row('CT-4', 'D-2', 'Kwame Mensah'),
      ]),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 3, updated: 0, otherName: [{ row: 3, caseRef: 'CT-3', debtorRef: 'D-1' }] });
    // Imported: the vulnerability hold on D-1 reaches the new case (the reference decides), which is why a person must look.
    expect(await t.store.getCase('CT-3')).toMatchObject({ debtorRef: 'D-1', name: 'Kwame Mensah' });

    const audit = (await t.inject({ url: '/api/audit?action=import&limit=1' })).json();
    expect(audit[0].detail.otherName).toEqual(['CT-3']);
    const said = JSON.stringify(res.json()) + JSON.stringify(audit) + t.logs();
    for (const name of ['Kwame', 'Mensah', 'Alice', 'Brown']) expect(said).not.toContain(name);
  });

  it('is named once, when it joins: the next file with the same rows says nothing', async () => {
    const file = csvBody([row('CT-3', 'D-1', 'Kwame Mensah')]);
    expect((await importCsv(t.inject, file)).json().otherName).toEqual([{ row: 2, caseRef: 'CT-3', debtorRef: 'D-1' }]);
    expect((await importCsv(t.inject, file)).json()).toMatchObject({ imported: 0, updated: 1, otherName: [] });
  });

  it('is named when a stored case moves to the reference under another name', async () => {
    expect((await importCsv(t.inject, csvBody([row('CT-9', 'D-9', 'Kwame Mensah')]))).json().otherName).toEqual([]);
    const moved = await importCsv(t.inject, csvBody([row('CT-9', 'D-1', 'Kwame Mensah')]));
    expect(moved.json()).toMatchObject({ imported: 0, updated: 1, otherName: [{ row: 2, caseRef: 'CT-9', debtorRef: 'D-1' }] });
  });

  it('compares with what the file itself brought to the reference before the row', async () => {
    const res = await importCsv(t.inject, csvBody([row('CT-5', 'D-5', 'Priya Shah'), row('CT-6', 'D-5', 'Tomasz Nowak'), row('CT-7', 'D-5', 'P Shah')]));
    expect(res.json().otherName).toEqual([{ row: 3, caseRef: 'CT-6', debtorRef: 'D-5' }]);
  });

  it('ignores the name of a case whose personal data the retention policy erased', async () => {
    expect((await importCsv(t.inject, csvBody([row('CT-OLD', 'D-7', 'Alice Brown')]))).statusCode).toBe(200);
    await t.store.recordOutcome({ caseRef: 'CT-OLD', kind: 'paid', at: new Date().toISOString(), recordedBy: 'test-setup' });
    const report = await t.store.retention.run({
      policy: { planVersionsKept: 5, planVersionsAfterDays: 30, closedCaseDays: 365 },
      now: new Date(Date.now() + 2 * 365 * 86_400_000),
      today: '2099-01-01',
      actor: 'test-run',
      dryRun: false,
    });
    expect(report.casesErased).toEqual(['CT-OLD']);
    const res = await importCsv(t.inject, csvBody([row('CT-8', 'D-7', 'Kwame Mensah')]));
    expect(res.json()).toMatchObject({ imported: 1, otherName: [] });
  });
});
