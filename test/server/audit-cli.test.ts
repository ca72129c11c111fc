/**
 * `npm run --silent audit -- verify` as an auditor runs it, on a database of its own (ROUNDS_DB):
 * exit 0 and the row count when the chain is intact, exit 1 naming the first broken row after
 * tampering, exit 2 with one stderr line for a bad argument.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { OFFICER } from './helpers.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function verify(dbPath: string, args: string[] = ['verify']): Promise<Run> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', 'audit', '--', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ROUNDS_DB: dbPath } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('npm run audit -- verify', () => {
  let dir: string;
  let dbPath: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-audit-cli-'));
    dbPath = join(dir, 'rounds.sqlite');
    const store = new SqliteStore(dbPath);
    for (let i = 0; i < 5; i++) await store.saveOfficer({ ...OFFICER, id: `officer-${i}` }, 'tl', false);
    await store.saveSettings({ ...(await store.getSettings()), defaultWeight: 0.7 }, 'admin');
    await store.deleteOfficer('officer-4', 'tl');
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an intact chain: exit 0, the row count and the last hash', async () => {
    const run = await verify(dbPath);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^ok: 7 rows, chain intact \(last row 7, hash [0-9a-f]{64}\)\n$/);
  });

  it('bad arguments: one line on stderr, exit 2', async () => {
    const bad = [[], ['check'], ['verify', 'now'], ['verify', '--fast']];
    const [missing, ...runs] = await Promise.all([verify(join(dir, 'nothing-here.sqlite')), ...bad.map((args) => verify(dbPath, args))]);
    for (const [i, run] of runs.entries()) {
      expect(run.code, bad[i].join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^audit: [^\n]+\n$/);
    }
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^audit: no database at .*nothing-here\.sqlite \(ROUNDS_DB\)\n$/);
  });

  // Last: these change the database.
  it('a row changed behind the triggers: exit 1 naming it', async () => {
    const raw = new Database(dbPath);
    raw.exec('DROP TRIGGER audit_no_update');
    raw.prepare(`UPDATE audit SET detail = '{"changes":[]}' WHERE id = 3`).run();
    raw.close();
    const run = await verify(dbPath);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^broken at row 3: its contents do not match its hash: the row was changed after it was written \(the 2 rows before it verify\)\n$/,
    );
  });

  it('a row deleted: exit 1 naming the row after the gap', async () => {
    const raw = new Database(dbPath);
    raw.exec('DROP TRIGGER audit_no_delete');
    raw.prepare('DELETE FROM audit WHERE id = 2').run();
    raw.close();
    const run = await verify(dbPath);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^broken at row 3: it does not follow row 1: a row between them was deleted or inserted/);
  });
});
