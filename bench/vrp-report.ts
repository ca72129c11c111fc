/** Printing the gap table and writing a suite's results to bench/results/ (temp file, then rename). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export interface CaseResult {
  label: string;
  /** Scored result (distance, profit or cost); null when the run failed or was infeasible. */
  result: number | null;
  bks: number;
  gapPercent: number | null;
  seconds: number;
  feasible: boolean;
  vehicles: number;
  iterations: number;
  /** The first violations or the error, when not feasible. */
  problems: string[];
}

export interface GapSummary {
  instances: number;
  feasible: number;
  meanGapPercent: number | null;
  worstGapPercent: number | null;
  worstInstance: string | null;
  meanSeconds: number;
}

export function summarise(rows: CaseResult[]): GapSummary {
  const scored = rows.filter((row) => row.gapPercent !== null);
  const worst = scored.reduce<CaseResult | null>((max, row) => (max === null || row.gapPercent! > max.gapPercent! ? row : max), null);
  return {
    instances: rows.length,
    feasible: rows.filter((row) => row.feasible).length,
    meanGapPercent: scored.length === 0 ? null : scored.reduce((sum, row) => sum + row.gapPercent!, 0) / scored.length,
    worstGapPercent: worst?.gapPercent ?? null,
    worstInstance: worst?.label ?? null,
    meanSeconds: rows.length === 0 ? 0 : rows.reduce((sum, row) => sum + row.seconds, 0) / rows.length,
  };
}

const COLUMNS = ['instance', 'result', 'BKS', 'gap %', 'seconds', 'vehicles', 'feasible'];
const WIDTHS = [14, 12, 12, 8, 8, 8, 8];

function cells(values: string[]): string {
  return values.map((value, i) => (i === 0 ? value.padEnd(WIDTHS[i]) : value.padStart(WIDTHS[i]))).join(' ');
}

export function tableHeader(): string {
  return `${cells(COLUMNS)}\n${'-'.repeat(WIDTHS.reduce((a, b) => a + b + 1, -1))}`;
}

export function tableRow(row: CaseResult): string {
  return cells([
    row.label,
    row.result === null ? '-' : row.result.toFixed(2),
    row.bks.toFixed(2),
    row.gapPercent === null ? '-' : (Math.abs(row.gapPercent) < 0.005 ? 0 : row.gapPercent).toFixed(2),
    row.seconds.toFixed(2),
    String(row.vehicles),
    row.feasible ? 'yes' : 'NO',
  ]);
}

export function summaryLines(summary: GapSummary): string {
  const gap = (value: number | null): string => (value === null ? '-' : `${value.toFixed(2)}%`);
  return [
    `instances ${summary.instances}, feasible ${summary.feasible}`,
    `mean gap ${gap(summary.meanGapPercent)}, worst gap ${gap(summary.worstGapPercent)}${summary.worstInstance ? ` (${summary.worstInstance})` : ''}, mean ${summary.meanSeconds.toFixed(2)} s per instance`,
  ].join('\n');
}

/** Where and on what the numbers were measured, for the README's method line. */
export function machineDescription(): Record<string, string | number> {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a git checkout: the results still stand, without a commit
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    commit,
    // The machine is shared: a load above the core count means the time limits bought less search.
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
    date: new Date().toISOString(),
  };
}

/** Writes `data` as JSON to DIR/NAME.json (default bench/results/) atomically; returns the path. */
export function writeResults(name: string, data: unknown, directory = RESULTS_DIR): string {
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `${name}.json`);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(temporary, file);
  return file;
}
