/**
 * `npm run seed -- --history WEEKS` and `npm run --silent backtest -- --weeks N` as an analyst runs
 * them, on databases of their own (ROUNDS_DB): the history is the same for the same seed, and on it
 * the learning model scores better than the priors alone (the demo's hidden truth differs from them).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { seedHistory } from '../../server/demo/history.js';
import { seedDemo } from '../../server/demo/seed.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { loadBankHolidays } from '../../solver/rules/bank-holidays.js';
import { realPostcodes } from './helpers.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function npm(script: string, dbPath: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', script, '--', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ROUNDS_DB: dbPath } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const SEED = ['--date', '2026-03-03', '--cases', '600', '--history', '10'];

describe('the demo history and the backtest CLI', () => {
  let dir: string;
  let dbPath: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rounds-backtest-'));
    dbPath = join(dir, 'rounds.sqlite');
    const seeded = await npm('seed', dbPath, SEED);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/History 2025-12-23 to 2026-03-02: \d+ simulated visits recorded as \d+ outcomes\./);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the same seed writes the same history', async () => {
    const again = new SqliteStore(join(dir, 'again.sqlite'));
    const first = new SqliteStore(dbPath);
    try {
      await seedDemo(again, realPostcodes(), { seedDate: '2026-03-03', cases: 600 });
      await seedHistory(again, loadBankHolidays(), { seedDate: '2026-03-03', weeks: 10 });
      const shape = (os: Array<{ caseRef: string; kind: string; at: string; officerId?: string }>) => os.map((o) => [o.caseRef, o.kind, o.at, o.officerId]);
      const written = shape(await first.listOutcomes());
      expect(written.length).toBeGreaterThan(300);
      expect(shape(await again.listOutcomes())).toEqual(written);
      // History is written once.
      await expect(seedHistory(again, loadBankHolidays(), { seedDate: '2026-03-03', weeks: 1 })).rejects.toThrow(/already holds recorded outcomes/);
    } finally {
      await again.close();
      await first.close();
    }
  }, 120_000);

  it('scores the learning model better than the priors on the last weeks', async () => {
    const run = await npm('backtest', dbPath, ['--weeks', '4', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.from).toBe('2026-02-03');
    expect(report.to).toBe('2026-03-03');
    expect(report.weeks).toHaveLength(4);
    expect(report.weeks[0].trainedOn).toBeGreaterThan(100);
    expect(report.learned.visits).toBeGreaterThan(100);
    expect(report.learned.contactBrier).toBeLessThan(report.prior.contactBrier);
    // Calibration: every bin's observed rate is a rate, and the bins hold every visit.
    const binned = report.learned.calibration.reduce((n: number, b: { visits: number }) => n + b.visits, 0);
    expect(binned).toBe(report.learned.visits);

    const text = await npm('backtest', dbPath, ['--weeks', '4']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Backtest 2026-02-03 to 2026-03-03 \(exclusive\): \d+ visits, \d+ with contact\./);
    expect(text.stdout).toContain('| learning |');
    expect(text.stdout).toContain('| prior only |');
    expect(text.stdout).toContain('Learning: calibration of P(contact)');
  }, 60_000);

  it('bad arguments and a missing database: one line on stderr, exit 2', async () => {
    const runs = await Promise.all([
      npm('backtest', dbPath, []),
      npm('backtest', dbPath, ['--weeks', 'four']),
      npm('backtest', dbPath, ['--weeks', '2', '--fast']),
      npm('backtest', join(dir, 'nothing-here.sqlite'), ['--weeks', '2']),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^backtest: [^\n]+\n$/);
    }
    expect(runs[3].stderr).toMatch(/no database at .*nothing-here\.sqlite \(ROUNDS_DB\)/);
  }, 60_000);
});
