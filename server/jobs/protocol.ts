import type { RoutingConfig } from '../../solver/roads/index.js';
import type { OutcomeCounts } from '../../solver/rules/learning.js';
import type { Case, Crew, Officer } from '../../solver/rules/types.js';
import type { Settings } from '../settings.js';

/** Messages between the server and a planning worker. Plain data only (structured clone). */

export type JobKind = 'plan' | 'replan' | 'week' | 'sweep';

export interface PlanningData {
  cases: Case[];
  officers: Officer[];
  crews: Crew[];
  settings: Settings;
  /** What recorded outcomes teach the forecast; absent = the priors alone. */
  outcomeCounts?: OutcomeCounts;
}

export interface WorkerInput {
  kind: JobKind;
  data: PlanningData;
  /** The planning function's own options (date, officerIds, weight ...), signal and callbacks aside. */
  input: Record<string, unknown>;
}

/** Given once, when the thread starts: what every job in it shares. */
export interface WorkerSetup {
  routingConfig: RoutingConfig;
}

export interface Progress {
  /** 0..1 when known. */
  fraction?: number;
  phase?: string;
  [detail: string]: unknown;
}

export type ToServer =
  | { type: 'ready' }
  | { type: 'progress'; jobId: string; progress: Progress }
  | { type: 'result'; jobId: string; value: unknown }
  | { type: 'error'; jobId: string; name: string; message: string; field?: string; code?: string; point?: number };

export type ToWorker = { type: 'run'; jobId: string; job: WorkerInput };
