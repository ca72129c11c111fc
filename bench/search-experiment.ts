/**
 * What the profile scripts share: their common flags, the run's limits, a search's parameters
 * changed for an experiment (`--params '{"startTemperature":0.1}'`), and the local-search
 * operators' counts.
 */
import type { SolveResult } from '../solver/vrp/solve';
import { DEFAULT_PARAMETERS, type SearchParameters } from '../solver/vrp/search/search';

/** parseArgs options: `[--instances GLOB] [--iterations N | --time-limit S] [--seed N] [--ops] [--params JSON]`. */
export const EXPERIMENT_OPTIONS = {
  instances: { type: 'string' },
  iterations: { type: 'string' },
  'time-limit': { type: 'string' },
  seed: { type: 'string' },
  ops: { type: 'boolean' },
  params: { type: 'string' },
} as const;

export interface ExperimentRun {
  seed: number;
  maxIterations: number | undefined;
  timeLimitMs: number | undefined;
  parameters: SearchParameters;
}

export function experimentRun(values: { iterations?: string; 'time-limit'?: string; seed?: string; params?: string }): ExperimentRun {
  return {
    seed: Number(values.seed ?? 1),
    maxIterations: values.iterations ? Number(values.iterations) : undefined,
    timeLimitMs: values['time-limit'] ? Number(values['time-limit']) * 1000 : undefined,
    parameters: { ...DEFAULT_PARAMETERS, ...(values.params ? (JSON.parse(values.params) as Partial<SearchParameters>) : {}) },
  };
}

export function printOperators(outcome: SolveResult): void {
  for (const op of outcome.operators ?? [])
    console.log(`    ${op.name.padEnd(16)} ${String(op.evaluations).padStart(10)} evaluated ${String(op.applications).padStart(8)} applied`);
}
