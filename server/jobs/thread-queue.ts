/** The planning queue in the API's own worker threads (no ROUNDS_QUEUE): the JobRunner, the job's save run on the server thread. */
import type { Store } from '../store/store.js';
import { finishJob, type FinishResult } from './finish.js';
import { loadPlanningData } from './planning-data.js';
import { planningOrder, type PlanningJobKind } from './protocol.js';
import type { CancelOutcome, JobFollower, JobRecord, PlanningQueue, PlanningRequest, StartedJob } from './queue.js';
import type { Job, JobRunner } from './runner.js';

export function recordOf(job: Job): JobRecord {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    owner: job.owner,
    ...(job.team ? { team: job.team } : {}),
    createdAt: job.createdAt,
    ...(job.progress ? { progress: job.progress } : {}),
    ...(job.result !== undefined ? { result: job.result } : {}),
    ...(job.error ? { error: job.error } : {}),
    ...(job.settling ? { settling: true } : {}),
  };
}

export class ThreadQueue implements PlanningQueue {
  constructor(
    /** The API's threads: planning jobs in this mode, road builds in both. */
    readonly runner: JobRunner,
    private readonly store: Store,
  ) {}

  async start<K extends PlanningJobKind>(request: PlanningRequest<K>): Promise<StartedJob<FinishResult<K>>> {
    const { kind, input, owner, replanOf, seen, team } = request;
    // A full queue is refused before the caseload is read: a burst of requests costs no reads.
    this.runner.checkRoom();
    // The job's order scopes the read: a team's plan reads the team's part of the caseload (planning-data.ts).
    const data = await loadPlanningData(this.store, planningOrder(kind, input));
    return this.runner.start(kind, data, input, (value, jobId) => finishJob(this.store, jobId, kind, { owner, replanOf, seen }, value), owner, team);
  }

  get(id: string): Promise<JobRecord | undefined> {
    const job = this.runner.get(id);
    return Promise.resolve(job && recordOf(job));
  }

  list(): Promise<JobRecord[]> {
    return Promise.resolve(this.runner.list().reverse().map(recordOf));
  }

  cancel(id: string): Promise<CancelOutcome | undefined> {
    const job = this.runner.get(id);
    if (!job) return Promise.resolve(undefined);
    if (this.runner.cancel(id)) return Promise.resolve('cancelled');
    return Promise.resolve(job.settling ? 'settling' : 'finished');
  }

  follow(id: string, follower: JobFollower): () => void {
    const job = this.runner.get(id);
    if (!job) return () => undefined;
    const onProgress = follower.progress.bind(follower);
    const onEnd = () => follower.end(recordOf(job));
    job.on('progress', onProgress);
    job.on('end', onEnd);
    return () => {
      job.off('progress', onProgress);
      job.off('end', onEnd);
    };
  }

  checkerDisagreements(): Promise<number> {
    return Promise.resolve(this.runner.checkerDisagreements);
  }

  close(): Promise<void> {
    return this.runner.close();
  }
}
