import type { RoutingErrorCode } from '../../solver/roads/backend.js';
import type { Clip, ExtractPhase } from '../../solver/roads/extract.js';
import type { RoutingConfig } from '../../solver/roads/index.js';
import type { OutcomeCounts } from '../../solver/rules/learning.js';
import type { PlanDayOptions, PlanWeekOptions, ReplanRestOptions } from '../../solver/rules/index.js';
import type { Case, Crew, DayPlan, DebtorHold, Officer, WeekPlan } from '../../solver/rules/types.js';
import type { CheckerDisagreement } from '../../solver/vrp/checker-disagreement.js';
import type { SolveProgress } from '../../solver/vrp/solve.js';
import type { Settings } from '../settings.js';

/**
 * Messages between the server and a planning worker: plain data only (structured clone), one
 * discriminated union per direction, so that each job kind's input and result are typed on both
 * sides and an error crosses as a tagged value rather than a name to be matched.
 */

export interface PlanningData {
  cases: Case[];
  officers: Officer[];
  crews: Crew[];
  settings: Settings;
  /** Holds on debtors, active and cleared (solver/rules/person.ts). */
  holds?: DebtorHold[];
  /** What recorded outcomes teach the forecast; absent = the priors alone. */
  outcomeCounts?: OutcomeCounts;
}

/** What the worker adds itself (an abort signal and callbacks do not survive structured clone). */
type Local = 'signal' | 'onProgress';

/** One day plan: the planning function's own options, signal and callbacks aside. */
export type PlanInput = Omit<PlanDayOptions, Local | 'exclude' | 'quotaOwing'>;
export type ReplanInput = Omit<ReplanRestOptions, Local>;
export type WeekInput = Omit<PlanWeekOptions, Local>;
/** One day plan per weight, nothing saved: what each weight would give in miles and value. */
export type SweepInput = Omit<PlanInput, 'weight'> & { weights: number[] };

export interface SweepPoint {
  weight: number;
  visits: number;
  miles: number;
  value: number;
}

export interface SweepResult {
  date: string;
  points: SweepPoint[];
}

/** An uploaded OSM extract to build into the road data (in a thread of its own: road-worker.ts). */
export interface RoadBuildInput {
  /** The upload on disk, under a temporary name. */
  file: string;
  /** The file's name as uploaded: the graph's source and every error's subject. */
  name: string;
  /** What people call the area, e.g. 'Kingston upon Thames'. */
  label?: string;
  clip?: Clip;
  /** Where the graph and its base map are written, named `${id}.graph` and `${id}.roads.geojson`. */
  outDir: string;
  id: string;
}

/** A built extract, written and not yet in use: the server switches to it (server/roads/road-data.ts). */
export interface RoadBuildResult {
  graphFile: string;
  baseMapFile: string;
  source: string;
  sourceDate?: string;
  builtAt: string;
  nodes: number;
  roadKm: number;
  /** Wall-clock seconds of the build, parsing to writing. */
  seconds: number;
}

/** Each job kind's input and what its worker answers. */
export interface JobKinds {
  plan: { input: PlanInput; result: DayPlan };
  replan: { input: ReplanInput; result: DayPlan };
  week: { input: WeekInput; result: WeekPlan };
  sweep: { input: SweepInput; result: SweepResult };
  roads: { input: RoadBuildInput; result: RoadBuildResult };
}

export type JobKind = keyof JobKinds;
/** The kinds a planning thread runs, on the caseload (a road build needs none of it). */
export type PlanningJobKind = Exclude<JobKind, 'roads'>;
export type JobInput<K extends JobKind> = JobKinds[K]['input'];
export type JobResult<K extends JobKind> = JobKinds[K]['result'];

/** A job as the worker receives it: the kind names its input's type. */
export type WorkerJob =
  { [K in PlanningJobKind]: { kind: K; data: PlanningData; input: JobInput<K> } }[PlanningJobKind] | { kind: 'roads'; input: RoadBuildInput };

