/**
 * What the profile scripts share: a search's parameters changed for an experiment (`--params
 * '{"startTemperature":0.1}'`), and the local-search operators' counts.
 */
import type { SolveResult } from '../solver/vrp/solve';
import { DEFAULT_PARAMETERS, type SearchParameters } from '../solver/vrp/search/search';

export function experimentParameters(json: string | undefined): SearchParameters {
  return { ...DEFAULT_PARAMETERS, ...(json ? (JSON.parse(json) as Partial<SearchParameters>) : {}) };
}

export function printOperators(outcome: SolveResult): void {
  for (const op of outcome.operators ?? [])
    console.log(`    ${op.name.padEnd(16)} ${String(op.evaluations).padStart(10)} evaluated ${String(op.applications).padStart(8)} applied`);
}
