import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matrixEntry } from '../../../solver/vrp/model';
import { readSolomon } from '../../../solver/vrp/io/solomon';

const root = new URL('../../../', import.meta.url).pathname;
const script = join(root, 'solver/vrp/cli/solve.ts');
const scratch = mkdtempSync(join(tmpdir(), 'rounds-solve-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function solveCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const CONTRACT_KEYS = ['distance', 'instance', 'objective', 'prize', 'routes', 'seconds', 'unassigned', 'vehicles'];

describe('npm run solve', () => {
  it('prints one JSON object matching the contract for a Solomon file', () => {
    const file = join(root, 'data/bench/solomon/instances/C101.txt');
    const run = solveCli(file, '--format', 'solomon', '--time-limit', '2', '--seed', '3');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const output = JSON.parse(run.stdout);
    expect(Object.keys(output).sort()).toEqual(CONTRACT_KEYS);
    expect(output.instance).toBe('C101');
    expect(output.unassigned).toEqual([]);
    const served = (output.routes as number[][]).flat().sort((a, b) => a - b);
    expect(served).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(output.vehicles).toBe(output.routes.length);
    expect(output.vehicles).toBeLessThanOrEqual(25);
    expect(output.prize).toBe(0);
    // The reported distance is the distance of the printed routes (ids are customer numbers).
    const { problem } = readSolomon(file);
    const length = (output.routes as number[][]).reduce((sum, route) => {
      const stops = [0, ...route, 0];
      return sum + stops.slice(1).reduce((leg, to, i) => leg + matrixEntry(problem, problem.distances, stops[i], to), 0);
    }, 0);
    expect(output.distance).toBeCloseTo(length, 5);
    expect(output.objective).toBe(output.distance);
    expect(output.seconds).toBeGreaterThan(0);
  });

  it('scores TOPTW by collected profit with the routes from --vehicles', () => {
    const run = solveCli(join(root, 'data/bench/toptw/instances/pr01.txt'), '--format', 'toptw', '--vehicles', '2', '--time-limit', '2', '--rounding', 'ceil2');
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(output.routes.length).toBeLessThanOrEqual(2);
    expect(output.objective).toBe(output.prize);
    expect(output.prize).toBeGreaterThan(0);
    expect([...output.routes.flat(), ...output.unassigned].sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
  });

  it('exits 2 with one stderr line naming the file for a corrupt file', () => {
    const file = join(scratch, 'C101-broken.txt');
    const text = readFileSync(join(root, 'data/bench/solomon/instances/C101.txt'), 'utf8');
    writeFileSync(file, text.replace('   1      45         68', '   1      45         sixty-eight'));
    const run = solveCli(file, '--format', 'solomon', '--time-limit', '1');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/C101-broken\.txt:11: expected 7 numbers/)]);
  });

  it('exits 2 with one stderr line for a bad argument', () => {
    const file = join(root, 'data/bench/solomon/instances/C101.txt');
    for (const args of [
      ['--format', 'cvrp'],
      ['--format', 'toptw'],
      ['--format', 'solomon', '--time-limit', 'soon'],
      ['--format', 'solomon', '--colour'],
    ]) {
      const run = solveCli(file, ...args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain('C101.txt: ');
    }
  });
});