/**
 * A planning job without its caseload: what travels through the Redis queue. The worker reads the
 * caseload from the store when it takes the job (planning-data.ts): debtors' details are not copied
 * into every queued job, and a job of an agency's 60,000 cases stays a few kilobytes.
 */
export type PlanningOrder = { [K in PlanningJobKind]: { kind: K; input: JobInput<K> } }[PlanningJobKind];

/** The order of a job of kind K (the cast: TypeScript cannot pair a generic kind with its input by itself). */
export function planningOrder<K extends PlanningJobKind>(kind: K, input: JobInput<K>): PlanningOrder {
  return { kind, input } as PlanningOrder;
}

/** The order with the caseload read for it, as a planning thread takes it. */
export function withData(order: PlanningOrder, data: PlanningData): WorkerJob {
  return { ...order, data };
}

/** A worker's answer, tagged with the kind of job it answers. */
export type WorkerResult = { [K in JobKind]: { kind: K; value: JobResult<K> } }[JobKind];

const JOB_OF_KIND: { [K in PlanningJobKind]: (data: PlanningData, input: JobInput<K>) => WorkerJob } = {
  plan: (data, input) => ({ kind: 'plan', data, input }),
  replan: (data, input) => ({ kind: 'replan', data, input }),
  week: (data, input) => ({ kind: 'week', data, input }),
  sweep: (data, input) => ({ kind: 'sweep', data, input }),
};

/** The message for a job of kind K (one builder per kind: TypeScript cannot pair a generic kind with its input by itself). */
export function workerJob<K extends PlanningJobKind>(kind: K, data: PlanningData, input: JobInput<K>): WorkerJob {
  return JOB_OF_KIND[kind](data, input);
}

/** The answer to a job of kind K (a runtime check: a thread answers the job it was given). */
export function isResultOf<K extends JobKind>(kind: K, result: WorkerResult): result is WorkerResult & { kind: K; value: JobResult<K> } {
  return result.kind === kind;
}

/**
 * Why a job failed, as it crosses the thread boundary: the rules' and the road network's typed
 * errors by their `kind` with what the server's answer needs, anything else as a bug.
 */
export type WorkerFailure =
  | { kind: 'planning-input'; message: string; field?: string }
  | { kind: 'calendar-range'; message: string; date: string; field?: string }
  | { kind: 'routing'; message: string; code: RoutingErrorCode; point?: number; points?: number[] }
  | { kind: 'road-extract'; fileName: string; detail: string }
  /** The job's own end, and its save's refusals: what a queue worker's job may end with too. */
  | { kind: 'cancelled'; jobId: string }
  | { kind: 'time-limit'; limitMs: number }
  | { kind: 'conflict'; message: string; currentVersion: number }
  | { kind: 'not-found'; message: string }
  | { kind: 'internal'; name: string; message: string; stack?: string };

/** Given once, when the thread starts: what every job in it shares. */
export interface WorkerSetup {
  routingConfig: RoutingConfig;
  /** Threads each search uses (SolveOptions.threads); absent: one. */
  searchThreads?: number;
}

/** How far a job has got; during the search, the search's own figures too; a road build by its phases. */
export type Progress = ({ phase: 'model' | 'search'; fraction: number; weight?: number } & Partial<SolveProgress>) | { phase: ExtractPhase; fraction: number };

export type ToServer =
  | { type: 'ready' }
  | { type: 'progress'; jobId: string; progress: Progress }
  | { type: 'result'; jobId: string; result: WorkerResult }
  | { type: 'error'; jobId: string; failure: WorkerFailure }
  /** The search and its independent checker disagreed during the job: a solver bug, reported with its reproduction. */
  | { type: 'checker-disagreement'; jobId: string; disagreement: CheckerDisagreement };

export type ToWorker = { type: 'run'; jobId: string; job: WorkerJob };
