/**
 * A team leader's import is checked inside the import's own transaction (store.upsertCases with an
 * ImportScreen, server/store/store.ts). The check used to read the stored cases before the
 * transaction: another import committed in between (a whole-area team leader's, making a debtor
 * another team's) was not seen, and the file then reached that debtor's case and holds.
 * Store level, on a fresh database of the test's store (SQLite; PostgreSQL in that project).
 * The route's messages and rows: team-access.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlStore } from '../../server/store/sql-store.js';
import type { ImportCounts, ImportScreen } from '../../server/store/store.js';
import type { Case } from '../../solver/rules/types.js';
import { STORE_NAME, testDatabase, type TestDatabase } from '../support/test-store.js';
import { makeCase } from '../rules/fixtures.js';

const NORTH = new Set(['N11 1NN', 'N13 4BS']);

const aCase = (ref: string, debtorRef: string, postcode: string, more: Partial<Case> = {}): Case =>
  makeCase(ref, { debtorRef, postcode, address: '12 Sample Road', lat: 51.6166, lon: -0.1389, balance: 100, ...more });

type Stored = Parameters<ImportScreen>[0];

/**
 * The north team leader's screen, as server/routes/cases.ts builds it: no row of a case stored in
 * another team's patch, nor of a debtor with any case there. Records what the store showed it.
 */
function northScreen(file: Case[], seen: Stored[], whileJudging: () => void = () => {}): ImportScreen {
  return (stored) => {
    seen.push({ postcodeOf: new Map(stored.postcodeOf), debtorPostcodes: [...stored.debtorPostcodes] });
    whileJudging();
    const othersDebtors = new Set(stored.debtorPostcodes.filter((k) => !NORTH.has(k.postcode)).map((k) => k.debtorRef));
    const refused = file.filter((c) => othersDebtors.has(c.debtorRef) || !NORTH.has(stored.postcodeOf.get(c.ref) ?? c.postcode));
    if (refused.length > 0) throw new Error(`not the north team's to load: ${refused.map((c) => c.ref).join(', ')}`);
  };
}

describe(`a team leader's import, screened in its own transaction (${STORE_NAME})`, () => {
  let dir: string;
  let db: TestDatabase;
  let store: SqlStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-import-screen-'));
    db = await testDatabase(dir);
    store = await db.open();
    // Debtor D-1, so far only in the north team's patch.
    await store.upsertCases([aCase('A-1', 'D-1', 'N11 1NN')], 'admin');
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Who imported, oldest first. */
  const importers = async () => (await store.listAudit({ action: 'import' })).map((a) => a.actor).reverse();

  it('sees an import committed before its transaction began, and its refusal stores nothing of the file', async () => {
    // A whole-area team leader's import gives D-1 a case in another team's patch; the north team
    // leader's file, sent at the same moment, names D-1 (and a new vulnerable case of theirs).
    const wholeArea = store.upsertCases([aCase('B-1', 'D-1', 'E1 6AN', { lat: 51.5201, lon: -0.0727 })], 'tl-all');
    const file = [
      aCase('A-1', 'D-1', 'N11 1NN', { balance: 500 }),
      aCase('A-2', 'D-1', 'N11 1NN', { vulnerable: true }),
      aCase('C-1', 'D-9', 'N13 4BS', { vulnerable: true }),
    ];
    const seen: Stored[] = [];
    const north = store.upsertCases(file, 'tl-north', northScreen(file, seen));
    const [a, b] = await Promise.allSettled([wholeArea, north]);
    expect(a.status).toBe('fulfilled');
    expect(b).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: "not the north team's to load: A-1, A-2" }) });

    // What the screen was shown: the store as the other import left it.
    expect(seen).toHaveLength(1);
    expect(seen[0].postcodeOf).toEqual(new Map([['A-1', 'N11 1NN']]));
    expect(seen[0].debtorPostcodes).toEqual(
      expect.arrayContaining([
        { debtorRef: 'D-1', postcode: 'N11 1NN' },
        { debtorRef: 'D-1', postcode: 'E1 6AN' },
      ]),
    );

    // Refused: not one row of the file, nor a hold it would have opened, nor its audit row.
    expect(await store.countCases()).toBe(2);
    expect((await store.getCase('A-1'))?.balance).toBe(100);
    expect(await store.getCase('A-2')).toBeUndefined();
    expect(await store.getCase('C-1')).toBeUndefined();
    expect(await store.holds.list('D-1')).toEqual([]);
    // No trace of debtor D-9 at all: the store knows no case of theirs.
    await expect(store.holds.list('D-9')).rejects.toThrow(/No cases of debtor 'D-9'/);
    expect(await importers()).toEqual(['admin', 'tl-all']);
    expect(await store.verifyAudit()).toMatchObject({ ok: true });
  });

  it('holds its transaction while it judges: an import started meanwhile is committed after the screened one, not between', async () => {
    const file = [aCase('A-1', 'D-1', 'N11 1NN', { balance: 500 }), aCase('A-2', 'D-1', 'N11 1NN', { vulnerable: true })];
    const seen: Stored[] = [];
    let wholeArea: Promise<ImportCounts> | undefined;
    // While the screen judges D-1 as the north team's, the whole-area team leader moves A-1 to
    // another team's patch. Judged outside the transaction, that import would be committed before
    // the north file's rows were written, and the north file would then overwrite another team's case.
    const screen = northScreen(file, seen, () => {
      wholeArea = store.upsertCases([aCase('A-1', 'D-1', 'E1 6AN', { balance: 900, lat: 51.5201, lon: -0.0727 })], 'tl-all');
    });
    const counts = await store.upsertCases(file, 'tl-north', screen);
    expect(counts).toMatchObject({ imported: 1, updated: 1 });
    expect(wholeArea).toBeDefined();
    await wholeArea;

    expect(seen).toHaveLength(1);
    expect(seen[0].debtorPostcodes).toEqual([{ debtorRef: 'D-1', postcode: 'N11 1NN' }]);
    // The screened import first, as judged; the other one after it, on what it wrote.
    expect(await importers()).toEqual(['admin', 'tl-north', 'tl-all']);
    expect(await store.getCase('A-1')).toMatchObject({ postcode: 'E1 6AN', balance: 900 });
    expect(await store.getCase('A-2')).toMatchObject({ postcode: 'N11 1NN', vulnerable: true });
    expect(await store.holds.list('D-1')).toHaveLength(1);
  });
});
