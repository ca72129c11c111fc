/**
 * Errors across the thread boundary (and, as JSON, the process boundary of a queue worker's job:
 * queue-shared.ts). A structured clone keeps an error's message but not its
 * class or fields, so the worker sends a tagged value (WorkerFailure) and the server rebuilds the
 * same error class from it: the error handler then treats a worker's error exactly as one thrown
 * in the request (an evaluation runs the rules in-process).
 */
import { RoutingError } from '../../solver/roads/backend.js';
import { RoadExtractError } from '../../solver/roads/extract.js';
import { CalendarRangeError, PlanningInputError } from '../../solver/rules/errors.js';
import { ConflictError, NotFoundError } from '../store/store.js';
import { JobCancelledError, JobTimeLimitError } from './errors.js';
import type { WorkerFailure } from './protocol.js';

/** In the worker: what the server needs to know of a planning call's error. */
export function toFailure(err: unknown): WorkerFailure {
  if (err instanceof PlanningInputError) {
    if (err instanceof CalendarRangeError) return { kind: err.kind, message: err.message, date: err.date, field: err.field };
    return { kind: 'planning-input', message: err.message, field: err.field };
  }
  if (err instanceof RoutingError) return { kind: err.kind, message: err.message, code: err.code, point: err.point, points: err.points };
  if (err instanceof RoadExtractError) return { kind: err.kind, fileName: err.fileName, detail: err.detail };
  if (err instanceof JobCancelledError) return { kind: 'cancelled', jobId: err.jobId };
  if (err instanceof JobTimeLimitError) return { kind: 'time-limit', limitMs: err.limitMs };
  if (err instanceof ConflictError) return { kind: 'conflict', message: err.message, currentVersion: err.currentVersion };
  if (err instanceof NotFoundError) return { kind: 'not-found', message: err.message };
  if (err instanceof Error) return { kind: 'internal', name: err.name, message: err.message, stack: err.stack };
  return { kind: 'internal', name: 'Error', message: String(err) };
}

/** On the server: the error the worker's failure stands for. */
export function fromFailure(failure: WorkerFailure): Error {
  switch (failure.kind) {
    case 'planning-input':
      return new PlanningInputError(failure.message, failure.field);
    case 'calendar-range':
      return new CalendarRangeError(failure.message, failure.date, failure.field);
    case 'routing':
      return new RoutingError(failure.message, failure.code, failure.point, failure.points);
    case 'road-extract':
      return new RoadExtractError(failure.fileName, failure.detail);
    case 'cancelled':
      return new JobCancelledError(failure.jobId);
    case 'time-limit':
      return new JobTimeLimitError(failure.limitMs);
    case 'conflict':
      return new ConflictError(failure.message, failure.currentVersion);
    case 'not-found':
      return new NotFoundError(failure.message);
    case 'internal': {
      // A bug in the worker: its own name and stack, so the log shows where it happened.
      const error = new Error(failure.message);
      error.name = failure.name;
      if (failure.stack !== undefined) error.stack = failure.stack;
      return error;
    }
  }
}
