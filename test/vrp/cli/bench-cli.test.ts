import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { instanceFilter, VRP_SUITES } from '../../../bench/vrp-suites';

const root = new URL('../../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'rounds-bench-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('bench suites', () => {
  it('select the instances the README scores, each with a file present', () => {
    const sizes = Object.fromEntries(Object.values(VRP_SUITES).map((suite) => [suite.name, suite.cases().length]));
    // TOPTW: c1 (9) + r1 with a known optimum (10) + rc1 (8) at m = 1, and pr01-pr10 at m = 1..4.
    expect(sizes).toEqual({ solomon: 56, toptw: 27 + 40, homberger1000: 6, pcvrptw: 6 });
    for (const suite of Object.values(VRP_SUITES)) {
      for (const benchCase of suite.cases()) expect(existsSync(benchCase.file), benchCase.file).toBe(true);
    }
    const toptw = VRP_SUITES.toptw.cases();
    expect(toptw.find((c) => c.label === 'pr03 m=2')).toMatchObject({ rounding: 'ceil2', vehicles: 2, bks: 742 });
    expect(toptw.find((c) => c.label === 'rc101 m=1')).toMatchObject({ rounding: 'dimacs', bks: 219 });
    expect(VRP_SUITES.solomon.cases().find((c) => c.instance === 'R101')).toMatchObject({ rounding: 'exact', bks: 1642.88 });
  });

  it('filter instances by comma-separated, case-insensitive globs', () => {
    const matches = instanceFilter('c1*,R20?');
    expect(['C101', 'c109', 'R201', 'r205', 'R2011', 'RC101'].filter(matches)).toEqual(['C101', 'c109', 'R201', 'r205']);
  });
});

describe('npm run bench', () => {
  it('runs a sample, checks every solution, prints the gap table and writes the results', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'bench/run.ts'), '--suite', 'toptw', '--instances', 'pr01', '--time-limit', '1', '--results', scratch],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/instance\s+result\s+BKS\s+gap %\s+seconds/);
    expect(run.stdout).toMatch(/^pr01 m=4\s+\d+\.00\s+657\.00\s+-?\d+\.\d\d\s+1\.\d\d/m);
    expect(run.stdout).toMatch(/mean gap \d+\.\d\d%, worst gap \d+\.\d\d% \(pr01 m=\d\)/);
    const results = JSON.parse(readFileSync(join(scratch, 'toptw-1s-sample4.json'), 'utf8'));
    expect(results.rows).toHaveLength(4);
    for (const row of results.rows as { feasible: boolean; result: number; bks: number; gapPercent: number }[]) {
      expect(row.feasible).toBe(true);
      // TOPTW maximises profit: a positive gap means less profit than the best known.
      expect(row.gapPercent).toBeCloseTo(((row.bks - row.result) / row.bks) * 100, 9);
    }
    expect(results.machine.node).toBe(process.version);
  });

  it('refuses an unknown suite with exit code 2', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/run.ts'), '--suite', 'cvrp'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--suite must be one of solomon\|toptw\|homberger1000\|pcvrptw\|day\|replan\|scale\|roads\|planning\|caseload\|agency/);
  });

  it('runs the day suite by iterations: every solution checked, the gap to the reference computed from the value', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'bench/run.ts'), '--suite', 'day', '--instances', 'saturday-1500', '--iterations', '3', '--results', scratch],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^saturday-1500\s+\d+\.\d\d\s+34921\.72\s+\d+\.\d\d/m);
    const results = JSON.parse(readFileSync(join(scratch, 'day-iterations-seed1-sample1.json'), 'utf8'));
    const [row] = results.rows as { feasible: boolean; result: number; bks: number; gapPercent: number; iterations: number }[];
    expect(row).toMatchObject({ feasible: true, bks: 34921.72, iterations: 3 });
    // The day is worth more when the gap is smaller: (reference - value) / reference.
    expect(row.gapPercent).toBeCloseTo(((34921.72 - row.result) / 34921.72) * 100, 9);
    expect(row.gapPercent).toBeGreaterThan(0);
  });
});

describe('npm run bench conventions', () => {
  it('scores Solomon in the DIMACS convention on request, and refuses a convention a suite lacks', () => {
    const dimacs = VRP_SUITES.solomon.cases('dimacs').find((c) => c.instance === 'R101');
    expect(dimacs).toMatchObject({ rounding: 'dimacs', bks: 1637.7 });
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/run.ts'), '--suite', 'toptw', '--rounding', 'exact'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('bench: suite toptw has one scoring convention per set; --rounding does not apply');
  });
});
