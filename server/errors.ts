import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { RoutingError } from '../solver/roads/backend.js';
import { RoadExtractError } from '../solver/roads/extract.js';
import { PlanningInputError } from '../solver/rules/errors.js';
import { ConflictError, NotFoundError, PreconditionFailedError } from './store/store.js';
import { isDatabaseUnavailable, isUnstorableText, unavailableCode } from './store/unavailable.js';

/** The one error shape of the API (RFC 9457), `row` for import files, `field` as a dotted path ('body.date'): contract/problem.ts. */
export type { FieldProblem, Problem } from '../contract/problem.js';
import type { FieldProblem, Problem } from '../contract/problem.js';

/** Thrown by handlers for a known 4xx; the error handler turns it into problem+json. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors?: FieldProblem[],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

const PROBLEM_TYPE = 'https://rounds.example/problems/';

/** Retry-After of a 503 while the database is unreachable. */
const DATABASE_RETRY_SECONDS = 5;

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function toProblem(err: unknown): Problem {
  if (err instanceof ProblemError) {
    return {
      type: PROBLEM_TYPE + slug(err.title),
      title: err.title,
      status: err.status,
      detail: err.message,
      ...(err.errors ? { errors: err.errors } : {}),
      ...err.extra,
    };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext ?? 'body';
    const errors = err.validation.map((v) => ({
      field: [where, ...v.instancePath.split('/').filter((p) => p !== '')].join('.'),
      message: v.message ?? 'is invalid',
    }));
    return {
      type: PROBLEM_TYPE + 'invalid-request',
      title: 'Invalid request',
      status: 400,
      detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    };
  }
  if (err instanceof ConflictError) {
    return { type: PROBLEM_TYPE + 'conflict', title: 'Conflict', status: 409, detail: err.message, currentVersion: err.currentVersion };
  }
  if (err instanceof PreconditionFailedError) {
    return { type: PROBLEM_TYPE + 'precondition-failed', title: 'Precondition failed', status: 412, detail: err.message, currentTag: err.currentTag };
  }
  if (err instanceof NotFoundError) {
    return { type: PROBLEM_TYPE + 'not-found', title: 'Not found', status: 404, detail: err.message };
  }
  // A planning thread's errors arrive rebuilt as these classes (server/jobs/failure.ts).
  if (err instanceof RoutingError) {
    const status = err.code === 'Unavailable' || err.code === 'Timeout' ? 503 : 422;
    return {
      type: PROBLEM_TYPE + 'routing',
      title: 'Routing failed',
      status,
      detail: err.message,
      ...(err.point !== undefined ? { errors: [{ field: `points.${err.point}`, message: err.message }] } : {}),
    };
  }
  // An uploaded road extract that cannot be built: its name and what is wrong with it, nothing replaced.
  if (err instanceof RoadExtractError) {
    return { type: PROBLEM_TYPE + 'road-extract', title: 'Unusable road extract', status: 422, detail: err.message, file: err.fileName };
  }
  // The rules' typed input errors (e.g. no officer available, a date outside the bank-holiday data).
  if (err instanceof PlanningInputError) {
    return {
      type: PROBLEM_TYPE + 'unplannable',
      title: 'Cannot plan',
      status: 422,
      detail: err.message,
      ...(err.field ? { errors: [{ field: `body.${err.field}`, message: err.message }] } : {}),
    };
  }
  // PostgreSQL stores no NUL character (U+0000) in text, and refuses one even in a lookup (SQLSTATE 22021, 22P05).
  if (isUnstorableText(err)) {
    return {
      type: PROBLEM_TYPE + 'invalid-request',
      title: 'Invalid request',
      status: 400,
      detail: 'The request holds a character that cannot be stored (U+0000).',
    };
  }
  // PostgreSQL down or restarting: come back shortly (the pool reconnects by itself).
  if (isDatabaseUnavailable(err)) {
    return {
      type: PROBLEM_TYPE + 'database-unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'The database cannot be reached just now; try again shortly.',
      retryAfterSeconds: DATABASE_RETRY_SECONDS,
    };
  }
  const fe = err as Partial<FastifyError>;
  // Fastify's own client errors (bad JSON, wrong content type, body too large) carry a 4xx.
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 && !isResponseSerializationError(fe)) {
    const title = STATUS_CODES[fe.statusCode] ?? 'Bad request';
    return { type: PROBLEM_TYPE + (fe.code ? slug(fe.code) : slug(title)), title, status: fe.statusCode, detail: fe.message ?? title };
  }
  return { type: PROBLEM_TYPE + 'internal', title: 'Internal error', status: 500, detail: 'An internal error occurred; it has been logged.' };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/**
 * One error handler for the whole API. Client errors are logged by type and count only: their
 * details can echo file contents (a misplaced name in a date column), which must not reach logs.
 */
export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(err);
  if (isDatabaseUnavailable(err)) {
    // The code only: a connection error's message can name the database host.
    request.log.warn({ code: unavailableCode(err) }, 'database unavailable');
    reply.header('retry-after', String(DATABASE_RETRY_SECONDS));
  } else if (problem.status >= 500) request.log.error({ err }, 'request failed');
  else request.log.info({ problem: problem.type, status: problem.status, problems: problem.errors?.length ?? 0 }, 'client error');
  return sendProblem(reply, problem);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, {
    type: PROBLEM_TYPE + 'not-found',
    title: 'Not found',
    status: 404,
    detail: `No route ${request.method} ${request.url.split('?')[0]}`,
  });
}
