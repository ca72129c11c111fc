import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHombergerBks, readPcvrptwBks, readSolomonBks, readToptwBks } from '../../../solver/vrp/io/bks';
import { InstanceFormatError } from '../../../solver/vrp/io/instance-error';
import { matrixEntry } from '../../../solver/vrp/model';
import { readSolomon } from '../../../solver/vrp/io/solomon';
import { readToptw } from '../../../solver/vrp/io/toptw';
import { readVrplib } from '../../../solver/vrp/io/vrplib';

const bench = new URL('../../../data/bench/', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'rounds-readers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes `source` with `edit` applied to a temp file and returns the file's path. */
function corrupted(source: string, name: string, edit: (text: string) => string): string {
  const file = join(scratch, name);
  writeFileSync(file, edit(readFileSync(source, 'utf8')));
  return file;
}

function distance(problem: { locationCount: number; distances: ArrayLike<number> }, from: number, to: number): number {
  return matrixEntry(problem, problem.distances, from, to);
}

describe('Solomon / Gehring-Homberger reader', () => {
  const file = join(bench, 'solomon/instances/R101.txt');

  it('reads R101: fleet, capacity, depot shift and a few customers', () => {
    const { name, problem } = readSolomon(file);
    expect(name).toBe('R101');
    expect(problem.jobs).toHaveLength(100);
    expect(problem.locationCount).toBe(101);
    expect(problem.vehicles).toHaveLength(25);
    expect(problem.vehicles[0]).toMatchObject({ capacity: 200, shift: { start: 0, end: 230 }, start: 0, end: 0, costPerDistance: 1 });
    // customer 1: 41 49 10 161 171 10 ; customer 100: 18 18 17 185 195 10
    expect(problem.jobs[0]).toMatchObject({ id: '1', location: 1, demand: 10, service: 10, windows: [{ start: 161, end: 171 }], required: true, prize: 0 });
    expect(problem.jobs[99]).toMatchObject({ id: '100', demand: 17, windows: [{ start: 185, end: 195 }] });
    // depot (35, 35) to customer 1 (41, 49)
    expect(distance(problem, 0, 1)).toBeCloseTo(Math.sqrt(36 + 196), 12);
    expect(problem.durations).toBe(problem.distances);
  });

  it('truncates every arc to one decimal with dimacs rounding', () => {
    const { problem } = readSolomon(file, { rounding: 'dimacs' });
    expect(distance(problem, 0, 1)).toBe(15.2); // sqrt(232) = 15.23...
  });

  it('reads a 1000-customer Gehring-Homberger file', () => {
    const { name, problem } = readSolomon(join(bench, 'homberger1000/instances/c1_10_1.txt'));
    expect(name).toBe('c1_10_1');
    expect(problem.jobs).toHaveLength(1000);
    expect(problem.vehicles).toHaveLength(250);
    expect(problem.vehicles[0].shift.end).toBe(1824);
  });

  it('rejects a row with a missing number, naming the file and the line', () => {
    const bad = corrupted(file, 'R101-short-row.txt', (text) => text.replace(/\r\n\s+5\s+15\s+30\s+26\s+/, '\r\n    5     15     30 '));
    expect(() => readSolomon(bad)).toThrow(InstanceFormatError);
    expect(() => readSolomon(bad)).toThrow(/R101-short-row\.txt:15: expected 7 numbers/);
  });

  it('rejects a missing file and a file without a CUSTOMER section', () => {
    expect(() => readSolomon(join(scratch, 'nope.txt'))).toThrow(/nope\.txt: no such file/);
    const bad = corrupted(file, 'R101-no-customer.txt', (text) => text.replace('CUSTOMER', 'CLIENTS'));
    expect(() => readSolomon(bad)).toThrow(/R101-no-customer\.txt: no CUSTOMER line/);
  });
});

describe('TOPTW reader', () => {
  it('reads c101 with m routes: optional jobs with profits, depot window as the route limit', () => {
    const { name, problem, totalPrize } = readToptw(join(bench, 'toptw/instances/c101.txt'), { vehicles: 2, rounding: 'dimacs' });
    expect(name).toBe('c101');
    expect(problem.jobs).toHaveLength(100);
    expect(problem.vehicles).toHaveLength(2);
    expect(problem.vehicles[0].shift).toEqual({ start: 0, end: 1236 });
    // 1 45.00 68.00 90.00 10.00 1 1 1 912 967
    expect(problem.jobs[0]).toMatchObject({ id: '1', service: 90, prize: 10, required: false, windows: [{ start: 912, end: 967 }] });
    expect(totalPrize).toBe(1810);
    // depot (40, 50) to customer 1 (45, 68): sqrt(349) = 18.68.. truncated
    expect(distance(problem, 0, 1)).toBe(18.6);
    // the tie-break distance cost of the whole fleet stays below one unit of profit
    expect(problem.vehicles[0].costPerDistance * 2 * 1236).toBeLessThan(0.01);
  });

  it('reads pr01 (Cordeau-based) and rounds arcs up to two decimals', () => {
    const { problem } = readToptw(join(bench, 'toptw/instances/pr01.txt'), { vehicles: 1, rounding: 'ceil2' });
    expect(problem.jobs).toHaveLength(48);
    expect(problem.vehicles[0].shift).toEqual({ start: 0, end: 1000 });
    // 48 42.883 -2.966 17 10 1 4 1 2 4 8 98 233
    expect(problem.jobs[47]).toMatchObject({ id: '48', service: 17, prize: 10, windows: [{ start: 98, end: 233 }] });
    const exact = Math.hypot(-10.442 - -29.73, 19.999 - 64.136);
    expect(distance(problem, 0, 1)).toBe(Math.ceil(exact * 100) / 100);
  });

  it('needs m, and rejects a vertex row whose list length does not match', () => {
    const file = join(bench, 'toptw/instances/pr01.txt');
    expect(() => readToptw(file)).toThrow(/pr01\.txt: TOPTW needs the number of routes m/);
    const bad = corrupted(file, 'pr01-bad.txt', (text) => text.replace(/\n 1 -29\.730 64\.136 2 12 4 1 15/, '\n 1 -29.730 64.136 2 12 4 3 15'));
    expect(() => readToptw(bad, { vehicles: 1 })).toThrow(/pr01-bad\.txt:4: a = 3 announces 12 numbers, found 10/);
  });
});

describe('VRPLIB PCVRPTW reader', () => {
  const file = join(bench, 'pcvrptw/instances/R2_10_1.vrp');

  it('reads R2_10_1: header fleet, depot window, prizes and uniform service time', () => {
    const { name, problem, totalPrize } = readVrplib(file, { rounding: 'dimacs' });
    expect(name).toBe('R2_10_1');
    expect(problem.jobs).toHaveLength(1000);
    expect(problem.vehicles).toHaveLength(19);
    expect(problem.vehicles[0].capacity).toBe(1000);
    expect(problem.jobs.every((job) => job.service === 10 && !job.required && job.prize > 0)).toBe(true);
    expect(problem.jobs[0].id).toBe('2');
    expect(totalPrize).toBe(problem.jobs.reduce((sum, job) => sum + job.prize, 0));
    // node 1 (250, 250) to node 2 (228, 399): sqrt(484 + 22201) = 150.6...
    expect(distance(problem, 0, 1)).toBe(150.6);
  });

  it('rejects a section with a missing row, naming the file and the section', () => {
    const bad = corrupted(file, 'R2-short.vrp', (text) => text.replace(/\nPRIZE_SECTION\n1 0\n2 \d+\n/, '\nPRIZE_SECTION\n1 0\n'));
    expect(() => readVrplib(bad)).toThrow(/R2-short\.vrp:\d+: PRIZE_SECTION has 1000 rows, DIMENSION is 1001/);
    const noDepot = corrupted(file, 'R2-nodepot.vrp', (text) => text.replace(/DEPOT_SECTION[\s\S]*$/, 'EOF\n'));
    expect(() => readVrplib(noDepot)).toThrow(/R2-nodepot\.vrp: missing DEPOT_SECTION/);
  });
});

describe('BKS tables', () => {
  it('read every suite table with its conventions', () => {
    const solomon = readSolomonBks(join(bench, 'solomon/bks.csv'));
    expect(solomon).toHaveLength(56);
    expect(solomon.find((row) => row.instance === 'R101')).toMatchObject({ distmin_distance: 1642.88, dimacs_distance_trunc1: 1637.7 });
    const toptw = readToptwBks(join(bench, 'toptw/bks.csv'));
    expect(toptw.find((row) => row.instance === 'pr01' && row.m === 4)?.bks_profit).toBe(657);
    expect(toptw.find((row) => row.instance === 'c101' && row.m === 2)?.bks_profit).toBeNull();
    expect(readHombergerBks(join(bench, 'homberger1000/bks.csv'))).toHaveLength(6);
    expect(readPcvrptwBks(join(bench, 'pcvrptw/bks.csv'))[0]).toMatchObject({ instance: 'C1_10_1', bks_cost: 24539.1 });
  });

  it('rejects a row with a bad number, naming the file and line', () => {
    const bad = corrupted(join(bench, 'solomon/bks.csv'), 'bks-bad.csv', (text) => text.replace('R101,19,1650.80', 'R101,19,lots'));
    expect(() => readSolomonBks(bad)).toThrow(/bks-bad\.csv:19: column bks_distance/);
  });
});

describe('every shipped instance', () => {
  it('parses with the customer count its set promises', () => {
    const files = (folder: string): string[] => readdirSync(join(bench, folder, 'instances')).map((name) => join(bench, folder, 'instances', name));
    const solomon = files('solomon');
    expect(solomon).toHaveLength(56);
    for (const file of solomon) expect(readSolomon(file).problem.jobs, file).toHaveLength(100);
    for (const file of files('homberger1000')) expect(readSolomon(file, { rounding: 'dimacs' }).problem.jobs, file).toHaveLength(1000);
    const toptw = files('toptw');
    expect(toptw).toHaveLength(66);
    const prSizes = [48, 96, 144, 192, 240, 288, 72, 144, 216, 288];
    for (const file of toptw) {
      const { name, problem } = readToptw(file, { vehicles: 1 });
      const pr = /^pr(\d+)$/.exec(name);
      expect(problem.jobs, file).toHaveLength(pr ? prSizes[Number(pr[1]) - 1] : 100);
    }
    for (const file of files('pcvrptw')) expect(readVrplib(file).problem.jobs, file).toHaveLength(1000);
  });
});
