/** The errors of planning jobs themselves (not of what they compute), shared by the in-process runner and the queue. */
import { ProblemError } from '../errors.js';

export class JobCancelledError extends Error {
  constructor(readonly jobId: string) {
    super(`planning job ${jobId} was cancelled`);
    this.name = 'JobCancelledError';
  }
}

/** A new job while `maxQueued` jobs wait: the caller comes back when a running one should have ended. */
export class QueueFullError extends ProblemError {
  constructor(waiting: number, retryAfterSeconds: number) {
    super(429, 'Too many planning jobs', `${waiting} planning jobs are already waiting; try again in ${retryAfterSeconds} s`, undefined, { retryAfterSeconds });
    this.name = 'QueueFullError';
  }
}

/** A job that ran past the wall-clock cap: failed, its thread stopped like a cancel's. */
export class JobTimeLimitError extends ProblemError {
  constructor(readonly limitMs: number) {
    super(
      503,
      'Planning took too long',
      `the planning job ran over the ${formatDuration(limitMs)} limit of one planning job and was stopped; nothing was saved (plan fewer days or officers, or a shorter time limit)`,
    );
    this.name = 'JobTimeLimitError';
  }
}

function formatDuration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}-minute` : `${ms / 1000}-second`;
}
